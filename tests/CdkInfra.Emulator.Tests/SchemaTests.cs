using System.Reflection;
using Amazon.JSII.Runtime.Deputy;
using CdkInfra.Emulator.Schema;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.User;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// The emulator's schema is read back from the JavaScript of the pinned bindings package; the C# bindings are
/// generated from the same provider schema. They must agree type for type and attribute for attribute, so the emulator
/// never accepts what the bindings cannot express or rejects what they can.
/// </summary>
public sealed class SchemaTests
{
    // Arguments every CDKTF config class has; they are Terraform meta-arguments, not provider attributes.
    private static readonly HashSet<string> MetaArguments = ["connection", "count", "dependsOn", "forEach", "lifecycle", "provider", "provisioners"];

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
    public void Resource_arguments_and_their_required_flags_match_the_bindings()
    {
        var problems = Compare(Bindings(typeof(TerraformResource)), Schema.Resources);
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Data_source_arguments_and_their_required_flags_match_the_bindings()
    {
        var problems = Compare(Bindings(typeof(TerraformDataSource)), Schema.DataSources);
        Assert.That(problems, Is.Empty);
    }

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

    /// <summary>The config class's jsii properties against the schema's settable attributes and blocks.</summary>
    private static List<string> Compare(Dictionary<string, Type> bindings, IReadOnlyDictionary<string, BlockSchema> schema)
    {
        var problems = new List<string>();
        foreach (var (type, cls) in bindings)
        {
            var config = BindingTypes.FirstOrDefault(t => t.Name == $"I{cls.Name}Config" && t.Namespace == cls.Namespace);
            if (config is null)
            {
                problems.Add($"{type}: no I{cls.Name}Config");
                continue;
            }

            var fromBindings = config.GetInterfaces().Append(config)
                .SelectMany(i => i.GetProperties())
                .Select(p => p.GetCustomAttribute<JsiiPropertyAttribute>())
                .OfType<JsiiPropertyAttribute>()
                .Where(p => !MetaArguments.Contains(p.Name))
                .ToDictionary(p => Key(p.Name), p => !p.IsOptional);
            var block = schema[type];
            var fromSchema = block.Attributes.Values.Where(a => a.Required || a.Optional).ToDictionary(a => Key(a.Name), a => a.Required);
            foreach (var b in block.BlockTypes.Values)
            {
                fromSchema[Key(b.Name)] = b.MinItems > 0;
            }

            foreach (var (name, required) in fromBindings)
            {
                if (!fromSchema.TryGetValue(name, out var schemaRequired))
                {
                    problems.Add($"{type}.{name}: in the bindings, not in the schema");
                }
                else if (required != schemaRequired)
                {
                    problems.Add($"{type}.{name}: required {required} in the bindings, {schemaRequired} in the schema");
                }
            }

            problems.AddRange(fromSchema.Keys.Where(k => !fromBindings.ContainsKey(k)).Select(k => $"{type}.{k}: in the schema, not in the bindings"));
        }

        return problems;
    }

    // jsii names are camelCase of the snake_case attribute names; both compare equal without case and underscores.
    private static string Key(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

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
