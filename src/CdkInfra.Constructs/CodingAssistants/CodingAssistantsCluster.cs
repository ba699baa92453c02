using System.Text.Json;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Cluster;
using HashiCorp.Cdktf.Providers.Databricks.ClusterPolicy;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCurrentUser;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksMlflowExperiment;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksNodeType;
using HashiCorp.Cdktf.Providers.Databricks.File;
using HashiCorp.Cdktf.Providers.Databricks.MlflowExperiment;
using HashiCorp.Cdktf.Providers.Databricks.Permissions;
using HashiCorp.Cdktf.Providers.Databricks.Volume;
using VolumeFile = HashiCorp.Cdktf.Providers.Databricks.File.File;

namespace CdkInfra.CodingAssistants;

/// <summary>
/// Single-user clusters with an AI coding assistant installed at start-up (L3): a managed Unity Catalog volume, the
/// init script (and the tracing MLflow's hash lock) uploaded into it, the cluster that runs it with the permission its
/// user needs to start it, the MLflow experiment that traces sessions, and outputs that tell the user where to go.
/// Needs a Databricks provider in the stack. One per stack: its Terraform addresses are fixed
/// (<c>databricks_cluster.coding_assistants</c>, ...). With <see cref="CodingAssistantsClusterProps.Users"/> the
/// cluster and its permissions are <c>for_each</c> resources keyed by email, one per person. With
/// <see cref="Provisioning.Policy"/> there is no cluster: one <c>databricks_cluster_policy.coding_assistants</c> pins
/// what the cluster would have, and each listed user may use it (CAN_USE) to create and start their own.
/// </summary>
public sealed class CodingAssistantsCluster : Construct
{
    /// <summary>The cluster variables the init script reads; this interface is fixed. All namespaced, so no notebook,
    /// SDK or MLflow reads them as its own (an <c>MLFLOW_EXPERIMENT_NAME</c> would redirect every notebook's runs).</summary>
    internal static class EnvironmentVariables
    {
        /// <summary>The workspace URL: init scripts get no <c>DATABRICKS_HOST</c>.</summary>
        public const string WorkspaceUrl = "CLAUDE_CODE_WORKSPACE_URL";

        /// <summary>The model serving endpoint the assistant talks to (and its sonnet family).</summary>
        public const string Model = "CLAUDE_CODE_MODEL";

        /// <summary>The endpoint of the opus family.</summary>
        public const string OpusModel = "CLAUDE_CODE_OPUS_MODEL";

        /// <summary>The endpoint of the haiku family (background tasks).</summary>
        public const string HaikuModel = "CLAUDE_CODE_HAIKU_MODEL";

        /// <summary><c>"on"</c>: install the tracing MLflow; <c>"off"</c>: none, and the cluster's status says tracing is off.</summary>
        public const string Tracing = "CLAUDE_CODE_TRACING";

        /// <summary>The MLflow experiment's id, which traces go to (by id: a name with the <c>/Workspace</c> prefix fails in <c>set_experiment</c>, MLflow issue 11077).</summary>
        public const string TracingExperimentId = "CLAUDE_CODE_TRACING_EXPERIMENT_ID";

        /// <summary>The MLflow experiment's name, shown by the helpers.</summary>
        public const string TracingExperiment = "CLAUDE_CODE_TRACING_EXPERIMENT";

        /// <summary>The SQL warehouse for traces in Unity Catalog, when set.</summary>
        public const string SqlWarehouseId = "CLAUDE_CODE_SQL_WAREHOUSE_ID";

        /// <summary>The tracing MLflow's opt-in hash lock in the volume, only when one is set.</summary>
        public const string MlflowRequirements = "CLAUDE_CODE_MLFLOW_REQUIREMENTS";

        /// <summary><c>"true"</c> in offline mode only.</summary>
        public const string Offline = "CLAUDE_CODE_OFFLINE";

        /// <summary>In offline mode, where the install artifacts are: <c>&lt;volume path&gt;/offline</c>.</summary>
        public const string ArtifactsDirectory = "CLAUDE_CODE_ARTIFACTS_DIR";
    }

    /// <summary>
    /// The attributes the server adds to a single-node cluster declared with <c>is_single_node</c> and
    /// <c>kind = "CLASSIC_PREVIEW"</c> (provider issue 4360): ignored, so a second plan is empty instead of editing,
    /// and restarting, the running cluster. Exactly these keys: any other change still shows.
    /// </summary>
    internal static readonly IReadOnlyList<string> ServerAddedSingleNodeKeys =
        ["spark_conf[\"spark.master\"]", "spark_conf[\"spark.databricks.cluster.profile\"]", "custom_tags[\"ResourceClass\"]"];

    /// <summary>The permission each listed user gets on the policy: the only level a cluster policy has.</summary>
    internal const string PolicyPermission = "CAN_USE";

    /// <summary>
    /// The deploying identity's level on every cluster: the provider refuses to give the caller a level that is not
    /// a management level ("cannot remove management permissions for the current user", permissions/
    /// permission_definitions.go, validate), so a listed user who is the deployer gets this level instead.
    /// </summary>
    internal const string DeployerPermission = "CAN_MANAGE";

    /// <summary>The folder of the logs volume the clusters deliver their logs to (<c>cluster_log_conf</c>).</summary>
    internal const string ClusterLogFolder = "cluster-logs";

    /// <summary>Validates the props, then builds the resources. Throws <see cref="InputValidationException"/> listing every problem.</summary>
    public CodingAssistantsCluster(Construct scope, string id, CodingAssistantsClusterProps props)
        : base(scope, id)
    {
        var problems = new ProblemCollector();
        problems.AddRange(props.Validate(nameof(CodingAssistantsClusterProps)));
        problems.ThrowIfAny();
        var perUser = props.Users.Count > 0;

        var volume = new Volume(this, "Volume", new VolumeConfig
        {
            CatalogName = TerraformText.Literal(props.CatalogName),
            SchemaName = TerraformText.Literal(props.SchemaName),
            Name = TerraformText.Literal(props.VolumeName),
            VolumeType = "MANAGED",
            Comment = "Init script and offline artifacts of the coding-assistants cluster",
        });
        volume.OverrideLogicalId("coding_assistants");
        VolumePath = volume.VolumePath;
        VolumeFullName = $"{props.CatalogName}.{props.SchemaName}.{props.VolumeName}";

        // Files are copied into the synthesized stack folder, so Terraform finds them wherever that folder goes.
        InitScriptPath = Upload("InitScript", "init_script", props.InitScriptPath);
        // The opt-in hash lock is uploaded only when set: a lock found beside the script is not used.
        var lockPath = props.Tracing && props.MlflowRequirementsPath is { } lockFile ? Upload("MlflowRequirements", "mlflow_requirements", lockFile) : null;

        // The deploying identity: the default single user, the workspace URL, and whose level on a cluster must stay
        // CAN_MANAGE.
        var me = new DataDatabricksCurrentUser(this, "CurrentUser");
        me.OverrideLogicalId("me");

        var singleUser = props.SingleUserName is { } named ? TerraformText.Literal(named) : me.UserName;
        var principals = perUser ? props.Users.Select(TerraformText.Literal).ToList() : new List<string> { singleUser! };

        // A volume init script runs as the cluster's assigned user, who needs READ_VOLUME on the volume (and
        // USE_CATALOG/USE_SCHEMA on its parents, which come from whoever owns those grants: the course stack for the
        // course catalog; the app checks them). Authoritative for grants made directly on this volume only.
        VolumeGrants = new SecurableGrants(this, "VolumeGrants", "coding_assistants", SecurableType.Volume, volume.Id, null, null);
        foreach (var principal in principals)
        {
            VolumeGrants.GrantToExpression(principal, PrivilegeNames.ReadVolume);
        }

        // Cluster logs (driver, init scripts) are delivered to a volume of their own, so a launch whose init script
        // fails leaves its log behind (Clusters API cluster_log_conf.volumes). Its own volume because delivery writes:
        // the users get WRITE_VOLUME there and never on the volume whose script runs as root on their clusters.
        var logVolume = new Volume(this, "LogVolume", new VolumeConfig
        {
            CatalogName = TerraformText.Literal(props.CatalogName),
            SchemaName = TerraformText.Literal(props.SchemaName),
            Name = TerraformText.Literal(props.LogVolumeName),
            VolumeType = "MANAGED",
            Comment = "Cluster logs (init script, driver) of the coding-assistants clusters",
        });
        logVolume.OverrideLogicalId("coding_assistants_logs");
        ClusterLogPath = $"{logVolume.VolumePath}/{ClusterLogFolder}";
        LogVolumeGrants = new SecurableGrants(this, "LogVolumeGrants", "coding_assistants_logs", SecurableType.Volume, logVolume.Id, null, null);
        foreach (var principal in principals)
        {
            LogVolumeGrants.GrantToExpression(principal, PrivilegeNames.ReadVolume, PrivilegeNames.WriteVolume);
        }

        MlflowExperimentName = props.MlflowExperimentName;
        // The cluster starts only once its user may read the script and write its logs.
        var dependsOn = new List<ITerraformDependable> { VolumeGrants.Resource, LogVolumeGrants.Resource };
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentVariables.WorkspaceUrl] = props.WorkspaceUrl is { } url ? TerraformText.Literal(url) : me.WorkspaceUrl,
            [EnvironmentVariables.Tracing] = props.Tracing ? "on" : "off",
            [EnvironmentVariables.Model] = TerraformText.Literal(props.ModelName),
            [EnvironmentVariables.OpusModel] = TerraformText.Literal(props.OpusModelName),
            [EnvironmentVariables.HaikuModel] = TerraformText.Literal(props.HaikuModelName),
        };
        if (props.Tracing)
        {
            // Read when not created: the plan then fails early if the experiment does not exist. Passed by id.
            var experiment = CreateOrReference.Build(ObjectKind.MlflowExperiment, props.CreateMlflowExperiment, "tracing",
                () => new MlflowExperiment(this, "Experiment", new MlflowExperimentConfig { Name = TerraformText.Literal(props.MlflowExperimentName) }),
                () => new DataDatabricksMlflowExperiment(this, "Experiment", new DataDatabricksMlflowExperimentConfig { Name = TerraformText.Literal(props.MlflowExperimentName) }));
            if (experiment.IsCreated)
            {
                dependsOn.Add(experiment.Dependable);
            }

            MlflowExperimentId = experiment.Attribute("id");
            env[EnvironmentVariables.TracingExperimentId] = MlflowExperimentId;
            env[EnvironmentVariables.TracingExperiment] = TerraformText.Literal(props.MlflowExperimentName);
        }

        // The smallest node type of the workspace's cloud with a local disk and the minimum memory, unless one is set
        // (databricks_node_type: smallest match; with no match it silently returns the cloud's default type).
        string nodeType;
        if (props.NodeTypeId is { } fixedNodeType)
        {
            nodeType = TerraformText.Literal(fixedNodeType);
        }
        else
        {
            var smallest = new DataDatabricksNodeType(this, "NodeType", new DataDatabricksNodeTypeConfig
            {
                LocalDisk = true,
                MinMemoryGb = props.MinNodeMemoryGb ?? CodingAssistantsClusterProps.DefaultMinNodeMemoryGb,
            });
            smallest.OverrideLogicalId("coding_assistants");
            nodeType = smallest.Id;
        }

        NodeTypeId = nodeType;
        if (props.SqlWarehouseId is { } warehouse)
        {
            env[EnvironmentVariables.SqlWarehouseId] = TerraformText.Literal(warehouse);
        }

        if (lockPath is not null)
        {
            env[EnvironmentVariables.MlflowRequirements] = lockPath;
        }

        if (props.Offline)
        {
            env[EnvironmentVariables.Offline] = "true";
            env[EnvironmentVariables.ArtifactsDirectory] = $"{VolumePath}/offline";
        }

        var tags = props.Tags.ToDictionary(t => TerraformText.Literal(t.Key), t => TerraformText.Literal(t.Value), StringComparer.Ordinal);
        tags[CodingAssistantsClusterProps.ManagedByTagKey] = CodingAssistantsClusterProps.ManagedByTagValue;

        ClusterName = props.ClusterName;
        string setupInstructions;
        if (props.Provisioning == Provisioning.Policy)
        {
            // No cluster: each listed user creates their own under a policy that pins what the cluster would have.
            var policy = new ClusterPolicy(this, "Policy", new ClusterPolicyConfig
            {
                Name = TerraformText.Literal(props.ClusterName),
                Description = "Single-user clusters with the coding assistant installed at start-up. Managed by CdkInfra.",
                Definition = PolicyDefinition(props, InitScriptPath, env, tags, nodeType, ClusterLogPath),
                MaxClustersPerUser = props.MaxClustersPerUser,
                DependsOn = dependsOn.ToArray(),
            });
            policy.OverrideLogicalId("coding_assistants");
            PolicyId = policy.Id;

            // Cluster policies know one permission level, CAN_USE; changing the policy stays with workspace admins.
            var permissions = new Permissions(this, "PolicyPermissions", new PermissionsConfig
            {
                ClusterPolicyId = policy.Id,
                AccessControl = principals.Select(p => new PermissionsAccessControl { UserName = p, PermissionLevel = PolicyPermission }).ToArray(),
            });
            permissions.OverrideLogicalId("coding_assistants_policy");

            Output("PolicyId", "policy_id", policy.Id, "The cluster policy each listed user creates their cluster with");
            Output("PolicyName", "policy_name", policy.Name, "The cluster policy's name, as the compute page lists it");
            setupInstructions = PolicySetupInstructions(props);
        }
        else
        {
            TerraformIterator? users = null;
            if (perUser)
            {
                // email -> cluster name; the keys are the state addresses, so a person's cluster never moves.
                var names = new TerraformLocal(this, "Users", props.Users.ToDictionary(
                    u => u, u => (object)TerraformText.Literal($"{props.ClusterName} ({u})"), StringComparer.Ordinal));
                names.OverrideLogicalId("coding_assistants_users");
                users = TerraformIterator.FromMap(names.AsAnyMap);
            }

            var config = new ClusterConfig
            {
                ForEach = users,
                ClusterName = perUser ? "${each.value}" : TerraformText.Literal(props.ClusterName),
                SparkVersion = TerraformText.Literal(props.SparkVersion),
                NodeTypeId = nodeType,
                AutoterminationMinutes = props.AutoterminationMinutes,
                DataSecurityMode = "SINGLE_USER",
                SingleUserName = perUser ? "${each.key}" : singleUser,
                SparkEnvVars = env,
                CustomTags = tags,
                // A volume, because DBFS init scripts are end-of-life; the reference also orders the upload before the cluster.
                InitScripts = new[] { new ClusterInitScripts { Volumes = new ClusterInitScriptsVolumes { Destination = InitScriptPath } } },
                ClusterLogConf = new ClusterClusterLogConf { Volumes = new ClusterClusterLogConfVolumes { Destination = ClusterLogPath } },
                DependsOn = dependsOn.ToArray(),
            };
            config = props.Mode switch
            {
                // The current single-node declaration; never the legacy spark_conf profile with a ResourceClass tag.
                ClusterMode.SingleNode => Sized(config, isSingleNode: true, numWorkers: 0, autoscale: null),
                ClusterMode.Standard when props.NumWorkers is { } fixedSize => Sized(config, isSingleNode: null, numWorkers: fixedSize, autoscale: null),
                _ => Sized(config, isSingleNode: null, numWorkers: null, autoscale: new ClusterAutoscale
                {
                    MinWorkers = props.MinWorkers ?? CodingAssistantsClusterProps.DefaultMinWorkers,
                    MaxWorkers = props.MaxWorkers ?? CodingAssistantsClusterProps.DefaultMaxWorkers,
                }),
            };
            var cluster = new Cluster(this, "Cluster", config);
            cluster.OverrideLogicalId("coding_assistants");
            var clusters = ForEachRef.Of(cluster);

            // single_user_name grants no cluster ACL: without CAN_RESTART the named person cannot even start the cluster.
            // The deploying identity (no name given) created the cluster and holds CAN_MANAGE already. A named user who
            // is the deployer (singleUserName, or an entry of users/userRoles) gets CAN_MANAGE: the level is chosen by
            // Terraform, where the deployer's name is known, and the deployer is listed with CAN_MANAGE once either way.
            if (perUser || props.SingleUserName is not null)
            {
                var user = perUser ? "each.key" : "local.coding_assistants_single_user";
                if (!perUser)
                {
                    var single = new TerraformLocal(this, "SingleUser", singleUser);
                    single.OverrideLogicalId("coding_assistants_single_user");
                }

                var levels = $"${{merge({{({user}) = \"{props.UserPermission}\"}}, {{(data.databricks_current_user.me.user_name) = \"{DeployerPermission}\"}})}}";
                var permissions = new Permissions(this, "Permissions", new PermissionsConfig
                {
                    ForEach = users,
                    ClusterId = perUser ? clusters.Each("id") : cluster.Id,
                    // Required by the bindings; removed below: the blocks come from the dynamic block.
                    AccessControl = Array.Empty<PermissionsAccessControl>(),
                });

                // One access_control block per entry of the merged map, so the deployer is listed once. Written as an
                // override: its iterator is named "acl", because CDKTF's dynamic blocks name it "each", which would
                // shadow the per-user resource's own each inside the block.
                permissions.AddOverride("dynamic.access_control", new Dictionary<string, object>
                {
                    ["for_each"] = levels,
                    ["iterator"] = "acl",
                    ["content"] = new Dictionary<string, object> { ["user_name"] = "${acl.key}", ["permission_level"] = "${acl.value}" },
                });
                permissions.AddOverride("access_control", null!);
                permissions.OverrideLogicalId("coding_assistants");
            }

            ClusterId = perUser ? ForAll(clusters, "id") : cluster.Id;
            ClusterUrl = perUser ? ForAll(clusters, "url") : cluster.Url;

            var whose = perUser ? "Each user's cluster (a map keyed by email): its" : "The cluster's";
            Output("ClusterId", "cluster_id", ClusterId, $"{whose} id");
            Output("ClusterName", "cluster_name", perUser ? ForAll(clusters, "cluster_name") : cluster.ClusterName, $"{whose} display name");
            Output("ClusterUrl", "cluster_url", ClusterUrl, $"{whose} page in the workspace");
            setupInstructions = SetupInstructions(props, perUser ? "your cluster's page (output cluster_url)" : ClusterUrl!);
        }

        Output("VolumePath", "volume_path", VolumePath, "The volume that holds the init script, as a /Volumes path");
        Output("VolumeFullName", "volume_full_name", TerraformText.Literal(VolumeFullName), "The volume's three-level name");
        Output("InitScriptPath", "init_script_path", InitScriptPath, "The init script in the volume");
        if (MlflowExperimentId is not null)
        {
            Output("MlflowExperimentName", "mlflow_experiment_name", TerraformText.Literal(MlflowExperimentName), "The MLflow experiment for assistant traces");
            Output("MlflowExperimentId", "mlflow_experiment_id", MlflowExperimentId, "The MLflow experiment's id, which the clusters trace to");
        }

        Output("ClusterLogPath", "cluster_log_path", ClusterLogPath,
            "Where the clusters deliver their logs: <path>/<cluster id>/init_scripts/ holds the init script's output, also of a failed launch");
        Output("SetupInstructions", "setup_instructions", setupInstructions, "How to start using the assistant");
    }

    /// <summary>
    /// The cluster's id (a Terraform reference); with per-user clusters, a map of email to id; null with
    /// <see cref="Provisioning.Policy"/>, where the users create the clusters.
    /// </summary>
    internal string? ClusterId { get; }

    /// <summary>The cluster's display name; with <see cref="Provisioning.Policy"/>, the policy's name.</summary>
    public string ClusterName { get; }

    /// <summary>
    /// The cluster's page in the workspace (a Terraform reference); with per-user clusters, a map of email to URL;
    /// null with <see cref="Provisioning.Policy"/>.
    /// </summary>
    internal string? ClusterUrl { get; }

    /// <summary>The cluster policy's id (a Terraform reference) with <see cref="Provisioning.Policy"/>; otherwise null.</summary>
    internal string? PolicyId { get; }

    /// <summary>
    /// The volume's one grants resource: READ_VOLUME for the cluster's users, to which a team may add its own grants
    /// (authoritative for grants made directly on this volume).
    /// </summary>
    public SecurableGrants VolumeGrants { get; }

    /// <summary>The volume's <c>/Volumes/...</c> path (a Terraform reference).</summary>
    public string VolumePath { get; }

    /// <summary>The volume's three-level name, <c>catalog.schema.volume</c>.</summary>
    public string VolumeFullName { get; }

    /// <summary>The init script's path in the volume (a Terraform reference).</summary>
    public string InitScriptPath { get; }

    /// <summary>The MLflow experiment that traces assistant sessions.</summary>
    public string MlflowExperimentName { get; }

    /// <summary>The MLflow experiment's id (a Terraform reference); null when tracing is off.</summary>
    internal string? MlflowExperimentId { get; }

    /// <summary>The node type of the clusters: the settings' one, or the data source's pick (a Terraform reference).</summary>
    internal string NodeTypeId { get; }

    /// <summary>Where the clusters deliver their logs, <c>&lt;logs volume&gt;/cluster-logs</c> (a Terraform reference).</summary>
    public string ClusterLogPath { get; }

    /// <summary>The logs volume's one grants resource: READ_VOLUME and WRITE_VOLUME for the cluster's users.</summary>
    public SecurableGrants LogVolumeGrants { get; }

    /// <summary>
    /// The policy definition (Databricks' policy definition language, JSON): every attribute the clusters mode sets,
    /// pinned, except <c>single_user_name</c>, which each user sets to themselves. <c>fixed</c> values are applied
    /// to every cluster made with the policy; <c>hidden</c> ones are not shown in the compute form. Attribute paths
    /// are the Clusters API names joined by dots, list items by index (<c>init_scripts.0.volumes.destination</c>),
    /// map entries by key (<c>spark_env_vars.NAME</c>, <c>custom_tags.NAME</c>):
    /// https://docs.databricks.com/aws/en/admin/clusters/policy-definition. Values are Terraform strings already
    /// (settings text through <see cref="TerraformText.Literal"/>, or references such as the uploaded script's path):
    /// JSON escaping leaves <c>$</c>, <c>%</c> and braces alone, so both survive serialization.
    /// </summary>
    internal static string PolicyDefinition(CodingAssistantsClusterProps props, string initScriptPath,
        IReadOnlyDictionary<string, string> sparkEnvVars, IReadOnlyDictionary<string, string> customTags, string nodeType, string clusterLogPath)
    {
        static object Fixed(object value, bool hidden) => hidden
            ? new Dictionary<string, object> { ["type"] = "fixed", ["value"] = value, ["hidden"] = true }
            : new Dictionary<string, object> { ["type"] = "fixed", ["value"] = value };

        object NodeType() => props.AllowedNodeTypeIds.Count == 0
            ? Fixed(nodeType, hidden: false)
            : new Dictionary<string, object>
            {
                ["type"] = "allowlist",
                ["values"] = props.AllowedNodeTypeIds.Select(TerraformText.Literal).ToArray(),
                ["defaultValue"] = nodeType,
            };

        var rules = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            // All-purpose only: the policy is for interactive clusters, not job clusters.
            ["cluster_type"] = Fixed("all-purpose", hidden: false),
            ["spark_version"] = Fixed(TerraformText.Literal(props.SparkVersion), hidden: false),
            // Dedicated (single-user) access mode, so Unity Catalog applies; single_user_name stays the user's own.
            ["data_security_mode"] = Fixed("SINGLE_USER", hidden: false),
            ["node_type_id"] = NodeType(),
            // Also the driver: on a single-node cluster it is the only node, and it must not escape the node types.
            ["driver_node_type_id"] = NodeType(),
            // A pool brings its own node type.
            ["instance_pool_id"] = new Dictionary<string, object> { ["type"] = "forbidden", ["hidden"] = true },
            // Mandatory, as on the clusters: an idle assistant cluster would cost money around the clock.
            ["autotermination_minutes"] = Fixed(props.AutoterminationMinutes, hidden: false),
            ["init_scripts.0.volumes.destination"] = Fixed(initScriptPath, hidden: true),
            // Log delivery to the logs volume, as on the clusters (policy-definition: cluster_log_conf.type accepts
            // DBFS, S3 and VOLUMES; cluster_log_conf.path the destination). Needs a live check on a workspace.
            ["cluster_log_conf.type"] = Fixed("VOLUMES", hidden: true),
            ["cluster_log_conf.path"] = Fixed(clusterLogPath, hidden: true),
        };
        foreach (var (name, value) in sparkEnvVars)
        {
            rules[$"spark_env_vars.{name}"] = Fixed(value, hidden: true);
        }

        foreach (var (name, value) in customTags)
        {
            rules[$"custom_tags.{name}"] = Fixed(value, hidden: true);
        }

        switch (props.Mode)
        {
            case ClusterMode.SingleNode:
                // The single-node form a policy can pin (the documented policy example); is_single_node and kind
                // are cluster-create fields, not policy attributes.
                rules["num_workers"] = Fixed(0, hidden: true);
                rules["spark_conf.spark.databricks.cluster.profile"] = Fixed("singleNode", hidden: true);
                rules["spark_conf.spark.master"] = Fixed("local[*]", hidden: true);
                rules["custom_tags.ResourceClass"] = Fixed("SingleNode", hidden: true);
                break;
            case ClusterMode.Standard when props.NumWorkers is { } fixedSize:
                rules["num_workers"] = Fixed(fixedSize, hidden: false);
                break;
            default:
                rules["autoscale.min_workers"] = Fixed(props.MinWorkers ?? CodingAssistantsClusterProps.DefaultMinWorkers, hidden: false);
                rules["autoscale.max_workers"] = Fixed(props.MaxWorkers ?? CodingAssistantsClusterProps.DefaultMaxWorkers, hidden: false);
                break;
        }

        return JsonSerializer.Serialize(rules);
    }

    private static ClusterConfig Sized(ClusterConfig config, bool? isSingleNode, double? numWorkers, ClusterAutoscale? autoscale)
    {
        config.IsSingleNode = isSingleNode;
        config.Kind = isSingleNode == true ? "CLASSIC_PREVIEW" : null;
        config.NumWorkers = numWorkers;
        config.Autoscale = autoscale;
        if (isSingleNode == true)
        {
            config.Lifecycle = new TerraformResourceLifecycle { IgnoreChanges = ServerAddedSingleNodeKeys.ToArray() };
        }

        return config;
    }

    /// <summary><c>{ for k, c in address : k =&gt; c.attribute }</c>: one value per user.</summary>
    private static string ForAll(ForEachRef resources, string attribute) =>
        $"${{{{ for k, c in {resources.Address} : k => c.{attribute} }}}}";

    private string Upload(string id, string logicalId, string file)
    {
        var full = Path.GetFullPath(file);
        var asset = new TerraformAsset(this, $"{id}Asset", new TerraformAssetConfig { Path = full, Type = AssetType.FILE });
        var uploaded = new VolumeFile(this, id, new FileConfig
        {
            Source = asset.Path,
            Path = $"{VolumePath}/{TerraformText.Literal(Path.GetFileName(full))}",
        });
        uploaded.OverrideLogicalId(logicalId);
        return uploaded.Path;
    }

    private void Output(string id, string name, string value, string description)
    {
        var output = new TerraformOutput(this, id, new TerraformOutputConfig { Value = value, Description = description });
        output.OverrideLogicalId(name);
    }

    private static string PolicySetupInstructions(CodingAssistantsClusterProps props) =>
        string.Join("\n", [
            $"Coding assistants cluster policy '{TerraformText.Literal(props.ClusterName)}':",
            "1. In Compute, create a cluster and choose this policy; keep yourself as the single user. The policy fixes",
            $"   the runtime, the node type, the init script and auto-termination ({props.AutoterminationMinutes} idle minutes).",
            $"   One cluster per person{(props.MaxClustersPerUser == 1 ? "" : $" (up to {props.MaxClustersPerUser})")}; start it again from its page after it stops.",
            .. UsageSteps(props)]);

    private static string SetupInstructions(CodingAssistantsClusterProps props, string clusterUrl) =>
        string.Join("\n", [
            $"Coding assistants cluster '{TerraformText.Literal(props.ClusterName)}':",
            $"1. Open {clusterUrl} and start the cluster (it stops after {props.AutoterminationMinutes} idle minutes).",
            .. UsageSteps(props)]);

    /// <summary>Steps 2 to 5 of the instructions, the same for a cluster and for a policy's clusters.</summary>
    private static string[] UsageSteps(CodingAssistantsClusterProps props) =>
    [
        "2. Connect with 'databricks ssh' or VS Code Remote-SSH (the session brings a token), or open Apps > Web Terminal",
        "   (no token there: see 'claude-token --check').",
        "3. Run 'check-claude' to see the installation, the connection and the token source.",
        $"4. Run 'claude' in your project folder; it uses the model serving endpoint {TerraformText.Literal(props.ModelName)}.",
        props.Tracing
            ? $"5. 'claude-tracing-enable' traces a folder's sessions to the MLflow experiment {TerraformText.Literal(props.MlflowExperimentName)}."
            : "5. Tracing is off on this cluster (codingAssistants.tracing).",
        "If the cluster does not start, read its init script log under the output cluster_log_path.",
        "",
    ];
}
