namespace CdkInfra.Course;

/// <summary>Which part of the course workspace one <see cref="CourseWorkspace"/> builds.</summary>
internal enum CourseWorkspacePart
{
    /// <summary>Everything, in one stack: the layout of an unsplit roster.</summary>
    All,

    /// <summary>What every cohort shares: groups, catalogs, shared schemas, student access, course content.</summary>
    Base,

    /// <summary>One cohort's users, memberships, personal schemas and their grants.</summary>
    Cohort,

    /// <summary>The authoritative grants on the shared securables (catalogs, shared schemas, the datasets volume), naming every cohort's people.</summary>
    Access,
}
