using CdkInfra.Naming;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using CdkInfra.Validation;

namespace CdkInfra.CodingAssistants;

/// <summary>
/// Inputs of <see cref="CodingAssistantsCluster"/>. Every default is written here, once. <see cref="Validate"/> names
/// problems by these properties.
/// </summary>
public sealed class CodingAssistantsClusterProps
{
    /// <summary>Props with every default; set what differs in the initializer.</summary>
    public CodingAssistantsClusterProps()
    {
    }

    /// <summary>A copy of <paramref name="other"/>, to change some properties in the initializer.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public CodingAssistantsClusterProps(CodingAssistantsClusterProps other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CatalogName = other.CatalogName;
        Terraform.PropsCopy.Into(other, this);
    }

    /// <summary>The init script that ships with the library: <c>init-scripts/install-claude-code.sh</c> beside the library's assembly.</summary>
    public static string BundledInitScriptPath { get; } = Path.Combine(LibraryDirectory(), "init-scripts", "install-claude-code.sh");

    /// <summary>The tag every cluster of this construct carries. A user tag with this key (in any case) is an error, never silently replaced.</summary>
    internal const string ManagedByTagKey = "ManagedBy";

    /// <summary>The value of the <see cref="ManagedByTagKey"/> tag.</summary>
    internal const string ManagedByTagValue = "CdkInfra";

    /// <summary>Databricks refuses init scripts larger than 64 KB.</summary>
    internal const long MaxInitScriptBytes = 65_536;

    /// <summary>The least memory of the node type the construct picks when <see cref="NodeTypeId"/> is unset: 16 GB.</summary>
    internal const int DefaultMinNodeMemoryGb = 16;

    /// <summary>Cluster permission levels a listed user may get (<c>databricks_permissions</c>).</summary>
    internal static readonly IReadOnlyList<string> UserPermissionLevels = ["CAN_RESTART", "CAN_MANAGE"];

    /// <summary>Workers of a STANDARD cluster that autoscales, when <see cref="MinWorkers"/> is unset: 1.</summary>
    internal const int DefaultMinWorkers = 1;

    /// <summary>Workers of a STANDARD cluster that autoscales, when <see cref="MaxWorkers"/> is unset: 3.</summary>
    internal const int DefaultMaxWorkers = 3;

    /// <summary>The cluster's display name. Default: <c>coding-assistants</c>.</summary>
    public string ClusterName { get; init; } = "coding-assistants";

    /// <summary>The existing catalog that holds the init-script volume. Required: the course catalog, or any catalog the deployer may create volumes in.</summary>
    public required string CatalogName { get; init; }

    /// <summary>
    /// The existing schema of <see cref="CatalogName"/> that holds the volume. Default: <c>default</c>, which a catalog
    /// made in the UI has; a catalog made with the provider's <c>databricks_catalog</c> has none (the provider deletes
    /// it), so name another schema there, such as a course shared schema.
    /// </summary>
    public string SchemaName { get; init; } = "default";

    /// <summary>The managed volume this construct creates for the init script (and offline artifacts). Default: <c>coding_assistants</c>.</summary>
    public string VolumeName { get; init; } = "coding_assistants";

    /// <summary>
    /// The managed volume this construct creates for the clusters' logs (<c>cluster_log_conf</c>), in the same schema;
    /// the users get READ_VOLUME and WRITE_VOLUME there. Default: <c>coding_assistants_logs</c>.
    /// </summary>
    public string LogVolumeName { get; init; } = "coding_assistants_logs";

    /// <summary>
    /// The init script, uploaded to <c>&lt;volume path&gt;/&lt;its file name&gt;</c>. A relative path is resolved from the
    /// current directory. It is copied into the synthesized stack, so the stack folder is self-contained. Default: the
    /// bundled <see cref="BundledInitScriptPath"/>.
    /// </summary>
    public string InitScriptPath { get; init; } = BundledInitScriptPath;

    /// <summary>The Databricks Runtime. Default: <c>17.3.x-cpu-ml-scala2.13</c> (ML runtime: MLflow is preinstalled).</summary>
    public string SparkVersion { get; init; } = "17.3.x-cpu-ml-scala2.13";

    /// <summary>
    /// The VM type of every node. Default: unset, meaning the smallest node type of the workspace's cloud with a local
    /// disk and at least <see cref="MinNodeMemoryGb"/> of memory, picked at plan time by the
    /// <c>databricks_node_type</c> data source (so the same settings fit AWS, Azure and GCP). Set it to pin one type,
    /// such as Azure <c>Standard_D8pds_v6</c>, AWS <c>m6gd.2xlarge</c> or GCP <c>n2-standard-8</c>.
    /// </summary>
    public string? NodeTypeId { get; init; }

    /// <summary>
    /// Without <see cref="NodeTypeId"/>: the least memory, in GB, of the node type picked (at least 4). Default: unset,
    /// meaning <see cref="DefaultMinNodeMemoryGb"/>. Must be unset when <see cref="NodeTypeId"/> is set.
    /// </summary>
    public int? MinNodeMemoryGb { get; init; }

    /// <summary>
    /// Terminate after this many idle minutes. Allowed: 10 to 10000; 0 (never terminate) is refused, because an idle
    /// cluster with an assistant costs money around the clock. Default: 30.
    /// </summary>
    public int AutoterminationMinutes { get; init; } = 30;

    /// <summary>
    /// Single node or standard. Default: <see cref="ClusterMode.SingleNode"/>: the cluster serves one person (single-user
    /// access) whose assistant runs on the driver, so workers would mostly idle.
    /// </summary>
    public ClusterMode Mode { get; init; } = ClusterMode.SingleNode;

    /// <summary>
    /// STANDARD only: a fixed number of workers (at least 1). Default: unset, so the cluster autoscales between
    /// <see cref="MinWorkers"/> and <see cref="MaxWorkers"/>. Must be unset in SINGLE_NODE mode.
    /// </summary>
    public int? NumWorkers { get; init; }

    /// <summary>STANDARD autoscaling only: the fewest workers (at least 1). Default: unset, meaning <see cref="DefaultMinWorkers"/>.</summary>
    public int? MinWorkers { get; init; }

    /// <summary>
    /// STANDARD autoscaling only: the most workers, greater than the minimum (Databricks requires it; for a fixed size
    /// set <see cref="NumWorkers"/>). Default: unset, meaning <see cref="DefaultMaxWorkers"/>.
    /// </summary>
    public int? MaxWorkers { get; init; }

    /// <summary>
    /// What is provisioned: the clusters themselves (<see cref="Provisioning.Clusters"/>), or one cluster policy under
    /// which each of <see cref="Users"/> (or <see cref="SingleUserName"/>) creates and starts their own cluster
    /// (<see cref="Provisioning.Policy"/>). The policy pins what the clusters would have: the init script, the
    /// cluster variables, the runtime, the node type, the size (<see cref="Mode"/>), dedicated access mode, the
    /// auto-termination and the tags. Default: <see cref="Provisioning.Clusters"/>.
    /// </summary>
    public Provisioning Provisioning { get; init; } = Provisioning.Clusters;

    /// <summary>
    /// Policy only: how many clusters each user may have under the policy (the policy's <c>max_clusters_per_user</c>),
    /// at least 1. Default: 1, so each person runs one assistant cluster at a time.
    /// </summary>
    public int MaxClustersPerUser { get; init; } = 1;

    /// <summary>
    /// Policy only: the node types a user may choose, <see cref="NodeTypeId"/> among them (it is the policy's
    /// default). Default: empty, meaning the policy fixes the node type to <see cref="NodeTypeId"/>.
    /// </summary>
    public IReadOnlyList<string> AllowedNodeTypeIds { get; init; } = [];

    /// <summary>
    /// Install the tracing MLflow on the clusters and create (or reference) the experiment. Off: no MLflow is
    /// installed, no experiment is made, and the clusters report <c>tracing=off</c>. Default: on.
    /// </summary>
    public bool Tracing { get; init; } = true;

    /// <summary>
    /// The MLflow experiment that traces assistant sessions, a workspace path such as <c>/Shared/name</c> or
    /// <c>/Users/&lt;user&gt;/name</c>, without the <c>/Workspace</c> prefix (with it, MLflow's <c>set_experiment</c>
    /// fails on Databricks, MLflow issue 11077). The clusters get the experiment's id
    /// (<c>CLAUDE_CODE_TRACING_EXPERIMENT_ID</c>), never an <c>MLFLOW_EXPERIMENT_NAME</c>, which would redirect every
    /// notebook's runs. Default: <c>/Shared/claude-code-tracing</c>.
    /// </summary>
    public string MlflowExperimentName { get; init; } = "/Shared/claude-code-tracing";

    /// <summary>
    /// Create the experiment (true) or reference an existing one through a data source, so the plan fails if it is
    /// missing (false). Default: create.
    /// </summary>
    public bool CreateMlflowExperiment { get; init; } = true;

    /// <summary>
    /// Custom tags of the cluster (and its cloud resources). <c>ManagedBy=CdkInfra</c> is always added; a tag with that
    /// key is an error rather than an override. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The only user who may attach to the cluster (single-user access mode); the construct grants this user
    /// READ_VOLUME on the volume, because a volume init script runs as the cluster's user, and the cluster permission
    /// <see cref="UserPermission"/>, because <c>single_user_name</c> alone does not let a person start the cluster.
    /// Default: unset, meaning the identity that deploys (<c>data.databricks_current_user</c>, which created the
    /// cluster and so can manage it); from CI that is a service principal and no person could attach: set it when
    /// a pipeline deploys. Must be unset when <see cref="Users"/> is set.
    /// </summary>
    public string? SingleUserName { get; init; }

    /// <summary>
    /// One cluster per person: a <c>for_each</c> cluster keyed by email, each single-user for that person, with its
    /// own permissions; READ_VOLUME for all of them on the one volume. Default: empty, meaning one cluster, for
    /// <see cref="SingleUserName"/> (a single resource, not a set).
    /// </summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>
    /// The cluster permission of <see cref="SingleUserName"/> or each of <see cref="Users"/>: <c>CAN_RESTART</c>
    /// (start, restart, terminate, attach, web terminal) or <c>CAN_MANAGE</c> (also edit the cluster and its
    /// permissions). Default: <c>CAN_RESTART</c>.
    /// </summary>
    public string UserPermission { get; init; } = "CAN_RESTART";

    /// <summary>
    /// The workspace URL the assistant calls (cluster variable <c>CLAUDE_CODE_WORKSPACE_URL</c>; init scripts get no
    /// <c>DATABRICKS_HOST</c>). Default: unset, meaning <c>data.databricks_current_user</c>'s <c>workspace_url</c>,
    /// the workspace being deployed to.
    /// </summary>
    public string? WorkspaceUrl { get; init; }

    /// <summary>The model serving endpoint the assistant uses, also its sonnet family (cluster variable <c>CLAUDE_CODE_MODEL</c>). Default: <c>databricks-claude-sonnet-4-5</c>.</summary>
    public string ModelName { get; init; } = "databricks-claude-sonnet-4-5";

    /// <summary>The endpoint for the opus model family (<c>CLAUDE_CODE_OPUS_MODEL</c>). Default: <c>databricks-claude-opus-4-5</c>.</summary>
    public string OpusModelName { get; init; } = "databricks-claude-opus-4-5";

    /// <summary>The endpoint for the haiku family, which background tasks use (<c>CLAUDE_CODE_HAIKU_MODEL</c>). Default: <c>databricks-claude-haiku-4-5</c>.</summary>
    public string HaikuModelName { get; init; } = "databricks-claude-haiku-4-5";

    /// <summary>
    /// The SQL warehouse MLflow needs to write traces into an experiment whose traces live in Unity Catalog
    /// (<c>CLAUDE_CODE_SQL_WAREHOUSE_ID</c>, passed on as <c>MLFLOW_TRACING_SQL_WAREHOUSE_ID</c>). Default: unset.
    /// </summary>
    public string? SqlWarehouseId { get; init; }

    /// <summary>
    /// An opt-in hash lock of the tracing MLflow (<c>pip --require-hashes</c>, written by
    /// <c>stage-offline-artifacts.sh --lock-mlflow</c>), uploaded beside the init script only when set. Default: unset,
    /// meaning the init script's exact MLflow pin with pip's normal resolver.
    /// </summary>
    public string? MlflowRequirementsPath { get; init; }

    /// <summary>
    /// Install from artifacts stored in the volume's <c>offline</c> folder instead of the internet (cluster variables
    /// <c>CLAUDE_CODE_OFFLINE</c> and <c>CLAUDE_CODE_ARTIFACTS_DIR</c>). Default: false.
    /// </summary>
    public bool Offline { get; init; }

    /// <summary>
    /// Checks the props and returns every problem. Fields are named by their C# property names unless
    /// <paramref name="names"/> spells them otherwise (the app names its <c>codingAssistants.</c> keys);
    /// <paramref name="source"/> names where the values came from.
    /// </summary>
    public IReadOnlyList<InputProblem> Validate(string source, FieldNames? names = null)
    {
        var problems = new ProblemCollector();
        var r = new PropsReport(problems, source, names ?? FieldNames.CSharp);

        if (string.IsNullOrWhiteSpace(ClusterName))
        {
            r.Add(nameof(ClusterName), "must not be empty");
        }

        CheckName(r, nameof(CatalogName), CatalogName, "catalog");
        CheckName(r, nameof(SchemaName), SchemaName, "schema");
        CheckName(r, nameof(VolumeName), VolumeName, "volume");
        CheckName(r, nameof(LogVolumeName), LogVolumeName, "volume");
        if (string.Equals(LogVolumeName, VolumeName, StringComparison.OrdinalIgnoreCase))
        {
            r.Add(nameof(LogVolumeName), $"must differ from {r.Name(nameof(VolumeName))} ('{VolumeName}'): the users may write the logs volume, never the one whose script runs as root");
        }

        CheckInitScript(r);
        CheckToken(r, nameof(SparkVersion), SparkVersion, "a Databricks Runtime version such as 17.3.x-cpu-ml-scala2.13");
        if (NodeTypeId is not null)
        {
            CheckToken(r, nameof(NodeTypeId), NodeTypeId, "a node type such as Standard_D8pds_v6");
            if (MinNodeMemoryGb is not null)
            {
                r.Add(nameof(MinNodeMemoryGb), $"applies only when {r.Name(nameof(NodeTypeId))} is unset (the node type is then picked by memory); remove one of them");
            }
        }
        else if (MinNodeMemoryGb is < 4 or > 4096)
        {
            r.Add(nameof(MinNodeMemoryGb), $"{MinNodeMemoryGb} is not allowed; use 4 to 4096 (GB)");
        }

        CheckToken(r, nameof(ModelName), ModelName, "a model serving endpoint name");
        CheckToken(r, nameof(OpusModelName), OpusModelName, "a model serving endpoint name");
        CheckToken(r, nameof(HaikuModelName), HaikuModelName, "a model serving endpoint name");
        if (SqlWarehouseId is not null)
        {
            CheckToken(r, nameof(SqlWarehouseId), SqlWarehouseId, "a SQL warehouse id");
        }

        if (WorkspaceUrl is not null)
        {
            CheckToken(r, nameof(WorkspaceUrl), WorkspaceUrl, "a workspace URL such as https://adb-123.azuredatabricks.net");
        }

        if (SingleUserName is not null)
        {
            CheckToken(r, nameof(SingleUserName), SingleUserName, "a user name (email) or service principal application id");
        }

        CheckUsers(r);
        if (!UserPermissionLevels.Contains(UserPermission))
        {
            r.Add(nameof(UserPermission), $"'{UserPermission}' is not allowed; use {string.Join(" or ", UserPermissionLevels)}");
        }

        if (MlflowRequirementsPath is not null && !System.IO.File.Exists(Path.GetFullPath(MlflowRequirementsPath)))
        {
            r.Add(nameof(MlflowRequirementsPath), $"the MLflow hash lock '{MlflowRequirementsPath}' does not exist");
        }
        else if (MlflowRequirementsPath is not null && !Tracing)
        {
            r.Add(nameof(MlflowRequirementsPath), $"is a lock for the tracing MLflow, but {r.Name(nameof(Tracing))} is off; remove one of them");
        }

        if (AutoterminationMinutes is < 10 or > 10_000)
        {
            r.Add(nameof(AutoterminationMinutes), AutoterminationMinutes == 0
                ? "0 (never terminate) is not allowed: an idle cluster would run, and cost, around the clock; use 10 to 10000 minutes"
                : $"{AutoterminationMinutes} is not allowed; use 10 to 10000 minutes");
        }

        foreach (var (key, value) in new[] { (nameof(ClusterName), ClusterName), (nameof(ModelName), ModelName), (nameof(OpusModelName), OpusModelName), (nameof(HaikuModelName), HaikuModelName), (nameof(SingleUserName), SingleUserName), (nameof(SparkVersion), SparkVersion), (nameof(NodeTypeId), NodeTypeId) })
        {
            if (value is not null && TerraformText.HasTokenMarker(value))
            {
                r.Add(key, $"must not contain '{TerraformText.CdktfTokenMarker}'");
            }
        }

        CheckWorkers(r);
        CheckExperimentName(r);
        CheckPolicy(r);
        foreach (var (key, value) in Tags)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                r.Add(nameof(Tags), "a tag key must not be empty");
            }
            else if (string.Equals(key, ManagedByTagKey, StringComparison.OrdinalIgnoreCase))
            {
                r.Add(nameof(Tags), $"'{key}' is set by the construct ({ManagedByTagKey}={ManagedByTagValue}) and cannot be overridden; remove it or use another key");
            }

            if (value is null)
            {
                r.Add(nameof(Tags), $"tag '{key}' has no value");
            }
        }

        return problems.Problems;
    }

    private void CheckPolicy(PropsReport r)
    {
        if (Provisioning != Provisioning.Policy)
        {
            if (AllowedNodeTypeIds.Count > 0)
            {
                r.Add(nameof(AllowedNodeTypeIds), $"applies to {r.Name(nameof(Provisioning))} {r.Value(Provisioning.Policy)} only; remove it or set {r.Name(nameof(Provisioning))} to {r.Value(Provisioning.Policy)}");
            }

            if (MaxClustersPerUser != 1)
            {
                r.Add(nameof(MaxClustersPerUser), $"applies to {r.Name(nameof(Provisioning))} {r.Value(Provisioning.Policy)} only; remove it or set {r.Name(nameof(Provisioning))} to {r.Value(Provisioning.Policy)}");
            }

            return;
        }

        // The deploying identity, an admin, may use every policy anyway: a policy nobody else may use serves no one.
        if (Users.Count == 0 && SingleUserName is null)
        {
            r.Add(nameof(Users), $"with {r.Name(nameof(Provisioning))} {r.Value(Provisioning.Policy)} name who may use the policy: {r.Name(nameof(Users))} or {r.Name(nameof(SingleUserName))}");
        }

        if (MaxClustersPerUser < 1)
        {
            r.Add(nameof(MaxClustersPerUser), $"{MaxClustersPerUser} is not allowed; use 1 or more (clusters each user may have under the policy)");
        }

        foreach (var nodeType in AllowedNodeTypeIds)
        {
            CheckToken(r, nameof(AllowedNodeTypeIds), nodeType, "a node type such as Standard_D8pds_v6");
            if (nodeType is not null && TerraformText.HasTokenMarker(nodeType))
            {
                r.Add(nameof(AllowedNodeTypeIds), $"must not contain '{TerraformText.CdktfTokenMarker}'");
            }
        }

        if (AllowedNodeTypeIds.Count > 0 && NodeTypeId is null)
        {
            r.Add(nameof(AllowedNodeTypeIds), $"needs {r.Name(nameof(NodeTypeId))}, the node type the policy proposes by default (one of the list)");
        }
        else if (AllowedNodeTypeIds.Count > 0 && !AllowedNodeTypeIds.Contains(NodeTypeId!, StringComparer.Ordinal))
        {
            r.Add(nameof(AllowedNodeTypeIds), $"must include {r.Name(nameof(NodeTypeId))} '{NodeTypeId}', the node type the policy proposes by default");
        }

        foreach (var duplicate in AllowedNodeTypeIds.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            r.Add(nameof(AllowedNodeTypeIds), $"'{duplicate.Key}' is listed more than once");
        }
    }

    private void CheckUsers(PropsReport r)
    {
        if (Users.Count == 0)
        {
            return;
        }

        if (SingleUserName is not null)
        {
            r.Add(nameof(Users), $"must be empty when {r.Name(nameof(SingleUserName))} is set (one cluster for one person, or one cluster per listed person)");
        }

        foreach (var user in Users)
        {
            // Keys of a for_each map: plain emails, so a key can never hold a Terraform template.
            if (!Email.IsValid(user) || user.Contains('{') || user != user.ToLowerInvariant())
            {
                r.Add(nameof(Users), $"'{user}' is not a lower-case email address (Databricks stores user names in lower case)");
            }
        }

        foreach (var duplicate in Users.GroupBy(u => u, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            r.Add(nameof(Users), $"'{duplicate.Key}' is listed more than once");
        }
    }

    private void CheckInitScript(PropsReport r)
    {
        if (string.IsNullOrWhiteSpace(InitScriptPath))
        {
            r.Add(nameof(InitScriptPath), "must name the init script file");
            return;
        }

        var full = Path.GetFullPath(InitScriptPath);
        if (!System.IO.File.Exists(full))
        {
            r.Add(nameof(InitScriptPath), $"the init script '{InitScriptPath}' does not exist");
            return;
        }

        var size = new FileInfo(full).Length;
        if (size == 0)
        {
            r.Add(nameof(InitScriptPath), $"the init script '{InitScriptPath}' is empty");
        }
        else if (size > MaxInitScriptBytes)
        {
            r.Add(nameof(InitScriptPath), $"the init script '{InitScriptPath}' is {size:N0} bytes; Databricks accepts at most {MaxInitScriptBytes:N0} (64 KB)");
        }
    }

    private void CheckWorkers(PropsReport r)
    {
        if (Mode == ClusterMode.SingleNode)
        {
            foreach (var (key, value) in new[] { (nameof(NumWorkers), NumWorkers), (nameof(MinWorkers), MinWorkers), (nameof(MaxWorkers), MaxWorkers) })
            {
                if (value is not null)
                {
                    r.Add(key, $"must be unset in {r.Value(ClusterMode.SingleNode)} mode (a single-node cluster has no workers); set {r.Name(nameof(Mode))} to {r.Value(ClusterMode.Standard)} or remove it");
                }
            }

            return;
        }

        if (NumWorkers is { } fixedSize)
        {
            if (fixedSize < 1)
            {
                r.Add(nameof(NumWorkers), $"{fixedSize} is not allowed; a fixed-size {r.Value(ClusterMode.Standard)} cluster needs at least 1 worker (use {r.Value(ClusterMode.SingleNode)} for none)");
            }

            foreach (var (key, value) in new[] { (nameof(MinWorkers), MinWorkers), (nameof(MaxWorkers), MaxWorkers) })
            {
                if (value is not null)
                {
                    r.Add(key, $"must be unset when {r.Name(nameof(NumWorkers))} is set (a cluster has a fixed size or autoscales, not both)");
                }
            }

            return;
        }

        var min = MinWorkers ?? DefaultMinWorkers;
        var max = MaxWorkers ?? DefaultMaxWorkers;
        if (min < 1)
        {
            r.Add(nameof(MinWorkers), $"{min} is not allowed; an autoscaling cluster needs at least 1 worker");
        }

        if (min >= max)
        {
            r.Add(nameof(MaxWorkers), $"{max} must be greater than {r.Name(nameof(MinWorkers))} ({min}); for a fixed size set {r.Name(nameof(NumWorkers))} instead");
        }
    }

    private void CheckExperimentName(PropsReport r)
    {
        var name = MlflowExperimentName;
        var segments = name?.Split('/') ?? [];
        if (string.IsNullOrWhiteSpace(name) || !name.StartsWith('/') || name.EndsWith('/') || segments.Length < 3
            || segments.Skip(1).Any(s => s.Length == 0 || s is "." or ".." || s.Trim() != s) || name.Any(char.IsControl))
        {
            r.Add(nameof(MlflowExperimentName), $"'{name}' is not an absolute workspace path such as /Shared/claude-code-tracing or /Users/<user>/<name>");
        }
        else if (name.StartsWith("/Workspace/", StringComparison.Ordinal))
        {
            r.Add(nameof(MlflowExperimentName), $"'{name}' starts with /Workspace, with which MLflow's set_experiment fails on Databricks (MLflow issue 11077); write it as '{name["/Workspace".Length..]}'");
        }
    }

    private static void CheckName(PropsReport r, string key, string name, string what)
    {
        if (!UcIdentifier.IsValid(name))
        {
            r.Add(key, $"'{name}' is not a valid {what} name ({UcIdentifier.AllowedForm})");
        }
    }

    private static void CheckToken(PropsReport r, string key, string value, string expected)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace))
        {
            r.Add(key, $"'{value}' is not {expected} (non-empty, no spaces)");
        }
    }

    private static string LibraryDirectory()
    {
        var location = typeof(CodingAssistantsClusterProps).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }
}
