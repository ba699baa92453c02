using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Course;

/// <summary>
/// The roster's members by course group, as Terraform locals (<c>local.admin_members</c>: email to true), written once
/// and read by the memberships and by the grants that name each user.
/// </summary>
public sealed class RosterMembers
{
    private readonly Dictionary<string, TerraformLocal> _locals = new(StringComparer.Ordinal);

    /// <summary>Writes one local per roster group, filtered from the active roster.</summary>
    public RosterMembers(Construct scope, TerraformLocal activeRoster)
    {
        foreach (var group in RosterGroups.All)
        {
            var members = new TerraformLocal(scope, $"{group}Members",
                $"${{{{ for email, user in local.{activeRoster.FriendlyUniqueId} : email => true if contains(user.groups, \"{group}\") }}}}");
            members.OverrideLogicalId($"{group.TrimEnd('s')}_members");
            _locals[group] = members;
        }
    }

    /// <summary>The local of a roster group (<c>admins</c> or <c>students</c>).</summary>
    public TerraformLocal Of(string rosterGroup) => _locals[rosterGroup];
}

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
