using CdkInfra.App.Tests.TestSupport;
using CdkInfra.CodingAssistants;
using CdkInfra.Settings;
using CdkInfra.Validation;

namespace CdkInfra.App.Tests;

/// <summary>The <c>codingAssistants</c> object of <c>cdktf.json</c>: defaults, every key, and errors named by file and key.</summary>
public sealed class CodingAssistantsSettingsTests
{
    private string _project = "";

    [SetUp]
    public void CreateProject() => _project = AppProcess.CreateProject("cdkinfra-ca-settings-");

    [TearDown]
    public void RemoveProject() => Directory.Delete(_project, recursive: true);

    [Test]
    public void Absent_keys_keep_the_documented_defaults_with_the_course_catalog_and_the_project_script()
    {
        WriteContext("""{ "courseCatalog": "my_course" }""");
        var props = AppSettings.Load(_project, null).CodingAssistants;
        Assert.Multiple(() =>
        {
            Assert.That(props.ClusterName, Is.EqualTo("coding-assistants"));
            Assert.That(props.CatalogName, Is.EqualTo("my_course"));
            Assert.That(props.SchemaName, Is.EqualTo("shared_bronze"), "the first course shared schema: databricks_catalog deletes a new catalog's default schema");
            Assert.That(props.VolumeName, Is.EqualTo("coding_assistants"));
            Assert.That(props.InitScriptPath, Is.EqualTo(Path.Combine(_project, "init-scripts/install-claude-code.sh")));
            Assert.That(props.SparkVersion, Is.EqualTo("17.3.x-cpu-ml-scala2.13"));
            Assert.That(props.NodeTypeId, Is.Null, "picked per cloud by databricks_node_type");
            Assert.That(props.MinNodeMemoryGb, Is.Null);
            Assert.That(props.Tracing, Is.True);
            Assert.That(props.LogVolumeName, Is.EqualTo("coding_assistants_logs"));
            Assert.That(props.MlflowRequirementsPath, Is.Null, "the hash lock is opt-in");
            Assert.That(props.AutoterminationMinutes, Is.EqualTo(30));
            Assert.That(props.Mode, Is.EqualTo(ClusterMode.SingleNode));
            Assert.That(new[] { props.NumWorkers, props.MinWorkers, props.MaxWorkers }, Is.All.Null);
            Assert.That(props.MlflowExperimentName, Is.EqualTo("/Shared/claude-code-tracing"));
            Assert.That(props.CreateMlflowExperiment, Is.True);
            Assert.That(props.Tags, Is.Empty);
            Assert.That(props.SingleUserName, Is.Null);
            Assert.That(props.ModelName, Is.EqualTo("databricks-claude-sonnet-4-5"));
            Assert.That(props.Offline, Is.False);
            Assert.That(props.Provisioning, Is.EqualTo(Provisioning.Clusters), "nothing moves unless asked");
            Assert.That(props.MaxClustersPerUser, Is.EqualTo(1));
            Assert.That(props.AllowedNodeTypeIds, Is.Empty);
        });
    }

    [Test]
    public void Reads_every_key()
    {
        File.WriteAllText(Path.Combine(_project, "mine.sh"), "#!/bin/sh\necho mine\n");
        WriteContext("""
            { "codingAssistants": {
              "clusterName": "lab", "catalog": "tools", "schema": "assist", "volume": "scripts", "initScript": "mine.sh",
              "sparkVersion": "16.4.x-cpu-ml-scala2.12", "nodeTypeId": "n2-standard-8", "autoterminationMinutes": 45, "mode": "STANDARD",
              "minWorkers": 2, "maxWorkers": 6, "mlflowExperimentName": "/Shared/traces", "createMlflowExperiment": false,
              "tags": { "Team": "de" }, "singleUserName": "lead@example.com", "model": "my-endpoint", "offline": true,
              "opusModel": "my-opus", "haikuModel": "my-haiku", "sqlWarehouseId": "wh42", "userPermission": "CAN_MANAGE",
              "mlflowRequirements": "mine.sh" }, "databricksHost": "https://adb-1.example.net" }
            """);
        var props = AppSettings.Load(_project, null).CodingAssistants;
        Assert.That(props, Is.EqualTo(new CodingAssistantsClusterProps
        {
            ClusterName = "lab",
            CatalogName = "tools",
            SchemaName = "assist",
            VolumeName = "scripts",
            InitScriptPath = Path.Combine(_project, "mine.sh"),
            SparkVersion = "16.4.x-cpu-ml-scala2.12",
            NodeTypeId = "n2-standard-8",
            AutoterminationMinutes = 45,
            Mode = ClusterMode.Standard,
            MinWorkers = 2,
            MaxWorkers = 6,
            MlflowExperimentName = "/Shared/traces",
            CreateMlflowExperiment = false,
            Tags = props.Tags,
            SingleUserName = "lead@example.com",
            ModelName = "my-endpoint",
            Offline = true,
            OpusModelName = "my-opus",
            HaikuModelName = "my-haiku",
            SqlWarehouseId = "wh42",
            UserPermission = "CAN_MANAGE",
            MlflowRequirementsPath = Path.Combine(_project, "mine.sh"),
            WorkspaceUrl = "https://adb-1.example.net",
            Users = props.Users,
            AllowedNodeTypeIds = props.AllowedNodeTypeIds,
        }).UsingPropertiesComparer());
        Assert.That(props.Tags, Is.EquivalentTo(new Dictionary<string, string> { ["Team"] = "de" }));
    }

    [Test]
    public void Fails_on_unknown_keys_wrong_types_and_invalid_values_all_at_once_naming_cdktf_json_and_the_key()
    {
        WriteContext("""
            { "codingAssistants": {
              "clustername": "x", "nodeType": "y", "mode": "single", "numWorkers": "2", "offline": "yes", "tags": { "Team": 1 },
              "autoterminationMinutes": 2.5, "volume": "Bad-Volume", "initScript": "missing.sh" } }
            """);
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'codingAssistants.clustername': unknown setting; did you mean 'codingAssistants.clusterName'?",
            "cdktf.json, field 'codingAssistants.nodeType': unknown setting; did you mean 'codingAssistants.nodeTypeId'?",
            "cdktf.json, field 'codingAssistants.mode': must be SINGLE_NODE or STANDARD, found \"single\"",
            "cdktf.json, field 'codingAssistants.numWorkers': must be a whole number, found \"2\"",
            "cdktf.json, field 'codingAssistants.offline': must be true or false, found \"yes\"",
            "cdktf.json, field 'codingAssistants.tags': must be an object of tag names to string values, found { \"Team\": 1 }",
            "cdktf.json, field 'codingAssistants.autoterminationMinutes': must be a whole number, found 2.5",
            "cdktf.json, field 'codingAssistants.volume': 'Bad-Volume' is not a valid volume name (1 to 255 characters from a-z, 0-9 and _)",
            $"cdktf.json, field 'codingAssistants.initScript': the init script '{Path.Combine(_project, "missing.sh")}' does not exist",
        }));
    }

    [Test]
    public void Reads_the_policy_keys()
    {
        WriteContext("""
            { "codingAssistants": { "provisioning": "policy", "singleUserName": "ana.instructor@example.com", "maxClustersPerUser": 2,
              "nodeTypeId": "Standard_D8pds_v6", "allowedNodeTypeIds": ["Standard_D8pds_v6", "Standard_D4pds_v6"] } }
            """);
        var props = AppSettings.Load(_project, null).CodingAssistants;
        Assert.Multiple(() =>
        {
            Assert.That(props.Provisioning, Is.EqualTo(Provisioning.Policy));
            Assert.That(props.MaxClustersPerUser, Is.EqualTo(2));
            Assert.That(props.AllowedNodeTypeIds, Is.EqualTo(new[] { "Standard_D8pds_v6", "Standard_D4pds_v6" }));
        });
    }

    [Test]
    public void Fails_on_invalid_policy_settings_naming_cdktf_json_and_the_key()
    {
        WriteContext("""
            { "codingAssistants": { "provisioning": "Policies", "maxClustersPerUser": "one", "allowedNodeTypeIds": "Standard_D8pds_v6", "maxClusterPerUser": 1 } }
            """);
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'codingAssistants.provisioning': must be \"clusters\" or \"policy\", found \"Policies\"; did you mean \"policy\"?",
            "cdktf.json, field 'codingAssistants.maxClustersPerUser': must be a whole number, found \"one\"",
            "cdktf.json, field 'codingAssistants.allowedNodeTypeIds': must be an array of strings, found \"Standard_D8pds_v6\"",
            "cdktf.json, field 'codingAssistants.maxClusterPerUser': unknown setting; did you mean 'codingAssistants.maxClustersPerUser'?",
        }));
    }

    [Test]
    public void Fails_when_the_policy_has_nobody_to_use_it_or_allows_no_cluster()
    {
        WriteContext("""{ "codingAssistants": { "provisioning": "policy", "maxClustersPerUser": 0 } }""");
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'codingAssistants.users': with provisioning 'policy' name who may use the policy: users, userRoles or singleUserName",
            "cdktf.json, field 'codingAssistants.maxClustersPerUser': 0 is not allowed; use 1 or more (clusters each user may have under the policy)",
        }));
    }

    [Test]
    public void The_schema_defaults_to_the_first_course_shared_schema_in_the_course_catalog_and_to_default_in_another()
    {
        WriteContext("""{ "courseSharedSchemas": ["common", "extra"] }""");
        Assert.That(AppSettings.Load(_project, null).CodingAssistants.SchemaName, Is.EqualTo("common"));
        WriteContext("""{ "codingAssistants": { "catalog": "tools" } }""");
        Assert.That(AppSettings.Load(_project, null).CodingAssistants.SchemaName, Is.EqualTo("default"), "a catalog made in the UI has its default schema");
        Assert.That(new CodingAssistantsClusterProps { CatalogName = "main" }.SchemaName, Is.EqualTo("default"), "the library default is unchanged");
    }

    [Test]
    public void Fails_when_a_shared_state_backend_leaves_the_single_user_to_the_deploying_identity()
    {
        WriteContext("""{ "backend": { "type": "gcs", "bucket": "state" } }""");
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "cdktf.json, field 'codingAssistants.singleUserName': is required with a shared state backend (backend type gcs): unset, the cluster's "
            + "only user is the identity that deploys, from CI a service principal, and no person could attach; name the person who uses the cluster",
        }));
        WriteContext("""{ "backend": { "type": "gcs", "bucket": "state" }, "codingAssistants": { "singleUserName": "ana.instructor@example.com" } }""");
        Assert.That(AppSettings.Load(_project, null).CodingAssistants.SingleUserName, Is.EqualTo("ana.instructor@example.com"));
        WriteContext("""{ "backend": { "type": "gcs", "bucket": "state" }, "codingAssistants": { "users": ["ana.instructor@example.com"] } }""");
        Assert.That(AppSettings.Load(_project, null).CodingAssistants.Users, Is.EqualTo(new[] { "ana.instructor@example.com" }), "listed users name the people");
        WriteContext("""{ "backend": { "type": "local" } }""");
        Assert.That(AppSettings.Load(_project, null).CodingAssistants.SingleUserName, Is.Null, "a local deploy is a person's own");
    }

    [Test]
    public void Instructors_are_selected_by_role_from_the_roster_after_the_listed_users_each_once()
    {
        WriteContext("""{ "codingAssistants": { "users": ["Chen.Li@example.com"], "userRoles": ["admins"] } }""");
        var users = AppSettings.Load(_project, null).CodingAssistants.Users;
        Assert.That(users, Is.EqualTo(new[]
        {
            "chen.li@example.com", "course.owner@example.com", "ana.instructor@example.com", "ben.engineer@example.com",
            "dana.okafor@example.com", "eero.virtanen@example.com", "fatima.haddad@example.com",
        }));
    }

    [Test]
    public void Fails_when_a_named_user_would_lack_use_catalog_or_use_schema_on_the_volume()
    {
        // The course stack owns the course catalog's grants; this stack adds none, so a user it does not cover cannot
        // read the init script (docs: a dedicated cluster's init script runs as its user, who needs USE CATALOG,
        // USE SCHEMA and READ VOLUME).
        WriteContext("""{ "codingAssistants": { "users": ["outsider@example.com", "test.student@example.com", "ana.instructor@example.com"], "userRoles": ["teachers"] } }""");
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'codingAssistants.userRoles': unknown role \"teachers\"; the roster's roles are \"admins\", \"students\"",
            "cdktf.json, field 'codingAssistants.users': 'outsider@example.com' would lack USE_CATALOG on databricks_course and USE_SCHEMA on "
            + "databricks_course.shared_bronze (not an active roster entry or a super admin), so the cluster's init script could not be read from the volume; "
            + "add the person to users.json as an admin or to superAdmins, or put the volume in a course shared schema",
        }));
        WriteContext("""{ "codingAssistants": { "singleUserName": "test.student@example.com", "schema": "tools" } }""");
        error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Single().ToString(), Does.Contain("'test.student@example.com' would lack USE_SCHEMA on databricks_course.tools (students get it on the course shared schemas only)"));
        WriteContext("""{ "codingAssistants": { "singleUserName": "someone@example.com", "catalog": "tools" } }""");
        Assert.That(AppSettings.Load(_project, null).CodingAssistants.SingleUserName, Is.EqualTo("someone@example.com"), "another catalog's grants are not this app's to know");
    }

    [Test]
    public void Fails_when_the_object_is_not_an_object()
    {
        WriteContext("""{ "codingAssistants": "SINGLE_NODE" }""");
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EqualTo(new[] { "cdktf.json, field 'codingAssistants': must be an object of settings, found \"SINGLE_NODE\"" }));
    }

    [Test]
    public void Fails_when_the_default_init_script_is_missing_from_the_project()
    {
        File.Delete(Path.Combine(_project, "init-scripts", "install-claude-code.sh"));
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Single().ToString(), Does.StartWith("cdktf.json, field 'codingAssistants.initScript': the init script").And.EndWith("install-claude-code.sh' does not exist"));
    }

    [Test]
    public void An_invalid_course_catalog_is_reported_once_not_again_as_the_clusters_catalog()
    {
        WriteContext("""{ "courseCatalog": "Bad-Name" }""");
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.Field), Is.EqualTo(new[] { "courseCatalog" }));
    }

    [Test]
    public void The_environment_replaces_the_whole_object_and_is_named_in_errors()
    {
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, """{ "codingAssistants": { "mode": "SINGLE_NODE", "numWorkers": 1 } }"""))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "CDKTF_CONTEXT_JSON, field 'codingAssistants.numWorkers': must be unset in SINGLE_NODE mode (a single-node cluster has no workers); set mode to STANDARD or remove it",
        }));
    }

    private void WriteContext(string contextJson) =>
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), $$"""{ "language": "csharp", "app": "true", "context": {{contextJson}} }""");
}
