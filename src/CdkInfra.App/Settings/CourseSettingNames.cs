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

    /// <summary>Property name to context key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(CourseWorkspaceProps.AdminsGroupName)] = "adminsGroup",
        [nameof(CourseWorkspaceProps.StudentsGroupName)] = "studentsGroup",
        [nameof(CourseWorkspaceProps.SuperAdmins)] = "superAdmins",
        [nameof(CourseWorkspaceProps.ReferenceCatalogs)] = "referenceCatalogs",
        [nameof(CourseWorkspaceProps.CourseCatalogName)] = "courseCatalog",
        [nameof(CourseWorkspaceProps.CourseSharedSchemas)] = "courseSharedSchemas",
        [nameof(CourseWorkspaceProps.StudentsReadPeerSchemas)] = "studentsReadPeerSchemas",
        [nameof(CourseWorkspaceProps.CreateUsers)] = "createUsers",
        [nameof(CourseWorkspaceProps.CreateGroups)] = "createGroups",
        [nameof(CourseWorkspaceProps.CreateCatalogs)] = "createCatalogs",
        [nameof(CourseWorkspaceProps.CreateSchemas)] = "createSchemas",
        [nameof(CourseWorkspaceProps.AllowDestroy)] = "allowDestroy",
        [nameof(CourseWorkspaceProps.AdoptExisting)] = "adoptExisting",
        [nameof(CourseWorkspaceProps.GroupsLevel)] = "groupsLevel",
        [nameof(CourseWorkspaceProps.Principals)] = "principals",
        [nameof(CourseWorkspaceProps.PersonalSchemaOwner)] = "personalSchemaOwner",
        [nameof(CourseWorkspaceProps.ManageDisplayNames)] = "manageDisplayNames",
        [nameof(CourseWorkspaceProps.CohortSize)] = "cohortSize",
        [nameof(CourseWorkspaceProps.StudentCompute)] = "studentCompute",
        [nameof(CourseWorkspaceProps.StudentWarehouse)] = "studentWarehouse",
        [nameof(CourseWorkspaceProps.StudentAutoterminationMinutes)] = "studentAutoterminationMinutes",
        [nameof(CourseWorkspaceProps.StudentMaxDbusPerHour)] = "studentMaxDbusPerHour",
        [nameof(CourseWorkspaceProps.StudentNodeTypes)] = "studentNodeTypes",
        [nameof(CourseWorkspaceProps.CourseSecretScope)] = "courseSecretScope",
        [nameof(CourseWorkspaceProps.AccountId)] = "databricksAccountId",
        [nameof(CourseWorkspaceProps.AccountHost)] = "databricksAccountHost",
        [nameof(CourseWorkspaceProps.AccountProfile)] = "databricksAccountProfile",
        [nameof(CourseWorkspaceProps.WorkspaceId)] = "databricksWorkspaceId",
        [nameof(CourseWorkspaceProps.CourseWorkspaceFolder)] = "courseWorkspaceFolder",
        [nameof(CourseWorkspaceProps.CourseDatasetsSchema)] = "courseDatasetsSchema",
        [nameof(CourseWorkspaceProps.CourseDatasetsVolume)] = "courseDatasetsVolume",
        [nameof(CourseWorkspaceProps.CourseFolderPermissions)] = "courseFolderPermissions",
        [nameof(CourseWorkspaceProps.CourseSmokeJob)] = "courseSmokeJob",
    };

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
