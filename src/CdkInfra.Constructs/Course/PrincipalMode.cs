namespace CdkInfra.Course;

/// <summary>Whom the Unity Catalog grants and owners name.</summary>
public enum PrincipalMode
{
    /// <summary>
    /// Roster users (by lower-case email) and super admins, never a group; the default with workspace-level groups.
    /// Applies with workspace-admin rights only (Free Edition, Premium without account admin).
    /// </summary>
    Users,

    /// <summary>The two course groups, which must then be account groups (<see cref="GroupsLevel.Account"/>).</summary>
    Groups,
}
