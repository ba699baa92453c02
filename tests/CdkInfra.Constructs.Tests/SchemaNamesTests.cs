using CdkInfra.Course;
using CdkInfra.Naming;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;

namespace CdkInfra.Constructs.Tests;

public sealed class SchemaNamesTests
{
    private static readonly IReadOnlyDictionary<string, string> Reserved =
        new CourseWorkspaceProps { Roster = Synth.Roster(("a@example.com", "admins")) }.ReservedCourseSchemaNames();

    [TestCase("maria.virtanen@example.com", "maria_virtanen")]
    [TestCase("Ana.Maria-Lopez@example.com", "ana_maria_lopez")]
    [TestCase("x..__--y@example.com", "x_y")]
    [TestCase("_lead_and_trail_@example.com", "lead_and_trail")]
    [TestCase("o'brien+course@example.com", "o_brien_course")]
    [TestCase("jürgen@example.com", "j_rgen")]
    [TestCase("2024.cohort@example.com", "2024_cohort")]
    [TestCase("...@example.com", SchemaNames.EmptyLocalPartFallback)]
    public void Derives_the_name_from_the_local_part(string email, string expected) =>
        Assert.That(SchemaNames.FromEmail(email), Is.EqualTo(expected));

    [Test]
    public void Derived_names_are_valid_and_at_most_255_characters()
    {
        var name = SchemaNames.FromEmail(new string('a', 300) + "@example.com");
        Assert.Multiple(() =>
        {
            Assert.That(name, Has.Length.EqualTo(UcIdentifier.MaxLength));
            Assert.That(UcIdentifier.IsValid(name), Is.True);
        });
    }

    [Test]
    public void A_pin_wins_over_the_email()
    {
        var entry = new RosterEntry(1, "john.smith@example.com", "John", [RosterGroups.Students], "js_pinned");
        Assert.That(SchemaNames.For(entry), Is.EqualTo("js_pinned"));
    }

    [Test]
    public void Fails_when_two_entries_collide_and_suggests_pins_in_the_seeds_numbering()
    {
        var roster = Synth.Roster(("john.smith@example.com", "students"), ("ana@example.com", "admins"),
            ("john_smith@example.org", "students"), ("John-Smith@example.net", "students"));
        var error = Assert.Throws<InputValidationException>(() => SchemaNames.Resolve(roster, Reserved))!;
        Assert.That(error.Problems, Has.Count.EqualTo(1));
        Assert.That(error.Message, Does.Contain("entry 1 (john.smith@example.com) and entry 3 (john_smith@example.org) and entry 4 (john-smith@example.net)"));
        Assert.That(error.Message, Does.Contain("'john_smith'"));
        Assert.That(error.Message, Does.Contain("entry 1 (john.smith@example.com): \"schema_name\": \"john_smith\""));
        Assert.That(error.Message, Does.Contain("entry 3 (john_smith@example.org): \"schema_name\": \"john_smith_2\""));
        Assert.That(error.Message, Does.Contain("entry 4 (john-smith@example.net): \"schema_name\": \"john_smith_3\""));
        Assert.That(error.Message, Does.StartWith("Invalid input"));
    }

    [Test]
    public void Suggested_pins_skip_names_already_taken()
    {
        var roster = CourseRoster.FromEntries("users.json",
        [
            new RosterEntry(1, "john.smith@example.com", "A", [RosterGroups.Students], null),
            new RosterEntry(2, "john_smith_2@example.com", "B", [RosterGroups.Students], null),
            new RosterEntry(3, "john_smith@example.org", "C", [RosterGroups.Students], null),
        ]);
        var error = Assert.Throws<InputValidationException>(() => SchemaNames.Resolve(roster, Reserved))!;
        Assert.That(error.Message, Does.Contain("entry 3 (john_smith@example.org): \"schema_name\": \"john_smith_3\""));
    }

    [TestCase("shared_bronze@example.com", "shared_bronze")]
    [TestCase("default@example.com", "default")]
    [TestCase("information.schema@example.com", "information_schema")]
    public void Fails_when_a_user_would_take_a_name_the_layout_uses(string email, string name)
    {
        var error = Assert.Throws<InputValidationException>(() => SchemaNames.Resolve(Synth.Roster((email, "students")), Reserved))!;
        Assert.That(error.Message, Does.Contain($"'{name}' is taken by"));
        Assert.That(error.Message, Does.Contain($"\"schema_name\": \"{name}_2\""));
    }

    [Test]
    public void Pins_resolve_a_collision()
    {
        var roster = CourseRoster.FromEntries("users.json",
        [
            new RosterEntry(1, "john.smith@example.com", "A", [RosterGroups.Students], null),
            new RosterEntry(2, "john_smith@example.org", "B", [RosterGroups.Students], "john_smith_2"),
        ]);
        var names = SchemaNames.Resolve(roster, Reserved);
        Assert.That(names.Values, Is.EqualTo(new[] { "john_smith", "john_smith_2" }));
    }

    /// <summary>Property: a user's schema name never depends on who else is on the roster or in which order.</summary>
    [Test]
    public void Names_are_stable_when_other_users_are_added_removed_or_reordered([Range(1, 25)] int seed)
    {
        var rng = new Random(seed);
        var full = Synth.Generated(60, seed).Entries;
        var before = SchemaNames.Resolve(CourseRoster.FromEntries("a", full), Reserved);
        var edited = full.Where(_ => rng.NextDouble() > 0.3).OrderBy(_ => rng.Next()).ToList();
        edited.Add(new RosterEntry(999, $"newcomer{seed}@example.com", "New", [RosterGroups.Students], null));
        var after = SchemaNames.Resolve(CourseRoster.FromEntries("b", edited), Reserved);
        foreach (var entry in edited.Where(e => before.ContainsKey(e.UserName)))
        {
            Assert.That(after[entry.UserName], Is.EqualTo(before[entry.UserName]), entry.UserName);
        }
    }
}
