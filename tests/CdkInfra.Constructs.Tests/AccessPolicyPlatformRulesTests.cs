using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// The synthesized course stack, in every principal mode and compute choice, against the platform rules it relies on
/// (<see cref="PlatformRules"/>, each with its source): what Databricks would refuse at apply fails here first.
/// </summary>
public sealed class AccessPolicyPlatformRulesTests
{
    private static readonly CourseWorkspaceProps Base = new()
    {
        Roster = CourseRoster.FromEntries("users.json",
        [
            new RosterEntry(1, "ana@example.com", "Ana", [RosterGroups.Admins], null),
            new RosterEntry(2, "sam@example.com", "Sam", [RosterGroups.Students], null),
            new RosterEntry(3, "both@example.com", "Both", [RosterGroups.Admins, RosterGroups.Students], null),
            new RosterEntry(4, "gone@example.com", "Gone", [RosterGroups.Students], null, retired: true),
        ]),
        Material = Synth.FixtureMaterial,
        AccountId = "00000000-0000-0000-0000-000000000001",
        WorkspaceId = 1234567890123456,
    };

    private static IEnumerable<TestCaseData> Configurations()
    {
        yield return new TestCaseData(Base).SetName("{m}(default: users, workspace groups, serverless)");
        yield return new TestCaseData(new CourseWorkspaceProps(Base) { StudentsReadPeerSchemas = false, SuperAdmins = ["lead@example.com"], StudentCompute = StudentCompute.Policy })
            .SetName("{m}(users, no peer reading, policy)");
        yield return new TestCaseData(new CourseWorkspaceProps(Base) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null, StudentCompute = StudentCompute.Shared, StudentWarehouse = true })
            .SetName("{m}(groups, account-ui, shared cluster, warehouse)");
        yield return new TestCaseData(new CourseWorkspaceProps(Base) { GroupsLevel = GroupsLevel.Account, PersonalSchemaOwner = "platform_admins" }).SetName("{m}(groups, account)");
        yield return new TestCaseData(new CourseWorkspaceProps(Base) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, Principals = PrincipalMode.Users }).SetName("{m}(users, account-existing)");
    }

    [TestCaseSource(nameof(Configurations))]
    public void No_grant_and_no_owner_names_a_principal_Unity_Catalog_refuses(CourseWorkspaceProps props)
    {
        var stack = new SynthesizedStack(Synth.Course(props));
        var refused = PlatformRules.RefusedUnityCatalogPrincipals(props);
        var owners = stack.Resources().Where(r => r.Type is "databricks_schema" or "databricks_catalog" or "databricks_volume")
            .Select(r => r.Block["owner"]?.GetValue<string>()).OfType<string>();
        Assert.Multiple(() =>
        {
            Assert.That(stack.Grants().SelectMany(g => g.Privileges.Keys), Has.None.Matches<string>(refused.Contains), PlatformRules.LocalGroupsAreNotUnityCatalogPrincipals);
            Assert.That(owners, Has.None.Matches<string>(refused.Contains), PlatformRules.LocalGroupsAreNotUnityCatalogPrincipals);
        });
    }

    [TestCaseSource(nameof(Configurations))]
    public void Every_grants_resource_instance_holds_a_grant_and_catalog_only_privileges_stay_on_catalogs(CourseWorkspaceProps props)
    {
        foreach (var grants in new SynthesizedStack(Synth.Course(props)).Grants())
        {
            Assert.That(grants.Privileges, Is.Not.Empty, $"{grants.Address}: {PlatformRules.GrantsNeedOneGrant}");
            if (grants.SecurableType != "catalog")
            {
                Assert.That(grants.Privileges.Values.SelectMany(p => p), Has.None.Matches<string>(PlatformRules.CatalogOnlyPrivileges.Contains), grants.Address);
            }
        }
    }

    [TestCaseSource(nameof(Configurations))]
    public void Every_workspace_permission_and_secret_acl_uses_a_level_its_object_knows(CourseWorkspaceProps props)
    {
        var stack = new SynthesizedStack(Synth.Course(props));
        var checkedObjects = 0;
        foreach (var (_, name, block) in stack.Resources().Where(r => r.Type == "databricks_permissions"))
        {
            var selector = PlatformRules.PermissionLevels.Keys.Single(k => block[k] is not null);
            foreach (var access in block["access_control"]!.AsArray())
            {
                Assert.That(PlatformRules.PermissionLevels[selector], Does.Contain(access!["permission_level"]!.GetValue<string>()), $"{name} ({selector})");
            }

            checkedObjects++;
        }

        foreach (var (_, name, block) in stack.Resources().Where(r => r.Type == "databricks_secret_acl"))
        {
            Assert.That(PlatformRules.SecretAclPermissions, Does.Contain(block["permission"]!.GetValue<string>()), name);
        }

        Assert.That(checkedObjects, Is.GreaterThan(0), "the course folder's permissions at least");
    }

    [Test]
    public void The_default_creates_no_classic_compute_so_it_applies_on_Free_Edition()
    {
        var types = new SynthesizedStack(Synth.Course(Base)).Resources().Select(r => r.Type).ToHashSet();
        Assert.That(types, Has.None.AnyOf("databricks_cluster", "databricks_cluster_policy", "databricks_sql_endpoint",
            "databricks_mws_permission_assignment"), PlatformRules.FreeEditionIsServerlessOnly);
    }

    [Test]
    public void Account_ui_groups_get_no_memberships_from_the_workspace()
    {
        var types = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Base) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null })).Resources().Select(r => r.Type);
        Assert.That(types, Has.None.EqualTo("databricks_group_member"), PlatformRules.AccountGroupMembersAreNotWorkspaceScim);
    }
}
