using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>Ported from TPD scim/*_test.go and access/resource_permission_assignment_test.go (v1.99.0).</summary>
public sealed class ProviderCasesScim
{
    private const string Group = "databricks_group";
    private const string User = "databricks_user";
    private const string Entitlements = "databricks_entitlements";

    // scim/resource_group_test.go TestResourceGroupCreate
    [Test]
    public void Group_create_sends_the_true_entitlements_and_reads_them_back()
    {
        var e = new Emulated();
        var state = e.Create(Group, Obj(("display_name", "Data Scientists"), ("allow_instance_pool_create", true), ("allow_cluster_create", true), ("databricks_sql_access", true)));
        var id = state.Str("id")!;
        Assert.Multiple(() =>
        {
            Assert.That(id, Does.Match("^[0-9]{16}$"));
            Assert.That(state["acl_principal_id"], Is.EqualTo("groups/Data Scientists"));
            Assert.That(e.Workspace.EntitlementsOf(id), Is.EquivalentTo(new[] { "allow-cluster-create", "allow-instance-pool-create", "databricks-sql-access" }));
            var read = e.Read(Group, state)!;
            Assert.That(read["allow_cluster_create"], Is.True);
            Assert.That(read["allow_instance_pool_create"], Is.True);
            Assert.That(read["databricks_sql_access"], Is.True);
            Assert.That(read["workspace_access"], Is.False);
        });
    }

    // scim/resource_group_test.go TestResourceGroupRead (Read of an id only, as import does)
    [Test]
    public void Group_read_by_id_sets_the_entitlements_the_api_returns()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "Data Scientists" }] }""");
        var id = e.Workspace.GroupByName("Data Scientists")!.Str("id")!;
        e.Workspace.SetEntitlements(id, ["databricks-sql-access", "allow-cluster-create", "allow-instance-pool-create"]);
        var imported = e.Import(Group, id);
        Assert.Multiple(() =>
        {
            Assert.That(imported["id"], Is.EqualTo(id));
            Assert.That(imported["display_name"], Is.EqualTo("Data Scientists"));
            Assert.That(imported["allow_cluster_create"], Is.True);
            Assert.That(imported["allow_instance_pool_create"], Is.True);
            Assert.That(imported["databricks_sql_access"], Is.True);
        });
    }

    // scim/resource_group_test.go TestResourceGroupRead_NoEntitlements; scim/scim.go readIntoData sets only the returned
    // ones: a group whose entitlements another resource grants reads them as true, so its own false arguments flip
    // them back on every apply (issue 22).
    [Test]
    public void Group_read_without_entitlements_keeps_false_and_an_entitlement_granted_elsewhere_reads_true()
    {
        var e = new Emulated();
        var state = e.Create(Group, Obj(("display_name", "Data Scientists")));
        var read = e.Read(Group, state)!;
        Assert.Multiple(() =>
        {
            Assert.That(read["allow_cluster_create"], Is.False);
            Assert.That(read["allow_instance_pool_create"], Is.False);
            Assert.That(read["databricks_sql_access"], Is.False);
            Assert.That(read["display_name"], Is.EqualTo("Data Scientists"));
        });
        e.Create(Entitlements, Obj(("group_id", state.Str("id")), ("workspace_access", true)));
        Assert.That(e.Read(Group, state)!["workspace_access"], Is.True);
    }

    // scim/resource_group_test.go TestResourceGroupRead_NotFound, TestResourceGroupDelete
    [Test]
    public void A_deleted_group_reads_as_gone()
    {
        var e = new Emulated();
        var state = e.Create(Group, Obj(("display_name", "Data Scientists")));
        e.Delete(Group, state);
        Assert.Multiple(() =>
        {
            Assert.That(e.Read(Group, state), Is.Null);
            Assert.That(e.Workspace.GroupByName("Data Scientists"), Is.Null);
        });
    }

    // scim/resource_group_test.go TestResourceGroupUpdate: a rename is an update in place (PUT), entitlements replaced
    [Test]
    public void Group_rename_is_an_update_in_place_that_replaces_the_entitlements()
    {
        var e = new Emulated();
        var prior = e.Create(Group, Obj(("display_name", "Data Scientists"), ("workspace_access", true)));
        var config = Obj(("display_name", "Data Ninjas"), ("allow_instance_pool_create", true), ("allow_cluster_create", true), ("databricks_sql_access", true));
        Assert.That(RequiresReplace(Group, e.Plan(Group, config, prior)), Is.Empty);
        var state = e.Update(Group, prior, config);
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo(prior["id"]));
            Assert.That(e.Workspace.GroupByName("Data Ninjas")?.Str("id"), Is.EqualTo(prior["id"]));
            Assert.That(e.Workspace.EntitlementsOf(prior.Str("id")!), Is.EquivalentTo(new[] { "allow-cluster-create", "allow-instance-pool-create", "databricks-sql-access" }));
        });
    }

    // scim/resource_group_test.go TestCreateForceOverwriteFindsAndSetsGroupID (scim/resource_group.go
    // createForceOverridesManuallyAddedGroup): without force the API's "Group with name abc already exists." stands
    [Test]
    public void Group_force_adopts_an_existing_group_of_the_same_name()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var existing = e.Workspace.GroupByName("abc")!.Str("id");
        Assert.That(ErrorOf(() => e.Create(Group, Obj(("display_name", "abc")))), Does.EndWith("Group with name abc already exists."));
        var state = e.Create(Group, Obj(("display_name", "abc"), ("force", true), ("workspace_access", true)));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo(existing));
            Assert.That(e.Workspace.EntitlementsOf(existing!), Is.EquivalentTo(new[] { "workspace-access" }));
        });
    }

    // scim/resource_user_test.go TestResourceUserCreate
    [Test]
    public void User_create_computes_home_repos_and_acl_principal_id()
    {
        var e = new Emulated();
        var state = e.Create(User, Obj(("user_name", "me@example.com"), ("display_name", "Example user"), ("allow_cluster_create", true)));
        Assert.Multiple(() =>
        {
            Assert.That(state["display_name"], Is.EqualTo("Example user"));
            Assert.That(state["user_name"], Is.EqualTo("me@example.com"));
            Assert.That(state["allow_cluster_create"], Is.True);
            Assert.That(state["home"], Is.EqualTo("/Users/me@example.com"));
            Assert.That(state["repos"], Is.EqualTo("/Repos/me@example.com"));
            Assert.That(state["acl_principal_id"], Is.EqualTo("users/me@example.com"));
            Assert.That(state["active"], Is.True);
            Assert.That(e.Workspace.EntitlementsOf(state.Str("id")!), Is.EquivalentTo(new[] { "allow-cluster-create" }));
        });
    }

    // scim/resource_user_test.go TestResourceUserCreateInactive
    [Test]
    public void User_created_inactive_stays_inactive()
    {
        var e = new Emulated();
        var state = e.Create(User, Obj(("user_name", "me@example.com"), ("display_name", "Example user"), ("allow_cluster_create", true), ("active", false)));
        Assert.Multiple(() =>
        {
            Assert.That(state["active"], Is.False);
            Assert.That(e.Read(User, state)!["active"], Is.False);
        });
    }

    // scim/resource_user_test.go TestResourceUserRead (New: true, by id, as import)
    [Test]
    public void User_read_by_id_answers_name_display_name_home_and_repos()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "me@example.com", "display_name": "Example user" }] }""");
        var id = e.Workspace.UserByName("me@example.com")!.Str("id")!;
        var imported = e.Import(User, id);
        Assert.Multiple(() =>
        {
            Assert.That(imported["display_name"], Is.EqualTo("Example user"));
            Assert.That(imported["user_name"], Is.EqualTo("me@example.com"));
            Assert.That(imported["allow_cluster_create"], Is.Not.True);
            Assert.That(imported["home"], Is.EqualTo("/Users/me@example.com"));
            Assert.That(imported["repos"], Is.EqualTo("/Repos/me@example.com"));
        });
        e.Workspace.SetEntitlements(id, ["allow-cluster-create"]);
        Assert.That(e.Import(User, id)["allow_cluster_create"], Is.True, "import reads the entitlements as Read does");
    }

    // scim/resource_user_test.go TestResourceUserRead_NotFound, TestResourceUserDelete_NoError
    [Test]
    public void A_deleted_user_is_removed_not_deactivated_and_reads_as_gone()
    {
        var e = new Emulated();
        var state = e.Create(User, Obj(("user_name", "abc@example.com")));
        e.Delete(User, state);
        Assert.Multiple(() =>
        {
            Assert.That(e.Read(User, state), Is.Null);
            Assert.That(e.Workspace.UserByName("abc@example.com"), Is.Null);
        });
    }

    // scim/resource_user_test.go TestCreateForceOverwriteFindsAndSetsID (error text: scim/resource_user.go userExistsErrorMessage)
    [Test]
    public void User_force_adopts_an_existing_user_whatever_the_case_of_its_name()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "me@example.com" }] }""");
        var existing = e.Workspace.UserByName("me@example.com")!.Str("id");
        Assert.That(ErrorOf(() => e.Create(User, Obj(("user_name", "Me@Example.Com")))), Does.EndWith("User with username me@example.com already exists."));
        Assert.That(e.Create(User, Obj(("user_name", "Me@Example.Com"), ("force", true)))["id"], Is.EqualTo(existing));
    }

    // scim/resource_user_test.go TestUserResource_SparkConfDiffSuppress (user_name EqualFoldDiffSuppress, force_new)
    [Test]
    public void User_name_case_change_is_no_change_but_a_new_name_replaces_the_user()
    {
        var e = new Emulated();
        var prior = e.Create(User, Obj(("user_name", "abcdef@example.com")));
        Assert.Multiple(() =>
        {
            Assert.That(RequiresReplace(User, e.Plan(User, Obj(("user_name", "AbcDef@example.com")), prior)), Is.Empty);
            Assert.That(RequiresReplace(User, e.Plan(User, Obj(("user_name", "abcdef2@example.com")), prior)), Is.EqualTo(new[] { "user_name" }));
        });
    }

    // scim/resource_user_test.go TestResourceUserDelete_ForceDeleteHomeDir
    [Test]
    public void Deleting_a_user_with_force_delete_home_dir_deletes_the_home_folder()
    {
        var e = new Emulated();
        var user = e.Create(User, Obj(("user_name", "abc@example.com"), ("force_delete_home_dir", true)));
        e.Create("databricks_directory", Obj(("path", "/Users/abc@example.com/course")));
        e.Create("databricks_directory", Obj(("path", "/Shared/course")));
        e.Delete(User, user);
        Assert.Multiple(() =>
        {
            Assert.That(e.Workspace.Get("databricks_directory", "/Users/abc@example.com/course"), Is.Null);
            Assert.That(e.Workspace.Get("databricks_directory", "/Shared/course"), Is.Not.Null);
        });
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsGroupCreate
    [Test]
    public void Entitlements_of_a_group_have_the_id_group_slash_id()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        var state = e.Create(Entitlements, Obj(("group_id", group), ("allow_instance_pool_create", true), ("allow_cluster_create", true), ("databricks_sql_access", true)));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo($"group/{group}"));
            Assert.That(state["allow_cluster_create"], Is.True);
            Assert.That(state["allow_instance_pool_create"], Is.True);
            Assert.That(state["databricks_sql_access"], Is.True);
        });
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsGroupRead, TestResourceEntitlementsGroupReadEmpty
    // (generateEmpty, then readIntoData)
    [Test]
    public void Entitlements_read_sets_all_to_false_then_the_held_ones_to_true()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        var state = Obj(("id", $"group/{group}"), ("group_id", group), ("workspace_access", true), ("databricks_sql_access", true));
        var empty = e.Read(Entitlements, state)!;
        e.Workspace.SetEntitlements(group, ["allow-cluster-create"]);
        var held = e.Read(Entitlements, state)!;
        Assert.Multiple(() =>
        {
            Assert.That(new[] { "allow_cluster_create", "workspace_access", "allow_instance_pool_create", "databricks_sql_access" }.Select(f => empty[f]), Is.All.False);
            Assert.That(held["group_id"], Is.EqualTo(group));
            Assert.That(held["allow_cluster_create"], Is.True);
            Assert.That(held["workspace_access"], Is.False);
        });
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsGroupImport (Read lower-cases the kind)
    [TestCase("group")]
    [TestCase("Group")]
    public void Entitlements_import_by_kind_and_id(string kind)
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        e.Workspace.SetEntitlements(group, ["allow-cluster-create"]);
        var imported = e.Import(Entitlements, $"{kind}/{group}");
        Assert.Multiple(() =>
        {
            Assert.That(imported["group_id"], Is.EqualTo(group));
            Assert.That(imported["allow_cluster_create"], Is.True);
        });
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsGroupUpdate (PATCH replace)
    [Test]
    public void Entitlements_update_replaces_the_whole_set()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        var prior = e.Create(Entitlements, Obj(("group_id", group), ("allow_cluster_create", true)));
        e.Update(Entitlements, prior, Obj(("group_id", group), ("allow_cluster_create", true), ("allow_instance_pool_create", true), ("databricks_sql_access", true)));
        Assert.That(e.Workspace.EntitlementsOf(group), Is.EquivalentTo(new[] { "allow-cluster-create", "allow-instance-pool-create", "databricks-sql-access" }));
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsGroupDelete (PATCH remove of the state's true ones only)
    [Test]
    public void Entitlements_delete_removes_only_what_the_resource_set()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        var state = e.Create(Entitlements, Obj(("group_id", group), ("allow_cluster_create", true)));
        e.Workspace.SetEntitlements(group, ["allow-cluster-create", "workspace-access"]);
        e.Delete(Entitlements, state);
        Assert.That(e.Workspace.EntitlementsOf(group), Is.EquivalentTo(new[] { "workspace-access" }));
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsGroupCreateEmpty (replace with [""]: the group keeps none)
    [Test]
    public void Entitlements_all_false_take_away_what_the_group_held()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        e.Workspace.SetEntitlements(group, ["workspace-access", "databricks-sql-access"]);
        var state = e.Create(Entitlements, Obj(("group_id", group), ("allow_instance_pool_create", false), ("allow_cluster_create", false), ("databricks_sql_access", false), ("workspace_access", false)));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo($"group/{group}"));
            Assert.That(e.Workspace.EntitlementsOf(group), Is.Empty);
        });
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsUserCreate, TestResourceEntitlementsSPNCreate
    [Test]
    public void Entitlements_of_users_and_service_principals_have_their_kind_in_the_id()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "me@example.com" }], "service_principals": [{ "application_id": "00000000-0000-0000-0000-0000000000aa" }] }""");
        var user = e.Workspace.UserByName("me@example.com")!.Str("id")!;
        var spn = e.Workspace.ServicePrincipalByApplicationId("00000000-0000-0000-0000-0000000000aa")!.Str("id")!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Create(Entitlements, Obj(("user_id", user), ("allow_cluster_create", true)))["id"], Is.EqualTo($"user/{user}"));
            Assert.That(e.Create(Entitlements, Obj(("service_principal_id", spn), ("allow_cluster_create", true)))["id"], Is.EqualTo($"spn/{spn}"));
            Assert.That(e.Workspace.EntitlementsOf(spn), Is.EquivalentTo(new[] { "allow-cluster-create" }));
        });
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsSPNRead_NotFound
    [Test]
    public void Entitlements_of_a_removed_principal_read_as_gone()
    {
        var e = new Emulated("""{ "service_principals": [{ "application_id": "00000000-0000-0000-0000-0000000000aa" }] }""");
        var spn = e.Workspace.ServicePrincipalByApplicationId("00000000-0000-0000-0000-0000000000aa")!.Str("id")!;
        var state = e.Create(Entitlements, Obj(("service_principal_id", spn), ("allow_cluster_create", true)));
        e.Workspace.Remove("databricks_service_principal", spn);
        Assert.That(e.Read(Entitlements, state), Is.Null);
    }

    // scim/resource_entitlement_test.go TestResourceEntitlementsCreate_AccountLevelShouldError
    [Test]
    public void Entitlements_through_an_account_level_provider_are_refused()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        Assert.That(ErrorOf(() => e.Create(Entitlements, Obj(("group_id", group)), accountLevel: true)),
            Does.Contain("entitlements can only be managed with a provider configured at the workspace-level"));
    }

    // scim/resource_group_member_test.go TestResourceGroupMemberCreate
    [Test]
    public void Group_member_id_is_group_pipe_member()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "me@example.com" }], "groups": [{ "display_name": "abc" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        var user = e.Workspace.UserByName("me@example.com")!.Str("id")!;
        Assert.That(e.Create("databricks_group_member", Obj(("group_id", group), ("member_id", user)))["id"], Is.EqualTo($"{group}|{user}"));
    }

    // scim/resource_group_member_test.go TestResourceGroupMemberRead_NoMember, TestResourceGroupMemberRead_NotFound
    [Test]
    public void Group_member_reads_as_gone_when_the_member_or_the_group_is_gone()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "abc" }, { "display_name": "def" }] }""");
        var group = e.Workspace.GroupByName("abc")!.Str("id")!;
        var other = e.Workspace.GroupByName("def")!.Str("id")!;
        var user = e.Create(User, Obj(("user_name", "me@example.com")));
        var membership = e.Create("databricks_group_member", Obj(("group_id", group), ("member_id", user.Str("id"))));
        var nested = e.Create("databricks_group_member", Obj(("group_id", other), ("member_id", group)));
        Assert.That(e.Read("databricks_group_member", membership), Is.Not.Null);
        e.Delete(User, user);
        Assert.That(e.Read("databricks_group_member", membership), Is.Null, "the group no longer lists the member");
        e.Workspace.Remove(Group, other);
        Assert.That(e.Read("databricks_group_member", nested), Is.Null, "the group is gone");
    }

    // access/resource_permission_assignment_test.go TestPermissionAssignmentCreateWithNonExistingGroup
    [TestCase("nonexistent-group")]
    [TestCase("local")]
    public void Assigning_a_group_the_account_does_not_have_fails_with_the_api_error(string name)
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "local", "kind": "workspace-local" }] }""");
        Assert.That(ErrorOf(() => e.Create("databricks_permission_assignment", Obj(("group_name", name), ("permissions", new[] { "USER" })))),
            Does.EndWith("RESOURCE_DOES_NOT_EXIST: Principal not found in account."));
    }

    // access/resource_permission_assignment_test.go TestPermissionAssignmentCreateWithGroupName
    [Test]
    public void Assigning_an_account_group_by_name_answers_its_principal_id()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "data-engineers", "kind": "account" }] }""");
        var group = e.Workspace.GroupByName("data-engineers")!.Str("id")!;
        var state = e.Create("databricks_permission_assignment", Obj(("group_name", "data-engineers"), ("permissions", new[] { "USER" })));
        Assert.Multiple(() =>
        {
            Assert.That(state["principal_id"], Is.EqualTo(long.Parse(group, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(e.Workspace.GroupKindOf(group), Is.EqualTo(GroupKind.Account));
        });
    }
}
