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

/// <summary>
/// Grant blocks for a <c>databricks_grants</c> resource from policy entries. Entries that name one principal become
/// plain blocks; when some entry stands for each roster user of a group, the blocks become one dynamic block over a
/// map built in Terraform (principal to privileges), so synthesis stays constant while the grant list follows the
/// roster. <c>merge()</c> keeps one entry per principal (a later argument wins): students first, then admins, then the
/// named principals, all of whom hold ALL_PRIVILEGES, so a person in two roles gets the stronger row, listed once.
/// </summary>
internal static class UcGrants
{
    /// <summary>The value of <c>GrantsConfig.Grant</c> for <paramref name="entries"/>.</summary>
    /// <param name="scope">Where the local of the named principals is written.</param>
    /// <param name="localName">The local's Terraform name (<c>reference_catalog_grants</c>).</param>
    /// <param name="entries">The policy's entries for the securable.</param>
    /// <param name="members">The roster members by group.</param>
    public static object Blocks(Construct scope, string localName, IReadOnlyList<GrantEntry> entries, RosterMembers members)
    {
        if (!entries.Any(e => e.IsPerUser))
        {
            return GrantBlocks.From(entries);
        }

        return Dynamic(MapExpression(scope, localName, entries, members));
    }

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

    /// <summary>
    /// <c>${merge(...)}</c>: the per-user entries (students, then admins), the deploying identity, the principals named
    /// in the settings (one local, written once), then <paramref name="lastPart"/> (an object expression), later winning.
    /// </summary>
    public static string MapExpression(Construct scope, string localName, IReadOnlyList<GrantEntry> entries, RosterMembers members, string? lastPart = null)
    {
        var parts = new List<string>();
        foreach (var group in new[] { RosterGroups.Students, RosterGroups.Admins })
        {
            foreach (var entry in entries.Where(e => e.RosterGroup == group))
            {
                parts.Add($"{{ for p in keys(local.{members.Of(group).FriendlyUniqueId}) : p => {PrivilegeList(entry.Privileges)} }}");
            }
        }

        foreach (var entry in entries.Where(e => e.Principal == AccessPolicy.DeployingIdentity))
        {
            parts.Add($"{{ for p in [{AccessPolicy.DeployingIdentity[2..^1]}] : p => {PrivilegeList(entry.Privileges)} }}");
        }

        var named = entries.Where(e => !e.IsPerUser && e.Principal != AccessPolicy.DeployingIdentity).ToList();
        if (named.Count > 0)
        {
            var local = new TerraformLocal(scope, localName, named.ToDictionary(
                e => TerraformText.Literal(e.Principal), e => (object)e.Privileges.ToArray(), StringComparer.Ordinal));
            local.OverrideLogicalId(localName);
            parts.Add($"local.{local.FriendlyUniqueId}");
        }

        if (lastPart is not null)
        {
            parts.Add(lastPart);
        }

        return $"${{merge({string.Join(", ", parts)})}}";
    }

    /// <summary>A privilege list as a Terraform tuple (privilege names are constants of <see cref="Privilege"/>).</summary>
    public static string PrivilegeList(IEnumerable<string> privileges) => "[" + string.Join(", ", privileges.Select(p => $"\"{p}\"")) + "]";
}
