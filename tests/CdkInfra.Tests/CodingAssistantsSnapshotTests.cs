using CdkInfra.App.Stacks;
using CdkInfra.CodingAssistants;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;

namespace CdkInfra.Tests;

/// <summary>
/// Snapshots of the synthesized coding-assistants stack, as the app builds it (provider, backend, cluster), in each
/// mode. They use a fixture init script: the bundled one changes often and its hash is part of the asset path.
/// </summary>
public sealed class CodingAssistantsSnapshotTests
{
    private const string FixtureScript = "tests/CdkInfra.Tests/Fixtures/init-script.sh";

    [Test]
    public void Single_node() => Snapshot.Verify(SynthApp($$"""{ "initScript": "{{FixtureScript}}" }"""));

    [Test]
    public void Standard_autoscaling() =>
        Snapshot.Verify(SynthApp($$"""{ "initScript": "{{FixtureScript}}", "mode": "STANDARD", "minWorkers": 2, "maxWorkers": 5 }"""));

    [Test]
    public void Standard_fixed_size() =>
        Snapshot.Verify(SynthApp($$"""{ "initScript": "{{FixtureScript}}", "mode": "STANDARD", "numWorkers": 2 }"""));

    [Test]
    public void One_cluster_per_instructor() =>
        Snapshot.Verify(SynthApp($$"""{ "initScript": "{{FixtureScript}}", "userRoles": ["admins"], "users": ["test.student@example.com"] }"""));

    [Test]
    public void Policy_for_each_instructor() =>
        Snapshot.Verify(SynthApp($$"""{ "initScript": "{{FixtureScript}}", "provisioning": "policy", "userRoles": ["admins"], "users": ["test.student@example.com"] }"""));

    [Test]
    public void Policy_standard_with_a_node_type_allowlist() =>
        Snapshot.Verify(SynthApp($$"""
            { "initScript": "{{FixtureScript}}", "provisioning": "policy", "singleUserName": "ana.instructor@example.com", "mode": "STANDARD",
              "minWorkers": 1, "maxWorkers": 4, "nodeTypeId": "Standard_D8pds_v6", "allowedNodeTypeIds": ["Standard_D8pds_v6", "Standard_D4pds_v6"], "maxClustersPerUser": 2,
              "offline": true, "tags": { "Team": "data-eng" } }
            """));

    [Test]
    public void Offline() => Snapshot.Verify(SynthApp($$"""{ "initScript": "{{FixtureScript}}", "offline": true }"""));

    [Test]
    public void Full_props_with_a_custom_script() =>
        Snapshot.Verify(Synth.CodingAssistantsJson(new CodingAssistantsClusterProps
        {
            ClusterName = "claude-lab",
            CatalogName = "tools",
            SchemaName = "assistants",
            VolumeName = "claude_scripts",
            InitScriptPath = TestEnvironment.Fixture("custom-init.sh"),
            SparkVersion = "16.4.x-cpu-ml-scala2.12",
            NodeTypeId = "m7gd.2xlarge",
            AutoterminationMinutes = 60,
            Mode = ClusterMode.Standard,
            MinWorkers = 1,
            MaxWorkers = 4,
            MlflowExperimentName = "/Users/lead@example.com/claude-traces",
            CreateMlflowExperiment = false,
            Tags = new Dictionary<string, string> { ["Team"] = "data-eng", ["CostCenter"] = "course" },
            SingleUserName = "lead@example.com",
            UserPermission = "CAN_MANAGE",
            WorkspaceUrl = "https://adb-123.azuredatabricks.net",
            ModelName = "databricks-claude-opus-4-1",
            OpusModelName = "databricks-claude-opus-4-1",
            HaikuModelName = "databricks-claude-haiku-4-5",
            SqlWarehouseId = "0123456789abcdef",
            Offline = true,
        }));

    internal static string SynthApp(string codingAssistantsJson)
    {
        var settings = AppSettings.Load(TestEnvironment.RepoRoot, $$"""{ "codingAssistants": {{codingAssistantsJson}} }""");
        var stack = new CodingAssistantsStack(Testing.App(), "coding-assistants", settings);
        return Testing.Synth(stack);
    }
}
