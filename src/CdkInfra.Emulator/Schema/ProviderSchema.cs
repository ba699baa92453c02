using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CdkInfra.Emulator.Values;
using Google.Protobuf;
using Proto = CdkInfra.Emulator.Protocol;

namespace CdkInfra.Emulator.Schema;

/// <summary>One attribute: its Terraform type (JSON, as in <c>terraform providers schema -json</c>) and flags.</summary>
internal sealed record AttributeSchema(string Name, JsonNode Type, bool Required, bool Optional, bool Computed, bool Sensitive);

/// <summary>A nested block: nesting mode (single, list, set) and item limits.</summary>
internal sealed record NestedBlockSchema(string Name, string Nesting, int MinItems, int MaxItems, BlockSchema Block);

/// <summary>A block: attributes and nested blocks.</summary>
internal sealed class BlockSchema
{
    public required IReadOnlyDictionary<string, AttributeSchema> Attributes { get; init; }

    public required IReadOnlyDictionary<string, NestedBlockSchema> BlockTypes { get; init; }

    public static BlockSchema Parse(JsonNode node)
    {
        var attributes = new Dictionary<string, AttributeSchema>(StringComparer.Ordinal);
        foreach (var (name, a) in node["attributes"]?.AsObject() ?? [])
        {
            attributes[name] = new AttributeSchema(name, a!["type"]!.DeepClone(), Flag(a, "required"), Flag(a, "optional"), Flag(a, "computed"), Flag(a, "sensitive"));
        }

        var blocks = new Dictionary<string, NestedBlockSchema>(StringComparer.Ordinal);
        foreach (var (name, b) in node["block_types"]?.AsObject() ?? [])
        {
            blocks[name] = new NestedBlockSchema(name, (string)b!["nesting_mode"]!, (int?)b["min_items"] ?? 0, (int?)b["max_items"] ?? 0, Parse(b["block"]!));
        }

        return new BlockSchema { Attributes = attributes, BlockTypes = blocks };
    }

    private static bool Flag(JsonNode a, string name) => (bool?)a[name] ?? false;

    /// <summary>
    /// A complete object of this block from a partial one: every attribute present (null when absent), list and set
    /// blocks as lists (empty when absent), attributes of other names dropped. Terraform rejects an object with an
    /// attribute its schema lacks.
    /// </summary>
    public Dictionary<string, object?> Complete(Dictionary<string, object?>? partial)
    {
        var result = Value.Object();
        foreach (var (name, attribute) in Attributes)
        {
            object? v = null;
            _ = partial?.TryGetValue(name, out v);
            result[name] = CompleteType(attribute.Type, v);
        }

        foreach (var (name, nested) in BlockTypes)
        {
            object? v = null;
            _ = partial?.TryGetValue(name, out v);
            if (nested.Nesting == "single")
            {
                result[name] = v is Dictionary<string, object?> o ? nested.Block.Complete(o) : v is List<object?> { Count: > 0 } l && l[0] is Dictionary<string, object?> first ? nested.Block.Complete(first) : null;
            }
            else
            {
                result[name] = v switch
                {
                    List<object?> list => list.Select(i => (object?)nested.Block.Complete(i as Dictionary<string, object?>)).ToList(),
                    Dictionary<string, object?> one => new List<object?> { nested.Block.Complete(one) },
                    Unknown u => u,
                    _ => new List<object?>(),
                };
            }
        }

        return result;
    }

    public static object? CompleteType(JsonNode type, object? v)
    {
        if (v is null or Unknown)
        {
            return v;
        }

        if (type is JsonValue)
        {
            var primitive = (string)type!;
            return primitive switch
            {
                "string" => v switch
                {
                    string s => s,
                    bool b => b ? "true" : "false",
                    _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
                },
                "number" => v is string s && double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : v,
                "bool" => v is string s && bool.TryParse(s, out var b) ? b : v,
                _ => v,
            };
        }

        var kind = (string)type[0]!;
        var inner = type[1]!;
        switch (kind)
        {
            case "list" or "set":
                return v is List<object?> list ? list.Select(i => CompleteType(inner, i)).ToList() : v;
            case "map":
                return v is Dictionary<string, object?> map ? map.ToDictionary(p => p.Key, p => CompleteType(inner, p.Value), StringComparer.Ordinal) : v;
            case "object":
                {
                    if (v is not Dictionary<string, object?> o)
                    {
                        return v;
                    }

                    var result = Value.Object();
                    foreach (var (name, t) in inner.AsObject())
                    {
                        result[name] = CompleteType(t!, o.GetValueOrDefault(name));
                    }

                    return result;
                }

            default:
                return v;
        }
    }

    public Proto.Schema.Types.Block ToProto()
    {
        var block = new Proto.Schema.Types.Block();
        foreach (var a in Attributes.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            block.Attributes.Add(new Proto.Schema.Types.Attribute
            {
                Name = a.Name,
                Type = ByteString.CopyFromUtf8(a.Type.ToJsonString()),
                Required = a.Required,
                Optional = a.Optional,
                Computed = a.Computed,
                Sensitive = a.Sensitive,
            });
        }

        foreach (var b in BlockTypes.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            block.BlockTypes.Add(new Proto.Schema.Types.NestedBlock
            {
                TypeName = b.Name,
                Block = b.Block.ToProto(),
                Nesting = b.Nesting switch
                {
                    "single" => Proto.Schema.Types.NestedBlock.Types.NestingMode.Single,
                    "set" => Proto.Schema.Types.NestedBlock.Types.NestingMode.Set,
                    _ => Proto.Schema.Types.NestedBlock.Types.NestingMode.List,
                },
                MinItems = b.MinItems,
                MaxItems = b.MaxItems,
            });
        }

        return block;
    }
}

/// <summary>A documented override entry beyond the schema (a default or a force-new attribute), with its source.</summary>
internal sealed record OverrideEntry(string Type, string Attribute, JsonNode? Value, string Source);

/// <summary>
/// The provider's schema (generated at build time from the pinned npm package, see Schema/generate-schema.mjs) plus the
/// override list (Schema/overrides.json): provider defaults and force-new attributes.
/// </summary>
internal sealed class ProviderSchema
{
    public required BlockSchema Provider { get; init; }

    public required IReadOnlyDictionary<string, BlockSchema> Resources { get; init; }

    public required IReadOnlyDictionary<string, BlockSchema> DataSources { get; init; }

    public required string ProviderVersion { get; init; }

    public required IReadOnlyList<OverrideEntry> Defaults { get; init; }

    public required IReadOnlyList<OverrideEntry> ForceNew { get; init; }

    public static ProviderSchema Load()
    {
        var schema = JsonNode.Parse(ReadResource("databricks-schema.json"))!;
        var overrides = JsonNode.Parse(ReadResource("overrides.json"))!;
        static IReadOnlyDictionary<string, BlockSchema> Group(JsonNode? node) =>
            node!.AsObject().ToDictionary(p => p.Key, p => BlockSchema.Parse(p.Value!["block"]!), StringComparer.Ordinal);
        static IReadOnlyList<OverrideEntry> Entries(JsonNode? node) =>
            node?.AsArray().Select(e => new OverrideEntry((string)e!["type"]!, (string)e["attribute"]!, e["value"]?.DeepClone(), (string)e["source"]!)).ToList() ?? [];
        return new ProviderSchema
        {
            Provider = BlockSchema.Parse(schema["provider"]!["block"]!),
            Resources = Group(schema["resource_schemas"]),
            DataSources = Group(schema["data_source_schemas"]),
            ProviderVersion = (string?)schema["provider_version"] ?? "unknown",
            Defaults = Entries(overrides["defaults"]),
            ForceNew = Entries(overrides["force_new"]),
        };
    }

    /// <summary>The raw generated schema JSON, for tests and the <c>schema</c> command.</summary>
    public static string RawJson() => ReadResource("databricks-schema.json");

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing (the build generates it)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public Proto.GetProviderSchema.Types.Response ToProto()
    {
        var response = new Proto.GetProviderSchema.Types.Response
        {
            Provider = new Proto.Schema { Block = Provider.ToProto() },
            ServerCapabilities = new Proto.ServerCapabilities { PlanDestroy = false, GetProviderSchemaOptional = false },
        };
        foreach (var (name, block) in Resources)
        {
            response.ResourceSchemas[name] = new Proto.Schema { Block = block.ToProto() };
        }

        foreach (var (name, block) in DataSources)
        {
            response.DataSourceSchemas[name] = new Proto.Schema { Block = block.ToProto() };
        }

        return response;
    }

}
