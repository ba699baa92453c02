using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CdkInfra.CodingAssistants;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// Provisioning <c>policy</c>: one cluster policy instead of clusters. Its definition must pin everything the clusters
/// mode sets on a cluster, so a cluster a user creates under it is the cluster the stack would have made.
/// </summary>
public sealed partial class CodingAssistantsPolicyTests
{
    private const string Ana = "ana.instructor@example.com";
    private const string Ben = "ben.instructor@example.com";

    private static readonly CodingAssistantsClusterProps Policy = new()
    {
        CatalogName = "databricks_course",
        InitScriptPath = TestEnvironment.Fixture("init-script.sh"),
        Provisioning = Provisioning.Policy,
        Users = [Ana, Ben],
        WorkspaceUrl = "https://adb-123.azuredatabricks.net",
        Tags = new Dictionary<string, string> { ["Team"] = "data-eng" },
    };

    private string _scratch = "";

    [SetUp]
    public void CreateScratch() => _scratch = Directory.CreateTempSubdirectory("cdkinfra-ca-policy-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void The_policy_pins_the_init_script_runtime_access_mode_node_type_autotermination_tags_and_variables()
    {
        var root = Synth.CodingAssistants(Policy);
        var rules = Definition(root);
        string? Fixed(string path) => FixedValue(rules, path);
        Assert.Multiple(() =>
        {
            Assert.That(Fixed("init_scripts.0.volumes.destination"), Is.EqualTo("${databricks_file.init_script.path}"), "the script the stack uploads");
            Assert.That(rules["init_scripts.0.volumes.destination"]!["hidden"]!.GetValue<bool>(), Is.True);
            Assert.That(Fixed("spark_version"), Is.EqualTo("17.3.x-cpu-ml-scala2.13"));
            Assert.That(Fixed("data_security_mode"), Is.EqualTo("SINGLE_USER"));
            Assert.That(rules.ContainsKey("single_user_name"), Is.False, "each user names themselves");
            Assert.That(Fixed("node_type_id"), Is.EqualTo("${data.databricks_node_type.coding_assistants.id}"), "the workspace cloud's smallest fitting type");
            Assert.That(Fixed("driver_node_type_id"), Is.EqualTo("${data.databricks_node_type.coding_assistants.id}"));
            Assert.That(Fixed("cluster_log_conf.type"), Is.EqualTo("VOLUMES"));
            Assert.That(Fixed("cluster_log_conf.path"), Is.EqualTo("${databricks_volume.coding_assistants_logs.volume_path}/cluster-logs"));
            Assert.That(Fixed("spark_env_vars.CLAUDE_CODE_TRACING_EXPERIMENT_ID"), Is.EqualTo("${databricks_mlflow_experiment.tracing.id}"));
            Assert.That(rules["autotermination_minutes"]!["type"]!.GetValue<string>(), Is.EqualTo("fixed"));
            Assert.That(rules["autotermination_minutes"]!["value"]!.GetValue<int>(), Is.EqualTo(30));
            Assert.That(Fixed("custom_tags.Team"), Is.EqualTo("data-eng"));
            Assert.That(Fixed("custom_tags.ManagedBy"), Is.EqualTo("CdkInfra"));
            Assert.That(Fixed("spark_env_vars.CLAUDE_CODE_WORKSPACE_URL"), Is.EqualTo("https://adb-123.azuredatabricks.net"));
            Assert.That(Fixed("spark_env_vars.CLAUDE_CODE_MODEL"), Is.EqualTo("databricks-claude-sonnet-4-5"));
            Assert.That(Fixed("spark_env_vars.CLAUDE_CODE_TRACING_EXPERIMENT"), Is.EqualTo("/Shared/claude-code-tracing"));
            Assert.That(Fixed("cluster_type"), Is.EqualTo("all-purpose"));
            Assert.That(rules["instance_pool_id"]!["type"]!.GetValue<string>(), Is.EqualTo("forbidden"));
            // Single node: the form a policy can pin (the documented single-node policy).
            Assert.That(rules["num_workers"]!["value"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(Fixed("spark_conf.spark.databricks.cluster.profile"), Is.EqualTo("singleNode"));
            Assert.That(Fixed("spark_conf.spark.master"), Is.EqualTo("local[*]"));
            Assert.That(Fixed("custom_tags.ResourceClass"), Is.EqualTo("SingleNode"));
        });
    }

    [Test]
    public void Every_spark_env_var_and_custom_tag_the_clusters_mode_sets_is_pinned_by_the_policy()
    {
        var clusters = Synth.CodingAssistants(new CodingAssistantsClusterProps(Policy) { Provisioning = Provisioning.Clusters })["resource"]!["databricks_cluster"]!["coding_assistants"]!;
        var rules = Definition(Synth.CodingAssistants(Policy));
        Assert.Multiple(() =>
        {
            foreach (var (section, values) in new[] { ("spark_env_vars", clusters["spark_env_vars"]!.AsObject()), ("custom_tags", clusters["custom_tags"]!.AsObject()) })
            {
                foreach (var (name, value) in values)
                {
                    Assert.That(rules.ContainsKey($"{section}.{name}"), Is.True, $"{section}.{name} is not pinned");
                    Assert.That(FixedValue(rules, $"{section}.{name}"), Is.EqualTo(value!.GetValue<string>()), $"{section}.{name}");
                }
            }

            Assert.That(FixedValue(rules, "spark_version"), Is.EqualTo(clusters["spark_version"]!.GetValue<string>()));
            Assert.That(rules["autotermination_minutes"]!["value"]!.GetValue<int>(), Is.EqualTo(clusters["autotermination_minutes"]!.GetValue<int>()));
            Assert.That(FixedValue(rules, "init_scripts.0.volumes.destination"), Is.EqualTo(clusters["init_scripts"]![0]!["volumes"]!["destination"]!.GetValue<string>()));
        });
    }

    [Test]
    public void Standard_mode_pins_the_size_and_an_allowlist_replaces_the_fixed_node_type()
    {
        var autoscaling = Definition(Synth.CodingAssistants(new CodingAssistantsClusterProps(Policy)
        {
            Mode = ClusterMode.Standard,
            MinWorkers = 2,
            MaxWorkers = 5,
            NodeTypeId = "Standard_D8pds_v6",
            AllowedNodeTypeIds = ["Standard_D8pds_v6", "Standard_D16pds_v6"],
        }));
        var fixedSize = Definition(Synth.CodingAssistants(new CodingAssistantsClusterProps(Policy) { Mode = ClusterMode.Standard, NumWorkers = 3 }));
        Assert.Multiple(() =>
        {
            Assert.That(autoscaling["autoscale.min_workers"]!["value"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(autoscaling["autoscale.max_workers"]!["value"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(autoscaling.ContainsKey("spark_conf.spark.databricks.cluster.profile"), Is.False);
            Assert.That(autoscaling.ContainsKey("num_workers"), Is.False);
            foreach (var key in new[] { "node_type_id", "driver_node_type_id" })
            {
                Assert.That(autoscaling[key]!["type"]!.GetValue<string>(), Is.EqualTo("allowlist"));
                Assert.That(autoscaling[key]!["values"]!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "Standard_D8pds_v6", "Standard_D16pds_v6" }));
                Assert.That(autoscaling[key]!["defaultValue"]!.GetValue<string>(), Is.EqualTo("Standard_D8pds_v6"));
            }

            Assert.That(fixedSize["num_workers"]!["value"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(fixedSize.ContainsKey("autoscale.min_workers"), Is.False);
        });
    }

    [Test]
    public void Policy_mode_makes_no_cluster_one_policy_with_one_cluster_per_user_and_can_use_for_each_listed_user()
    {
        var root = Synth.CodingAssistants(Policy);
        var resources = root["resource"]!.AsObject();
        var policy = resources["databricks_cluster_policy"]!["coding_assistants"]!;
        var permissions = resources["databricks_permissions"]!.AsObject();
        var grants = resources["databricks_grants"]!["coding_assistants"]!["grant"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(resources.ContainsKey("databricks_cluster"), Is.False);
            Assert.That(root["locals"]?["coding_assistants_users"], Is.Null);
            Assert.That(policy["name"]!.GetValue<string>(), Is.EqualTo("coding-assistants"));
            Assert.That(policy["max_clusters_per_user"]!.GetValue<int>(), Is.EqualTo(1), "the cost guard: one cluster per person");
            Assert.That(permissions.Select(p => p.Key), Is.EqualTo(new[] { "coding_assistants_policy" }));
            var policyPermissions = permissions["coding_assistants_policy"]!;
            Assert.That(policyPermissions["cluster_policy_id"]!.GetValue<string>(), Is.EqualTo("${databricks_cluster_policy.coding_assistants.id}"));
            Assert.That(policyPermissions["access_control"]!.AsArray().Select(a => (a!["user_name"]!.GetValue<string>(), a["permission_level"]!.GetValue<string>())),
                Is.EqualTo(new[] { (Ana, "CAN_USE"), (Ben, "CAN_USE") }));
            // The users' clusters run the script from the volume as them.
            Assert.That(grants.Select(g => g!["principal"]!.GetValue<string>()), Is.EqualTo(new[] { Ana, Ben }));
            Assert.That(grants.Select(g => g!["privileges"]![0]!.GetValue<string>()), Is.All.EqualTo("READ_VOLUME"));
            Assert.That(root["output"]!.AsObject().Select(o => o.Key), Is.SupersetOf(new[] { "policy_id", "policy_name", "setup_instructions" }));
            Assert.That(root["output"]!.AsObject().Select(o => o.Key), Has.None.AnyOf("cluster_id", "cluster_url"));
        });
    }

    [Test]
    public void A_single_user_name_alone_may_use_the_policy_and_max_clusters_per_user_is_taken_from_the_props()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Policy) { Users = [], SingleUserName = Ana, MaxClustersPerUser = 2 });
        var access = root["resource"]!["databricks_permissions"]!["coding_assistants_policy"]!["access_control"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(access.Select(a => a!["user_name"]!.GetValue<string>()), Is.EqualTo(new[] { Ana }));
            Assert.That(root["resource"]!["databricks_cluster_policy"]!["coding_assistants"]!["max_clusters_per_user"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    public void Settings_text_reaches_the_policy_as_literal_text()
    {
        const string hostile = "${file(\"/etc/passwd\")} %{ if true }x%{ endif } \"quoted\" <tag> & 'single' ü";
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Policy)
        {
            Tags = new Dictionary<string, string> { ["Team ${x}"] = hostile },
            WorkspaceUrl = "https://h.example.com/${x}",
            ModelName = "endpoint-${x}",
        });
        // Terraform is the judge; the one reference (the uploaded script's path) is replaced, as console has no resources.
        var definition = ReferencePattern().Replace(root["resource"]!["databricks_cluster_policy"]!["coding_assistants"]!["definition"]!.GetValue<string>(), "REF");
        var evaluated = TerraformConsole.Evaluate(_scratch, new JsonObject { ["definition"] = definition }, "jsondecode(local.definition)").AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(FixedValue(evaluated, "custom_tags.Team ${x}"), Is.EqualTo(hostile));
            Assert.That(FixedValue(evaluated, "spark_env_vars.CLAUDE_CODE_WORKSPACE_URL"), Is.EqualTo("https://h.example.com/${x}"));
            Assert.That(FixedValue(evaluated, "spark_env_vars.CLAUDE_CODE_MODEL"), Is.EqualTo("endpoint-${x}"));
            Assert.That(FixedValue(evaluated, "init_scripts.0.volumes.destination"), Is.EqualTo("REF"));
        });
    }

    [Test]
    public void The_definition_check_fails_when_a_pinned_value_is_missing_or_no_longer_fixed()
    {
        // The checks above read the synthesized definition; this proves they notice a rule gone missing or loosened.
        var rules = Definition(Synth.CodingAssistants(Policy));
        Assert.That(FixedValue(rules, "init_scripts.0.volumes.destination"), Is.Not.Null);
        rules.Remove("init_scripts.0.volumes.destination");
        rules["spark_version"] = new JsonObject { ["type"] = "unlimited", ["defaultValue"] = "17.3.x-cpu-ml-scala2.13" };
        Assert.Multiple(() =>
        {
            Assert.That(FixedValue(rules, "init_scripts.0.volumes.destination"), Is.Null);
            Assert.That(FixedValue(rules, "spark_version"), Is.Null);
        });
    }

    [Test]
    public void Fails_when_nobody_may_use_the_policy() =>
        CodingAssistantsClusterTests.AssertFails(new CodingAssistantsClusterProps(Policy) { Users = [] }, ("Users", "name who may use the policy: Users or SingleUserName"));

    [TestCase(0)]
    [TestCase(-1)]
    public void Fails_when_max_clusters_per_user_is_below_1(int max) =>
        CodingAssistantsClusterTests.AssertFails(new CodingAssistantsClusterProps(Policy) { MaxClustersPerUser = max }, ("MaxClustersPerUser", $"{max} is not allowed; use 1 or more"));

    [Test]
    public void Fails_when_the_allowlist_leaves_out_the_node_type_or_repeats_one() =>
        CodingAssistantsClusterTests.AssertFails(new CodingAssistantsClusterProps(Policy) { NodeTypeId = "Standard_D8pds_v6", AllowedNodeTypeIds = ["m7gd.2xlarge", "m7gd.2xlarge", "bad type"] },
            ("AllowedNodeTypeIds", "must include NodeTypeId 'Standard_D8pds_v6'"),
            ("AllowedNodeTypeIds", "'m7gd.2xlarge' is listed more than once"),
            ("AllowedNodeTypeIds", "'bad type' is not a node type"));

    [Test]
    public void Fails_when_policy_settings_are_given_to_the_clusters_mode() =>
        CodingAssistantsClusterTests.AssertFails(new CodingAssistantsClusterProps(Policy) { Provisioning = Provisioning.Clusters, MaxClustersPerUser = 2, AllowedNodeTypeIds = ["Standard_D8pds_v6"] },
            ("AllowedNodeTypeIds", "applies to Provisioning Provisioning.Policy only"),
            ("MaxClustersPerUser", "applies to Provisioning Provisioning.Policy only"));

    /// <summary>The value of a <c>fixed</c> rule; null when the rule is missing or of another type, so a comparison fails.</summary>
    private static string? FixedValue(JsonObject rules, string path) =>
        rules[path] is { } rule && rule["type"]?.GetValue<string>() == "fixed" ? rule["value"]?.GetValue<string>() : null;

    private static JsonObject Definition(JsonObject root) =>
        JsonNode.Parse(root["resource"]!["databricks_cluster_policy"]!["coding_assistants"]!["definition"]!.GetValue<string>())!.AsObject();

    [GeneratedRegex(@"(?<!\$)\$\{(databricks_|data\.)[^}]*\}")]
    private static partial Regex ReferencePattern();
}
