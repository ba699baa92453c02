using System.Text.Json.Nodes;
using CdkInfra.CodingAssistants;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.Constructs.Tests;

/// <summary>What matters about the cluster, read from the synthesized JSON, and one failing test per validation rule.</summary>
public sealed class CodingAssistantsClusterTests
{
    private static readonly CodingAssistantsClusterProps Minimal = new()
    {
        CatalogName = "databricks_course",
        InitScriptPath = TestEnvironment.Fixture("init-script.sh"),
    };

    private static readonly CodingAssistantsClusterProps Autoscaling = new CodingAssistantsClusterProps(Minimal) { Mode = ClusterMode.Standard };
    private static readonly CodingAssistantsClusterProps FixedSize = new CodingAssistantsClusterProps(Minimal) { Mode = ClusterMode.Standard, NumWorkers = 2 };

    private static IEnumerable<TestCaseData> EveryMode()
    {
        yield return new TestCaseData(Minimal).SetArgDisplayNames("single node");
        yield return new TestCaseData(Autoscaling).SetArgDisplayNames("standard autoscaling");
        yield return new TestCaseData(FixedSize).SetArgDisplayNames("standard fixed size");
        yield return new TestCaseData(new CodingAssistantsClusterProps(Minimal) { Offline = true }).SetArgDisplayNames("single node offline");
    }

    [TestCaseSource(nameof(EveryMode))]
    public void Never_uses_the_legacy_single_node_profile(CodingAssistantsClusterProps props)
    {
        var cluster = Cluster(Synth.CodingAssistants(props));
        Assert.Multiple(() =>
        {
            Assert.That(cluster["spark_conf"], Is.Null);
            Assert.That(cluster["custom_tags"]!.AsObject().Select(t => t.Key), Does.Not.Contain("ResourceClass"));
        });
    }

    [Test]
    public void A_single_node_cluster_ignores_exactly_the_keys_the_server_adds_so_a_second_plan_is_empty()
    {
        // Provider issue 4360: is_single_node + CLASSIC_PREVIEW clusters come back with these three keys set by the server.
        var ignored = Cluster(Synth.CodingAssistants(Minimal))["lifecycle"]!["ignore_changes"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(ignored, Is.EqualTo(new[]
            {
                "spark_conf[\"spark.master\"]", "spark_conf[\"spark.databricks.cluster.profile\"]", "custom_tags[\"ResourceClass\"]",
            }));
            Assert.That(Cluster(Synth.CodingAssistants(Autoscaling))["lifecycle"], Is.Null, "a standard cluster gets no server-added keys");
        });
    }

    [Test]
    public void Single_node_is_declared_with_is_single_node_and_kind_and_no_workers()
    {
        var cluster = Cluster(Synth.CodingAssistants(Minimal));
        Assert.Multiple(() =>
        {
            Assert.That(cluster["is_single_node"]!.GetValue<bool>(), Is.True);
            Assert.That(cluster["kind"]!.GetValue<string>(), Is.EqualTo("CLASSIC_PREVIEW"));
            Assert.That(cluster["num_workers"]!.GetValue<int>(), Is.Zero);
            Assert.That(cluster["autoscale"], Is.Null);
        });
    }

    [Test]
    public void Standard_autoscales_from_1_to_3_by_default()
    {
        var cluster = Cluster(Synth.CodingAssistants(Autoscaling));
        Assert.Multiple(() =>
        {
            Assert.That(cluster["is_single_node"], Is.Null);
            Assert.That(cluster["kind"], Is.Null);
            Assert.That(cluster["num_workers"], Is.Null);
            Assert.That(cluster["autoscale"]!["min_workers"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(cluster["autoscale"]!["max_workers"]!.GetValue<int>(), Is.EqualTo(3));
        });
    }

    [Test]
    public void Standard_with_a_worker_count_has_a_fixed_size()
    {
        var cluster = Cluster(Synth.CodingAssistants(FixedSize));
        Assert.Multiple(() =>
        {
            Assert.That(cluster["num_workers"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(cluster["autoscale"], Is.Null);
            Assert.That(cluster["is_single_node"], Is.Null);
        });
    }

    [TestCaseSource(nameof(EveryMode))]
    public void Is_a_single_user_cluster_for_the_deploying_identity_by_default(CodingAssistantsClusterProps props)
    {
        var root = Synth.CodingAssistants(props);
        var cluster = Cluster(root);
        Assert.Multiple(() =>
        {
            Assert.That(cluster["data_security_mode"]!.GetValue<string>(), Is.EqualTo("SINGLE_USER"));
            Assert.That(cluster["single_user_name"]!.GetValue<string>(), Is.EqualTo("${data.databricks_current_user.me.user_name}"));
            Assert.That(root["data"]!["databricks_current_user"]!["me"], Is.Not.Null);
        });
    }

    [Test]
    public void A_named_single_user_and_workspace_url_replace_the_current_user_in_the_cluster_which_still_names_the_deployer()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com", WorkspaceUrl = "https://adb-1.example.net" });
        Assert.Multiple(() =>
        {
            Assert.That(Cluster(root)["single_user_name"]!.GetValue<string>(), Is.EqualTo("lead@example.com"));
            Assert.That(Cluster(root)["spark_env_vars"]!["CLAUDE_CODE_WORKSPACE_URL"]!.GetValue<string>(), Is.EqualTo("https://adb-1.example.net"));
            Assert.That(root["data"]!["databricks_current_user"]!["me"], Is.Not.Null, "the permissions keep the deployer at CAN_MANAGE");
        });
    }

    [Test]
    public void The_named_user_may_start_the_cluster_and_the_deploying_identity_keeps_can_manage()
    {
        // single_user_name grants no cluster ACL; CAN_RESTART lets the person start, restart and attach (docs: compute ACLs).
        var named = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        var permissions = named["resource"]!["databricks_permissions"]!["coding_assistants"]!;
        var manage = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com", UserPermission = "CAN_MANAGE" });
        Assert.Multiple(() =>
        {
            Assert.That(permissions["cluster_id"]!.GetValue<string>(), Is.EqualTo("${databricks_cluster.coding_assistants.id}"));
            Assert.That(named["locals"]!["coding_assistants_single_user"]!.GetValue<string>(), Is.EqualTo("lead@example.com"), "the name as literal text");
            Assert.That(AccessLevels(named, deployer: "ci-bot@example.com"), Is.EqualTo(new Dictionary<string, string>
            {
                ["lead@example.com"] = "CAN_RESTART",
                ["ci-bot@example.com"] = "CAN_MANAGE",
            }));
            Assert.That(AccessLevels(manage, deployer: "ci-bot@example.com")["lead@example.com"], Is.EqualTo("CAN_MANAGE"));
            Assert.That(Synth.CodingAssistants(Minimal)["resource"]!["databricks_permissions"], Is.Null, "the creator already holds CAN_MANAGE");
        });
    }

    [Test]
    public void A_single_user_who_is_the_deployer_gets_can_manage_never_can_restart()
    {
        // The provider refuses a non-management level for the calling user ("cannot remove management permissions for
        // the current user", permissions/permission_definitions.go), and two levels for one principal drift.
        var named = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        Assert.That(AccessLevels(named, deployer: "lead@example.com"), Is.EqualTo(new Dictionary<string, string> { ["lead@example.com"] = "CAN_MANAGE" }));
    }

    [Test]
    public void A_listed_user_who_is_the_deployer_gets_can_manage_on_their_cluster_and_the_deployer_manages_every_cluster()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { Users = ["ana@example.com", "ben@example.com"] });
        Assert.Multiple(() =>
        {
            Assert.That(AccessLevels(root, deployer: "ana@example.com", key: "ana@example.com"),
                Is.EqualTo(new Dictionary<string, string> { ["ana@example.com"] = "CAN_MANAGE" }));
            Assert.That(AccessLevels(root, deployer: "ana@example.com", key: "ben@example.com"),
                Is.EqualTo(new Dictionary<string, string> { ["ben@example.com"] = "CAN_RESTART", ["ana@example.com"] = "CAN_MANAGE" }));
        });
    }

    /// <summary>
    /// The access control list Terraform builds for one cluster: the dynamic block's for_each, evaluated by the real
    /// terraform console with the deploying identity's name (and the per-user cluster's key) filled in.
    /// </summary>
    private Dictionary<string, string> AccessLevels(JsonObject root, string deployer, string? key = null)
    {
        var block = root["resource"]!["databricks_permissions"]!["coding_assistants"]!["dynamic"]!["access_control"]!;
        Assert.Multiple(() =>
        {
            Assert.That(block["iterator"]!.GetValue<string>(), Is.EqualTo("acl"), "not each, which the per-user resource's own for_each uses");
            Assert.That(block["content"]!.ToJsonString(), Is.EqualTo("""{"permission_level":"${acl.value}","user_name":"${acl.key}"}"""));
        });
        var expression = block["for_each"]!.GetValue<string>()
            .Replace("data.databricks_current_user.me.user_name", "local.deployer", StringComparison.Ordinal)
            .Replace("each.key", "local.key", StringComparison.Ordinal);
        var locals = new JsonObject { ["deployer"] = deployer, ["key"] = key ?? "", ["levels"] = expression };
        if (root["locals"]?["coding_assistants_single_user"] is { } single)
        {
            locals["coding_assistants_single_user"] = single.GetValue<string>();
        }

        var scratch = Directory.CreateTempSubdirectory("cdkinfra-acl-").FullName;
        try
        {
            return TerraformConsole.Evaluate(scratch, locals, "local.levels").AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void Listed_users_get_one_cluster_each_keyed_by_email_with_their_own_permissions()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { Users = ["ana@example.com", "ben@example.com"] });
        var stack = new SynthesizedStack(root);
        var cluster = Cluster(root);
        var permissions = stack.Resource("databricks_permissions", "coding_assistants");
        Assert.Multiple(() =>
        {
            Assert.That(root["locals"]!["coding_assistants_users"]!.ToJsonString(),
                Is.EqualTo("""{"ana@example.com":"coding-assistants (ana@example.com)","ben@example.com":"coding-assistants (ben@example.com)"}"""));
            Assert.That(cluster["for_each"]!.GetValue<string>(), Is.EqualTo("${local.coding_assistants_users}"));
            Assert.That(cluster["single_user_name"]!.GetValue<string>(), Is.EqualTo("${each.key}"));
            Assert.That(cluster["cluster_name"]!.GetValue<string>(), Is.EqualTo("${each.value}"));
            Assert.That(permissions["for_each"]!.GetValue<string>(), Is.EqualTo("${local.coding_assistants_users}"));
            Assert.That(permissions["cluster_id"]!.GetValue<string>(), Is.EqualTo("${databricks_cluster.coding_assistants[each.key].id}"));
            Assert.That(permissions.ContainsKey("access_control"), Is.False, "a dynamic block, so the deployer is listed once");
            Assert.That(stack.Resource("databricks_grants", "coding_assistants")["grant"]!.AsArray().Select(g => g!["principal"]!.GetValue<string>()),
                Is.EqualTo(new[] { "ana@example.com", "ben@example.com" }), "one grants resource on the volume, every listed user");
            Assert.That(root["output"]!["cluster_id"]!["value"]!.GetValue<string>(), Is.EqualTo("${{ for k, c in databricks_cluster.coding_assistants : k => c.id }}"));
            Assert.That(root["data"]!["databricks_current_user"]!["me"], Is.Not.Null, "read for the workspace URL only");
        });
    }

    [Test]
    public void Input_text_reaches_terraform_as_literal_text()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal)
        {
            ClusterName = "lab ${file(\"/etc/passwd\")}",
            Tags = new Dictionary<string, string> { ["Team%{x}"] = "${var.y}" },
            SingleUserName = "lead@example.com",
        });
        var cluster = Cluster(root);
        Assert.Multiple(() =>
        {
            Assert.That(cluster["cluster_name"]!.GetValue<string>(), Is.EqualTo("lab $${file(\"/etc/passwd\")}"));
            Assert.That(cluster["custom_tags"]!["Team%%{x}"]!.GetValue<string>(), Is.EqualTo("$${var.y}"));
        });
    }

    [Test]
    public void A_tracing_lock_beside_the_init_script_is_never_uploaded_unless_set()
    {
        var dir = Directory.CreateTempSubdirectory("cdkinfra-lock-").FullName;
        try
        {
            File.Copy(TestEnvironment.Fixture("init-script.sh"), Path.Combine(dir, "install.sh"));
            var lockFile = Path.Combine(dir, "mlflow-requirements.txt");
            File.WriteAllText(lockFile, "mlflow==3.11.1 --hash=sha256:00\n");
            var beside = new SynthesizedStack(Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = Path.Combine(dir, "install.sh") }));
            Assert.That(beside.Resources().Where(r => r.Type == "databricks_file").Select(r => r.Name), Is.EqualTo(new[] { "init_script" }));
            Assert.That(beside.Resource("databricks_cluster", "coding_assistants")["spark_env_vars"]!.AsObject().ContainsKey("CLAUDE_CODE_MLFLOW_REQUIREMENTS"), Is.False);

            var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = Path.Combine(dir, "install.sh"), MlflowRequirementsPath = lockFile, SqlWarehouseId = "wh42" });
            var env = Cluster(root)["spark_env_vars"]!;
            Assert.Multiple(() =>
            {
                Assert.That(new SynthesizedStack(root).Resource("databricks_file", "mlflow_requirements")["path"]!.GetValue<string>(),
                    Is.EqualTo("${databricks_volume.coding_assistants.volume_path}/mlflow-requirements.txt"));
                Assert.That(env["CLAUDE_CODE_MLFLOW_REQUIREMENTS"]!.GetValue<string>(), Is.EqualTo("${databricks_file.mlflow_requirements.path}"));
                Assert.That(env["CLAUDE_CODE_SQL_WAREHOUSE_ID"]!.GetValue<string>(), Is.EqualTo("wh42"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Tracing_off_makes_no_experiment_and_tells_the_cluster_tracing_is_off()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { Tracing = false });
        var stack = new SynthesizedStack(root);
        var env = Cluster(root)["spark_env_vars"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(env["CLAUDE_CODE_TRACING"]!.GetValue<string>(), Is.EqualTo("off"));
            Assert.That(env.ContainsKey("CLAUDE_CODE_TRACING_EXPERIMENT_ID"), Is.False);
            Assert.That(stack.Resources().Where(r => r.Type == "databricks_mlflow_experiment"), Is.Empty);
            Assert.That(stack.Root["output"]!.AsObject().ContainsKey("mlflow_experiment_id"), Is.False);
        });
    }

    [Test]
    public void The_node_type_is_the_clouds_smallest_with_local_disk_and_the_minimum_memory_unless_one_is_set()
    {
        var picked = Synth.CodingAssistants(Minimal);
        var bigger = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { MinNodeMemoryGb = 64 });
        var pinned = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { NodeTypeId = "m6gd.2xlarge" });
        Assert.Multiple(() =>
        {
            Assert.That(Cluster(picked)["node_type_id"]!.GetValue<string>(), Is.EqualTo("${data.databricks_node_type.coding_assistants.id}"));
            Assert.That(picked["data"]!["databricks_node_type"]!["coding_assistants"]!.ToJsonString(), Is.EqualTo("""{"local_disk":true,"min_memory_gb":16}"""));
            Assert.That(bigger["data"]!["databricks_node_type"]!["coding_assistants"]!["min_memory_gb"]!.GetValue<int>(), Is.EqualTo(64));
            Assert.That(Cluster(pinned)["node_type_id"]!.GetValue<string>(), Is.EqualTo("m6gd.2xlarge"));
            Assert.That(pinned["data"]!["databricks_node_type"], Is.Null, "no lookup when the type is set");
        });
    }

    [Test]
    public void The_cluster_delivers_its_logs_to_the_logs_volume_which_its_user_may_write()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        var stack = new SynthesizedStack(root);
        Assert.Multiple(() =>
        {
            Assert.That(Cluster(root)["cluster_log_conf"]!.ToJsonString(),
                Is.EqualTo("""{"volumes":{"destination":"${databricks_volume.coding_assistants_logs.volume_path}/cluster-logs"}}"""));
            Assert.That(stack.Resource("databricks_volume", "coding_assistants_logs")["name"]!.GetValue<string>(), Is.EqualTo("coding_assistants_logs"));
            Assert.That(stack.Resource("databricks_grants", "coding_assistants")["grant"]![0]!["privileges"]!.ToJsonString(), Is.EqualTo("""["READ_VOLUME"]"""),
                "the script's volume stays read-only: its script runs as root");
            Assert.That(Cluster(root)["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Does.Contain("databricks_grants.coding_assistants_logs"));
        });
    }

    [Test]
    public void Fails_on_a_workspace_prefixed_experiment_a_memory_minimum_beside_a_node_type_a_shared_log_volume_and_a_lock_without_tracing()
    {
        var lockFile = TestEnvironment.Fixture("init-script.sh");
        AssertFails(new CodingAssistantsClusterProps(Minimal) { MlflowExperimentName = "/Workspace/Shared/claude-code-tracing" },
            ("MlflowExperimentName", "starts with /Workspace, with which MLflow's set_experiment fails on Databricks (MLflow issue 11077); write it as '/Shared/claude-code-tracing'"));
        AssertFails(new CodingAssistantsClusterProps(Minimal) { NodeTypeId = "m6gd.2xlarge", MinNodeMemoryGb = 32 }, ("MinNodeMemoryGb", "applies only when NodeTypeId is unset"));
        AssertFails(new CodingAssistantsClusterProps(Minimal) { MinNodeMemoryGb = 2 }, ("MinNodeMemoryGb", "2 is not allowed; use 4 to 4096"));
        AssertFails(new CodingAssistantsClusterProps(Minimal) { LogVolumeName = "coding_assistants" }, ("LogVolumeName", "must differ from VolumeName ('coding_assistants')"));
        AssertFails(new CodingAssistantsClusterProps(Minimal) { Tracing = false, MlflowRequirementsPath = lockFile }, ("MlflowRequirementsPath", "but Tracing is off"));
    }

    [Test]
    public void Online_mode_sets_exactly_the_namespaced_variables_and_never_mlflow_experiment_name()
    {
        var env = Cluster(Synth.CodingAssistants(Minimal))["spark_env_vars"]!.AsObject();
        Assert.That(env.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["CLAUDE_CODE_WORKSPACE_URL"] = "${data.databricks_current_user.me.workspace_url}",
            ["CLAUDE_CODE_TRACING"] = "on",
            ["CLAUDE_CODE_TRACING_EXPERIMENT_ID"] = "${databricks_mlflow_experiment.tracing.id}",
            ["CLAUDE_CODE_TRACING_EXPERIMENT"] = "/Shared/claude-code-tracing",
            ["CLAUDE_CODE_MODEL"] = "databricks-claude-sonnet-4-5",
            ["CLAUDE_CODE_OPUS_MODEL"] = "databricks-claude-opus-4-5",
            ["CLAUDE_CODE_HAIKU_MODEL"] = "databricks-claude-haiku-4-5",
        }));
    }

    [Test]
    public void Offline_mode_adds_the_offline_switch_and_the_artifacts_folder_in_the_volume()
    {
        var env = Cluster(Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { Offline = true, ModelName = "my-endpoint" }))["spark_env_vars"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(env["CLAUDE_CODE_MODEL"]!.GetValue<string>(), Is.EqualTo("my-endpoint"));
            Assert.That(env["CLAUDE_CODE_OFFLINE"]!.GetValue<string>(), Is.EqualTo("true"));
            Assert.That(env["CLAUDE_CODE_ARTIFACTS_DIR"]!.GetValue<string>(), Is.EqualTo("${databricks_volume.coding_assistants.volume_path}/offline"));
        });
    }

    [Test]
    public void The_init_script_is_uploaded_into_the_managed_volume_and_the_cluster_runs_that_file()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = TestEnvironment.Fixture("custom-init.sh") });
        var stack = new SynthesizedStack(root);
        var volume = stack.Resource("databricks_volume", "coding_assistants");
        var file = stack.Resource("databricks_file", "init_script");
        var destinations = Cluster(root)["init_scripts"]!.AsArray().Select(s => s!["volumes"]!["destination"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(volume["volume_type"]!.GetValue<string>(), Is.EqualTo("MANAGED"));
            Assert.That(volume["catalog_name"]!.GetValue<string>(), Is.EqualTo("databricks_course"));
            Assert.That(volume["schema_name"]!.GetValue<string>(), Is.EqualTo("default"));
            Assert.That(volume["name"]!.GetValue<string>(), Is.EqualTo("coding_assistants"));
            Assert.That(file["path"]!.GetValue<string>(), Is.EqualTo("${databricks_volume.coding_assistants.volume_path}/custom-init.sh"));
            Assert.That(file["source"]!.GetValue<string>(), Does.Match(@"^assets/[A-Za-z0-9_]+/[0-9A-F]+/custom-init\.sh$"), "a relative path into the stack folder");
            Assert.That(destinations, Is.EqualTo(new[] { "${databricks_file.init_script.path}" }), "the uploaded file, so the upload precedes the cluster");
        });
    }

    [Test]
    public void Tags_are_merged_with_the_managed_by_tag()
    {
        var tags = Cluster(Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { Tags = new Dictionary<string, string> { ["Team"] = "data-eng" } }))["custom_tags"]!.AsObject();
        Assert.That(tags.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["Team"] = "data-eng",
            ["ManagedBy"] = "CdkInfra",
        }));
    }

    [Test]
    public void The_single_user_may_read_the_init_script_volume_before_the_cluster_starts()
    {
        var root = Synth.CodingAssistants(Minimal);
        var grants = root["resource"]!["databricks_grants"]!.AsObject();
        var volumeGrants = grants["coding_assistants"]!;
        var entries = volumeGrants["grant"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(grants.Select(g => g.Key), Is.EqualTo(new[] { "coding_assistants", "coding_assistants_logs" }), "one authoritative grants resource per volume");
            Assert.That(grants["coding_assistants_logs"]!["grant"]![0]!["privileges"]!.AsArray().Select(p => p!.GetValue<string>()),
                Is.EqualTo(new[] { "READ_VOLUME", "WRITE_VOLUME" }), "log delivery writes; only the logs volume is writable");
            Assert.That(volumeGrants["volume"]!.GetValue<string>(), Is.EqualTo("${databricks_volume.coding_assistants.id}"));
            Assert.That(entries, Has.Count.EqualTo(1));
            Assert.That(entries[0]!["principal"]!.GetValue<string>(), Is.EqualTo("${data.databricks_current_user.me.user_name}"));
            Assert.That(entries[0]!["privileges"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo(new[] { "READ_VOLUME" }));
            Assert.That(Cluster(root)["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Does.Contain("databricks_grants.coding_assistants"));
        });
        var named = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        Assert.That(named["resource"]!["databricks_grants"]!["coding_assistants"]!["grant"]![0]!["principal"]!.GetValue<string>(), Is.EqualTo("lead@example.com"));
    }

    [Test]
    public void The_experiment_is_created_and_precedes_the_cluster_by_default()
    {
        var root = Synth.CodingAssistants(Minimal);
        Assert.Multiple(() =>
        {
            Assert.That(root["resource"]!["databricks_mlflow_experiment"]!["tracing"]!["name"]!.GetValue<string>(), Is.EqualTo("/Shared/claude-code-tracing"));
            Assert.That(Cluster(root)["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Does.Contain("databricks_mlflow_experiment.tracing"));
        });
    }

    [Test]
    public void An_existing_experiment_is_read_not_created()
    {
        var root = Synth.CodingAssistants(new CodingAssistantsClusterProps(Minimal) { CreateMlflowExperiment = false });
        Assert.Multiple(() =>
        {
            Assert.That(root["resource"]!["databricks_mlflow_experiment"], Is.Null);
            Assert.That(root["data"]!["databricks_mlflow_experiment"]!["tracing"]!["name"]!.GetValue<string>(), Is.EqualTo("/Shared/claude-code-tracing"));
            Assert.That(Cluster(root)["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Has.None.Contains("mlflow_experiment"));
        });
    }

    [Test]
    public void Every_output_is_present()
    {
        var outputs = Synth.CodingAssistants(Minimal)["output"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(outputs.Select(o => o.Key), Is.EquivalentTo(new[]
            {
                "cluster_id", "cluster_name", "cluster_url", "volume_path", "volume_full_name", "init_script_path", "mlflow_experiment_name",
                "mlflow_experiment_id", "cluster_log_path", "setup_instructions",
            }));
            Assert.That(Value(outputs, "cluster_log_path"), Is.EqualTo("${databricks_volume.coding_assistants_logs.volume_path}/cluster-logs"));
            Assert.That(Value(outputs, "mlflow_experiment_id"), Is.EqualTo("${databricks_mlflow_experiment.tracing.id}"));
            Assert.That(Value(outputs, "cluster_id"), Is.EqualTo("${databricks_cluster.coding_assistants.id}"));
            Assert.That(Value(outputs, "cluster_url"), Is.EqualTo("${databricks_cluster.coding_assistants.url}"));
            Assert.That(Value(outputs, "volume_path"), Is.EqualTo("${databricks_volume.coding_assistants.volume_path}"));
            Assert.That(Value(outputs, "volume_full_name"), Is.EqualTo("databricks_course.default.coding_assistants"));
            Assert.That(Value(outputs, "init_script_path"), Is.EqualTo("${databricks_file.init_script.path}"));
            Assert.That(Value(outputs, "mlflow_experiment_name"), Is.EqualTo("/Shared/claude-code-tracing"));
            Assert.That(Value(outputs, "setup_instructions"), Does.Contain("${databricks_cluster.coding_assistants.url}").And.Contain("check-claude").And.Contain("\n"));
        });
    }

    [Test]
    public void The_default_init_script_ships_with_the_library()
    {
        var props = new CodingAssistantsClusterProps { CatalogName = "main" };
        Assert.Multiple(() =>
        {
            Assert.That(props.InitScriptPath, Is.EqualTo(CodingAssistantsClusterProps.BundledInitScriptPath));
            Assert.That(File.Exists(CodingAssistantsClusterProps.BundledInitScriptPath), Is.True, "copied beside the assembly");
            Assert.That(File.ReadAllText(CodingAssistantsClusterProps.BundledInitScriptPath),
                Is.EqualTo(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "init-scripts", "install-claude-code.sh"))));
            Assert.That(props.Validate("test"), Is.Empty);
        });
    }

    [Test]
    public void Fails_when_the_init_script_does_not_exist() =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = "no/such/script.sh" }, ("InitScriptPath", "the init script 'no/such/script.sh' does not exist"));

    [Test]
    public void Fails_when_the_init_script_is_larger_than_64_KB()
    {
        var dir = Directory.CreateTempSubdirectory("cdkinfra-script-").FullName;
        try
        {
            var atLimit = Path.Combine(dir, "at-limit.sh");
            var tooLarge = Path.Combine(dir, "too-large.sh");
            File.WriteAllText(atLimit, new string('#', 65_536));
            File.WriteAllText(tooLarge, new string('#', 65_537));
            Assert.That((new CodingAssistantsClusterProps(Minimal) { InitScriptPath = atLimit }).Validate("test"), Is.Empty, "exactly 64 KB is accepted");
            AssertFails(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = tooLarge }, ("InitScriptPath", "is 65,537 bytes; Databricks accepts at most 65,536 (64 KB)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Fails_when_single_node_has_workers() =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { NumWorkers = 0, MinWorkers = 1, MaxWorkers = 2 },
            ("NumWorkers", "must be unset in ClusterMode.SingleNode mode"), ("MinWorkers", "must be unset in ClusterMode.SingleNode mode"), ("MaxWorkers", "must be unset in ClusterMode.SingleNode mode"));

    [Test]
    public void Fails_when_a_fixed_size_standard_cluster_has_no_workers() =>
        AssertFails(new CodingAssistantsClusterProps(FixedSize) { NumWorkers = 0 }, ("NumWorkers", "a fixed-size ClusterMode.Standard cluster needs at least 1 worker"));

    [Test]
    public void Fails_when_a_fixed_size_is_combined_with_autoscaling_bounds() =>
        AssertFails(new CodingAssistantsClusterProps(FixedSize) { MinWorkers = 1, MaxWorkers = 4 },
            ("MinWorkers", "must be unset when NumWorkers is set"), ("MaxWorkers", "must be unset when NumWorkers is set"));

    [TestCase(3, 3)]
    [TestCase(4, 2)]
    [TestCase(null, 1)]
    public void Fails_when_min_workers_is_not_below_max_workers(int? min, int max) =>
        AssertFails(new CodingAssistantsClusterProps(Autoscaling) { MinWorkers = min, MaxWorkers = max }, ("MaxWorkers", "must be greater than MinWorkers"));

    [Test]
    public void Fails_when_autoscaling_min_workers_is_below_1() =>
        AssertFails(new CodingAssistantsClusterProps(Autoscaling) { MinWorkers = 0 }, ("MinWorkers", "an autoscaling cluster needs at least 1 worker"));

    [TestCase(-1, "use 10 to 10000 minutes")]
    [TestCase(0, "0 (never terminate) is not allowed")]
    [TestCase(9, "use 10 to 10000 minutes")]
    [TestCase(10_001, "use 10 to 10000 minutes")]
    public void Fails_when_autotermination_is_off_or_outside_10_to_10000(int minutes, string message) =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { AutoterminationMinutes = minutes }, ("AutoterminationMinutes", message));

    [TestCase(10)]
    [TestCase(10_000)]
    public void Accepts_autotermination_from_10_to_10000(int minutes) =>
        Assert.That((new CodingAssistantsClusterProps(Minimal) { AutoterminationMinutes = minutes }).Validate("test"), Is.Empty);

    [Test]
    public void Fails_when_users_are_not_lower_case_emails_repeat_or_come_with_a_single_user() =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { Users = ["Ana@example.com", "ben", "c@example.com", "c@example.com", "d{x}@example.com"], SingleUserName = "lead@example.com" },
            ("Users", "must be empty when SingleUserName is set"), ("Users", "'Ana@example.com' is not a lower-case email"), ("Users", "'ben' is not"),
            ("Users", "'d{x}@example.com' is not"), ("Users", "'c@example.com' is listed more than once"));

    [Test]
    public void Fails_when_the_user_permission_is_not_restart_or_manage() =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { UserPermission = "CAN_ATTACH_TO" }, ("UserPermission", "use CAN_RESTART or CAN_MANAGE"));

    [Test]
    public void Fails_when_catalog_schema_or_volume_is_not_a_valid_identifier() =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { CatalogName = "Course", SchemaName = "my schema", VolumeName = "a.b" },
            ("CatalogName", "'Course' is not a valid catalog name"), ("SchemaName", "'my schema' is not a valid schema name"), ("VolumeName", "'a.b' is not a valid volume name"));

    [TestCase("")]
    [TestCase("   ")]
    public void Fails_when_the_cluster_name_is_empty(string name) =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { ClusterName = name }, ("ClusterName", "must not be empty"));

    [TestCase("claude-code-tracing")]
    [TestCase("Workspace/Shared/x")]
    [TestCase("/")]
    [TestCase("/Shared")]
    [TestCase("/Workspace/Shared/")]
    [TestCase("/Workspace//x")]
    [TestCase("/Workspace/../x")]
    [TestCase("")]
    public void Fails_when_the_experiment_name_is_not_an_absolute_workspace_path(string name) =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { MlflowExperimentName = name }, ("MlflowExperimentName", "is not an absolute workspace path"));

    [TestCase("ManagedBy")]
    [TestCase("managedby")]
    public void Fails_when_a_tag_would_override_the_managed_by_tag(string key) =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { Tags = new Dictionary<string, string> { [key] = "someone-else" } }, ("Tags", "cannot be overridden"));

    [Test]
    public void Fails_when_node_type_runtime_model_or_single_user_are_blank_or_have_spaces() =>
        AssertFails(new CodingAssistantsClusterProps(Minimal) { NodeTypeId = "", SparkVersion = "17.3 ml", ModelName = " ", SingleUserName = "a b@example.com" },
            ("SparkVersion", "is not a Databricks Runtime version"), ("NodeTypeId", "is not a node type"), ("ModelName", "is not a model serving endpoint name"),
            ("SingleUserName", "is not a user name"));

    [Test]
    public void Reports_every_problem_at_once_before_building_anything()
    {
        var stack = new TerraformStack(Testing.App(), "test");
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig());
        var bad = new CodingAssistantsClusterProps(Minimal) { ClusterName = "", AutoterminationMinutes = 5, NumWorkers = 1, InitScriptPath = "missing.sh" };
        var error = Assert.Throws<InputValidationException>(() => _ = new CodingAssistantsCluster(stack, "CodingAssistants", bad))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Problems.Select(p => p.Field), Is.EquivalentTo(new[] { "ClusterName", "InitScriptPath", "AutoterminationMinutes", "NumWorkers" }));
            Assert.That(error.Problems.Select(p => p.File).Distinct(), Is.EqualTo(new[] { "CodingAssistantsClusterProps" }));
            Assert.That(stack.Node.TryFindChild("CodingAssistants")?.Node.Children, Is.Null.Or.Empty, "no resource was created");
        });
    }

    private static JsonObject Cluster(JsonObject root) => root["resource"]!["databricks_cluster"]!["coding_assistants"]!.AsObject();

    private static string Value(JsonObject outputs, string name) => outputs[name]!["value"]!.GetValue<string>();

    /// <summary>Asserts the props fail validation with exactly these problems (field, part of the message).</summary>
    internal static void AssertFails(CodingAssistantsClusterProps props, params (string Field, string Message)[] expected)
    {
        var problems = props.Validate("test");
        Assert.That(problems, Has.Count.EqualTo(expected.Length), string.Join("\n", problems));
        foreach (var (field, message) in expected)
        {
            Assert.That(problems, Has.Some.Matches<InputProblem>(p => p.Field == field && p.Message.Contains(message, StringComparison.Ordinal)),
                $"expected a problem in '{field}' containing \"{message}\"; got:\n{string.Join("\n", problems)}");
        }
    }
}
