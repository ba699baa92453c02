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
            var catalog = stack.Resource("databricks_catalog", name);
            var precondition = catalog["lifecycle"]!["precondition"]![0]!;
            Assert.Multiple(() =>
            {
                Assert.That(catalog.ContainsKey("storage_root"), Is.False);
                Assert.That(precondition["condition"]!.GetValue<string>(), Does.Contain("data.databricks_current_metastore.metastore.metastore_info[0].storage_root"));
                // A catalog that exists (made in the UI, adopted) passes whatever the metastore.
                Assert.That(precondition["condition"]!.GetValue<string>(), Does.Contain(
                    $"contains(data.databricks_catalogs.metastore_catalogs.ids, {(name == "course" ? "\"databricks_course\"" : "each.key")})"));
                Assert.That(precondition["error_message"]!.GetValue<string>(), Does.Contain("reference or adopt them").And.Contain("a managed location").And.Contain("docs/identity-modes.md"));
                Assert.That(catalog["lifecycle"]!["prevent_destroy"]!.GetValue<bool>(), Is.True, "the data-loss guard stays");
            });
        }
    }

    [Test]
    public void A_managed_location_is_given_to_every_created_catalog_and_needs_no_check()
    {
        const string root = "s3://course-bucket/catalogs";
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CatalogStorageRoot = root }));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resource("databricks_catalog", "course")["storage_root"]!.GetValue<string>(), Is.EqualTo(root));
            Assert.That(stack.Resource("databricks_catalog", "reference_catalogs")["storage_root"]!.GetValue<string>(), Is.EqualTo(root));
            Assert.That(stack.Resource("databricks_catalog", "course")["lifecycle"]!.AsObject().ContainsKey("precondition"), Is.False);
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
    public void Users_who_exist_are_taken_over_and_leaving_the_roster_deactivates_instead_of_deleting()
    {
        var users = new SynthesizedStack(Synth.Course(Props)).Resource("databricks_user", "users");
        Assert.Multiple(() =>
        {
            Assert.That(users["force"]!.GetValue<bool>(), Is.True, "no 'User with username ... already exists'");
            Assert.That(users["disable_as_user_deletion"]!.GetValue<bool>(), Is.True, "a removed user is deactivated, never deleted");
        });
    }

    [Test]
    public void The_folder_permissions_wait_for_the_groups_they_name_in_the_users_mode()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = Synth.FixtureMaterial }));
        var dependsOn = stack.Resource("databricks_permissions", "course_folder")["depends_on"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.That(dependsOn, Does.Contain("databricks_group.groups"));
    }

    [Test]
    public void An_account_groups_workspace_assignment_cannot_be_destroyed_by_a_plan()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null }));
        Assert.That(stack.Resource("databricks_permission_assignment", "group_workspace_assignment")["lifecycle"]!["prevent_destroy"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Super_admins_outside_the_roster_are_looked_up_and_the_plan_stops_naming_the_missing()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { SuperAdmins = ["ana@example.com", "owner@example.com", "platform_owners"] }));
        var lookup = stack.Data("databricks_users", "super_admins");
        var precondition = stack.Resource("terraform_data", "super_admins_exist")["lifecycle"]!["precondition"]![0]!;
        Assert.Multiple(() =>
        {
            // A roster user is created by the stack, a group is not a user: only the outsider is looked up.
            Assert.That(lookup["filter"]!.GetValue<string>(), Is.EqualTo("userName eq \"owner@example.com\""));
            Assert.That(precondition["condition"]!.GetValue<string>(), Does.Contain("toset([\"owner@example.com\"])"));
            Assert.That(precondition["error_message"]!.GetValue<string>(), Does.Contain("neither in the roster nor workspace users"));
        });
    }

    [Test]
    public void Super_admins_in_the_roster_need_no_lookup() =>
        Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { SuperAdmins = ["ana@example.com"] })).Blocks("data").Select(d => d.Type),
            Does.Not.Contain("databricks_users"));
}
