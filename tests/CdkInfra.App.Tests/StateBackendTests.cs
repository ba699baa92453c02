using System.Text.Json.Nodes;
using CdkInfra.App.Stacks;
using CdkInfra.App.Tests.TestSupport;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;
using HashiCorp.Cdktf;

namespace CdkInfra.App.Tests;

/// <summary>The <c>backend</c> setting: the terraform block each backend type synthesizes, and what is refused.</summary>
public sealed class StateBackendTests
{
    [Test]
    public void Local_by_default() => Snapshot.Verify(TerraformBlock(null));

    [Test]
    public void S3_with_lock_file() => Snapshot.Verify(TerraformBlock("""
        { "type": "s3", "bucket": "course-state", "region": "eu-west-1", "use_lockfile": true, "role_arn": "arn:aws:iam::123456789012:role/course-deploy" }
        """));

    [Test]
    public void S3_with_DynamoDB_lock_table() => Snapshot.Verify(TerraformBlock("""
        { "type": "s3", "bucket": "course-state", "region": "eu-west-1", "key_prefix": "teams/data", "dynamodb_table": "terraform-locks", "encrypt": false, "kms_key_id": "alias/state" }
        """));

    [Test]
    public void Azurerm() => Snapshot.Verify(TerraformBlock("""
        { "type": "azurerm", "resource_group_name": "rg-state", "storage_account_name": "coursestate", "container_name": "tfstate", "use_azuread_auth": true, "use_oidc": true }
        """));

    [Test]
    public void Gcs() => Snapshot.Verify(TerraformBlock("""{ "type": "gcs", "bucket": "course-state", "key_prefix": "course" }"""));

    [Test]
    public void Remote() => Snapshot.Verify(TerraformBlock("""{ "type": "remote", "organization": "example-org", "hostname": "tfe.example.com" }"""));

    [Test]
    public void Cloud() => Snapshot.Verify(TerraformBlock("""{ "type": "cloud", "organization": "example-org", "workspace_prefix": "course_", "project": "teaching" }"""));

    [TestCase("s3", "key")]
    [TestCase("gcs", "prefix")]
    public void Every_stack_gets_its_own_state(string type, string field)
    {
        var config = type == "s3"
            ? """{ "type": "s3", "bucket": "b", "region": "eu-west-1", "use_lockfile": true }"""
            : """{ "type": "gcs", "bucket": "b" }""";
        var course = Backend(Synthesize(config, "course"), type)[field]!.GetValue<string>();
        var other = Backend(Synthesize(config, "coding-assistants"), type)[field]!.GetValue<string>();
        Assert.That((course, other), Is.EqualTo(type == "s3"
            ? ("cdkinfra/course.tfstate", "cdkinfra/coding-assistants.tfstate")
            : ("cdkinfra/course", "cdkinfra/coding-assistants")));
    }

    [Test]
    public void Fails_when_the_type_is_missing_or_unknown()
    {
        Assert.That(Problems("""{ "bucket": "b" }"""), Is.EqualTo(new[] { "CDKTF_CONTEXT_JSON, field 'backend.type': is required; one of local, s3, azurerm, gcs, remote, cloud" }));
        Assert.That(Problems("""{ "type": "consul" }"""), Is.EqualTo(new[] { "CDKTF_CONTEXT_JSON, field 'backend.type': unknown backend type \"consul\"; one of local, s3, azurerm, gcs, remote, cloud" }));
        Assert.That(Problems("\"s3\""), Has.One.StartsWith("CDKTF_CONTEXT_JSON, field 'backend': must be an object"));
    }

    [Test]
    public void Fails_when_a_required_field_is_missing()
    {
        Assert.That(Problems("""{ "type": "azurerm", "container_name": "tfstate" }"""), Is.EqualTo(new[]
        {
            "CDKTF_CONTEXT_JSON, field 'backend.resource_group_name': is required for backend type azurerm",
            "CDKTF_CONTEXT_JSON, field 'backend.storage_account_name': is required for backend type azurerm",
        }));
        Assert.That(Problems("""{ "type": "cloud" }"""), Is.EqualTo(new[] { "CDKTF_CONTEXT_JSON, field 'backend.organization': is required for backend type cloud" }));
    }

    [Test]
    public void Fails_when_s3_has_no_lock() =>
        Assert.That(Problems("""{ "type": "s3", "bucket": "b", "region": "eu-west-1", "use_lockfile": false }"""),
            Has.One.StartsWith("CDKTF_CONTEXT_JSON, field 'backend.use_lockfile': the s3 backend needs a lock"));

    [Test]
    public void Fails_on_unknown_fields_and_wrong_value_types() =>
        Assert.That(Problems("""{ "type": "gcs", "bucket": 3, "prefix": "x", "key_prefix": "/abs/" }"""), Is.EqualTo(new[]
        {
            "CDKTF_CONTEXT_JSON, field 'backend.bucket': must be a non-empty string, found 3",
            "CDKTF_CONTEXT_JSON, field 'backend.prefix': unknown field for backend type gcs; allowed fields: bucket, key_prefix, impersonate_service_account",
            "CDKTF_CONTEXT_JSON, field 'backend.key_prefix': '/abs/' is not a key prefix: letters, digits, '.', '_', '-' in segments separated by single '/', without a leading or trailing '/'",
        }));

    [TestCase("s3", "secret_key", "AWS_ACCESS_KEY_ID")]
    [TestCase("s3", "accessKey", "AWS_ACCESS_KEY_ID")]
    [TestCase("azurerm", "sas_token", "ARM_CLIENT_ID")]
    [TestCase("azurerm", "client_secret", "ARM_CLIENT_ID")]
    [TestCase("gcs", "credentials", "GOOGLE_CREDENTIALS")]
    [TestCase("remote", "token", "TF_TOKEN_app_terraform_io")]
    [TestCase("cloud", "token", "TF_TOKEN_app_terraform_io")]
    public void Refuses_credentials_and_says_where_they_come_from(string type, string field, string environment)
    {
        var problems = Problems($$"""{ "type": "{{type}}", "{{field}}": "not-a-real-secret" }""");
        var credential = problems.Single(p => p.Contains($"'backend.{field}'", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(credential, Does.Contain("is a credential"));
            Assert.That(credential, Does.Contain(environment));
            Assert.That(credential, Does.Not.Contain("not-a-real-secret"), "the message never repeats the value");
        });
    }

    [Test]
    public void Problems_in_cdktf_json_name_cdktf_json()
    {
        var project = AppProcess.CreateProject("cdkinfra-backend-");
        try
        {
            File.WriteAllText(Path.Combine(project, "cdktf.json"), """{ "app": "true", "context": { "backend": { "type": "s3", "bucket": "b", "region": "r", "use_lockfile": true, "sas_token": "x" } } }""");
            var e = Assert.Throws<InputValidationException>(() => AppSettings.Load(project, null))!;
            Assert.That(e.Problems.Select(p => p.ToString()), Has.One.StartsWith("cdktf.json, field 'backend.sas_token': is a credential"));
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static string[] Problems(string backend)
    {
        var e = Assert.Throws<InputValidationException>(() => AppSettings.Load(TestEnvironment.RepoRoot, $$"""{ "backend": {{backend}} }"""))!;
        return e.Problems.Select(p => p.ToString()).ToArray();
    }

    /// <summary>The stack's terraform block as the app wires it (provider and backend), without the workspace.</summary>
    private static JsonObject Synthesize(string? backend, string stackId = "course")
    {
        // A shared backend requires the cluster's user to be named (the deploying identity would be CI's).
        var settings = AppSettings.Load(TestEnvironment.RepoRoot,
            backend is null ? null : $$"""{ "backend": {{backend}}, "codingAssistants": { "singleUserName": "ana.instructor@example.com" } }""");
        var stack = new TerraformStack(Testing.App(), stackId);
        StackWiring.Configure(stack, stackId, settings);
        return JsonNode.Parse(Testing.Synth(stack))!["terraform"]!.AsObject();
    }

    private static string TerraformBlock(string? backend) => Synthesize(backend).ToJsonString(new() { WriteIndented = true });

    private static JsonObject Backend(JsonObject terraform, string type) => terraform["backend"]![type]!.AsObject();
}
