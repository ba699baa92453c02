using CdkInfra.Course.Content;
using CdkInfra.Naming;
using CdkInfra.Policy;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
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
        Policy = new AccessPolicy(props.AdminsGroupName, props.StudentsGroupName, props.SuperAdmins, props.StudentsReadPeerSchemas);

        // The roster map is written once; every per-user resource iterates over it.
        var roster = new TerraformLocal(this, "Roster", RosterMap(props));
        roster.OverrideLogicalId("roster");

        // Users and memberships follow the active entries only; a retired entry keeps its schema (see UserSchema).
        var activeRoster = new TerraformLocal(this, "ActiveRoster", $"${{{{ for email, user in local.{roster.FriendlyUniqueId} : email => user if !user.retired }}}}");
        activeRoster.OverrideLogicalId("active_roster");

        TerraformProvider? accountProvider = null;
        if (props.GroupsLevel != GroupsLevel.Workspace)
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
            AdminsGroupName = props.AdminsGroupName,
            StudentsGroupName = props.StudentsGroupName,
            CreateUsers = props.CreateUsers,
            CreateGroups = props.CreateGroups,
            GroupsLevel = props.GroupsLevel,
            AccountProvider = accountProvider,
            WorkspaceId = props.WorkspaceId,
        });

        var reference = new ReferenceCatalogs(this, "ReferenceCatalogs", new ReferenceCatalogsProps
        {
            Catalogs = props.ReferenceCatalogs,
            Policy = Policy,
            CreateCatalogs = props.CreateCatalogs,
            CreateSchemas = props.CreateSchemas,
            Principals = identities.GroupsReady,
            PreventDestroy = props.AllowDestroy != DestroyScope.All,
        });

        var course = new CourseCatalog(this, "CourseCatalog", new CourseCatalogProps
        {
            Name = props.CourseCatalogName,
            SharedSchemas = props.CourseSharedSchemas,
            Policy = Policy,
            CreateCatalog = props.CreateCatalogs,
            CreateSchemas = props.CreateSchemas,
            Principals = identities.GroupsReady,
            PreventDestroy = props.AllowDestroy != DestroyScope.All,
        });

        var personal = new UserSchema(this, "UserSchema", new UserSchemaProps
        {
            Roster = roster,
            CatalogName = props.CourseCatalogName,
            CatalogNameExpression = course.CatalogName,
            Policy = Policy,
            CreateSchemas = props.CreateSchemas,
            Principals = [identities.Users.Dependable, identities.GroupsReady],
            PreventDestroy = props.AllowDestroy == DestroyScope.None,
            Owner = props.AdminsGroupName,
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
                // permissions that name them must wait for the assignment, like every other grant.
                Principals = identities.GroupsReady,
            });
        }
    }

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
