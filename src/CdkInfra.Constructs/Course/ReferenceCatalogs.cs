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

    /// <summary>What it is built with, alike for both kinds of catalog.</summary>
    public required CatalogSettings Settings { get; init; }
}

/// <summary>
/// The shared reference catalogs (<c>sales_dev</c>, ...) with their medallion schemas, read-only for students.
/// Their grants: one authoritative <c>databricks_grants</c> per securable, or per-principal <c>databricks_grant</c>
/// instances where the policy names each roster user (see <see cref="SecurableGrants"/>).
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
        if (props.Settings.Parts.HasFlag(CatalogParts.Securables))
        {
            var (catalogs, schemas) = BuildSecurables(props, catalogIterator, schemaIterator);
            Catalogs = catalogs;
            Schemas = schemas;
            catalogIds = catalogs.EachName();
            schemaIds = schemas.EachName();
        }

        if (props.Settings.Parts == CatalogParts.Securables)
        {
            return;
        }

        CatalogGrants = props.Settings.Grants(this, "CatalogGrants", "reference_catalog_grants", SecurableType.Catalog, SecurableKind.ReferenceCatalog,
            catalogIds, catalogNames, catalogIterator, Catalogs?.Dependable);
        SchemaGrants = props.Settings.Grants(this, "SchemaGrants", "reference_schema_grants", SecurableType.Schema, SecurableKind.ReferenceSchema,
            schemaIds, [.. schemaMap.Keys], schemaIterator, Schemas?.Dependable);
    }

    /// <summary>The catalogs, keyed by name; null when the props leave the securables out.</summary>
    public ForEachRef? Catalogs { get; }

    /// <summary>The schemas, keyed by full name (<c>catalog.schema</c>); null when the props leave the securables out.</summary>
    public ForEachRef? Schemas { get; }

    /// <summary>
    /// The catalogs' grants (the same grants on each catalog); null when the props leave grants out, or in a cohort's
    /// stack when they are not per principal.
    /// </summary>
    public SecurableGrants? CatalogGrants { get; }

    /// <summary>The schemas' grants (the same grants on each schema); null when the props leave grants out (see <see cref="CatalogGrants"/>).</summary>
    public SecurableGrants? SchemaGrants { get; }

    private (ForEachRef Catalogs, ForEachRef Schemas) BuildSecurables(ReferenceCatalogsProps props, ITerraformIterator catalogIterator, ITerraformIterator schemaIterator)
    {
        var catalogs = CreateOrReference.Build(ObjectKind.Catalog, props.Settings.CreateCatalogs, "reference_catalogs",
            () => new Catalog(this, "Catalogs", new CatalogConfig
            {
                ForEach = catalogIterator,
                Name = "${each.key}",
                Comment = "Shared reference catalog of the course; read-only for students. Managed by CdkInfra.",
                StorageRoot = TerraformText.LiteralOrNull(props.Settings.StorageRoot),
                Lifecycle = Guard.Lifecycle(props.Settings.PreventDestroy, props.Settings.CatalogPreconditions?.Invoke("each.key")),
            }),
            () => new DataDatabricksCatalog(this, "Catalogs", new DataDatabricksCatalogConfig
            {
                ForEach = catalogIterator,
                Name = "${each.key}",
            }));
        var schemas = CreateOrReference.Build(ObjectKind.Schema, props.Settings.CreateSchemas, "reference_schemas",
            () => new Schema(this, "Schemas", new SchemaConfig
            {
                ForEach = schemaIterator,
                CatalogName = catalogs.AtExpression("each.value.catalog", catalogs.NameAttribute),
                Name = "${each.value.schema}",
                Comment = "Medallion schema of a shared reference catalog. Managed by CdkInfra.",
                ForceDestroy = false,
                Lifecycle = Guard.Lifecycle(props.Settings.PreventDestroy),
            }),
            () => new DataDatabricksSchema(this, "Schemas", new DataDatabricksSchemaConfig
            {
                ForEach = schemaIterator,
                Name = "${each.key}",
            }));
        return (catalogs, schemas);
    }
}
