using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_schema. Ports TPD catalog/resource_schema.go: id <c>catalog.schema</c>; the catalog must exist; a schema
/// that exists is refused; creating needs the catalog's owner, MANAGE or CREATE SCHEMA, or a metastore admin
/// (<see cref="UnityCatalogAuthority"/>); an owner must be a Unity Catalog principal.
/// </summary>
internal sealed class SchemaResource : ResourceBehaviour
{
    public override string Type => "databricks_schema";

    /// <summary>
    /// Case-only changes of name and catalog_name and a trailing slash on storage_root are no change (TPD
    /// catalog/resource_schema.go: <c>EqualFoldDiffSuppress</c>, <c>ucDirectoryPathSlashOnlySuppressDiff</c>).
    /// </summary>
    public override void Plan(Call call, PlanRequest plan)
    {
        UnityCatalogDiffs.SuppressEqualFold(plan, "name", "catalog_name");
        UnityCatalogDiffs.SuppressSlashOnly(plan, "storage_root");
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var workspace = call.Workspace;
        var catalog = state.Str("catalog_name")!;
        var name = state.Str("name")!;
        var id = $"{catalog}.{name}";
        var creating = prior is null;
        var verb = creating ? "create" : "update";
        // TPD catalog/resource_schema.go Create and Update call validateMetastoreId first.
        if (UnityCatalogDiffs.MetastoreIdError(call, state.Str("metastore_id")) is { } wrongMetastore)
        {
            throw new PlatformException($"cannot {verb} schema: {wrongMetastore}");
        }

        if (workspace.Get("databricks_catalog", catalog) is null)
        {
            throw new PlatformException($"cannot {verb} schema: Catalog '{catalog}' does not exist.");
        }

        if (creating && workspace.Get(Type, id) is not null)
        {
            throw new PlatformException($"cannot create schema: Schema '{id}' already exists");
        }

        if (creating && !UnityCatalogAuthority.CanManage(call, "catalog", catalog, "CREATE_SCHEMA"))
        {
            throw new PlatformException($"cannot create schema: PERMISSION_DENIED: User does not have CREATE SCHEMA on Catalog '{catalog}'.");
        }

        if (state.Str("owner") is { } owner && DatabricksRefusals.PrincipalError(workspace, owner) is { } error)
        {
            throw new PlatformException($"cannot {verb} schema: {error}");
        }

        var priorOwner = workspace.Get(Type, id)?.Str("owner") ?? workspace.CurrentUser;
        if (UnityCatalogAuthority.OwnerChangeError(call, "schema", id, priorOwner, state.Str("owner"), creating) is { } denied)
        {
            throw new PlatformException($"cannot {verb} schema: {denied}");
        }

        Fill(state, "owner", workspace.CurrentUser);
        Fill(state, "metastore_id", workspace.MetastoreId);
        Fill(state, "enable_predictive_optimization", "INHERIT");
        Fill(state, "schema_id", prior?.Str("schema_id") ?? workspace.NewUuid());
        return id;
    }
}
