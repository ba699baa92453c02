using CdkInfra.Course.Content;
using CdkInfra.Naming;
using CdkInfra.Policy;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCurrentUser;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.Course;

/// <summary>
/// The whole course workspace (L3): identities from the roster, the shared reference catalogs, the course catalog
/// with its shared schemas, one personal schema per user, and the grants of the access policy. Needs a Databricks
/// provider in the stack. One per stack: its Terraform addresses are fixed (<c>databricks_schema.personal_schemas</c>).
/// </summary>
public sealed class CourseWorkspace : Construct
{
    /// <summary>Validates the props, then builds the workspace. Throws <see cref="InputValidationException"/> listing every problem.</summary>
    public CourseWorkspace(Construct scope, string id, CourseWorkspaceProps props)
        : base(scope, id)
    {
        var problems = new ProblemCollector();
        problems.AddRange(props.Validate("CourseWorkspaceProps"));
        problems.ThrowIfAny();
        SchemaNameByUser = SchemaNames.Resolve(props.Roster, props.ReservedCourseSchemaNames());
        Policy = new AccessPolicy(props.AdminsGroupName, props.StudentsGroupName, props.SuperAdmins, props.StudentsReadPeerSchemas, props.EffectivePrincipals);

        // The roster map is written once; every per-user resource iterates over it.
        var roster = new TerraformLocal(this, "Roster", RosterMap(props));
        roster.OverrideLogicalId("roster");
        PersonalSchemas = $"${{{{ for email, user in local.{roster.FriendlyUniqueId} : email => \"{props.CourseCatalogName}.${{user.schema_name}}\" if !user.retired }}}}";
        WorkspaceFolder = props.CourseWorkspaceFolder;

        // Users and memberships follow the active entries only; a retired entry keeps its schema (see UserSchema).
        var activeRoster = new TerraformLocal(this, "ActiveRoster", $"${{{{ for email, user in local.{roster.FriendlyUniqueId} : email => user if !user.retired }}}}");
        activeRoster.OverrideLogicalId("active_roster");

        var members = new RosterMembers(this, activeRoster);
        TerraformProvider? accountProvider = null;
        if (props.GroupsLevel is GroupsLevel.Account or GroupsLevel.AccountExisting)
        {
            // No credentials: the account provider authenticates from the environment or the named profile.
            accountProvider = new DatabricksProvider(this, "AccountProvider", new DatabricksProviderConfig
            {
                Alias = "account",
                Host = TerraformText.LiteralOrNull(props.AccountHost),
                AccountId = TerraformText.LiteralOrNull(props.AccountId),
                Profile = TerraformText.LiteralOrNull(props.AccountProfile),
            });
        }

        var identities = new CourseIdentities(this, "Identities", new CourseIdentitiesProps
        {
            ActiveRoster = activeRoster,
            Members = members,
            AdminsGroupName = props.AdminsGroupName,
            StudentsGroupName = props.StudentsGroupName,
            CreateUsers = props.CreateUsers,
            ManageDisplayNames = props.ManageDisplayNames,
            CreateGroups = props.CreateGroups,
            GroupsLevel = props.GroupsLevel,
            AccountProvider = accountProvider,
            WorkspaceId = props.WorkspaceId,
        });

        // Unity Catalog grants wait for every principal they may name: roster users (super admins may be among them)
        // and, when the policy names groups, the groups in the workspace. Each grants resource here is one instance or a
        // handful, so waiting for the roster-sized users costs Terraform time linear in the roster.
        ITerraformDependable[] ucPrincipals = props.EffectivePrincipals == PrincipalMode.Users
            ? [identities.Users.Dependable]
            : [identities.Users.Dependable, identities.GroupsReady];
        var reference = new ReferenceCatalogs(this, "ReferenceCatalogs", new ReferenceCatalogsProps
        {
            Catalogs = props.ReferenceCatalogs,
            Policy = Policy,
            CreateCatalogs = props.CreateCatalogs,
            CreateSchemas = props.CreateSchemas,
            Principals = ucPrincipals,
            Members = members,
            PreventDestroy = props.AllowDestroy != DestroyScope.All,
        });

        var course = new CourseCatalog(this, "CourseCatalog", new CourseCatalogProps
        {
            Name = props.CourseCatalogName,
            SharedSchemas = props.CourseSharedSchemas,
            Policy = Policy,
            CreateCatalog = props.CreateCatalogs,
            CreateSchemas = props.CreateSchemas,
            Principals = ucPrincipals,
            Members = members,
            PreventDestroy = props.AllowDestroy != DestroyScope.All,
        });

        // The deploying identity owns the personal schemas unless the settings name an owner: it always exists, Unity
        // Catalog accepts it (a user, or a service principal by application id), and as owner it keeps the right to
        // update them (provider issues 3773, 2109: updates by a non-owner fail with "User is not an owner").
        // The deploying identity: the personal schemas' owner unless the settings name one, and, with users as
        // principals, a grantee of every securable. It always exists, Unity Catalog accepts it (a user, or a service
        // principal by application id), and as owner it keeps the right to update the schemas (provider issues 3773,
        // 2109: an update by a non-owner fails with "User is not an owner").
        var deployer = new DataDatabricksCurrentUser(this, "Deployer", new DataDatabricksCurrentUserConfig());
        deployer.OverrideLogicalId("deployer");
        var owner = props.PersonalSchemaOwner is { } pinned ? TerraformText.Literal(pinned) : AccessPolicy.DeployingIdentity;

        var personal = new UserSchema(this, "UserSchema", new UserSchemaProps
        {
            Roster = roster,
            CatalogName = props.CourseCatalogName,
            CatalogNameExpression = course.CatalogName,
            Policy = Policy,
            CreateSchemas = props.CreateSchemas,
            Principals = ucPrincipals,
            OwnerReady = props.PersonalSchemaOwner is null ? [] : [identities.Users.Dependable, identities.GroupsReady],
            PreventDestroy = props.AllowDestroy == DestroyScope.None,
            Owner = owner,
            Members = members,
        });

        Students = new StudentAccess(this, "Students", new StudentAccessProps
        {
            AdminsGroupName = props.AdminsGroupName,
            StudentsGroupName = props.StudentsGroupName,
            Groups = identities.Groups,
            GroupsReady = identities.GroupsReady,
            Compute = props.StudentCompute,
            Warehouse = props.StudentWarehouse,
            AutoterminationMinutes = props.StudentAutoterminationMinutes,
            MaxDbusPerHour = props.StudentMaxDbusPerHour,
            NodeTypes = props.StudentNodeTypes,
            SecretScope = props.CourseSecretScope,
        });

        var groupsCreated = props.GroupsLevel == GroupsLevel.Account || (props.GroupsLevel == GroupsLevel.Workspace && props.CreateGroups);
        Adoption = new Adoption(this, "Adoption", new AdoptionProps
        {
            Kinds = props.AdoptExisting,
            ReferenceCatalogs = props.CreateCatalogs ? reference.Catalogs : null,
            CourseCatalog = props.CreateCatalogs ? course.Catalog : null,
            ReferenceCatalogNames = props.ReferenceCatalogs,
            CourseCatalogName = props.CourseCatalogName,
            SharedSchemaNames = props.CourseSharedSchemas,
            Schemas = props.CreateSchemas ? (reference.Schemas, course.SharedSchemas, personal.Schemas) : null,
            Roster = roster,
            ActiveRoster = activeRoster,
            Users = props.CreateUsers ? identities.Users : null,
            Groups = groupsCreated ? identities.Groups : null,
            GroupNames = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Roster.RosterGroups.Admins] = props.AdminsGroupName,
                [Roster.RosterGroups.Students] = props.StudentsGroupName,
            },
            GroupsProvider = accountProvider,
        });

        // Course content is a constant: it adds no per-user resource, only the roster's names to course_config.json.
        if (props.Material is { HasAny: true } material)
        {
            Content = new CourseContent(this, "Content", new CourseContentProps
            {
                Material = material,
                WorkspaceFolder = props.CourseWorkspaceFolder,
                CatalogName = props.CourseCatalogName,
                CatalogNameExpression = course.CatalogName,
                SharedSchemas = props.CourseSharedSchemas,
                SharedSchemasDependable = course.SharedSchemas.Dependable,
                DatasetsSchema = props.DatasetsSchemaName,
                DatasetsVolume = props.CourseDatasetsVolume,
                FolderPermissions = props.CourseFolderPermissions,
                SmokeJob = props.CourseSmokeJob,
                Roster = roster,
                Policy = Policy,
                // At account level the groups exist before they are assigned to the workspace; grants and folder
                // permissions that name them must wait for the assignment, like every other grant. When the policy
                // names users, the volume's grants name super admins, who may be roster users created here: the course
                // catalog's grants wait for the users and the groups both.
                Principals = props.EffectivePrincipals == PrincipalMode.Users ? course.CatalogGrants : identities.GroupsReady,
            });
        }
    }

    /// <summary>
    /// A Terraform map of each active user's personal schema (email to <c>catalog.schema</c>), built from the roster
    /// local, so it costs nothing per user at synthesis.
    /// </summary>
    public string PersonalSchemas { get; }

    /// <summary>The course folder in the workspace.</summary>
    public string WorkspaceFolder { get; }

    /// <summary>Entitlements, student compute and the secret scope.</summary>
    public StudentAccess Students { get; }

    /// <summary>The deployed course material; null when the props name no existing content folder.</summary>
    public CourseContent? Content { get; }

    /// <summary>Each user's personal schema name, by user name (lower-case email), in roster order.</summary>
    public IReadOnlyDictionary<string, string> SchemaNameByUser { get; }

    /// <summary>The access policy this workspace grants.</summary>
    public AccessPolicy Policy { get; }

    /// <summary>The import blocks that adopt existing objects (none unless <see cref="CourseWorkspaceProps.AdoptExisting"/> is set).</summary>
    public Adoption Adoption { get; }

    private Dictionary<string, object> RosterMap(CourseWorkspaceProps props)
    {
        var map = new Dictionary<string, object>(props.Roster.Entries.Count, StringComparer.Ordinal);
        foreach (var entry in props.Roster.Entries)
        {
            // The roster is input: its text reaches Terraform as literals (keys too: HCL reads JSON keys as templates).
            map[TerraformText.Literal(entry.UserName)] = new Dictionary<string, object>(4, StringComparer.Ordinal)
            {
                ["display_name"] = TerraformText.Literal(entry.DisplayName),
                ["schema_name"] = TerraformText.Literal(SchemaNameByUser[entry.UserName]),
                ["groups"] = entry.Groups.ToArray(),
                ["retired"] = entry.Retired,
            };
        }

        return map;
    }
}
