using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace CdkInfra.Tests.TestSupport;

/// <summary>
/// Assertions on a synthesized stack in the manner of AWS CDK's <c>Template.fromStack(stack).hasResourceProperties</c>:
/// a test names a block by its type and name and writes, as Terraform JSON, only the properties it is about
/// (<see cref="PartialJson"/> says how they match). A failure lists each difference with its path, the expected
/// fragment and the whole block as synthesized.
/// </summary>
/// <example>
/// <code>
/// stack.HasResourceProperties("databricks_cluster", "coding_assistants", """
///     { "is_single_node": true, "kind": "CLASSIC_PREVIEW", "num_workers": 0, "autoscale": null }
///     """);
/// </code>
/// </example>
internal sealed partial class SynthesizedStack
{
    /// <summary>A stack from the JSON text Terraform reads (<c>cdk.tf.json</c>).</summary>
    public static SynthesizedStack Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>Asserts that resource <c>type.name</c> has the properties of <paramref name="expected"/>, a JSON fragment.</summary>
    public void HasResourceProperties(string type, string name, [StringSyntax(StringSyntaxAttribute.Json)] string expected, string? because = null) =>
        HasProperties("resource", type, name, PartialJson.Parse(expected), because);

    /// <inheritdoc cref="HasResourceProperties(string, string, string, string?)"/>
    public void HasResourceProperties(string type, string name, JsonNode expected, string? because = null) =>
        HasProperties("resource", type, name, expected, because);

    /// <summary>Asserts that data source <c>data.type.name</c> has the properties of <paramref name="expected"/>.</summary>
    public void HasDataProperties(string type, string name, [StringSyntax(StringSyntaxAttribute.Json)] string expected, string? because = null) =>
        HasProperties("data", type, name, PartialJson.Parse(expected), because);

    /// <summary>Asserts that output <paramref name="name"/> has the properties of <paramref name="expected"/> (its <c>value</c>, mostly).</summary>
    public void HasOutput(string name, [StringSyntax(StringSyntaxAttribute.Json)] string expected, string? because = null) =>
        HasProperties("output", null, name, PartialJson.Parse(expected), because);

    /// <summary>The addresses a block waits for (its <c>depends_on</c>); empty when it names none.</summary>
    public IReadOnlyList<string> DependsOn(string type, string name) =>
        (Resource(type, name)["depends_on"] as JsonArray ?? []).Select(d => d!.GetValue<string>()).ToList();

    private void HasProperties(string section, string? type, string name, JsonNode expected, string? because)
    {
        var address = Address(section, type, name);
        if (Find(section, type, name) is not { } block)
        {
            Assert.Fail(Missing(section, type, name) + (because is null ? "" : $" ({because})"));
            return;
        }

        var mismatches = PartialJson.Mismatches(expected, block);
        if (mismatches.Count > 0)
        {
            Assert.Fail(PartialJson.Report(address, mismatches, expected, block, because));
        }
    }

    private JsonObject Block(string section, string? type, string name) =>
        Find(section, type, name) ?? throw new AssertionException(Missing(section, type, name));

    private JsonObject? Find(string section, string? type, string name)
    {
        var blocks = type is null ? Root[section] : Root[section]?[type];
        return blocks?[name] as JsonObject;
    }

    /// <summary>The stack has no such block: say what it has instead, so a renamed address is seen at once.</summary>
    private string Missing(string section, string? type, string name)
    {
        var what = section switch { "resource" => "resource", "data" => "data source", _ => section };
        var blocks = Root[section] as JsonObject;
        if (type is not null && blocks?[type] is JsonObject ofType)
        {
            return $"the stack has no {what} {Address(section, type, name)}; its {type} blocks: {string.Join(", ", ofType.Select(b => b.Key))}";
        }

        var present = blocks is null ? "none" : string.Join(", ", blocks.Select(b => b.Key));
        return type is null
            ? $"the stack has no {what} {name}; its {what}s: {present}"
            : $"the stack has no {what} of type {type}; its {what} types: {present}";
    }

    private static string Address(string section, string? type, string name) => section switch
    {
        "resource" => $"{type}.{name}",
        "data" => $"data.{type}.{name}",
        _ => $"{section}.{name}",
    };
}
