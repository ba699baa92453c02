using System.Text.Json.Nodes;
using CdkInfra.Course;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>Adopting an existing workspace: Terraform import blocks, checked for shape and targets.</summary>
public sealed class AdoptionTests
{
    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("sam@example.com", "students")),
    };

    private static JsonArray Imports(CourseWorkspaceProps props) => Synth.Course(props)["import"] as JsonArray ?? [];

    [Test]
    public void Nothing_is_imported_by_default()
    {
        var root = Synth.Course(Props);
        Assert.Multiple(() =>
        {
            Assert.That(root.ContainsKey("import"), Is.False);
            Assert.That(new SynthesizedStack(root).Blocks("data").Select(d => d.Name), Has.None.StartWith("adopt_"));
        });
    }

    [Test]
    public void Adopting_everything_imports_every_managed_kind_by_its_import_id()
    {
        var imports = Imports(new CourseWorkspaceProps(Props) { UserSource = ObjectSource.Adopt, GroupSource = ObjectSource.Adopt, CatalogSource = ObjectSource.Adopt, SchemaSource = ObjectSource.Adopt }).Select(i => i!.AsObject()).ToList();
        var byTarget = imports.ToDictionary(i => i["to"]!.GetValue<string>(), i => i["id"]!.GetValue<string>());
        Assert.That(byTarget, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["databricks_catalog.reference_catalogs[each.key]"] = "${each.key}",
            ["databricks_catalog.course"] = "${each.key}",
            ["databricks_schema.reference_schemas[each.key]"] = "${each.key}",
            ["databricks_schema.course_shared_schemas[each.key]"] = "databricks_course.${each.key}",
            ["databricks_schema.personal_schemas[each.key]"] = "databricks_course.${each.value}",
            ["databricks_group.groups[each.key]"] = "${each.value.id}",
            ["databricks_user.users[each.key]"] = "${each.value}",
        }));
        Assert.That(imports.Select(i => i["for_each"]?.GetValue<string>()), Has.All.StartWith("${"), "each block imports only what exists (for_each, Terraform 1.7)");
    }

    [Test]
    public void Every_import_targets_a_resource_block_of_the_stack_and_lookups_are_data_sources()
    {
        var root = Synth.Course(new CourseWorkspaceProps(Props) { UserSource = ObjectSource.Adopt, GroupSource = ObjectSource.Adopt, CatalogSource = ObjectSource.Adopt, SchemaSource = ObjectSource.Adopt });
        var stack = new SynthesizedStack(root);
        foreach (var import in (JsonArray)root["import"]!)
        {
            var to = import!["to"]!.GetValue<string>().Split('[')[0].Split('.');
            Assert.That(root["resource"]?[to[0]]?[to[1]], Is.Not.Null, $"{to[0]}.{to[1]} exists");
        }

        Assert.That(stack.Blocks("data").Select(d => $"{d.Type}.{d.Name}"), Is.EquivalentTo(new[]
        {
            "databricks_catalogs.adopt_existing_catalogs", "databricks_schemas.adopt_existing_schemas",
            "databricks_group.adopt_existing_groups", "databricks_users.adopt_existing_users", "databricks_current_user.deployer",
            "databricks_current_metastore.metastore", "databricks_catalogs.metastore_catalogs",
        }));
        Assert.That(stack.Data("databricks_schemas", "adopt_existing_schemas")["for_each"]!.GetValue<string>(), Does.Not.Contain("${toset(${"));
    }

    [Test]
    public void A_kind_that_is_referenced_rather_than_created_is_not_imported()
    {
        var targets = Imports(new CourseWorkspaceProps(Props) { UserSource = ObjectSource.Existing, GroupSource = ObjectSource.Adopt, CatalogSource = ObjectSource.Existing, SchemaSource = ObjectSource.Adopt })
            .Select(i => i!["to"]!.GetValue<string>()).ToList();
        Assert.That(targets, Has.None.StartWith("databricks_user.").And.None.StartWith("databricks_catalog."));
        Assert.That(targets, Has.Some.StartWith("databricks_schema."));
    }

    [Test]
    public void Only_the_listed_kinds_are_adopted() =>
        Assert.That(Imports(new CourseWorkspaceProps(Props) { UserSource = ObjectSource.Adopt }).Select(i => i!["to"]!.GetValue<string>()),
            Is.EqualTo(new[] { "databricks_user.users[each.key]" }));

    [Test]
    public void Account_groups_are_imported_through_the_account_provider()
    {
        var imports = Imports(new CourseWorkspaceProps(AccountGroupsTests.Account) { UserSource = ObjectSource.Adopt, GroupSource = ObjectSource.Adopt, CatalogSource = ObjectSource.Adopt, SchemaSource = ObjectSource.Adopt });
        var groups = imports.Single(i => i!["to"]!.GetValue<string>() == "databricks_group.groups[each.key]")!;
        Assert.That(groups["provider"]!.GetValue<string>(), Is.EqualTo("databricks.account"));
    }
}
