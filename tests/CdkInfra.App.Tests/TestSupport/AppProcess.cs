using System.Diagnostics;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests.TestSupport;

/// <summary>Runs the built app as a process in a project folder, as <c>make synth</c> does.</summary>
internal static class AppProcess
{
    public static (int Exit, string Output, string Error) Run(string project, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CdkInfra.App.dll")])
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("CDKTF_CONTEXT_JSON");
        start.Environment.Remove("CDKTF_OUTDIR");
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>A scratch project: the shipped settings, roster and init script, nothing else.</summary>
    public static string CreateProject(string prefix)
    {
        var project = Directory.CreateTempSubdirectory(prefix).FullName;
        foreach (var file in new[] { "cdktf.json", "users.json", "init-scripts/install-claude-code.sh" })
        {
            var target = Path.Combine(project, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(TestEnvironment.RepoRoot, file), target);
        }

        return project;
    }
}
