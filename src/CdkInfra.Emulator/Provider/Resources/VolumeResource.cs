using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_volume. Ports TPD catalog/resource_volume.go: id <c>catalog.schema.volume</c>, <c>volume_path</c>
/// <c>/Volumes/catalog/schema/volume</c>; the schema must exist; an owner must be a Unity Catalog principal.
/// </summary>
internal sealed class VolumeResource : ResourceBehaviour
{
    public override string Type => "databricks_volume";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var workspace = call.Workspace;
        var schema = $"{state.Str("catalog_name")}.{state.Str("schema_name")}";
        var full = $"{schema}.{state.Str("name")}";
        if (workspace.Get("databricks_schema", schema) is null)
        {
            throw new PlatformException($"cannot create volume: Schema '{schema}' does not exist.");
        }

        if (state.Str("owner") is { } owner && DatabricksRefusals.PrincipalError(workspace, owner) is { } error)
        {
            throw new PlatformException($"cannot create volume: {error}");
        }

        Fill(state, "owner", workspace.CurrentUser);
        var root = workspace.Get("databricks_catalog", state.Str("catalog_name")!)?.Str("storage_location") ?? "default-storage://";
        Fill(state, "storage_location", $"{root.TrimEnd('/')}/volumes/{workspace.NewUuid()}");
        state["volume_path"] = $"/Volumes/{state.Str("catalog_name")}/{state.Str("schema_name")}/{state.Str("name")}";
        return full;
    }
}
