namespace CdkInfra.Course;

/// <summary>Which catalogs and schemas Terraform may destroy or replace (a rename is a replace).</summary>
public enum DestroyScope
{
    /// <summary>The default: every catalog and schema is protected with <c>prevent_destroy</c>.</summary>
    None,

    /// <summary>Personal schemas may be dropped (a user removed from the roster); the rest stays protected.</summary>
    PersonalSchemas,

    /// <summary>Nothing is protected; for tearing a course down.</summary>
    All,
}
