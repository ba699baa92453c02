namespace CdkInfra.Policy;

/// <summary>The kinds of securable the course workspace grants on; each has one row in the access policy.</summary>
internal enum SecurableKind
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
