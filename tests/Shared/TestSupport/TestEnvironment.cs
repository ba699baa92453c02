using System.Runtime.CompilerServices;

namespace CdkInfra.Tests.TestSupport;

internal static class TestEnvironment
{
    /// <summary>The repository root (the folder with cdktf.json), found from this source file.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>
    /// The run's own temporary folder (<see cref="Prepare"/>), below the system's; <see cref="TestRunCleanup"/> deletes
    /// it when the run ends.
    /// </summary>
    public static string RunTempFolder { get; private set; } = "";

    /// <summary>
    /// Before the first jsii call starts Node: keeps jsii's Node end-of-life banner out of test output, and points the
    /// temporary folder of this process and of every process it starts (Node, the app) at a folder of the run's own.
    /// CDKTF's test app makes an output folder in the system's temporary folder for every synthesis
    /// (<c>Testing.app</c>, <c>cdktf.outdir.*</c>) and never deletes it: some 400 folders a run of the two suites.
    /// </summary>
    [ModuleInitializer]
    internal static void Prepare()
    {
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        RunTempFolder = Directory.CreateTempSubdirectory("cdkinfra-test-run-").FullName;
        // .NET (Path.GetTempPath) and Node (os.tmpdir) both read TMPDIR on each call.
        Environment.SetEnvironmentVariable("TMPDIR", RunTempFolder);
    }

    /// <summary>The fixtures of both test projects, relative to the repository root (as settings name their folders).</summary>
    public const string FixturesFolder = "tests/Shared/Fixtures";

    public static string Fixture(string name) => Path.Combine(RepoRoot, FixturesFolder, name);

    private static string FindRoot([CallerFilePath] string here = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(here)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "cdktf.json")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cdktf.json not found above " + here);
    }
}
