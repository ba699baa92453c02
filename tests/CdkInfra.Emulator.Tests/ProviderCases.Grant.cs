using CdkInfra.Emulator.Provider;
using CdkInfra.Emulator.Provider.Resources;
using CdkInfra.Emulator.Values;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// Ported from TPD catalog/resource_grant_test.go and catalog/resource_grants_test.go (v1.99.0), and what follows from
/// the two resources' code when both, or a person in the UI, change the grants of one securable
/// (catalog/resource_grant.go, catalog/resource_grants.go; docs/grant-research.md). A fixture's GET answer becomes
/// grants the securable already holds (<see cref="Held"/>, a PATCH as the UI or SQL would send); its expected PATCH
/// becomes the grants the securable holds afterwards.
/// </summary>
public sealed class ProviderCasesGrant
{
    private const string Grant = "databricks_grant";
    private const string Grants = "databricks_grants";
    private const string Table = "foo.bar.baz";
    private const string Me = "me@example.com";
    private const string Else = "someone-else@example.com";
    private const string WrongMetastore = "metastore_id must be empty or equal to the metastore id assigned to the workspace: {0}. If the metastore assigned to the workspace has changed, the new metastore id must be explicitly set";

    private static Emulated Workspace() => new($$"""
        { "users": [{ "user_name": "{{Me}}" }, { "user_name": "{{Else}}" }, { "user_name": "student@example.com" }, { "user_name": "admin@example.com" }],
          "catalogs": [{ "name": "course", "schemas": ["shared"] }] }
        """);

    /// <summary>Privileges the securable holds for a principal before the case, granted outside Terraform.</summary>
    private static void Held(Emulated e, string field, string name, string principal, params string[] privileges) =>
        UnityCatalogPermissions.Update(new Call(e.Workspace, Emulated.Schema, false), field, name, principal, privileges, []);

    /// <summary>A revoke made outside Terraform (UI, SQL).</summary>
    private static void Revoked(Emulated e, string field, string name, string principal, params string[] privileges) =>
        UnityCatalogPermissions.Update(new Call(e.Workspace, Emulated.Schema, false), field, name, principal, [], privileges);

    private static string[]? On(Emulated e, string field, string name, string principal) =>
        UnityCatalogPermissions.PrivilegesOf(e.Workspace, field, name, principal)?.Order(StringComparer.Ordinal).ToArray();

    private static Dictionary<string, object?> OnTable(string principal, params string[] privileges) =>
        Obj(("table", Table), ("principal", principal), ("privileges", privileges));

    private static Dictionary<string, object?> OnCatalog(string principal, params string[] privileges) =>
        Obj(("catalog", "course"), ("principal", principal), ("privileges", privileges));

    private static Dictionary<string, object?> GrantsOnCatalog(params (string Principal, string[] Privileges)[] grants) =>
        Obj(("catalog", "course"), ("grant", grants.Select(g => Obj(("principal", g.Principal), ("privileges", g.Privileges))).ToArray()));

    /// <summary>Whether Terraform's next plan shows a change: the configuration's plan against what Read reports.</summary>
    private static bool PlansAChange(Emulated e, string type, Dictionary<string, object?> config, Dictionary<string, object?> state)
    {
        var read = e.Read(type, state);
        if (read is null)
        {
            return true; // gone from the state: the plan creates it again
        }

        var plan = e.Plan(type, config, read);
        return plan.RequiresReplace.Count > 0 || plan.Planned.Any(p => !Value.Same(p.Value, read.GetValueOrDefault(p.Key)) && p.Key is "grant" or "privileges");
    }

    // catalog/resource_grant_test.go TestResourceGrantCreate, TestResourceGrantWaitUntilReady
    [Test]
    public void A_grant_sets_its_principals_privileges_and_leaves_the_others()
    {
        var e = Workspace();
        Held(e, "table", Table, Me, "SELECT");
        Held(e, "table", Table, Else, "MODIFY", "SELECT");
        var state = e.Create(Grant, OnTable(Me, "MODIFY"));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo($"table/{Table}/{Me}"));
            Assert.That(On(e, "table", Table, Me), Is.EqualTo(new[] { "MODIFY" }));
            Assert.That(On(e, "table", Table, Else), Is.EqualTo(new[] { "MODIFY", "SELECT" }));
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantCreateMetastoreId
    [Test]
    public void A_grant_on_the_workspaces_metastore_applies()
    {
        var e = Workspace();
        var state = e.Create(Grant, Obj(("metastore", e.Workspace.MetastoreId), ("principal", Me), ("privileges", new[] { "CREATE_CATALOG" })));
        Assert.That(state["id"], Is.EqualTo($"metastore/{e.Workspace.MetastoreId}/{Me}"));
    }

    // catalog/resource_grant_test.go TestFailsWhenWrongMetastoreId
    [Test]
    public void A_grant_on_another_metastore_is_refused()
    {
        var e = Workspace();
        Assert.That(ErrorOf(() => e.Create(Grant, Obj(("metastore", "new_id"), ("principal", Me), ("privileges", new[] { "MODIFY" })))),
            Is.EqualTo("cannot create grant: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, WrongMetastore, e.Workspace.MetastoreId)));
    }

    // catalog/resource_grant_test.go TestResourceGrantUpdate
    [Test]
    public void An_update_adds_the_missing_privileges_of_its_principal_only()
    {
        var e = Workspace();
        Held(e, "table", Table, Else, "MODIFY", "SELECT");
        var prior = e.Create(Grant, OnTable(Me, "MODIFY"));
        e.Update(Grant, prior, OnTable(Me, "MODIFY", "SELECT"));
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "table", Table, Me), Is.EqualTo(new[] { "MODIFY", "SELECT" }));
            Assert.That(On(e, "table", Table, Else), Is.EqualTo(new[] { "MODIFY", "SELECT" }));
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantUpdateWithChangedPrincipalForcesNewResource
    [Test]
    public void Another_principal_replaces_the_grant()
    {
        var e = Workspace();
        var prior = e.Create(Grant, OnTable(Else, "MODIFY"));
        Assert.Multiple(() =>
        {
            Assert.That(RequiresReplace(Grant, e.Plan(Grant, OnTable(Me, "MODIFY", "SELECT"), prior)), Is.EqualTo(new[] { "principal" }));
            Assert.That(RequiresReplace(Grant, e.Plan(Grant, OnTable(Else, "MODIFY", "SELECT"), prior)), Is.Empty);
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantDelete
    [Test]
    public void A_deleted_grant_removes_its_principals_privileges_only()
    {
        var e = Workspace();
        Held(e, "table", Table, Else, "MODIFY", "SELECT");
        var state = e.Create(Grant, OnTable(Me, "MODIFY", "SELECT"));
        e.Delete(Grant, state);
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "table", Table, Me), Is.Null);
            Assert.That(On(e, "table", Table, Else), Is.EqualTo(new[] { "MODIFY", "SELECT" }));
            Assert.That(e.Read(Grant, state), Is.Null);
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantReadMalformedId
    [Test]
    public void An_id_without_three_parts_is_refused()
    {
        var e = Workspace();
        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(() => e.Import(Grant, "foo.bar")), Is.EqualTo("ID must be three elements split by `/`: foo.bar"));
            Assert.That(ErrorOf(() => e.Read(Grant, Obj(("id", "foo.bar"), ("table", "foo"), ("principal", Me)))), Is.EqualTo("ID must be three elements split by `/`: foo.bar"));
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantCreateNoSecurable
    [Test]
    public void A_grant_without_a_securable_fails_validation_naming_every_field()
    {
        var e = Workspace();
        var errors = e.Validate(Grant, Obj(("principal", Me), ("privileges", new[] { "MODIFY" }))).ToList();
        const string all = "catalog,credential,external_location,foreign_connection,function,metastore,model,pipeline,recipient,schema,share,storage_credential,table,volume";
        Assert.That(errors, Is.EquivalentTo(all.Split(',').Select(f => $"\"{f}\": one of `{all}` must be specified")));
    }

    // catalog/resource_grant_test.go TestResourceGrantCreateOneSecurableOnly
    [Test]
    public void A_grant_naming_three_securables_conflicts_on_each()
    {
        var e = Workspace();
        var errors = e.Validate(Grant, Obj(("catalog", "foo"), ("schema", "bar"), ("table", "baz"), ("principal", Me), ("privileges", new[] { "MODIFY" }))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(3));
            Assert.That(errors, Has.One.StartsWith("\"catalog\": conflicts with "));
            Assert.That(errors, Has.One.StartsWith("\"schema\": conflicts with "));
            Assert.That(errors, Has.One.StartsWith("\"table\": conflicts with "));
            Assert.That(e.Validate(Grant, OnTable(Me, "MODIFY")), Is.Empty);
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantPermissionsList_Diff_ExternallyAddedPrincipal
    [Test]
    public void A_principal_the_grant_does_not_name_is_neither_removed_nor_read()
    {
        var e = Workspace();
        Held(e, "table", Table, Else, "SELECT");
        var state = e.Create(Grant, OnTable(Me, "SELECT"));
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "table", Table, Else), Is.EqualTo(new[] { "SELECT" }));
            Assert.That(e.Read(Grant, state)!.Strings("privileges"), Is.EqualTo(new[] { "SELECT" }));
            Assert.That(PlansAChange(e, Grant, OnTable(Me, "SELECT"), state), Is.False);
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantPermissionsList_Diff_CaseSensitive
    [Test]
    public void A_grant_finds_its_principal_by_exact_name_only()
    {
        var e = Workspace();
        Held(e, "table", Table, Me, "SELECT");
        Assert.That(e.Read(Grant, Obj(("id", $"table/{Table}/Me@Example.com"), ("table", Table), ("principal", "Me@Example.com"), ("privileges", new[] { "SELECT" }))), Is.Null);
    }

    // catalog/resource_grant_test.go TestResourceGrantPermissionsList_Diff_ExternallyAddedPriv, _Diff_LocalRemoteDiff
    [TestCase(new[] { "SELECT", "MODIFY" }, new[] { "SELECT" })]
    [TestCase(new[] { "MODIFY", "APPLY_TAG" }, new[] { "SELECT", "MODIFY" })]
    public void A_grant_is_authoritative_for_its_principal(string[] held, string[] configured)
    {
        var e = Workspace();
        Held(e, "table", Table, Me, held);
        e.Create(Grant, OnTable(Me, configured));
        Assert.That(On(e, "table", Table, Me), Is.EqualTo(configured.Order(StringComparer.Ordinal).ToArray()));
    }

    // catalog/resource_grant_test.go TestResourceGrantShareGrantCreateNoChange
    [Test]
    public void A_grant_that_finds_its_privileges_in_place_changes_nothing()
    {
        var e = Workspace();
        Held(e, "table", Table, Me, "SELECT");
        Held(e, "table", Table, Else, "MODIFY");
        var state = e.Create(Grant, OnTable(Me, "SELECT"));
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "table", Table, Me), Is.EqualTo(new[] { "SELECT" }));
            Assert.That(On(e, "table", Table, Else), Is.EqualTo(new[] { "MODIFY" }));
            Assert.That(state["id"], Is.EqualTo($"table/{Table}/{Me}"));
        });
    }

    // catalog/resource_grant_test.go TestResourceGrantModelGrantCreate, TestResourceGrantConnectionGrantCreate: the id
    // names the resource's field, not the API's securable type
    [TestCase("model", "mymodel", "EXECUTE")]
    [TestCase("foreign_connection", "myconn", "USE_CONNECTION")]
    public void The_id_names_the_securable_field(string field, string name, string privilege)
    {
        var e = Workspace();
        Assert.That(e.Create(Grant, Obj((field, name), ("principal", Me), ("privileges", new[] { privilege })))["id"], Is.EqualTo($"{field}/{name}/{Me}"));
    }

    // catalog/grant_test.go TestUcAccGrant (the third step writes ALL PRIVILEGES with a space and expects no change);
    // catalog/resource_grant.go ResourceGrant: privileges hashed by NormalizePrivilege
    [Test]
    public void Privileges_differing_in_case_or_spaces_only_plan_no_change()
    {
        var e = Workspace();
        var state = e.Create(Grant, OnCatalog(Me, "ALL_PRIVILEGES"));
        Assert.Multiple(() =>
        {
            Assert.That(PlansAChange(e, Grant, OnCatalog(Me, "ALL PRIVILEGES"), state), Is.False);
            Assert.That(PlansAChange(e, Grant, OnCatalog(Me, "all_privileges"), state), Is.False);
            Assert.That(PlansAChange(e, Grant, OnCatalog(Me, "USE_CATALOG"), state), Is.True);
        });
    }

    // catalog/grant_test.go TestUcAccGrantForIdChange (a privilege the securable type lacks, upper-cased in the message)
    [Test]
    public void A_privilege_the_securable_lacks_is_refused_in_upper_case()
    {
        var e = Workspace();
        Assert.That(ErrorOf(() => e.Create(Grant, Obj(("schema", "course.shared"), ("principal", Me), ("privileges", new[] { "use_catalog" })))),
            Is.EqualTo("cannot create grant: Privilege USE CATALOG is not applicable to this entity [course.shared:SCHEMA]"));
    }

    // TPD issue 4411: an empty privilege list applies, then the Read after create finds no assignment
    [Test]
    public void A_grant_of_no_privileges_fails_at_the_read_after_create()
    {
        var e = Workspace();
        Held(e, "catalog", "course", Me, "USE_CATALOG");
        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(() => e.Create(Grant, OnCatalog(Me))), Is.EqualTo("cannot read grant: got empty permissions list"));
            Assert.That(On(e, "catalog", "course", Me), Is.Null, "the PATCH removed what the principal held");
        });
    }

    // The platform's refusals, as for databricks_grants (docs/emulator.md, Platform rules)
    [Test]
    public void A_grant_to_a_workspace_local_group_or_on_a_missing_catalog_is_refused()
    {
        var e = Workspace();
        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(() => e.Create(Grant, OnCatalog("users", "USE_CATALOG"))), Is.EqualTo("cannot create grant: Could not find principal with name users"));
            Assert.That(ErrorOf(() => e.Create(Grant, Obj(("catalog", "missing"), ("principal", Me), ("privileges", new[] { "USE_CATALOG" })))),
                Is.EqualTo("cannot create grant: Catalog 'missing' does not exist."));
        });
    }

    // catalog/resource_grant.go Read: a principal whose privileges were all revoked (or whose securable is gone) leaves
    // the state, and the next plan creates the grant again
    [Test]
    public void A_grant_revoked_outside_Terraform_reads_as_gone_and_an_import_of_it_fails()
    {
        var e = Workspace();
        var state = e.Create(Grant, OnCatalog(Me, "USE_CATALOG"));
        Revoked(e, "catalog", "course", Me, "USE_CATALOG");
        Assert.Multiple(() =>
        {
            Assert.That(e.Read(Grant, state), Is.Null);
            Assert.That(ErrorOf(() => e.Import(Grant, $"catalog/course/{Me}")), Is.EqualTo("cannot read grant: got empty permissions list"));
        });
    }

    [Test]
    public void A_grant_imports_by_field_name_and_principal()
    {
        var e = Workspace();
        Held(e, "catalog", "course", Me, "USE_CATALOG", "BROWSE");
        var state = e.Import(Grant, $"catalog/course/{Me}");
        Assert.Multiple(() =>
        {
            Assert.That(state["catalog"], Is.EqualTo("course"));
            Assert.That(state["principal"], Is.EqualTo(Me));
            Assert.That(state.Strings("privileges"), Is.EquivalentTo(new[] { "USE_CATALOG", "BROWSE" }));
        });
    }

    // A privilege added by hand to a principal a grant manages shows on the next plan and is removed by its apply
    // (resource_grant.go Read, replacePermissionsForPrincipal; the docs: "changes made outside of Terraform will be reset")
    [Test]
    public void A_privilege_added_by_hand_to_a_managed_principal_is_reset()
    {
        var e = Workspace();
        var config = OnCatalog(Me, "USE_CATALOG");
        var state = e.Create(Grant, config);
        Held(e, "catalog", "course", Me, "MODIFY");
        Assert.That(PlansAChange(e, Grant, config, state), Is.True);
        e.Update(Grant, e.Read(Grant, state)!, config);
        Assert.That(On(e, "catalog", "course", Me), Is.EqualTo(new[] { "USE_CATALOG" }));
    }

    // A grant made by hand to a principal no grant names is invisible to databricks_grant and survives its applies
    [Test]
    public void A_grant_made_by_hand_to_another_principal_is_left_alone_by_per_principal_grants()
    {
        var e = Workspace();
        var config = OnCatalog(Me, "USE_CATALOG");
        var state = e.Create(Grant, config);
        Held(e, "catalog", "course", Else, "USE_CATALOG", "SELECT");
        Assert.That(PlansAChange(e, Grant, config, state), Is.False);
        e.Update(Grant, e.Read(Grant, state)!, OnCatalog(Me, "USE_CATALOG", "BROWSE"));
        Assert.That(On(e, "catalog", "course", Else), Is.EqualTo(new[] { "SELECT", "USE_CATALOG" }));
    }

    // PR 3024 (comment of 2024-04-04): two databricks_grant resources for one principal on one securable; the last
    // applied wins and the other's next plan shows a change
    [Test]
    public void Two_grants_for_one_principal_on_one_securable_undo_each_other()
    {
        var e = Workspace();
        var first = OnCatalog(Me, "CREATE_SCHEMA");
        var firstState = e.Create(Grant, first);
        e.Create(Grant, OnCatalog(Me, "USE_CATALOG"));
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "catalog", "course", Me), Is.EqualTo(new[] { "USE_CATALOG" }));
            Assert.That(PlansAChange(e, Grant, first, firstState), Is.True);
        });
    }

    // catalog/resource_grants_test.go TestGrantCreate: databricks_grants removes every principal it does not list
    [Test]
    public void Grants_remove_what_they_do_not_list()
    {
        var e = Workspace();
        Held(e, "table", Table, Me, "SELECT");
        Held(e, "table", Table, Else, "MODIFY", "SELECT");
        e.Create(Grants, Obj(("table", Table), ("grant", Blocks(Obj(("principal", Me), ("privileges", new[] { "MODIFY" }))))));
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "table", Table, Me), Is.EqualTo(new[] { "MODIFY" }));
            Assert.That(On(e, "table", Table, Else), Is.Null);
        });
    }

    // catalog/resource_grants_test.go TestPermissionsList_Diff_ExternallyAddedPrincipal: Read reports a principal granted
    // elsewhere, so the next plan shows the change its apply makes (the removal)
    [Test]
    public void Grants_read_a_principal_granted_elsewhere_and_plan_its_removal()
    {
        var e = Workspace();
        var config = GrantsOnCatalog((Me, ["USE_CATALOG"]));
        var state = e.Create(Grants, config);
        Held(e, "catalog", "course", Else, "USE_CATALOG");
        var read = e.Read(Grants, state)!;
        Assert.Multiple(() =>
        {
            Assert.That(read.Blocks("grant").Select(g => g.Str("principal")), Is.EquivalentTo(new[] { Me, Else }));
            Assert.That(PlansAChange(e, Grants, config, state), Is.True);
        });
        e.Update(Grants, read, config);
        Assert.That(On(e, "catalog", "course", Else), Is.Null);
    }

    // catalog/resource_grants.go ResourceGrants: the grant set hashed by lower-cased principal and normalized privileges
    [Test]
    public void Grants_differing_in_privilege_spelling_only_plan_no_change()
    {
        var e = Workspace();
        var state = e.Create(Grants, GrantsOnCatalog((Me, ["ALL_PRIVILEGES"])));
        Assert.Multiple(() =>
        {
            Assert.That(PlansAChange(e, Grants, GrantsOnCatalog((Me, ["all privileges"])), state), Is.False);
            Assert.That(PlansAChange(e, Grants, GrantsOnCatalog((Me, ["USE_CATALOG"])), state), Is.True);
        });
    }

    // catalog/resource_grants.go Read: no grants left is "got empty permissions list", a 404 (removed from the state;
    // an import fails)
    [Test]
    public void Grants_on_a_securable_with_no_grants_read_as_gone_and_do_not_import()
    {
        var e = Workspace();
        var state = e.Create(Grants, GrantsOnCatalog((Me, ["USE_CATALOG"])));
        Revoked(e, "catalog", "course", Me, "USE_CATALOG");
        Assert.Multiple(() =>
        {
            Assert.That(e.Read(Grants, state), Is.Null);
            Assert.That(ErrorOf(() => e.Import(Grants, "catalog/course")), Is.EqualTo("cannot read grants: got empty permissions list"));
        });
    }

    // The design the docs warn of: per-principal grants (a cohort's students) beside an authoritative databricks_grants
    // (the admins' rows) on the same catalog. Applied in either order, they never settle.
    [Test]
    public void Grants_applied_after_a_grant_revoke_it_and_the_grant_is_planned_again()
    {
        var e = Workspace();
        var student = OnCatalog("student@example.com", "USE_CATALOG", "SELECT");
        var admins = GrantsOnCatalog(("admin@example.com", ["ALL_PRIVILEGES"]));
        var studentState = e.Create(Grant, student);
        var adminsState = e.Create(Grants, admins);
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "catalog", "course", "student@example.com"), Is.Null, "the authoritative create removed the student");
            Assert.That(e.Read(Grant, studentState), Is.Null, "the student's grant leaves the state: the next plan creates it");
            Assert.That(PlansAChange(e, Grants, admins, adminsState), Is.False);
        });

        // The cohort's next apply grants the student again; the authoritative resource's next plan removes them again.
        studentState = e.Create(Grant, student);
        Assert.That(PlansAChange(e, Grants, admins, adminsState), Is.True);
        e.Update(Grants, e.Read(Grants, adminsState)!, admins);
        Assert.That(e.Read(Grant, studentState), Is.Null);
    }

    [Test]
    public void A_grant_applied_after_grants_shows_as_a_change_of_the_grants()
    {
        var e = Workspace();
        var admins = GrantsOnCatalog(("admin@example.com", ["ALL_PRIVILEGES"]));
        var adminsState = e.Create(Grants, admins);
        e.Create(Grant, OnCatalog("student@example.com", "USE_CATALOG"));
        Assert.That(PlansAChange(e, Grants, admins, adminsState), Is.True);
    }

    // What settles: every principal of the securable through its own databricks_grant, and an authoritative
    // databricks_grants only on another securable (here the schema below)
    [Test]
    public void Per_principal_grants_for_every_principal_settle_beside_grants_on_another_securable()
    {
        var e = Workspace();
        var student = OnCatalog("student@example.com", "USE_CATALOG", "SELECT");
        var admin = OnCatalog("admin@example.com", "ALL_PRIVILEGES");
        var schema = Obj(("schema", "course.shared"), ("grant", Blocks(Obj(("principal", "admin@example.com"), ("privileges", new[] { "ALL_PRIVILEGES" })))));
        var studentState = e.Create(Grant, student);
        var adminState = e.Create(Grant, admin);
        var schemaState = e.Create(Grants, schema);
        Assert.Multiple(() =>
        {
            Assert.That(PlansAChange(e, Grant, student, studentState), Is.False);
            Assert.That(PlansAChange(e, Grant, admin, adminState), Is.False);
            Assert.That(PlansAChange(e, Grants, schema, schemaState), Is.False);
        });

        e.Delete(Grant, studentState);
        Assert.Multiple(() =>
        {
            Assert.That(On(e, "catalog", "course", "student@example.com"), Is.Null);
            Assert.That(On(e, "catalog", "course", "admin@example.com"), Is.EqualTo(new[] { "ALL_PRIVILEGES" }));
        });
    }
}
