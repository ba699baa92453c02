using System.Diagnostics.CodeAnalysis;
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
    public void Never_uses_the_legacy_single_node_profile(CodingAssistantsClusterProps props) =>
        HasCluster(Stack(props), """{ "spark_conf": null, "custom_tags": { "ResourceClass": null } }""");

    [Test]
    public void A_single_node_cluster_ignores_exactly_the_keys_the_server_adds_so_a_second_plan_is_empty()
    {
        Assert.Multiple(() =>
        {
            // Provider issue 4360: is_single_node + CLASSIC_PREVIEW clusters come back with these three keys set by the server.
            HasCluster(Stack(Minimal), """
                { "lifecycle": { "ignore_changes": ["spark_conf[\"spark.master\"]", "spark_conf[\"spark.databricks.cluster.profile\"]", "custom_tags[\"ResourceClass\"]"] } }
                """);
            HasCluster(Stack(Autoscaling), """{ "lifecycle": null }""", "a standard cluster gets no server-added keys");
        });
    }

    [Test]
    public void Single_node_is_declared_with_is_single_node_and_kind_and_no_workers() =>
        HasCluster(Stack(Minimal), """{ "is_single_node": true, "kind": "CLASSIC_PREVIEW", "num_workers": 0, "autoscale": null }""");

    [Test]
    public void Standard_autoscales_from_1_to_3_by_default() =>
        HasCluster(Stack(Autoscaling), """{ "is_single_node": null, "kind": null, "num_workers": null, "autoscale": { "min_workers": 1, "max_workers": 3 } }""");

    [Test]
    public void Standard_with_a_worker_count_has_a_fixed_size() =>
        HasCluster(Stack(FixedSize), """{ "num_workers": 2, "autoscale": null, "is_single_node": null }""");

    [TestCaseSource(nameof(EveryMode))]
    public void Is_a_single_user_cluster_for_the_deploying_identity_by_default(CodingAssistantsClusterProps props)
    {
        var stack = Stack(props);
        Assert.Multiple(() =>
        {
            HasCluster(stack, """{ "data_security_mode": "SINGLE_USER", "single_user_name": "${data.databricks_current_user.me.user_name}" }""");
            stack.HasDataProperties("databricks_current_user", "me", "{}");
        });
    }

    [Test]
    public void A_named_single_user_and_workspace_url_replace_the_current_user_in_the_cluster_which_still_names_the_deployer()
    {
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com", WorkspaceUrl = "https://adb-1.example.net" });
        Assert.Multiple(() =>
        {
            HasCluster(stack, """{ "single_user_name": "lead@example.com", "spark_env_vars": { "CLAUDE_CODE_WORKSPACE_URL": "https://adb-1.example.net" } }""");
            stack.HasDataProperties("databricks_current_user", "me", "{}", "the permissions keep the deployer at CAN_MANAGE");
        });
    }

    [Test]
    public void The_named_user_may_start_the_cluster_and_the_deploying_identity_keeps_can_manage()
    {
        // single_user_name grants no cluster ACL; CAN_RESTART lets the person start, restart and attach (docs: compute ACLs).
        var named = Stack(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        var manage = Stack(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com", UserPermission = "CAN_MANAGE" });
        Assert.Multiple(() =>
        {
            named.HasResourceProperties("databricks_permissions", "coding_assistants", """{ "cluster_id": "${databricks_cluster.coding_assistants.id}" }""");
            PartialJson.Matches(named.Root["locals"], "the locals", """{ "coding_assistants_single_user": "lead@example.com" }""", "the name as literal text");
            Assert.That(AccessLevels(named, deployer: "ci-bot@example.com"), Is.EqualTo(new Dictionary<string, string>
            {
                ["lead@example.com"] = "CAN_RESTART",
                ["ci-bot@example.com"] = "CAN_MANAGE",
            }));
            Assert.That(AccessLevels(manage, deployer: "ci-bot@example.com")["lead@example.com"], Is.EqualTo("CAN_MANAGE"));
            Assert.That(Stack(Minimal).Resources().Select(r => r.Type), Has.None.EqualTo("databricks_permissions"), "the creator already holds CAN_MANAGE");
        });
    }

    [Test]
    public void A_single_user_who_is_the_deployer_gets_can_manage_never_can_restart()
    {
        // The provider refuses a non-management level for the calling user ("cannot remove management permissions for
        // the current user", permissions/permission_definitions.go), and two levels for one principal drift.
        var named = Stack(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        Assert.That(AccessLevels(named, deployer: "lead@example.com"), Is.EqualTo(new Dictionary<string, string> { ["lead@example.com"] = "CAN_MANAGE" }));
    }

    [Test]
    public void A_listed_user_who_is_the_deployer_gets_can_manage_on_their_cluster_and_the_deployer_manages_every_cluster()
    {
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { Users = ["ana@example.com", "ben@example.com"] });
        Assert.Multiple(() =>
        {
            Assert.That(AccessLevels(stack, deployer: "ana@example.com", key: "ana@example.com"),
                Is.EqualTo(new Dictionary<string, string> { ["ana@example.com"] = "CAN_MANAGE" }));
            Assert.That(AccessLevels(stack, deployer: "ana@example.com", key: "ben@example.com"),
                Is.EqualTo(new Dictionary<string, string> { ["ben@example.com"] = "CAN_RESTART", ["ana@example.com"] = "CAN_MANAGE" }));
        });
    }

    /// <summary>
    /// The access control list Terraform builds for one cluster: the dynamic block's for_each, evaluated by the real
    /// terraform console with the deploying identity's name (and the per-user cluster's key) filled in.
    /// </summary>
    private static Dictionary<string, string> AccessLevels(SynthesizedStack stack, string deployer, string? key = null)
    {
        var block = stack.Resource("databricks_permissions", "coding_assistants")["dynamic"]!["access_control"]!;
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_permissions", "coding_assistants", """{ "dynamic": { "access_control": { "iterator": "acl" } } }""",
                "not each, which the per-user resource's own for_each uses");
            Assert.That(block["content"]!.ToJsonString(), Is.EqualTo("""{"permission_level":"${acl.value}","user_name":"${acl.key}"}"""));
        });
        var expression = block["for_each"]!.GetValue<string>()
            .Replace("data.databricks_current_user.me.user_name", "local.deployer", StringComparison.Ordinal)
            .Replace("each.key", "local.key", StringComparison.Ordinal);
        var locals = new JsonObject { ["deployer"] = deployer, ["key"] = key ?? "", ["levels"] = expression };
        if (stack.Root["locals"]?["coding_assistants_single_user"] is { } single)
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
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { Users = ["ana@example.com", "ben@example.com"] });
        Assert.Multiple(() =>
        {
            Assert.That(stack.Root["locals"]!["coding_assistants_users"]!.ToJsonString(),
                Is.EqualTo("""{"ana@example.com":"coding-assistants (ana@example.com)","ben@example.com":"coding-assistants (ben@example.com)"}"""));
            HasCluster(stack, """{ "for_each": "${local.coding_assistants_users}", "single_user_name": "${each.key}", "cluster_name": "${each.value}" }""");
            stack.HasResourceProperties("databricks_permissions", "coding_assistants", """
                {
                  "for_each": "${local.coding_assistants_users}",
                  "cluster_id": "${databricks_cluster.coding_assistants[each.key].id}",
                  // A dynamic block, so the deployer is listed once.
                  "access_control": null
                }
                """);
            stack.HasResourceProperties("databricks_grants", "coding_assistants", """{ "grant": [ { "principal": "ana@example.com" }, { "principal": "ben@example.com" } ] }""",
                "one grants resource on the volume, every listed user");
            stack.HasOutput("cluster_id", """{ "value": "${{ for k, c in databricks_cluster.coding_assistants : k => c.id }}" }""");
            stack.HasDataProperties("databricks_current_user", "me", "{}", "read for the workspace URL only");
        });
    }

    [Test]
    public void Input_text_reaches_terraform_as_literal_text() =>
        HasCluster(Stack(new CodingAssistantsClusterProps(Minimal)
        {
            ClusterName = "lab ${file(\"/etc/passwd\")}",
            Tags = new Dictionary<string, string> { ["Team%{x}"] = "${var.y}" },
            SingleUserName = "lead@example.com",
        }), """{ "cluster_name": "lab $${file(\"/etc/passwd\")}", "custom_tags": { "Team%%{x}": "$${var.y}" } }""");

    [Test]
    public void A_tracing_lock_beside_the_init_script_is_never_uploaded_unless_set()
    {
        var dir = Directory.CreateTempSubdirectory("cdkinfra-lock-").FullName;
        try
        {
            File.Copy(TestEnvironment.Fixture("init-script.sh"), Path.Combine(dir, "install.sh"));
            var lockFile = Path.Combine(dir, "mlflow-requirements.txt");
            File.WriteAllText(lockFile, "mlflow==3.11.1 --hash=sha256:00\n");
            var beside = Stack(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = Path.Combine(dir, "install.sh") });
            Assert.That(beside.Resources().Where(r => r.Type == "databricks_file").Select(r => r.Name), Is.EqualTo(new[] { "init_script" }));
            HasCluster(beside, """{ "spark_env_vars": { "CLAUDE_CODE_MLFLOW_REQUIREMENTS": null } }""");

            var stack = Stack(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = Path.Combine(dir, "install.sh"), MlflowRequirementsPath = lockFile, SqlWarehouseId = "wh42" });
            Assert.Multiple(() =>
            {
                stack.HasResourceProperties("databricks_file", "mlflow_requirements", """
                    { "path": "${databricks_volume.coding_assistants.volume_path}/mlflow-requirements.txt" }
                    """);
                HasCluster(stack, """
                    { "spark_env_vars": { "CLAUDE_CODE_MLFLOW_REQUIREMENTS": "${databricks_file.mlflow_requirements.path}", "CLAUDE_CODE_SQL_WAREHOUSE_ID": "wh42" } }
                    """);
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
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { Tracing = false });
        Assert.Multiple(() =>
        {
            HasCluster(stack, """{ "spark_env_vars": { "CLAUDE_CODE_TRACING": "off", "CLAUDE_CODE_TRACING_EXPERIMENT_ID": null } }""");
            Assert.That(stack.Resources().Where(r => r.Type == "databricks_mlflow_experiment"), Is.Empty);
            Assert.That(stack.Root["output"]!.AsObject().ContainsKey("mlflow_experiment_id"), Is.False);
        });
    }

    [Test]
    public void The_node_type_is_the_clouds_smallest_with_local_disk_and_the_minimum_memory_unless_one_is_set()
    {
        var picked = Stack(Minimal);
        var bigger = Stack(new CodingAssistantsClusterProps(Minimal) { MinNodeMemoryGb = 64 });
        var pinned = Stack(new CodingAssistantsClusterProps(Minimal) { NodeTypeId = "m6gd.2xlarge" });
        Assert.Multiple(() =>
        {
            HasCluster(picked, """{ "node_type_id": "${data.databricks_node_type.coding_assistants.id}" }""");
            Assert.That(picked.Data("databricks_node_type", "coding_assistants").ToJsonString(), Is.EqualTo("""{"local_disk":true,"min_memory_gb":16}"""));
            bigger.HasDataProperties("databricks_node_type", "coding_assistants", """{ "min_memory_gb": 64 }""");
            HasCluster(pinned, """{ "node_type_id": "m6gd.2xlarge" }""");
            Assert.That(pinned.Blocks("data").Select(d => d.Type), Has.None.EqualTo("databricks_node_type"), "no lookup when the type is set");
        });
    }

    [Test]
    public void The_cluster_delivers_its_logs_to_the_logs_volume_which_its_user_may_write()
    {
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" });
        Assert.Multiple(() =>
        {
            Assert.That(Cluster(stack)["cluster_log_conf"]!.ToJsonString(),
                Is.EqualTo("""{"volumes":{"destination":"${databricks_volume.coding_assistants_logs.volume_path}/cluster-logs"}}"""));
            stack.HasResourceProperties("databricks_volume", "coding_assistants_logs", """{ "name": "coding_assistants_logs" }""");
            stack.HasResourceProperties("databricks_grants", "coding_assistants", """{ "grant": [ { "privileges": ["READ_VOLUME"] } ] }""",
                "the script's volume stays read-only: its script runs as root");
            Assert.That(stack.DependsOn("databricks_cluster", "coding_assistants"), Does.Contain("databricks_grants.coding_assistants_logs"));
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
        var env = Cluster(Stack(Minimal))["spark_env_vars"]!.AsObject();
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
    public void Offline_mode_adds_the_offline_switch_and_the_artifacts_folder_in_the_volume() =>
        HasCluster(Stack(new CodingAssistantsClusterProps(Minimal) { Offline = true, ModelName = "my-endpoint" }), """
            {
              "spark_env_vars": {
                "CLAUDE_CODE_MODEL": "my-endpoint",
                "CLAUDE_CODE_OFFLINE": "true",
                "CLAUDE_CODE_ARTIFACTS_DIR": "${databricks_volume.coding_assistants.volume_path}/offline"
              }
            }
            """);

    [Test]
    public void The_init_script_is_uploaded_into_the_managed_volume_and_the_cluster_runs_that_file()
    {
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { InitScriptPath = TestEnvironment.Fixture("custom-init.sh") });
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_volume", "coding_assistants", """
                { "volume_type": "MANAGED", "catalog_name": "databricks_course", "schema_name": "default", "name": "coding_assistants" }
                """);
            stack.HasResourceProperties("databricks_file", "init_script", """{ "path": "${databricks_volume.coding_assistants.volume_path}/custom-init.sh" }""");
            Assert.That(stack.Resource("databricks_file", "init_script")["source"]!.GetValue<string>(), Does.Match(@"^assets/[A-Za-z0-9_]+/[0-9A-F]+/custom-init\.sh$"),
                "a relative path into the stack folder");
            HasCluster(stack, """{ "init_scripts": [ { "volumes": { "destination": "${databricks_file.init_script.path}" } } ] }""",
                "the uploaded file, so the upload precedes the cluster");
        });
    }

    [Test]
    public void Tags_are_merged_with_the_managed_by_tag()
    {
        var tags = Cluster(Stack(new CodingAssistantsClusterProps(Minimal) { Tags = new Dictionary<string, string> { ["Team"] = "data-eng" } }))["custom_tags"]!.AsObject();
        Assert.That(tags.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["Team"] = "data-eng",
            ["ManagedBy"] = "CdkInfra",
        }));
    }

    [Test]
    public void The_single_user_may_read_the_init_script_volume_before_the_cluster_starts()
    {
        var stack = Stack(Minimal);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources().Where(r => r.Type == "databricks_grants").Select(r => r.Name), Is.EqualTo(new[] { "coding_assistants", "coding_assistants_logs" }),
                "one authoritative grants resource per volume");
            stack.HasResourceProperties("databricks_grants", "coding_assistants_logs", """{ "grant": [ { "privileges": ["READ_VOLUME", "WRITE_VOLUME"] } ] }""",
                "log delivery writes; only the logs volume is writable");
            stack.HasResourceProperties("databricks_grants", "coding_assistants", """
                {
                  "volume": "${databricks_volume.coding_assistants.id}",
                  "grant": [ { "principal": "${data.databricks_current_user.me.user_name}", "privileges": ["READ_VOLUME"] } ]
                }
                """);
            Assert.That(stack.DependsOn("databricks_cluster", "coding_assistants"), Does.Contain("databricks_grants.coding_assistants"));
        });
        Stack(new CodingAssistantsClusterProps(Minimal) { SingleUserName = "lead@example.com" })
            .HasResourceProperties("databricks_grants", "coding_assistants", """{ "grant": [ { "principal": "lead@example.com" } ] }""");
    }

    [Test]
    public void The_experiment_is_created_and_precedes_the_cluster_by_default()
    {
        var stack = Stack(Minimal);
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_mlflow_experiment", "tracing", """{ "name": "/Shared/claude-code-tracing" }""");
            Assert.That(stack.DependsOn("databricks_cluster", "coding_assistants"), Does.Contain("databricks_mlflow_experiment.tracing"));
        });
    }

    [Test]
    public void An_existing_experiment_is_read_not_created()
    {
        var stack = Stack(new CodingAssistantsClusterProps(Minimal) { CreateMlflowExperiment = false });
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_mlflow_experiment"));
            stack.HasDataProperties("databricks_mlflow_experiment", "tracing", """{ "name": "/Shared/claude-code-tracing" }""");
            Assert.That(stack.DependsOn("databricks_cluster", "coding_assistants"), Has.None.Contains("mlflow_experiment"));
        });
    }

    [Test]
    public void Every_output_is_present()
    {
        var stack = Stack(Minimal);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Root["output"]!.AsObject().Select(o => o.Key), Is.EquivalentTo(new[]
            {
                "cluster_id", "cluster_name", "cluster_url", "volume_path", "volume_full_name", "init_script_path", "mlflow_experiment_name",
                "mlflow_experiment_id", "cluster_log_path", "setup_instructions",
            }));
            stack.HasOutput("cluster_log_path", """{ "value": "${databricks_volume.coding_assistants_logs.volume_path}/cluster-logs" }""");
            stack.HasOutput("mlflow_experiment_id", """{ "value": "${databricks_mlflow_experiment.tracing.id}" }""");
            stack.HasOutput("cluster_id", """{ "value": "${databricks_cluster.coding_assistants.id}" }""");
            stack.HasOutput("cluster_url", """{ "value": "${databricks_cluster.coding_assistants.url}" }""");
            stack.HasOutput("volume_path", """{ "value": "${databricks_volume.coding_assistants.volume_path}" }""");
            stack.HasOutput("volume_full_name", """{ "value": "databricks_course.default.coding_assistants" }""");
            stack.HasOutput("init_script_path", """{ "value": "${databricks_file.init_script.path}" }""");
            stack.HasOutput("mlflow_experiment_name", """{ "value": "/Shared/claude-code-tracing" }""");
            Assert.That(stack.Root["output"]!["setup_instructions"]!["value"]!.GetValue<string>(),
                Does.Contain("${databricks_cluster.coding_assistants.url}").And.Contain("check-claude").And.Contain("\n"));
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

    private static SynthesizedStack Stack(CodingAssistantsClusterProps props) => new(Synth.CodingAssistants(props));

    private static JsonObject Cluster(SynthesizedStack stack) => stack.Resource("databricks_cluster", "coding_assistants");

    /// <summary>Asserts that the cluster has the properties of <paramref name="expected"/>, a fragment of its Terraform JSON.</summary>
    private static void HasCluster(SynthesizedStack stack, [StringSyntax(StringSyntaxAttribute.Json)] string expected, string? because = null) =>
        stack.HasResourceProperties("databricks_cluster", "coding_assistants", expected, because);

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
