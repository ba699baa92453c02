using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>One Terraform <c>import</c> block (Terraform 1.5; with <c>for_each</c>, 1.7).</summary>
/// <param name="To">The target address, e.g. <c>databricks_schema.personal_schemas[each.key]</c>.</param>
/// <param name="Id">The import id: literal text with <c>${...}</c> references.</param>
/// <param name="ForEach">A <c>for_each</c> expression (<c>${...}</c>), or null for a single import.</param>
/// <param name="Provider">The provider reference (<c>databricks.account</c>), or null for the default provider.</param>
internal sealed record ImportBlock(string To, string Id, string? ForEach = null, string? Provider = null);

/// <summary>
/// Top-level <c>import</c> blocks. CDKTF's own <c>ImportFrom</c> targets a resource without an instance key, which
/// cannot address a <c>for_each</c> instance, so the blocks are written as their own element, in both JSON and HCL output.
/// </summary>
internal sealed class ImportBlocks : TerraformElement
{
    private readonly IReadOnlyList<ImportBlock> _blocks;

    public ImportBlocks(Construct scope, string id, IReadOnlyList<ImportBlock> blocks)
        : base(scope, id)
    {
        _blocks = blocks;
    }

    public override object ToTerraform() => new Dictionary<string, object> { ["import"] = Render() };

    public override object ToHclTerraform() => ToTerraform();

    public override object ToMetadata() => new Dictionary<string, object>();

    private object[] Render() => _blocks.Select(b =>
    {
        var block = new Dictionary<string, object>(StringComparer.Ordinal) { ["to"] = b.To, ["id"] = b.Id };
        if (b.ForEach is not null)
        {
            block["for_each"] = b.ForEach;
        }

        if (b.Provider is not null)
        {
            block["provider"] = b.Provider;
        }

        return (object)block;
    }).ToArray();
}
