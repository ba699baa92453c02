using System.Text.Json.Nodes;
using CdkInfra.App.Tests.TestSupport;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>
/// Input is data: a roster and settings full of strings that a template engine, a quoter or a terminal could
/// misread are synthesized by the app, then the real <c>terraform</c> evaluates what the stacks would send to
/// Databricks. Every value must come back equal to its input, byte for byte. Terraform reads every string of
/// <c>cdk.tf.json</c> (and every object key) as a template, so an unescaped <c>${file("/etc/hostname")}</c> would
/// evaluate on the machine running terraform.
/// </summary>
[NonParallelizable]
public sealed class HostileInputTests
{
    private static readonly string LongestDisplayName = "Long ${x} " + new string('y', 255 - "Long ${x} ".Length);

    private static readonly string[] DisplayNames =
    [
        "Eve ${file(\"/etc/hostname\")}",
        "%{ if true }directive%{ endif }",
        "Already escaped $${x} and %%{y} and $$${z}",
        "Ends with a dollar $",
        "Lone % { } $$ %% ${ %{",
        "Quote \" apostrophe ' backslash \\ and \\n as text, \\u0041 too",
        "\u202Eright-to-left override\u202C and a \u200F mark",
        "ünïcödé 🎓 中文 ${ünï}",
        LongestDisplayName,
    ];

    private static readonly string[] UserNames =
    [
        "eve${x}@example.com",
        "p%{y}q@example.com",
        "plain@example.com",
        "dollar$@example.com",
        "brace{}@example.com",
        "quote'@example.com",
        "rtl\u202Eltr@example.com",
        "uni.ü@example.com",
        "longest@example.com",
    ];

    private const string SuperAdmin = "boss${x}@example.com";
    private const string Folder = "/course_${path.cwd}_%{y}";
    private const string Host = "https://h.example.com/${x}";
    private const string Profile = "p${x}";
    private const string ClusterName = "Cluster ${x} %{ for a in b }";
    private const string Model = "endpoint-${x}";
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["team${x}"] = "data %{y} \"quoted\" \\ back",
        ["plain"] = "${file(\"/etc/passwd\")}",
    };

    private string _project = "";

    [SetUp]
    public void CreateProject()
    {
        _project = AppProcess.CreateProject("cdkinfra-hostile-");
        // A small course, so course_config.json is written.
        var source = TestEnvironment.Fixture("course");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_project, "course", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [TearDown]
    public void RemoveProject() => Directory.Delete(_project, recursive: true);

    [Test]
    public void Every_value_terraform_evaluates_equals_its_input()
    {
        var users = UserNames.Zip(DisplayNames, (user, display) => new JsonObject
        {
            ["user_name"] = user,
            ["display_name"] = display,
            ["groups"] = new JsonArray("students"),
        });
        File.WriteAllText(Path.Combine(_project, "users.json"), new JsonObject { ["users"] = new JsonArray([.. users]) }.ToJsonString());
        var context = new JsonObject
        {
            ["superAdmins"] = new JsonArray(SuperAdmin),
            ["courseWorkspaceFolder"] = Folder,
            ["databricksHost"] = Host,
            ["databricksProfile"] = Profile,
            ["codingAssistants"] = new JsonObject
            {
                ["clusterName"] = ClusterName,
                ["model"] = Model,
                ["singleUserName"] = SuperAdmin,
                ["tags"] = new JsonObject(Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))),
            },
        };

        var (exit, _, error) = AppProcess.Run(_project, new() { ["CDKTF_CONTEXT_JSON"] = context.ToJsonString() });
        Assert.That(exit, Is.EqualTo(0), error);

        var course = Stack("course");
        var assistants = Stack("coding-assistants");
        var cluster = assistants.Resource("databricks_cluster", "coding_assistants");
        var evaluated = TerraformConsole.Evaluate(_project, new JsonObject
        {
            ["roster"] = course.Root["locals"]!["roster"]!.DeepClone(),
            ["config"] = course.Resource("databricks_workspace_file", "course_config")["content_base64"]!.DeepClone(),
            ["folder"] = course.Resource("databricks_directory", "course_folder")["path"]!.DeepClone(),
            // The course catalog's named principals (super admins), a local keyed by principal: keys are templates too.
            ["catalog_grants"] = course.Root["locals"]!["course_catalog_grants_named"]!.DeepClone(),
            ["provider"] = course.Root["provider"]!["databricks"]![0]!.DeepClone(),
            ["cluster_name"] = cluster["cluster_name"]!.DeepClone(),
            ["single_user"] = cluster["single_user_name"]!.DeepClone(),
            ["tags"] = cluster["custom_tags"]!.DeepClone(),
            // Settings text only: the experiment id is a resource reference, which a console without state cannot read.
            ["env"] = new JsonObject(cluster["spark_env_vars"]!.AsObject().Where(e => e.Key != "CLAUDE_CODE_TRACING_EXPERIMENT_ID")
                .Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone()))),
        }, "{ roster = local.roster, config = jsondecode(base64decode(local.config)), folder = local.folder, "
            + "grants = local.catalog_grants, provider = local.provider, cluster_name = local.cluster_name, "
            + "single_user = local.single_user, tags = local.tags, env = local.env }");

        var roster = evaluated["roster"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(roster.Select(u => u.Key), Is.EquivalentTo(UserNames.Select(u => u.ToLowerInvariant())), "roster keys");
            for (var i = 0; i < UserNames.Length; i++)
            {
                Assert.That((string?)roster[UserNames[i].ToLowerInvariant()]?["display_name"], Is.EqualTo(DisplayNames[i]), $"display name of {UserNames[i]}");
            }

            Assert.That(evaluated["config"]!["schemas"]!.AsObject().Select(s => s.Key), Is.EquivalentTo(UserNames.Select(u => u.ToLowerInvariant())), "course_config.json");
            Assert.That((string?)evaluated["folder"], Is.EqualTo(Folder));
            Assert.That(evaluated["grants"]!.AsObject().Select(g => g.Key), Does.Contain(SuperAdmin));
            Assert.That((string?)evaluated["provider"]!["host"], Is.EqualTo(Host));
            Assert.That((string?)evaluated["provider"]!["profile"], Is.EqualTo(Profile));
            Assert.That((string?)evaluated["cluster_name"], Is.EqualTo(ClusterName));
            Assert.That((string?)evaluated["single_user"], Is.EqualTo(SuperAdmin));
            foreach (var (key, value) in Tags)
            {
                Assert.That((string?)evaluated["tags"]![key], Is.EqualTo(value), $"tag {key}");
            }

            Assert.That(evaluated["env"]!.AsObject().Select(e => (string?)e.Value), Does.Contain(Model));
        });
    }

    private SynthesizedStack Stack(string name) =>
        SynthesizedStack.Parse(File.ReadAllText(Path.Combine(_project, "cdktf.out", "stacks", name, "cdk.tf.json")));
}
