using System.Text.Json;
using System.Text.RegularExpressions;
using CdkInfra.Validation;

namespace CdkInfra.Settings;

/// <summary>The kinds of Terraform backend the app can configure.</summary>
public enum StateBackendType
{
    /// <summary>A state file beside <c>cdktf.json</c>: one person, one machine. The default.</summary>
    Local,

    /// <summary>An S3 bucket, locked with an S3 lock file (<c>use_lockfile</c>) or a DynamoDB table.</summary>
    S3,

    /// <summary>An Azure Storage blob container, locked with blob leases.</summary>
    Azurerm,

    /// <summary>A Google Cloud Storage bucket, locked with lock objects.</summary>
    Gcs,

    /// <summary>HCP Terraform or Terraform Enterprise through the <c>remote</c> backend.</summary>
    Remote,

    /// <summary>HCP Terraform or Terraform Enterprise through the <c>cloud</c> block (Terraform 1.1 and later).</summary>
    Cloud,
}

/// <summary>
/// Where Terraform keeps the state of every stack: the context key <c>backend</c> of <c>cdktf.json</c>, an object
/// <c>{ "type": "s3", "bucket": ..., ... }</c> whose fields are Terraform's own backend argument names. Every stack
/// gets its own state: <c>&lt;key_prefix&gt;/&lt;stack&gt;.tfstate</c> in a bucket or container, or the workspace
/// <c>&lt;workspace_prefix&gt;&lt;stack&gt;</c> in HCP Terraform. Credentials are never settings: they come from the
/// environment of the machine that runs Terraform. Default: <see cref="Local"/>.
/// </summary>
public sealed partial record StateBackendSettings
{
    /// <summary>The context key.</summary>
    public const string ContextKey = "backend";

    /// <summary>Default of <c>key_prefix</c> (bucket and container backends).</summary>
    public const string DefaultKeyPrefix = "cdkinfra";

    /// <summary>Default of <c>workspace_prefix</c> (HCP Terraform).</summary>
    public const string DefaultWorkspacePrefix = "cdkinfra-";

    /// <summary>The default: a local state file per stack at the project root.</summary>
    public static StateBackendSettings Local { get; } = new() { Type = StateBackendType.Local };

    /// <summary>The backend kind, field <c>type</c>.</summary>
    public required StateBackendType Type { get; init; }

    /// <summary>
    /// The other fields as given (Terraform's argument names), already checked: strings are non-empty and trimmed,
    /// booleans are booleans. Fields with defaults are filled in.
    /// </summary>
    public IReadOnlyDictionary<string, object> Fields { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>A string field, or null when absent.</summary>
    public string? String(string field) => Fields.TryGetValue(field, out var value) ? (string)value : null;

    /// <summary>A boolean field, or null when absent.</summary>
    public bool? Bool(string field) => Fields.TryGetValue(field, out var value) ? (bool)value : null;

    /// <summary>The state object of a stack in a bucket or container: <c>&lt;key_prefix&gt;/&lt;stack&gt;.tfstate</c>.</summary>
    public string StateKey(string stackId) => $"{String("key_prefix")}/{stackId}.tfstate";

    /// <summary>The HCP Terraform workspace of a stack: <c>&lt;workspace_prefix&gt;&lt;stack&gt;</c>.</summary>
    public string WorkspaceName(string stackId) => $"{String("workspace_prefix")}{stackId}";

    private enum Kind
    {
        Text,
        Flag,
    }

    private sealed record Field(string Name, Kind Kind, bool Required, object? Default = null);

    private static readonly Dictionary<string, (StateBackendType Type, Field[] Fields, string Credentials)> Types = new(StringComparer.Ordinal)
    {
        ["local"] = (StateBackendType.Local, [], "nowhere: a local state needs none"),
        ["s3"] = (StateBackendType.S3,
        [
            new("bucket", Kind.Text, true), new("region", Kind.Text, true), new("key_prefix", Kind.Text, false, DefaultKeyPrefix),
            new("use_lockfile", Kind.Flag, false), new("dynamodb_table", Kind.Text, false), new("encrypt", Kind.Flag, false, true),
            new("kms_key_id", Kind.Text, false), new("profile", Kind.Text, false), new("role_arn", Kind.Text, false),
        ], "the AWS environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role assumed through OIDC"),
        ["azurerm"] = (StateBackendType.Azurerm,
        [
            new("resource_group_name", Kind.Text, true), new("storage_account_name", Kind.Text, true), new("container_name", Kind.Text, true),
            new("key_prefix", Kind.Text, false, DefaultKeyPrefix), new("subscription_id", Kind.Text, false), new("tenant_id", Kind.Text, false),
            new("use_azuread_auth", Kind.Flag, false), new("use_oidc", Kind.Flag, false),
        ], "the environment: ARM_CLIENT_ID with ARM_CLIENT_SECRET or ARM_USE_OIDC, ARM_ACCESS_KEY, or 'az login'"),
        ["gcs"] = (StateBackendType.Gcs,
        [
            new("bucket", Kind.Text, true), new("key_prefix", Kind.Text, false, DefaultKeyPrefix), new("impersonate_service_account", Kind.Text, false),
        ], "the environment: GOOGLE_CREDENTIALS or GOOGLE_APPLICATION_CREDENTIALS, or 'gcloud auth application-default login'"),
        ["remote"] = (StateBackendType.Remote,
        [
            new("organization", Kind.Text, true), new("hostname", Kind.Text, false), new("workspace_prefix", Kind.Text, false, DefaultWorkspacePrefix),
        ], "the environment: TF_TOKEN_app_terraform_io (TF_TOKEN_<host> for another host), or 'terraform login'"),
        ["cloud"] = (StateBackendType.Cloud,
        [
            new("organization", Kind.Text, true), new("hostname", Kind.Text, false), new("workspace_prefix", Kind.Text, false, DefaultWorkspacePrefix),
            new("project", Kind.Text, false),
        ], "the environment: TF_TOKEN_app_terraform_io (TF_TOKEN_<host> for another host), or 'terraform login'"),
    };

    // Backend arguments that carry a secret, compared without case and underscores (so accessKey is caught too).
    private static readonly HashSet<string> CredentialFields = new(StringComparer.Ordinal)
    {
        "accesskey", "secretkey", "token", "sessiontoken", "sastoken", "clientsecret", "clientcertificatepassword",
        "credentials", "accesstoken", "encryptionkey", "ssecustomerkey", "oidctoken", "oidcrequesttoken", "webidentitytoken",
        "password", "secret",
    };

    /// <summary>
    /// Reads the value of the context key <c>backend</c>. Every problem is added to <paramref name="problems"/>,
    /// naming <paramref name="source"/> and the field as <c>backend.&lt;field&gt;</c>; the result is then
    /// <see cref="Local"/> and must not be used.
    /// </summary>
    public static StateBackendSettings Parse(JsonElement value, string source, ProblemCollector problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return Local;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(source, null, ContextKey, $"must be an object such as {{ \"type\": \"s3\", \"bucket\": ..., \"region\": ... }}, found {value.GetRawText()}");
            return Local;
        }

        var known = string.Join(", ", Types.Keys);
        if (!value.TryGetProperty("type", out var typeValue))
        {
            problems.Add(source, null, $"{ContextKey}.type", $"is required; one of {known}");
            return Local;
        }

        if (typeValue.ValueKind != JsonValueKind.String || !Types.TryGetValue(typeValue.GetString()!, out var spec))
        {
            problems.Add(source, null, $"{ContextKey}.type", $"unknown backend type {typeValue.GetRawText()}; one of {known}");
            return Local;
        }

        var before = problems.Problems.Count;
        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        var typeName = typeValue.GetString()!;
        foreach (var property in value.EnumerateObject().Where(p => p.Name != "type"))
        {
            var path = $"{ContextKey}.{property.Name}";
            var field = spec.Fields.FirstOrDefault(f => f.Name == property.Name);
            if (CredentialFields.Contains(property.Name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant()))
            {
                problems.Add(source, null, path,
                    $"is a credential: settings are committed and copied into cdktf.out, so no secret belongs here; remove it. The {typeName} backend reads its credentials from {spec.Credentials}");
            }
            else if (field is null)
            {
                var allowed = spec.Fields.Length == 0 ? "none" : string.Join(", ", spec.Fields.Select(f => f.Name));
                problems.Add(source, null, path, $"unknown field for backend type {typeName}; allowed fields: {allowed}");
            }
            else if (field.Kind == Kind.Flag)
            {
                if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    fields[field.Name] = property.Value.GetBoolean();
                }
                else
                {
                    problems.Add(source, null, path, $"must be true or false, found {property.Value.GetRawText()}");
                }
            }
            else if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
            {
                problems.Add(source, null, path, $"must be a non-empty string, found {property.Value.GetRawText()}");
            }
            else
            {
                fields[field.Name] = property.Value.GetString()!.Trim();
            }
        }

        foreach (var field in spec.Fields.Where(f => !value.TryGetProperty(f.Name, out _)))
        {
            if (field.Required)
            {
                problems.Add(source, null, $"{ContextKey}.{field.Name}", $"is required for backend type {typeName}");
            }
            else if (field.Default is not null)
            {
                fields[field.Name] = field.Default;
            }
        }

        CheckPrefixes(fields, source, problems);
        if (spec.Type == StateBackendType.S3 && fields.GetValueOrDefault("use_lockfile") is not true && !fields.ContainsKey("dynamodb_table"))
        {
            problems.Add(source, null, $"{ContextKey}.use_lockfile",
                "the s3 backend needs a lock so that two runs never write the state at once: set \"use_lockfile\": true (S3 lock file, Terraform 1.10 and later) or name a \"dynamodb_table\"");
        }

        return problems.Problems.Count > before ? Local : new StateBackendSettings { Type = spec.Type, Fields = fields };
    }

    private static void CheckPrefixes(Dictionary<string, object> fields, string source, ProblemCollector problems)
    {
        if (fields.GetValueOrDefault("key_prefix") is string keyPrefix && !KeyPrefix().IsMatch(keyPrefix))
        {
            problems.Add(source, null, $"{ContextKey}.key_prefix",
                $"'{keyPrefix}' is not a key prefix: letters, digits, '.', '_', '-' in segments separated by single '/', without a leading or trailing '/'");
        }

        if (fields.GetValueOrDefault("workspace_prefix") is string workspacePrefix && !WorkspacePrefix().IsMatch(workspacePrefix))
        {
            problems.Add(source, null, $"{ContextKey}.workspace_prefix",
                $"'{workspacePrefix}' is not a workspace name prefix: letters, digits, '_' and '-' (the stack id is appended)");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex KeyPrefix();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex WorkspacePrefix();
}
