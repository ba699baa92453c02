using System.Text.Json;
using CdkInfra.CodingAssistants;
using CdkInfra.Course;
using CdkInfra.Roster;
using CdkInfra.Validation;

namespace CdkInfra.Settings;

/// <summary>
/// Reads the <c>codingAssistants</c> object of the settings into <see cref="CodingAssistantsClusterProps"/>. A key that
/// is absent (or null) keeps the props default, except three app defaults: the catalog is the course catalog; the
/// schema, in the course catalog, is the first course shared schema (the provider's <c>databricks_catalog</c> deletes
/// a new catalog's <c>default</c> schema, so the library default would fail on the course catalog); and the init
/// script is the project's <c>init-scripts/install-claude-code.sh</c> (so an edit to it needs no rebuild). With a
/// shared state backend, <c>singleUserName</c> (or <c>users</c>) is required: unset, the cluster's user would be the identity that
/// deploys, from CI a service principal, and no person could attach. <c>users</c> and <c>userRoles</c> (roster roles
/// such as <c>admins</c>: every active entry with that role) give one cluster per person, or with <c>provisioning</c>
/// <c>"policy"</c> the people who may use the cluster policy to create their own. The named users are checked
/// against the course stack's policy: on the course catalog, whoever the roster and the super admins do not give
/// USE_CATALOG and USE_SCHEMA on the volume's schema could not run the init script, and synthesis says so.
/// </summary>
public static class CodingAssistantsSettings
{
    /// <summary>The settings key of the object.</summary>
    public const string Key = "codingAssistants";

    /// <summary>The app's init script, relative to the project folder. Key <c>codingAssistants.initScript</c>.</summary>
    public const string DefaultInitScript = "init-scripts/install-claude-code.sh";

    /// <summary>Every key the object may hold: the properties of its settings document.</summary>
    public static IReadOnlyList<string> KnownKeys { get; } = SettingsBinder.KnownKeys(SettingsJsonContext.Default.CodingAssistantsDocument);

    /// <summary>
    /// Reads and validates the object. Every problem (unknown key, wrong type, invalid value) goes to
    /// <paramref name="problems"/>, named <c>codingAssistants.&lt;key&gt;</c> in <paramref name="source"/>.
    /// </summary>
    /// <param name="value">The object, or null when the settings have none.</param>
    /// <param name="source">Where it came from (<c>cdktf.json</c> or <c>CDKTF_CONTEXT_JSON</c>).</param>
    /// <param name="projectDirectory">Relative init script paths are resolved from here.</param>
    /// <param name="courseCatalog">The catalog used when the object names none.</param>
    /// <param name="courseSchema">The schema used in the course catalog when the object names none (the first course shared schema).</param>
    /// <param name="backend">The state backend type; any but local requires <c>singleUserName</c>.</param>
    /// <param name="problems">Receives every problem.</param>
    /// <param name="course">The course stack's props (roster, super admins, shared schemas), for <c>userRoles</c> and the access check; null skips both.</param>
    /// <param name="workspaceUrl">The app's <c>databricksHost</c>, when set: the URL the cluster passes to the assistant.</param>
    public static CodingAssistantsClusterProps Read(JsonElement? value, string source, string projectDirectory, string courseCatalog,
        string? courseSchema, StateBackendType backend, SettingsProblems problems, CourseWorkspaceProps? course = null, string? workspaceUrl = null)
    {
        var entries = new List<SettingsBinder.Entry>();
        if (value is { ValueKind: not JsonValueKind.Null } obj)
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                problems.Add(source, null, Key, $"must be an object of settings, found {obj.GetRawText()}");
            }
            else
            {
                entries.AddRange(obj.EnumerateObject().Select(p => new SettingsBinder.Entry(p.Name, p.Value, source)));
            }
        }

        var document = SettingsBinder.Bind(SettingsJsonContext.Default.CodingAssistantsDocument, entries, $"{Key}.", problems);
        var given = entries.Where(e => e.Value.ValueKind != JsonValueKind.Null).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var defaults = new CodingAssistantsClusterProps { CatalogName = courseCatalog };
        var initScript = document.InitScriptPath ?? DefaultInitScript;
        var modeText = document.Mode;
        var mode = modeText is null ? defaults.Mode : SettingValues.ClusterModes.TryGetValue(modeText, out var m) ? m : (ClusterMode?)null;
        if (mode is null)
        {
            problems.Add(source, null, $"{Key}.mode", $"must be {SettingValues.Name(ClusterMode.SingleNode)} or {SettingValues.Name(ClusterMode.Standard)}, found \"{modeText}\"");
        }

        var provisioningText = document.Provisioning;
        var provisioning = provisioningText is null ? defaults.Provisioning : SettingValues.ProvisioningModes.TryGetValue(provisioningText, out var pr) ? pr : (Provisioning?)null;
        if (provisioning is null)
        {
            // The two values differ from their first letter: a value that starts like one (Policies, cluster) meant it.
            var typed = provisioningText!.Trim();
            var hint = SettingValues.ProvisioningModes.Keys.FirstOrDefault(v => typed.Length >= 4 && string.Compare(v, 0, typed, 0, 4, StringComparison.OrdinalIgnoreCase) == 0);
            problems.Add(source, null, $"{Key}.provisioning",
                $"must be \"{SettingValues.Name(Provisioning.Clusters)}\" or \"{SettingValues.Name(Provisioning.Policy)}\", found \"{provisioningText}\"" + (hint is null ? "" : $"; did you mean \"{hint}\"?"));
        }

        var catalog = document.CatalogName ?? defaults.CatalogName;
        var props = new CodingAssistantsClusterProps(defaults)
        {
            ClusterName = document.ClusterName ?? defaults.ClusterName,
            CatalogName = catalog,
            // Another catalog keeps the library default (`default` exists in a catalog made in the UI).
            SchemaName = document.SchemaName ?? (catalog == courseCatalog ? courseSchema ?? defaults.SchemaName : defaults.SchemaName),
            VolumeName = document.VolumeName ?? defaults.VolumeName,
            LogVolumeName = document.LogVolumeName ?? defaults.LogVolumeName,
            InitScriptPath = string.IsNullOrWhiteSpace(initScript) ? initScript : Path.Combine(projectDirectory, initScript),
            SparkVersion = document.SparkVersion ?? defaults.SparkVersion,
            NodeTypeId = document.NodeTypeId,
            MinNodeMemoryGb = document.MinNodeMemoryGb,
            AutoterminationMinutes = document.AutoterminationMinutes ?? defaults.AutoterminationMinutes,
            Mode = mode ?? defaults.Mode,
            NumWorkers = document.NumWorkers,
            MinWorkers = document.MinWorkers,
            MaxWorkers = document.MaxWorkers,
            MlflowExperimentName = document.MlflowExperimentName ?? defaults.MlflowExperimentName,
            CreateMlflowExperiment = document.CreateMlflowExperiment ?? defaults.CreateMlflowExperiment,
            Tracing = document.Tracing ?? defaults.Tracing,
            Tags = document.Tags ?? defaults.Tags,
            SingleUserName = document.SingleUserName,
            ModelName = document.ModelName ?? defaults.ModelName,
            OpusModelName = document.OpusModelName ?? defaults.OpusModelName,
            HaikuModelName = document.HaikuModelName ?? defaults.HaikuModelName,
            SqlWarehouseId = document.SqlWarehouseId,
            MlflowRequirementsPath = document.MlflowRequirementsPath is { } lockFile ? Path.Combine(projectDirectory, lockFile) : null,
            Offline = document.Offline ?? defaults.Offline,
            UserPermission = document.UserPermission ?? defaults.UserPermission,
            WorkspaceUrl = workspaceUrl,
            Provisioning = provisioning ?? defaults.Provisioning,
            MaxClustersPerUser = document.MaxClustersPerUser ?? defaults.MaxClustersPerUser,
            AllowedNodeTypeIds = document.AllowedNodeTypeIds ?? defaults.AllowedNodeTypeIds,
        };
        props = new CodingAssistantsClusterProps(props) { Users = Users(document, source, course, problems) };

        // Values of the wrong type were reported above and replaced by defaults; the rest is checked like any props. A
        // course catalog or schema taken over as the default is reported once, under its own key, not again here.
        var inherited = new[] { "catalog", "schema" }.Where(k => !given.Contains(k)).Select(k => $"{Key}.{k}").ToHashSet(StringComparer.Ordinal);
        problems.AddRange(props.Validate(source, SettingNames.Instance).Where(p => p.Field is null || !inherited.Contains(p.Field)));
        // A value of the wrong type was reported above already.
        if (backend != StateBackendType.Local && props.SingleUserName is null && props.Users.Count == 0 && !problems.Problems.Any(p => p.Field == $"{Key}.singleUserName"))
        {
            problems.Add(source, null, $"{Key}.singleUserName",
                $"is required with a shared state backend (backend type {backend.ToString().ToLowerInvariant()}): unset, the cluster's only user is "
                + "the identity that deploys, from CI a service principal, and no person could attach; name the person who uses the cluster");
        }

        if (course is not null && course.Roster.Entries.Count > 0 && props.CatalogName == course.CourseCatalogName)
        {
            CheckCourseAccess(props, course, source, problems);
        }

        return props;
    }

    /// <summary>The listed emails, then every active roster entry with one of the listed roles, each once, in that order.</summary>
    private static IReadOnlyList<string> Users(CodingAssistantsDocument document, string source, CourseWorkspaceProps? course, SettingsProblems problems)
    {
        var users = (document.Users ?? []).Select(u => u.ToLowerInvariant()).ToList();
        foreach (var role in document.UserRoles ?? [])
        {
            if (!RosterGroups.All.Contains(role))
            {
                problems.Add(source, null, $"{Key}.userRoles", $"unknown role \"{role}\"; the roster's roles are {string.Join(", ", RosterGroups.All.Select(r => $"\"{r}\""))}");
                continue;
            }

            users.AddRange(course?.Roster.Entries.Where(e => !e.Retired && e.Groups.Contains(role)).Select(e => e.UserName) ?? []);
        }

        return users.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The init script runs as the cluster's user, who must reach the volume: USE_CATALOG on the course catalog and
    /// USE_SCHEMA on its schema. This stack never grants those (a second authoritative grants resource on the course
    /// catalog would fight the course stack's); the course policy gives them to admins and super admins everywhere
    /// and to students on the shared schemas only.
    /// </summary>
    private static void CheckCourseAccess(CodingAssistantsClusterProps props, CourseWorkspaceProps course, string source, SettingsProblems problems)
    {
        var named = props.Users.Count > 0 ? props.Users : props.SingleUserName is { } single ? [single] : [];
        var field = props.Users.Count > 0 ? $"{Key}.users" : $"{Key}.singleUserName";
        foreach (var user in named)
        {
            var entry = course.Roster.Entries.FirstOrDefault(e => e.UserName == user && !e.Retired);
            var lacks = course.SuperAdmins.Contains(user) || entry?.IsAdmin == true ? null
                : entry?.IsStudent == true ? (course.CourseSharedSchemas.Contains(props.SchemaName) ? null : $"USE_SCHEMA on {props.CatalogName}.{props.SchemaName} (students get it on the course shared schemas only)")
                : $"USE_CATALOG on {props.CatalogName} and USE_SCHEMA on {props.CatalogName}.{props.SchemaName} (not an active roster entry or a super admin)";
            if (lacks is not null)
            {
                problems.Add(source, null, field,
                    $"'{user}' would lack {lacks}, so the cluster's init script could not be read from the volume; add the person to {course.Roster.SourceFile} as an admin or to superAdmins, or put the volume in a course shared schema");
            }
        }
    }

    /// <summary>
    /// The keys of the object by the <see cref="CodingAssistantsClusterProps"/> property each sets, so the props'
    /// validator, which names C# properties, reports under <c>codingAssistants.&lt;key&gt;</c>. The workspace URL comes
    /// from the app's own <c>databricksHost</c>.
    /// </summary>
    internal sealed class SettingNames : FieldNames
    {
        public static SettingNames Instance { get; } = new();

        public static readonly IReadOnlyDictionary<string, string> Keys = SettingsBinder.KeysOfProps<CodingAssistantsDocument, CodingAssistantsClusterProps>(SettingsJsonContext.Default.CodingAssistantsDocument);

        public override string Property(string propertyName) =>
            propertyName == nameof(CodingAssistantsClusterProps.WorkspaceUrl) ? "databricksHost"
            : Keys.TryGetValue(propertyName, out var key) ? $"{Key}.{key}" : propertyName;

        // Within a message the keys of the same object need no prefix; the users come from two keys.
        public override string InText(string propertyName) =>
            propertyName == nameof(CodingAssistantsClusterProps.Users) ? "users, userRoles"
            : Keys.TryGetValue(propertyName, out var key) ? key : Property(propertyName);

        // The provisioning is quoted as the messages have always quoted it; the cluster mode is written bare.
        public override string Value<TEnum>(TEnum value) => value is Provisioning ? $"'{SettingValues.Name(value)}'" : SettingValues.Name(value);
    }
}
