using CdkInfra.App.Stacks;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;

namespace CdkInfra.App.Tests;

/// <summary>
/// Snapshots of the synthesized coding-assistants stack, as the app builds it from the settings (provider, backend,
/// cluster), in each mode. They use a fixture init script: the bundled one changes often and its hash is part of the
/// asset path. The cluster built directly from full props has its snapshot in CdkInfra.Constructs.Tests.
/// </summary>
public sealed class CodingAssistantsSnapshotTests
{
    private const string FixtureScript = TestEnvironment.FixturesFolder + "/init-script.sh";

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

    internal static string SynthApp(string codingAssistantsJson)
    {
        var settings = AppSettings.Load(TestEnvironment.RepoRoot, $$"""{ "codingAssistants": {{codingAssistantsJson}} }""");
        var stack = new CodingAssistantsStack(Testing.App(), "coding-assistants", settings);
        return Testing.Synth(stack);
    }
}
