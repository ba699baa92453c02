using CdkInfra.Policy;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Cluster;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCurrentUser;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksMlflowExperiment;
using HashiCorp.Cdktf.Providers.Databricks.File;
using HashiCorp.Cdktf.Providers.Databricks.Grants;
using HashiCorp.Cdktf.Providers.Databricks.MlflowExperiment;
using HashiCorp.Cdktf.Providers.Databricks.Volume;
using VolumeFile = HashiCorp.Cdktf.Providers.Databricks.File.File;

namespace CdkInfra.CodingAssistants;

/// <summary>
/// A single-user cluster with an AI coding assistant installed at start-up (L3): a managed Unity Catalog volume, the
/// init script uploaded into it, the cluster that runs it, the MLflow experiment that traces sessions, and outputs
/// that tell the user where to go. Needs a Databricks provider in the stack. One per stack: its Terraform addresses
/// are fixed (<c>databricks_cluster.coding_assistants</c>, ...).
/// </summary>
public sealed class CodingAssistantsCluster : Construct
{
    /// <summary>The cluster variables the init script reads; this interface is fixed.</summary>
    public static class EnvironmentVariables
    {
        /// <summary>The MLflow experiment for traces.</summary>
        public const string MlflowExperimentName = "MLFLOW_EXPERIMENT_NAME";

        /// <summary>The model serving endpoint the assistant talks to.</summary>
        public const string Model = "CLAUDE_CODE_MODEL";

        /// <summary><c>"true"</c> in offline mode only.</summary>
        public const string Offline = "CLAUDE_CODE_OFFLINE";

        /// <summary>In offline mode, where the install artifacts are: <c>&lt;volume path&gt;/offline</c>.</summary>
        public const string ArtifactsDirectory = "CLAUDE_CODE_ARTIFACTS_DIR";
    }

    /// <summary>Validates the props, then builds the resources. Throws <see cref="InputValidationException"/> listing every problem.</summary>
    public CodingAssistantsCluster(Construct scope, string id, CodingAssistantsClusterProps props)
        : base(scope, id)
    {
        var problems = new ProblemCollector();
        problems.AddRange(props.Validate(nameof(CodingAssistantsClusterProps)));
        problems.ThrowIfAny();

        var volume = new Volume(this, "Volume", new VolumeConfig
        {
            CatalogName = props.CatalogName,
            SchemaName = props.SchemaName,
            Name = props.VolumeName,
            VolumeType = "MANAGED",
            Comment = "Init script and offline artifacts of the coding-assistants cluster",
        });
        volume.OverrideLogicalId("coding_assistants");
        VolumePath = volume.VolumePath;
        VolumeFullName = $"{props.CatalogName}.{props.SchemaName}.{props.VolumeName}";

        // The script is copied into the synthesized stack folder, so Terraform finds it wherever that folder goes.
        var scriptFile = Path.GetFullPath(props.InitScriptPath);
        var asset = new TerraformAsset(this, "InitScriptAsset", new TerraformAssetConfig { Path = scriptFile, Type = AssetType.FILE });
        var initScript = new VolumeFile(this, "InitScript", new FileConfig
        {
            Source = asset.Path,
            Path = $"{VolumePath}/{Path.GetFileName(scriptFile)}",
        });
        initScript.OverrideLogicalId("init_script");
        InitScriptPath = initScript.Path;

        string singleUser;
        if (props.SingleUserName is { } named)
        {
            singleUser = TerraformText.Literal(named);
        }
        else
        {
            var me = new DataDatabricksCurrentUser(this, "CurrentUser");
            me.OverrideLogicalId("me");
            singleUser = me.UserName;
        }

        // A volume init script runs as the cluster's assigned user, who needs READ_VOLUME on the volume (and
        // USE_CATALOG/USE_SCHEMA on its parents, which the catalog's own grants give). Authoritative for grants made
        // directly on this volume only: privileges inherited from the catalog or schema (the course admins'
        // ALL_PRIVILEGES) and the owner's rights are unaffected.
        var volumeGrants = new Grants(this, "VolumeGrants", new GrantsConfig
        {
            Volume = volume.Id,
            Grant = new[] { new GrantsGrant { Principal = singleUser, Privileges = new[] { Privilege.ReadVolume } } },
        });
        volumeGrants.OverrideLogicalId("coding_assistants");

        MlflowExperimentName = props.MlflowExperimentName;
        // The cluster starts only once its user may read the script.
        var dependsOn = new List<ITerraformDependable> { volumeGrants };
        if (props.CreateMlflowExperiment)
        {
            var experiment = new MlflowExperiment(this, "Experiment", new MlflowExperimentConfig { Name = TerraformText.Literal(props.MlflowExperimentName) });
            experiment.OverrideLogicalId("tracing");
            dependsOn.Add(experiment);
        }
        else
        {
            // Read, not managed: the plan fails early if the experiment does not exist.
            var experiment = new DataDatabricksMlflowExperiment(this, "Experiment", new DataDatabricksMlflowExperimentConfig { Name = TerraformText.Literal(props.MlflowExperimentName) });
            experiment.OverrideLogicalId("tracing");
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentVariables.MlflowExperimentName] = TerraformText.Literal(props.MlflowExperimentName),
            [EnvironmentVariables.Model] = TerraformText.Literal(props.ModelName),
        };
        if (props.Offline)
        {
            env[EnvironmentVariables.Offline] = "true";
            env[EnvironmentVariables.ArtifactsDirectory] = $"{VolumePath}/offline";
        }

        var tags = new Dictionary<string, string>(props.Tags.ToDictionary(t => TerraformText.Literal(t.Key), t => TerraformText.Literal(t.Value)), StringComparer.Ordinal)
        {
            [CodingAssistantsClusterProps.ManagedByTagKey] = CodingAssistantsClusterProps.ManagedByTagValue,
        };

        var config = new ClusterConfig
        {
            ClusterName = TerraformText.Literal(props.ClusterName),
            SparkVersion = TerraformText.Literal(props.SparkVersion),
            NodeTypeId = TerraformText.Literal(props.NodeTypeId),
            AutoterminationMinutes = props.AutoterminationMinutes,
            DataSecurityMode = "SINGLE_USER",
            SingleUserName = singleUser,
            SparkEnvVars = env,
            CustomTags = tags,
            // A volume, because DBFS init scripts are end-of-life; the reference also orders the upload before the cluster.
            InitScripts = new[] { new ClusterInitScripts { Volumes = new ClusterInitScriptsVolumes { Destination = InitScriptPath } } },
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
        ClusterId = cluster.Id;
        ClusterUrl = cluster.Url;
        ClusterName = props.ClusterName;

        Output("ClusterId", "cluster_id", ClusterId, "The cluster's id");
        Output("ClusterName", "cluster_name", cluster.ClusterName, "The cluster's display name");
        Output("ClusterUrl", "cluster_url", ClusterUrl, "The cluster's page in the workspace");
        Output("VolumePath", "volume_path", VolumePath, "The volume that holds the init script, as a /Volumes path");
        Output("VolumeFullName", "volume_full_name", VolumeFullName, "The volume's three-level name");
        Output("InitScriptPath", "init_script_path", InitScriptPath, "The init script in the volume");
        Output("MlflowExperimentName", "mlflow_experiment_name", MlflowExperimentName, "The MLflow experiment for assistant traces");
        Output("SetupInstructions", "setup_instructions", SetupInstructions(props, ClusterUrl), "How to start using the assistant");
    }

    /// <summary>The cluster's id (a Terraform reference).</summary>
    public string ClusterId { get; }

    /// <summary>The cluster's display name.</summary>
    public string ClusterName { get; }

    /// <summary>The cluster's page in the workspace (a Terraform reference).</summary>
    public string ClusterUrl { get; }

    /// <summary>The volume's <c>/Volumes/...</c> path (a Terraform reference).</summary>
    public string VolumePath { get; }

    /// <summary>The volume's three-level name, <c>catalog.schema.volume</c>.</summary>
    public string VolumeFullName { get; }

    /// <summary>The init script's path in the volume (a Terraform reference).</summary>
    public string InitScriptPath { get; }

    /// <summary>The MLflow experiment that traces assistant sessions.</summary>
    public string MlflowExperimentName { get; }

    private static ClusterConfig Sized(ClusterConfig config, bool? isSingleNode, double? numWorkers, ClusterAutoscale? autoscale)
    {
        config.IsSingleNode = isSingleNode;
        config.Kind = isSingleNode == true ? "CLASSIC_PREVIEW" : null;
        config.NumWorkers = numWorkers;
        config.Autoscale = autoscale;
        return config;
    }

    private void Output(string id, string name, string value, string description)
    {
        var output = new TerraformOutput(this, id, new TerraformOutputConfig { Value = value, Description = description });
        output.OverrideLogicalId(name);
    }

    private static string SetupInstructions(CodingAssistantsClusterProps props, string clusterUrl)
    {
        var idle = props.AutoterminationMinutes == 0
            ? "it does not stop by itself: terminate it when done"
            : $"it stops after {props.AutoterminationMinutes} idle minutes";
        return string.Join("\n",
            $"Coding assistants cluster '{props.ClusterName}':",
            $"1. Open {clusterUrl} and start the cluster ({idle}).",
            "2. When it runs, open Apps > Web Terminal on the cluster page.",
            "3. Run 'check-claude' to see that Claude Code is installed and configured.",
            $"4. Run 'claude' in your project folder; it uses the model serving endpoint {props.ModelName}.",
            $"5. Sessions can be traced to the MLflow experiment {props.MlflowExperimentName}.",
            "");
    }
}
