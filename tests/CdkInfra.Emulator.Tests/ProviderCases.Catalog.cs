using CdkInfra.Emulator.Values;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>Ported from TPD catalog/resource_catalog_test.go, resource_schema_test.go, resource_grants_test.go (v1.99.0).</summary>
public sealed class ProviderCasesCatalog
{
    private const string Catalog = "databricks_catalog";
    private const string Schema = "databricks_schema";
    private const string Grants = "databricks_grants";
    private const string WrongMetastore = "metastore_id must be empty or equal to the metastore id assigned to the workspace: {0}. If the metastore assigned to the workspace has changed, the new metastore id must be explicitly set";

    // catalog/resource_catalog_test.go TestCatalogCreateAlsoDeletesDefaultSchema
    [Test]
    public void A_new_catalog_has_its_default_schema_deleted()
    {
        var e = new Emulated();
        var state = e.Create(Catalog, Obj(("name", "a"), ("comment", "b"), ("properties", Obj(("c", "d")))));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo("a"));
            Assert.That(e.Workspace.Get(Schema, "a.default"), Is.Null);
        });
    }

    // catalog/resource_catalog_test.go TestCatalogCreateWithForeignCatalogDoesNotDeleteDefaultSchema, TestCatalogCreateDeltaSharing
    [TestCase("connection_name", "g")]
    [TestCase("share_name", "bar")]
    public void A_foreign_or_shared_catalog_keeps_its_default_schema(string key, string value)
    {
        var e = new Emulated();
        var config = Obj(("name", "a"), ("comment", "b"), (key, value));
        if (key == "share_name")
        {
            config["provider_name"] = "foo";
        }

        e.Create(Catalog, config);
        Assert.That(e.Workspace.Get(Schema, "a.default"), Is.Not.Null);
    }

    // catalog/resource_catalog_test.go TestCatalogCreateWithOwnerAlsoDeletesDefaultSchema
    [Test]
    public void A_catalog_created_with_an_owner_and_predictive_optimization_gets_both()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "administrators", "kind": "account" }] }""");
        var state = e.Create(Catalog, Obj(("name", "a"), ("comment", "b"), ("owner", "administrators"), ("enable_predictive_optimization", "ENABLE")));
        Assert.Multiple(() =>
        {
            Assert.That(state["owner"], Is.EqualTo("administrators"));
            Assert.That(state["enable_predictive_optimization"], Is.EqualTo("ENABLE"));
            Assert.That(e.Workspace.Get(Schema, "a.default"), Is.Null);
        });
    }

    // catalog/resource_catalog_test.go TestCatalogCreateIsolated
    [Test]
    public void An_isolated_catalog_keeps_its_isolation_mode()
    {
        var e = new Emulated();
        Assert.That(e.Create(Catalog, Obj(("name", "a"), ("isolation_mode", "ISOLATED")))["isolation_mode"], Is.EqualTo("ISOLATED"));
    }

    // catalog/resource_catalog_test.go TestFailIfMetastoreIdIsWrong (catalog/utils.go validateMetastoreId)
    [Test]
    public void A_catalog_naming_another_metastore_is_refused()
    {
        var e = new Emulated();
        var prior = e.Create(Catalog, Obj(("name", "a"), ("comment", "c")));
        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(() => e.Update(Catalog, prior, Obj(("metastore_id", "new_id"), ("name", "a"), ("comment", "c")))),
                Does.EndWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, WrongMetastore, e.Workspace.MetastoreId)));
            Assert.That(e.Update(Catalog, prior, Obj(("metastore_id", e.Workspace.MetastoreId), ("name", "a"), ("comment", "d")))["comment"], Is.EqualTo("d"));
        });
    }

    // catalog/resource_catalog_test.go TestCatalogSuppressCaseSensitivity (name EqualFoldDiffSuppress)
    [Test]
    public void A_catalog_name_differing_in_case_only_plans_no_replacement()
    {
        var e = new Emulated();
        var prior = e.Create(Catalog, Obj(("name", "a"), ("comment", "c")));
        var plan = e.Plan(Catalog, Obj(("name", "A"), ("comment", "c")), prior);
        Assert.Multiple(() =>
        {
            Assert.That(RequiresReplace(Catalog, plan), Is.Empty);
            Assert.That(plan.Planned["name"], Is.EqualTo("a"));
            Assert.That(RequiresReplace(Catalog, e.Plan(Catalog, Obj(("name", "b"), ("comment", "c")), prior)), Is.EqualTo(new[] { "name" }));
        });
    }

    // catalog/resource_catalog_test.go TestUcDirectoryPathSuppressDiff (storage_root ucDirectoryPathSlashOnlySuppressDiff)
    [TestCase("s3://bucket/TF_DIR_WITH_SLASH", "s3://bucket/TF_DIR_WITH_SLASH/", false)]
    [TestCase("s3://bucket/TF_DIR_WITH_SLASH/", "s3://bucket/TF_DIR_WITH_SLASH", false)]
    [TestCase("s3://bucket/TF_DIR_WITH_SLASH/", "s3://bucket/new_dir", true)]
    public void A_storage_root_differing_by_a_trailing_slash_only_plans_no_replacement(string before, string after, bool replaced)
    {
        var e = new Emulated();
        var prior = e.Create(Catalog, Obj(("name", "a"), ("storage_root", before)));
        Assert.That(RequiresReplace(Catalog, e.Plan(Catalog, Obj(("name", "a"), ("storage_root", after)), prior)).Contains("storage_root"), Is.EqualTo(replaced));
    }

    // catalog/resource_catalog_test.go TestForceDeleteCatalog (Delete with force; the platform refuses a non-empty catalog without it)
    [Test]
    public void A_catalog_with_schemas_is_deleted_only_with_force_destroy()
    {
        var e = new Emulated();
        var catalog = e.Create(Catalog, Obj(("name", "b"), ("comment", "c")));
        e.Create(Schema, Obj(("name", "a"), ("catalog_name", "b")));
        Assert.That(ErrorOf(() => e.Delete(Catalog, catalog)), Does.Contain("is not empty"));
        catalog["force_destroy"] = true;
        e.Delete(Catalog, catalog);
        Assert.Multiple(() =>
        {
            Assert.That(e.Workspace.Get(Catalog, "b"), Is.Null);
            Assert.That(e.Workspace.Get(Schema, "b.a"), Is.Null);
        });
    }

    // catalog/resource_schema_test.go TestCreateSchema, TestCreateSchemaWithOwner
    [Test]
    public void A_schema_id_is_catalog_dot_name_and_takes_its_owner()
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "administrators", "kind": "account" }], "catalogs": [{ "name": "b" }] }""");
        var state = e.Create(Schema, Obj(("name", "a"), ("catalog_name", "b"), ("comment", "c"), ("owner", "administrators")));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo("b.a"));
            Assert.That(state["owner"], Is.EqualTo("administrators"));
            Assert.That(state["metastore_id"], Is.EqualTo(e.Workspace.MetastoreId));
        });
    }

    // catalog/resource_schema_test.go TestUpdateSchemaForceNew; catalog/resource_schema.go EqualFoldDiffSuppress on name and catalog_name
    [Test]
    public void A_schema_moves_catalog_by_replacement_but_a_change_of_case_is_no_change()
    {
        var e = new Emulated("""{ "catalogs": [{ "name": "b" }, { "name": "x" }] }""");
        var prior = e.Create(Schema, Obj(("name", "a"), ("catalog_name", "b"), ("comment", "c")));
        Assert.Multiple(() =>
        {
            Assert.That(RequiresReplace(Schema, e.Plan(Schema, Obj(("name", "a"), ("catalog_name", "x"), ("comment", "c")), prior)), Is.EqualTo(new[] { "catalog_name" }));
            Assert.That(RequiresReplace(Schema, e.Plan(Schema, Obj(("name", "A"), ("catalog_name", "B"), ("comment", "c")), prior)), Is.Empty);
        });
    }

    // catalog/resource_schema.go Create: validateMetastoreId
    [Test]
    public void A_schema_naming_another_metastore_is_refused()
    {
        var e = new Emulated("""{ "catalogs": [{ "name": "b" }] }""");
        Assert.That(ErrorOf(() => e.Create(Schema, Obj(("name", "a"), ("catalog_name", "b"), ("metastore_id", "new_id")))),
            Does.EndWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, WrongMetastore, e.Workspace.MetastoreId)));
    }

    // catalog/resource_schema_test.go TestDeleteSchema
    [Test]
    public void A_deleted_schema_reads_as_gone()
    {
        var e = new Emulated("""{ "catalogs": [{ "name": "b" }] }""");
        var state = e.Create(Schema, Obj(("name", "a"), ("catalog_name", "b")));
        e.Delete(Schema, state);
        Assert.That(e.Read(Schema, state), Is.Null);
    }

    // catalog/resource_grants_test.go TestGrantCreate, TestGrantUpdate
    [Test]
    public void Grants_on_a_table_have_the_id_type_slash_name()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "me@example.com" }] }""");
        var state = e.Create(Grants, Obj(("table", "foo.bar.baz"), ("grant", Blocks(Obj(("principal", "me@example.com"), ("privileges", new[] { "MODIFY" }))))));
        Assert.That(state["id"], Is.EqualTo("table/foo.bar.baz"));
        var updated = e.Update(Grants, state, Obj(("table", "foo.bar.baz"), ("grant", Blocks(Obj(("principal", "me@example.com"), ("privileges", new[] { "MODIFY", "SELECT" }))))));
        Assert.That(updated.Blocks("grant").Single().Strings("privileges"), Is.EquivalentTo(new[] { "MODIFY", "SELECT" }));
    }

    // catalog/resource_grants_test.go TestGrantReadMalformedId
    [Test]
    public void Grants_import_of_an_id_without_a_slash_is_refused()
    {
        var e = new Emulated();
        Assert.That(ErrorOf(() => e.Import(Grants, "foo.bar")), Is.EqualTo("ID must be two elements split by `/`: foo.bar"));
    }

    // catalog/resource_grants_test.go TestErrorIfWrongMetastoreId
    [Test]
    public void Grants_on_another_metastore_are_refused()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "me@example.com" }] }""");
        Assert.That(ErrorOf(() => e.Create(Grants, Obj(("metastore", "new_id"), ("grant", Blocks(Obj(("principal", "me@example.com"), ("privileges", new[] { "CREATE_CATALOG" }))))))),
            Does.EndWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, WrongMetastore, e.Workspace.MetastoreId)));
    }
}
