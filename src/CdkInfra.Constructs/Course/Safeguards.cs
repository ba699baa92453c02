namespace CdkInfra.Course;

/// <summary>Which part of the course workspace one <see cref="CourseWorkspace"/> builds.</summary>
public enum CourseWorkspacePart
{
    /// <summary>Everything, in one stack: the layout of an unsplit roster.</summary>
    All,

    /// <summary>What every cohort shares: groups, catalogs, shared schemas, student access, course content.</summary>
    Base,

    /// <summary>One cohort's users, memberships, personal schemas and their grants.</summary>
    Cohort,

    /// <summary>The authoritative grants on the shared securables (catalogs, shared schemas, the datasets volume), naming every cohort's people.</summary>
    Access,
}

/// <summary>Which catalogs and schemas Terraform may destroy or replace (a rename is a replace). Context key <c>allowDestroy</c>.</summary>
public enum DestroyScope
{
    /// <summary><c>"none"</c>, the default: every catalog and schema is protected with <c>prevent_destroy</c>.</summary>
    None,

    /// <summary><c>"personal-schemas"</c>: personal schemas may be dropped (a user removed from the roster); the rest stays protected.</summary>
    PersonalSchemas,

    /// <summary><c>"all"</c>: nothing is protected; for tearing a course down.</summary>
    All,
}

/// <summary>Kinds of object that <see cref="CourseWorkspaceProps.AdoptExisting"/> adopts with <c>import</c> blocks.</summary>
public enum AdoptKind
{
    /// <summary><c>"catalogs"</c>: the reference catalogs and the course catalog.</summary>
    Catalogs,

    /// <summary><c>"schemas"</c>: reference, shared and personal schemas.</summary>
    Schemas,

    /// <summary><c>"groups"</c>: the two course groups (both must exist).</summary>
    Groups,

    /// <summary><c>"users"</c>: the roster's active users.</summary>
    Users,
}

/// <summary>Where the course groups live. Context key <c>groupsLevel</c>.</summary>
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

/// <summary>Whom the Unity Catalog grants and owners name. Context key <c>principals</c>.</summary>
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

/// <summary>The setting values of the enums above, as <c>cdktf.json</c> spells them.</summary>
public static class SettingValues
{
    /// <summary>Setting value to level.</summary>
    public static readonly IReadOnlyDictionary<string, GroupsLevel> Levels = new Dictionary<string, GroupsLevel>(StringComparer.Ordinal)
    {
        ["workspace"] = GroupsLevel.Workspace,
        ["account"] = GroupsLevel.Account,
        ["account-existing"] = GroupsLevel.AccountExisting,
        ["account-ui"] = GroupsLevel.AccountUi,
    };

    /// <summary>Setting value to student compute.</summary>
    public static readonly IReadOnlyDictionary<string, StudentCompute> StudentComputes = new Dictionary<string, StudentCompute>(StringComparer.Ordinal)
    {
        ["serverless"] = StudentCompute.Serverless,
        ["policy"] = StudentCompute.Policy,
        ["shared"] = StudentCompute.Shared,
    };

    /// <summary>Setting value to principal mode.</summary>
    public static readonly IReadOnlyDictionary<string, PrincipalMode> PrincipalModes = new Dictionary<string, PrincipalMode>(StringComparer.Ordinal)
    {
        ["users"] = PrincipalMode.Users,
        ["groups"] = PrincipalMode.Groups,
    };

    /// <summary>Setting value to destroy scope.</summary>
    public static readonly IReadOnlyDictionary<string, DestroyScope> DestroyScopes = new Dictionary<string, DestroyScope>(StringComparer.Ordinal)
    {
        ["none"] = DestroyScope.None,
        ["personal-schemas"] = DestroyScope.PersonalSchemas,
        ["all"] = DestroyScope.All,
    };

    /// <summary>Setting value to adoptable kind.</summary>
    public static readonly IReadOnlyDictionary<string, AdoptKind> AdoptKinds = new Dictionary<string, AdoptKind>(StringComparer.Ordinal)
    {
        ["catalogs"] = AdoptKind.Catalogs,
        ["schemas"] = AdoptKind.Schemas,
        ["groups"] = AdoptKind.Groups,
        ["users"] = AdoptKind.Users,
    };

    /// <summary>The setting value of a level.</summary>
    public static string Name(GroupsLevel level) => Levels.First(l => l.Value == level).Key;

    /// <summary>The setting value of a student compute.</summary>
    public static string Name(StudentCompute compute) => StudentComputes.First(c => c.Value == compute).Key;

    /// <summary>The setting value of a principal mode.</summary>
    public static string Name(PrincipalMode mode) => PrincipalModes.First(m => m.Value == mode).Key;
}
