using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_permissions. Ports TPD permissions/resource_permissions.go (<c>CustomizeDiff</c>: at plan, a level the
/// object type does not have is refused, "permission_level X is not supported with Y objects; allowed levels: ...")
/// and permissions/permission_definitions.go (<c>validate</c>, at apply: the built-in <c>admins</c> group cannot be
/// configured, "it is not possible to modify admin permissions for T resources"; the current user cannot be given a
/// level without management, "cannot remove management permissions for the current user for T, allowed levels: ...").
/// Id <c>/&lt;request object type&gt;/&lt;object id&gt;</c>; workspace paths are mapped to the object's id.
/// </summary>
internal sealed class PermissionsResource : ResourceBehaviour
{
    public override string Type => "databricks_permissions";

    public override void Plan(Call call, PlanRequest plan)
    {
        var mapping = PermissionMapping.For(plan.Planned);
        if (mapping is null)
        {
            return;
        }

        foreach (var access in plan.Planned.Blocks("access_control"))
        {
            if (access.Str("permission_level") is { } level && !mapping.Levels.ContainsKey(level))
            {
                plan.Errors.Add($"permission_level {level} is not supported with {mapping.Field} objects; allowed levels: {mapping.Allowed(true)}");
            }
        }
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var mapping = PermissionMapping.For(state) ?? throw new PlatformException(PermissionMapping.NoObjectMessage);
        var me = call.Workspace.CurrentUser;
        foreach (var access in state.Blocks("access_control"))
        {
            if (access.Str("group_name") == "admins")
            {
                throw new PlatformException($"it is not possible to modify admin permissions for {mapping.ObjectType} resources");
            }

            var level = access.Str("permission_level") ?? string.Empty;
            // Compared exactly, as the provider's validate does.
            var mine = access.Str("user_name") == me || access.Str("service_principal_name") == me;
            if (mine && !mapping.Levels.GetValueOrDefault(level))
            {
                throw new PlatformException($"cannot remove management permissions for the current user for {mapping.ObjectType}, allowed levels: {mapping.Allowed(false)}");
            }
        }

        var objectId = ObjectId(call, mapping, state.GetValueOrDefault(mapping.Field)?.ToString()!);
        Fill(state, "object_type", mapping.ObjectType);
        return $"/{mapping.RequestObjectType}/{objectId}";
    }

    private static string ObjectId(Call call, PermissionMapping mapping, string value)
    {
        var pathType = mapping.Field switch
        {
            "directory_path" => "databricks_directory",
            "notebook_path" => "databricks_notebook",
            "workspace_file_path" => "databricks_workspace_file",
            _ => null,
        };
        if (pathType is null)
        {
            return value;
        }

        // TPD permissions/permission_definitions.go: the path's id retriever fails with "cannot load path X: <API error>"
        // (TPD tests TestPathPermissionsResourceIDFields, TestResourcePermissionsCreate_NotebookPath_NotExists); the
        // Workspace API's own text for a missing path needs a live check.
        return call.Workspace.Get(pathType, value)?.GetValueOrDefault("object_id")?.ToString()
            ?? throw new PlatformException($"cannot create permissions: cannot load path {value}: RESOURCE_DOES_NOT_EXIST: Path ({value}) doesn't exist.");
    }

    /// <summary>
    /// The permissions of an object that is gone are gone: Read drops them from the state (TPD
    /// permissions/resource_permissions.go Read on a 404 or a removed cluster; TPD tests TestResourcePermissionsRead_NotFound,
    /// TestResourcePermissionsRead_RemovedCluster), so the next plan creates them again.
    /// </summary>
    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var record = base.Read(call, current);
        if (record is null || PermissionMapping.For(current) is not { } mapping || current.GetValueOrDefault(mapping.Field)?.ToString() is not { } value)
        {
            return record;
        }

        var type = mapping.Field switch
        {
            "cluster_id" => "databricks_cluster",
            "cluster_policy_id" => "databricks_cluster_policy",
            "job_id" => "databricks_job",
            "sql_endpoint_id" => "databricks_sql_endpoint",
            "experiment_id" => "databricks_mlflow_experiment",
            "directory_path" => "databricks_directory",
            "notebook_path" => "databricks_notebook",
            "workspace_file_path" => "databricks_workspace_file",
            _ => null,
        };
        return type is null || call.Workspace.Get(type, value) is not null ? record : null;
    }
}
