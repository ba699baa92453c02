using CdkInfra.Emulator.Values;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>Ported from TPD permissions/resource_permissions_test.go and permissions/permissions_test.go (v1.99.0).</summary>
public sealed class ProviderCasesPermissions
{
    private const string Permissions = "databricks_permissions";

    private static Dictionary<string, object?> Access(string principalKey, string principal, string level) =>
        Obj((principalKey, principal), ("permission_level", level));

    private static (Emulated E, string Cluster) WithCluster()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "ben@example.com" }] }""");
        var cluster = e.Create("databricks_cluster", Obj(("cluster_name", "c"), ("spark_version", "16.4.x-scala2.12"), ("node_type_id", "m5d.large")));
        return (e, cluster.Str("id")!);
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsCustomizeDiff_ErrorOnCreate, TestResourcePermissionsCreate_error
    [TestCase("WHATEVER")]
    [TestCase("CAN_USE")]
    public void A_level_the_object_type_does_not_have_fails_the_plan(string level)
    {
        var e = new Emulated();
        var plan = e.Plan(Permissions, Obj(("cluster_id", "abc"), ("access_control", Blocks(Access("user_name", "ben@example.com", level)))));
        Assert.That(plan.Errors, Is.EqualTo(new[] { $"permission_level {level} is not supported with cluster_id objects; allowed levels: CAN_ATTACH_TO, CAN_MANAGE, CAN_RESTART" }));
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsCreate_invalid
    [Test]
    public void Permissions_naming_no_object_list_every_object_field()
    {
        var e = new Emulated();
        Assert.That(ErrorOf(() => e.Create(Permissions, Obj(("access_control", Blocks(Access("user_name", "ben@example.com", "CAN_READ")))))),
            Is.EqualTo("at least one type of resource identifier must be set; allowed fields: alert_v2_id, app_name, authorization, cluster_id, cluster_policy_id, dashboard_id, database_instance_name, directory_id, directory_path, experiment_id, instance_pool_id, job_id, notebook_id, notebook_path, pipeline_id, registered_model_id, repo_id, repo_path, serving_endpoint_id, sql_alert_id, sql_dashboard_id, sql_endpoint_id, sql_query_id, vector_search_endpoint_id, workspace_file_id, workspace_file_path"));
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsCreate_AdminsThrowError
    [Test]
    public void Permissions_for_the_admins_group_are_refused()
    {
        var (e, cluster) = WithCluster();
        Assert.That(ErrorOf(() => e.Create(Permissions, Obj(("cluster_id", cluster), ("access_control", Blocks(Access("group_name", "admins", "CAN_MANAGE")))))),
            Is.EqualTo("it is not possible to modify admin permissions for cluster resources"));
    }

    // permissions/permissions_test.go (the current user given a level without management: instance-pool, cluster, job,
    // notebook, directory cases)
    [TestCase("cluster_id", "CAN_ATTACH_TO", "cluster, allowed levels: CAN_MANAGE")]
    [TestCase("job_id", "CAN_VIEW", "job, allowed levels: CAN_MANAGE, IS_OWNER")]
    [TestCase("instance_pool_id", "CAN_ATTACH_TO", "instance-pool, allowed levels: CAN_MANAGE")]
    [TestCase("directory_id", "CAN_READ", "directory, allowed levels: CAN_MANAGE")]
    [TestCase("notebook_id", "CAN_RUN", "notebook, allowed levels: CAN_MANAGE")]
    public void The_current_user_cannot_be_given_a_level_without_management(string field, string level, string expected)
    {
        var e = new Emulated();
        Assert.That(ErrorOf(() => e.Create(Permissions, Obj((field, "123"), ("access_control", Blocks(Access("user_name", e.Workspace.CurrentUser, level)))))),
            Is.EqualTo($"cannot remove management permissions for the current user for {expected}"));
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsCreate
    [Test]
    public void Cluster_permissions_have_the_request_path_as_id()
    {
        var (e, cluster) = WithCluster();
        var state = e.Create(Permissions, Obj(("cluster_id", cluster), ("access_control", Blocks(Access("user_name", "ben@example.com", "CAN_ATTACH_TO")))));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo($"/clusters/{cluster}"));
            Assert.That(state["object_type"], Is.EqualTo("cluster"));
        });
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsRead_NotFound, TestResourcePermissionsRead_RemovedCluster
    [Test]
    public void Permissions_of_a_removed_cluster_read_as_gone()
    {
        var (e, cluster) = WithCluster();
        var state = e.Create(Permissions, Obj(("cluster_id", cluster), ("access_control", Blocks(Access("user_name", "ben@example.com", "CAN_RESTART")))));
        Assert.That(e.Read(Permissions, state), Is.Not.Null);
        e.Delete("databricks_cluster", e.Workspace.Get("databricks_cluster", cluster)!);
        Assert.That(e.Read(Permissions, state), Is.Null);
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsCreate_NotebookPath_NotExists, TestPathPermissionsResourceIDFields
    [Test]
    public void Permissions_on_a_path_that_does_not_exist_cannot_load_it()
    {
        var e = new Emulated();
        Assert.That(ErrorOf(() => e.Create(Permissions, Obj(("notebook_path", "/Development/Init"), ("access_control", Blocks(Access("user_name", "ben@example.com", "CAN_READ")))))),
            Does.Contain("cannot load path /Development/Init"));
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsCreate_NotebookPath, TestResourcePermissionsCreate_DirectoryPath
    [TestCase("databricks_notebook", "notebook_path", "/Development/Init", "notebooks", "notebook")]
    [TestCase("databricks_directory", "directory_path", "/First", "directories", "directory")]
    public void Permissions_on_a_path_use_the_object_id(string type, string field, string path, string request, string objectType)
    {
        var e = new Emulated("""{ "users": [{ "user_name": "ben@example.com" }] }""");
        var config = Obj(("path", path));
        if (type == "databricks_notebook")
        {
            config["content_base64"] = "MSsx";
            config["language"] = "PYTHON";
        }

        var objectId = e.Create(type, config)["object_id"];
        var state = e.Create(Permissions, Obj((field, path), ("access_control", Blocks(Access("user_name", "ben@example.com", "CAN_READ")))));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo($"/{request}/{objectId}"));
            Assert.That(state["object_type"], Is.EqualTo(objectType));
        });
    }

    // permissions/resource_permissions_test.go TestResourcePermissionsRootDirectory
    [Test]
    public void Permissions_on_the_root_directory_by_id()
    {
        var e = new Emulated("""{ "users": [{ "user_name": "ben@example.com" }] }""");
        var state = e.Create(Permissions, Obj(("directory_id", "0"), ("access_control", Blocks(Access("user_name", "ben@example.com", "CAN_READ")))));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo("/directories/0"));
            Assert.That(state.Blocks("access_control").Single()["permission_level"], Is.EqualTo("CAN_READ"));
        });
    }
}
