using CdkInfra.Constructs.Tests.TestSupport;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>The least-privilege invariants, as properties over generated rosters (several seeds and sizes, mixed roles, pins and retirements).</summary>
public sealed class LeastPrivilegePropertyTests
{
    private const string Students = "platform_students";
    private static readonly string[] SuperAdmins = ["lead@example.com", "ops-app-id-1"];

    private static (CourseRoster Roster, IReadOnlyList<ExpandedGrants> Grants) Generate(int seed, int size)
    {
        var rng = new Random(seed);
        var entries = Synth.Generated(size, seed, adminShare: 0.2).Entries.Select(e =>
        {
            var roll = rng.NextDouble();
            return roll < 0.1 ? e.With(retired: true)
                : roll < 0.2 ? e.With(groups: [RosterGroups.Admins, RosterGroups.Students])
                : roll < 0.3 ? e.With(schemaName: $"pinned_{e.Number}")
                : e;
        });
        var roster = CourseRoster.FromEntries($"generated-{seed}", entries);
        var props = new CourseWorkspaceProps { Roster = roster, SuperAdmins = SuperAdmins, StudentsReadPeerSchemas = seed % 2 == 0 };
        return (roster, new SynthesizedStack(Synth.Course(props)).Grants());
    }

    private static IEnumerable<TestCaseData> Rosters() =>
        from seed in new[] { 1, 2, 3, 4 } from size in new[] { 5, 25 } select new TestCaseData(seed, size);

    [TestCaseSource(nameof(Rosters))]
    public void Students_change_nothing_outside_their_own_schema(int seed, int size)
    {
        var (roster, grants) = Generate(seed, size);
        var schemaOf = grants.Where(g => g.Address.StartsWith("databricks_grants.personal_schema_grants", StringComparison.Ordinal))
            .ToDictionary(g => g.Address.Split('"')[1], g => g.Securable);
        var pureStudents = roster.Entries.Where(e => e.IsStudent && !e.IsAdmin).Select(e => e.UserName).ToHashSet();
        foreach (var grant in grants)
        {
            foreach (var (principal, privileges) in grant.Privileges.Where(p => p.Key == Students || pureStudents.Contains(p.Key)))
            {
                var writes = privileges.Where(PrivilegeNames.Writes.Contains).ToList();
                var own = schemaOf.TryGetValue(principal, out var schema) && schema == grant.Securable;
                var exception = grant.SecurableType == "catalog" && grant.Securable == "databricks_course";
                Assert.That(writes, exception ? Is.EqualTo(new[] { PrivilegeNames.CreateSchema }) : own ? Is.Not.Null : Is.Empty, $"{principal} on {grant.Securable}");
            }
        }
    }

    [TestCaseSource(nameof(Rosters))]
    public void Admins_and_super_admins_hold_all_privileges_on_every_securable(int seed, int size)
    {
        var (roster, grants) = Generate(seed, size);
        var admins = roster.Entries.Where(e => e.IsAdmin && !e.Retired).Select(e => e.UserName).ToList();
        foreach (var grant in grants)
        {
            // Admins hold it on the catalogs, and inherit it in every schema and volume below.
            var principals = grant.SecurableType == "catalog" ? SuperAdmins.Concat(admins) : SuperAdmins;
            foreach (var principal in principals.Append(SynthesizedStack.Deployer))
            {
                Assert.That(grant.Privileges[principal], Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }), $"{principal} on {grant.Securable}");
            }
        }
    }

    [TestCaseSource(nameof(Rosters))]
    public void Every_principal_is_an_active_user_a_super_admin_or_the_deploying_identity(int seed, int size)
    {
        var (roster, grants) = Generate(seed, size);
        var known = roster.Entries.Where(e => !e.Retired).Select(e => e.UserName).Concat(SuperAdmins).Append(SynthesizedStack.Deployer).ToHashSet();
        Assert.That(grants.SelectMany(g => g.Privileges.Keys).Distinct(), Is.SubsetOf(known));
    }

    [TestCase(5)]
    [TestCase(9)]
    public void Grant_entries_grow_linearly(int seed)
    {
        int Entries(int size) => Generate(seed, size).Grants.Sum(g => g.Privileges.Count);
        var (a, b, c) = (Entries(10), Entries(30), Entries(50));
        Assert.That(c - b, Is.EqualTo(b - a).Within(0.25 * (b - a)), "about the same cost for every 20 users added");
        Assert.That((c - a) / 40.0, Is.LessThanOrEqualTo(12),
            "at most one entry per catalog (5) and per shared schema without peer reading (3), and the own schema's grants (user, deploying identity, 2 super admins)");
    }
}
