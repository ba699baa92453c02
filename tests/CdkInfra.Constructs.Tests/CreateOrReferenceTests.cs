using CdkInfra.Course;
using CdkInfra.Terraform;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Catalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCatalog;

namespace CdkInfra.Constructs.Tests;

/// <summary>With creation off, each kind is read through a data source and everything downstream stays the same.</summary>
public sealed class CreateOrReferenceTests
{
    private static readonly CourseWorkspaceProps Created = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("sam@example.com", "students")),
        SuperAdmins = ["boss@example.com"],
    };

    private static readonly CourseWorkspaceProps Referenced = new CourseWorkspaceProps(Created)
    {
        UserSource = ObjectSource.Existing,
        GroupSource = ObjectSource.Existing,
        CatalogSource = ObjectSource.Existing,
        SchemaSource = ObjectSource.Existing,
    };

    [Test]
    public void An_existing_secret_scope_gets_its_access_lists_and_is_never_created()
    {
        var created = new SynthesizedStack(Synth.Course(Created));
        var existing = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Created) { SecretScopeSource = ObjectSource.Existing }));
        Assert.Multiple(() =>
        {
            Assert.That(created.Resources().Select(r => r.Type), Has.Member("databricks_secret_scope"));
            Assert.That(existing.Resources().Select(r => r.Type), Has.No.Member("databricks_secret_scope"));
            existing.HasResourceProperties("databricks_secret_acl", "course_students", """{ "scope": "course-apis", "permission": "READ" }""");
            existing.HasResourceProperties("databricks_secret_acl", "course_admins", """{ "scope": "course-apis", "permission": "MANAGE" }""");
            created.HasResourceProperties("databricks_secret_acl", "course_students", """{ "scope": "${databricks_secret_scope.course.name}" }""");
        });
    }

    [Test]
    public void Referencing_everything_manages_no_users_groups_catalogs_or_schemas()
    {
        var stack = new SynthesizedStack(Synth.Course(Referenced));
        var managed = stack.Resources().Select(r => r.Type).Distinct();
        // Besides the references: the super admins outside the roster, looked up for the plan's pre-flight check.
        var read = stack.Blocks("data").Select(d => $"{d.Type}.{d.Name}").Where(d => d != "databricks_users.super_admins");
        Assert.Multiple(() =>
        {
            // Besides memberships and grants, what students need on any workspace: entitlements and the secret scope; and
            // the terraform_data instance the personal-schema grants wait on (Terraform's own, no Databricks object).
            Assert.That(managed, Is.EquivalentTo(new[]
            {
                "databricks_group_member", "databricks_grants", "databricks_grant", "databricks_entitlements", "databricks_secret_scope", "databricks_secret_acl", "terraform_data",
            }));
            Assert.That(read, Is.EquivalentTo(new[]
            {
                "databricks_current_user.deployer", "databricks_user.users", "databricks_group.groups", "databricks_catalog.reference_catalogs", "databricks_catalog.course",
                "databricks_schema.reference_schemas", "databricks_schema.course_shared_schemas", "databricks_schema.personal_schemas",
            }));
        });
    }

    [Test]
    public void Data_sources_look_up_the_same_names_the_resources_would_create()
    {
        var data = new SynthesizedStack(Synth.Course(Referenced));
        string Names(string type, string name, string attribute) => string.Join(",",
            data.Instances(name, data.Data(type, name)).Select(i => data.Eval(data.Data(type, name)[attribute]!.GetValue<string>(), i)));
        Assert.Multiple(() =>
        {
            Assert.That(Names("databricks_user", "users", "user_name"), Is.EqualTo("ana@example.com,sam@example.com"));
            Assert.That(Names("databricks_group", "groups", "display_name"), Is.EqualTo("platform_admins,platform_students"));
            Assert.That(Names("databricks_schema", "personal_schemas", "name"), Is.EqualTo("databricks_course.ana,databricks_course.sam"));
            Assert.That(Names("databricks_schema", "course_shared_schemas", "name"), Is.EqualTo("databricks_course.shared_bronze,databricks_course.shared_silver,databricks_course.shared_gold"));
            Assert.That(Names("databricks_catalog", "course", "name"), Is.EqualTo("databricks_course"));
        });
    }

    [Test]
    public void Grants_are_the_same_whether_objects_are_created_or_referenced()
    {
        static IEnumerable<string> Flatten(CourseWorkspaceProps props) => new SynthesizedStack(Synth.Course(props)).Grants()
            .SelectMany(g => g.Privileges.Select(p => $"{g.SecurableType}:{g.Securable} {p.Key} {string.Join("+", p.Value)}"));
        Assert.That(Flatten(Referenced), Is.EquivalentTo(Flatten(Created)));
    }

    [Test]
    public void Memberships_are_the_same_whether_identities_are_created_or_referenced()
    {
        static IEnumerable<string> Members(CourseWorkspaceProps props)
        {
            var stack = new SynthesizedStack(Synth.Course(props));
            return stack.Resources().Where(r => r.Type == "databricks_group_member").SelectMany(r =>
                stack.Instances(r.Name, r.Block).Select(i => $"{stack.Eval(r.Block["group_id"]!.GetValue<string>(), i)} <- {stack.Eval(r.Block["member_id"]!.GetValue<string>(), i)}"));
        }

        Assert.That(Members(Referenced), Is.EquivalentTo(Members(Created)));
        Assert.That(Members(Created), Is.EquivalentTo(new[] { "group-id:platform_admins <- user-id:ana@example.com", "group-id:platform_students <- user-id:sam@example.com" }));
    }

    [TestCase(nameof(CourseWorkspaceProps.UserSource), "databricks_user")]
    [TestCase(nameof(CourseWorkspaceProps.GroupSource), "databricks_group")]
    [TestCase(nameof(CourseWorkspaceProps.CatalogSource), "databricks_catalog")]
    [TestCase(nameof(CourseWorkspaceProps.SchemaSource), "databricks_schema")]
    public void Each_kind_switches_on_its_own(string switchName, string type)
    {
        var props = switchName switch
        {
            nameof(CourseWorkspaceProps.UserSource) => new CourseWorkspaceProps(Created) { UserSource = ObjectSource.Existing },
            nameof(CourseWorkspaceProps.GroupSource) => new CourseWorkspaceProps(Created) { GroupSource = ObjectSource.Existing },
            nameof(CourseWorkspaceProps.CatalogSource) => new CourseWorkspaceProps(Created) { CatalogSource = ObjectSource.Existing },
            _ => new CourseWorkspaceProps(Created) { SchemaSource = ObjectSource.Existing },
        };
        var stack = new SynthesizedStack(Synth.Course(props));
        var managedTypes = stack.Resources().Select(r => r.Type).ToHashSet();
        // The deploying identity is always read: it owns the personal schemas; the metastore and its catalogs are read
        // when catalogs are created, for the plan's check of its storage root.
        // The super admins outside the roster are looked up for the plan's pre-flight check.
        var readTypes = stack.Blocks("data").Select(d => d.Type).Where(t => t is not ("databricks_current_user" or "databricks_current_metastore" or "databricks_catalogs" or "databricks_users")).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(managedTypes, Does.Not.Contain(type));
            Assert.That(readTypes, Is.EquivalentTo(new[] { type }));
        });
    }

    [TestCase(true, "databricks_catalog.course", "${databricks_catalog.course.name}")]
    [TestCase(false, "data.databricks_catalog.course", "${data.databricks_catalog.course.name}")]
    public void One_helper_builds_the_resource_or_the_data_source_at_the_same_name(bool create, string address, string name)
    {
        var stack = new TerraformStack(Testing.App(), "test");
        var built = new List<string>();
        var catalog = CreateOrReference.Build(ObjectKind.Catalog, create, "course",
            () =>
            {
                built.Add("resource");
                return new Catalog(stack, "Catalog", new CatalogConfig { Name = "databricks_course" });
            },
            () =>
            {
                built.Add("data");
                return new DataDatabricksCatalog(stack, "Catalog", new DataDatabricksCatalogConfig { Name = "databricks_course" });
            });
        Assert.Multiple(() =>
        {
            Assert.That(built, Is.EqualTo(new[] { create ? "resource" : "data" }), "only the chosen one is built");
            Assert.That(catalog.Address, Is.EqualTo(address));
            Assert.That(catalog.IsCreated, Is.EqualTo(create));
            Assert.That(catalog.Name(), Is.EqualTo(name));
            Assert.That(CatalogRef.Of("databricks_course", catalog).NameExpression, Is.EqualTo(name));
            Assert.That(CatalogRef.Named("databricks_course").NameExpression, Is.EqualTo("databricks_course"));
        });
    }

    [Test]
    public void The_workspace_hands_its_objects_over_as_created_or_read()
    {
        static IEnumerable<(ObjectKind?, bool)> Kinds(CourseWorkspaceProps props)
        {
            var stack = new TerraformStack(Testing.App(), "test");
            _ = new HashiCorp.Cdktf.Providers.Databricks.Provider.DatabricksProvider(stack, "Databricks", new HashiCorp.Cdktf.Providers.Databricks.Provider.DatabricksProviderConfig());
            var workspace = new CourseWorkspace(stack, "Workspace", props);
            return new[]
            {
                workspace.CourseCatalog!.Catalog.Object!, workspace.CourseCatalog.SharedSchemas!, workspace.ReferenceCatalogs!.Catalogs!,
                workspace.ReferenceCatalogs.Schemas!, workspace.UserSchemas!.Schemas,
            }.Select(r => (r.Kind, r.IsCreated));
        }

        Assert.Multiple(() =>
        {
            Assert.That(Kinds(Created), Is.EqualTo(new (ObjectKind?, bool)[]
            {
                (ObjectKind.Catalog, true), (ObjectKind.Schema, true), (ObjectKind.Catalog, true), (ObjectKind.Schema, true), (ObjectKind.Schema, true),
            }));
            Assert.That(Kinds(Referenced).Select(k => k.Item2), Has.All.False);
        });
    }
}
