using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>The kinds of object the course's constructs create, or read when they exist already.</summary>
internal enum ObjectKind
{
    /// <summary>A Unity Catalog catalog (<c>databricks_catalog</c>).</summary>
    Catalog,

    /// <summary>A Unity Catalog schema (<c>databricks_schema</c>).</summary>
    Schema,

    /// <summary>A group (<c>databricks_group</c>).</summary>
    Group,

    /// <summary>A user (<c>databricks_user</c>).</summary>
    User,

    /// <summary>An MLflow experiment (<c>databricks_mlflow_experiment</c>).</summary>
    MlflowExperiment,
}

/// <summary>
/// Create or reference, in one place: an object (or a <c>for_each</c> set) is either a managed resource this stack
/// creates or a data source that reads one that exists, at the same Terraform name, and everything downstream reads it
/// through the returned <see cref="ForEachRef"/> the same way. The resource and the data source share the attributes
/// the constructs read (<see cref="ForEachRef.NameAttribute"/>, <c>id</c>).
/// </summary>
internal static class CreateOrReference
{
    /// <summary>Builds the resource when <paramref name="create"/> is true, else the data source, named <paramref name="logicalId"/>.</summary>
    /// <param name="kind">What the object is.</param>
    /// <param name="create">Create it (a managed resource), or read it (a data source).</param>
    /// <param name="logicalId">The Terraform name of either.</param>
    /// <param name="created">Builds the managed resource; called only when <paramref name="create"/> is true.</param>
    /// <param name="read">Builds the data source; called only when <paramref name="create"/> is false.</param>
    public static ForEachRef Build(ObjectKind kind, bool create, string logicalId, Func<TerraformResource> created, Func<TerraformDataSource> read)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(read);
        if (create)
        {
            var resource = created();
            resource.OverrideLogicalId(logicalId);
            return ForEachRef.Of(resource, kind);
        }

        var data = read();
        data.OverrideLogicalId(logicalId);
        return ForEachRef.Of(data, kind);
    }
}
