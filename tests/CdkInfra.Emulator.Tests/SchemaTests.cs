using System.Reflection;
using System.Text.Json.Nodes;
using CdkInfra.Emulator.Schema;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;
using HashiCorp.Cdktf.Providers.Databricks.User;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// The emulator's schema is read back from the JavaScript of the pinned bindings package; the C# bindings are
/// generated from the same provider schema. They must agree everywhere, so the emulator never accepts what the
/// bindings cannot express or rejects what they can.
/// </summary>
/// <remarks>
/// <para>Compared, for the provider, every resource and every data source, through every nested block and every
/// object-typed attribute (<see cref="BindingsComparison"/>): the names of attributes, blocks and object fields;
/// whether each attribute is required, optional or computed only; its type (string, number, bool, list, map,
/// object and their nesting); whether a block is required (<c>min_items &gt; 0</c>) and whether it holds one item
/// (nesting <c>single</c> or <c>max_items = 1</c>) or many.</para>
/// <para>Not comparable, because the C# bindings carry no trace of it (their jsii types are the same either way):
/// <list type="bullet">
/// <item>list versus set, for attributes and blocks: both are arrays (<c>string[]</c>, <c>IResolvable | Struct[]</c>);
/// the generator reads it from the JavaScript (<c>type: "set"</c>, <c>Fn.tolist</c>, a List class built with
/// <c>wrapsSet = true</c>);</item>
/// <item>nesting <c>single</c> versus a list or set of at most one item: both are one struct with a <c>put…</c> method;</item>
/// <item><c>min_items</c> above 1 and <c>max_items</c> above 1: cdktf keeps only "required" and "one item";</item>
/// <item>a nested block versus an attribute of object type (a plugin-framework nested attribute): both are structs;</item>
/// <item>optional versus optional <i>and</i> computed: both are a property with a setter and a <c>reset…</c>
/// method; the top-level ones are the documented overrides (checked below against <c>overrides.json</c>);</item>
/// <item>the required flag of a nesting <c>single</c> block in the provider's real schema: cdktf derives it from the
/// block's attributes (required when all are), and the emulator follows the bindings;</item>
/// <item>sensitive, deprecated, write-only, descriptions, defaults and force-new: none is in the bindings
/// (defaults and force-new are the override list, each entry with its source).</item>
/// </list></para>
/// </remarks>
public sealed class SchemaTests
{
    private static readonly ProviderSchema Schema = ProviderSchema.Load();

    private static readonly Type[] BindingTypes = typeof(User).Assembly.GetExportedTypes();

    private static readonly Dictionary<string, Type> ResourceBindings = Bindings(typeof(TerraformResource));

    private static readonly Dictionary<string, Type> DataSourceBindings = Bindings(typeof(TerraformDataSource));

    private static readonly BindingsIndex Index = new(typeof(User).Assembly);

    private static Dictionary<string, Type> Bindings(Type baseType) => BindingTypes
        .Where(t => t.IsSubclassOf(baseType) && t.GetProperty("TfResourceType", BindingFlags.Public | BindingFlags.Static) is not null)
        .ToDictionary(t => (string)t.GetProperty("TfResourceType", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!, t => t);

    [Test]
    public void Provider_version_is_the_one_the_bindings_were_generated_from() =>
        Assert.That(Schema.ProviderVersion, Is.EqualTo("1.99.0"));

    [Test]
    public void Every_resource_type_of_the_bindings_is_in_the_schema_and_no_other() =>
        Assert.That(Schema.Resources.Keys.Order(), Is.EqualTo(ResourceBindings.Keys.Order()));

    [Test]
    public void Every_data_source_type_of_the_bindings_is_in_the_schema_and_no_other() =>
        Assert.That(Schema.DataSources.Keys.Order(), Is.EqualTo(DataSourceBindings.Keys.Order()));

    [Test]
    public void Every_resource_matches_the_bindings_through_every_nested_block() =>
        AssertAgree(ResourceBindings, Schema.Resources);

    [Test]
    public void Every_data_source_matches_the_bindings_through_every_nested_block() =>
        AssertAgree(DataSourceBindings, Schema.DataSources);

    [Test]
    public void The_provider_configuration_matches_the_bindings() =>
        AssertAgree(new() { ["provider"] = typeof(DatabricksProvider) }, new Dictionary<string, BlockSchema> { ["provider"] = Schema.Provider });

    /// <summary>
    /// The comparison can fail: each case breaks one detail deep in a copy of the generated schema and expects exactly
    /// the disagreement it causes.
    /// </summary>
    [TestCase("databricks_cluster", "autoscale/min_workers", "drop", "databricks_cluster.autoscale.minWorkers: an argument in the bindings, not in the schema")]
    [TestCase("databricks_cluster", "autoscale/max_workers", "type:string", "databricks_cluster.autoscale.max_workers: type string in the schema, number in the bindings")]
    [TestCase("databricks_cluster", "autoscale/extra", "add", "databricks_cluster.autoscale.extra: in the schema, not in the bindings")]
    [TestCase("databricks_cluster", "autoscale", "max_items:0", "databricks_cluster.autoscale: nesting list with max_items 0 in the schema, one struct in the bindings")]
    [TestCase("databricks_cluster", "library/cran/package", "optional", "databricks_cluster.library.cran.package: optional in the schema, required in the bindings")]
    [TestCase("databricks_cluster", "library/cran", "min_items:1", "databricks_cluster.library.cran: a block with min_items 1 in the schema, optional in the bindings")]
    [TestCase("databricks_job", "task/task_key", "optional", "databricks_job.task.task_key: optional in the schema, required in the bindings")]
    [TestCase("databricks_job", "task/new_cluster/spark_conf", "type:list", "databricks_job.task.new_cluster.spark_conf: type list(string) in the schema, map(string) in the bindings")]
    [TestCase("databricks_alert_v2", "evaluation/state", "settable", "databricks_alert_v2.evaluation.state: an argument in the schema, read-only (computed) in the bindings")]
    [TestCase("databricks_automatic_cluster_update_workspace_setting", "automatic_cluster_update_workspace/enablement_details", "drop-field", "databricks_automatic_cluster_update_workspace_setting.automatic_cluster_update_workspace.enablement_details.forcedforcompliancemode: an object field in the bindings, not in the schema")]
    public void A_schema_broken_in_a_nested_block_disagrees_with_the_bindings(string type, string path, string breakage, string expected)
    {
        var root = JsonNode.Parse(ProviderSchema.RawJson())!;
        var block = root["resource_schemas"]![type]!["block"]!;
        var parts = path.Split('/');
        foreach (var p in parts[..^1])
        {
            block = block["block_types"]![p]!["block"]!;
        }

        var name = parts[^1];
        var attributes = block["attributes"]!.AsObject();
        var (change, value) = breakage.Split(':') is [var c, var v] ? (c, v) : (breakage, null);
        switch (change)
        {
            case "drop":
                Assert.That(attributes.Remove(name), Is.True);
                break;
            case "add":
                attributes[name] = new JsonObject { ["type"] = "string", ["optional"] = true };
                break;
            case "type":
                attributes[name]!["type"] = value == "list" ? new JsonArray("list", "string") : value;
                break;
            case "optional":
                attributes[name]!.AsObject().Remove("required");
                attributes[name]!["optional"] = true;
                break;
            case "settable":
                attributes[name]!["optional"] = true;
                break;
            case "drop-field":
                var fields = (JsonObject)attributes[name]!["type"]![1]![1]!;
                fields.Remove(fields.First().Key);
                break;
            case "max_items" or "min_items":
                block["block_types"]![name]![change] = int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);
                break;
            default:
                throw new ArgumentException($"unknown breakage {breakage}");
        }

        var broken = BlockSchema.Parse(root["resource_schemas"]![type]!["block"]!);
        var problems = Comparison(new() { [type] = ResourceBindings[type] }, new Dictionary<string, BlockSchema> { [type] = broken }).Problems;
        Assert.That(problems, Is.EqualTo(new[] { expected }));
    }

    // Every disagreement on its own line: one wrong struct in the generator shows as many. And every attribute and
    // block of the schema, at every depth, was reached: none is skipped silently.
    private static void AssertAgree(Dictionary<string, Type> bindings, IReadOnlyDictionary<string, BlockSchema> schema)
    {
        var comparison = Comparison(bindings, schema);
        var problems = comparison.Problems;
        Assert.That(problems, Is.Empty, $"{problems.Count} disagreements between the schema and the bindings:\n{string.Join("\n", problems)}\n");
        Assert.That(comparison.Compared, Is.EqualTo(schema.Values.Sum(Count)));

        static int Count(BlockSchema block) => block.Attributes.Count + block.BlockTypes.Values.Sum(b => 1 + Count(b.Block));
    }

    /// <summary>
    /// Terraform checks every provider schema it loads (<c>internal/configs/configschema/internal_validate.go</c>,
    /// run from NewContext) and refuses every command when one is inconsistent; here the spot is named.
    /// </summary>
    [Test]
    public void Every_block_is_one_Terraform_accepts()
    {
        var problems = new List<string>();
        Walk("provider", Schema.Provider, problems);
        foreach (var (type, block) in Schema.Resources.Concat(Schema.DataSources.Select(d => KeyValuePair.Create($"data.{d.Key}", d.Value))))
        {
            Walk(type, block, problems);
        }

        Assert.That(problems, Is.Empty);

        static void Walk(string path, BlockSchema block, List<string> problems)
        {
            foreach (var a in block.Attributes.Values)
            {
                if (!a.Optional && !a.Required && !a.Computed)
                {
                    problems.Add($"{path}.{a.Name}: must set Optional, Required or Computed");
                }

                if (a.Required && (a.Optional || a.Computed))
                {
                    problems.Add($"{path}.{a.Name}: cannot set Required with Optional or Computed");
                }
            }

            foreach (var b in block.BlockTypes.Values)
            {
                var valid = b.Nesting switch
                {
                    "single" => b.MinItems == b.MaxItems && b.MinItems is 0 or 1,
                    "list" or "set" => b.MinItems >= 0 && b.MaxItems >= 0 && (b.MaxItems == 0 || b.MinItems <= b.MaxItems),
                    _ => false,
                };
                if (!valid || block.Attributes.ContainsKey(b.Name))
                {
                    problems.Add($"{path}.{b.Name}: nesting {b.Nesting} with min_items {b.MinItems} and max_items {b.MaxItems}, or also an attribute");
                }

                Walk($"{path}.{b.Name}", b.Block, problems);
            }
        }
    }

    [Test]
    public void Only_the_top_level_id_and_the_documented_overrides_are_optional_and_computed_at_any_depth()
    {
        var overrides = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "src/CdkInfra.Emulator/Schema/overrides.json")))!["attributes"]!.AsArray()
            .Select(o => $"{((bool?)o!["data_source"] ?? false ? "data." : string.Empty)}{o["type"]}.{o["attribute"]}")
            .ToHashSet();
        var both = Schema.Resources.SelectMany(r => OptionalAndComputed(r.Key, r.Value, topLevel: true))
            .Concat(Schema.DataSources.SelectMany(r => OptionalAndComputed($"data.{r.Key}", r.Value, topLevel: true)));
        Assert.That(both, Is.EquivalentTo(overrides));

        static IEnumerable<string> OptionalAndComputed(string path, BlockSchema block, bool topLevel) =>
            block.Attributes.Values.Where(a => a.Optional && a.Computed && !(topLevel && a.Name == "id")).Select(a => $"{path}.{a.Name}")
                .Concat(block.BlockTypes.Values.SelectMany(b => OptionalAndComputed($"{path}.{b.Name}", b.Block, topLevel: false)));
    }

    [Test]
    public void Every_default_and_force_new_override_names_an_argument_of_the_schema()
    {
        var problems = Schema.Defaults.Concat(Schema.ForceNew)
            .Where(o => !Schema.Resources.TryGetValue(o.Type, out var block) || !block.Attributes.TryGetValue(o.Attribute, out var a) || !(a.Optional || a.Required))
            .Select(o => $"{o.Type}.{o.Attribute}");
        Assert.That(problems, Is.Empty);
    }

    private static BindingsComparison Comparison(Dictionary<string, Type> bindings, IReadOnlyDictionary<string, BlockSchema> schema)
    {
        var comparison = new BindingsComparison(Index);
        foreach (var (type, cls) in bindings.Where(b => schema.ContainsKey(b.Key)))
        {
            comparison.CompareTopLevel(type, schema[type], cls, provider: cls == typeof(DatabricksProvider));
        }

        return comparison;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CdkInfra.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CdkInfra.sln not found above the test directory");
    }
}
