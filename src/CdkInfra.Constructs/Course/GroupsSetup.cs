namespace CdkInfra.Course;

/// <summary>How the course groups are set up, from their level, their source and the account connection.</summary>
internal enum GroupsSetup
{
    /// <summary>Workspace-local groups, created, adopted or referenced through the workspace provider.</summary>
    Workspace,

    /// <summary>Account groups created (or adopted) through the account API and assigned to the workspace there.</summary>
    Account,

    /// <summary>Existing account groups referenced through the account API and assigned to the workspace there.</summary>
    AccountExisting,

    /// <summary>
    /// Existing account groups referenced through the workspace provider and assigned with
    /// <c>databricks_permission_assignment</c>; their members are managed in the UI. Needs no account admin.
    /// </summary>
    AccountUi,
}
