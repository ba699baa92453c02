using CdkInfra.Policy;
using HashiCorp.Cdktf.Providers.Databricks.Grants;

namespace CdkInfra.Terraform;

/// <summary>Turns policy grant entries into the provider's grant blocks.</summary>
internal static class GrantBlocks
{
    public static GrantsGrant[] From(IReadOnlyList<GrantEntry> entries) =>
        entries.Select(e => new GrantsGrant { Principal = TerraformText.Literal(e.Principal), Privileges = e.Privileges.ToArray() }).ToArray();
}
