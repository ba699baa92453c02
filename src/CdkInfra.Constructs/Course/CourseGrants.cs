namespace CdkInfra.Course;

/// <summary>
/// The grants on the course's shared securables: one authoritative resource each (or one instance per securable of a
/// set), holding the access policy's grants and any a team adds with <see cref="SecurableGrants.Grant"/>.
/// </summary>
public sealed class CourseGrants
{
    internal CourseGrants(ReferenceCatalogs reference, CourseCatalog course, SecurableGrants? datasetsVolume)
    {
        ReferenceCatalogs = reference.CatalogGrants!;
        ReferenceSchemas = reference.SchemaGrants!;
        CourseCatalog = course.CatalogGrants!;
        SharedSchemas = course.SharedSchemaGrants!;
        DatasetsVolume = datasetsVolume;
    }

    /// <summary>Every reference catalog's grants.</summary>
    public SecurableGrants ReferenceCatalogs { get; }

    /// <summary>Every schema of the reference catalogs' grants.</summary>
    public SecurableGrants ReferenceSchemas { get; }

    /// <summary>The course catalog's grants.</summary>
    public SecurableGrants CourseCatalog { get; }

    /// <summary>Every shared schema of the course catalog's grants.</summary>
    public SecurableGrants SharedSchemas { get; }

    /// <summary>The datasets volume's grants; null when the course has no datasets.</summary>
    public SecurableGrants? DatasetsVolume { get; }
}
