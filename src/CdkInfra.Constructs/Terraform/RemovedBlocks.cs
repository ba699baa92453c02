using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>
/// Terraform <c>removed</c> blocks (Terraform 1.7 or later) with <c>destroy = false</c>: each named resource leaves
/// this stack's state without being destroyed, so another stack can adopt it. A block whose resource is not in the state
/// does nothing. CDKTF 0.21 has no construct for them, so the element writes the block itself.
/// </summary>
internal sealed class RemovedBlocks : TerraformElement
{
    private readonly IReadOnlyList<string> _addresses;

    /// <summary>One block per resource address (<c>databricks_user.users</c>; Terraform takes whole resources, not instances).</summary>
    public RemovedBlocks(Construct scope, string id, IReadOnlyList<string> addresses)
        : base(scope, id)
    {
        _addresses = addresses;
    }

    /// <inheritdoc />
    public override object ToTerraform() => new Dictionary<string, object>
    {
        ["removed"] = _addresses.Select(a => (object)new Dictionary<string, object>
        {
            ["from"] = a,
            ["lifecycle"] = new Dictionary<string, object> { ["destroy"] = false },
        }).ToArray(),
    };

    /// <inheritdoc />
    public override object ToHclTerraform() => ToTerraform();

    /// <inheritdoc />
    public override object ToMetadata() => new Dictionary<string, object>();
}
