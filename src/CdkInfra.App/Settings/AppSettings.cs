using System.Text.Json;
using CdkInfra.CodingAssistants;
using CdkInfra.Course;
using CdkInfra.Course.Content;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using CdkInfra.Validation;

namespace CdkInfra.Settings;

/// <summary>
/// The app's settings: the context of <c>cdktf.json</c>, with <c>CDKTF_CONTEXT_JSON</c> applied over it (the
/// environment wins). Defaults live on the props records; a key that is absent keeps them.
/// </summary>
public sealed record AppSettings
{
    /// <summary>The settings file, as messages name it.</summary>
    public const string SettingsFile = "cdktf.json";

    /// <summary>The environment variable whose JSON object overrides the context of <c>cdktf.json</c>.</summary>
    public const string ContextEnvironmentVariable = "CDKTF_CONTEXT_JSON";

    /// <summary>The roster file, relative to the project folder. Default: <c>users.json</c>. Context key <c>usersFile</c>.</summary>
    public string UsersFile { get; init; } = "users.json";

    /// <summary>
    /// A profile of the Databricks config file (<c>~/.databrickscfg</c>) for the provider. Default: none, so the
    /// provider reads <c>DATABRICKS_HOST</c> and <c>DATABRICKS_TOKEN</c> (or another auth method) from the environment.
    /// Context key <c>databricksProfile</c>.
    /// </summary>
    public string? DatabricksProfile { get; init; }

    /// <summary>The workspace URL, when it should not come from the environment or the profile. Default: none. Context key <c>databricksHost</c>.</summary>
    public string? DatabricksHost { get; init; }

    /// <summary>Where Terraform keeps each stack's state. Default: a local file per stack. Context key <c>backend</c>.</summary>
    public StateBackendSettings Backend { get; init; } = StateBackendSettings.Local;

    /// <summary>The course workspace's props, roster included.</summary>
    public required CourseWorkspaceProps Course { get; init; }

    /// <summary>The coding-assistants cluster's props. Context key <c>codingAssistants</c> (an object; see <see cref="CodingAssistantsSettings"/>).</summary>
    public required CodingAssistantsClusterProps CodingAssistants { get; init; }

    /// <summary>Context keys the CDKTF CLI and library set themselves; they are not ours to check.</summary>
    private static readonly HashSet<string> CdktfOwnKeys = new(StringComparer.Ordinal)
    {
        "cdktfRelativeModules", "cdktfStaticModuleAssetHash", "cdktfVersion", "excludeStackIdFromLogicalIds", "allowSepCharsInLogicalIds",
    };

    /// <summary>Every key the app reads: the course props' keys (<see cref="CourseSettingNames"/>) and the app's own.</summary>
    private static readonly string[] KnownKeys =
    [
        .. CourseSettingNames.Keys.Values,
        "usersFile", "databricksProfile", "databricksHost", "courseNotebooksFolder", "courseDatasetsFolder", "coursePackagesFolder", "courseSolutionsFolder",
        CodingAssistantsSettings.Key, StateBackendSettings.ContextKey,
    ];

    /// <summary>Where the app finds the course material, relative to the project folder, when the settings do not say.</summary>
    public static readonly CourseMaterial DefaultMaterial = new()
    {
        Notebooks = "course/notebooks",
        Datasets = "course/datasets/data",
        Packages = "course/packages",
    };

    /// <summary>
    /// Loads the settings of the project in <paramref name="projectDirectory"/> and its roster. Every problem in the
    /// settings, the roster and the props is reported together in one <see cref="InputValidationException"/>.
    /// </summary>
    /// <param name="projectDirectory">The folder that holds <c>cdktf.json</c>.</param>
    /// <param name="contextJson">The value of <c>CDKTF_CONTEXT_JSON</c>, or null.</param>
    public static AppSettings Load(string projectDirectory, string? contextJson)
    {
        var problems = new ProblemCollector();
        var context = new Dictionary<string, (JsonElement Value, string Source)>(StringComparer.Ordinal);
        ReadContext(Path.Combine(projectDirectory, SettingsFile), SettingsFile, problems, context, fromSettingsFile: true);
        if (!string.IsNullOrWhiteSpace(contextJson))
        {
            ReadContextJson(contextJson, ContextEnvironmentVariable, problems, context);
        }

        problems.ThrowIfAny();
        var reader = new ContextReader(context, problems);
        foreach (var key in context.Keys.Where(k => !CdktfOwnKeys.Contains(k) && !KnownKeys.Contains(k)))
        {
            problems.Add(context[key].Source, null, key, UnknownSetting(KnownKeys, key));
        }

        foreach (var (key, (value, source)) in context.Where(c => !CdktfOwnKeys.Contains(c.Key)))
        {
            CheckText(value, key, source, problems);
        }

        var usersFile = reader.String("usersFile") ?? "users.json";
        CourseRoster? roster = null;
        try
        {
            roster = CourseRoster.Load(Path.Combine(projectDirectory, usersFile), usersFile);
        }
        catch (InputValidationException e)
        {
            problems.AddRange(e.Problems);
        }

        // Without a readable roster the other settings are still checked, so one run reports every problem.
        var defaults = new CourseWorkspaceProps { Roster = roster ?? CourseRoster.Unreadable(usersFile) };
        var course = defaults with
        {
            AdminsGroupName = reader.String(Key(nameof(CourseWorkspaceProps.AdminsGroupName))) ?? defaults.AdminsGroupName,
            StudentsGroupName = reader.String(Key(nameof(CourseWorkspaceProps.StudentsGroupName))) ?? defaults.StudentsGroupName,
            SuperAdmins = reader.StringList(Key(nameof(CourseWorkspaceProps.SuperAdmins))) ?? defaults.SuperAdmins,
            ReferenceCatalogs = reader.StringListMap(Key(nameof(CourseWorkspaceProps.ReferenceCatalogs))) ?? defaults.ReferenceCatalogs,
            CourseCatalogName = reader.String(Key(nameof(CourseWorkspaceProps.CourseCatalogName))) ?? defaults.CourseCatalogName,
            CourseSharedSchemas = reader.StringList(Key(nameof(CourseWorkspaceProps.CourseSharedSchemas))) ?? defaults.CourseSharedSchemas,
            StudentsReadPeerSchemas = reader.Bool(Key(nameof(CourseWorkspaceProps.StudentsReadPeerSchemas))) ?? defaults.StudentsReadPeerSchemas,
            CreateUsers = reader.Bool(Key(nameof(CourseWorkspaceProps.CreateUsers))) ?? defaults.CreateUsers,
            CreateGroups = reader.Bool(Key(nameof(CourseWorkspaceProps.CreateGroups))) ?? defaults.CreateGroups,
            CreateCatalogs = reader.Bool(Key(nameof(CourseWorkspaceProps.CreateCatalogs))) ?? defaults.CreateCatalogs,
            CreateSchemas = reader.Bool(Key(nameof(CourseWorkspaceProps.CreateSchemas))) ?? defaults.CreateSchemas,
            AllowDestroy = reader.OneOf(Key(nameof(CourseWorkspaceProps.AllowDestroy)), SettingValues.DestroyScopes) ?? defaults.AllowDestroy,
            AdoptExisting = reader.KindSet(Key(nameof(CourseWorkspaceProps.AdoptExisting)), SettingValues.AdoptKinds) ?? defaults.AdoptExisting,
            GroupsLevel = reader.OneOf(Key(nameof(CourseWorkspaceProps.GroupsLevel)), SettingValues.Levels) ?? defaults.GroupsLevel,
            Principals = reader.OneOf(Key(nameof(CourseWorkspaceProps.Principals)), SettingValues.PrincipalModes) ?? defaults.Principals,
            PersonalSchemaOwner = reader.String(Key(nameof(CourseWorkspaceProps.PersonalSchemaOwner))) ?? defaults.PersonalSchemaOwner,
            ManageDisplayNames = reader.Bool(Key(nameof(CourseWorkspaceProps.ManageDisplayNames))) ?? defaults.ManageDisplayNames,
            CohortSize = reader.PositiveInteger(Key(nameof(CourseWorkspaceProps.CohortSize))) ?? defaults.CohortSize,
            StudentCompute = reader.OneOf(Key(nameof(CourseWorkspaceProps.StudentCompute)), SettingValues.StudentComputes) ?? defaults.StudentCompute,
            StudentWarehouse = reader.Bool(Key(nameof(CourseWorkspaceProps.StudentWarehouse))) ?? defaults.StudentWarehouse,
            StudentAutoterminationMinutes = reader.PositiveInteger(Key(nameof(CourseWorkspaceProps.StudentAutoterminationMinutes))) ?? defaults.StudentAutoterminationMinutes,
            StudentMaxDbusPerHour = reader.PositiveInteger(Key(nameof(CourseWorkspaceProps.StudentMaxDbusPerHour))) ?? defaults.StudentMaxDbusPerHour,
            StudentNodeTypes = reader.StringList(Key(nameof(CourseWorkspaceProps.StudentNodeTypes))) ?? defaults.StudentNodeTypes,
            CourseSecretScope = reader.StringOrFalse(Key(nameof(CourseWorkspaceProps.CourseSecretScope)), defaults.CourseSecretScope),
            AccountId = reader.String(Key(nameof(CourseWorkspaceProps.AccountId))) ?? defaults.AccountId,
            AccountHost = reader.String(Key(nameof(CourseWorkspaceProps.AccountHost))) ?? defaults.AccountHost,
            AccountProfile = reader.String(Key(nameof(CourseWorkspaceProps.AccountProfile))) ?? defaults.AccountProfile,
            WorkspaceId = reader.PositiveInteger(Key(nameof(CourseWorkspaceProps.WorkspaceId))) ?? defaults.WorkspaceId,
            CourseWorkspaceFolder = reader.String(Key(nameof(CourseWorkspaceProps.CourseWorkspaceFolder))) ?? defaults.CourseWorkspaceFolder,
            CourseDatasetsSchema = reader.String(Key(nameof(CourseWorkspaceProps.CourseDatasetsSchema))) ?? defaults.CourseDatasetsSchema,
            CourseDatasetsVolume = reader.String(Key(nameof(CourseWorkspaceProps.CourseDatasetsVolume))) ?? defaults.CourseDatasetsVolume,
            CourseFolderPermissions = reader.Bool(Key(nameof(CourseWorkspaceProps.CourseFolderPermissions))) ?? defaults.CourseFolderPermissions,
            CourseSmokeJob = reader.Bool(Key(nameof(CourseWorkspaceProps.CourseSmokeJob))) ?? defaults.CourseSmokeJob,
            Material = DefaultMaterial with
            {
                BaseFolder = projectDirectory,
                Notebooks = reader.Folder("courseNotebooksFolder", projectDirectory) ?? DefaultMaterial.Notebooks,
                Datasets = reader.Folder("courseDatasetsFolder", projectDirectory) ?? DefaultMaterial.Datasets,
                Packages = reader.Folder("coursePackagesFolder", projectDirectory) ?? DefaultMaterial.Packages,
                Solutions = reader.Folder("courseSolutionsFolder", projectDirectory),
            },
        };
        var hasCodingAssistants = context.TryGetValue(CodingAssistantsSettings.Key, out var codingAssistants);
        var stateBackend = context.TryGetValue(StateBackendSettings.ContextKey, out var backend)
            ? StateBackendSettings.Parse(backend.Value, backend.Source, problems)
            : StateBackendSettings.Local;
        var databricksHost = reader.String("databricksHost");
        var settings = new AppSettings
        {
            UsersFile = usersFile,
            DatabricksProfile = reader.String("databricksProfile"),
            DatabricksHost = databricksHost,
            Course = course,
            CodingAssistants = CodingAssistantsSettings.Read(hasCodingAssistants ? codingAssistants.Value : null,
                hasCodingAssistants ? codingAssistants.Source : SettingsFile, projectDirectory, course.CourseCatalogName,
                course.CourseSharedSchemas.FirstOrDefault(), stateBackend.Type, problems, course, databricksHost),
            Backend = stateBackend,
        };
        problems.AddRange(course.Validate(SettingsFile, CourseSettingNames.Instance));
        problems.ThrowIfAny();
        return settings;
    }

    private static string Key(string property) => CourseSettingNames.Keys[property];

    /// <summary>
    /// Every string of the settings, however deep: control characters (a newline in a name or tag) are refused here,
    /// where the message can name the key, rather than by Databricks during an apply; and CDKTF's token marker, which
    /// synthesis would replace with another value. Template sequences (<c>${</c>, <c>%{</c>) are fine: the constructs
    /// write every input string as a literal.
    /// </summary>
    private static void CheckText(JsonElement value, string key, string source, ProblemCollector problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (InputText.Problem(value.GetString()!) is { } problem)
                {
                    problems.Add(source, null, key, problem);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckText(item, $"{key}[{index++}]", source, problems);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var path = $"{key}.{property.Name}";
                    if (InputText.Problem(property.Name) is { } keyProblem)
                    {
                        problems.Add(source, null, path, $"the key {keyProblem}");
                    }

                    CheckText(property.Value, path, source, problems);
                }

                break;
        }
    }

    private static void ReadContext(string path, string name, ProblemCollector problems,
        Dictionary<string, (JsonElement, string)> context, bool fromSettingsFile)
    {
        if (!File.Exists(path))
        {
            problems.Add(name, null, null, "the settings file does not exist; run the app from the project folder");
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(name, null, null, "must be a JSON object");
                return;
            }

            if (fromSettingsFile && document.RootElement.TryGetProperty("context", out var ctx))
            {
                AddObject(ctx, name, problems, context);
            }
        }
        catch (JsonException e)
        {
            problems.Add(name, null, null, $"is not valid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message.Split(". ")[0]}");
        }
    }

    private static void ReadContextJson(string json, string name, ProblemCollector problems, Dictionary<string, (JsonElement, string)> context)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            AddObject(document.RootElement, name, problems, context);
        }
        catch (JsonException e)
        {
            problems.Add(name, null, null, $"is not valid JSON: {e.Message.Split(". ")[0]}");
        }
    }

    private static void AddObject(JsonElement element, string name, ProblemCollector problems, Dictionary<string, (JsonElement, string)> context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(name, null, "context", "must be a JSON object of settings");
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            context[property.Name] = (property.Value.Clone(), name);
        }
    }

    /// <summary>
    /// The message for a key that is not a setting: the nearest known key as a suggestion (a typo), else the list.
    /// <paramref name="prefix"/> is the enclosing object's key, for settings nested in one (<c>codingAssistants.</c>).
    /// </summary>
    internal static string UnknownSetting(IReadOnlyCollection<string> knownKeys, string key, string prefix = "")
    {
        var hint = knownKeys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase) || Distance(k, key) <= 2);
        return "unknown setting" + (hint is null ? $"; known settings: {string.Join(", ", knownKeys)}" : $"; did you mean '{prefix}{hint}'?");
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private sealed class ContextReader(Dictionary<string, (JsonElement Value, string Source)> context, ProblemCollector problems)
    {
        public string? String(string key)
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (entry.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.Value.GetString()))
            {
                problems.Add(entry.Source, null, key, $"must be a non-empty string, found {entry.Value.GetRawText()}");
                return null;
            }

            return entry.Value.GetString()!.Trim();
        }

        /// <summary>A name, or false for none; absent keeps <paramref name="fallback"/>.</summary>
        public string? StringOrFalse(string key, string? fallback)
        {
            if (context.TryGetValue(key, out var entry) && entry.Value.ValueKind == JsonValueKind.False)
            {
                return null;
            }

            return String(key) ?? fallback;
        }

        /// <summary>A folder named by the settings. The defaults may be absent (nothing to deploy); a folder named explicitly must exist.</summary>
        public string? Folder(string key, string projectDirectory)
        {
            var folder = String(key);
            if (folder is not null && !Directory.Exists(Path.Combine(projectDirectory, folder)))
            {
                problems.Add(context[key].Source, null, key, $"the folder '{folder}' does not exist (relative to the project folder)");
            }

            return folder;
        }

        public bool? Bool(string key)
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (entry.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add(entry.Source, null, key, $"must be true or false, found {entry.Value.GetRawText()}");
                return null;
            }

            return entry.Value.GetBoolean();
        }

        public T? OneOf<T>(string key, IReadOnlyDictionary<string, T> values)
            where T : struct
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (entry.Value.ValueKind == JsonValueKind.String && values.TryGetValue(entry.Value.GetString()!, out var value))
            {
                return value;
            }

            problems.Add(entry.Source, null, key, $"must be one of {string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}, found {entry.Value.GetRawText()}");
            return null;
        }

        /// <summary>true (every kind), false (none) or an array of kind names.</summary>
        public IReadOnlySet<T>? KindSet<T>(string key, IReadOnlyDictionary<string, T> kinds)
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var allowed = $"true, false or an array of {string.Join(", ", kinds.Keys.Select(k => $"\"{k}\""))}";
            switch (entry.Value.ValueKind)
            {
                case JsonValueKind.True:
                    return kinds.Values.ToHashSet();
                case JsonValueKind.False:
                    return new HashSet<T>();
                case JsonValueKind.Array:
                    var set = new HashSet<T>();
                    foreach (var item in entry.Value.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String && kinds.TryGetValue(item.GetString()!, out var kind))
                        {
                            set.Add(kind);
                        }
                        else
                        {
                            problems.Add(entry.Source, null, key, $"unknown kind {item.GetRawText()}; must be {allowed}");
                        }
                    }

                    return set;
                default:
                    problems.Add(entry.Source, null, key, $"must be {allowed}, found {entry.Value.GetRawText()}");
                    return null;
            }
        }

        /// <summary>A positive whole number, written as a JSON number or a string of digits (workspace ids exceed what some editors keep exact).</summary>
        public long? PositiveInteger(string key)
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var value = entry.Value;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0)
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number > 0)
            {
                return number;
            }

            problems.Add(entry.Source, null, key, $"must be a positive whole number, found {value.GetRawText()}");
            return null;
        }

        public IReadOnlyList<string>? StringList(string key)
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return ToStringList(entry.Value, entry.Source, key);
        }

        public IReadOnlyDictionary<string, IReadOnlyList<string>>? StringListMap(string key)
        {
            if (!context.TryGetValue(key, out var entry) || entry.Value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add(entry.Source, null, key, $"must be an object of catalog name to schema names, found {entry.Value.GetRawText()}");
                return null;
            }

            var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var property in entry.Value.EnumerateObject())
            {
                map[property.Name] = ToStringList(property.Value, entry.Source, $"{key}.{property.Name}") ?? [];
            }

            return map;
        }

        private string[]? ToStringList(JsonElement value, string source, string key)
        {
            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                problems.Add(source, null, key, $"must be an array of strings, found {value.GetRawText()}");
                return null;
            }

            return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        }
    }
}
