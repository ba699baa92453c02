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
    public static readonly IReadOnlyDictionary<string, string> Keys = WithSources(SettingsBinder.KeysOfProps<ContextDocument, CourseWorkspaceProps>(SettingsJsonContext.Default.ContextDocument));

    // Where each kind of object comes from is set by its createX key together with adoptExisting.
    private static Dictionary<string, string> WithSources(IReadOnlyDictionary<string, string> keys) => new(keys, StringComparer.Ordinal)
    {
        [nameof(CourseWorkspaceProps.UserSource)] = "createUsers",
        [nameof(CourseWorkspaceProps.GroupSource)] = "createGroups",
        [nameof(CourseWorkspaceProps.CatalogSource)] = "createCatalogs",
        [nameof(CourseWorkspaceProps.SchemaSource)] = "createSchemas",
        [nameof(CourseWorkspaceProps.SecretScopeSource)] = "adoptExisting",
    };

    // The cohort is set by the app per stack, not read from the settings: it is named as the roster names it.
    public override string Property(string propertyName) =>
        Keys.TryGetValue(propertyName, out var key) ? key : propertyName == "cohort" ? "cohort" : propertyName;

    // Quoted, as the value is written in the JSON of the settings.
    public override string Value<TEnum>(TEnum value) => "\"" + SettingValues.Name(value) + "\"";
}
