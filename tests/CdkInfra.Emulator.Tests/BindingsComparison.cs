using System.Reflection;
using System.Text.Json.Nodes;
using Amazon.JSII.Runtime.Deputy;
using CdkInfra.Emulator.Schema;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// Compares a block of the emulator's schema with what the C# bindings say about the same block, recursively.
/// </summary>
/// <remarks>
/// The bindings are jsii proxies: every generated member carries a <c>[JsiiProperty(name, typeJson, isOptional)]</c>
/// (or <c>[JsiiMethod]</c>) with the type as jsii declared it, and that is all this comparison reads. From it:
/// <list type="bullet">
/// <item>an argument (required or optional attribute, or a block) is a property of the config interface
/// (<c>IClusterConfig</c>) or of the block's struct interface (<c>IClusterAutoscale</c>); <c>isOptional</c> says
/// whether it is required;</item>
/// <item>a computed-only attribute is a read-only property of the resource, data source or <c>…OutputReference</c>
/// class that is not an argument (nor the <c>…Input</c> getter of one);</item>
/// <item>a block is a struct (one item at most: nesting <c>single</c>, or list/set with <c>max_items = 1</c>) or an
/// array of structs (any other list or set); it is required when <c>min_items &gt; 0</c> (cdktf's provider generator,
/// <c>resource-parser.ts</c>, <c>attributeForBlockType</c>).</item>
/// </list>
/// What the bindings cannot tell is not compared (see <see cref="SchemaTests"/>): list versus set (both are arrays in
/// the bindings), nesting <c>single</c> versus a list or set of at most one item (both are one struct), item limits
/// other than <c>min_items &gt; 0</c> and <c>max_items = 1</c>, a nested block versus an attribute of object type
/// (both are structs), whether an optional attribute is also computed, sensitive, deprecated and descriptions.
/// </remarks>
internal sealed class BindingsComparison
{
    // Terraform meta-arguments every CDKTF config interface inherits from TerraformMetaArguments; not provider attributes.
    private static readonly HashSet<string> MetaArguments = ["connection", "count", "dependsOn", "forEach", "lifecycle", "provider", "provisioners"];

    // cdktf's read-only map classes, returned by getters of computed map attributes.
    private static readonly Dictionary<string, string> CdktfMaps = new(StringComparer.Ordinal)
    {
        ["cdktf.StringMap"] = "string",
        ["cdktf.NumberMap"] = "number",
        ["cdktf.BooleanMap"] = "bool",
        ["cdktf.AnyMap"] = "dynamic",
    };

    private readonly IReadOnlyDictionary<string, Type> _interfaces;
    private readonly IReadOnlyDictionary<string, Type> _classes;

    public BindingsComparison(BindingsIndex index)
    {
        _interfaces = index.Interfaces;
        _classes = index.Classes;
    }

    public List<string> Problems { get; } = [];

    /// <summary>Attributes and blocks compared so far, at every depth.</summary>
    public int Compared { get; private set; }

    /// <summary>A resource, data source or provider: its schema block against its class and config interface.</summary>
    public void CompareTopLevel(string path, BlockSchema block, Type cls, bool provider = false)
    {
        var config = cls.Assembly.GetType($"{cls.Namespace}.I{cls.Name}Config");
        if (config is null)
        {
            Problems.Add($"{path}: the bindings have no I{cls.Name}Config");
            return;
        }

        // The provider's `alias` is a Terraform meta-argument too, which cdktf adds to the provider's schema.
        var all = config.GetInterfaces().Append(config).SelectMany(Members).ToList();
        var arguments = all.Where(m => !MetaArguments.Contains(m.Name) && !(provider && m.Name == "alias")).ToList();
        CompareBlock(path, block, arguments, cls, all.Select(m => Key(m.Name)).ToHashSet(StringComparer.Ordinal));
    }

    private void CompareBlock(string path, BlockSchema block, List<BoundMember> argumentList, Type cls, HashSet<string>? allArguments = null)
    {
        var arguments = ByKey(path, argumentList);
        allArguments ??= [.. arguments.Keys];
        var getters = ByKey(path, Members(cls).Where(m => m.ReadOnly).ToList());
        var computed = getters.Values
            .Where(g => !allArguments.Contains(Key(g.Name)) && g.Name != "internalValue")
            .Where(g => !(g.Name.EndsWith("Input", StringComparison.Ordinal) && allArguments.Contains(Key(g.Name[..^"Input".Length]))))
            .ToDictionary(g => Key(g.Name), StringComparer.Ordinal);

        var schemaKeys = block.Attributes.Keys.Concat(block.BlockTypes.Keys).GroupBy(Key).Where(g => g.Count() > 1);
        foreach (var clash in schemaKeys)
        {
            Problems.Add($"{path}: {string.Join(" and ", clash)} have the same comparison name in the schema");
        }

        foreach (var a in block.Attributes.Values)
        {
            Compared++;
            var where = $"{path}.{a.Name}";
            var settable = a.Required || a.Optional;
            if (settable && arguments.Remove(Key(a.Name), out var argument))
            {
                if (argument.Optional == a.Required)
                {
                    Problems.Add($"{where}: {(a.Required ? "required" : "optional")} in the schema, {(argument.Optional ? "optional" : "required")} in the bindings");
                }

                CompareType(where, a.Type, argument.Type);
            }
            else if (!settable && computed.Remove(Key(a.Name), out var getter))
            {
                CompareType(where, a.Type, getter.Type);
            }
            else if (settable && computed.ContainsKey(Key(a.Name)))
            {
                Problems.Add($"{where}: an argument in the schema, read-only (computed) in the bindings");
                computed.Remove(Key(a.Name));
            }
            else if (!settable && arguments.ContainsKey(Key(a.Name)))
            {
                Problems.Add($"{where}: computed only in the schema, an argument in the bindings");
                arguments.Remove(Key(a.Name));
            }
            else
            {
                Problems.Add($"{where}: in the schema, not in the bindings");
            }
        }

        foreach (var b in block.BlockTypes.Values)
        {
            Compared++;
            var where = $"{path}.{b.Name}";
            if (!arguments.Remove(Key(b.Name), out var argument))
            {
                Problems.Add($"{where}: a block in the schema, {(computed.Remove(Key(b.Name)) ? "read-only (computed) in the bindings" : "not in the bindings")}");
                continue;
            }

            CompareNestedBlock(where, b, argument, getters.GetValueOrDefault(Key(b.Name)));
        }

        Problems.AddRange(arguments.Values.Select(m => $"{path}.{m.Name}: an argument in the bindings, not in the schema"));
        Problems.AddRange(computed.Values.Select(m => $"{path}.{m.Name}: a computed attribute in the bindings, not in the schema"));
    }

    private void CompareNestedBlock(string where, NestedBlockSchema b, BoundMember argument, BoundMember? getter)
    {
        var required = b.MinItems > 0;
        if (argument.Optional == required)
        {
            Problems.Add($"{where}: a block with min_items {b.MinItems} in the schema, {(argument.Optional ? "optional" : "required")} in the bindings");
        }

        // cdktf turns a block of at most one item into one struct, any other list or set into an array of structs.
        var oneItem = b.Nesting == "single" || b.MaxItems == 1;
        var structFqn = (string?)argument.Type["fqn"];
        var arrayFqn = Union(argument.Type).Select(t => (string?)t["collection"]?["elementtype"]?["fqn"]).FirstOrDefault(f => f is not null);
        if (oneItem ? structFqn is null : arrayFqn is null)
        {
            Problems.Add($"{where}: nesting {b.Nesting} with max_items {b.MaxItems} in the schema, {(structFqn is null ? "an array of structs" : "one struct")} in the bindings");
            return;
        }

        var fqn = structFqn ?? arrayFqn!;
        if (!_interfaces.TryGetValue(fqn, out var structInterface))
        {
            Problems.Add($"{where}: the bindings have no struct {fqn}");
            return;
        }

        // The parent class's getter of the block returns its OutputReference (one item) or its List class (get(i)).
        var cls = getter is null ? null : ReferenceClass(getter.Type);
        if (cls is null)
        {
            Problems.Add($"{where}: the bindings have no getter for the block");
            return;
        }

        CompareBlock(where, b.Block, Members(structInterface).ToList(), cls);
    }

    /// <summary>The OutputReference class behind a getter's type: the class itself, or the item of a List or Map class.</summary>
    private Type? ReferenceClass(JsonNode getterType)
    {
        var fqn = (string?)getterType["fqn"];
        if (fqn is null || !_classes.TryGetValue(fqn, out var cls))
        {
            return null;
        }

        // [JsiiMethod(name, returnsJson, parametersJson, ...)]: the List and Map classes have get(index or key).
        var get = cls.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => m.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(JsiiMethodAttribute)))
            .FirstOrDefault(a => a is not null && (string?)a.ConstructorArguments[0].Value == "get");
        if (get is null)
        {
            return cls;
        }

        var item = (string?)JsonNode.Parse((string?)get.ConstructorArguments[1].Value ?? "{}")?["type"]?["fqn"];
        return item is not null && _classes.TryGetValue(item, out var itemClass) ? itemClass : null;
    }

    private void CompareType(string where, JsonNode schemaType, JsonNode bindingType)
    {
        var expected = Normalise(schemaType);
        var actual = FromBindings(bindingType, []);
        Diff(where, expected, actual);
    }

    private void Diff(string where, JsonNode? schema, JsonNode? bindings)
    {
        if (schema is JsonArray { Count: 2 } s && bindings is JsonArray { Count: 2 } b && (string?)s[0] == (string?)b[0])
        {
            if ((string?)s[0] == "object" && s[1] is JsonObject so && b[1] is JsonObject bo)
            {
                foreach (var (name, t) in so)
                {
                    if (bo.TryGetPropertyValue(name, out var other))
                    {
                        Diff($"{where}.{name}", t, other);
                    }
                    else
                    {
                        Problems.Add($"{where}.{name}: an object field in the schema, not in the bindings");
                    }
                }

                Problems.AddRange(bo.Where(p => !so.ContainsKey(p.Key)).Select(p => $"{where}.{p.Key}: an object field in the bindings, not in the schema"));
                return;
            }

            Diff(where, s[1], b[1]);
            return;
        }

        if (!JsonNode.DeepEquals(schema, bindings))
        {
            Problems.Add($"{where}: type {Describe(schema)} in the schema, {Describe(bindings)} in the bindings");
        }
    }

    private static string Describe(JsonNode? type) => type switch
    {
        JsonArray { Count: 2 } a when (string?)a[0] == "object" => "object",
        JsonArray { Count: 2 } a => $"{a[0]}({Describe(a[1])})",
        JsonValue v => v.ToString(),
        _ => "(none)",
    };

    /// <summary>A schema type as the bindings can see it: sets as lists, object fields by comparison key.</summary>
    private static JsonNode Normalise(JsonNode type)
    {
        if (type is not JsonArray a)
        {
            return type.DeepClone();
        }

        var kind = (string)a[0]!;
        if (kind == "object")
        {
            var fields = new JsonObject();
            foreach (var (name, t) in a[1]!.AsObject())
            {
                fields[Key(name)] = Normalise(t!);
            }

            return new JsonArray("object", fields);
        }

        return new JsonArray(kind == "set" ? "list" : kind, Normalise(a[1]!));
    }

    /// <summary>A jsii type reference as a Terraform type, in the same shape as <see cref="Normalise"/>.</summary>
    private JsonNode FromBindings(JsonNode type, HashSet<string> seen)
    {
        if ((string?)type["primitive"] is { } primitive)
        {
            return JsonValue.Create(primitive switch
            {
                "boolean" => "bool",
                "any" => "dynamic",
                _ => primitive,
            });
        }

        if (type["union"] is not null)
        {
            // Booleans are `boolean | IResolvable`, arrays of structs `IResolvable | Struct[]`: the IResolvable is a token.
            var members = Union(type).Where(t => (string?)t["fqn"] != "cdktf.IResolvable").ToList();
            return members.Count == 1 ? FromBindings(members[0], seen) : JsonValue.Create($"union {type.ToJsonString()}");
        }

        if (type["collection"] is { } collection)
        {
            var kind = (string)collection["kind"]! == "map" ? "map" : "list";
            return new JsonArray(kind, FromBindings(collection["elementtype"]!, seen));
        }

        var fqn = (string)type["fqn"]!;
        if (fqn == "cdktf.IResolvable")
        {
            return JsonValue.Create("bool"); // the getter of a computed boolean returns a token
        }

        if (CdktfMaps.TryGetValue(fqn, out var mapOf))
        {
            return new JsonArray("map", mapOf);
        }

        if (!seen.Add(fqn))
        {
            return JsonValue.Create($"recursive {fqn}");
        }

        try
        {
            if (_interfaces.TryGetValue(fqn, out var structInterface))
            {
                return ObjectOf(Members(structInterface), seen);
            }

            if (_classes.TryGetValue(fqn, out var cls))
            {
                var reference = ReferenceClass(type);
                if (reference is null)
                {
                    return JsonValue.Create($"class {fqn}");
                }

                var item = ObjectOf(Fields(reference), seen);
                return reference == cls ? item : new JsonArray(fqn.EndsWith("Map", StringComparison.Ordinal) ? "map" : "list", item);
            }

            return JsonValue.Create($"unknown {fqn}");
        }
        finally
        {
            seen.Remove(fqn);
        }
    }

    /// <summary>
    /// The attributes an OutputReference class reads: its getters, less <c>internalValue</c> and the <c>…Input</c>
    /// getters of settable ones (a computed nested attribute's children may have setters: cdktf keeps their own
    /// optional flag).
    /// </summary>
    private static IEnumerable<BoundMember> Fields(Type reference)
    {
        var members = Members(reference).Where(m => m.Name != "internalValue").ToList();
        var names = members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        return members.Where(m => !(m.Name.EndsWith("Input", StringComparison.Ordinal) && names.Contains(m.Name[..^"Input".Length])));
    }

    private JsonArray ObjectOf(IEnumerable<BoundMember> members, HashSet<string> seen)
    {
        var fields = new JsonObject();
        foreach (var m in members)
        {
            fields[Key(m.Name)] = FromBindings(m.Type, seen);
        }

        return new JsonArray("object", fields);
    }

    private static IEnumerable<JsonNode> Union(JsonNode type) =>
        type["union"]?["types"]?.AsArray().OfType<JsonNode>() ?? [type];

    private Dictionary<string, BoundMember> ByKey(string path, List<BoundMember> members)
    {
        var result = new Dictionary<string, BoundMember>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            if (!result.TryAdd(Key(m.Name), m) && result[Key(m.Name)].Name != m.Name)
            {
                Problems.Add($"{path}: {result[Key(m.Name)].Name} and {m.Name} have the same comparison name in the bindings");
            }
        }

        return result;
    }

    /// <summary>The jsii properties a type declares itself (an interface: its own; a class: not its base class's).</summary>
    private static IEnumerable<BoundMember> Members(Type type)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            var data = p.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(JsiiPropertyAttribute));
            if (data is null)
            {
                continue;
            }

            var jsii = p.GetCustomAttribute<JsiiPropertyAttribute>()!;
            var typeJson = (string)data.ConstructorArguments[1].Value!;
            yield return new BoundMember(jsii.Name, JsonNode.Parse(typeJson)!, jsii.IsOptional, p.SetMethod is not { IsPublic: true });
        }
    }

    // jsii names are camelCase of the snake_case attribute names (cdktf's toCamelCase); both compare equal without
    // case and underscores.
    internal static string Key(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>One jsii property: its name, jsii type reference, optional flag, and whether the class has no setter.</summary>
    private sealed record BoundMember(string Name, JsonNode Type, bool Optional, bool ReadOnly);
}

/// <summary>The jsii interfaces (structs) and classes of a bindings assembly by jsii fully qualified name.</summary>
internal sealed class BindingsIndex
{
    public BindingsIndex(Assembly bindings)
    {
        var interfaces = new Dictionary<string, Type>(StringComparer.Ordinal);
        var classes = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var t in bindings.GetExportedTypes())
        {
            if (t.GetCustomAttribute<JsiiInterfaceAttribute>() is { } i)
            {
                interfaces[i.FullyQualifiedName] = t;
            }
            else if (t.GetCustomAttribute<JsiiClassAttribute>() is { } c)
            {
                classes[c.FullyQualifiedName] = t;
            }
        }

        Interfaces = interfaces;
        Classes = classes;
    }

    public IReadOnlyDictionary<string, Type> Interfaces { get; }

    public IReadOnlyDictionary<string, Type> Classes { get; }
}
