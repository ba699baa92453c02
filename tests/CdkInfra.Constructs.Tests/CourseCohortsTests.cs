using System.Text.Json.Nodes;
using CdkInfra.Course;
using CdkInfra.Roster;
using CdkInfra.Validation;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// How a roster is split into cohorts: entries placed by size or by name, nobody moved by another's change, and the
/// checks of cohort names and sizes. The stacks the app builds from a split roster: CohortTests in CdkInfra.App.Tests.
/// </summary>
public sealed class CourseCohortsTests
{
    private static CourseRoster Roster(int size, Func<int, string?>? cohort = null, Func<int, bool>? retired = null) =>
        CourseRoster.FromEntries("users.json", Enumerable.Range(1, size).Select(i => new RosterEntry(
            i, $"person{i}@example.com", $"Person {i}", [i % 5 == 1 ? RosterGroups.Admins : RosterGroups.Students], null,
            retired?.Invoke(i) ?? false, cohort?.Invoke(i))));

    [Test]
    public void Cohort_size_fills_numbered_cohorts_in_roster_order_counting_retired_entries()
    {
        var cohorts = CourseCohorts.Split(Roster(7, retired: i => i == 2), 3);
        Assert.That(cohorts.Select(c => (c.Name, string.Join(",", c.Entries.Select(e => e.Number)))),
            Is.EqualTo(new[] { ("1", "1,2,3"), ("2", "4,5,6"), ("3", "7") }));
    }

    [Test]
    public void Named_cohorts_keep_their_people_and_the_size_places_the_others_by_position()
    {
        var cohorts = CourseCohorts.Split(Roster(6, cohort: i => i % 2 == 0 ? "evening" : null), 2);
        Assert.That(cohorts.Select(c => (c.Name, string.Join(",", c.Entries.Select(e => e.Number)))),
            Is.EqualTo(new[] { ("1", "1"), ("evening", "2,4,6"), ("2", "3"), ("3", "5") }));
    }

    [Test]
    public void Naming_a_cohort_for_one_person_moves_nobody_else()
    {
        static Dictionary<string, string> Placement(CourseRoster roster) =>
            CourseCohorts.Split(roster, 3).SelectMany(c => c.Entries.Select(e => (e.UserName, c.Name))).ToDictionary(p => p.UserName, p => p.Name);
        var before = Placement(Roster(10));
        var after = Placement(Roster(10, cohort: i => i == 2 ? "evening" : null));
        Assert.That(after.Where(p => p.Key != "person2@example.com"), Is.EquivalentTo(before.Where(p => p.Key != "person2@example.com")));
        Assert.That(after["person2@example.com"], Is.EqualTo("evening"));
    }

    [Test]
    public void Appending_people_never_moves_anyone_already_placed()
    {
        var before = CourseCohorts.Split(Roster(10), 4).SelectMany(c => c.Entries.Select(e => (e.UserName, c.Name))).ToList();
        var after = CourseCohorts.Split(Roster(23), 4).SelectMany(c => c.Entries.Select(e => (e.UserName, c.Name))).ToList();
        Assert.That(after.Take(before.Count), Is.EqualTo(before));
    }

    [Test]
    public void An_unsplit_roster_has_no_cohorts() => Assert.That(CourseCohorts.Split(Roster(5), null), Is.Empty);

    [Test]
    public void Without_a_size_every_entry_must_name_its_cohort()
    {
        var problems = CourseCohorts.Check(Roster(3, cohort: i => i == 2 ? "evening" : null), null, "cohortSize").Select(p => p.ToString());
        Assert.That(problems, Is.EqualTo(new[]
        {
            "users.json, entry 1 (person1@example.com), field 'cohort': is missing while other entries name one; give every entry a cohort, or set cohortSize to place the others",
            "users.json, entry 3 (person3@example.com), field 'cohort': is missing while other entries name one; give every entry a cohort, or set cohortSize to place the others",
        }));
    }

    [TestCase("Evening", "is not a cohort name")]
    [TestCase("-late", "is not a cohort name")]
    [TestCase("late_2", "is not a cohort name")]
    [TestCase("12", "is reserved")]
    [TestCase("${path.cwd}", "is not a cohort name")]
    public void A_cohort_name_must_suit_a_stack_name(string name, string expected)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("cdkinfra-cohort-").FullName, "users.json");
        File.WriteAllText(file, new JsonObject
        {
            ["users"] = new JsonArray(new JsonObject
            {
                ["user_name"] = "ana@example.com",
                ["display_name"] = "Ana",
                ["groups"] = new JsonArray("students"),
                ["cohort"] = name,
            }),
        }.ToJsonString());
        var error = Assert.Throws<InputValidationException>(() => CourseRoster.Load(file, "users.json"))!;
        Assert.That(error.Problems.Single().ToString(), Does.StartWith("users.json, entry 1 (ana@example.com), field 'cohort': '").And.Contain(expected));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Fails_when_the_cohort_size_is_below_one(int size)
    {
        var problems = new CourseWorkspaceProps { Roster = Roster(5), CohortSize = size }.Validate("CourseWorkspaceProps").Select(p => p.ToString());
        Assert.That(problems, Is.EqualTo(new[]
        {
            $"CourseWorkspaceProps, field 'CohortSize': {size} is not a cohort size: give the most people one cohort's stack holds (1 or more)",
        }));
    }
}
