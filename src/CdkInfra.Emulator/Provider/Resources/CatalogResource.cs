using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_catalog. Ports TPD catalog/resource_catalog.go: Create, then an update for owner, isolation mode and
/// predictive optimization when given; a new catalog's automatic <c>default</c> schema is deleted right after create
/// (not for sharing and foreign catalogs); Delete refuses a catalog with schemas unless <c>force_destroy</c>. The
/// platform's refusals: a catalog without <c>storage_root</c> on a metastore without a storage root ("Metastore storage
/// root URL does not exist", with the Default Storage wording where the account has it: databricks/cli issues 4513 and
/// 5695; the storage check comes before the existence check, databricks-industry-solutions lakehouse-industry-data-models
/// PR 5); a name that exists; a deployer without CREATE CATALOG (<see cref="UnityCatalogAuthority"/>).
/// </summary>
internal sealed class CatalogResource : ResourceBehaviour
{
    public const string DefaultStorageMessage = "Metastore storage root URL does not exist. Default Storage is enabled in your account. You can use the UI to create a new catalog using Default Storage, or please provide a storage location for the catalog (for example 'CREATE CATALOG myCatalog MANAGED LOCATION '<location-path>'). (400 INVALID_STATE)";

    public const string RootlessMessage = "Metastore storage root URL does not exist. Please provide a storage location for the catalog (for example 'CREATE CATALOG myCatalog MANAGED LOCATION '<location-path>'). Alternatively set up a metastore root storage location to provide a storage location for all catalogs in the metastore.";

    public override string Type => "databricks_catalog";

    /// <summary>
    /// Names differ by case only, or a storage root by a trailing slash: no change (TPD catalog/resource_catalog.go,
    /// <c>EqualFoldDiffSuppress</c> on name, connection_name, share_name, provider_name;
    /// <c>ucDirectoryPathSlashOnlySuppressDiff</c> on storage_root; TPD tests TestCatalogSuppressCaseSensitivity,
    /// TestUcDirectoryPathSuppressDiff).
    /// </summary>
    public override void Plan(Call call, PlanRequest plan)
    {
        UnityCatalogDiffs.SuppressEqualFold(plan, "name", "connection_name", "share_name", "provider_name");
        UnityCatalogDiffs.SuppressSlashOnly(plan, "storage_root");
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var workspace = call.Workspace;
        var name = state.Str("name")!;
        var creating = prior is null;
        // TPD catalog/resource_catalog.go Create and Update call validateMetastoreId first (TPD test TestFailIfMetastoreIdIsWrong).
        Check(Prefixed(creating, UnityCatalogDiffs.MetastoreIdError(call, state.Str("metastore_id"))));
        if (creating)
        {
            var special = state.Str("share_name") is not null || state.Str("connection_name") is not null || state.Str("provider_name") is not null;
            if (!special && state.Str("storage_root") is null && call.Profile.MetastoreStorageRoot is null)
            {
                throw new PlatformException($"cannot create catalog: {(call.Profile.DefaultStorage ? DefaultStorageMessage : RootlessMessage)}");
            }

            if (UnityCatalogAuthority.CreateCatalogError(call) is { } denied)
            {
                throw new PlatformException($"cannot create catalog: {denied}");
            }

            if (workspace.Get(Type, name) is not null)
            {
                throw new PlatformException($"cannot create catalog: Catalog '{name}' already exists");
            }
        }

        var priorOwner = workspace.Get(Type, name)?.Str("owner") ?? workspace.CurrentUser;
        Check(Prefixed(creating, UnityCatalogAuthority.OwnerChangeError(call, "catalog", name, priorOwner, state.Str("owner"), creating)));
        Fill(state, "owner", workspace.CurrentUser);
        Fill(state, "metastore_id", workspace.MetastoreId);
        Fill(state, "isolation_mode", "OPEN");
        Fill(state, "enable_predictive_optimization", "INHERIT");
        Fill(state, "catalog_type", "MANAGED_CATALOG");
        Fill(state, "full_name", name);
        Fill(state, "securable_type", "CATALOG");
        Fill(state, "created_by", workspace.CurrentUser);
        Fill(state, "updated_by", workspace.CurrentUser);
        Fill(state, "created_at", Millis());
        Fill(state, "updated_at", Millis());
        var root = state.Str("storage_root") ?? call.Profile.MetastoreStorageRoot ?? "default-storage://";
        Fill(state, "storage_location", $"{root.TrimEnd('/')}/__unitystorage/catalogs/{workspace.NewUuid()}");
        if (creating)
        {
            _ = workspace.AddSchema(name, "default", state.Str("owner"));
            if (state.Str("share_name") is null && state.Str("connection_name") is null)
            {
                workspace.Remove("databricks_schema", $"{name}.default");
            }
        }

        return name;
    }

    public override void Delete(Call call, Dictionary<string, object?> prior)
    {
        var id = prior.Str("id")!;
        if (!prior.Bool("force_destroy") && call.Workspace.All("databricks_schema").Any(s => s.Str("catalog_name") == id && s.Str("name") != "information_schema"))
        {
            throw new PlatformException($"cannot delete catalog: Catalog '{id}' is not empty. The catalog has 1 or more schemas (set force_destroy to delete it anyway)");
        }

        foreach (var schema in call.Workspace.All("databricks_schema").Where(s => s.Str("catalog_name") == id).ToList())
        {
            call.Workspace.Remove("databricks_schema", schema.Str("id")!);
        }

        call.Workspace.Remove(Type, id);
    }

    internal static string? Prefixed(bool creating, string? error) => error is null ? null : $"cannot {(creating ? "create" : "update")} catalog: {error}";
}
