using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>
/// A Terraform address (<c>databricks_schema.personal</c> or <c>data.databricks_schema.personal</c>) and the
/// expressions that read its attributes. Created-or-referenced objects hand this to the constructs downstream, so
/// memberships and grants are the same whichever way the object came.
/// </summary>
public sealed class ForEachRef
{
    private ForEachRef(string address, ITerraformDependable dependable)
    {
        Address = address;
        Dependable = dependable;
    }

    /// <summary>The Terraform address, without an instance key.</summary>
    public string Address { get; }

    /// <summary>What to depend on when an expression cannot carry the dependency (literal principal names).</summary>
    public ITerraformDependable Dependable { get; }

    /// <summary>A managed resource.</summary>
    public static ForEachRef Of(TerraformResource resource) =>
        new($"{resource.TerraformResourceType}.{resource.FriendlyUniqueId}", resource);

    /// <summary>A data source.</summary>
    public static ForEachRef Of(TerraformDataSource dataSource) =>
        new($"data.{dataSource.TerraformResourceType}.{dataSource.FriendlyUniqueId}", dataSource);

    /// <summary><c>${address[each.key].attribute}</c>: the instance with the same key as the resource being configured.</summary>
    public string Each(string attribute) => $"${{{Address}[each.key].{attribute}}}";

    /// <summary><c>${address["key"].attribute}</c>: one instance by key.</summary>
    public string At(string key, string attribute) => $"${{{Address}[\"{key}\"].{attribute}}}";

    /// <summary><c>${address[expression].attribute}</c>: the instance an expression selects.</summary>
    public string AtExpression(string keyExpression, string attribute) => $"${{{Address}[{keyExpression}].{attribute}}}";

    /// <summary><c>${address.attribute}</c>: the attribute of a resource without for_each.</summary>
    public string Attribute(string attribute) => $"${{{Address}.{attribute}}}";
}
