using System.Diagnostics;
using System.Text.Json.Nodes;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// The worked example of another team's app (examples/PartnerCourse), built the way that team builds it: against the
/// CdkInfra.Constructs package that <c>make pack</c> wrote to artifacts/, not against this repository's project
/// (<c>make example</c>, part of <c>make test</c>). It is run as a process and its output is checked.
/// </summary>
[NonParallelizable]
public sealed class PartnerCourseExampleTests
{
    private static readonly string ExampleDirectory = Path.Combine(TestEnvironment.RepoRoot, "examples", "PartnerCourse");
    private static readonly string ExampleDll = Path.Combine(ExampleDirectory, "bin", "Release", "net10.0", "PartnerCourse.dll");
    private const string DataStewards = "partner_data_stewards";
    private static readonly Lazy<string> Output = new(Synthesize);
    private static readonly Lazy<SynthesizedStack> Stack = new(() =>
        new SynthesizedStack(JsonNode.Parse(File.ReadAllText(Path.Combine(Output.Value, "stacks", "partner-course", "cdk.tf.json")))!.AsObject()));

    [Test]
    public void The_example_restores_the_library_as_a_package_not_as_a_project()
    {
        var assets = JsonNode.Parse(File.ReadAllText(Path.Combine(ExampleDirectory, "obj", "project.assets.json")))!;
        var library = assets["libraries"]!.AsObject().Single(l => l.Key.StartsWith("CdkInfra.Constructs/", StringComparison.Ordinal));
        Assert.That((string?)library.Value!["type"], Is.EqualTo("package"));
    }

    [Test]
    public void The_init_script_shipped_in_the_package_reaches_the_synthesized_stack()
    {
        var bundled = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "init-scripts", "install-claude-code.sh"));
        var stackFolder = Path.Combine(Output.Value, "stacks", "partner-assistants");
        var source = SynthesizedStack.Parse(File.ReadAllText(Path.Combine(stackFolder, "cdk.tf.json"))).Resource("databricks_file", "init_script")["source"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(ExampleDirectory, "bin", "Release", "net10.0", "init-scripts", "install-claude-code.sh")), Is.EqualTo(bundled),
                "the package's contentFiles are copied beside the app");
            Assert.That(File.ReadAllText(Path.Combine(stackFolder, source)), Is.EqualTo(bundled));
        });
    }

    [Test]
    public void Grants_go_to_the_partner_groups_and_the_platform_engineer_only()
    {
        var principals = Stack.Value.Grants().SelectMany(g => g.Privileges.Keys).ToHashSet();
        var users = new[] { "lena.lead@example.com", "omar.mentor@example.com", "pia.learner@example.com", "quinn.learner@example.com" };
        Assert.That(principals, Is.EquivalentTo(new[] { "partner_instructors", "partner_learners", "platform.engineer@example.com", DataStewards }.Concat(users)));
    }

    [Test]
    public void The_partners_own_grant_joins_the_catalogs_one_grants_resource()
    {
        var catalog = Stack.Value.Grants().Where(g => g.Securable == "partner_reference").ToList();
        Assert.That(catalog, Has.Count.EqualTo(1), "one authoritative grants resource per securable");
        Assert.Multiple(() =>
        {
            Assert.That(catalog[0].Privileges[DataStewards], Is.EqualTo(new[] { "USE_CATALOG", "USE_SCHEMA", "SELECT" }));
            Assert.That(catalog[0].Privileges["partner_learners"], Is.EqualTo(new[] { "USE_CATALOG", "USE_SCHEMA", "SELECT" }), "the policy's rows stay");
            Assert.That(Stack.Value.Grants().Where(g => g.Securable != "partner_reference").SelectMany(g => g.Privileges.Keys), Has.None.EqualTo(DataStewards));
        });
    }

    [Test]
    public void The_course_stack_synthesized_from_the_package_matches_its_snapshot()
    {
        var stack = JsonNode.Parse(File.ReadAllText(Path.Combine(Output.Value, "stacks", "partner-course", "cdk.tf.json")))!.AsObject();
        // CDKTF's metadata (construct paths, version) says how the stack was made, not what it deploys.
        stack.Remove("//");
        foreach (var block in new[] { "resource", "data" }.Select(s => stack[s]?.AsObject()).OfType<JsonObject>())
        {
            foreach (var instance in block.SelectMany(t => t.Value!.AsObject()).Select(n => n.Value!.AsObject()))
            {
                instance.Remove("//");
            }
        }

        Snapshot.Verify(stack.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Test]
    public void Its_catalogs_replace_the_default_layout()
    {
        var securables = Stack.Value.Grants().Select(g => g.Securable).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(securables, Does.Contain("partner_course").And.Contain("partner_course.datasets").And.Contain("partner_reference.curated"));
            Assert.That(securables, Has.None.StartsWith("sales_").And.None.StartsWith("databricks_course"));
        });
    }

    [Test]
    public void Learners_do_not_read_peer_schemas()
    {
        var pia = Stack.Value.Grants().Single(g => g.Securable == "partner_course.pia_learner");
        Assert.Multiple(() =>
        {
            Assert.That(pia.Privileges.ContainsKey("partner_learners"), Is.False, "StudentsReadPeerSchemas = false");
            Assert.That(pia.Privileges["pia.learner@example.com"], Is.EqualTo(new[] { "ALL_PRIVILEGES" }));
            Assert.That(pia.Privileges["partner_instructors"], Is.EqualTo(new[] { "ALL_PRIVILEGES" }));
        });
    }

    /// <summary>Runs the example built by <c>make example</c> into a scratch output folder.</summary>
    private static string Synthesize()
    {
        if (!File.Exists(ExampleDll))
        {
            Assert.Fail($"{ExampleDll} is missing: run make test (its 'example' step packs the library and builds the example from the package)");
        }

        var outdir = Directory.CreateTempSubdirectory("cdkinfra-partner-").FullName;
        var start = new ProcessStartInfo("dotnet", [ExampleDll]) { WorkingDirectory = ExampleDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["CDKTF_OUTDIR"] = outdir;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), error.Result);
        return outdir;
    }
}
