namespace CdkInfra.Policy;

/// <summary>One grant entry: a principal and its privileges on a securable.</summary>
/// <param name="Principal">
/// A user name (lower-case email), a group display name, or a service principal's application id; for an entry with a
/// <paramref name="RosterGroup"/>, the display name of the course group whose roster members it stands for.
/// </param>
/// <param name="Privileges">Privilege names, see <see cref="Privilege"/>.</param>
/// <param name="RosterGroup">
/// When set (<c>admins</c> or <c>students</c>), the entry is granted to each active roster user of that group, one
/// grant per user, instead of to a group: how the policy reads with <see cref="Course.PrincipalMode.Users"/>.
/// </param>
internal sealed record GrantEntry(string Principal, IReadOnlyList<string> Privileges, string? RosterGroup = null)
{
    /// <summary>True when the entry names each roster member of a group rather than one principal.</summary>
    public bool IsPerUser => RosterGroup is not null;
}
