using CdkInfra.Course.Content;
using CdkInfra.Naming;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using CdkInfra.Validation;

namespace CdkInfra.Course;

/// <summary>
/// Inputs of <see cref="CourseWorkspace"/> and of the parts of a course split into cohorts (<see cref="CourseBase"/>,
/// <see cref="CourseCohort"/>, <see cref="CourseAccess"/>). Every default is written here, once.
/// </summary>
public sealed class CourseWorkspaceProps
{
    /// <summary>Props with every default; set what differs in the initializer.</summary>
    public CourseWorkspaceProps()
    {
    }

    /// <summary>A copy of <paramref name="other"/>, to change some properties in the initializer.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public CourseWorkspaceProps(CourseWorkspaceProps other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Roster = other.Roster;
        PropsCopy.Into(other, this);
    }

    /// <summary>The people of the course. Required.</summary>
    public required CourseRoster Roster { get; init; }

    /// <summary>Display name of the admins group (roster value <c>admins</c>). Default: <c>platform_admins</c>.</summary>
    public string AdminsGroupName { get; init; } = "platform_admins";

    /// <summary>Display name of the students group (roster value <c>students</c>). Default: <c>platform_students</c>.</summary>
    public string StudentsGroupName { get; init; } = "platform_students";

    /// <summary>
    /// Principals (user names or service principal application ids) with ALL_PRIVILEGES on every catalog and schema.
    /// Default: none.
    /// </summary>
    public IReadOnlyList<string> SuperAdmins { get; init; } = [];

    /// <summary>
    /// The shared reference catalogs and their schemas; students may read them. Default: <c>sales_dev</c>,
    /// <c>sales_prod</c>, <c>marketing_dev</c> and <c>marketing_prod</c>, each with <c>bronze</c>, <c>silver</c> and
    /// <c>gold</c>, plus <c>experiments</c> in <c>marketing_dev</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReferenceCatalogs { get; init; } = DefaultReferenceCatalogs;

    /// <summary>The course catalog that holds the shared and personal schemas. Default: <c>databricks_course</c>.</summary>
    public string CourseCatalogName { get; init; } = "databricks_course";

    /// <summary>Schemas of the course catalog every student may read. Default: <c>shared_bronze</c>, <c>shared_silver</c>, <c>shared_gold</c>.</summary>
    public IReadOnlyList<string> CourseSharedSchemas { get; init; } = ["shared_bronze", "shared_silver", "shared_gold"];

    /// <summary>Whether students may read every personal schema (USE_SCHEMA, SELECT) for peer learning. Default: true.</summary>
    public bool StudentsReadPeerSchemas { get; init; } = true;

    /// <summary>
    /// Where the roster's users come from: <see cref="ObjectSource.Create"/> (the default) creates them,
    /// <see cref="ObjectSource.Existing"/> references workspace users by name, <see cref="ObjectSource.Adopt"/> creates them
    /// and imports the ones that exist already.
    /// </summary>
    public ObjectSource UserSource { get; init; } = ObjectSource.Create;

    /// <summary>
    /// Keep each user's display name equal to the roster's (true), or set it when the user is created and leave later
    /// changes to the account or the identity provider (false). Default: false: with identity federation the name is an
    /// account attribute, and an identity provider's sync would change it back on every run.
    /// </summary>
    public bool ManageDisplayNames { get; init; }

    /// <summary>
    /// Where the two course groups come from, at <see cref="GroupsLevel"/>: created (the default), existing (referenced by
    /// name) or adopted (created, the existing ones imported). Existing account groups are assigned to the workspace
    /// through the account API when <see cref="AccountId"/> is set, and through the workspace's own API (their members
    /// then managed in the account console) when it is not.
    /// </summary>
    public ObjectSource GroupSource { get; init; } = ObjectSource.Create;

    /// <summary>Where the reference catalogs and the course catalog come from. Default: created.</summary>
    public ObjectSource CatalogSource { get; init; } = ObjectSource.Create;

    /// <summary>Where the reference, shared and personal schemas come from. Default: created.</summary>
    public ObjectSource SchemaSource { get; init; } = ObjectSource.Create;

    /// <summary>
    /// Where the course's secret scope (<see cref="CourseSecretScope"/>) comes from. Default: created.
    /// <see cref="ObjectSource.Adopt"/> imports it by name, so it must exist (no data source lists secret scopes);
    /// <see cref="ObjectSource.Existing"/> only sets its access lists.
    /// </summary>
    public ObjectSource SecretScopeSource { get; init; } = ObjectSource.Create;

    /// <summary>
    /// The managed location of the catalogs the course creates (an <c>s3://</c>, <c>abfss://</c> or <c>gs://</c> URL under
    /// an external location the deployer may use), or null to store them under the metastore's storage root. Default:
    /// null. A metastore without a storage root (Default Storage: Free Edition, workspaces enabled for Unity Catalog
    /// automatically) refuses catalogs without one through the API; with null, the plan checks the metastore first and
    /// stops with a message saying what to set.
    /// </summary>
    public string? CatalogStorageRoot { get; init; }

    /// <summary>
    /// Which catalogs and schemas Terraform may destroy (or replace, which a rename is). Every catalog and schema
    /// resource carries <c>lifecycle { prevent_destroy }</c> unless this scope lifts it, so a plan that would drop one
    /// fails instead. Default: <see cref="DestroyScope.None"/>.
    /// </summary>
    public DestroyScope AllowDestroy { get; init; } = DestroyScope.None;

    /// <summary>
    /// Where the two course groups live. Default: <see cref="GroupsLevel.Workspace"/>, workspace-local groups, which need
    /// no account admin but which Unity Catalog refuses as principals.
    /// </summary>
    public GroupsLevel GroupsLevel { get; init; } = GroupsLevel.Workspace;

    /// <summary>
    /// Whom the Unity Catalog grants and owners name: roster users (<see cref="PrincipalMode.Users"/>) or the two
    /// groups (<see cref="PrincipalMode.Groups"/>, which must then be account groups). Default: users when the groups are
    /// workspace-local (<see cref="GroupsLevel.Workspace"/>), groups at every account level.
    /// </summary>
    public PrincipalMode? Principals { get; init; }

    /// <summary>The principal mode in effect: <see cref="Principals"/>, or its default for <see cref="GroupsLevel"/>.</summary>
    public PrincipalMode EffectivePrincipals => Principals ?? (GroupsLevel == GroupsLevel.Workspace ? PrincipalMode.Users : PrincipalMode.Groups);

    /// <summary>
    /// The owner of every personal schema: a user name or a service principal's application id, or an account group
    /// when <see cref="EffectivePrincipals"/> is groups. Default: none, so the identity that runs Terraform owns them
    /// (read with <c>data.databricks_current_user</c>) and keeps the right to update them later. Deploy with one
    /// identity, or pin it here: a change of owner updates every personal schema.
    /// </summary>
    public string? PersonalSchemaOwner { get; init; }

    /// <summary>
    /// The Databricks account id: with account groups, the stack manages them through the account API (account admin):
    /// required to create or adopt them. Default: none.
    /// </summary>
    public string? AccountId { get; init; }

    /// <summary>The account console URL for the account-level provider. Default: <c>https://accounts.azuredatabricks.net</c>.</summary>
    public string AccountHost { get; init; } = "https://accounts.azuredatabricks.net";

    /// <summary>
    /// A profile of <c>~/.databrickscfg</c> for the account-level provider. Default: none, so it authenticates from
    /// the environment (e.g. <c>DATABRICKS_CLIENT_ID</c>/<c>DATABRICKS_CLIENT_SECRET</c> or the Azure CLI).
    /// </summary>
    public string? AccountProfile { get; init; }

    /// <summary>The numeric id of the workspace the account groups are assigned to; required with <see cref="AccountId"/>. Default: none.</summary>
    public long? WorkspaceId { get; init; }

    /// <summary>
    /// The course material to deploy: notebooks, datasets and packages on disk. Default: none, so the workspace holds
    /// no course content. A folder that does not exist deploys nothing.
    /// </summary>
    public CourseMaterial? Material { get; init; }

    /// <summary>
    /// The workspace folder the notebooks, packages and <c>course_config.json</c> go to. Default:
    /// <c>/databricks_course</c>, at the workspace root, where only workspace admins can create objects. Not inside
    /// <c>/Shared</c> while <see cref="CourseFolderPermissions"/> is on: Databricks gives every user CAN_MANAGE there,
    /// inherited and impossible to lower, so students could edit the notebooks and rewrite <c>course_config.json</c>.
    ///
    /// </summary>
    public string CourseWorkspaceFolder { get; init; } = "/databricks_course";

    /// <summary>The course shared schema that holds the datasets volume. Default: the first of <see cref="CourseSharedSchemas"/>.</summary>
    public string? CourseDatasetsSchema { get; init; }

    /// <summary>The managed volume the datasets are uploaded to. Default: <c>course_datasets</c>.</summary>
    public string CourseDatasetsVolume { get; init; } = "course_datasets";

    /// <summary>
    /// Manage the course folder's workspace permissions (students CAN_READ, admins CAN_MANAGE). Default: true. Free
    /// Edition and some tiers have no workspace object permissions: set false there.
    /// </summary>
    public bool CourseFolderPermissions { get; init; } = true;

    /// <summary>
    /// What students compute on. Default: <see cref="StudentCompute.Serverless"/>, which creates nothing and applies on
    /// Free Edition (serverless only) and on Premium alike; <c>policy</c> and <c>shared</c> need classic compute.
    ///
    /// </summary>
    public StudentCompute StudentCompute { get; init; } = StudentCompute.Serverless;

    /// <summary>
    /// Also create a 2X-Small serverless SQL warehouse students may use (CAN_USE). Default: false (Free Edition has its
    /// one warehouse already).
    /// </summary>
    public bool StudentWarehouse { get; init; }

    /// <summary>Idle minutes before a student cluster (policy) or the shared cluster terminates; the policy's upper limit. Default: 30.</summary>
    public long StudentAutoterminationMinutes { get; init; } = 30;

    /// <summary>The most DBUs per hour a cluster under the student policy may cost. Default: 4.</summary>
    public long StudentMaxDbusPerHour { get; init; } = 4;

    /// <summary>
    /// Node types the student policy allows, the first also the shared cluster's. Default: none, so the policy limits
    /// cost through DBUs per hour only and the shared cluster takes the smallest node with a local disk and 4 cores.
    ///
    /// </summary>
    public IReadOnlyList<string> StudentNodeTypes { get; init; } = [];

    /// <summary>
    /// The secret scope the lessons read API and database credentials from (students READ, admins MANAGE); values are
    /// put with the CLI, never in configuration. Default: <c>course-apis</c>, the scope lesson 05 names. Null: no scope.
    ///
    /// </summary>
    public string? CourseSecretScope { get; init; } = "course-apis";

    /// <summary>
    /// Deploy the smoke-test job that runs every lesson's worked solution in order on serverless compute, for an
    /// instructor to run before a term (<c>make course-smoke</c>). Default: true (nothing is deployed without
    /// solutions).
    /// </summary>
    public bool CourseSmokeJob { get; init; } = true;

    /// <summary>
    /// The user the smoke-test job runs as (<c>run_as</c>): the user name of an active roster entry in the students
    /// group only (a test student such as <c>test.student@example.com</c>), so the run meets a student's rights and
    /// works whoever deploys, a service principal included (its application id has no personal schema). The user
    /// gets CAN_READ on the solutions folder. Setting another user than oneself as run_as needs a workspace admin.
    /// Default: null, the job runs as its owner, the deploying identity, who then needs a roster entry.
    /// </summary>
    public string? CourseSmokeRunAs { get; init; }

    /// <summary>
    /// An existing cluster for the smoke-test job's tasks, for a workspace without serverless jobs compute: its
    /// cluster id. The run-as user needs CAN_RESTART on it, and it must run a Unity Catalog access mode on the runtime
    /// the course needs (Databricks Runtime 17.3 LTS or newer). Default: null, serverless jobs compute.
    /// </summary>
    public string? CourseSmokeClusterId { get; init; }

    /// <summary>
    /// Split the roster into cohorts of at most this many people, each in a stack of its own, filled in roster order
    /// by the entries that name no <c>cohort</c>. Null (the default): a single stack, unless entries name cohorts.
    /// See <see cref="CdkInfra.Roster.CourseCohorts"/>.
    /// </summary>
    public long? CohortSize { get; init; }

    /// <summary>The names of the roster's cohorts in order, one <see cref="CourseCohort"/> each; none when it is not split.</summary>
    public IReadOnlyList<string> CohortNames() => Cohorts.Select(c => c.Name).ToList();

    /// <summary>The cohorts of the roster (none when it is not split).</summary>
    internal IReadOnlyList<CdkInfra.Roster.Cohort> Cohorts => CdkInfra.Roster.CourseCohorts.Split(Roster, CohortSize);

    /// <summary>Whether this stack creates the users (created or adopted).</summary>
    internal bool CreatesUsers => UserSource != ObjectSource.Existing;

    /// <summary>Whether this stack creates the catalogs.</summary>
    internal bool CreatesCatalogs => CatalogSource != ObjectSource.Existing;

    /// <summary>Whether this stack creates the schemas.</summary>
    internal bool CreatesSchemas => SchemaSource != ObjectSource.Existing;

    /// <summary>How the groups are set up: the level, the source and whether the account API is used.</summary>
    internal GroupsSetup GroupsSetup => (GroupsLevel, GroupSource, AccountId) switch
    {
        (GroupsLevel.Workspace, _, _) => GroupsSetup.Workspace,
        (_, ObjectSource.Existing, null) => GroupsSetup.AccountUi,
        (_, ObjectSource.Existing, _) => GroupsSetup.AccountExisting,
        _ => GroupsSetup.Account,
    };

    /// <summary>Whether this stack creates the two groups (workspace-local or at account level).</summary>
    internal bool CreatesGroups => GroupSource != ObjectSource.Existing;

    /// <summary>The kinds of object this stack adopts with import blocks.</summary>
    internal IReadOnlySet<AdoptKind> AdoptedKinds
    {
        get
        {
            var kinds = new HashSet<AdoptKind>();
            foreach (var (source, kind) in new[] { (CatalogSource, AdoptKind.Catalogs), (SchemaSource, AdoptKind.Schemas),
                (GroupSource, AdoptKind.Groups), (UserSource, AdoptKind.Users), (SecretScopeSource, AdoptKind.SecretScope) })
            {
                if (source == ObjectSource.Adopt)
                {
                    kinds.Add(kind);
                }
            }

            return kinds;
        }
    }

    /// <summary>The schema of the datasets volume: <see cref="CourseDatasetsSchema"/>, else the first shared schema.</summary>
    internal string DatasetsSchemaName => CourseDatasetsSchema ?? CourseSharedSchemas.FirstOrDefault() ?? "";

    /// <summary>The default reference catalogs and their medallion schemas.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultReferenceCatalogs { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["sales_dev"] = ["bronze", "silver", "gold"],
            ["sales_prod"] = ["bronze", "silver", "gold"],
            ["marketing_dev"] = ["bronze", "silver", "gold", "experiments"],
            ["marketing_prod"] = ["bronze", "silver", "gold"],
        };

    /// <summary>Catalog names the platform uses itself; neither the course nor a reference catalog may take them.</summary>
    internal static IReadOnlyList<string> SystemCatalogNames { get; } = ["system", "hive_metastore", "samples", "__databricks_internal"];

    /// <summary>Schema names Unity Catalog itself uses in every catalog; no personal schema may take them.</summary>
    internal static IReadOnlyList<string> SystemSchemaNames { get; } = ["default", "information_schema"];

    /// <summary>
    /// Checks the props (names, principals, collisions between catalogs and schemas) and returns every problem.
    /// Fields are named by their C# property names unless <paramref name="names"/> spells them otherwise (the app's
    /// settings layer names its <c>cdktf.json</c> keys); <paramref name="source"/> names where the values came from.
    /// </summary>
    public IReadOnlyList<InputProblem> Validate(string source, FieldNames? names = null)
    {
        var problems = new ProblemCollector();
        var r = new PropsReport(problems, source, names ?? FieldNames.CSharp);
        CheckName(r, nameof(AdminsGroupName), AdminsGroupName, "group");
        CheckName(r, nameof(StudentsGroupName), StudentsGroupName, "group");
        if (string.Equals(AdminsGroupName, StudentsGroupName, StringComparison.OrdinalIgnoreCase))
        {
            r.Add(nameof(StudentsGroupName), $"'{StudentsGroupName}' is also the admins group; the two groups need different names");
        }

        var seenSuperAdmins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var principal in SuperAdmins)
        {
            if (string.IsNullOrWhiteSpace(principal) || principal.Any(char.IsWhiteSpace) || principal.Length > UcIdentifier.MaxLength)
            {
                r.Add(nameof(SuperAdmins), $"'{principal}' is not a principal (a user name or an application id, no spaces, at most 255 characters)");
            }
            else if (principal.Contains('@') && principal != principal.ToLowerInvariant())
            {
                r.Add(nameof(SuperAdmins), $"'{principal}' must be lower-case: Databricks stores user names in lower case and grants compare them exactly");
            }
            else if (!seenSuperAdmins.Add(principal))
            {
                r.Add(nameof(SuperAdmins), $"'{principal}' is listed twice");
            }
            else if (principal == AdminsGroupName || principal == StudentsGroupName)
            {
                r.Add(nameof(SuperAdmins), $"'{principal}' is a course group, not a person");
            }
            else if (principal == Policy.AccessPolicy.DeployingIdentity)
            {
                // The policy writes this reference itself; as input it would reach Terraform as an expression, not text.
                r.Add(nameof(SuperAdmins), $"'{principal}' is the library's reference to the deploying identity, not a principal");
            }
        }

        CheckName(r, nameof(CourseCatalogName), CourseCatalogName, "catalog");
        CheckCatalogNotReserved(r, nameof(CourseCatalogName), CourseCatalogName);
        foreach (var (catalog, schemas) in ReferenceCatalogs)
        {
            CheckName(r, nameof(ReferenceCatalogs), catalog, "catalog");
            CheckCatalogNotReserved(r, nameof(ReferenceCatalogs), catalog);
            if (catalog == CourseCatalogName)
            {
                r.Add(nameof(ReferenceCatalogs), $"'{catalog}' is also the course catalog");
            }

            if (schemas.Count == 0)
            {
                r.Add(nameof(ReferenceCatalogs), $"catalog '{catalog}' lists no schemas");
            }

            CheckSchemaList(r, nameof(ReferenceCatalogs), schemas, $"catalog '{catalog}'");
        }

        CheckSchemaList(r, nameof(CourseSharedSchemas), CourseSharedSchemas, "the course catalog");
        CheckGroupsLevel(r);
        CheckPrincipals(r);
        CheckStudentAccess(r);
        CheckContent(r);
        CheckCohorts(r);
        return problems.Problems;
    }

    private void CheckCohorts(PropsReport r)
    {
        if (CohortSize is < 1)
        {
            r.Add(nameof(CohortSize), $"{CohortSize} is not a cohort size: give the most people one cohort's stack holds (1 or more)");
        }

        r.Problems.AddRange(CdkInfra.Roster.CourseCohorts.Check(Roster, CohortSize, r.Name(nameof(CohortSize))));
    }

    /// <summary>The problems of building the part of a split roster named <paramref name="part"/> from these props.</summary>
    internal IReadOnlyList<InputProblem> ValidatePart(string source, CourseWorkspacePart part, string? cohort)
    {
        var problems = new ProblemCollector();
        var r = new PropsReport(problems, source, FieldNames.CSharp);
        if (part == CourseWorkspacePart.Cohort && !Cohorts.Any(c => c.Name == cohort))
        {
            r.Add("cohort", $"the roster has no cohort '{cohort}'");
        }
        else if (part != CourseWorkspacePart.All && Cohorts.Count == 0)
        {
            r.Add(nameof(CohortSize), $"the {part} part needs a roster split into cohorts (a cohort field or {r.Name(nameof(CohortSize))})");
        }

        return problems.Problems;
    }

    private void CheckStudentAccess(PropsReport r)
    {
        // Provider docs (databricks_cluster): autotermination_minutes is 10 to 10000, or 0 for none, which a course does not want.
        if (StudentAutoterminationMinutes is < 10 or > 10000)
        {
            r.Add(nameof(StudentAutoterminationMinutes), $"{StudentAutoterminationMinutes} is outside 10..10000 (minutes of idleness before a cluster terminates)");
        }

        if (StudentMaxDbusPerHour is < 1 or > 1000)
        {
            r.Add(nameof(StudentMaxDbusPerHour), $"{StudentMaxDbusPerHour} is outside 1..1000");
        }

        foreach (var node in StudentNodeTypes.Where(n => string.IsNullOrWhiteSpace(n) || n.Any(char.IsWhiteSpace) || n.Length > 100))
        {
            r.Add(nameof(StudentNodeTypes), $"'{node}' is not a node type id (such as Standard_DS3_v2 or i3.xlarge)");
        }

        // Secrets API: a scope name has at most 128 characters: letters, digits, dashes, underscores, periods and '@'.
        if (CourseSecretScope is { } scope && (scope.Length is 0 or > 128 || !scope.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@')))
        {
            r.Add(nameof(CourseSecretScope), $"'{scope}' is not a secret scope name (at most 128 letters, digits, '-', '_', '.', '@')");
        }
    }

    private void CheckPrincipals(PropsReport r)
    {
        // PlatformRules.LocalGroupsAreNotUnityCatalogPrincipals: a grant or owner naming a workspace-local group fails at apply.
        var refused = Policy.PlatformRules.RefusedUnityCatalogPrincipals(this);
        if (EffectivePrincipals == PrincipalMode.Groups && refused.Count > 0)
        {
            r.Add(nameof(Principals),
                $"{r.Value(PrincipalMode.Groups)} with {r.Name(nameof(GroupsLevel))} {r.Value(GroupsLevel.Workspace)} cannot apply: workspace-local groups are not Unity Catalog "
                + $"principals (grants fail with 'Could not find principal'); set {r.Name(nameof(Principals))} to {r.Value(PrincipalMode.Users)} (workspace admin is "
                + $"enough), or keep {r.Value(PrincipalMode.Groups)} with account groups ({r.Name(nameof(GroupsLevel))} {r.Value(GroupsLevel.Account)}: groups an admin created "
                + $"in the workspace admin settings with {r.Name(nameof(GroupSource))} {r.Value(ObjectSource.Existing)}, or through the account API with {r.Name(nameof(AccountId))}, account admin)");
        }

        if (CatalogStorageRoot is { } storageRoot && !(storageRoot.StartsWith("s3://", StringComparison.Ordinal) || storageRoot.StartsWith("abfss://", StringComparison.Ordinal)
            || storageRoot.StartsWith("gs://", StringComparison.Ordinal) || storageRoot.StartsWith("r2://", StringComparison.Ordinal)))
        {
            r.Add(nameof(CatalogStorageRoot), $"'{storageRoot}' is not a cloud storage URL (s3://, abfss://, gs:// or r2://)");
        }

        if (PersonalSchemaOwner is { } owner)
        {
            if (string.IsNullOrWhiteSpace(owner) || owner.Length > UcIdentifier.MaxLength || (owner.Contains('@') && owner.Any(char.IsWhiteSpace)))
            {
                r.Add(nameof(PersonalSchemaOwner), $"'{owner}' is not a principal (a user name, an application id or an account group)");
            }
            else if (owner.Contains('@') && owner != owner.ToLowerInvariant())
            {
                r.Add(nameof(PersonalSchemaOwner), $"'{owner}' must be lower-case: Databricks stores user names in lower case");
            }
            else if (refused.Contains(owner))
            {
                r.Add(nameof(PersonalSchemaOwner),
                    $"'{owner}' is a workspace-local group, which Unity Catalog refuses as an owner; leave {r.Name(nameof(PersonalSchemaOwner))} out (the deploying identity owns the schemas) or name a user or an account group");
            }
        }
    }

    private void CheckGroupsLevel(PropsReport r)
    {
        // Account groups that exist already need no account API: they are assigned through the workspace's own.
        if (GroupsLevel == GroupsLevel.Workspace || (GroupSource == ObjectSource.Existing && AccountId is null))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(AccountId))
        {
            r.Add(nameof(AccountId),
                $"is required when {r.Name(nameof(GroupsLevel))} is {r.Value(GroupsLevel)} and {r.Name(nameof(GroupSource))} is {r.Value(GroupSource)} (the account-level provider needs it)");
        }
        else if (!Guid.TryParse(AccountId, out _))
        {
            r.Add(nameof(AccountId), $"'{AccountId}' is not an account id (a UUID such as 00000000-0000-0000-0000-000000000000)");
        }

        if (WorkspaceId is not > 0)
        {
            r.Add(nameof(WorkspaceId), $"is required with account groups managed through the account API: the numeric workspace id the groups are assigned to");
        }

        if (!AccountHost.StartsWith("https://", StringComparison.Ordinal) || AccountHost.Any(char.IsWhiteSpace))
        {
            r.Add(nameof(AccountHost), $"'{AccountHost}' is not an https URL");
        }
    }

    private static void CheckCatalogNotReserved(PropsReport r, string key, string catalog)
    {
        if (SystemCatalogNames.Contains(catalog))
        {
            r.Add(key, $"'{catalog}' is a catalog the platform manages itself; choose another name");
        }
    }

    /// <summary>Names of the course catalog that no personal schema may take, each with the reason.</summary>
    internal IReadOnlyDictionary<string, string> ReservedCourseSchemaNames()
    {
        var reserved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SystemSchemaNames)
        {
            reserved[name] = "a schema Unity Catalog creates in every catalog";
        }

        foreach (var name in CourseSharedSchemas)
        {
            reserved[name] = "a shared schema of the course catalog";
        }

        return reserved;
    }

    private void CheckContent(PropsReport r)
    {
        var folder = CourseWorkspaceFolder;
        if (!folder.StartsWith('/') || folder.Length < 2 || folder.EndsWith('/') || folder.Contains("//")
            || folder.Split('/').Any(s => s is "." or "..") || folder.Any(char.IsWhiteSpace))
        {
            r.Add(nameof(CourseWorkspaceFolder),
                $"'{folder}' is not a workspace folder: an absolute path such as /databricks_course, without '//', '.', '..', spaces or a trailing '/'");
        }
        else if (CourseFolderPermissions && IsInShared(folder))
        {
            r.Add(nameof(CourseWorkspaceFolder),
                $"'{folder}' is inside /Shared, where Databricks gives every user CAN_MANAGE (inherited, it cannot be lowered), so students "
                + "could edit the notebooks and rewrite course_config.json and the folder permissions would not hold; use a folder at the "
                + $"workspace root such as /databricks_course (only workspace admins can create there), or set {r.Name(nameof(CourseFolderPermissions))} to false");
        }

        if (!CourseSharedSchemas.Contains(DatasetsSchemaName))
        {
            r.Add(nameof(CourseDatasetsSchema),
                $"'{DatasetsSchemaName}' is not a course shared schema ({string.Join(", ", CourseSharedSchemas)}); the datasets volume lives in one, so students can reach it");
        }

        CheckName(r, nameof(CourseDatasetsVolume), CourseDatasetsVolume, "volume");
        CheckSmokeJob(r);
        if (Material is not null)
        {
            r.Problems.AddRange(NotebookValidator.Validate(Material));
        }
    }

    private void CheckSmokeJob(PropsReport r)
    {
        // The job exists only with solutions to run; without it the settings name no one.
        if (!CourseSmokeJob || Material is null || MaterialScan.Of(Material).SolutionNotebooks.Count == 0)
        {
            return;
        }

        if (CourseSmokeRunAs is { } runAs)
        {
            var entry = Roster.Entries.FirstOrDefault(e => string.Equals(e.UserName, runAs, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                r.Add(nameof(CourseSmokeRunAs),
                    $"'{runAs}' is not a user of {Roster.SourceFile}: the smoke-test job runs as a test student of the roster; add an entry with \"groups\": [\"students\"] or name one");
            }
            else if (entry.UserName != runAs)
            {
                r.Add(nameof(CourseSmokeRunAs), $"'{runAs}' must be written as the roster writes it, '{entry.UserName}' (Databricks compares user names exactly)");
            }
            else if (entry.Retired)
            {
                r.Add(nameof(CourseSmokeRunAs), $"'{runAs}' is {entry.Describe()} of {Roster.SourceFile}, whose status is retired: the job can only run as an active user");
            }
            else if (!entry.IsStudent || entry.IsAdmin)
            {
                r.Add(nameof(CourseSmokeRunAs),
                    $"'{runAs}' is {entry.Describe()} of {Roster.SourceFile}, whose field groups is [{string.Join(", ", entry.Groups)}]: the smoke-test job runs as a student (groups [\"students\"] only), so it meets what students meet");
            }
        }

        if (CourseSmokeClusterId is { } cluster && (cluster.Length is 0 or > 100 || !cluster.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            r.Add(nameof(CourseSmokeClusterId), $"'{cluster}' is not a cluster id (letters, digits, '-' and '_', such as 0123-456789-abcdefgh)");
        }
    }

    // The Workspace API also accepts paths with the /Workspace prefix.
    private static bool IsInShared(string folder) =>
        new[] { "/Shared", "/Workspace/Shared" }.Any(shared => folder == shared || folder.StartsWith(shared + "/", StringComparison.Ordinal));

    private static void CheckSchemaList(PropsReport r, string key, IReadOnlyList<string> schemas, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            CheckName(r, key, schema, "schema");
            if (SystemSchemaNames.Contains(schema))
            {
                r.Add(key, $"'{schema}' in {where} is a schema Unity Catalog manages itself");
            }

            if (!seen.Add(schema))
            {
                r.Add(key, $"'{schema}' is listed twice in {where}");
            }
        }
    }

    private static void CheckName(PropsReport r, string key, string name, string what)
    {
        if (name.Length > UcIdentifier.MaxLength)
        {
            r.Add(key, $"'{name[..40]}...' is {name.Length} characters long; a {what} name has at most {UcIdentifier.MaxLength}");
        }
        else if (!UcIdentifier.IsValid(name))
        {
            r.Add(key, $"'{name}' is not a valid {what} name ({UcIdentifier.AllowedForm})");
        }
    }
}
