using System.Text.Json.Nodes;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;

namespace CdkInfra.App.Tests;

/// <summary>
/// A roster split into cohorts, as the app wires it: the base, cohort and access stacks together grant exactly what the
/// single stack grants, hold every person's resources exactly once, and take over a single stack's state without
/// destroying anything. How entries are placed in cohorts: CourseCohortsTests in CdkInfra.Constructs.Tests.
/// </summary>
public sealed class CohortTests
{
    private const string FixtureCourse = """
        "courseNotebooksFolder": "tests/Shared/Fixtures/course/notebooks",
        "courseDatasetsFolder": "tests/Shared/Fixtures/course/datasets/data",
        "coursePackagesFolder": "tests/Shared/Fixtures/course/packages"
        """;

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
            // What the single stack holds and the base does not, and the other shapes of the grants whose shape follows
            // the policy (a course deployed before it changed): authoritative, per principal on each shared schema, and
            // the single resource over every pair that unreleased builds wrote.
            Assert.That(removed.Select(r => r["from"]!.GetValue<string>()), Is.EquivalentTo(single.Except(Addresses(baseStack))
                .Concat(["databricks_grants.reference_catalog_grants", "databricks_grants.course_catalog_grants"])
                .Concat(["databricks_grant.reference_catalog_grants", "databricks_grant.course_catalog_grants", "databricks_grant.course_shared_schema_grants"])
                .Concat(new[] { "shared_bronze", "shared_silver", "shared_gold" }.Select(s => $"databricks_grant.course_shared_schema_grants_{s}"))));
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
