using System.Diagnostics;
using System.Text.RegularExpressions;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Tests;

/// <summary>The app as a process: what it writes, what it refuses, and that no secret or machine path leaks.</summary>
public sealed partial class AppOutputTests
{
    private string _project = "";

    [SetUp]
    public void CreateProject()
    {
        _project = Directory.CreateTempSubdirectory("cdkinfra-app-").FullName;
        foreach (var file in new[] { "cdktf.json", "users.json" })
        {
            File.Copy(Path.Combine(TestEnvironment.RepoRoot, file), Path.Combine(_project, file));
        }

        // The coding-assistants settings default to the project's init script.
        Directory.CreateDirectory(Path.Combine(_project, "init-scripts"));
        File.Copy(Path.Combine(TestEnvironment.RepoRoot, "init-scripts", "install-claude-code.sh"), Path.Combine(_project, "init-scripts", "install-claude-code.sh"));
    }

    [TearDown]
    public void RemoveProject() => Directory.Delete(_project, recursive: true);

    [Test]
    public void Synthesizes_the_course_stack_with_a_relative_local_backend_and_no_machine_paths()
    {
        var (exit, _, error) = RunApp(environment: new() { ["DATABRICKS_TOKEN"] = "dapi" + new string('f', 32) });
        Assert.That(exit, Is.EqualTo(0), error);
        var stackFile = Path.Combine(_project, "cdktf.out", "stacks", "course", "cdk.tf.json");
        var json = File.ReadAllText(stackFile);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"path\": \"../../../terraform.course.tfstate\""));
            Assert.That(json, Does.Not.Contain(_project), "no absolute path of this machine");
            Assert.That(AbsolutePath().IsMatch(json), Is.False, "no absolute path at all");
            Assert.That(json, Does.Not.Contain("dapi"), "the token in the environment never reaches the output");
            Assert.That(json, Does.Not.Contain("\"token\""));
            Assert.That(error, Does.Contain("course: 8 users from users.json"));
        });
    }

    [Test]
    public void CDKTF_CONTEXT_JSON_selects_another_roster()
    {
        File.WriteAllText(Path.Combine(_project, "other.json"), """{ "users": [ { "user_name": "solo@example.com", "display_name": "Solo", "groups": ["students"] } ] }""");
        var (exit, _, error) = RunApp(environment: new() { ["CDKTF_CONTEXT_JSON"] = """{"usersFile":"other.json"}""" });
        Assert.That(exit, Is.EqualTo(0), error);
        var json = File.ReadAllText(Path.Combine(_project, "cdktf.out", "stacks", "course", "cdk.tf.json"));
        Assert.That(json, Does.Contain("solo@example.com"));
        Assert.That(json, Does.Not.Contain("test.student@example.com"));
    }

    [Test]
    public void Bad_input_exits_non_zero_names_file_entry_and_field_and_leaves_the_output_untouched()
    {
        var marker = Path.Combine(_project, "cdktf.out", "stacks", "course", "cdk.tf.json");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "previous synthesis");
        File.WriteAllText(Path.Combine(_project, "users.json"), """
            { "users": [
              { "user_name": "ana@example.com", "display_name": "Ana", "groups": ["admins"] },
              { "user_name": "ANA@example.com", "display_name": "Ana again", "groups": ["teachers"] }
            ] }
            """);
        var (exit, output, error) = RunApp();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("users.json, entry 2 (ana@example.com), field 'groups': unknown group \"teachers\""));
            Assert.That(error, Does.Contain("users.json, entry 2 (ana@example.com), field 'user_name': duplicate of entry 1"));
            Assert.That(error, Does.Not.Contain("   at "), "a clear message, not a stack trace");
            Assert.That(output, Is.Empty);
            Assert.That(File.ReadAllText(marker), Is.EqualTo("previous synthesis"));
            Assert.That(Directory.GetFiles(Path.Combine(_project, "cdktf.out"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void The_repository_and_its_snapshots_hold_no_token()
    {
        var tracked = Directory.EnumerateFiles(TestEnvironment.RepoRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/node_modules/") && !f.Contains("/.git/") && !f.Contains("/bin/") && !f.Contains("/obj/")
                        && !f.Contains("/.nuget-local/") && !f.Contains("/cdktf.out"))
            .Where(f => new FileInfo(f).Length < 2_000_000);
        var leaks = tracked.Where(f => TokenPattern().IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(TestEnvironment.RepoRoot, f));
        Assert.That(leaks, Is.Empty);
    }

    private (int Exit, string Output, string Error) RunApp(Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "CdkInfra.App.dll")])
        {
            WorkingDirectory = _project,
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

    // Databricks PATs (dapi + 32 hex), GitHub tokens, AWS access keys, private key blocks.
    [GeneratedRegex(@"dapi[0-9a-f]{32}|gh[pousr]_[A-Za-z0-9]{36}|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"""/(root|home|tmp|work|Users)/")]
    private static partial Regex AbsolutePath();
}
