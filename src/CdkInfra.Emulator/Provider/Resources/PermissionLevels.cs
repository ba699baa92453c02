namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// The permission levels of each object type databricks_permissions manages, and which of them let a principal manage
/// the object. Ported from TPD permissions/permission_definitions.go (<c>allResourcePermissions</c>: field, object type,
/// request object type, <c>allowedPermissionLevels</c> with <c>isManagementPermission</c>).
/// </summary>
internal sealed record PermissionMapping(string Field, string ObjectType, string RequestObjectType, IReadOnlyDictionary<string, bool> Levels)
{
    private static PermissionMapping Of(string field, string objectType, string request, params (string Level, bool Management)[] levels) =>
        new(field, objectType, request, levels.ToDictionary(l => l.Level, l => l.Management, StringComparer.Ordinal));

    private static readonly (string, bool)[] WorkspaceObjectLevels = [("CAN_READ", false), ("CAN_RUN", false), ("CAN_EDIT", false), ("CAN_MANAGE", true)];

    public static readonly IReadOnlyList<PermissionMapping> All =
    [
        Of("cluster_policy_id", "cluster-policy", "cluster-policies", ("CAN_USE", true)),
        Of("instance_pool_id", "instance-pool", "instance-pools", ("CAN_ATTACH_TO", false), ("CAN_MANAGE", true)),
        Of("cluster_id", "cluster", "clusters", ("CAN_ATTACH_TO", false), ("CAN_RESTART", false), ("CAN_MANAGE", true)),
        Of("pipeline_id", "pipelines", "pipelines", ("CAN_VIEW", false), ("CAN_RUN", false), ("CAN_MANAGE", true), ("IS_OWNER", true)),
        Of("job_id", "job", "jobs", ("CAN_VIEW", false), ("CAN_MANAGE_RUN", false), ("IS_OWNER", true), ("CAN_MANAGE", true)),
        Of("notebook_id", "notebook", "notebooks", WorkspaceObjectLevels),
        Of("notebook_path", "notebook", "notebooks", WorkspaceObjectLevels),
        Of("directory_id", "directory", "directories", WorkspaceObjectLevels),
        Of("directory_path", "directory", "directories", WorkspaceObjectLevels),
        Of("workspace_file_id", "file", "files", WorkspaceObjectLevels),
        Of("workspace_file_path", "file", "files", WorkspaceObjectLevels),
        Of("repo_id", "repo", "repos", WorkspaceObjectLevels),
        Of("repo_path", "repo", "repos", WorkspaceObjectLevels),
        Of("sql_endpoint_id", "warehouses", "sql/warehouses", ("CAN_USE", false), ("CAN_MANAGE", true), ("CAN_MONITOR", false), ("CAN_VIEW", false), ("IS_OWNER", true)),
        Of("experiment_id", "mlflowExperiment", "experiments", ("CAN_READ", false), ("CAN_EDIT", false), ("CAN_MANAGE", true)),
        Of("registered_model_id", "registered-model", "registered-models", ("CAN_READ", false), ("CAN_EDIT", false), ("CAN_MANAGE_STAGING_VERSIONS", false), ("CAN_MANAGE_PRODUCTION_VERSIONS", false), ("CAN_MANAGE", true)),
        Of("serving_endpoint_id", "serving-endpoint", "serving-endpoints", ("CAN_VIEW", false), ("CAN_QUERY", false), ("CAN_MANAGE", true)),
    ];

    /// <summary>
    /// The refusal of a configuration naming no object, with every object field the provider knows, sorted (TPD
    /// permissions/permission_definitions.go <c>getResourcePermissionsFromState</c>; TPD test
    /// TestResourcePermissionsCreate_invalid).
    /// </summary>
    public const string NoObjectMessage = "at least one type of resource identifier must be set; allowed fields: alert_v2_id, app_name, authorization, cluster_id, cluster_policy_id, dashboard_id, database_instance_name, directory_id, directory_path, experiment_id, instance_pool_id, job_id, notebook_id, notebook_path, pipeline_id, registered_model_id, repo_id, repo_path, serving_endpoint_id, sql_alert_id, sql_dashboard_id, sql_endpoint_id, sql_query_id, vector_search_endpoint_id, workspace_file_id, workspace_file_path";

    /// <summary>The mapping of the first object field set in the configuration, or null.</summary>
    public static PermissionMapping? For(Dictionary<string, object?> permissions) =>
        All.FirstOrDefault(m => permissions.GetValueOrDefault(m.Field) is not null);

    /// <summary>The allowed levels, sorted (TPD <c>getAllowedPermissionLevels</c>).</summary>
    public string Allowed(bool includeNonManagement) =>
        string.Join(", ", Levels.Where(l => includeNonManagement || l.Value).Select(l => l.Key).Order(StringComparer.Ordinal));
}
