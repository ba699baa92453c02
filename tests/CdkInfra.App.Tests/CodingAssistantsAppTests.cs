using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CdkInfra.App.Tests.TestSupport;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>The app as a process, for the coding-assistants stack: a self-contained stack folder, and bad settings refused.</summary>
public sealed partial class CodingAssistantsAppTests
{
    private string _project = "";

    [SetUp]
    public void CreateProject() => _project = AppProcess.CreateProject("cdkinfra-ca-app-");

    [TearDown]
    public void RemoveProject() => Directory.Delete(_project, recursive: true);

    [Test]
    public void The_stack_folder_holds_the_init_script_asset_and_no_absolute_path()
    {
        var (exit, _, error) = AppProcess.Run(_project);
        Assert.That(exit, Is.EqualTo(0), error);
        var stackDir = Path.Combine(_project, "cdktf.out", "stacks", "coding-assistants");
        var json = File.ReadAllText(Path.Combine(stackDir, "cdk.tf.json"));
        var source = SynthesizedStack.Parse(json).Resource("databricks_file", "init_script")["source"]!.GetValue<string>();
        var asset = Path.Combine(stackDir, source);
        var texts = Directory.EnumerateFiles(stackDir, "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Path.IsPathRooted(source), Is.False);
            Assert.That(File.Exists(asset), Is.True, "the source resolves inside the stack folder, where Terraform runs");
            Assert.That(File.ReadAllText(asset), Is.EqualTo(File.ReadAllText(Path.Combine(_project, "init-scripts", "install-claude-code.sh"))));
            Assert.That(json, Does.Contain("\"path\": \"../../../terraform.coding-assistants.tfstate\""));
            Assert.That(texts, Has.None.Contains(_project), "no path of this machine in any file of the stack");
            Assert.That(texts, Has.None.Matches(AbsolutePath()), "no absolute path at all");
        });
    }

    [Test]
    public void Bad_coding_assistants_settings_exit_2_name_every_problem_and_leave_the_output_untouched()
    {
        var marker = Path.Combine(_project, "cdktf.out", "stacks", "coding-assistants", "cdk.tf.json");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "previous synthesis");
        var settings = Path.Combine(_project, "cdktf.json");
        var root = JsonNode.Parse(File.ReadAllText(settings))!;
        root["context"]!["codingAssistants"] = JsonNode.Parse("""{ "mode": "STANDARD", "numWorkers": 0, "autoterminationMinutes": 5, "colour": "blue" }""");
        File.WriteAllText(settings, root.ToJsonString());

        var (exit, output, error) = AppProcess.Run(_project);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("cdktf.json, field 'codingAssistants.colour': unknown setting"));
            Assert.That(error, Does.Contain("cdktf.json, field 'codingAssistants.numWorkers': 0 is not allowed"));
            Assert.That(error, Does.Contain("cdktf.json, field 'codingAssistants.autoterminationMinutes': 5 is not allowed"));
            Assert.That(error, Does.Not.Contain("   at "), "a clear message, not a stack trace");
            Assert.That(output, Is.Empty);
            Assert.That(File.ReadAllText(marker), Is.EqualTo("previous synthesis"));
            Assert.That(Directory.GetFiles(Path.Combine(_project, "cdktf.out"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        });
    }

    [GeneratedRegex(@"""/(root|home|tmp|work|Users)/|[A-Za-z]:\\\\")]
    private static partial Regex AbsolutePath();
}
