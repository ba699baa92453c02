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

    /// <summary>The contract of the context, generated from <see cref="ContextDocument"/>.</summary>
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<ContextDocument> Contract => SettingsJsonContext.Default.ContextDocument;

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
        var problems = new SettingsProblems();
        var context = new Dictionary<string, (JsonElement Value, string Source)>(StringComparer.Ordinal);
        ReadContext(Path.Combine(projectDirectory, SettingsFile), SettingsFile, problems, context, fromSettingsFile: true);
        if (!string.IsNullOrWhiteSpace(contextJson))
        {
            ReadContextJson(contextJson, ContextEnvironmentVariable, problems, context);
        }

        problems.ThrowIfAny();
        var document = SettingsBinder.Bind(Contract, context.Select(c => new SettingsBinder.Entry(c.Key, c.Value.Value, c.Value.Source)), "", problems, CdktfOwnKeys);
        foreach (var (key, (value, source)) in context.Where(c => !CdktfOwnKeys.Contains(c.Key)))
        {
            CheckText(value, key, source, problems);
        }

        var usersFile = document.UsersFile ?? "users.json";
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
        var identity = Identity(document, problems);
        var course = new CourseWorkspaceProps(defaults)
        {
            AdminsGroupName = document.AdminsGroupName ?? defaults.AdminsGroupName,
            StudentsGroupName = document.StudentsGroupName ?? defaults.StudentsGroupName,
            SuperAdmins = document.SuperAdmins ?? defaults.SuperAdmins,
            ReferenceCatalogs = document.ReferenceCatalogs?.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value, StringComparer.Ordinal) ?? defaults.ReferenceCatalogs,
            CourseCatalogName = document.CourseCatalogName ?? defaults.CourseCatalogName,
            CourseSharedSchemas = document.CourseSharedSchemas ?? defaults.CourseSharedSchemas,
            StudentsReadPeerSchemas = document.StudentsReadPeerSchemas ?? defaults.StudentsReadPeerSchemas,
            UserSource = Source(document.CreateUsers, document.AdoptExisting, AdoptSetting.Users),
            GroupSource = identity.GroupSource,
            CatalogSource = Source(document.CreateCatalogs, document.AdoptExisting, AdoptSetting.Catalogs),
            CatalogStorageRoot = document.CatalogStorageRoot ?? defaults.CatalogStorageRoot,
            SchemaSource = Source(document.CreateSchemas, document.AdoptExisting, AdoptSetting.Schemas),
            SecretScopeSource = Source(true, document.AdoptExisting, AdoptSetting.SecretScope),
            AllowDestroy = document.AllowDestroy ?? defaults.AllowDestroy,
            GroupsLevel = identity.Level,
            Principals = identity.Principals,
            PersonalSchemaOwner = document.PersonalSchemaOwner ?? defaults.PersonalSchemaOwner,
            ManageDisplayNames = document.ManageDisplayNames ?? defaults.ManageDisplayNames,
            CohortSize = document.CohortSize ?? defaults.CohortSize,
            StudentCompute = document.StudentCompute ?? defaults.StudentCompute,
            StudentWarehouse = document.StudentWarehouse ?? defaults.StudentWarehouse,
            StudentAutoterminationMinutes = document.StudentAutoterminationMinutes ?? defaults.StudentAutoterminationMinutes,
            StudentMaxDbusPerHour = document.StudentMaxDbusPerHour ?? defaults.StudentMaxDbusPerHour,
            StudentNodeTypes = document.StudentNodeTypes ?? defaults.StudentNodeTypes,
            CourseSecretScope = document.CourseSecretScope is { } scope ? scope.Text : defaults.CourseSecretScope,
            AccountId = identity.AccountId,
            AccountHost = document.AccountHost ?? defaults.AccountHost,
            AccountProfile = document.AccountProfile ?? defaults.AccountProfile,
            WorkspaceId = document.WorkspaceId ?? defaults.WorkspaceId,
            CourseWorkspaceFolder = document.CourseWorkspaceFolder ?? defaults.CourseWorkspaceFolder,
            CourseDatasetsSchema = document.CourseDatasetsSchema ?? defaults.CourseDatasetsSchema,
            CourseDatasetsVolume = document.CourseDatasetsVolume ?? defaults.CourseDatasetsVolume,
            CourseFolderPermissions = document.CourseFolderPermissions ?? defaults.CourseFolderPermissions,
            CourseSmokeJob = document.CourseSmokeJob ?? defaults.CourseSmokeJob,
            CourseSmokeRunAs = document.CourseSmokeRunAs ?? defaults.CourseSmokeRunAs,
            CourseSmokeClusterId = document.CourseSmokeClusterId ?? defaults.CourseSmokeClusterId,
            Material = new CourseMaterial(DefaultMaterial)
            {
                BaseFolder = projectDirectory,
                Notebooks = Folder(document.NotebooksFolder, "courseNotebooksFolder") ?? DefaultMaterial.Notebooks,
                Datasets = Folder(document.DatasetsFolder, "courseDatasetsFolder") ?? DefaultMaterial.Datasets,
                Packages = Folder(document.PackagesFolder, "coursePackagesFolder") ?? DefaultMaterial.Packages,
                Solutions = Folder(document.SolutionsFolder, "courseSolutionsFolder"),
            },
        };
        var hasCodingAssistants = context.TryGetValue(CodingAssistantsSettings.Key, out var codingAssistants);
        var stateBackend = context.TryGetValue(StateBackendSettings.ContextKey, out var backend)
            ? StateBackendSettings.Parse(backend.Value, backend.Source, problems)
            : StateBackendSettings.Local;
        var databricksHost = document.DatabricksHost;
        var settings = new AppSettings
        {
            UsersFile = usersFile,
            DatabricksProfile = document.DatabricksProfile,
            DatabricksHost = databricksHost,
            Course = course,
            CodingAssistants = CodingAssistantsSettings.Read(hasCodingAssistants ? codingAssistants.Value : null,
                hasCodingAssistants ? codingAssistants.Source : SettingsFile, projectDirectory, course.CourseCatalogName,
                course.CourseSharedSchemas.FirstOrDefault(), stateBackend.Type, problems, course, databricksHost),
            Backend = stateBackend,
        };
        // The identity settings were checked above in their own terms; the props they became are not reported again.
        problems.AddRange(course.Validate(SettingsFile, CourseSettingNames.Instance).Where(p => p.Field is null || !IdentityKeys.Contains(p.Field)));
        problems.ThrowIfAny();
        return settings;

        // A folder named by the settings. The defaults may be absent (nothing to deploy); a folder named explicitly must exist.
        string? Folder(string? folder, string key)
        {
            if (folder is not null && !Directory.Exists(Path.Combine(projectDirectory, folder)))
            {
                problems.Add(context[key].Source, null, key, $"the folder '{folder}' does not exist (relative to the project folder)");
            }

            return folder;
        }
    }

    /// <summary>The keys whose combination <see cref="Identity"/> checks; the props' own messages about them are not shown.</summary>
    private static readonly HashSet<string> IdentityKeys = new(StringComparer.Ordinal)
    {
        "groupsLevel", "createGroups", "principals", "databricksAccountId", "databricksWorkspaceId", "databricksAccountHost",
    };

    /// <summary>
    /// Where a kind of object comes from: <c>createX: false</c> references existing ones (adoption then has nothing to
    /// import), else the kind is adopted when <c>adoptExisting</c> names it, and created otherwise.
    /// </summary>
    private static ObjectSource Source(bool? create, HashSet<AdoptSetting>? adopt, AdoptSetting kind) =>
        create == false ? ObjectSource.Existing : adopt?.Contains(kind) == true ? ObjectSource.Adopt : ObjectSource.Create;

    /// <summary>
    /// The groups and principals settings as props, checked in the settings' own terms: <c>groupsLevel</c> names four
    /// setups (workspace groups, account groups created, existing account groups through the account API, groups made
    /// in the workspace admin settings), which the props express as a level, a source and the account id.
    /// </summary>
    private static (GroupsLevel Level, ObjectSource GroupSource, PrincipalMode? Principals, string? AccountId) Identity(ContextDocument document, SettingsProblems problems)
    {
        var names = CourseSettingNames.Instance;
        var level = document.GroupsLevel ?? GroupsLevelSetting.Workspace;
        var create = document.CreateGroups ?? true;
        var adopt = document.AdoptExisting?.Contains(AdoptSetting.Groups) == true;
        var principals = document.Principals;
        void Add(string key, string message) => problems.Add(SettingsFile, null, key, message);
        string Level(GroupsLevelSetting value) => names.Value(value);

        if (level is GroupsLevelSetting.Account or GroupsLevelSetting.AccountExisting)
        {
            var where = $"groupsLevel is {Level(level)}";
            if (string.IsNullOrWhiteSpace(document.AccountId))
            {
                Add("databricksAccountId", $"is required when {where} (the account-level provider needs it)");
            }
            else if (!Guid.TryParse(document.AccountId, out _))
            {
                Add("databricksAccountId", $"'{document.AccountId}' is not an account id (a UUID such as 00000000-0000-0000-0000-000000000000)");
            }

            if (document.WorkspaceId is not > 0)
            {
                Add("databricksWorkspaceId", $"is required when {where}: the numeric workspace id the groups are assigned to");
            }

            if (document.AccountHost is { } host && (!host.StartsWith("https://", StringComparison.Ordinal) || host.Any(char.IsWhiteSpace)))
            {
                Add("databricksAccountHost", $"'{host}' is not an https URL");
            }

            if (!create)
            {
                Add("createGroups", $"false conflicts with groupsLevel {Level(level)}; to reference existing account groups set groupsLevel to {Level(GroupsLevelSetting.AccountExisting)} and leave createGroups out");
            }
        }

        if (level == GroupsLevelSetting.Workspace && principals == PrincipalMode.Groups)
        {
            Add("principals",
                $"{names.Value(PrincipalMode.Groups)} with groupsLevel {Level(GroupsLevelSetting.Workspace)} cannot apply: workspace-local groups are not Unity Catalog "
                + $"principals (grants fail with 'Could not find principal'); set principals to {names.Value(PrincipalMode.Users)} (workspace admin is "
                + $"enough), or keep {names.Value(PrincipalMode.Groups)} with account groups: groupsLevel {Level(GroupsLevelSetting.AccountUi)} (groups an admin "
                + $"created in the workspace admin settings), {Level(GroupsLevelSetting.AccountExisting)} or {Level(GroupsLevelSetting.Account)} (account admin)");
            principals = null;
        }

        return level switch
        {
            GroupsLevelSetting.Workspace => (GroupsLevel.Workspace, !create ? ObjectSource.Existing : adopt ? ObjectSource.Adopt : ObjectSource.Create, principals, null),
            GroupsLevelSetting.Account => (GroupsLevel.Account, adopt ? ObjectSource.Adopt : ObjectSource.Create, principals, document.AccountId),
            GroupsLevelSetting.AccountExisting => (GroupsLevel.Account, ObjectSource.Existing, principals, document.AccountId),
            // Groups made in the workspace admin settings are assigned through the workspace: no account connection.
            _ => (GroupsLevel.Account, ObjectSource.Existing, principals, null),
        };
    }

    /// <summary>
    /// Every string of the settings, however deep: control characters (a newline in a name or tag) are refused here,
    /// where the message can name the key, rather than by Databricks during an apply; and CDKTF's token marker, which
    /// synthesis would replace with another value. Template sequences (<c>${</c>, <c>%{</c>) are fine: the constructs
    /// write every input string as a literal.
    /// </summary>
    private static void CheckText(JsonElement value, string key, string source, SettingsProblems problems)
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

    private static void ReadContext(string path, string name, SettingsProblems problems,
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

    private static void ReadContextJson(string json, string name, SettingsProblems problems, Dictionary<string, (JsonElement, string)> context)
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

    private static void AddObject(JsonElement element, string name, SettingsProblems problems, Dictionary<string, (JsonElement, string)> context)
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
}
