using CdkInfra.CodingAssistants;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// Snapshot of the coding-assistants cluster built directly from props, every property set, with a custom init script.
/// The snapshots of the stack as the app wires it (each mode, from the settings) are the app's (CdkInfra.App.Tests).
/// </summary>
public sealed class CodingAssistantsSnapshotTests
{
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
}
