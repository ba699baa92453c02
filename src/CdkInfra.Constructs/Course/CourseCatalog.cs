using CdkInfra.Policy;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Catalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCatalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSchema;
using HashiCorp.Cdktf.Providers.Databricks.Schema;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="CourseCatalog"/>.</summary>
internal sealed record CourseCatalogProps
{
    /// <summary>The course catalog's name.</summary>
    public required string Name { get; init; }

    /// <summary>The schemas every student may read.</summary>
    public required IReadOnlyList<string> SharedSchemas { get; init; }

    /// <summary>What it is built with, alike for both kinds of catalog.</summary>
    public required CatalogSettings Settings { get; init; }
}

/// <summary>
/// The course catalog and its shared schemas (<c>shared_bronze</c>, ...). Students may enter the catalog and create
/// schemas in it (the policy's one write outside their own schema) and read the shared schemas.
/// </summary>
internal sealed class CourseCatalog : Construct
{
    /// <summary>Builds the catalog, the shared schemas and their grants.</summary>
    public CourseCatalog(Construct scope, string id, CourseCatalogProps props)
        : base(scope, id)
    {
        var schemaIterator = TerraformIterator.FromList(props.SharedSchemas.ToArray());
        // Grants on the names alone, in a stack that neither creates nor reads the securables: the stacks' order
        // guarantees they exist. The id of a schema is its full name.
        Catalog = CatalogRef.Named(props.Name);
        var schemaIds = $"{props.Name}.${{each.key}}";
        if (props.Settings.Parts.HasFlag(CatalogParts.Securables))
        {
            var (catalog, schemas) = BuildSecurables(props, schemaIterator);
            Catalog = CatalogRef.Of(props.Name, catalog);
            SharedSchemas = schemas;
            schemaIds = schemas.EachName();
        }

        if (props.Settings.Parts == CatalogParts.Securables)
        {
            return;
        }

        CatalogGrants = props.Settings.Grants(this, "CatalogGrants", "course_catalog_grants", SecurableType.Catalog, SecurableKind.CourseCatalog,
            Catalog.NameExpression, [props.Name], null, Catalog.Object?.Dependable);
        SharedSchemaGrants = props.Settings.Grants(this, "SharedSchemaGrants", "course_shared_schema_grants", SecurableType.Schema,
            SecurableKind.CourseSharedSchema, schemaIds, [.. props.SharedSchemas.Select(s => $"{props.Name}.{s}")], schemaIterator, SharedSchemas?.Dependable);
    }

    /// <summary>
    /// The catalog: created or read here (<see cref="CatalogRef.Object"/>), or named alone when the props leave the
    /// securables out.
    /// </summary>
    public CatalogRef Catalog { get; }

    /// <summary>
    /// The course catalog's grants, where more grants may be added; null when the props leave grants out, or in a
    /// cohort's stack when they are not per principal.
    /// </summary>
    public SecurableGrants? CatalogGrants { get; }

    /// <summary>The shared schemas' grants (one instance per schema, the same grants on each); null when left out.</summary>
    public SecurableGrants? SharedSchemaGrants { get; }

    /// <summary>The shared schemas, keyed by schema name; null when the props leave the securables out.</summary>
    public ForEachRef? SharedSchemas { get; }

    private (ForEachRef Catalog, ForEachRef Schemas) BuildSecurables(CourseCatalogProps props, ITerraformIterator schemaIterator)
    {
        var catalog = CreateOrReference.Build(ObjectKind.Catalog, props.Settings.CreateCatalogs, "course",
            () => new Catalog(this, "Catalog", new CatalogConfig
            {
                Name = props.Name,
                Comment = "Course catalog: shared schemas and one personal schema per user. Managed by CdkInfra.",
                StorageRoot = TerraformText.LiteralOrNull(props.Settings.StorageRoot),
                Lifecycle = Guard.Lifecycle(props.Settings.PreventDestroy, props.Settings.CatalogPreconditions?.Invoke(TerraformText.Quoted(props.Name))),
            }),
            () => new DataDatabricksCatalog(this, "Catalog", new DataDatabricksCatalogConfig { Name = props.Name }));
        var schemas = CreateOrReference.Build(ObjectKind.Schema, props.Settings.CreateSchemas, "course_shared_schemas",
            () => new Schema(this, "SharedSchemas", new SchemaConfig
            {
                ForEach = schemaIterator,
                CatalogName = catalog.Name(),
                Name = "${each.key}",
                Comment = "Shared schema of the course; read-only for students. Managed by CdkInfra.",
                ForceDestroy = false,
                Lifecycle = Guard.Lifecycle(props.Settings.PreventDestroy),
            }),
            () => new DataDatabricksSchema(this, "SharedSchemas", new DataDatabricksSchemaConfig
            {
                ForEach = schemaIterator,
                Name = $"{props.Name}.${{each.key}}",
            }));
        return (catalog, schemas);
    }
}
