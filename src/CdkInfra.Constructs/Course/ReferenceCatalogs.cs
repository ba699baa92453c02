using CdkInfra.Policy;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Catalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCatalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSchema;
using HashiCorp.Cdktf.Providers.Databricks.Schema;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="ReferenceCatalogs"/>.</summary>
internal sealed record ReferenceCatalogsProps
{
    /// <summary>Catalog name to its schema names.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Catalogs { get; init; }

    /// <summary>The access policy whose rows for reference catalogs and schemas are granted.</summary>
    public required AccessPolicy Policy { get; init; }

    /// <summary>Create the catalogs, or reference existing ones.</summary>
    public required bool CreateCatalogs { get; init; }

    /// <summary>Create the schemas, or reference existing ones.</summary>
    public required bool CreateSchemas { get; init; }

    /// <summary>What the grants wait for: the users and groups they name.</summary>
    public required IReadOnlyList<ITerraformDependable> Principals { get; init; }

    /// <summary>The roster members by group, for grants that name each user.</summary>
    public required RosterMembers Members { get; init; }

    /// <summary>Guard the catalogs and schemas with <c>prevent_destroy</c> (see <see cref="CourseWorkspaceProps.AllowDestroy"/>).</summary>
    public required bool PreventDestroy { get; init; }

    /// <summary>Build the catalogs and schemas (created or read). Default: true; false builds the grants alone, on the names.</summary>
    public bool IncludeSecurables { get; init; } = true;

    /// <summary>The created catalogs' managed location (<see cref="CourseWorkspaceProps.CatalogStorageRoot"/>). Default: none.</summary>
    internal string? StorageRoot { get; init; }

    /// <summary>
    /// Checks the plan makes before creating a catalog (the metastore's storage), given the HCL expression of the
    /// catalog's name. Default: none.
    /// </summary>
    internal Func<string, IPrecondition[]>? CatalogPreconditions { get; init; }

    /// <summary>Build the grants. Default: true; false leaves them to another stack (a cohort split's access stack).</summary>
    public bool IncludeGrants { get; init; } = true;
}

/// <summary>
/// The shared reference catalogs (<c>sales_dev</c>, ...) with their medallion schemas, read-only for students.
/// One authoritative <c>databricks_grants</c> per catalog and per schema.
/// </summary>
internal sealed class ReferenceCatalogs : Construct
{
    /// <summary>Builds the catalogs, schemas and grants.</summary>
    public ReferenceCatalogs(Construct scope, string id, ReferenceCatalogsProps props)
        : base(scope, id)
    {
        var catalogNames = props.Catalogs.Keys.ToArray();
        var catalogIterator = TerraformIterator.FromList(catalogNames);
        var schemaMap = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (catalog, schemaNames) in props.Catalogs)
        {
            foreach (var schema in schemaNames)
            {
                schemaMap[$"{catalog}.{schema}"] = new Dictionary<string, object> { ["catalog"] = catalog, ["schema"] = schema };
            }
        }

        var schemaIterator = TerraformIterator.FromMap(schemaMap);
        // Grants on the names alone, in a stack that neither creates nor reads the securables: the stacks' order
        // guarantees they exist. A catalog's name is its key; a schema's id is its full name, its key.
        var catalogIds = "${each.key}";
        var schemaIds = "${each.key}";
        if (props.IncludeSecurables)
        {
            var (catalogs, schemas) = BuildSecurables(props, catalogIterator, schemaIterator);
            Catalogs = catalogs;
            Schemas = schemas;
            catalogIds = catalogs.EachName();
            schemaIds = schemas.EachName();
        }

        if (!props.IncludeGrants)
        {
            return;
        }

        var principals = props.Principals.ToArray();
        CatalogGrants = SecurableGrants.FromPolicy(this, "CatalogGrants", "reference_catalog_grants", SecurableType.Catalog, catalogIds,
            catalogIterator, principals, props.Policy, SecurableKind.ReferenceCatalog, props.Members);
        SchemaGrants = SecurableGrants.FromPolicy(this, "SchemaGrants", "reference_schema_grants", SecurableType.Schema, schemaIds,
            schemaIterator, principals, props.Policy, SecurableKind.ReferenceSchema, props.Members);
    }

    /// <summary>The catalogs, keyed by name; null when the props leave the securables out.</summary>
    public ForEachRef? Catalogs { get; }

    /// <summary>The schemas, keyed by full name (<c>catalog.schema</c>); null when the props leave the securables out.</summary>
    public ForEachRef? Schemas { get; }

    /// <summary>The catalogs' grants (one instance per catalog, the same grants on each); null when the props leave grants out.</summary>
    public SecurableGrants? CatalogGrants { get; }

    /// <summary>The schemas' grants (one instance per schema, the same grants on each); null when the props leave grants out.</summary>
    public SecurableGrants? SchemaGrants { get; }

    private (ForEachRef Catalogs, ForEachRef Schemas) BuildSecurables(ReferenceCatalogsProps props, ITerraformIterator catalogIterator, ITerraformIterator schemaIterator)
    {
        var catalogs = CreateOrReference.Build(ObjectKind.Catalog, props.CreateCatalogs, "reference_catalogs",
            () => new Catalog(this, "Catalogs", new CatalogConfig
            {
                ForEach = catalogIterator,
                Name = "${each.key}",
                Comment = "Shared reference catalog of the course; read-only for students. Managed by CdkInfra.",
                StorageRoot = TerraformText.LiteralOrNull(props.StorageRoot),
                Lifecycle = Guard.Lifecycle(props.PreventDestroy, props.CatalogPreconditions?.Invoke("each.key")),
            }),
            () => new DataDatabricksCatalog(this, "Catalogs", new DataDatabricksCatalogConfig
            {
                ForEach = catalogIterator,
                Name = "${each.key}",
            }));
        var schemas = CreateOrReference.Build(ObjectKind.Schema, props.CreateSchemas, "reference_schemas",
            () => new Schema(this, "Schemas", new SchemaConfig
            {
                ForEach = schemaIterator,
                CatalogName = catalogs.AtExpression("each.value.catalog", catalogs.NameAttribute),
                Name = "${each.value.schema}",
                Comment = "Medallion schema of a shared reference catalog. Managed by CdkInfra.",
                ForceDestroy = false,
                Lifecycle = Guard.Lifecycle(props.PreventDestroy),
            }),
            () => new DataDatabricksSchema(this, "Schemas", new DataDatabricksSchemaConfig
            {
                ForEach = schemaIterator,
                Name = "${each.key}",
            }));
        return (catalogs, schemas);
    }
}
