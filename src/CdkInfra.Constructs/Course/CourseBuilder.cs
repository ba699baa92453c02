using CdkInfra.Course.Content;
using CdkInfra.Naming;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCatalogs;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCurrentMetastore;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCurrentUser;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksUsers;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.Course;

/// <summary>
/// Builds a course workspace, or one part of a roster split into cohorts, into the construct that owns it. Every part
/// is built by the same steps, so a part's resources sit at the whole workspace's addresses.
/// </summary>
internal sealed class CourseBuilder
{
    private readonly Construct _scope;

    /// <summary>Validates the props, then builds <paramref name="part"/> into <paramref name="scope"/>. Throws <see cref="InputValidationException"/> listing every problem.</summary>
    public CourseBuilder(Construct scope, CourseWorkspaceProps props, CourseWorkspacePart part, string? cohort = null)
    {
        _scope = scope;
        var problems = new ProblemCollector();
        problems.AddRange(props.Validate("CourseWorkspaceProps"));
        problems.AddRange(props.ValidatePart("CourseWorkspaceProps", part, cohort));
        problems.ThrowIfAny();
        var withUsers = part is CourseWorkspacePart.All or CourseWorkspacePart.Cohort;
        var withSecurables = part is CourseWorkspacePart.All or CourseWorkspacePart.Base;

        // Schema names are resolved over the whole roster in every part, so a cohort's names never collide with another's.
        SchemaNameByUser = SchemaNames.Resolve(props.Roster, props.ReservedCourseSchemaNames());
        Policy = PolicyOf(props);

        // The roster map is written once; every per-user resource iterates over it. A cohort's stack holds its own entries.
        var entries = part == CourseWorkspacePart.Cohort ? props.Cohorts.First(c => c.Name == cohort).Entries : props.Roster.Entries;
        var roster = new TerraformLocal(_scope, "Roster", RosterMap(entries));
        roster.OverrideLogicalId("roster");
        PersonalSchemas = $"${{{{ for email, user in local.{roster.FriendlyUniqueId} : email => \"{props.CourseCatalogName}.${{user.schema_name}}\" if !user.retired }}}}";
        WorkspaceFolder = props.CourseWorkspaceFolder;

        // Users and memberships follow the active entries only; a retired entry keeps its schema (see UserSchema).
        var activeRoster = new TerraformLocal(_scope, "ActiveRoster", $"${{{{ for email, user in local.{roster.FriendlyUniqueId} : email => user if !user.retired }}}}");
        activeRoster.OverrideLogicalId("active_roster");

        var members = new RosterMembers(_scope, activeRoster);

        // The deploying identity: the personal schemas' owner unless the settings name one, and, with users as
        // principals, a grantee of every securable. It always exists, Unity Catalog accepts it (a user, or a service
        // principal by application id), and as owner it keeps the right to update the schemas (provider issues 3773,
        // 2109: an update by a non-owner fails with "User is not an owner").
        var deployer = new DataDatabricksCurrentUser(_scope, "Deployer", new DataDatabricksCurrentUserConfig());
        deployer.OverrideLogicalId("deployer");
        Deployer = deployer;
        if (part is CourseWorkspacePart.All or CourseWorkspacePart.Access)
        {
            SuperAdminsPreflight(props);
        }

        if (part == CourseWorkspacePart.Access)
        {
            // The access stack of a split roster: the grants of each shared securable, at the single stack's addresses,
            // naming the securables by name (the base stack owns them). Authoritative grants name every cohort's people
            // (the cohort stacks create them; the stacks' order makes both exist first); of the per-principal grants it
            // holds the rows that are nobody's in the roster, each cohort holding its members'.
            (ReferenceCatalogs, CourseCatalog) = BuildCatalogs(props, members, [], CatalogParts.Grants);
            _ = new RemovedBlocks(_scope, "OtherGrantShape", OtherShapeAddresses(ReferenceCatalogs, CourseCatalog));
            if (props.Material is { HasAny: true } shared && CourseContent.HasDatasets(shared))
            {
                DatasetsVolumeGrants = CourseContent.AddDatasetsVolumeGrants(_scope,
                    $"{props.CourseCatalogName}.{props.DatasetsSchemaName}.{props.CourseDatasetsVolume}", Policy, null);
            }

            return;
        }

        TerraformProvider? accountProvider = null;
        if (props.GroupsSetup is GroupsSetup.Account or GroupsSetup.AccountExisting)
        {
            // No credentials: the account provider authenticates from the environment or the named profile.
            accountProvider = new DatabricksProvider(_scope, "AccountProvider", new DatabricksProviderConfig
            {
                Alias = "account",
                Host = TerraformText.LiteralOrNull(props.AccountHost),
                AccountId = TerraformText.LiteralOrNull(props.AccountId),
                Profile = TerraformText.LiteralOrNull(props.AccountProfile),
            });
        }

        var identities = new CourseIdentities(_scope, "Identities", new CourseIdentitiesProps
        {
            ActiveRoster = activeRoster,
            Members = members,
            AdminsGroupName = props.AdminsGroupName,
            StudentsGroupName = props.StudentsGroupName,
            CreateUsers = props.CreatesUsers,
            ManageDisplayNames = props.ManageDisplayNames,
            CreateGroups = props.CreatesGroups,
            GroupsSetup = props.GroupsSetup,
            AccountProvider = accountProvider,
            WorkspaceId = props.WorkspaceId,
            IncludeUsers = withUsers,
            // A cohort's stack reads the groups the base stack owns.
            LookUpGroups = part == CourseWorkspacePart.Cohort,
        });

        // Unity Catalog grants wait for every principal they may name: roster users (super admins may be among them)
        // and, when the policy names groups, the groups in the workspace. Each grants resource here is one instance or a
        // handful, so waiting for the roster-sized users costs Terraform time linear in the roster.
        ITerraformDependable[] ucPrincipals = identities.Users is not { } users ? [identities.GroupsReady]
            : props.EffectivePrincipals == PrincipalMode.Users ? [users.Dependable]
            : [users.Dependable, identities.GroupsReady];
        ReferenceCatalogs? reference = null;
        CourseCatalog? course = null;
        if (withSecurables)
        {
            (reference, course) = BuildCatalogs(props, members, ucPrincipals, part == CourseWorkspacePart.All ? CatalogParts.All : CatalogParts.Securables);
            ReferenceCatalogs = reference;
            CourseCatalog = course;
            if (part == CourseWorkspacePart.All)
            {
                _ = new RemovedBlocks(_scope, "OtherGrantShape", OtherShapeAddresses(reference, course));
            }
        }

        UserSchema? personal = null;
        if (withUsers)
        {
            var owner = props.PersonalSchemaOwner is { } pinned ? TerraformText.Literal(pinned) : AccessPolicy.DeployingIdentity;
            personal = new UserSchema(_scope, "UserSchema", new UserSchemaProps
            {
                Roster = roster,
                // A cohort's stack names the catalog the base stack owns; the stacks' order makes it exist first.
                Catalog = course?.Catalog ?? CatalogRef.Named(props.CourseCatalogName),
                Policy = Policy,
                CreateSchemas = props.CreatesSchemas,
                Principals = ucPrincipals,
                OwnerReady = props.PersonalSchemaOwner is null ? [] : [identities.Users!.Dependable, identities.GroupsReady],
                PreventDestroy = props.AllowDestroy == DestroyScope.None,
                Owner = owner,
                Members = members,
            });
            UserSchemas = personal;
        }

        if (part == CourseWorkspacePart.Cohort)
        {
            // The cohort's members' per-principal grants on the shared securables (the access stack holds the rest),
            // and the ones it no longer holds let go without a destroy: destroying them (a switch to account groups,
            // or peer reading turned on) would revoke the members' privileges before the access stack's authoritative
            // grants, applied after every cohort, replace them.
            var (cohortReference, cohortCourse) = BuildCatalogs(props, members, ucPrincipals, CatalogParts.RosterGrants);
            var held = SwitchingGrantsOf(cohortReference, cohortCourse).SelectMany(g => g.Addresses).ToHashSet(StringComparer.Ordinal);
            _ = new RemovedBlocks(_scope, "OtherGrantShape",
                SwitchingGrants.SelectMany(g => SecurableGrants.AllShapeAddresses(g.Name, g.Securables(props)))
                    .Where(a => a.StartsWith("databricks_grant.", StringComparison.Ordinal) && !held.Contains(a)).ToList());
        }

        var groupsCreated = part != CourseWorkspacePart.Cohort && props.CreatesGroups;
        Adoption = new Adoption(_scope, "Adoption", new AdoptionProps
        {
            // A cohort adopts only when asked, like any stack: the lookups list the whole workspace's users and the course
            // catalog's schemas, and Terraform keeps those lists in every cohort's state and writes that state after
            // each change, so with always-on adoption a cohort's apply grew with the whole course (docs/cohorts.md:
            // splitting a course and moving a person each ask for adoption for one deploy).
            Kinds = props.AdoptedKinds,
            ReferenceCatalogs = props.CreatesCatalogs ? reference?.Catalogs : null,
            CourseCatalog = props.CreatesCatalogs ? course?.Catalog.Object : null,
            ReferenceCatalogNames = reference is null ? new Dictionary<string, IReadOnlyList<string>>() : props.ReferenceCatalogs,
            CourseCatalogName = props.CourseCatalogName,
            SharedSchemaNames = course is null ? [] : props.CourseSharedSchemas,
            Schemas = props.CreatesSchemas ? (reference?.Schemas, course?.SharedSchemas, personal?.Schemas) : null,
            Roster = roster,
            ActiveRoster = activeRoster,
            Users = props.CreatesUsers ? identities.Users : null,
            Groups = groupsCreated ? identities.Groups : null,
            GroupNames = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Roster.RosterGroups.Admins] = props.AdminsGroupName,
                [Roster.RosterGroups.Students] = props.StudentsGroupName,
            },
            GroupsProvider = accountProvider,
            SecretScopeName = part == CourseWorkspacePart.Cohort ? null : props.CourseSecretScope,
        });

        if (part == CourseWorkspacePart.Cohort)
        {
            return;
        }

        Students = new StudentAccess(_scope, "Students", new StudentAccessProps
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
            CreateSecretScope = props.SecretScopeSource != ObjectSource.Existing,
        });

        // Course content is a constant: it adds no per-user resource, only the roster's names to course_config.json.
        if (props.Material is { HasAny: true } material)
        {
            Content = new CourseContent(_scope, "Content", new CourseContentProps
            {
                Material = material,
                WorkspaceFolder = props.CourseWorkspaceFolder,
                Catalog = course!.Catalog,
                SharedSchemas = props.CourseSharedSchemas,
                SharedSchemasDependable = course.SharedSchemas!.Dependable,
                DatasetsSchema = props.DatasetsSchemaName,
                DatasetsVolume = props.CourseDatasetsVolume,
                FolderPermissions = props.CourseFolderPermissions,
                SmokeJob = props.CourseSmokeJob,
                // A split roster's base stack is applied before the cohort stacks create the users, so its job cannot
                // name one: there it runs as the deploying identity (docs/cohorts.md).
                SmokeRunAs = part == CourseWorkspacePart.Base ? null : props.CourseSmokeRunAs,
                SmokeClusterId = props.CourseSmokeClusterId,
                Roster = roster,
                Policy = Policy,
                // At account level the groups exist before they are assigned to the workspace; grants and folder
                // permissions that name them must wait for the assignment, like every other grant. When the policy
                // names users, the volume's grants name super admins, who may be roster users created here: the course
                // catalog's grants wait for the users and the groups both. In a base stack the volume's grants are
                // the access stack's, and the folder permissions name the groups alone.
                Principals = part == CourseWorkspacePart.Base ? identities.GroupsReady
                    : props.EffectivePrincipals == PrincipalMode.Users ? course.CatalogGrants!.Resource : identities.GroupsReady,
                // The folder permissions name the two groups: they wait for them (or their assignment) in every mode.
                Groups = identities.GroupsReady,
                IncludeVolumeGrants = part == CourseWorkspacePart.All,
            });
            DatasetsVolumeGrants = Content.DatasetsVolumeGrants;
        }

        if (part == CourseWorkspacePart.Base)
        {
            // What the cohorts' and the access stack hold now leaves this stack's state without being destroyed, so a
            // single-stack deployment splits in place: the cohorts adopt the users and schemas (adoptExisting for
            // that deploy, see Adoption), the access stack writes the same grants again.
            _ = new RemovedBlocks(_scope, "HandedOver", HandedOverAddresses(props));
        }
    }

    /// <summary>
    /// The resources a single stack holds that a split roster's cohort and access stacks hold instead: the per-user
    /// resources and the grants on the shared securables.
    /// </summary>
    internal static IReadOnlyList<string> HandedOverAddresses(CourseWorkspaceProps props)
    {
        var addresses = new List<string>();
        if (props.CreatesUsers)
        {
            addresses.Add("databricks_user.users");
        }

        if (props.GroupsSetup != GroupsSetup.AccountUi)
        {
            addresses.AddRange(Roster.RosterGroups.All.Select(g => $"databricks_group_member.{g.TrimEnd('s')}_membership"));
        }

        if (props.CreatesSchemas)
        {
            addresses.Add("databricks_schema.personal_schemas");
        }

        if (SuperAdminsOutsideRoster(props).Count > 0)
        {
            addresses.Add("terraform_data.super_admins_exist");
        }

        addresses.AddRange(["terraform_data.personal_schemas_ready", "databricks_grants.personal_schema_grants", "databricks_grants.reference_schema_grants"]);
        // The grants whose shape follows the policy leave in both shapes, whichever the stack held last.
        var policy = PolicyOf(props);
        foreach (var (name, kind, securables) in SwitchingGrants)
        {
            addresses.AddRange(SecurableGrants.AllShapeAddresses(name, securables(props)));
            if (SecurableGrants.UsesPerPrincipal(policy, kind))
            {
                addresses.Add($"terraform_data.{name}_ready");
            }
        }

        if (props.Material is { HasAny: true } material && CourseContent.HasDatasets(material))
        {
            addresses.Add("databricks_grants.course_datasets_grants");
        }

        return addresses;
    }

    /// <summary>The grants that are per principal or authoritative depending on the policy (the securables it may grant each user on).</summary>
    private static readonly (string Name, SecurableKind Kind, Func<CourseWorkspaceProps, IReadOnlyList<string>> Securables)[] SwitchingGrants =
    [
        ("reference_catalog_grants", SecurableKind.ReferenceCatalog, p => [.. p.ReferenceCatalogs.Keys]),
        ("course_catalog_grants", SecurableKind.CourseCatalog, p => [p.CourseCatalogName]),
        ("course_shared_schema_grants", SecurableKind.CourseSharedSchema, p => [.. p.CourseSharedSchemas.Select(s => $"{p.CourseCatalogName}.{s}")]),
    ];

    private static AccessPolicy PolicyOf(CourseWorkspaceProps props) =>
        new(props.AdminsGroupName, props.StudentsGroupName, props.SuperAdmins, props.StudentsReadPeerSchemas, props.EffectivePrincipals);

    /// <summary>
    /// The grants of the shape a stack no longer writes, for securables whose shape follows the policy: when the
    /// principal mode or peer reading changes, the resources of the old shape leave the state without being destroyed,
    /// and the new shape takes over. Destroying them would revoke what the new shape grants, in whatever order Terraform
    /// applies the two (an authoritative create replaces the securable's whole list anyway; a per-principal create adds
    /// its principal's privileges to what is there).
    /// </summary>
    private static List<string> OtherShapeAddresses(ReferenceCatalogs reference, CourseCatalog course) =>
        SwitchingGrantsOf(reference, course).SelectMany(g => g.OtherShapeAddresses).ToList();

    /// <summary>The grants of <see cref="SwitchingGrants"/> a stack holds (one is null where the stack holds none).</summary>
    private static IEnumerable<SecurableGrants> SwitchingGrantsOf(ReferenceCatalogs reference, CourseCatalog course) =>
        new[] { reference.CatalogGrants, course.CatalogGrants, course.SharedSchemaGrants }.OfType<SecurableGrants>();

    /// <summary>
    /// Every grant names the super admins, so one who is neither a roster user (created here) nor a workspace user
    /// fails each grant in the middle of the apply ("Could not find principal"). The plan looks them up first and stops,
    /// naming them, before anything changes. Users only: service principals and groups are not looked up.
    /// </summary>
    private void SuperAdminsPreflight(CourseWorkspaceProps props)
    {
        var outside = SuperAdminsOutsideRoster(props);
        if (outside.Count == 0)
        {
            return;
        }

        var users = new DataDatabricksUsers(_scope, "SuperAdmins", new DataDatabricksUsersConfig
        {
            Filter = TerraformText.Literal(string.Join(" or ", outside.Select(u => $"userName eq \"{u}\""))),
        });
        users.OverrideLogicalId("super_admins");
        var wanted = $"toset([{string.Join(", ", outside.Select(TerraformText.Quoted))}])";
        var missing = $"setsubtract({wanted}, toset([for u in data.{users.TerraformResourceType}.{users.FriendlyUniqueId}.users : lower(u.user_name)]))";
        var check = TerraformData.Create(_scope, "SuperAdminsExist", lifecycle: new TerraformResourceLifecycle
        {
            Precondition =
            [
                new Precondition
                {
                    Condition = $"${{length({missing}) == 0}}",
                    ErrorMessage = $"Super admins who are neither in the roster nor workspace users: ${{join(\", \", sort({missing}))}}. "
                        + "Every grant names the super admins, so each would fail. Add them to the roster, have them join the workspace first, "
                        + "or remove them from the super admins.",
                },
            ],
        });
        check.OverrideLogicalId("super_admins_exist");
    }

    /// <summary>The super admins that are user names and not active roster users, lower-cased, in order.</summary>
    private static List<string> SuperAdminsOutsideRoster(CourseWorkspaceProps props)
    {
        var roster = props.Roster.Entries.Where(e => !e.Retired).Select(e => e.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return props.SuperAdmins.Where(p => p.Contains('@', StringComparison.Ordinal) && !roster.Contains(p))
            .Select(p => p.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The check the plan makes before creating catalogs without a managed location: the metastore must have a storage
    /// root. Without one (Default Storage, on Free Edition and on workspaces enabled for Unity Catalog automatically)
    /// the API refuses every such catalog, and only the UI creates catalogs on Default Storage (databricks/cli issues
    /// 4513, 5695), so the plan stops before anything changes and says what to do.
    /// </summary>
    private Func<string, IPrecondition[]> MetastoreStoragePreflight(CourseWorkspaceProps props)
    {
        var metastore = new DataDatabricksCurrentMetastore(_scope, "Metastore", new DataDatabricksCurrentMetastoreConfig());
        metastore.OverrideLogicalId("metastore");
        // A catalog that exists already (made in the UI, then adopted with import blocks) needs no storage root: the
        // check must not stop its plans.
        var catalogs = new DataDatabricksCatalogs(_scope, "ExistingCatalogs", new DataDatabricksCatalogsConfig());
        catalogs.OverrideLogicalId("metastore_catalogs");
        var root = $"try(data.{metastore.TerraformResourceType}.{metastore.FriendlyUniqueId}.metastore_info[0].storage_root, null)";
        var existing = $"data.{catalogs.TerraformResourceType}.{catalogs.FriendlyUniqueId}.ids";
        var names = string.Join(", ", props.ReferenceCatalogs.Keys.Prepend(props.CourseCatalogName));
        var message = TerraformText.Literal(
            "The metastore has no storage root (Default Storage, as on Free Edition and on workspaces enabled for Unity Catalog "
            + "automatically), and Databricks creates catalogs on Default Storage in the UI only. Either create the catalogs "
            + $"{names} in Catalog Explorer and then reference or adopt them, or give the course's catalogs a managed location. "
            + "docs/identity-modes.md shows the settings and props for each.");
        return name =>
        [
            new Precondition
            {
                Condition = $"${{({root} != null && {root} != \"\") || contains({existing}, {name})}}",
                ErrorMessage = message,
            },
        ];
    }

    /// <summary>The reference catalogs and the course catalog, with their schemas, their grants or both.</summary>
    private (ReferenceCatalogs Reference, CourseCatalog Course) BuildCatalogs(
        CourseWorkspaceProps props, RosterMembers members, IReadOnlyList<ITerraformDependable> principals, CatalogParts parts)
    {
        var preconditions = parts.HasFlag(CatalogParts.Securables) && props.CreatesCatalogs && props.CatalogStorageRoot is null ? MetastoreStoragePreflight(props) : null;
        var settings = new CatalogSettings
        {
            Policy = Policy,
            CreateCatalogs = props.CreatesCatalogs,
            CreateSchemas = props.CreatesSchemas,
            Principals = principals,
            Members = members,
            PreventDestroy = props.AllowDestroy != DestroyScope.All,
            Parts = parts,
            StorageRoot = props.CatalogStorageRoot,
            CatalogPreconditions = preconditions,
            Roster = props.Roster.Entries,
        };
        var reference = new ReferenceCatalogs(_scope, "ReferenceCatalogs", new ReferenceCatalogsProps { Catalogs = props.ReferenceCatalogs, Settings = settings });
        var course = new CourseCatalog(_scope, "CourseCatalog", new CourseCatalogProps
        {
            Name = props.CourseCatalogName,
            SharedSchemas = props.CourseSharedSchemas,
            Settings = settings,
        });
        return (reference, course);
    }

    /// <summary>
    /// A Terraform map of each active user's personal schema (email to <c>catalog.schema</c>), built from the roster
    /// local, so it costs nothing per user at synthesis.
    /// </summary>
    internal string PersonalSchemas { get; }

    /// <summary>The course folder in the workspace.</summary>
    internal string WorkspaceFolder { get; }

    /// <summary>Entitlements, student compute and the secret scope; null in a cohort's or the access stack.</summary>
    internal StudentAccess? Students { get; }

    /// <summary>The deployed course material; null when the props name no existing content folder.</summary>
    internal CourseContent? Content { get; }

    /// <summary>
    /// The reference catalogs and their schemas with their grants; null in a cohort's stack. In the access stack of a
    /// split roster only the grants are built (the base stack owns the securables).
    /// </summary>
    internal ReferenceCatalogs? ReferenceCatalogs { get; }

    /// <summary>The course catalog and its shared schemas with their grants; null in a cohort's stack (see <see cref="ReferenceCatalogs"/>).</summary>
    internal CourseCatalog? CourseCatalog { get; }

    /// <summary>The personal schemas and their grants; null in the base and access stacks of a split roster.</summary>
    internal UserSchema? UserSchemas { get; }

    /// <summary>
    /// The datasets volume's grants, wherever this part holds them (the whole workspace's or the access stack's); null
    /// when the course has no datasets or this part leaves them to another stack.
    /// </summary>
    internal SecurableGrants? DatasetsVolumeGrants { get; }

    /// <summary>Each user's personal schema name, by user name (lower-case email), in roster order.</summary>
    internal IReadOnlyDictionary<string, string> SchemaNameByUser { get; }

    /// <summary>The access policy this workspace grants.</summary>
    internal AccessPolicy Policy { get; }

    /// <summary>The import blocks that adopt existing objects (none unless the props' <see cref="ObjectSource.Adopt"/> choices is set).</summary>
    internal Adoption? Adoption { get; }

    /// <summary>The deploying identity's lookup (<c>data.databricks_current_user.deployer</c>).</summary>
    internal DataDatabricksCurrentUser Deployer { get; }

    private Dictionary<string, object> RosterMap(IReadOnlyList<RosterEntry> entries)
    {
        var map = new Dictionary<string, object>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
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
