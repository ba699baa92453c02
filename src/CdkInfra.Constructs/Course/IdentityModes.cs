namespace CdkInfra.Course;

/// <summary>Where the course groups live.</summary>
public enum GroupsLevel
{
    /// <summary>
    /// <c>"workspace"</c>, the default: workspace-local groups through the workspace provider (the seed's behaviour).
    /// They serve workspace permissions and entitlements only: Unity Catalog refuses them as grant principals and owners.
    /// </summary>
    Workspace,

    /// <summary><c>"account"</c>: groups created at account level and assigned to the workspace; Unity Catalog can grant to them.</summary>
    Account,

    /// <summary><c>"account-existing"</c>: existing account groups, referenced by name and assigned to the workspace.</summary>
    AccountExisting,

    /// <summary>
    /// <c>"account-ui"</c>: account groups a workspace admin created in the workspace admin settings (in an
    /// identity-federated workspace those are account groups), referenced by name through the workspace provider and
    /// assigned with <c>databricks_permission_assignment</c>; their members are managed in the UI, not here. Needs no
    /// account admin.
    /// </summary>
    AccountUi,
}

/// <summary>Whom the Unity Catalog grants and owners name.</summary>
public enum PrincipalMode
{
    /// <summary>
    /// <c>"users"</c>: roster users (by lower-case email) and super admins, never a group; the default with
    /// workspace-level groups. Applies with workspace-admin rights only (Free Edition, Premium without account admin).
    /// </summary>
    Users,

    /// <summary><c>"groups"</c>: the two course groups, which must then be account groups (any account <see cref="GroupsLevel"/>).</summary>
    Groups,
}
