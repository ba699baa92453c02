using CdkInfra.Settings;
using HashiCorp.Cdktf;

namespace CdkInfra.App.Stacks;

/// <summary>Turns the <c>backend</c> setting into the CDKTF backend of one stack; every stack gets its own state.</summary>
internal static class StateBackends
{
    public static TerraformBackend Add(TerraformStack stack, string stackId, StateBackendSettings backend) => backend.Type switch
    {
        // Terraform runs in cdktf.out/stacks/<stack>; this relative path puts the state at the project root, beside
        // cdktf.json, and keeps machine paths out of the output (CDKTF's default would be an absolute path).
        StateBackendType.Local => new LocalBackend(stack, new LocalBackendConfig { Path = $"../../../terraform.{stackId}.tfstate" }),
        StateBackendType.S3 => S3(stack, stackId, backend),
        StateBackendType.Azurerm => new AzurermBackend(stack, new AzurermBackendConfig
        {
            ResourceGroupName = backend.String("resource_group_name"),
            StorageAccountName = backend.String("storage_account_name")!,
            ContainerName = backend.String("container_name")!,
            Key = backend.StateKey(stackId),
            SubscriptionId = backend.String("subscription_id"),
            TenantId = backend.String("tenant_id"),
            UseAzureadAuth = backend.Bool("use_azuread_auth"),
            UseOidc = backend.Bool("use_oidc"),
        }),
        // The gcs backend stores <prefix>/<workspace>.tfstate, so the stack id is the last folder of the prefix.
        StateBackendType.Gcs => new GcsBackend(stack, new GcsBackendConfig
        {
            Bucket = backend.String("bucket")!,
            Prefix = $"{backend.String("key_prefix")}/{stackId}",
            ImpersonateServiceAccount = backend.String("impersonate_service_account"),
        }),
        StateBackendType.Remote => new RemoteBackend(stack, new RemoteBackendConfig
        {
            Organization = backend.String("organization")!,
            Hostname = backend.String("hostname"),
            Workspaces = new NamedRemoteWorkspace(backend.WorkspaceName(stackId)),
        }),
        StateBackendType.Cloud => new CloudBackend(stack, new CloudBackendConfig
        {
            Organization = backend.String("organization")!,
            Hostname = backend.String("hostname"),
            Workspaces = new NamedCloudWorkspace(backend.WorkspaceName(stackId), backend.String("project")),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend.Type, "unknown backend type"),
    };

    private static S3Backend S3(TerraformStack stack, string stackId, StateBackendSettings backend)
    {
        var s3 = new S3Backend(stack, new S3BackendConfig
        {
            Bucket = backend.String("bucket")!,
            Key = backend.StateKey(stackId),
            Region = backend.String("region"),
            Encrypt = backend.Bool("encrypt"),
            KmsKeyId = backend.String("kms_key_id"),
            DynamodbTable = backend.String("dynamodb_table"),
            Profile = backend.String("profile"),
            AssumeRole = backend.String("role_arn") is { } roleArn ? new S3BackendAssumeRoleConfig { RoleArn = roleArn } : null,
        });

        // CDKTF 0.21 predates S3's native locking (Terraform 1.10), so its config has no field for it.
        if (backend.Bool("use_lockfile") is { } useLockfile)
        {
            s3.AddOverride("use_lockfile", useLockfile);
        }

        return s3;
    }
}
