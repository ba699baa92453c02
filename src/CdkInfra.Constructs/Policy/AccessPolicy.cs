using CdkInfra.Course;
using CdkInfra.Roster;

namespace CdkInfra.Policy;

/// <summary>
/// The access policy table of the course workspace, as data. The constructs emit exactly these grants, and the
/// policy tests read the synthesized output back against the same rules. The number of grant entries grows linearly
/// with the roster, in both principal modes:
/// <list type="bullet">
/// <item><see cref="PrincipalMode.Groups"/>: every row goes to the two (account) groups; each securable restates what its
/// catalog passes down, at a constant cost.</item>
/// <item><see cref="PrincipalMode.Users"/>: the group rows become one entry per roster user, granted on the catalogs only
/// and inherited below (Unity Catalog privileges flow from a catalog to its schemas and their tables and volumes), so a
/// user costs one entry per catalog plus the one on their own schema. Schemas and volumes list the super admins (and,
/// with peer reading off, the students' USE_SCHEMA on the shared schemas).</item>
/// </list>
/// </summary>
public sealed class AccessPolicy
{
    internal AccessPolicy(string adminsGroup, string studentsGroup, IReadOnlyList<string> superAdmins, bool studentsReadPeerSchemas,
        PrincipalMode principals = PrincipalMode.Groups)
    {
        AdminsGroup = adminsGroup;
        StudentsGroup = studentsGroup;
        SuperAdmins = superAdmins;
        StudentsReadPeerSchemas = studentsReadPeerSchemas;
        Principals = principals;
    }

    /// <summary>Display name of the admins group.</summary>
    public string AdminsGroup { get; }

    /// <summary>Display name of the students group.</summary>
    public string StudentsGroup { get; }

    /// <summary>Principals with ALL_PRIVILEGES everywhere.</summary>
    public IReadOnlyList<string> SuperAdmins { get; }

    /// <summary>Whether students may read (USE_SCHEMA, SELECT) every personal schema, for peer learning.</summary>
    public bool StudentsReadPeerSchemas { get; }

    /// <summary>Whom Unity Catalog grants name: the groups, or each roster user.</summary>
    public PrincipalMode Principals { get; }

    private static readonly string[] All = [PrivilegeNames.AllPrivileges];
    private static readonly string[] ReadCatalog = [PrivilegeNames.UseCatalog, PrivilegeNames.UseSchema, PrivilegeNames.Select];
    private static readonly string[] ReadSchema = [PrivilegeNames.UseSchema, PrivilegeNames.Select];
    private static readonly string[] EnterCourse = [PrivilegeNames.UseCatalog, PrivilegeNames.CreateSchema];
    private static readonly string[] ReadVolume = [PrivilegeNames.ReadVolume];

    /// <summary>
    /// The identity that runs Terraform, as a Terraform reference to <c>data.databricks_current_user.deployer</c>
    /// (its <c>user_name</c>: a user's email, or a service principal's application id). With users as principals every
    /// securable grants it ALL_PRIVILEGES: a grants resource needs at least one grant, and a schema whose user left the
    /// roster may have no other principal named on it.
    /// </summary>
    internal const string DeployingIdentity = "${data.databricks_current_user.deployer.user_name}";

    /// <summary>
    /// The owner the stack writes on a securable of <paramref name="kind"/>, or null where it writes none. Every personal
    /// schema gets one, active or retired, so that a schema a student created before its user joined the roster does not
    /// stay theirs: <paramref name="personalSchemaOwner"/> when given, else <see cref="DeployingIdentity"/>, which keeps
    /// the right to update the schemas later. The catalogs, the shared schemas and the datasets volume get none: Unity
    /// Catalog makes their creator the owner (the deploying identity, when the stack creates them; a referenced one keeps
    /// the owner it has).
    /// </summary>
    internal static string? ExplicitOwner(SecurableKind kind, string? personalSchemaOwner) =>
        kind == SecurableKind.PersonalSchema ? personalSchemaOwner ?? DeployingIdentity : null;

    /// <summary>What the owning student holds on their personal schema.</summary>
    internal static IReadOnlyList<string> OwnerPrivileges => All;

    /// <summary>
    /// The grant entries of a securable of <paramref name="kind"/>, in a fixed order (admins, super admins,
    /// students). For a personal schema the owner's entry is added per user by <see cref="PersonalSchemaGrants"/>.
    /// Reference schemas restate the privileges their catalog passes down, so that every securable has one
    /// authoritative grants resource and a grant made by hand in the UI is revoked on the next apply.
    /// </summary>
    internal IReadOnlyList<GrantEntry> For(SecurableKind kind)
    {
        if (Principals == PrincipalMode.Users)
        {
            return ForUsers(kind);
        }

        var entries = new List<GrantEntry> { new(AdminsGroup, All) };
        entries.AddRange(SuperAdmins.Select(p => new GrantEntry(p, All)));
        var students = kind switch
        {
            SecurableKind.ReferenceCatalog => ReadCatalog,
            SecurableKind.ReferenceSchema => ReadSchema,
            SecurableKind.CourseCatalog => EnterCourse,
            SecurableKind.CourseSharedSchema => ReadSchema,
            SecurableKind.PersonalSchema => StudentsReadPeerSchemas ? ReadSchema : null,
            SecurableKind.CourseDatasetsVolume => ReadVolume,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (students is not null)
        {
            entries.Add(new GrantEntry(StudentsGroup, students));
        }

        return entries;
    }

    /// <summary>
    /// Adds this policy's rows for a securable of <paramref name="kind"/> to its grants, where a consuming team's own
    /// grants (<see cref="SecurableGrants.Grant"/>) join them in the one authoritative resource.
    /// </summary>
    internal void ApplyTo(SecurableGrants grants, SecurableKind kind)
    {
        ArgumentNullException.ThrowIfNull(grants);
        foreach (var entry in For(kind))
        {
            grants.Add(entry);
        }
    }

    /// <summary>True when some row for <paramref name="kind"/> stands for each roster member of a group.</summary>
    internal bool NamesEachUser(SecurableKind kind) => For(kind).Any(e => e.IsPerUser);

    /// <summary>
    /// The users-mode rows: roster users on the catalogs, inherited below. Students' course-catalog row adds SELECT and
    /// READ_VOLUME, which take effect only in schemas where they also hold USE_SCHEMA (the shared ones, their own, and
    /// their peers' when peer reading is on), since Unity Catalog needs USE_SCHEMA to reach anything in a schema.
    /// </summary>
    private List<GrantEntry> ForUsers(SecurableKind kind)
    {
        var entries = new List<GrantEntry> { new(DeployingIdentity, All) };
        if (kind is SecurableKind.ReferenceCatalog or SecurableKind.CourseCatalog)
        {
            entries.Add(new GrantEntry(AdminsGroup, All, RosterGroups.Admins));
        }

        entries.AddRange(SuperAdmins.Select(p => new GrantEntry(p, All)));
        var students = kind switch
        {
            SecurableKind.ReferenceCatalog => ReadCatalog,
            SecurableKind.CourseCatalog => StudentsReadPeerSchemas
                ? [PrivilegeNames.UseCatalog, PrivilegeNames.CreateSchema, PrivilegeNames.UseSchema, PrivilegeNames.Select, PrivilegeNames.ReadVolume]
                : [PrivilegeNames.UseCatalog, PrivilegeNames.CreateSchema, PrivilegeNames.Select, PrivilegeNames.ReadVolume],
            SecurableKind.CourseSharedSchema => StudentsReadPeerSchemas ? null : [PrivilegeNames.UseSchema],
            SecurableKind.ReferenceSchema or SecurableKind.PersonalSchema or SecurableKind.CourseDatasetsVolume => null,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (students is not null)
        {
            entries.Add(new GrantEntry(StudentsGroup, students, RosterGroups.Students));
        }

        return entries;
    }

    /// <summary>
    /// The grant entries of one user's personal schema: <see cref="For"/> plus the owner with ALL_PRIVILEGES.
    /// A principal is listed once (an owner who is also a super admin keeps one entry), because two entries for one
    /// principal make the authoritative grants resource drift forever.
    /// </summary>
    internal IReadOnlyList<GrantEntry> PersonalSchemaGrants(string owner)
    {
        var entries = For(SecurableKind.PersonalSchema).Where(e => e.Principal != owner).ToList();
        entries.Add(new GrantEntry(owner, OwnerPrivileges));
        return entries;
    }

    /// <summary>
    /// The permissions of the deployed course folder (notebooks, packages, <c>course_config.json</c>): admins manage
    /// it, students read it (they clone a notebook to run and change it). Workspace permissions, not Unity Catalog
    /// grants; the workspace's built-in <c>admins</c> group keeps CAN_MANAGE whatever is listed.
    /// </summary>
    internal IReadOnlyList<FolderAccess> CourseFolderAccess() =>
        [new(AdminsGroup, "CAN_MANAGE"), new(StudentsGroup, "CAN_READ")];
}
