using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.DataSources;

/// <summary>data.databricks_catalogs (TPD catalog/data_catalogs.go): the names of every catalog.</summary>
internal sealed class CatalogsData : DataSourceBehaviour
{
    public override string Type => "databricks_catalogs";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        result["ids"] = call.Workspace.All("databricks_catalog").Select(c => (object?)c.Str("name")).ToList();
        result["id"] = "_";
    }
}

/// <summary>data.databricks_schemas (TPD catalog/data_schemas.go): the full names of a catalog's schemas.</summary>
internal sealed class SchemasData : DataSourceBehaviour
{
    public override string Type => "databricks_schemas";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var catalog = result.Str("catalog_name")!;
        if (call.Workspace.Get("databricks_catalog", catalog) is null)
        {
            throw new PlatformException($"cannot read schemas: Catalog '{catalog}' does not exist.");
        }

        result["ids"] = call.Workspace.All("databricks_schema").Where(s => s.Str("catalog_name") == catalog).Select(s => (object?)s.Str("id")).ToList();
        result["id"] = catalog;
    }
}

/// <summary>data.databricks_catalog (TPD catalog/data_catalog.go): one catalog's info; unknown is an error.</summary>
internal sealed class CatalogData : DataSourceBehaviour
{
    public override string Type => "databricks_catalog";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var name = result.Str("name")!;
        var c = call.Workspace.Get("databricks_catalog", name) ?? throw new PlatformException($"cannot read catalog: Catalog '{name}' does not exist.");
        result["id"] = name;
        result["catalog_info"] = new List<object?> { Info(c, "name", "owner", "metastore_id", "isolation_mode", "catalog_type", "full_name", "storage_location", "storage_root", "comment") };
    }

    internal static Dictionary<string, object?> Info(Dictionary<string, object?> record, params string[] keys) =>
        keys.ToDictionary(k => k, k => record.GetValueOrDefault(k), StringComparer.Ordinal);
}

/// <summary>data.databricks_schema (TPD catalog/data_schema.go): one schema's info; unknown is an error.</summary>
internal sealed class SchemaData : DataSourceBehaviour
{
    public override string Type => "databricks_schema";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var name = result.Str("name")!;
        var s = call.Workspace.Get("databricks_schema", name) ?? throw new PlatformException($"cannot read schema: Schema '{name}' does not exist.");
        result["id"] = name;
        var info = CatalogData.Info(s, "name", "catalog_name", "owner", "metastore_id", "schema_id", "comment");
        info["full_name"] = name;
        result["schema_info"] = new List<object?> { info };
    }
}

/// <summary>
/// data.databricks_current_metastore (TPD catalog/data_current_metastore.go): the workspace's metastore, with
/// <c>storage_root</c> empty where the metastore has none (Default Storage, or created without a root).
/// </summary>
internal sealed class CurrentMetastoreData : DataSourceBehaviour
{
    public override string Type => "databricks_current_metastore";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var profile = call.Profile;
        result["id"] = call.Workspace.MetastoreId;
        result["metastore_info"] = new List<object?>
        {
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["metastore_id"] = call.Workspace.MetastoreId,
                ["name"] = "primary",
                // Unset strings read back as "" from the API, not null.
                ["storage_root"] = profile.MetastoreStorageRoot ?? string.Empty,
                ["owner"] = profile.Has(Workspace.WorkspaceProfile.MetastoreAdmin) ? call.Workspace.CurrentUser : "metastore_admins",
                ["cloud"] = profile.Cloud,
                ["region"] = profile.Cloud switch { "azure" => "westeurope", "gcp" => "europe-west1", _ => "eu-west-1" },
                ["default_data_access_config_id"] = profile.MetastoreStorageRoot is null ? null : "00000000-0000-0000-0000-0000000000dc",
                ["delta_sharing_scope"] = "INTERNAL",
            },
        };
    }
}

/// <summary>data.databricks_mlflow_experiment (TPD mlflow/data_mlflow_experiment.go): by name or id; unknown is an error.</summary>
internal sealed class MlflowExperimentData : DataSourceBehaviour
{
    public override string Type => "databricks_mlflow_experiment";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var name = result.Str("name");
        var id = result.Str("experiment_id");
        var e = call.Workspace.All("databricks_mlflow_experiment").FirstOrDefault(x => (name is not null && x.Str("name") == name) || (id is not null && x.Str("id") == id))
            ?? throw new PlatformException($"cannot read experiment: Node {name ?? id} does not exist.");
        foreach (var (k, v) in e)
        {
            if (result.TryGetValue(k, out var given) && given is null)
            {
                result[k] = v;
            }
        }

        result["experiment_id"] = e.Str("id");
        result["id"] = e.Str("id");
    }
}
