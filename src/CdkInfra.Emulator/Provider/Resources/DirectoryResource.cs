using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_directory. Ports TPD workspace/resource_directory.go: id is the path, <c>object_id</c> and
/// <c>workspace_path</c> computed; paths absolute and clean (<c>ValidatePath</c>); system folders refused
/// (<see cref="DatabricksRefusals.ReservedFolderError"/>).
/// </summary>
internal sealed class DirectoryResource : ResourceBehaviour
{
    public override string Type => "databricks_directory";

    public override IEnumerable<string> Validate(Dictionary<string, object?> config) => WorkspaceObjects.ValidatePath(config);

    /// <summary>
    /// A trailing slash added to the path is no change (TPD workspace/resource_directory.go
    /// <c>directoryPathSuppressDiff</c>: new == old + "/"; TPD test TestDirectoryPathSuppressDiff).
    /// </summary>
    public override void Plan(Call call, PlanRequest plan) =>
        UnityCatalogDiffs.Suppress(plan, "path", (before, after) => after == before + "/");

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var path = state.Str("path")!;
        Check(DatabricksRefusals.PathError("path", path) ?? DatabricksRefusals.ReservedFolderError(path, "create"));
        Fill(state, "object_id", call.Workspace.NextCounter() + 1_000_000_000_000L);
        state["workspace_path"] = $"/Workspace{path}";
        return path;
    }

    public override void Delete(Call call, Dictionary<string, object?> prior)
    {
        Check(DatabricksRefusals.ReservedFolderError(prior.Str("path")!, "delete"));
        base.Delete(call, prior);
    }
}

/// <summary>What the workspace object resources share (TPD workspace/file_resource.go).</summary>
internal static class WorkspaceObjects
{
    public static IEnumerable<string> ValidatePath(Dictionary<string, object?> config)
    {
        if (config.GetValueOrDefault("path") is string path && DatabricksRefusals.PathError("path", path) is { } error)
        {
            yield return error;
        }
    }

    public static string Apply(Call call, Dictionary<string, object?> state, string? objectType)
    {
        var path = state.Str("path")!;
        if (DatabricksRefusals.PathError("path", path) is { } error)
        {
            throw new PlatformException(error);
        }

        state["object_id"] = state.GetValueOrDefault("object_id") is long known ? known : call.Workspace.NextCounter() + 1_000_000_000_000L;
        state["workspace_path"] = $"/Workspace{path}";
        state["url"] = $"{call.Workspace.Host}#workspace{path}";
        if (objectType is not null && state.GetValueOrDefault("object_type") is null or Unknown)
        {
            state["object_type"] = objectType;
        }

        return path;
    }
}
