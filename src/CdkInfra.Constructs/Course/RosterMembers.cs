using CdkInfra.Roster;
using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.Course;

/// <summary>
/// The roster's members by course group, as Terraform locals (<c>local.admin_members</c>: email to true), written once
/// and read by the memberships and by the grants that name each user.
/// </summary>
internal sealed class RosterMembers
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
