using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CdkInfra.App.Tests.TestSupport;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

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
    public void Synthesizes_where_Terraform_is_not_on_the_path()
    {
        // Synthesis writes JSON; Terraform runs later, maybe elsewhere. CDKTF's class for terraform_data ran
        // `terraform version` at synthesis for every instance and failed the app without it
        // (cdktf/lib/terraform-data-resource.js, validations/validate-binary-version.js).
        var bin = Directory.CreateTempSubdirectory("cdkinfra-path-").FullName;
        try
        {
            foreach (var tool in new[] { "dotnet", "node" })
            {
                var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).First(File.Exists);
                File.CreateSymbolicLink(Path.Combine(bin, tool), found);
            }

            var (exit, _, error) = RunApp(environment: new() { ["PATH"] = bin });
            Assert.That(exit, Is.EqualTo(0), error);
            var json = File.ReadAllText(Path.Combine(_project, "cdktf.out", "stacks", "course", "cdk.tf.json"));
            Assert.That(json, Does.Contain("\"terraform_data\""), "the stack has terraform_data instances");
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Test]
    public void The_course_stack_outputs_what_onboarding_needs()
    {
        var (exit, _, error) = RunApp(environment: new() { ["CDKTF_CONTEXT_JSON"] = """{"studentCompute":"policy","studentWarehouse":true}""" });
        Assert.That(exit, Is.EqualTo(0), error);
        var stack = SynthesizedStack.Parse(File.ReadAllText(Path.Combine(_project, "cdktf.out", "stacks", "course", "cdk.tf.json")));
        Assert.Multiple(() =>
        {
            stack.HasOutput("personal_schemas", """
                { "value": "${{ for email, user in local.roster : email => \"databricks_course.${user.schema_name}\" if !user.retired }}" }
                """);
            Assert.That(stack.Root["output"]!["course_folder_url"]!["value"]!.GetValue<string>(), Does.EndWith("/#workspace/databricks_course"));
            stack.HasOutput("datasets_path", """{ "value": "" }""", "the scratch project has no datasets (the shipped roster's snapshot has the path)");
            stack.HasOutput("student_compute", """
                {
                  "value": {
                    "mode": "policy",
                    "cluster_policy_id": "${databricks_cluster_policy.student_clusters.id}",
                    "warehouse_id": "${databricks_sql_endpoint.course.id}",
                    "secret_scope": "course-apis"
                  }
                }
                """);
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

        var fixture = TestEnvironment.Fixture("course");
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

    /// <summary>Lays the fixture course out where the app looks by default: course/notebooks, course/datasets/data, course/packages.</summary>
    [Test]
    public void A_smoke_job_user_who_is_no_test_student_exits_2_naming_the_setting_the_file_and_the_entry()
    {
        CopyFixtureCourse();
        var (exit, output, error) = RunApp(environment: new()
        {
            ["CDKTF_CONTEXT_JSON"] = """{"courseSolutionsFolder":"course/lesson-solutions","courseSmokeRunAs":"ana.instructor@example.com"}""",
        });
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("cdktf.json, field 'courseSmokeRunAs': 'ana.instructor@example.com' is entry 2 (ana.instructor@example.com) of users.json, whose field groups is [admins]"));
            Assert.That(error, Does.Not.Contain("   at "), "a clear message, not a stack trace");
            Assert.That(output, Is.Empty);
        });
    }

    [Test]
    public void The_profile_variable_prints_each_phase_and_nothing_else_changes()
    {
        var (exit, _, error) = RunApp(new Dictionary<string, string> { [App.Program.ProfileVariable] = "1" });
        var phases = error.Split('\n').Where(l => l.StartsWith("profile:", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(phases, Has.Count.EqualTo(8));
            Assert.That(phases, Has.Some.Contains("jsii type index").And.Some.Contains("jsii runtime and App").And.Some.Contains("synthesis (JSON through jsii)"));
            Assert.That(phases.Select(p => p.Split("ms")[0]["profile:".Length..].Trim()), Has.All.Matches<string>(t => int.TryParse(t, out var ms) && ms >= 0));
        });
        Assert.That(RunApp().Error, Does.Not.Contain("profile:"), "silent by default");
    }

    private void CopyFixtureCourse()
    {
        var source = TestEnvironment.Fixture("course");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_project, "course", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private (int Exit, string Output, string Error) RunApp(Dictionary<string, string>? environment = null) =>
        AppProcess.Run(_project, environment);

    [GeneratedRegex(@"""/(root|home|tmp|work|Users)/")]
    private static partial Regex AbsolutePath();
}
