using System.Text.Json.Nodes;
using CdkInfra.App;
using CdkInfra.App.Stacks;
using CdkInfra.Course;
using CdkInfra.Roster;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;
using HashiCorp.Cdktf;

namespace CdkInfra.Tests;

/// <summary>
/// A roster split into cohorts: how entries are placed, and that the base, cohort and access stacks together grant
/// exactly what the single stack grants, hold every person's resources exactly once, and take over a single stack's
/// state without destroying anything.
/// </summary>
public sealed class CohortTests
{
    private const string FixtureCourse = """
        "courseNotebooksFolder": "tests/CdkInfra.Tests/Fixtures/course/notebooks",
        "courseDatasetsFolder": "tests/CdkInfra.Tests/Fixtures/course/datasets/data",
        "coursePackagesFolder": "tests/CdkInfra.Tests/Fixtures/course/packages"
        """;

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

    [Test]
    public void A_cohort_size_below_one_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(TestEnvironment.RepoRoot, """{ "cohortSize": 0 }"""))!;
        Assert.That(error.Problems.Select(p => p.Field), Does.Contain("cohortSize"));
    }

    [Test]
    public void A_split_roster_synthesizes_a_base_a_stack_per_cohort_and_an_access_stack_after_them()
    {
        var stacks = Split(out _);
        Assert.That(stacks.Select(s => s.Id), Is.EqualTo(new[] { "course", "course-cohort-1", "course-cohort-2", "course-cohort-3", "course-access" }));
        Assert.Multiple(() =>
        {
            foreach (var cohort in stacks.Where(s => s.Id.StartsWith("course-cohort-", StringComparison.Ordinal)))
            {
                Assert.That(cohort.Stack.Dependencies.Select(d => ((TerraformStack)d).Node.Id), Is.EqualTo(new[] { "course" }), cohort.Id);
            }

            Assert.That(stacks[^1].Stack.Dependencies.Select(d => ((TerraformStack)d).Node.Id), Is.EquivalentTo(stacks.SkipLast(1).Select(s => s.Id)));
        });
    }

    [Test]
    public void The_stacks_of_a_split_roster_grant_exactly_what_the_single_stack_grants()
    {
        var single = Grants([SingleStack()]);
        var split = Grants(Split(out _).Select(s => s.Json));
        Assert.That(split, Is.EquivalentTo(single));
        Assert.That(single, Has.Some.Matches<string>(g => g.Contains("person7@example.com", StringComparison.Ordinal)), "the comparison covers per-user grants");
    }

    [Test]
    public void Every_person_is_in_exactly_one_cohort_stack_and_none_in_the_base_or_access_stack()
    {
        var singleInstances = PerUserInstances(SingleStack());
        var stacks = Split(out _);
        var cohortInstances = stacks.Where(s => s.Id.StartsWith("course-cohort-", StringComparison.Ordinal)).SelectMany(s => PerUserInstances(s.Json)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cohortInstances, Is.EquivalentTo(singleInstances), "each instance once, in one cohort");
            Assert.That(PerUserInstances(stacks[0].Json), Is.Empty);
            Assert.That(PerUserInstances(stacks[^1].Json), Is.Empty);
        });
    }

    [Test]
    public void The_base_stack_hands_over_exactly_what_the_cohort_and_access_stacks_hold_without_destroying_it()
    {
        var single = Addresses(SingleStack());
        var stacks = Split(out _);
        var baseStack = stacks[0].Json;
        var removed = baseStack["removed"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var others = stacks.Skip(1).SelectMany(s => Addresses(s.Json)).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(removed.All(r => r["lifecycle"]!["destroy"]!.GetValue<bool>() == false), "removed, never destroyed");
            Assert.That(removed.Select(r => r["from"]!.GetValue<string>()), Is.EquivalentTo(single.Except(Addresses(baseStack))));
            Assert.That(others, Is.EquivalentTo(single.Except(Addresses(baseStack))));
        });
    }

    [Test]
    public void A_cohort_stack_adopts_only_when_asked_since_its_lookups_list_the_whole_workspace()
    {
        // Adoption's lookups list every user of the workspace and every schema of the course catalog, and Terraform
        // keeps data sources in state: always-on adoption made every cohort's state, and each of its writes during an
        // apply, grow with the whole course. A split or a move asks for adoption for one deploy (docs/cohorts.md).
        var plain = Split(out _)[1].Json;
        var adopting = Split(out _, "\"adoptExisting\": [\"users\", \"schemas\"],")[1].Json;
        Assert.Multiple(() =>
        {
            Assert.That(plain["import"], Is.Null);
            Assert.That(plain["data"]!.AsObject().Select(d => d.Key), Has.None.EqualTo("databricks_users").And.None.EqualTo("databricks_schemas"));
            Assert.That(adopting["import"]!.AsArray().Select(i => i!["to"]!.GetValue<string>()),
                Is.EquivalentTo(new[] { "databricks_user.users[each.key]", "databricks_schema.personal_schemas[each.key]" }));
        });
    }

    [Test]
    public void A_large_roster_in_one_stack_with_user_principals_hears_both_reasons_its_plans_will_be_slow()
    {
        var props = Settings(cohortSize: null).Course;
        var hints = Program.ScaleHints(props, 1000, props.Cohorts.Count).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hints, Has.Count.EqualTo(2));
            Assert.That(hints[0], Does.Contain("1000 users with principals \"users\"").And.Contain("principals \"groups\""));
            Assert.That(hints[1], Does.Contain("1000 users in one stack").And.Contain("cohortSize"));
            Assert.That(Program.ScaleHints(props, Program.LargeRoster, props.Cohorts.Count), Is.Empty, "the shipped sizes stay quiet");
        });
    }

    [Test]
    public void A_large_roster_in_cohorts_granting_to_account_groups_hears_nothing()
    {
        const string AccountGroups = """
            "principals": "groups", "groupsLevel": "account", "databricksAccountId": "00000000-0000-0000-0000-000000000001",
            "databricksWorkspaceId": "1234567890",
            """;
        var props = Settings(cohortSize: 5, AccountGroups).Course;
        Assert.That(Program.ScaleHints(props, 1000, props.Cohorts.Count), Is.Empty);
    }

    [Test]
    public void Personal_schema_grants_wait_on_one_instance_instead_of_the_roster_sized_schemas_and_users()
    {
        var root = SingleStack();
        var grants = root["resource"]!["databricks_grants"]!["personal_schema_grants"]!;
        var ready = root["resource"]!["terraform_data"]!["personal_schemas_ready"]!;
        Assert.Multiple(() =>
        {
            Assert.That(grants["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { "terraform_data.personal_schemas_ready" }));
            Assert.That(grants["schema"]!.GetValue<string>(), Does.Not.Contain("databricks_schema."), "the name is known at synthesis");
            Assert.That(ready["for_each"], Is.Null);
            Assert.That(ready["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EquivalentTo(new[] { "databricks_schema.personal_schemas", "databricks_user.users" }));
        });
    }

    [Test]
    public void Split_base() => Snapshot.Verify(Split(out _)[0].Text);

    [Test]
    public void Split_cohort() => Snapshot.Verify(Split(out _)[1].Text);

    [Test]
    public void Split_access() => Snapshot.Verify(Split(out _)[^1].Text);

    private sealed record Synthesized(string Id, TerraformStack Stack, string Text)
    {
        public JsonObject Json => JsonNode.Parse(Text)!.AsObject();
    }

    /// <summary>The fixture course for a 13-person roster (two named "evening"), cohorts of 5.</summary>
    private static List<Synthesized> Split(out AppSettings settings, string extraSettings = "")
    {
        settings = Settings(cohortSize: 5, extraSettings);
        var app = Testing.App();
        return Program.AddCourseStacks(app, settings).Select(s => new Synthesized(s.Node.Id, s, Testing.Synth(s))).ToList();
    }

    private static JsonObject SingleStack()
    {
        var settings = Settings(cohortSize: null);
        var stacks = Program.AddCourseStacks(Testing.App(), settings);
        Assert.That(stacks, Has.Count.EqualTo(1));
        return JsonNode.Parse(Testing.Synth(stacks[0]))!.AsObject();
    }

    private static AppSettings Settings(int? cohortSize, string extraSettings = "")
    {
        var folder = Directory.CreateTempSubdirectory("cdkinfra-cohorts-").FullName;
        var users = new JsonArray();
        for (var i = 1; i <= 13; i++)
        {
            var entry = new JsonObject
            {
                ["user_name"] = $"person{i}@example.com",
                ["display_name"] = $"Person {i}",
                ["groups"] = new JsonArray(i % 5 == 1 ? "admins" : "students"),
            };
            if (i == 4)
            {
                entry["status"] = "retired";
            }

            users.Add(entry);
        }

        var roster = Path.Combine(folder, "users.json");
        File.WriteAllText(roster, new JsonObject { ["users"] = users }.ToJsonString());
        var size = cohortSize is { } s ? $"\"cohortSize\": {s}," : "";
        return AppSettings.Load(TestEnvironment.RepoRoot, $$"""{ {{size}} {{extraSettings}} "usersFile": {{JsonValue.Create(roster).ToJsonString()}}, {{FixtureCourse}} }""");
    }

    /// <summary>Every grant as one line: securable, principal, privileges.</summary>
    private static List<string> Grants(IEnumerable<JsonObject> stacks) =>
        stacks.SelectMany(s => new SynthesizedStack(s).Grants())
            .SelectMany(g => g.Privileges.Select(p => $"{g.SecurableType} {g.Securable}: {p.Key} {string.Join(",", p.Value.Order())}"))
            .ToList();

    private static List<string> PerUserInstances(JsonObject root)
    {
        var stack = new SynthesizedStack(root);
        string[] perUser = ["databricks_user.users", "databricks_group_member.admin_membership", "databricks_group_member.student_membership",
            "databricks_schema.personal_schemas", "databricks_grants.personal_schema_grants"];
        return stack.Resources().Where(r => perUser.Contains($"{r.Type}.{r.Name}"))
            .SelectMany(r => stack.Instances($"{r.Type}.{r.Name}", r.Block).Select(i => i.Address)).ToList();
    }

    private static HashSet<string> Addresses(JsonObject root) =>
        new SynthesizedStack(root).Resources().Select(r => $"{r.Type}.{r.Name}").ToHashSet();
}
