using System.Reflection;
using Amazon.JSII.Runtime.Deputy;
using CdkInfra.Emulator.Schema;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;
using HashiCorp.Cdktf.Providers.Databricks.User;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// The emulator's schema is read back from the JavaScript of the pinned bindings package; the C# bindings are
/// generated from the same provider schema. They must agree type for type and attribute for attribute, so the emulator
/// never accepts what the bindings cannot express or rejects what they can.
/// </summary>
public sealed class SchemaTests
{
    private static readonly ProviderSchema Schema = ProviderSchema.Load();

    private static readonly Type[] BindingTypes = typeof(User).Assembly.GetExportedTypes();

    private static Dictionary<string, Type> Bindings(Type baseType) => BindingTypes
        .Where(t => t.IsSubclassOf(baseType) && t.GetProperty("TfResourceType", BindingFlags.Public | BindingFlags.Static) is not null)
        .ToDictionary(t => (string)t.GetProperty("TfResourceType", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!, t => t);

    [Test]
    public void Provider_version_is_the_one_the_bindings_were_generated_from() =>
        Assert.That(Schema.ProviderVersion, Is.EqualTo("1.99.0"));

    [Test]
    public void Every_resource_type_of_the_bindings_is_in_the_schema_and_no_other() =>
        Assert.That(Schema.Resources.Keys.Order(), Is.EqualTo(Bindings(typeof(TerraformResource)).Keys.Order()));

    [Test]
    public void Every_data_source_type_of_the_bindings_is_in_the_schema_and_no_other() =>
        Assert.That(Schema.DataSources.Keys.Order(), Is.EqualTo(Bindings(typeof(TerraformDataSource)).Keys.Order()));

    [Test]
    public void Every_resource_matches_the_bindings_through_every_nested_block() =>
        AssertAgree(Compare(Bindings(typeof(TerraformResource)), Schema.Resources));

    [Test]
    public void Every_data_source_matches_the_bindings_through_every_nested_block() =>
        AssertAgree(Compare(Bindings(typeof(TerraformDataSource)), Schema.DataSources));

    [Test]
    public void The_provider_configuration_matches_the_bindings() =>
        AssertAgree(Compare(new() { ["provider"] = typeof(DatabricksProvider) }, new Dictionary<string, BlockSchema> { ["provider"] = Schema.Provider }));

    // Every disagreement on its own line: one wrong struct in the generator shows as many.
    private static void AssertAgree(List<string> problems) =>
        Assert.That(problems, Is.Empty, $"{problems.Count} disagreements between the schema and the bindings:\n{string.Join("\n", problems)}\n");

    [Test]
    public void Only_the_top_level_id_and_the_documented_overrides_are_optional_and_computed()
    {
        var overrides = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "src/CdkInfra.Emulator/Schema/overrides.json")))!["attributes"]!.AsArray()
            .Select(o => $"{((bool?)o!["data_source"] ?? false ? "data." : string.Empty)}{o["type"]}.{o["attribute"]}")
            .ToHashSet();
        var both = Schema.Resources.SelectMany(r => r.Value.Attributes.Values.Where(a => a.Optional && a.Computed && a.Name != "id").Select(a => $"{r.Key}.{a.Name}"))
            .Concat(Schema.DataSources.SelectMany(r => r.Value.Attributes.Values.Where(a => a.Optional && a.Computed && a.Name != "id").Select(a => $"data.{r.Key}.{a.Name}")));
        Assert.That(both, Is.EquivalentTo(overrides));
    }

    private static List<string> Compare(Dictionary<string, Type> bindings, IReadOnlyDictionary<string, BlockSchema> schema)
    {
        var comparison = new BindingsComparison(typeof(User).Assembly);
        foreach (var (type, cls) in bindings.Where(b => schema.ContainsKey(b.Key)))
        {
            comparison.CompareTopLevel(type, schema[type], cls, provider: cls == typeof(DatabricksProvider));
        }

        return comparison.Problems;
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
