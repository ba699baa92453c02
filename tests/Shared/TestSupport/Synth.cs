using System.Text.Json.Nodes;
using CdkInfra.CodingAssistants;
using CdkInfra.Course;
using CdkInfra.Course.Content;
using CdkInfra.Roster;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.Tests.TestSupport;

/// <summary>Synthesizes a course workspace in a test app and returns the stack's Terraform JSON.</summary>
internal static class Synth
{
    public static string CourseJson(CourseWorkspaceProps props) => CourseJson(props, null);

    /// <summary>The same, with <paramref name="extend"/> run on the built workspace before synthesis (a team's own grants).</summary>
    public static string CourseJson(CourseWorkspaceProps props, Action<CourseWorkspace>? extend)
    {
        var app = Testing.App();
        var stack = new TerraformStack(app, "test");
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig());
        var workspace = new CourseWorkspace(stack, "Workspace", props);
        extend?.Invoke(workspace);
        return Testing.Synth(stack);
    }

    /// <summary>The course material of the test fixtures: four notebooks (one SQL, one nested two deep), two data files, a package.</summary>
    public static CourseMaterial FixtureMaterial { get; } = MaterialIn(TestEnvironment.RepoRoot, $"{TestEnvironment.FixturesFolder}/course");

    /// <summary>Material laid out like the fixtures (notebooks, datasets/data, packages) below <paramref name="folder"/>.</summary>
    public static CourseMaterial MaterialIn(string baseFolder, string folder) => new()
    {
        BaseFolder = baseFolder,
        Notebooks = $"{folder}/notebooks",
        Datasets = $"{folder}/datasets/data",
        Packages = $"{folder}/packages",
    };

    public static JsonObject Course(CourseWorkspaceProps props) => JsonNode.Parse(CourseJson(props))!.AsObject();

    public static string CodingAssistantsJson(CodingAssistantsClusterProps props, Action<CodingAssistantsCluster>? extend = null)
    {
        var app = Testing.App();
        var stack = new TerraformStack(app, "test");
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig());
        var cluster = new CodingAssistantsCluster(stack, "CodingAssistants", props);
        extend?.Invoke(cluster);
        return Testing.Synth(stack);
    }

    public static JsonObject CodingAssistants(CodingAssistantsClusterProps props) => JsonNode.Parse(CodingAssistantsJson(props))!.AsObject();

    public static CourseRoster Roster(params (string Email, string Group)[] users) =>
        CourseRoster.FromEntries("test roster", users.Select((u, i) => new RosterEntry(i + 1, u.Email, u.Email.Split('@')[0], [u.Group], null)));

    public static CourseRoster Generated(int size, int seed, double adminShare = 0.1)
    {
        var rng = new Random(seed);
        return CourseRoster.FromEntries($"generated-{size}-{seed}", Enumerable.Range(0, size).Select(i =>
        {
            var group = rng.NextDouble() < adminShare ? RosterGroups.Admins : RosterGroups.Students;
            return new RosterEntry(i + 1, $"user{i}.n{rng.Next(1000)}@example.com", $"User {i}", [group], null);
        }));
    }
}
