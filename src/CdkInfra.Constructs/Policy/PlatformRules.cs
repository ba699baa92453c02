using CdkInfra.Course;

namespace CdkInfra.Policy;

/// <summary>
/// The Databricks platform rules the course stack relies on, each with its source, as data that the validation and
/// the policy tests read, so that a change which breaks one fails a test before it fails a deploy. A rule marked
/// "needs a live check" is what the sources imply but nobody has run against a workspace yet.
/// </summary>
internal static class PlatformRules
{
    /// <summary>
    /// Unity Catalog grants and owners accept users, service principals and account groups; a workspace-local group
    /// (what <c>databricks_group</c> creates with a workspace-level provider) is refused with "Could not find principal".
    /// Sources: Databricks docs "Manage Unity Catalog object ownership" ("The owner can be any principal: a user, service
    /// principal, or account group") and "Workspace-local groups"; provider issue 4680 (maintainer), also 5045, 2237.
    /// </summary>
    public const string LocalGroupsAreNotUnityCatalogPrincipals = "workspace-local groups are not Unity Catalog principals";

    /// <summary>
    /// <c>databricks_grants</c> needs at least one <c>grant</c> block: the block is required in the provider's schema
    /// (the generated binding's <c>GrantsConfig.Grant</c> is not optional).
    /// </summary>
    public const string GrantsNeedOneGrant = "a grants resource holds at least one grant";

    /// <summary>
    /// Updating a schema (its owner, comment or properties) needs its owner or a metastore admin; ownership moves by the
    /// current owner, a metastore admin or the owner of the containing catalog. Sources: provider issues 3773 and 2109
    /// ("User is not an owner of Schema"); Databricks docs "Manage Unity Catalog object ownership".
    /// </summary>
    public const string UpdatesNeedTheOwner = "only the owner (or a metastore admin) updates a schema";

    /// <summary>
    /// A privilege granted on a catalog applies to every current and future schema and object in it, and reaching
    /// anything in a schema needs USE_SCHEMA on it (and USE_CATALOG on the catalog). ALL_PRIVILEGES excludes MANAGE.
    /// Source: Databricks docs "Unity Catalog privileges and securable objects" (inheritance model).
    /// </summary>
    public const string PrivilegesInherit = "catalog privileges inherit; USE_SCHEMA gates each schema";

    /// <summary>Privileges Unity Catalog accepts only on a catalog (provider docs, <c>databricks_grants</c>).</summary>
    public static readonly IReadOnlySet<string> CatalogOnlyPrivileges = new HashSet<string>(StringComparer.Ordinal)
    {
        PrivilegeNames.UseCatalog, PrivilegeNames.CreateSchema,
    };

    /// <summary>
    /// Permission levels of <c>databricks_permissions</c> by object (provider docs, <c>databricks_permissions</c>):
    /// a cluster policy knows only CAN_USE, so "admins manage the policy" means workspace admins.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> PermissionLevels = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["cluster_policy_id"] = new HashSet<string> { "CAN_USE" },
        ["cluster_id"] = new HashSet<string> { "CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE" },
        ["sql_endpoint_id"] = new HashSet<string> { "CAN_USE", "CAN_MONITOR", "CAN_MANAGE", "CAN_VIEW", "IS_OWNER" },
        ["directory_path"] = new HashSet<string> { "CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE" },
    };

    /// <summary>Secret ACL permissions (provider docs, <c>databricks_secret_acl</c>: READ, WRITE, MANAGE).</summary>
    public static readonly IReadOnlySet<string> SecretAclPermissions = new HashSet<string>(StringComparer.Ordinal) { "READ", "WRITE", "MANAGE" };

    /// <summary>
    /// Workspace permissions, entitlements and secret ACLs accept workspace-local and account groups alike; for account
    /// groups <c>databricks_entitlements</c> is the way (provider docs, <c>databricks_group</c>). Secret ACLs naming
    /// account groups have open provider issues (4195, 2423): needs a live check.
    /// </summary>
    public const string WorkspaceObjectsTakeEitherGroup = "workspace permissions, entitlements and secret ACLs take either kind of group";

    /// <summary>
    /// An account group's members cannot be changed through the workspace SCIM API (legacy docs: workspace SCIM calls
    /// "will fail if they involve account groups"); groups made in the workspace admin settings keep their members there.
    /// </summary>
    public const string AccountGroupMembersAreNotWorkspaceScim = "account group members are not changed through the workspace";

    /// <summary>
    /// Free Edition: one workspace, no account console or account APIs, serverless compute only (no classic clusters,
    /// cluster policies or init scripts), one 2X-Small SQL warehouse. Source: Databricks docs "Free Edition limitations".
    /// </summary>
    public const string FreeEditionIsServerlessOnly = "Free Edition has serverless compute only and no account APIs";

    /// <summary>
    /// The names Unity Catalog would refuse as grant principals or owners for these props: the two course groups when
    /// they are workspace-local (<see cref="GroupsLevel.Workspace"/>), nothing otherwise.
    /// </summary>
    public static IReadOnlySet<string> RefusedUnityCatalogPrincipals(CourseWorkspaceProps props) =>
        props.GroupsLevel == GroupsLevel.Workspace
            ? new HashSet<string>(StringComparer.Ordinal) { props.AdminsGroupName, props.StudentsGroupName }
            : new HashSet<string>(StringComparer.Ordinal);
}
