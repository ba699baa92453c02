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
        _project = AppProcess.CreateProject("cdkinfra-app-");
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
    public void No_file_of_the_synthesized_output_holds_the_token_from_the_environment()
    {
        var token = "dapi" + new string('e', 32);
        var (exit, output, error) = RunApp(environment: new() { ["DATABRICKS_TOKEN"] = token, ["DATABRICKS_HOST"] = "https://adb-1.azuredatabricks.net" });
        Assert.That(exit, Is.EqualTo(0), error);
        var outDir = Path.Combine(_project, "cdktf.out");
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetDirectories(Path.Combine(outDir, "stacks")), Is.Not.Empty);
            Assert.That(SecretScanner.ScanTree(outDir), Is.Empty, "every stack, every file");
            Assert.That(output + error, Does.Not.Contain(token), "nor the logs");
        });
    }

    [Test]
    public void Synthesis_writes_the_access_matrix_beside_the_course_stack()
    {
        var (exit, _, error) = RunApp();
        Assert.That(exit, Is.EqualTo(0), error);
        var written = File.ReadAllText(Path.Combine(_project, "cdktf.out", "stacks", "course", "access-matrix.md"));
        Assert.That(written, Is.EqualTo(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "access-matrix.md"))));
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

    private (int Exit, string Output, string Error) RunApp(Dictionary<string, string>? environment = null) =>
        AppProcess.Run(_project, environment);

    [GeneratedRegex(@"""/(root|home|tmp|work|Users)/")]
    private static partial Regex AbsolutePath();
}
