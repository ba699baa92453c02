using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// The stack assertions the other tests are written with (<see cref="SynthesizedStack"/>, <see cref="PartialJson"/>):
/// a fragment passes when what it names matches, and every kind of difference fails, saying where and what.
/// </summary>
public sealed class SynthesizedStackTests
{
    private static readonly SynthesizedStack Stack = SynthesizedStack.Parse("""
        {
          "resource": {
            "databricks_cluster": {
              "lab": {
                "cluster_name": "lab",
                "num_workers": 0,
                "is_single_node": true,
                "custom_tags": { "ManagedBy": "CdkInfra", "Team": "data" },
                "spark_conf": { "spark.master": "local[*]" },
                "init_scripts": [ { "volumes": { "destination": "${databricks_file.lab.path}" } } ],
                "depends_on": ["databricks_grants.lab"]
              }
            }
          },
          "data": { "databricks_node_type": { "smallest": { "local_disk": true, "min_memory_gb": 16 } } },
          "output": { "cluster_id": { "value": "${databricks_cluster.lab.id}" } }
        }
        """);

    [Test]
    public void A_fragment_matches_when_what_it_names_matches_at_every_depth() =>
        Stack.HasResourceProperties("databricks_cluster", "lab", """
            {
              // Keys left out are not compared, in nested objects and in an array's objects too.
              "custom_tags": { "Team": "data" },
              "init_scripts": [ { "volumes": {} } ],
              "num_workers": 0.0,
              "autoscale": null,
            }
            """);

    [Test]
    public void Data_sources_and_outputs_match_the_same_way()
    {
        Stack.HasDataProperties("databricks_node_type", "smallest", """{ "min_memory_gb": 16 }""");
        Stack.HasOutput("cluster_id", """{ "value": "${databricks_cluster.lab.id}" }""");
        Assert.That(Stack.DependsOn("databricks_cluster", "lab"), Is.EqualTo(new[] { "databricks_grants.lab" }));
    }

    [TestCase("""{ "num_workers": 1 }""", "num_workers: expected 1, found 0")]
    [TestCase("""{ "num_workers": "0" }""", "num_workers: expected \"0\", found 0")]
    [TestCase("""{ "is_single_node": false }""", "is_single_node: expected false, found true")]
    [TestCase("""{ "custom_tags": { "Team": "ops" } }""", "custom_tags.Team: expected \"ops\", found \"data\"")]
    [TestCase("""{ "spark_conf": { "spark.master": "local" } }""", "spark_conf[\"spark.master\"]: expected \"local\", found \"local[*]\"")]
    [TestCase("""{ "kind": "CLASSIC_PREVIEW" }""", "kind: missing, expected \"CLASSIC_PREVIEW\"")]
    [TestCase("""{ "is_single_node": null }""", "is_single_node: expected absent, found true")]
    [TestCase("""{ "depends_on": [] }""", "depends_on: expected 0 elements, found 1: [\"databricks_grants.lab\"]")]
    [TestCase("""{ "depends_on": ["databricks_grants.lab", "databricks_volume.lab"] }""", "depends_on: expected 2 elements, found 1")]
    [TestCase("""{ "init_scripts": [ { "volumes": { "destination": "x.sh" } } ] }""",
        "init_scripts[0].volumes.destination: expected \"x.sh\", found \"${databricks_file.lab.path}\"")]
    [TestCase("""{ "custom_tags": ["ManagedBy"] }""", "custom_tags: expected an array, found {\"ManagedBy\":\"CdkInfra\",\"Team\":\"data\"}")]
    [TestCase("""{ "cluster_name": { "name": "lab" } }""", "cluster_name: expected an object, found \"lab\"")]
    public void A_difference_fails_naming_its_path_and_both_values(string expected, string difference)
    {
        var failure = Assert.Throws<AssertionException>(() => Stack.HasResourceProperties("databricks_cluster", "lab", expected))!;
        Assert.That(failure.Message, Does.Contain($"  - {difference}"));
    }

    [Test]
    public void Every_difference_is_listed_with_the_expected_fragment_and_the_whole_block()
    {
        var failure = Assert.Throws<AssertionException>(() =>
            Stack.HasResourceProperties("databricks_cluster", "lab", """{ "num_workers": 2, "custom_tags": { "Team": "ops" } }""", "a fixed size"))!;
        Assert.That(failure.Message, Does.StartWith("databricks_cluster.lab does not have the expected properties (a fixed size):")
            .And.Contain("  - num_workers: expected 2, found 0")
            .And.Contain("  - custom_tags.Team: expected \"ops\", found \"data\"")
            .And.Contain("Expected (keys not named here are not compared):")
            .And.Contain("\"num_workers\": 2")
            .And.Contain("Actual databricks_cluster.lab:")
            .And.Contain("\"spark.master\": \"local[*]\""));
    }

    [Test]
    public void A_block_the_stack_lacks_fails_naming_what_it_has()
    {
        string Failure(TestDelegate code) => Assert.Throws<AssertionException>(code)!.Message;
        Assert.Multiple(() =>
        {
            Assert.That(Failure(() => Stack.HasResourceProperties("databricks_cluster", "other", "{}")),
                Does.StartWith("the stack has no resource databricks_cluster.other; its databricks_cluster blocks: lab"));
            Assert.That(Failure(() => Stack.Resource("databricks_volume", "lab")),
                Does.StartWith("the stack has no resource of type databricks_volume; its resource types: databricks_cluster"));
            Assert.That(Failure(() => Stack.HasDataProperties("databricks_current_user", "me", "{}")),
                Does.StartWith("the stack has no data source of type databricks_current_user; its data source types: databricks_node_type"));
            Assert.That(Failure(() => Stack.HasOutput("cluster_url", "{}")), Does.StartWith("the stack has no output cluster_url; its outputs: cluster_id"));
        });
    }

    [Test]
    public void The_expected_fragment_must_be_json() =>
        Assert.That(() => Stack.HasResourceProperties("databricks_cluster", "lab", "{ num_workers: 0 }"), Throws.InstanceOf<System.Text.Json.JsonException>());
}
