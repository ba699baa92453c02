namespace CdkInfra.Policy;

/// <summary>The kinds of securable the course workspace grants on; each has one row in the access policy.</summary>
public enum SecurableKind
{
    /// <summary>A shared reference catalog (<c>sales_dev</c>, ...).</summary>
    ReferenceCatalog,

    /// <summary>A medallion schema of a reference catalog (<c>sales_dev.bronze</c>, ...).</summary>
    ReferenceSchema,

    /// <summary>The course catalog (<c>databricks_course</c>).</summary>
    CourseCatalog,

    /// <summary>A shared schema of the course catalog (<c>shared_bronze</c>, ...).</summary>
    CourseSharedSchema,

    /// <summary>A student's personal schema in the course catalog.</summary>
    PersonalSchema,

    /// <summary>The volume of the course datasets (<c>databricks_course.shared_bronze.course_datasets</c>).</summary>
    CourseDatasetsVolume,
}

/// <summary>One grant entry: a principal and its privileges on a securable.</summary>
/// <param name="Principal">
/// A user name (lower-case email), a group display name, or a service principal's application id; for an entry with a
/// <paramref name="RosterGroup"/>, the display name of the course group whose roster members it stands for.
/// </param>
/// <param name="Privileges">Privilege names, see <see cref="Privilege"/>.</param>
/// <param name="RosterGroup">
/// When set (<c>admins</c> or <c>students</c>), the entry is granted to each active roster user of that group, one
/// grant per user, instead of to a group: how the policy reads with <see cref="Course.PrincipalMode.Users"/>.
/// </param>
public sealed record GrantEntry(string Principal, IReadOnlyList<string> Privileges, string? RosterGroup = null)
{
    /// <summary>True when the entry names each roster member of a group rather than one principal.</summary>
    public bool IsPerUser => RosterGroup is not null;
}

/// <summary>One entry of a workspace object's permissions: a group and its permission level.</summary>
/// <param name="Group">A group display name.</param>
/// <param name="Level">A workspace permission level (<c>CAN_READ</c>, <c>CAN_RUN</c>, <c>CAN_EDIT</c>, <c>CAN_MANAGE</c>).</param>
public sealed record FolderAccess(string Group, string Level);
