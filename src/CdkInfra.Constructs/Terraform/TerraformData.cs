using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>
/// Terraform's built-in <c>terraform_data</c> resource, for an instance that only orders others (<c>depends_on</c>) or
/// checks a condition (<c>lifecycle</c>). CDKTF's own class for it (<c>DataResource</c>) adds a validation to every
/// instance that runs <c>terraform version</c> through a shell when the app synthesizes
/// (<c>cdktf/lib/terraform-data-resource.js</c>, its constructor; <c>cdktf/lib/validations/validate-binary-version.js</c>):
/// synthesis then failed where Terraform is not on the PATH, and started one shell and one Terraform per instance
/// (3 for the shipped roster, 30 for 1,000 users in cohorts of 100). The stacks need a Terraform far newer than that
/// check's 1.4 anyway (<c>removed</c> blocks: 1.7), which Terraform itself reports where it runs. The block written is
/// the one <c>DataResource</c> writes without <c>input</c> and <c>triggers_replace</c>.
/// </summary>
internal static class TerraformData
{
    /// <summary>The resource type, built into Terraform (no provider).</summary>
    public const string ResourceType = "terraform_data";

    /// <summary>A <c>terraform_data</c> instance that waits for <paramref name="dependsOn"/> and checks <paramref name="lifecycle"/>.</summary>
    public static TerraformResource Create(Construct scope, string id, ITerraformDependable[]? dependsOn = null, TerraformResourceLifecycle? lifecycle = null) =>
        new(scope, id, new TerraformResourceConfig
        {
            TerraformResourceType = ResourceType,
            // What DataResource names: the validation that every provider used is configured skips "terraform".
            TerraformGeneratorMetadata = new TerraformProviderGeneratorMetadata { ProviderName = "terraform" },
            DependsOn = dependsOn,
            Lifecycle = lifecycle,
        });
}
