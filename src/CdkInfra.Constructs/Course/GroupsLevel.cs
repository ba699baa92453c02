namespace CdkInfra.Course;

/// <summary>Where the course groups live.</summary>
public enum GroupsLevel
{
    /// <summary>
    /// Workspace-local groups, through the workspace provider; the default. They serve workspace permissions and
    /// entitlements only: Unity Catalog refuses them as grant principals and owners.
    /// </summary>
    Workspace,

    /// <summary>
    /// Account groups assigned to the workspace, which Unity Catalog can grant to. Created or adopted ones are managed
    /// through the account API (<see cref="CourseWorkspaceProps.AccountId"/>, account admin); existing ones may instead be
    /// groups a workspace admin created in the workspace admin settings (in an identity-federated workspace those are
    /// account groups), assigned through the workspace's own API, their members managed in the UI.
    /// </summary>
    Account,
}
