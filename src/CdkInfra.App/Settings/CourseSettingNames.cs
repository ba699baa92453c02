using CdkInfra.Course;
using CdkInfra.Validation;

namespace CdkInfra.Settings;

/// <summary>
/// The <c>cdktf.json</c> context keys of the course settings, by the <see cref="CourseWorkspaceProps"/> property each
/// sets, and the settings' spelling of the course enums (<see cref="SettingValues"/>): the settings layer reads each key
/// into its property, and the props' validator, which names C# properties, reports its problems under these keys.
/// </summary>
internal sealed class CourseSettingNames : FieldNames
{
    public static CourseSettingNames Instance { get; } = new();

    /// <summary>Property name to context key: the settings document's properties named like a props property.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = SettingsBinder.KeysOfProps<ContextDocument, CourseWorkspaceProps>(SettingsJsonContext.Default.ContextDocument);

    // The cohort is set by the app per stack, not read from the settings: it is named as the roster names it.
    public override string Property(string propertyName) =>
        Keys.TryGetValue(propertyName, out var key) ? key : propertyName == nameof(CourseWorkspaceProps.Cohort) ? "cohort" : propertyName;

    // Quoted, as the value is written in the JSON of the settings.
    public override string Value<TEnum>(TEnum value) => "\"" + Spelling(value) + "\"";

    private static string Spelling<TEnum>(TEnum value)
        where TEnum : struct, Enum => value switch
        {
            GroupsLevel level => SettingValues.Name(level),
            StudentCompute compute => SettingValues.Name(compute),
            PrincipalMode mode => SettingValues.Name(mode),
            DestroyScope scope => SettingValues.DestroyScopes.First(s => s.Value == scope).Key,
            AdoptKind kind => SettingValues.AdoptKinds.First(k => k.Value == kind).Key,
            _ => value.ToString(),
        };
}
