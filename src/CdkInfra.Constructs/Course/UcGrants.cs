using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Course;

/// <summary>The pieces of a dynamic <c>grant</c> block over a map built in Terraform (see <see cref="SecurableGrants"/>).</summary>
internal static class UcGrants
{
    /// <summary>A dynamic <c>grant</c> block over a map expression (principal to privileges).</summary>
    public static object Dynamic(string mapExpression)
    {
        var iterator = TerraformIterator.FromMap(Token.AsAnyMap(mapExpression));
        return iterator.Dynamic(new Dictionary<string, object>
        {
            // CDKTF names the block's iterator "each": inside the content each.key is the principal.
            ["principal"] = iterator.Key,
            ["privileges"] = iterator.Value,
        });
    }

    /// <summary>A privilege list as a Terraform tuple (privilege names are constants of <see cref="Privilege"/>).</summary>
    public static string PrivilegeList(IEnumerable<string> privileges) => "[" + string.Join(", ", privileges.Select(p => $"\"{p}\"")) + "]";
}
