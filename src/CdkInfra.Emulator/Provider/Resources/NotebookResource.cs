using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_notebook. Ports TPD workspace/resource_notebook.go: id is the path; <c>format</c> SOURCE by default;
/// <c>language</c> from the source file's extension; <c>object_id</c>, <c>url</c>, <c>workspace_path</c> computed.
/// </summary>
internal sealed class NotebookResource : ResourceBehaviour
{
    public override string Type => "databricks_notebook";

    public override IEnumerable<string> Validate(Dictionary<string, object?> config) => WorkspaceObjects.ValidatePath(config);

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var id = WorkspaceObjects.Apply(call, state, "NOTEBOOK");
        Fill(state, "format", "SOURCE");
        Fill(state, "language", Path.GetExtension(state.Str("source") ?? string.Empty).ToLowerInvariant() switch
        {
            ".py" or ".ipynb" => "PYTHON",
            ".sql" => "SQL",
            ".scala" => "SCALA",
            ".r" => "R",
            _ => null,
        });
        return id;
    }
}

/// <summary>databricks_workspace_file. Ports TPD workspace/resource_workspace_file.go: id is the path.</summary>
internal sealed class WorkspaceFileResource : ResourceBehaviour
{
    public override string Type => "databricks_workspace_file";

    public override IEnumerable<string> Validate(Dictionary<string, object?> config) => WorkspaceObjects.ValidatePath(config);

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state) =>
        WorkspaceObjects.Apply(call, state, null);
}
