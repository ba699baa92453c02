namespace CdkInfra.Policy;

/// <summary>
/// The access policy table of the course workspace, as data. The constructs emit exactly these grants, and the
/// policy tests read the synthesized output back against the same rules. Grants go to groups wherever possible, so
/// the number of grant entries grows linearly with the roster.
/// </summary>
/// <param name="AdminsGroup">Display name of the admins group.</param>
/// <param name="StudentsGroup">Display name of the students group.</param>
/// <param name="SuperAdmins">Principals with ALL_PRIVILEGES everywhere.</param>
/// <param name="StudentsReadPeerSchemas">Whether students may read (USE_SCHEMA, SELECT) every personal schema, for peer learning.</param>
public sealed record AccessPolicy(string AdminsGroup, string StudentsGroup, IReadOnlyList<string> SuperAdmins, bool StudentsReadPeerSchemas)
{
    private static readonly string[] All = [Privilege.AllPrivileges];
    private static readonly string[] ReadCatalog = [Privilege.UseCatalog, Privilege.UseSchema, Privilege.Select];
    private static readonly string[] ReadSchema = [Privilege.UseSchema, Privilege.Select];
    private static readonly string[] EnterCourse = [Privilege.UseCatalog, Privilege.CreateSchema];
    private static readonly string[] ReadVolume = [Privilege.ReadVolume];

    /// <summary>What the owning student holds on their personal schema.</summary>
    public static IReadOnlyList<string> OwnerPrivileges => All;

    /// <summary>
    /// The grant entries of a securable of <paramref name="kind"/>, in a fixed order (admins, super admins,
    /// students). For a personal schema the owner's entry is added per user by <see cref="PersonalSchemaGrants"/>.
    /// Reference schemas restate the privileges their catalog passes down, so that every securable has one
    /// authoritative grants resource and a grant made by hand in the UI is revoked on the next apply.
    /// </summary>
    public IReadOnlyList<GrantEntry> For(SecurableKind kind)
    {
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
    /// The grant entries of one user's personal schema: <see cref="For"/> plus the owner with ALL_PRIVILEGES.
    /// A principal is listed once (an owner who is also a super admin keeps one entry), because two entries for one
    /// principal make the authoritative grants resource drift forever.
    /// </summary>
    public IReadOnlyList<GrantEntry> PersonalSchemaGrants(string owner)
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
    public IReadOnlyList<FolderAccess> CourseFolderAccess() =>
        [new(AdminsGroup, "CAN_MANAGE"), new(StudentsGroup, "CAN_READ")];
}
