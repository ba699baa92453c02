using CdkInfra.Course.Content;
using CdkInfra.Naming;
using CdkInfra.Roster;
using CdkInfra.Validation;

namespace CdkInfra.Course;

/// <summary>
/// Inputs of <see cref="CourseWorkspace"/>. Every default is written here, once; the app's settings (the context
/// keys named on each property) override them.
/// </summary>
public sealed record CourseWorkspaceProps
{
    /// <summary>The people of the course. Required.</summary>
    public required CourseRoster Roster { get; init; }

    /// <summary>Display name of the admins group (roster value <c>admins</c>). Default: <c>platform_admins</c>. Context key <c>adminsGroup</c>.</summary>
    public string AdminsGroupName { get; init; } = "platform_admins";

    /// <summary>Display name of the students group (roster value <c>students</c>). Default: <c>platform_students</c>. Context key <c>studentsGroup</c>.</summary>
    public string StudentsGroupName { get; init; } = "platform_students";

    /// <summary>
    /// Principals (user names or service principal application ids) with ALL_PRIVILEGES on every catalog and schema.
    /// Default: none. Context key <c>superAdmins</c>.
    /// </summary>
    public IReadOnlyList<string> SuperAdmins { get; init; } = [];

    /// <summary>
    /// The shared reference catalogs and their schemas; students may read them. Default: <c>sales_dev</c>,
    /// <c>sales_prod</c>, <c>marketing_dev</c> and <c>marketing_prod</c>, each with <c>bronze</c>, <c>silver</c> and
    /// <c>gold</c>, plus <c>experiments</c> in <c>marketing_dev</c>. Context key <c>referenceCatalogs</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReferenceCatalogs { get; init; } = DefaultReferenceCatalogs;

    /// <summary>The course catalog that holds the shared and personal schemas. Default: <c>databricks_course</c>. Context key <c>courseCatalog</c>.</summary>
    public string CourseCatalogName { get; init; } = "databricks_course";

    /// <summary>Schemas of the course catalog every student may read. Default: <c>shared_bronze</c>, <c>shared_silver</c>, <c>shared_gold</c>. Context key <c>courseSharedSchemas</c>.</summary>
    public IReadOnlyList<string> CourseSharedSchemas { get; init; } = ["shared_bronze", "shared_silver", "shared_gold"];

    /// <summary>Whether students may read every personal schema (USE_SCHEMA, SELECT) for peer learning. Default: true. Context key <c>studentsReadPeerSchemas</c>.</summary>
    public bool StudentsReadPeerSchemas { get; init; } = true;

    /// <summary>Create the users (true) or reference existing ones through data sources (false). Default: create. Context key <c>createUsers</c>.</summary>
    public bool CreateUsers { get; init; } = true;

    /// <summary>Create the two groups (true) or reference existing ones (false). Default: create. Context key <c>createGroups</c>.</summary>
    public bool CreateGroups { get; init; } = true;

    /// <summary>Create the catalogs (true) or reference existing ones (false). Default: create. Context key <c>createCatalogs</c>.</summary>
    public bool CreateCatalogs { get; init; } = true;

    /// <summary>Create the schemas (true) or reference existing ones (false). Default: create. Context key <c>createSchemas</c>.</summary>
    public bool CreateSchemas { get; init; } = true;

    /// <summary>
    /// The course material to deploy: notebooks, datasets and packages on disk. Default: none, so the workspace holds
    /// no course content (the app points it at <c>course/notebooks</c>, <c>course/datasets/data</c> and
    /// <c>course/packages</c>). A folder that does not exist deploys nothing.
    /// </summary>
    public CourseMaterial? Material { get; init; }

    /// <summary>The workspace folder the notebooks, packages and <c>course_config.json</c> go to. Default: <c>/Shared/databricks_course</c>. Context key <c>courseWorkspaceFolder</c>.</summary>
    public string CourseWorkspaceFolder { get; init; } = "/Shared/databricks_course";

    /// <summary>The course shared schema that holds the datasets volume. Default: the first of <see cref="CourseSharedSchemas"/>. Context key <c>courseDatasetsSchema</c>.</summary>
    public string? CourseDatasetsSchema { get; init; }

    /// <summary>The managed volume the datasets are uploaded to. Default: <c>course_datasets</c>. Context key <c>courseDatasetsVolume</c>.</summary>
    public string CourseDatasetsVolume { get; init; } = "course_datasets";

    /// <summary>
    /// Manage the course folder's workspace permissions (students CAN_READ, admins CAN_MANAGE). Default: true. Free
    /// Edition and some tiers have no workspace object permissions: set false there. Context key <c>courseFolderPermissions</c>.
    /// </summary>
    public bool CourseFolderPermissions { get; init; } = true;

    /// <summary>The schema of the datasets volume: <see cref="CourseDatasetsSchema"/>, else the first shared schema.</summary>
    public string DatasetsSchemaName => CourseDatasetsSchema ?? CourseSharedSchemas.FirstOrDefault() ?? "";

    /// <summary>The seed workspace's reference catalogs and medallion schemas.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultReferenceCatalogs { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["sales_dev"] = ["bronze", "silver", "gold"],
            ["sales_prod"] = ["bronze", "silver", "gold"],
            ["marketing_dev"] = ["bronze", "silver", "gold", "experiments"],
            ["marketing_prod"] = ["bronze", "silver", "gold"],
        };

    /// <summary>Schema names Unity Catalog itself uses in every catalog; no personal schema may take them.</summary>
    public static IReadOnlyList<string> SystemSchemaNames { get; } = ["default", "information_schema"];

    /// <summary>
    /// Checks the props (names, principals, collisions between catalogs and schemas) and returns every problem.
    /// Fields are named by their context keys; <paramref name="source"/> names where the values came from.
    /// </summary>
    public IReadOnlyList<InputProblem> Validate(string source)
    {
        var problems = new ProblemCollector();
        CheckName(problems, source, "adminsGroup", AdminsGroupName, "group");
        CheckName(problems, source, "studentsGroup", StudentsGroupName, "group");
        if (string.Equals(AdminsGroupName, StudentsGroupName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(source, null, "studentsGroup", $"'{StudentsGroupName}' is also the admins group; the two groups need different names");
        }

        var seenSuperAdmins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var principal in SuperAdmins)
        {
            if (string.IsNullOrWhiteSpace(principal) || principal.Any(char.IsWhiteSpace))
            {
                problems.Add(source, null, "superAdmins", $"'{principal}' is not a principal (a user name or an application id, no spaces)");
            }
            else if (principal.Contains('@') && principal != principal.ToLowerInvariant())
            {
                problems.Add(source, null, "superAdmins", $"'{principal}' must be lower-case: Databricks stores user names in lower case and grants compare them exactly");
            }
            else if (!seenSuperAdmins.Add(principal))
            {
                problems.Add(source, null, "superAdmins", $"'{principal}' is listed twice");
            }
            else if (principal == AdminsGroupName || principal == StudentsGroupName)
            {
                problems.Add(source, null, "superAdmins", $"'{principal}' is a course group, not a person");
            }
        }

        CheckName(problems, source, "courseCatalog", CourseCatalogName, "catalog");
        foreach (var (catalog, schemas) in ReferenceCatalogs)
        {
            CheckName(problems, source, "referenceCatalogs", catalog, "catalog");
            if (catalog == CourseCatalogName)
            {
                problems.Add(source, null, "referenceCatalogs", $"'{catalog}' is also the course catalog");
            }

            if (schemas.Count == 0)
            {
                problems.Add(source, null, "referenceCatalogs", $"catalog '{catalog}' lists no schemas");
            }

            CheckSchemaList(problems, source, "referenceCatalogs", schemas, $"catalog '{catalog}'");
        }

        CheckSchemaList(problems, source, "courseSharedSchemas", CourseSharedSchemas, "the course catalog");
        CheckContent(problems, source);
        return problems.Problems;
    }

    /// <summary>Names of the course catalog that no personal schema may take, each with the reason.</summary>
    public IReadOnlyDictionary<string, string> ReservedCourseSchemaNames()
    {
        var reserved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SystemSchemaNames)
        {
            reserved[name] = "a schema Unity Catalog creates in every catalog";
        }

        foreach (var name in CourseSharedSchemas)
        {
            reserved[name] = "a shared schema of the course catalog (courseSharedSchemas)";
        }

        return reserved;
    }

    private void CheckContent(ProblemCollector problems, string source)
    {
        var folder = CourseWorkspaceFolder;
        if (!folder.StartsWith('/') || folder.Length < 2 || folder.EndsWith('/') || folder.Contains("//")
            || folder.Split('/').Any(s => s is "." or "..") || folder.Any(char.IsWhiteSpace))
        {
            problems.Add(source, null, "courseWorkspaceFolder",
                $"'{folder}' is not a workspace folder: an absolute path such as /Shared/databricks_course, without '//', '.', '..', spaces or a trailing '/'");
        }

        if (!CourseSharedSchemas.Contains(DatasetsSchemaName))
        {
            problems.Add(source, null, "courseDatasetsSchema",
                $"'{DatasetsSchemaName}' is not a course shared schema ({string.Join(", ", CourseSharedSchemas)}); the datasets volume lives in one, so students can reach it");
        }

        CheckName(problems, source, "courseDatasetsVolume", CourseDatasetsVolume, "volume");
        if (Material is not null)
        {
            problems.AddRange(NotebookValidator.Validate(Material));
        }
    }

    private static void CheckSchemaList(ProblemCollector problems, string source, string key, IReadOnlyList<string> schemas, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            CheckName(problems, source, key, schema, "schema");
            if (SystemSchemaNames.Contains(schema))
            {
                problems.Add(source, null, key, $"'{schema}' in {where} is a schema Unity Catalog manages itself");
            }

            if (!seen.Add(schema))
            {
                problems.Add(source, null, key, $"'{schema}' is listed twice in {where}");
            }
        }
    }

    private static void CheckName(ProblemCollector problems, string source, string key, string name, string what)
    {
        if (!UcIdentifier.IsValid(name))
        {
            problems.Add(source, null, key, $"'{name}' is not a valid {what} name ({UcIdentifier.AllowedForm})");
        }
    }
}
