using CdkInfra.Course;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// What makes the shipped default deploy on the workspaces teachers have: the plan checks the metastore before it creates
/// catalogs, people who already exist are taken over and never deleted, the folder permissions wait for the groups they
/// name, and an account group's workspace assignment cannot be destroyed by accident. The same behaviour judged by the
/// real Terraform against the emulator's profiles: tests/emulator/profiles.bats.
/// </summary>
public sealed class DefaultDeployTests
{
    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("sam@example.com", "students")),
        ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["sales_dev"] = ["bronze"] },
    };

    [Test]
    public void Created_catalogs_without_a_managed_location_check_the_metastores_storage_root_at_plan()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.That(stack.Blocks("data").Select(d => $"{d.Type}.{d.Name}"), Does.Contain("databricks_current_metastore.metastore"));
        foreach (var name in new[] { "course", "reference_catalogs" })
        {
            var precondition = stack.Resource("databricks_catalog", name)["lifecycle"]!["precondition"]![0]!;
            Assert.Multiple(() =>
            {
                stack.HasResourceProperties("databricks_catalog", name, """{ "storage_root": null, "lifecycle": { "prevent_destroy": true } }""",
                    "no managed location, and the data-loss guard stays");
                Assert.That(precondition["condition"]!.GetValue<string>(), Does.Contain("data.databricks_current_metastore.metastore.metastore_info[0].storage_root"));
                // A catalog that exists (made in the UI, adopted) passes whatever the metastore.
                Assert.That(precondition["condition"]!.GetValue<string>(), Does.Contain(
                    $"contains(data.databricks_catalogs.metastore_catalogs.ids, {(name == "course" ? "\"databricks_course\"" : "each.key")})"));
                Assert.That(precondition["error_message"]!.GetValue<string>(), Does.Contain("reference or adopt them").And.Contain("a managed location").And.Contain("docs/identity-modes.md"));
            });
        }
    }

    [Test]
    public void A_managed_location_is_given_to_every_created_catalog_and_needs_no_check()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CatalogStorageRoot = "s3://course-bucket/catalogs" }));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_catalog", "course", """{ "storage_root": "s3://course-bucket/catalogs", "lifecycle": { "precondition": null } }""");
            stack.HasResourceProperties("databricks_catalog", "reference_catalogs", """{ "storage_root": "s3://course-bucket/catalogs" }""");
            Assert.That(stack.Blocks("data").Select(d => d.Type), Does.Not.Contain("databricks_current_metastore"));
            Assert.That(stack.Blocks("data").Select(d => d.Type), Does.Not.Contain("databricks_catalogs"));
        });
    }

    [Test]
    public void Referenced_catalogs_need_no_metastore_check() =>
        Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CatalogSource = ObjectSource.Existing })).Blocks("data").Select(d => d.Type),
            Does.Not.Contain("databricks_current_metastore"));

    [TestCase("/Volumes/x")]
    [TestCase("course-bucket")]
    public void Fails_when_the_catalog_storage_root_is_no_cloud_url(string root) =>
        Assert.That((new CourseWorkspaceProps(Props) { CatalogStorageRoot = root }).Validate("CourseWorkspaceProps").Select(p => p.ToString()),
            Has.One.Contains("CatalogStorageRoot").And.Contains($"'{root}' is not a cloud storage URL"));

    [Test]
    public void Users_who_exist_are_taken_over_and_leaving_the_roster_deactivates_instead_of_deleting() =>
        new SynthesizedStack(Synth.Course(Props)).HasResourceProperties("databricks_user", "users", """
            {
              // No 'User with username ... already exists'.
              "force": true,
              // A removed user is deactivated, never deleted.
              "disable_as_user_deletion": true
            }
            """);

    [Test]
    public void The_folder_permissions_wait_for_the_groups_they_name_in_the_users_mode() =>
        Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = Synth.FixtureMaterial })).DependsOn("databricks_permissions", "course_folder"),
            Does.Contain("databricks_group.groups"));

    [Test]
    public void An_account_groups_workspace_assignment_cannot_be_destroyed_by_a_plan() =>
        new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null }))
            .HasResourceProperties("databricks_permission_assignment", "group_workspace_assignment", """{ "lifecycle": { "prevent_destroy": true } }""");

    [Test]
    public void Super_admins_outside_the_roster_are_looked_up_and_the_plan_stops_naming_the_missing()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { SuperAdmins = ["ana@example.com", "owner@example.com", "platform_owners"] }));
        var precondition = stack.Resource("terraform_data", "super_admins_exist")["lifecycle"]!["precondition"]![0]!;
        Assert.Multiple(() =>
        {
            // A roster user is created by the stack, a group is not a user: only the outsider is looked up.
            stack.HasDataProperties("databricks_users", "super_admins", """{ "filter": "userName eq \"owner@example.com\"" }""");
            Assert.That(precondition["condition"]!.GetValue<string>(), Does.Contain("toset([\"owner@example.com\"])"));
            Assert.That(precondition["error_message"]!.GetValue<string>(), Does.Contain("neither in the roster nor workspace users"));
        });
    }

    [Test]
    public void Super_admins_in_the_roster_need_no_lookup() =>
        Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { SuperAdmins = ["ana@example.com"] })).Blocks("data").Select(d => d.Type),
            Does.Not.Contain("databricks_users"));
}
