using CdkInfra.Emulator.Values;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// Ported from TPD clusters/data_node_type_test.go, clusters/data_spark_version_test.go, clusters/resource_cluster_test.go
/// and jobs/resource_job_test.go (v1.99.0). The provider's data source cases answer from their own node type and
/// runtime lists; here the same requests run against the emulated cloud's lists (Rules/CloudCatalog.cs) and expect what
/// the provider's selection gives on them.
/// </summary>
public sealed class ProviderCasesCompute
{
    private static string NodeType(string cloud, params (string, object?)[] request) =>
        new Emulated($$"""{ "cloud": "{{cloud}}" }""").Data("databricks_node_type", Obj(request)).Str("id")!;

    private static Dictionary<string, object?> SparkVersion(params (string, object?)[] request) =>
        new Emulated().Data("databricks_spark_version", Obj(request));

    // clusters/data_node_type_test.go TestNodeType: sorted by cores, then memory (the SDK's sort), GPU types only when asked
    [TestCase("aws", "m5d.large")]
    [TestCase("azure", "Standard_F4s")]
    [TestCase("gcp", "n1-standard-4")]
    public void Node_type_is_the_smallest_of_the_cloud(string cloud, string expected) =>
        Assert.That(NodeType(cloud), Is.EqualTo(expected));

    // clusters/data_node_type_test.go TestNodeType (min_memory_gb, min_cores, min_gpus, local_disk)
    [Test]
    public void Node_type_filters_memory_cores_gpus_and_local_disk()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NodeType("aws", ("min_memory_gb", 32)), Is.EqualTo("r5d.xlarge"));
            Assert.That(NodeType("aws", ("min_cores", 8)), Is.EqualTo("m5d.2xlarge"));
            Assert.That(NodeType("aws", ("min_gpus", 1)), Is.EqualTo("g4dn.xlarge"));
            Assert.That(NodeType("aws", ("min_cores", 4), ("local_disk", true)), Is.EqualTo("c5d.xlarge"));
            Assert.That(NodeType("aws", ("gb_per_core", 8)), Is.EqualTo("r5d.xlarge"));
        });
    }

    // clusters/data_node_type_test.go TestNodeTypeCategory (category compared case-insensitively)
    [Test]
    public void Node_type_category_is_matched_whatever_its_case() =>
        Assert.That(NodeType("aws", ("category", "Storage optimized")), Is.EqualTo("i3.xlarge"));

    // clusters/data_node_type_test.go TestNodeTypeEmptyList (nothing fits: the provider's per-cloud default,
    // clusters/data_node_type.go defaultSmallestNodeType)
    [TestCase("aws", "i3.xlarge")]
    [TestCase("azure", "Standard_D4ds_v5")]
    [TestCase("gcp", "n1-standard-4")]
    public void Node_type_falls_back_to_the_cloud_default_when_nothing_fits(string cloud, string expected) =>
        Assert.That(NodeType(cloud, ("min_cores", 512)), Is.EqualTo(expected));

    // clusters/data_spark_version_test.go TestSparkVersionLatest, TestSparkVersionLTS (scala defaults to 2.12, latest to true)
    [Test]
    public void Spark_version_latest_and_lts_with_the_default_scala()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SparkVersion()["id"], Is.EqualTo("16.4.x-scala2.12"));
            Assert.That(SparkVersion(("long_term_support", true))["id"], Is.EqualTo("16.4.x-scala2.12"));
            Assert.That(SparkVersion(("long_term_support", true), ("scala", "2.13"))["id"], Is.EqualTo("17.3.x-scala2.13"));
        });
    }

    // clusters/data_spark_version_test.go TestSparkVersionGpuMl, TestSparkVersionPhoton, TestSparkVersion300, TestSparkVersionESR (ml)
    [Test]
    public void Spark_version_ml_gpu_photon_and_spark_version_select_their_runtime()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SparkVersion(("ml", true), ("long_term_support", true))["id"], Is.EqualTo("16.4.x-cpu-ml-scala2.12"));
            Assert.That(SparkVersion(("gpu", true), ("ml", true), ("scala", "2.13"))["id"], Is.EqualTo("17.3.x-gpu-ml-scala2.13"));
            Assert.That(SparkVersion(("photon", true), ("scala", "2.13"))["id"], Is.EqualTo("17.3.x-photon-scala2.13"));
            Assert.That(SparkVersion(("spark_version", "3.5.0"))["id"], Is.EqualTo("15.4.x-scala2.12"));
        });
    }

    // clusters/data_spark_version_test.go TestSparkVersionErrorNoResults (beta + LTS), TestSparkVersionGenomics and
    // TestSparkVersionESR (no such runtime among the current ones)
    [TestCase("beta", "long_term_support")]
    [TestCase("genomics", null)]
    [TestCase("gpu", null)]
    public void Spark_version_with_no_match_fails(string flag, string? other)
    {
        var request = new List<(string, object?)> { (flag, true) };
        if (other is not null)
        {
            request.Add((other, true));
        }

        Assert.That(ErrorOf(() => SparkVersion([.. request])), Is.EqualTo("spark versions query returned no results. Please change your search criteria and try again"));
    }

    // clusters/data_spark_version_test.go TestSparkVersionErrorMultipleResults (latest = false)
    [Test]
    public void Spark_version_with_several_matches_and_latest_false_fails() =>
        Assert.That(ErrorOf(() => SparkVersion(("latest", false))),
            Does.StartWith("spark versions query returned multiple results").And.EndWith("Please change your search criteria and try again"));

    // clusters/resource_cluster_test.go TestResourceClusterCreate (state RUNNING, default autotermination, id format)
    [Test]
    public void A_cluster_is_created_running_with_the_provider_defaults()
    {
        var e = new Emulated();
        var state = e.Create("databricks_cluster", Obj(("cluster_name", "Shared Autoscaling"), ("spark_version", "16.4.x-scala2.12"), ("node_type_id", "i3.xlarge"),
            ("autoscale", Obj(("min_workers", 1), ("max_workers", 4)))));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Does.Match("^[0-9]{4}-[0-9]{6}-[a-z0-9]{8}$"));
            Assert.That(state["cluster_id"], Is.EqualTo(state["id"]));
            Assert.That(state["state"], Is.EqualTo("RUNNING"));
            Assert.That(state["autotermination_minutes"], Is.EqualTo(60L));
        });
    }

    // clusters/resource_cluster_test.go TestResourceClusterCreateNoWait (no_wait: not waiting for RUNNING)
    [Test]
    public void A_cluster_created_with_no_wait_is_not_waited_for() =>
        Assert.That(new Emulated().Create("databricks_cluster", Obj(("cluster_name", "c"), ("spark_version", "16.4.x-scala2.12"), ("node_type_id", "i3.xlarge"), ("no_wait", true)))["state"],
            Is.Not.EqualTo("RUNNING"));

    // jobs/resource_job_test.go TestResourceJobCreate_AlwaysRunning_Conflict, TestResourceJobCreate_ControlRunState_NoContinuous
    // (jobs/resource_job.go CustomizeDiff)
    [Test]
    public void Job_run_state_settings_are_checked_at_plan()
    {
        var e = new Emulated();
        Assert.Multiple(() =>
        {
            Assert.That(e.Plan("databricks_job", Obj(("always_running", true), ("max_concurrent_runs", 2))).Errors,
                Is.EqualTo(new[] { "`always_running` must be specified only with `max_concurrent_runs = 1`" }));
            Assert.That(e.Plan("databricks_job", Obj(("control_run_state", true))).Errors,
                Is.EqualTo(new[] { "`control_run_state` must be specified only with `continuous`" }));
            Assert.That(e.Plan("databricks_job", Obj(("control_run_state", true), ("max_concurrent_runs", 2), ("continuous", Blocks(Obj(("pause_status", "UNPAUSED")))))).Errors,
                Is.EqualTo(new[] { "`control_run_state` must be specified only with `max_concurrent_runs = 1`" }));
            Assert.That(e.Plan("databricks_job", Obj(("control_run_state", true), ("continuous", Blocks(Obj(("pause_status", "UNPAUSED")))))).Errors, Is.Empty);
        });
    }

    // jobs/resource_job_test.go TestResourceJobCreate (id is the job id, url computed)
    [Test]
    public void A_job_gets_a_numeric_id_and_its_url()
    {
        var e = new Emulated();
        var state = e.Create("databricks_job", Obj(("name", "Featurizer"), ("max_concurrent_runs", 1),
            ("task", Blocks(Obj(("task_key", "a"), ("existing_cluster_id", "abc"), ("notebook_task", Obj(("notebook_path", "/Stuff"))))))));
        Assert.Multiple(() =>
        {
            Assert.That(state.Str("id"), Does.Match("^[0-9]+$"));
            Assert.That(state["url"], Is.EqualTo($"{e.Workspace.Host}/#job/{state["id"]}"));
        });
    }
}
