using CdkInfra.CodingAssistants;
using CdkInfra.Course;

namespace CdkInfra.Settings;

/// <summary>The <c>groupsLevel</c> setting: where the groups live and, for account groups, how they exist.</summary>
public enum GroupsLevelSetting
{
    Workspace,
    Account,
    AccountExisting,
    AccountUi,
}

/// <summary>A kind of object the <c>adoptExisting</c> setting names.</summary>
public enum AdoptSetting
{
    Catalogs,
    Schemas,
    Groups,
    Users,
    SecretScope,
}

/// <summary>
/// How <c>cdktf.json</c> spells every enum value of the settings, in one place: the converters read them, and messages
/// (<see cref="CourseSettingNames"/>, the coding-assistants names) write them.
/// </summary>
internal static class SettingValues
{
    public static readonly IReadOnlyDictionary<string, GroupsLevelSetting> Levels = new Dictionary<string, GroupsLevelSetting>(StringComparer.Ordinal)
    {
        ["workspace"] = GroupsLevelSetting.Workspace,
        ["account"] = GroupsLevelSetting.Account,
        ["account-existing"] = GroupsLevelSetting.AccountExisting,
        ["account-ui"] = GroupsLevelSetting.AccountUi,
    };

    public static readonly IReadOnlyDictionary<string, StudentCompute> StudentComputes = new Dictionary<string, StudentCompute>(StringComparer.Ordinal)
    {
        ["serverless"] = StudentCompute.Serverless,
        ["policy"] = StudentCompute.Policy,
        ["shared"] = StudentCompute.Shared,
    };

    public static readonly IReadOnlyDictionary<string, PrincipalMode> PrincipalModes = new Dictionary<string, PrincipalMode>(StringComparer.Ordinal)
    {
        ["users"] = PrincipalMode.Users,
        ["groups"] = PrincipalMode.Groups,
    };

    public static readonly IReadOnlyDictionary<string, DestroyScope> DestroyScopes = new Dictionary<string, DestroyScope>(StringComparer.Ordinal)
    {
        ["none"] = DestroyScope.None,
        ["personal-schemas"] = DestroyScope.PersonalSchemas,
        ["all"] = DestroyScope.All,
    };

    public static readonly IReadOnlyDictionary<string, AdoptSetting> AdoptKinds = new Dictionary<string, AdoptSetting>(StringComparer.Ordinal)
    {
        ["catalogs"] = AdoptSetting.Catalogs,
        ["schemas"] = AdoptSetting.Schemas,
        ["groups"] = AdoptSetting.Groups,
        ["users"] = AdoptSetting.Users,
        ["secret-scope"] = AdoptSetting.SecretScope,
    };

    public static readonly IReadOnlyDictionary<string, ClusterMode> ClusterModes = new Dictionary<string, ClusterMode>(StringComparer.Ordinal)
    {
        ["SINGLE_NODE"] = ClusterMode.SingleNode,
        ["STANDARD"] = ClusterMode.Standard,
    };

    public static readonly IReadOnlyDictionary<string, Provisioning> ProvisioningModes = new Dictionary<string, Provisioning>(StringComparer.Ordinal)
    {
        ["clusters"] = Provisioning.Clusters,
        ["policy"] = Provisioning.Policy,
    };

    /// <summary>The settings spelling of <paramref name="value"/>; an enum of the settings that has none is a bug.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value switch
        {
            GroupsLevelSetting level => Spelling(Levels, level),
            GroupsLevel level => level == GroupsLevel.Workspace ? "workspace" : "account",
            StudentCompute compute => Spelling(StudentComputes, compute),
            PrincipalMode mode => Spelling(PrincipalModes, mode),
            DestroyScope scope => Spelling(DestroyScopes, scope),
            AdoptSetting kind => Spelling(AdoptKinds, kind),
            ClusterMode mode => Spelling(ClusterModes, mode),
            Provisioning provisioning => Spelling(ProvisioningModes, provisioning),
            _ => value.ToString(),
        };

    private static string Spelling<T>(IReadOnlyDictionary<string, T> values, T value) => values.First(v => EqualityComparer<T>.Default.Equals(v.Value, value)).Key;
}
