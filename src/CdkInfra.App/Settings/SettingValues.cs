namespace CdkInfra.Course;

/// <summary>The setting values of the course enums (<see cref="GroupsLevel"/>, <see cref="StudentCompute"/>, <see cref="PrincipalMode"/>, <see cref="DestroyScope"/>, <see cref="AdoptKind"/>), as <c>cdktf.json</c> spells them.</summary>
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
        ["secret-scope"] = AdoptKind.SecretScope,
    };

    /// <summary>The setting value of a level.</summary>
    public static string Name(GroupsLevel level) => Levels.First(l => l.Value == level).Key;

    /// <summary>The setting value of a student compute.</summary>
    public static string Name(StudentCompute compute) => StudentComputes.First(c => c.Value == compute).Key;

    /// <summary>The setting value of a principal mode.</summary>
    public static string Name(PrincipalMode mode) => PrincipalModes.First(m => m.Value == mode).Key;
}
