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
    public void The_policy_pins_the_init_script_runtime_access_mode_node_type_autotermination_tags_and_variables() =>
        PartialJson.Matches(Definition(Stack(Policy)), "the cluster policy's definition", """
            {
              // The script the stack uploads.
              "init_scripts.0.volumes.destination": { "type": "fixed", "value": "${databricks_file.init_script.path}", "hidden": true },
              "spark_version": { "type": "fixed", "value": "17.3.x-cpu-ml-scala2.13" },
              "data_security_mode": { "type": "fixed", "value": "SINGLE_USER" },
              // Each user names themselves.
              "single_user_name": null,
              // The workspace cloud's smallest fitting type.
              "node_type_id": { "type": "fixed", "value": "${data.databricks_node_type.coding_assistants.id}" },
              "driver_node_type_id": { "type": "fixed", "value": "${data.databricks_node_type.coding_assistants.id}" },
              "cluster_log_conf.type": { "type": "fixed", "value": "VOLUMES" },
              "cluster_log_conf.path": { "type": "fixed", "value": "${databricks_volume.coding_assistants_logs.volume_path}/cluster-logs" },
              "spark_env_vars.CLAUDE_CODE_TRACING_EXPERIMENT_ID": { "type": "fixed", "value": "${databricks_mlflow_experiment.tracing.id}" },
              "autotermination_minutes": { "type": "fixed", "value": 30 },
              "custom_tags.Team": { "type": "fixed", "value": "data-eng" },
              "custom_tags.ManagedBy": { "type": "fixed", "value": "CdkInfra" },
              "spark_env_vars.CLAUDE_CODE_WORKSPACE_URL": { "type": "fixed", "value": "https://adb-123.azuredatabricks.net" },
              "spark_env_vars.CLAUDE_CODE_MODEL": { "type": "fixed", "value": "databricks-claude-sonnet-4-5" },
              "spark_env_vars.CLAUDE_CODE_TRACING_EXPERIMENT": { "type": "fixed", "value": "/Shared/claude-code-tracing" },
              "cluster_type": { "type": "fixed", "value": "all-purpose" },
              "instance_pool_id": { "type": "forbidden" },
              // Single node: the form a policy can pin (the documented single-node policy).
              "num_workers": { "value": 0 },
              "spark_conf.spark.databricks.cluster.profile": { "type": "fixed", "value": "singleNode" },
              "spark_conf.spark.master": { "type": "fixed", "value": "local[*]" },
              "custom_tags.ResourceClass": { "type": "fixed", "value": "SingleNode" }
            }
            """);

    [Test]
    public void Every_spark_env_var_and_custom_tag_the_clusters_mode_sets_is_pinned_by_the_policy()
    {
        var clusters = Stack(new CodingAssistantsClusterProps(Policy) { Provisioning = Provisioning.Clusters }).Resource("databricks_cluster", "coding_assistants");
        var rules = Definition(Stack(Policy));
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
        var autoscaling = Definition(Stack(new CodingAssistantsClusterProps(Policy)
        {
            Mode = ClusterMode.Standard,
            MinWorkers = 2,
            MaxWorkers = 5,
            NodeTypeId = "Standard_D8pds_v6",
            AllowedNodeTypeIds = ["Standard_D8pds_v6", "Standard_D16pds_v6"],
        }));
        var fixedSize = Definition(Stack(new CodingAssistantsClusterProps(Policy) { Mode = ClusterMode.Standard, NumWorkers = 3 }));
        Assert.Multiple(() =>
        {
            PartialJson.Matches(autoscaling, "the autoscaling policy's definition", """
                {
                  "autoscale.min_workers": { "value": 2 },
                  "autoscale.max_workers": { "value": 5 },
                  "spark_conf.spark.databricks.cluster.profile": null,
                  "num_workers": null,
                  "node_type_id": { "type": "allowlist", "values": ["Standard_D8pds_v6", "Standard_D16pds_v6"], "defaultValue": "Standard_D8pds_v6" },
                  "driver_node_type_id": { "type": "allowlist", "values": ["Standard_D8pds_v6", "Standard_D16pds_v6"], "defaultValue": "Standard_D8pds_v6" }
                }
                """);
            PartialJson.Matches(fixedSize, "the fixed-size policy's definition", """{ "num_workers": { "value": 3 }, "autoscale.min_workers": null }""");
        });
    }

    [Test]
    public void Policy_mode_makes_no_cluster_one_policy_with_one_cluster_per_user_and_can_use_for_each_listed_user()
    {
        var stack = Stack(Policy);
        var outputs = stack.Root["output"]!.AsObject().Select(o => o.Key).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_cluster"));
            Assert.That(stack.Root["locals"]?["coding_assistants_users"], Is.Null);
            stack.HasResourceProperties("databricks_cluster_policy", "coding_assistants", """{ "name": "coding-assistants", "max_clusters_per_user": 1 }""",
                "the cost guard: one cluster per person");
            Assert.That(stack.Resources().Where(r => r.Type == "databricks_permissions").Select(r => r.Name), Is.EqualTo(new[] { "coding_assistants_policy" }));
            stack.HasResourceProperties("databricks_permissions", "coding_assistants_policy", $$"""
                {
                  "cluster_policy_id": "${databricks_cluster_policy.coding_assistants.id}",
                  "access_control": [ { "user_name": "{{Ana}}", "permission_level": "CAN_USE" }, { "user_name": "{{Ben}}", "permission_level": "CAN_USE" } ]
                }
                """);
            // The users' clusters run the script from the volume as them.
            stack.HasResourceProperties("databricks_grants", "coding_assistants", $$"""
                { "grant": [ { "principal": "{{Ana}}", "privileges": ["READ_VOLUME"] }, { "principal": "{{Ben}}", "privileges": ["READ_VOLUME"] } ] }
                """);
            Assert.That(outputs, Is.SupersetOf(new[] { "policy_id", "policy_name", "setup_instructions" }));
            Assert.That(outputs, Has.None.AnyOf("cluster_id", "cluster_url"));
        });
    }

    [Test]
    public void A_single_user_name_alone_may_use_the_policy_and_max_clusters_per_user_is_taken_from_the_props()
    {
        var stack = Stack(new CodingAssistantsClusterProps(Policy) { Users = [], SingleUserName = Ana, MaxClustersPerUser = 2 });
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_permissions", "coding_assistants_policy", $$"""{ "access_control": [ { "user_name": "{{Ana}}" } ] }""");
            stack.HasResourceProperties("databricks_cluster_policy", "coding_assistants", """{ "max_clusters_per_user": 2 }""");
        });
    }

    [Test]
    public void Settings_text_reaches_the_policy_as_literal_text()
    {
        const string hostile = "${file(\"/etc/passwd\")} %{ if true }x%{ endif } \"quoted\" <tag> & 'single' ü";
        var stack = Stack(new CodingAssistantsClusterProps(Policy)
        {
            Tags = new Dictionary<string, string> { ["Team ${x}"] = hostile },
            WorkspaceUrl = "https://h.example.com/${x}",
            ModelName = "endpoint-${x}",
        });
        // Terraform is the judge; the one reference (the uploaded script's path) is replaced, as console has no resources.
        var definition = ReferencePattern().Replace(stack.Resource("databricks_cluster_policy", "coding_assistants")["definition"]!.GetValue<string>(), "REF");
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
        var rules = Definition(Stack(Policy));
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

    private static SynthesizedStack Stack(CodingAssistantsClusterProps props) => new(Synth.CodingAssistants(props));

    /// <summary>The policy's definition, the JSON text the stack passes to the provider, decoded.</summary>
    private static JsonObject Definition(SynthesizedStack stack) =>
        JsonNode.Parse(stack.Resource("databricks_cluster_policy", "coding_assistants")["definition"]!.GetValue<string>())!.AsObject();

    [GeneratedRegex(@"(?<!\$)\$\{(databricks_|data\.)[^}]*\}")]
    private static partial Regex ReferencePattern();
}
