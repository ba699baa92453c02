using CdkInfra.App.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>
/// Every kind of invalid input, wherever the app detects it (settings, roster, collisions and reserved names found by
/// the constructs, construct props, course material), ends the same way: exit code 2, the list of problems naming
/// file, entry and field, no stack trace, and the previous output exactly as it was.
/// </summary>
public sealed class InvalidInputExitTests
{
    private const string Previous = "previous synthesis";

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("a setting of the wrong type", context: """{"courseCatalog": 5}""",
            expected: "CDKTF_CONTEXT_JSON, field 'courseCatalog': must be a non-empty string, found 5");
        yield return Case("an unknown group in the roster",
            roster: """{ "users": [ { "user_name": "ana@example.com", "display_name": "Ana", "groups": ["teachers"] } ] }""",
            expected: "users.json, entry 1 (ana@example.com), field 'groups'");
        yield return Case("two entries on one schema name (found by the constructs)",
            roster: """
                { "users": [
                  { "user_name": "john.smith@a.example.com", "display_name": "John A", "groups": ["students"] },
                  { "user_name": "john_smith@b.example.com", "display_name": "John B", "groups": ["students"] }
                ] }
                """,
            expected: "users.json, entry 1 (john.smith@a.example.com) and entry 2 (john_smith@b.example.com), field 'schema_name': these entries would share the personal schema 'john_smith'");
        yield return Case("a pin that takes a shared schema's name (found by the constructs)",
            roster: """{ "users": [ { "user_name": "x@example.com", "display_name": "X", "groups": ["students"], "schema_name": "shared_bronze" } ] }""",
            expected: "users.json, entry 1 (x@example.com), field 'schema_name': the personal schema name 'shared_bronze' is taken by a shared schema");
        yield return Case("a newline in a display name",
            roster: """{ "users": [ { "user_name": "y@example.com", "display_name": "Two\nlines", "groups": ["students"] } ] }""",
            expected: "users.json, entry 1 (y@example.com), field 'display_name': contains the control character U+000A");
        yield return Case("CDKTF's token marker in a setting", context: """{"codingAssistants": {"clusterName": "x ${TfToken[TOKEN.1]}"}}""",
            expected: "CDKTF_CONTEXT_JSON, field 'codingAssistants.clusterName': contains '${TfToken['");
        yield return Case("a cluster setting its props refuse", context: """{"codingAssistants": {"autoterminationMinutes": 5}}""",
            expected: "autoterminationMinutes");
        yield return Case("an unknown provisioning", context: """{"codingAssistants": {"provisioning": "policies", "users": ["ana.instructor@example.com"]}}""",
            expected: "CDKTF_CONTEXT_JSON, field 'codingAssistants.provisioning': must be \"clusters\" or \"policy\", found \"policies\"; did you mean \"policy\"?");
        yield return Case("an entry without a cohort beside entries with one (found by the props)",
            roster: """
                { "users": [
                  { "user_name": "a@example.com", "display_name": "A", "groups": ["students"], "cohort": "evening" },
                  { "user_name": "b@example.com", "display_name": "B", "groups": ["students"] }
                ] }
                """,
            expected: "users.json, entry 2 (b@example.com), field 'cohort': is missing while other entries name one");
        yield return Case("a cohort size of zero", context: """{"cohortSize": 0}""", expected: "field 'cohortSize'");
        yield return Case("a notebook without its header", notebook: "print('no header')\n",
            expected: "course/notebooks/week1/broken.py");
    }

    [TestCaseSource(nameof(Cases))]
    public void Exits_2_with_the_problem_and_no_stack_trace_and_leaves_the_output_untouched(string? context, string? roster, string? notebook, string expected)
    {
        var project = AppProcess.CreateProject("cdkinfra-invalid-");
        try
        {
            var marker = Path.Combine(project, "cdktf.out", "stacks", "course", "cdk.tf.json");
            Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            File.WriteAllText(marker, Previous);
            if (roster is not null)
            {
                File.WriteAllText(Path.Combine(project, "users.json"), roster);
            }

            if (notebook is not null)
            {
                var path = Path.Combine(project, "course", "notebooks", "week1", "broken.py");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, notebook);
            }

            var (exit, output, error) = AppProcess.Run(project, context is null ? null : new() { ["CDKTF_CONTEXT_JSON"] = context });
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(2), error);
                Assert.That(error, Does.StartWith("Invalid input ("));
                Assert.That(error, Does.Contain(expected));
                Assert.That(error, Does.Not.Contain("Unhandled exception"));
                Assert.That(error, Does.Not.Contain("   at "), "a list of problems, not a stack trace");
                Assert.That(output, Is.Empty);
                Assert.That(File.ReadAllText(marker), Is.EqualTo(Previous));
                Assert.That(Directory.GetFileSystemEntries(Path.Combine(project, "cdktf.out"), "*", SearchOption.AllDirectories),
                    Has.Length.EqualTo(3), "cdktf.out holds what it held: stacks/, stacks/course/, the one file");
                Assert.That(Directory.GetDirectories(project).Select(Path.GetFileName), Is.EquivalentTo(new[] { "cdktf.out", "init-scripts" }.Concat(notebook is null ? [] : ["course"])), "no staging folder left behind");
            });
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static TestCaseData Case(string name, string expected, string? context = null, string? roster = null, string? notebook = null) =>
        new TestCaseData(context, roster, notebook, expected).SetName($"Invalid input: {name}");
}
