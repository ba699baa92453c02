using System.Diagnostics;
using System.Text.Json.Nodes;
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
    public void Course_content_sources_are_relative_and_inside_the_stack_output_each_file_once()
    {
        CopyFixtureCourse();
        var (exit, _, error) = RunApp();
        Assert.That(exit, Is.EqualTo(0), error);
        var stackDir = Path.Combine(_project, "cdktf.out", "stacks", "course");
        var stack = new SynthesizedStack(JsonNode.Parse(File.ReadAllText(Path.Combine(stackDir, "cdk.tf.json")))!.AsObject());
        var sources = new List<(string Tree, string Key, string Source)>();
        foreach (var (type, name, block) in stack.Resources().Where(r => r.Block["source"] is not null))
        {
            foreach (var instance in stack.Instances($"{type}.{name}", block))
            {
                sources.Add((name, instance.Key!, stack.Eval(block["source"]!.GetValue<string>(), instance)));
            }
        }

        var fixture = Path.Combine(TestEnvironment.RepoRoot, "tests/CdkInfra.Tests/Fixtures/course");
        string[] Files(string folder, params string[] skip) => Directory.EnumerateFiles(Path.Combine(fixture, folder), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(fixture, folder), f).Replace('\\', '/')).Where(f => !skip.Contains(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(sources.Where(s => s.Tree == "course_notebooks").Select(s => s.Key), Is.EqualTo(Files("notebooks", "README.md")));
            Assert.That(sources.Where(s => s.Tree == "course_datasets").Select(s => s.Key), Is.EqualTo(Files("datasets/data")));
            Assert.That(sources.Where(s => s.Tree == "course_packages").Select(s => s.Key), Is.EqualTo(Files("packages")));
            foreach (var (_, key, source) in sources)
            {
                Assert.That(source, Does.StartWith("assets/"), $"{key}: relative to the stack folder, where Terraform runs");
                var copied = Path.GetFullPath(Path.Combine(stackDir, source));
                Assert.That(copied, Does.StartWith(stackDir + Path.DirectorySeparatorChar), $"{key}: inside the stack output");
                Assert.That(File.Exists(copied), Is.True, $"{key}: {source} exists in the output");
            }

            Assert.That(error, Does.Contain("course: 8 users from users.json; 4 notebooks, 2 data files, 2 package files"));
        });
    }

    [Test]
    public void A_broken_notebook_exits_non_zero_names_file_and_line_and_leaves_the_output_untouched()
    {
        CopyFixtureCourse();
        File.WriteAllText(Path.Combine(_project, "course", "notebooks", "week1", "02_broken.py"), "# Databricks notebook source\n# MAGIC %run ../setup/missing\n");
        var marker = Path.Combine(_project, "cdktf.out", "stacks", "course", "cdk.tf.json");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "previous synthesis");
        var (exit, _, error) = RunApp();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("course/notebooks/week1/02_broken.py, line 2: %run target '../setup/missing' does not exist"));
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

    /// <summary>Lays the fixture course out where the app looks by default: course/notebooks, course/datasets/data, course/packages.</summary>
    private void CopyFixtureCourse()
    {
        var source = Path.Combine(TestEnvironment.RepoRoot, "tests/CdkInfra.Tests/Fixtures/course");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_project, "course", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
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
