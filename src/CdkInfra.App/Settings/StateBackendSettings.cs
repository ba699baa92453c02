using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    // Each type's fields are the properties of its settings document (Terraform's argument names); the required ones
    // are listed here, since a document is bound one key at a time.
    private static readonly Dictionary<string, (StateBackendType Type, JsonTypeInfo Contract, string[] Required, string Credentials)> Types = new(StringComparer.Ordinal)
    {
        ["local"] = (StateBackendType.Local, SettingsJsonContext.Default.LocalBackendDocument, [], "nowhere: a local state needs none"),
        ["s3"] = (StateBackendType.S3, SettingsJsonContext.Default.S3BackendDocument, ["bucket", "region"],
            "the AWS environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role assumed through OIDC"),
        ["azurerm"] = (StateBackendType.Azurerm, SettingsJsonContext.Default.AzurermBackendDocument, ["resource_group_name", "storage_account_name", "container_name"],
            "the environment: ARM_CLIENT_ID with ARM_CLIENT_SECRET or ARM_USE_OIDC, ARM_ACCESS_KEY, or 'az login'"),
        ["gcs"] = (StateBackendType.Gcs, SettingsJsonContext.Default.GcsBackendDocument, ["bucket"],
            "the environment: GOOGLE_CREDENTIALS or GOOGLE_APPLICATION_CREDENTIALS, or 'gcloud auth application-default login'"),
        ["remote"] = (StateBackendType.Remote, SettingsJsonContext.Default.RemoteBackendDocument, ["organization"],
            "the environment: TF_TOKEN_app_terraform_io (TF_TOKEN_<host> for another host), or 'terraform login'"),
        ["cloud"] = (StateBackendType.Cloud, SettingsJsonContext.Default.CloudBackendDocument, ["organization"],
            "the environment: TF_TOKEN_app_terraform_io (TF_TOKEN_<host> for another host), or 'terraform login'"),
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
    public static StateBackendSettings Parse(JsonElement value, string source, SettingsProblems problems)
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
        var typeName = typeValue.GetString()!;
        var entries = new List<SettingsBinder.Entry>();
        foreach (var property in value.EnumerateObject().Where(p => p.Name != "type"))
        {
            if (CredentialFields.Contains(property.Name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant()))
            {
                problems.Add(source, null, $"{ContextKey}.{property.Name}",
                    $"is a credential: settings are committed and copied into cdktf.out, so no secret belongs here; remove it. The {typeName} backend reads its credentials from {spec.Credentials}");
            }
            else
            {
                entries.Add(new SettingsBinder.Entry(property.Name, property.Value, source));
            }
        }

        var allowed = spec.Contract.Properties.Count == 0 ? "none" : string.Join(", ", spec.Contract.Properties.Select(p => p.Name));
        var document = SettingsBinder.Bind(spec.Contract, entries, $"{ContextKey}.", problems,
            unknownKey: _ => $"unknown field for backend type {typeName}; allowed fields: {allowed}");
        foreach (var field in spec.Required.Where(f => !value.TryGetProperty(f, out _)))
        {
            problems.Add(source, null, $"{ContextKey}.{field}", $"is required for backend type {typeName}");
        }

        // The fields given, and the defaults of those that were not.
        var fields = spec.Contract.Properties.Select(p => (p.Name, Value: p.Get!(document)))
            .Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!, StringComparer.Ordinal);
        CheckPrefixes(fields, source, problems);
        if (spec.Type == StateBackendType.S3 && fields.GetValueOrDefault("use_lockfile") is not true && !fields.ContainsKey("dynamodb_table"))
        {
            problems.Add(source, null, $"{ContextKey}.use_lockfile",
                "the s3 backend needs a lock so that two runs never write the state at once: set \"use_lockfile\": true (S3 lock file, Terraform 1.10 and later) or name a \"dynamodb_table\"");
        }

        return problems.Problems.Count > before ? Local : new StateBackendSettings { Type = spec.Type, Fields = fields };
    }

    private static void CheckPrefixes(Dictionary<string, object> fields, string source, SettingsProblems problems)
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
