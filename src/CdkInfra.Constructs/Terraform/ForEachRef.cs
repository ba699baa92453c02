using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>
/// A Terraform address (<c>databricks_schema.personal</c> or <c>data.databricks_schema.personal</c>) and the
/// expressions that read its attributes. Created-or-referenced objects (<see cref="CreateOrReference"/>) hand this to
/// the constructs downstream, so memberships and grants are the same whichever way the object came.
/// </summary>
internal sealed class ForEachRef
{
    private ForEachRef(string address, ITerraformDependable dependable, bool isCreated, ObjectKind? kind)
    {
        Address = address;
        Dependable = dependable;
        IsCreated = isCreated;
        Kind = kind;
    }

    /// <summary>The Terraform address, without an instance key.</summary>
    public string Address { get; }

    /// <summary>True for a managed resource (this stack creates it), false for a data source (it exists already).</summary>
    public bool IsCreated { get; }

    /// <summary>What the object is, when it is one of the kinds <see cref="CreateOrReference"/> builds; null otherwise.</summary>
    public ObjectKind? Kind { get; }

    /// <summary>What to depend on when an expression cannot carry the dependency (literal principal names).</summary>
    public ITerraformDependable Dependable { get; }

    /// <summary>A managed resource.</summary>
    public static ForEachRef Of(TerraformResource resource) => Of(resource, null);

    /// <summary>A data source.</summary>
    public static ForEachRef Of(TerraformDataSource dataSource) => Of(dataSource, null);

    /// <summary>A managed resource of a known kind.</summary>
    internal static ForEachRef Of(TerraformResource resource, ObjectKind? kind) =>
        new($"{resource.TerraformResourceType}.{resource.FriendlyUniqueId}", resource, true, kind);

    /// <summary>A data source of a known kind.</summary>
    internal static ForEachRef Of(TerraformDataSource dataSource, ObjectKind? kind) =>
        new($"data.{dataSource.TerraformResourceType}.{dataSource.FriendlyUniqueId}", dataSource, false, kind);

    /// <summary>
    /// The attribute that holds the object's name, the same on the resource and the data source: a catalog's or an
    /// experiment's <c>name</c>, a schema's <c>id</c> (<c>catalog.schema</c>), a group's <c>display_name</c>, a user's <c>user_name</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reference is of no known kind.</exception>
    public string NameAttribute => Kind switch
    {
        ObjectKind.Catalog or ObjectKind.MlflowExperiment => "name",
        ObjectKind.Schema => "id",
        ObjectKind.Group => "display_name",
        ObjectKind.User => "user_name",
        _ => throw new InvalidOperationException($"{Address} is of no known kind: read its attributes by name"),
    };

    /// <summary><c>${address.name}</c> of a single object (see <see cref="NameAttribute"/>).</summary>
    public string Name() => Attribute(NameAttribute);

    /// <summary>The name of the instance with the same key as the resource being configured.</summary>
    public string EachName() => Each(NameAttribute);

    /// <summary>The <c>id</c> of the instance with the same key as the resource being configured.</summary>
    public string EachId() => Each("id");

    /// <summary><c>${address[each.key].attribute}</c>: the instance with the same key as the resource being configured.</summary>
    public string Each(string attribute) => $"${{{Address}[each.key].{attribute}}}";

    /// <summary><c>${address["key"].attribute}</c>: one instance by key.</summary>
    public string At(string key, string attribute) => $"${{{Address}[\"{key}\"].{attribute}}}";

    /// <summary><c>${address[expression].attribute}</c>: the instance an expression selects.</summary>
    public string AtExpression(string keyExpression, string attribute) => $"${{{Address}[{keyExpression}].{attribute}}}";

    /// <summary>
    /// <c>${{ for key, o in address : key => o.attribute }}</c>: every instance's attribute by key, for a local. An
    /// instance that reads <c>address[each.key]</c> makes Terraform build the value of the whole resource, every
    /// instance of it, for that one reference (internal/terraform/evaluate.go, GetResource); a local holding the map is
    /// evaluated once, and reading one key of it costs the same whatever the roster's size.
    /// </summary>
    public string MapOf(string attribute) => $"${{{{ for key, o in {Address} : key => o.{attribute} }}}}";

    /// <summary><c>${address.attribute}</c>: the attribute of a resource without for_each.</summary>
    public string Attribute(string attribute) => $"${{{Address}.{attribute}}}";
}
