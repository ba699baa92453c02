using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>
/// A resource of the Databricks provider written from plain attributes (Terraform's names, as the JSON block holds
/// them), for a resource type whose generated class costs a synthesis more than the resource is worth. The provider
/// package's module for <c>databricks_job</c> (<c>@cdktf/provider-databricks/lib/job</c>) is 6 MB of JavaScript, its
/// nested blocks' classes included: Node parsed it for some 90 ms of an 8-user course's synthesis, and the binding's
/// <c>Job</c> and <c>JobConfig</c> (hundreds of members, each with a jsii attribute parsed from JSON) another 20 ms on
/// the .NET side. The block written is the one the generated class writes for the same values
/// (<c>CourseContentTests.The_smoke_job_block_is_the_one_the_generated_Job_class_writes</c> compares the two);
/// meta-arguments (<c>depends_on</c>, <c>lifecycle</c>) and references to the resource's attributes work as on any
/// resource.
/// </summary>
internal sealed class PlainResource : TerraformResource
{
    private readonly IDictionary<string, object> _attributes;

    /// <summary>A resource of <paramref name="resourceType"/> with <paramref name="attributes"/>: strings, numbers, maps and lists of them.</summary>
    public PlainResource(Construct scope, string id, string resourceType, IDictionary<string, object> attributes, ITerraformDependable[]? dependsOn = null)
        : base(scope, id, new TerraformResourceConfig
        {
            TerraformResourceType = resourceType,
            // What the generated classes name: CDKTF's synthesis checks that the stack configures a provider of that
            // name (cdktf/lib/validations/validate-provider-presence.js); only the name is read for a resource.
            TerraformGeneratorMetadata = new TerraformProviderGeneratorMetadata { ProviderName = "databricks" },
            DependsOn = dependsOn,
        })
    {
        _attributes = attributes;
    }

    /// <summary>The block's attributes, read by CDKTF when the stack synthesizes (a call from the jsii kernel).</summary>
    protected override IDictionary<string, object> SynthesizeAttributes() => _attributes;
}
