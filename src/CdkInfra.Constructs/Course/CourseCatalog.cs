using CdkInfra.Policy;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Catalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCatalog;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSchema;
using HashiCorp.Cdktf.Providers.Databricks.Grants;
using HashiCorp.Cdktf.Providers.Databricks.Schema;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="CourseCatalog"/>.</summary>
public sealed record CourseCatalogProps
{
    /// <summary>The course catalog's name.</summary>
    public required string Name { get; init; }

    /// <summary>The schemas every student may read.</summary>
    public required IReadOnlyList<string> SharedSchemas { get; init; }

    /// <summary>The access policy whose course rows are granted.</summary>
    public required AccessPolicy Policy { get; init; }

    /// <summary>Create the catalog, or reference an existing one.</summary>
    public required bool CreateCatalog { get; init; }

    /// <summary>Create the shared schemas, or reference existing ones.</summary>
    public required bool CreateSchemas { get; init; }

    /// <summary>What the grants wait for: the users and groups they name.</summary>
    public required IReadOnlyList<ITerraformDependable> Principals { get; init; }

    /// <summary>The roster members by group, for grants that name each user.</summary>
    public required RosterMembers Members { get; init; }

    /// <summary>Guard the catalogs and schemas with <c>prevent_destroy</c> (see <see cref="CourseWorkspaceProps.AllowDestroy"/>).</summary>
    public required bool PreventDestroy { get; init; }
}

/// <summary>
/// The course catalog and its shared schemas (<c>shared_bronze</c>, ...). Students may enter the catalog and create
/// schemas in it (the policy's one write outside their own schema) and read the shared schemas.
/// </summary>
public sealed class CourseCatalog : Construct
{
    /// <summary>Builds the catalog, the shared schemas and their grants.</summary>
    public CourseCatalog(Construct scope, string id, CourseCatalogProps props)
        : base(scope, id)
    {
        if (props.CreateCatalog)
        {
            var catalog = new Catalog(this, "Catalog", new CatalogConfig
            {
                Name = props.Name,
                Comment = "Course catalog: shared schemas and one personal schema per user. Managed by CdkInfra.",
                Lifecycle = Guard.Lifecycle(props.PreventDestroy),
            });
            catalog.OverrideLogicalId("course");
            Catalog = ForEachRef.Of(catalog);
            CatalogName = Catalog.Attribute("name");
        }
        else
        {
            var catalog = new DataDatabricksCatalog(this, "Catalog", new DataDatabricksCatalogConfig { Name = props.Name });
            catalog.OverrideLogicalId("course");
            Catalog = ForEachRef.Of(catalog);
            CatalogName = Catalog.Attribute("name");
        }

        var schemaIterator = TerraformIterator.FromList(props.SharedSchemas.ToArray());
        ForEachRef schemas;
        if (props.CreateSchemas)
        {
            var resource = new Schema(this, "SharedSchemas", new SchemaConfig
            {
                ForEach = schemaIterator,
                CatalogName = CatalogName,
                Name = "${each.key}",
                Comment = "Shared schema of the course; read-only for students. Managed by CdkInfra.",
                ForceDestroy = false,
                Lifecycle = Guard.Lifecycle(props.PreventDestroy),
            });
            resource.OverrideLogicalId("course_shared_schemas");
            schemas = ForEachRef.Of(resource);
        }
        else
        {
            var data = new DataDatabricksSchema(this, "SharedSchemas", new DataDatabricksSchemaConfig
            {
                ForEach = schemaIterator,
                Name = $"{props.Name}.${{each.key}}",
            });
            data.OverrideLogicalId("course_shared_schemas");
            schemas = ForEachRef.Of(data);
        }

        var catalogGrants = new Grants(this, "CatalogGrants", new GrantsConfig
        {
            Catalog = CatalogName,
            Grant = UcGrants.Blocks(this, "course_catalog_grants", props.Policy.For(SecurableKind.CourseCatalog), props.Members),
            DependsOn = props.Principals.ToArray(),
        });
        catalogGrants.OverrideLogicalId("course_catalog_grants");
        CatalogGrants = catalogGrants;

        var schemaGrants = new Grants(this, "SharedSchemaGrants", new GrantsConfig
        {
            ForEach = schemaIterator,
            Schema = schemas.Each("id"),
            Grant = UcGrants.Blocks(this, "course_shared_schema_grants", props.Policy.For(SecurableKind.CourseSharedSchema), props.Members),
            DependsOn = props.Principals.ToArray(),
        });
        schemaGrants.OverrideLogicalId("course_shared_schema_grants");
        SharedSchemas = schemas;
    }

    /// <summary>The catalog, created or referenced.</summary>
    public ForEachRef Catalog { get; }

    /// <summary>An expression for the catalog's name that carries the dependency on the catalog.</summary>
    public string CatalogName { get; }

    /// <summary>The course catalog's grants: in place once the users and groups they name exist.</summary>
    public ITerraformDependable CatalogGrants { get; }

    /// <summary>The shared schemas, keyed by schema name.</summary>
    public ForEachRef SharedSchemas { get; }
}
