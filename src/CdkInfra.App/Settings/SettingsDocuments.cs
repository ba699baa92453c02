using System.Text.Json;
using System.Text.Json.Serialization;
using CdkInfra.Course;

namespace CdkInfra.Settings;

/// <summary>
/// The context of <c>cdktf.json</c> as the app reads it: one property per key (its JSON name is the key), typed as the
/// key accepts it; null when absent. A property named like a <see cref="CourseWorkspaceProps"/> property sets it, so
/// the props validator's problems are reported under the key (<see cref="CourseSettingNames"/>).
/// </summary>
internal sealed class ContextDocument
{
    [JsonPropertyName("usersFile"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? UsersFile { get; set; }

    [JsonPropertyName("databricksProfile"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? DatabricksProfile { get; set; }

    [JsonPropertyName("databricksHost"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? DatabricksHost { get; set; }

    [JsonPropertyName("adminsGroup"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? AdminsGroupName { get; set; }

    [JsonPropertyName("studentsGroup"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? StudentsGroupName { get; set; }

    [JsonPropertyName("superAdmins"), JsonConverter(typeof(StringArrayConverter))]
    public string[]? SuperAdmins { get; set; }

    [JsonPropertyName("referenceCatalogs"), JsonConverter(typeof(CatalogMapConverter))]
    public Dictionary<string, string[]>? ReferenceCatalogs { get; set; }

    [JsonPropertyName("courseCatalog"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? CourseCatalogName { get; set; }

    [JsonPropertyName("courseSharedSchemas"), JsonConverter(typeof(StringArrayConverter))]
    public string[]? CourseSharedSchemas { get; set; }

    [JsonPropertyName("studentsReadPeerSchemas")]
    public bool? StudentsReadPeerSchemas { get; set; }

    [JsonPropertyName("createUsers")]
    public bool? CreateUsers { get; set; }

    [JsonPropertyName("createGroups")]
    public bool? CreateGroups { get; set; }

    [JsonPropertyName("createCatalogs")]
    public bool? CreateCatalogs { get; set; }

    [JsonPropertyName("createSchemas")]
    public bool? CreateSchemas { get; set; }

    [JsonPropertyName("catalogStorageRoot")]
    public string? CatalogStorageRoot { get; set; }

    [JsonPropertyName("allowDestroy"), JsonConverter(typeof(DestroyScopeConverter))]
    public DestroyScope? AllowDestroy { get; set; }

    [JsonPropertyName("adoptExisting"), JsonConverter(typeof(AdoptKindsConverter))]
    public HashSet<AdoptSetting>? AdoptExisting { get; set; }

    [JsonPropertyName("groupsLevel"), JsonConverter(typeof(GroupsLevelConverter))]
    public GroupsLevelSetting? GroupsLevel { get; set; }

    [JsonPropertyName("principals"), JsonConverter(typeof(PrincipalModeConverter))]
    public PrincipalMode? Principals { get; set; }

    [JsonPropertyName("personalSchemaOwner"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? PersonalSchemaOwner { get; set; }

    [JsonPropertyName("manageDisplayNames")]
    public bool? ManageDisplayNames { get; set; }

    [JsonPropertyName("cohortSize"), JsonConverter(typeof(PositiveIntegerConverter))]
    public long? CohortSize { get; set; }

    [JsonPropertyName("studentCompute"), JsonConverter(typeof(StudentComputeConverter))]
    public StudentCompute? StudentCompute { get; set; }

    [JsonPropertyName("studentWarehouse")]
    public bool? StudentWarehouse { get; set; }

    [JsonPropertyName("studentAutoterminationMinutes"), JsonConverter(typeof(PositiveIntegerConverter))]
    public long? StudentAutoterminationMinutes { get; set; }

    [JsonPropertyName("studentMaxDbusPerHour"), JsonConverter(typeof(PositiveIntegerConverter))]
    public long? StudentMaxDbusPerHour { get; set; }

    [JsonPropertyName("studentNodeTypes"), JsonConverter(typeof(StringArrayConverter))]
    public string[]? StudentNodeTypes { get; set; }

    [JsonPropertyName("courseSecretScope"), JsonConverter(typeof(TextOrOffConverter))]
    public TextOrOff? CourseSecretScope { get; set; }

    [JsonPropertyName("databricksAccountId"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? AccountId { get; set; }

    [JsonPropertyName("databricksAccountHost"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? AccountHost { get; set; }

    [JsonPropertyName("databricksAccountProfile"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? AccountProfile { get; set; }

    [JsonPropertyName("databricksWorkspaceId"), JsonConverter(typeof(PositiveIntegerConverter))]
    public long? WorkspaceId { get; set; }

    [JsonPropertyName("courseWorkspaceFolder"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? CourseWorkspaceFolder { get; set; }

    [JsonPropertyName("courseDatasetsSchema"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? CourseDatasetsSchema { get; set; }

    [JsonPropertyName("courseDatasetsVolume"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? CourseDatasetsVolume { get; set; }

    [JsonPropertyName("courseFolderPermissions")]
    public bool? CourseFolderPermissions { get; set; }

    [JsonPropertyName("courseSmokeJob")]
    public bool? CourseSmokeJob { get; set; }

    [JsonPropertyName("courseSmokeRunAs"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? CourseSmokeRunAs { get; set; }

    [JsonPropertyName("courseSmokeClusterId"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? CourseSmokeClusterId { get; set; }

    [JsonPropertyName("courseNotebooksFolder"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? NotebooksFolder { get; set; }

    [JsonPropertyName("courseDatasetsFolder"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? DatasetsFolder { get; set; }

    [JsonPropertyName("coursePackagesFolder"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? PackagesFolder { get; set; }

    [JsonPropertyName("courseSolutionsFolder"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? SolutionsFolder { get; set; }

    /// <summary>The <c>codingAssistants</c> object, bound on its own (<see cref="CodingAssistantsDocument"/>).</summary>
    [JsonPropertyName(CodingAssistantsSettings.Key)]
    public JsonElement? CodingAssistants { get; set; }

    /// <summary>The <c>backend</c> object, whose fields depend on its type (<see cref="StateBackendSettings"/>).</summary>
    [JsonPropertyName(StateBackendSettings.ContextKey)]
    public JsonElement? Backend { get; set; }
}

/// <summary>
/// The <c>codingAssistants</c> object: one property per key. A property named like a
/// <see cref="CodingAssistants.CodingAssistantsClusterProps"/> property sets it.
/// </summary>
internal sealed class CodingAssistantsDocument
{
    [JsonPropertyName("clusterName")]
    public string? ClusterName { get; set; }

    [JsonPropertyName("catalog")]
    public string? CatalogName { get; set; }

    [JsonPropertyName("schema")]
    public string? SchemaName { get; set; }

    [JsonPropertyName("volume")]
    public string? VolumeName { get; set; }

    [JsonPropertyName("initScript")]
    public string? InitScriptPath { get; set; }

    [JsonPropertyName("sparkVersion")]
    public string? SparkVersion { get; set; }

    [JsonPropertyName("nodeTypeId")]
    public string? NodeTypeId { get; set; }

    [JsonPropertyName("autoterminationMinutes")]
    public int? AutoterminationMinutes { get; set; }

    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    [JsonPropertyName("numWorkers")]
    public int? NumWorkers { get; set; }

    [JsonPropertyName("minWorkers")]
    public int? MinWorkers { get; set; }

    [JsonPropertyName("maxWorkers")]
    public int? MaxWorkers { get; set; }

    [JsonPropertyName("mlflowExperimentName")]
    public string? MlflowExperimentName { get; set; }

    [JsonPropertyName("createMlflowExperiment")]
    public bool? CreateMlflowExperiment { get; set; }

    [JsonPropertyName("tags"), JsonConverter(typeof(StringMapConverter))]
    public Dictionary<string, string>? Tags { get; set; }

    [JsonPropertyName("singleUserName")]
    public string? SingleUserName { get; set; }

    [JsonPropertyName("model")]
    public string? ModelName { get; set; }

    [JsonPropertyName("offline")]
    public bool? Offline { get; set; }

    [JsonPropertyName("users"), JsonConverter(typeof(StringArrayConverter))]
    public string[]? Users { get; set; }

    [JsonPropertyName("userRoles"), JsonConverter(typeof(StringArrayConverter))]
    public string[]? UserRoles { get; set; }

    [JsonPropertyName("userPermission")]
    public string? UserPermission { get; set; }

    [JsonPropertyName("opusModel")]
    public string? OpusModelName { get; set; }

    [JsonPropertyName("haikuModel")]
    public string? HaikuModelName { get; set; }

    [JsonPropertyName("sqlWarehouseId")]
    public string? SqlWarehouseId { get; set; }

    [JsonPropertyName("mlflowRequirements")]
    public string? MlflowRequirementsPath { get; set; }

    [JsonPropertyName("provisioning")]
    public string? Provisioning { get; set; }

    [JsonPropertyName("maxClustersPerUser")]
    public int? MaxClustersPerUser { get; set; }

    [JsonPropertyName("allowedNodeTypeIds"), JsonConverter(typeof(StringArrayConverter))]
    public string[]? AllowedNodeTypeIds { get; set; }

    [JsonPropertyName("minNodeMemoryGb")]
    public int? MinNodeMemoryGb { get; set; }

    [JsonPropertyName("tracing")]
    public bool? Tracing { get; set; }

    [JsonPropertyName("logVolume")]
    public string? LogVolumeName { get; set; }
}

// The backend objects, one document per backend type: Terraform's own argument names, strings non-empty and trimmed,
// flags booleans. A property with an initial value is a default the backend gets when the key is absent.

/// <summary>The <c>local</c> backend: no fields.</summary>
internal sealed class LocalBackendDocument;

/// <summary>The <c>s3</c> backend's fields.</summary>
internal sealed class S3BackendDocument
{
    [JsonPropertyName("bucket"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Bucket { get; set; }

    [JsonPropertyName("region"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Region { get; set; }

    [JsonPropertyName("key_prefix"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? KeyPrefix { get; set; } = StateBackendSettings.DefaultKeyPrefix;

    [JsonPropertyName("use_lockfile")]
    public bool? UseLockfile { get; set; }

    [JsonPropertyName("dynamodb_table"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? DynamodbTable { get; set; }

    [JsonPropertyName("encrypt")]
    public bool? Encrypt { get; set; } = true;

    [JsonPropertyName("kms_key_id"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? KmsKeyId { get; set; }

    [JsonPropertyName("profile"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Profile { get; set; }

    [JsonPropertyName("role_arn"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? RoleArn { get; set; }
}

/// <summary>The <c>azurerm</c> backend's fields.</summary>
internal sealed class AzurermBackendDocument
{
    [JsonPropertyName("resource_group_name"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? ResourceGroupName { get; set; }

    [JsonPropertyName("storage_account_name"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? StorageAccountName { get; set; }

    [JsonPropertyName("container_name"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? ContainerName { get; set; }

    [JsonPropertyName("key_prefix"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? KeyPrefix { get; set; } = StateBackendSettings.DefaultKeyPrefix;

    [JsonPropertyName("subscription_id"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? SubscriptionId { get; set; }

    [JsonPropertyName("tenant_id"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? TenantId { get; set; }

    [JsonPropertyName("use_azuread_auth")]
    public bool? UseAzureadAuth { get; set; }

    [JsonPropertyName("use_oidc")]
    public bool? UseOidc { get; set; }
}

/// <summary>The <c>gcs</c> backend's fields.</summary>
internal sealed class GcsBackendDocument
{
    [JsonPropertyName("bucket"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Bucket { get; set; }

    [JsonPropertyName("key_prefix"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? KeyPrefix { get; set; } = StateBackendSettings.DefaultKeyPrefix;

    [JsonPropertyName("impersonate_service_account"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? ImpersonateServiceAccount { get; set; }
}

/// <summary>The <c>remote</c> backend's fields (HCP Terraform or Terraform Enterprise).</summary>
internal sealed class RemoteBackendDocument
{
    [JsonPropertyName("organization"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Organization { get; set; }

    [JsonPropertyName("hostname"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Hostname { get; set; }

    [JsonPropertyName("workspace_prefix"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? WorkspacePrefix { get; set; } = StateBackendSettings.DefaultWorkspacePrefix;
}

/// <summary>The <c>cloud</c> block's fields (HCP Terraform or Terraform Enterprise).</summary>
internal sealed class CloudBackendDocument
{
    [JsonPropertyName("organization"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Organization { get; set; }

    [JsonPropertyName("hostname"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Hostname { get; set; }

    [JsonPropertyName("workspace_prefix"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? WorkspacePrefix { get; set; } = StateBackendSettings.DefaultWorkspacePrefix;

    [JsonPropertyName("project"), JsonConverter(typeof(NonEmptyStringConverter))]
    public string? Project { get; set; }
}

/// <summary>The settings contracts, generated at build time (no reflection over the documents when binding).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ContextDocument))]
[JsonSerializable(typeof(CodingAssistantsDocument))]
[JsonSerializable(typeof(LocalBackendDocument))]
[JsonSerializable(typeof(S3BackendDocument))]
[JsonSerializable(typeof(AzurermBackendDocument))]
[JsonSerializable(typeof(GcsBackendDocument))]
[JsonSerializable(typeof(RemoteBackendDocument))]
[JsonSerializable(typeof(CloudBackendDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
