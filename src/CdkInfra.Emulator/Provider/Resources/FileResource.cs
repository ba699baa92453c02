using System.Globalization;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_file. Ports TPD storage/resource_file.go: files live under <c>/Volumes/</c>; id is the path; the volume
/// must exist (the Files API answers 404 otherwise).
/// </summary>
internal sealed class FileResource : ResourceBehaviour
{
    public override string Type => "databricks_file";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var path = state.Str("path")!;
        if (!path.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            throw new PlatformException($"cannot create file: path must start with /Volumes/, got {path}");
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && call.Workspace.Get("databricks_volume", $"{parts[1]}.{parts[2]}.{parts[3]}") is null)
        {
            throw new PlatformException($"cannot create file: Volume '{parts[1]}.{parts[2]}.{parts[3]}' does not exist.");
        }

        var source = state.Str("source");
        state["file_size"] = source is not null && File.Exists(source) ? new FileInfo(source).Length : (state.Str("content_base64")?.Length ?? 0) * 3L / 4;
        state["modification_time"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        return path;
    }
}
