using System.Runtime.CompilerServices;
using System.Text;

namespace CdkInfra.Tests.TestSupport;

/// <summary>
/// Snapshot assertions following Verify's conventions (Verify is not in the NuGet registry here), so that moving to
/// it is one line: <c>Snapshots/&lt;TestClass&gt;.&lt;TestMethod&gt;.verified.json</c> is committed, a mismatch writes
/// <c>.received.json</c> beside it (git-ignored) and fails with a diff, and <c>CDKINFRA_ACCEPT_SNAPSHOTS=1</c>
/// (or <c>make accept-snapshots</c>) accepts what the code now produces. Text is compared with LF line endings.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "CDKINFRA_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "") =>
        Verify(actual, "json", testFile, testMethod);

    /// <summary>The same for a snapshot with another extension (e.g. <c>md</c>).</summary>
    public static void Verify(string actual, string extension, string testFile, string testMethod)
    {
        var testClass = Path.GetFileNameWithoutExtension(testFile);
        var folder = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var verified = Path.Combine(folder, $"{testClass}.{testMethod}.verified.{extension}");
        var received = Path.Combine(folder, $"{testClass}.{testMethod}.received.{extension}");
        var text = Normalize(actual);
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == text)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, text, new UTF8Encoding(false));
            File.Delete(received);
            Assert.Warn($"Snapshot {Path.GetFileName(verified)} was accepted; review it in the diff.");
            return;
        }

        File.WriteAllText(received, text, new UTF8Encoding(false));
        var why = expected is null
            ? $"No verified snapshot yet: {Relative(verified)}."
            : $"Snapshot differs from {Relative(verified)}:{Environment.NewLine}{Diff(expected, text)}";
        Assert.Fail($"{why}{Environment.NewLine}Wrote {Relative(received)}. If the change is intended, run 'make accept-snapshots' and review the diff.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    private static string Relative(string path) => Path.GetRelativePath(TestEnvironment.RepoRoot, path);

    /// <summary>The first differing lines with a little context: enough to see what moved without a diff tool.</summary>
    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        var builder = new StringBuilder();
        var from = Math.Max(0, first - 3);
        builder.AppendLine($"@@ line {first + 1} (verified has {a.Length} lines, received {b.Length}) @@");
        for (var i = from; i < first; i++)
        {
            builder.AppendLine("  " + a[i]);
        }

        for (var i = first; i < Math.Min(a.Length, first + 8); i++)
        {
            builder.AppendLine("- " + a[i]);
        }

        for (var i = first; i < Math.Min(b.Length, first + 8); i++)
        {
            builder.AppendLine("+ " + b[i]);
        }

        return builder.ToString();
    }
}
