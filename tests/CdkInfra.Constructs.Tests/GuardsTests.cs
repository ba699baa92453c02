using CdkInfra.Constructs.Tests.TestSupport;
using CdkInfra.Course;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>Data-loss guards: prevent_destroy by default, the allowDestroy opt-in, and retired roster entries.</summary>
public sealed class GuardsTests
{
    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = CourseRoster.FromEntries("users.json",
        [
            new RosterEntry(1, "ana@example.com", "Ana", [RosterGroups.Admins], null),
            new RosterEntry(2, "sam@example.com", "Sam", [RosterGroups.Students], null),
            new RosterEntry(3, "gone@example.com", "Gone", [RosterGroups.Students], null, retired: true),
        ]),
    };

    private static Dictionary<string, bool> PreventDestroy(CourseWorkspaceProps props) =>
        new SynthesizedStack(Synth.Course(props)).Resources()
            .Where(r => r.Type is "databricks_catalog" or "databricks_schema")
            .ToDictionary(r => $"{r.Type}.{r.Name}", r => r.Block["lifecycle"]?["prevent_destroy"]?.GetValue<bool>() ?? false);

    [Test]
    public void Every_catalog_and_schema_is_protected_from_destroy_by_default()
    {
        var guarded = PreventDestroy(Props);
        Assert.That(guarded.Keys, Is.EquivalentTo(new[]
        {
            "databricks_catalog.reference_catalogs", "databricks_catalog.course", "databricks_schema.reference_schemas",
            "databricks_schema.course_shared_schemas", "databricks_schema.personal_schemas",
        }));
        Assert.That(guarded.Values, Has.All.True);
    }

    [Test]
    public void Allowing_destroy_of_personal_schemas_lifts_only_that_guard()
    {
        var guarded = PreventDestroy(new CourseWorkspaceProps(Props) { AllowDestroy = DestroyScope.PersonalSchemas });
        Assert.That(guarded.Where(g => !g.Value).Select(g => g.Key), Is.EqualTo(new[] { "databricks_schema.personal_schemas" }));
    }

    [Test]
    public void Allowing_destroy_of_everything_lifts_every_guard() =>
        Assert.That(PreventDestroy(new CourseWorkspaceProps(Props) { AllowDestroy = DestroyScope.All }).Values, Has.All.False);

    [Test]
    public void A_retired_user_loses_user_and_memberships_but_keeps_the_schema_at_the_same_address()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        IEnumerable<string> Keys(string type, string name) => stack.Instances(name, stack.Resource(type, name)).Select(i => i.Key!);
        var schemas = stack.Resource("databricks_schema", "personal_schemas");
        var gone = stack.Instances("personal_schemas", schemas).Single(i => i.Key == "gone@example.com");
        var sam = stack.Instances("personal_schemas", schemas).Single(i => i.Key == "sam@example.com");
        Assert.Multiple(() =>
        {
            Assert.That(Keys("databricks_user", "users"), Is.EquivalentTo(new[] { "ana@example.com", "sam@example.com" }));
            Assert.That(Keys("databricks_group_member", "student_membership"), Is.EqualTo(new[] { "sam@example.com" }));
            Assert.That(Keys("databricks_schema", "personal_schemas"), Is.EquivalentTo(new[] { "ana@example.com", "sam@example.com", "gone@example.com" }));
            Assert.That(stack.Eval(schemas["name"]!.GetValue<string>(), gone), Is.EqualTo("gone"));
            stack.HasResourceProperties("databricks_schema", "personal_schemas", """{ "owner": "${data.databricks_current_user.deployer.user_name}" }""",
                "a retired user's schema stays with the deploying identity, like every personal schema");
            Assert.That(gone.Value!["retired"]!.GetValue<bool>() && !sam.Value!["retired"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public void No_grant_names_a_retired_user()
    {
        var grants = new SynthesizedStack(Synth.Course(Props)).Grants();
        var gone = grants.Single(g => g.Securable == "databricks_course.gone").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(grants.SelectMany(g => g.Privileges.Keys), Has.None.EqualTo("gone@example.com"));
            Assert.That(gone.Keys, Is.EquivalentTo(new[] { SynthesizedStack.Deployer }), "the grants resource keeps one grant");
            Assert.That(grants.Single(g => g.Securable == "databricks_course.sam").Privileges["sam@example.com"], Is.EqualTo(new[] { "ALL_PRIVILEGES" }));
        });
    }

    [Test]
    public void The_roster_reads_status_and_rejects_unknown_values_and_wrong_types()
    {
        var roster = CourseRoster.Parse("""
            { "users": [ { "user_name": "a@example.com", "display_name": "A", "groups": ["students"], "status": "retired" },
                         { "user_name": "b@example.com", "display_name": "B", "groups": ["students"], "status": "active" } ] }
            """, "users.json");
        Assert.That(roster.Entries.Select(e => e.Retired), Is.EqualTo(new[] { true, false }));
        var error = Assert.Throws<CdkInfra.Validation.InputValidationException>(() => CourseRoster.Parse("""
            { "users": [ { "user_name": "a@example.com", "display_name": "A", "groups": ["students"], "status": "removed" },
                         { "user_name": "b@example.com", "display_name": "B", "groups": ["students"], "status": true } ] }
            """, "users.json"))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "users.json, entry 1 (a@example.com), field 'status': unknown status \"removed\"; allowed: \"active\", \"retired\" (default \"active\")",
            "users.json, entry 2 (b@example.com), field 'status': must be a string, found a boolean",
        }));
    }

    /// <summary>Property: over generated rosters, adding, removing, retiring or reordering users never changes another user's schema name in the output.</summary>
    [Test]
    public void Synthesized_schema_names_never_move_when_others_change([Values(1, 2, 3)] int seed, [Values(15, 40)] int size)
    {
        var rng = new Random(seed * 101 + size);
        var full = Synth.Generated(size, seed).Entries;
        var edited = full.Where(_ => rng.NextDouble() > 0.25)
            .Select(e => rng.NextDouble() < 0.2 ? e.With(retired: true) : e)
            .OrderBy(_ => rng.Next())
            .Append(new RosterEntry(size + 1, $"late.joiner{seed}@example.com", "Late", [RosterGroups.Students], null))
            .ToList();
        var before = Names(new CourseWorkspaceProps(Props) { Roster = CourseRoster.FromEntries("a", full) });
        var after = Names(new CourseWorkspaceProps(Props) { Roster = CourseRoster.FromEntries("b", edited) });
        foreach (var entry in edited.Where(e => before.ContainsKey(e.UserName)))
        {
            Assert.That(after[entry.UserName], Is.EqualTo(before[entry.UserName]), entry.UserName);
        }
    }

    private static Dictionary<string, string> Names(CourseWorkspaceProps props)
    {
        var stack = new SynthesizedStack(Synth.Course(props));
        var block = stack.Resource("databricks_schema", "personal_schemas");
        return stack.Instances("personal_schemas", block).ToDictionary(i => i.Key!, i => stack.Eval(block["name"]!.GetValue<string>(), i));
    }
}
