using System.Runtime.CompilerServices;

namespace CdkInfra.Tests.TestSupport;

internal static class TestEnvironment
{
    /// <summary>The repository root (the folder with cdktf.json), found from this source file.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Keeps jsii's Node end-of-life banner out of test output, before the first jsii call starts Node.</summary>
    [ModuleInitializer]
    internal static void SilenceNodeBanner() =>
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

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
