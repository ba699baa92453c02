using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CdkInfra.Tests.TestSupport;

/// <summary>One instance of a resource or data block: its for_each key and value (both null without for_each).</summary>
internal sealed record Instance(string Address, string? Key, JsonNode? Value);

/// <summary>One grants resource instance, expanded: the securable it governs and who gets what.</summary>
internal sealed record ExpandedGrants(string Address, string SecurableType, string Securable, IReadOnlyDictionary<string, IReadOnlyList<string>> Privileges);

/// <summary>
/// Reads a synthesized stack the way Terraform would plan it, for the forms this project emits: <c>for_each</c> over
/// locals, <c>toset([...])</c> and literal maps; references such as <c>databricks_schema.x[each.key].id</c>; the
/// personal-schema grants' dynamic block. Anything else fails loudly, so a new form gets a test before it ships.
/// </summary>
internal sealed partial class SynthesizedStack(JsonObject root)
{
    /// <summary>What <c>data.databricks_current_user.deployer.user_name</c> stands for: the identity running Terraform.</summary>
    public const string Deployer = "(deploying identity)";

    public JsonObject Root { get; } = root;

    public IEnumerable<(string Type, string Name, JsonObject Block)> Blocks(string section) =>
        (Root[section] as JsonObject ?? [])
            .SelectMany(t => t.Value!.AsObject().Select(n => (t.Key, n.Key, n.Value!.AsObject())));

    public IEnumerable<(string Type, string Name, JsonObject Block)> Resources() => Blocks("resource");

    /// <summary>Resource <c>type.name</c>; a test that names one the stack lacks fails, saying what the stack has.</summary>
    public JsonObject Resource(string type, string name) => Block("resource", type, name);

    /// <summary>Data source <c>data.type.name</c>, found as <see cref="Resource"/> is.</summary>
    public JsonObject Data(string type, string name) => Block("data", type, name);

    public IReadOnlyList<Instance> Instances(string address, JsonObject block, Instance? outer = null)
    {
        var forEach = block["for_each"];
        if (forEach is null)
        {
            return [new Instance(address, null, null)];
        }

        return Entries(forEach, outer).Select(e => new Instance($"{address}[\"{e.Key}\"]", e.Key, e.Value)).ToList();
    }

    public int InstanceCount() => Resources().Sum(r => Instances($"{r.Type}.{r.Name}", r.Block).Count);

    public IReadOnlyList<ExpandedGrants> Grants()
    {
        var result = new List<ExpandedGrants>();
        foreach (var (_, name, block) in Blocks("resource").Where(b => b.Type == "databricks_grants"))
        {
            foreach (var instance in Instances($"databricks_grants.{name}", block))
            {
                var (type, securable) = block["catalog"] is { } c ? ("catalog", Eval(c.GetValue<string>(), instance))
                    : block["schema"] is { } s ? ("schema", Eval(s.GetValue<string>(), instance))
                    : block["volume"] is { } v ? ("volume", Eval(v.GetValue<string>(), instance))
                    : throw new InvalidOperationException($"{instance.Address}: no catalog, schema or volume");
                var privileges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var grant in block["grant"] as JsonArray ?? [])
                {
                    Add(privileges, instance, Eval(grant!["principal"]!.GetValue<string>(), instance), grant["privileges"]!.AsArray().Select(p => p!.GetValue<string>()));
                }

                if (block["dynamic"]?["grant"] is JsonObject dynamic)
                {
                    if (dynamic["content"]!["principal"]!.GetValue<string>() != "${each.key}" || dynamic["content"]!["privileges"]!.GetValue<string>() != "${each.value}")
                    {
                        throw new InvalidOperationException($"{instance.Address}: unexpected dynamic grant content");
                    }

                    foreach (var (principal, value) in Entries(dynamic["for_each"]!, instance))
                    {
                        Add(privileges, instance, principal, value!.AsArray().Select(p => p!.GetValue<string>()));
                    }
                }

                result.Add(new ExpandedGrants(instance.Address, type, securable, privileges));
            }
        }

        // Per-principal grants: one instance per principal of each resource (one resource per securable), gathered here
        // by resource and securable.
        foreach (var (_, name, block) in Blocks("resource").Where(b => b.Type == "databricks_grant"))
        {
            var type = new[] { "catalog", "schema", "volume" }.Single(t => block[t] is not null);
            var bySecurable = new Dictionary<string, Dictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
            foreach (var instance in Instances($"databricks_grant.{name}", block))
            {
                var securable = Eval(block[type]!.GetValue<string>(), instance);
                var principal = Eval(block["principal"]!.GetValue<string>(), instance);
                var privileges = block["privileges"] is JsonArray literal ? literal
                    : block["privileges"]!.GetValue<string>() == "${each.value}" ? instance.Value!.AsArray()
                    : throw new InvalidOperationException($"{instance.Address}: unsupported privileges");
                if (!bySecurable.TryGetValue(securable, out var rows))
                {
                    bySecurable[securable] = rows = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                }

                Add(rows, instance, principal, privileges.Select(p => p!.GetValue<string>()));
            }

            result.AddRange(bySecurable.Select(s => new ExpandedGrants($"databricks_grant.{name}[{s.Key}]", type, s.Key, s.Value)));
        }

        // Two resources on one securable undo each other (an authoritative one revokes the rest; two per-principal
        // resources for one principal set its privileges in turn): every securable has one, in either shape.
        var shared = result.GroupBy(g => (g.SecurableType, g.Securable)).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
        {
            throw new InvalidOperationException($"{shared.Key.SecurableType} {shared.Key.Securable} is governed by {string.Join(" and ", shared.Select(g => g.Address))}");
        }

        return result;
    }

    /// <summary>Evaluates a string attribute: literal text with <c>${...}</c> references.</summary>
    public string Eval(string text, Instance instance) =>
        Interpolation().Replace(text, m => Reference(m.Groups[1].Value, instance));

    private static void Add(Dictionary<string, IReadOnlyList<string>> privileges, Instance instance, string principal, IEnumerable<string> values)
    {
        if (!privileges.TryAdd(principal, values.ToList()))
        {
            throw new InvalidOperationException($"{instance.Address}: principal {principal} is listed twice");
        }
    }

    private IEnumerable<(string Key, JsonNode? Value)> Entries(JsonNode forEach, Instance? outer)
    {
        if (forEach is JsonObject literal)
        {
            return literal.Select(p => (p.Key, p.Value));
        }

        var expression = forEach.GetValue<string>();
        if (LocalRef().Match(expression) is { Success: true } local)
        {
            return Local(local.Groups[1].Value, outer);
        }

        if (ToSet().Match(expression) is { Success: true } set)
        {
            return JsonNode.Parse(set.Groups[1].Value)!.AsArray().Select(v => (v!.GetValue<string>(), (JsonNode?)JsonValue.Create(v.GetValue<string>())));
        }

        if (Merge().Match(expression) is { Success: true } merge)
        {
            // merge(): a later argument wins for a key present in several, as in Terraform.
            var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var part in TopLevelArguments(merge.Groups[1].Value))
            {
                foreach (var (key, value) in MergePart(part, outer))
                {
                    result[key] = value;
                }
            }

            return result.Select(e => (e.Key, e.Value));
        }

        throw new InvalidOperationException($"unsupported for_each expression: {expression}");
    }

    private IEnumerable<(string Key, JsonNode? Value)> MergePart(string part, Instance? outer)
    {
        if (LocalName().Match(part) is { Success: true } local)
        {
            return Local(local.Groups[1].Value, outer);
        }

        if (KeysFor().Match(part) is { Success: true } keys)
        {
            var excluded = Principals(keys.Groups[3]);
            return Local(keys.Groups[1].Value, outer).Where(e => !excluded.Contains(e.Key)).Select(e => (e.Key, JsonNode.Parse(keys.Groups[2].Value)));
        }

        if (NamedMembersFor().Match(part) is { Success: true } named)
        {
            var members = Local(named.Groups[2].Value, outer).Concat(Local(named.Groups[3].Value, outer)).Select(e => e.Key).ToHashSet();
            var excluded = Principals(named.Groups[4]);
            return Local(named.Groups[1].Value, outer).Where(e => members.Contains(e.Key) && !excluded.Contains(e.Key));
        }

        if (DeployerFor().Match(part) is { Success: true } deployer)
        {
            return [(Deployer, JsonNode.Parse(deployer.Groups[1].Value))];
        }

        if (OwnerFor().Match(part) is { Success: true } owner && outer?.Key is { } key)
        {
            return outer.Value?["retired"]?.GetValue<bool>() == true ? [] : [(key, JsonNode.Parse(owner.Groups[1].Value))];
        }

        throw new InvalidOperationException($"unsupported merge argument: {part}");
    }

    /// <summary>The principals of a tuple's elements (quoted names, or the deploying identity's reference); none when absent.</summary>
    private static HashSet<string> Principals(Group tuple) => tuple.Success
        ? TopLevelArguments(tuple.Value).Select(e => e == "data.databricks_current_user.deployer.user_name" ? Deployer : JsonNode.Parse(e)!.GetValue<string>()).ToHashSet()
        : [];

    /// <summary>Splits a function's arguments at the commas outside brackets, braces and strings.</summary>
    private static IEnumerable<string> TopLevelArguments(string arguments)
    {
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (inString)
            {
                inString = c != '"' || arguments[i - 1] == '\\';
                continue;
            }

            switch (c)
            {
                case '"': inString = true; break;
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}': depth--; break;
                case ',' when depth == 0:
                    yield return arguments[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }

        yield return arguments[start..].Trim();
    }

    private IEnumerable<(string Key, JsonNode? Value)> Local(string name, Instance? outer)
    {
        var value = Root["locals"]![name] ?? throw new InvalidOperationException($"no local {name}");
        if (value is JsonObject map)
        {
            return map.Select(p => (p.Key, p.Value));
        }

        var text = value.GetValue<string>();
        if (Merge().IsMatch(text))
        {
            return Entries(value, outer);
        }

        if (text == "${{}}")
        {
            return [];
        }

        if (ActiveFor().Match(text) is { Success: true } active)
        {
            return Local(active.Groups[1].Value, outer).Where(e => e.Value!["retired"]!.GetValue<bool>() == false);
        }

        if (MembersFor().Match(text) is { Success: true } members)
        {
            return Local(members.Groups[1].Value, outer)
                .Where(e => e.Value!["groups"]!.AsArray().Any(g => g!.GetValue<string>() == members.Groups[2].Value))
                .Select(e => (e.Key, (JsonNode?)JsonValue.Create(true)));
        }

        throw new InvalidOperationException($"unsupported local expression: {text}");
    }

    private string Reference(string expression, Instance instance)
    {
        if (expression == "each.key")
        {
            return instance.Key ?? throw new InvalidOperationException($"{instance.Address}: each.key without for_each");
        }

        if (expression.StartsWith("each.value", StringComparison.Ordinal))
        {
            var node = instance.Value;
            foreach (var part in expression.Split('.').Skip(2))
            {
                node = node?[part];
            }

            return node?.GetValue<string>() ?? throw new InvalidOperationException($"{instance.Address}: {expression} is not a string");
        }

        if (LocalAt().Match(expression) is { Success: true } at
            && Root["locals"]?[at.Groups[1].Value] is JsonValue local && AttributeMap().Match(local.GetValue<string>()) is { Success: true } attributes)
        {
            // local.ids[key], the local being { for key, o in address : key => o.attribute }: address[key].attribute.
            return Reference($"{attributes.Groups[1].Value}[{at.Groups[2].Value}].{attributes.Groups[2].Value}", instance);
        }

        var match = AddressRef().Match(expression);
        if (!match.Success)
        {
            throw new InvalidOperationException($"{instance.Address}: unsupported reference {expression}");
        }

        var section = match.Groups[1].Success ? "data" : "resource";
        var type = match.Groups[2].Value;
        var name = match.Groups[3].Value;
        var block = Root[section]?[type]?[name]?.AsObject() ?? throw new InvalidOperationException($"{instance.Address}: {expression} points at nothing");
        var target = new Instance($"{type}.{name}", null, null);
        if (match.Groups[4].Success)
        {
            var key = match.Groups[4].Value.StartsWith('"') ? match.Groups[4].Value.Trim('"') : Reference(match.Groups[4].Value, instance);
            target = Instances($"{type}.{name}", block).SingleOrDefault(i => i.Key == key)
                ?? throw new InvalidOperationException($"{instance.Address}: {type}.{name} has no instance {key}");
        }

        var attribute = match.Groups[5].Value;
        string Attr(string a) => Eval(block[a]!.GetValue<string>(), target);
        return (type, attribute, section) switch
        {
            ("databricks_schema", "id", "resource") => $"{Attr("catalog_name")}.{Attr("name")}",
            ("databricks_schema", "id", "data") => Attr("name"),
            ("databricks_catalog", "id" or "name", _) => Attr("name"),
            ("databricks_volume", "id", "resource") => $"{Attr("catalog_name")}.{Attr("schema_name")}.{Attr("name")}",
            ("databricks_volume", "volume_path", "resource") => $"/Volumes/{Attr("catalog_name")}/{Attr("schema_name")}/{Attr("name")}",
            ("databricks_current_user", "user_name", "data") => Deployer,
            ("databricks_user", "id", _) => $"user-id:{Attr("user_name")}",
            ("databricks_group", "id", _) => $"group-id:{Attr("display_name")}",
            (_, _, _) when block[attribute] is not null => Attr(attribute),
            _ => throw new InvalidOperationException($"{instance.Address}: cannot evaluate {expression}"),
        };
    }

    [GeneratedRegex(@"\$\{([^{}]+)\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^\$\{local\.([a-z_]+)\}$")]
    private static partial Regex LocalRef();

    [GeneratedRegex(@"^local\.([a-z_]+)\[(.+)\]$")]
    private static partial Regex LocalAt();

    [GeneratedRegex(@"^\$\{\{ for key, o in ((?:data\.)?[a-z_]+\.[a-z_]+) : key => o\.([a-z_]+) \}\}$")]
    private static partial Regex AttributeMap();

    [GeneratedRegex(@"^\$\{toset\((\[.*\])\)\}$", RegexOptions.Singleline)]
    private static partial Regex ToSet();

    [GeneratedRegex(@"^\$\{merge\((.*)\)\}$", RegexOptions.Singleline)]
    private static partial Regex Merge();

    [GeneratedRegex(@"^local\.([a-z_]+)$")]
    private static partial Regex LocalName();

    [GeneratedRegex(@"^\{ for p in keys\(local\.([a-z_]+)\) : p => (\[[^\]]*\])(?: if !contains\(\[(.*)\], p\))? \}$")]
    private static partial Regex KeysFor();

    [GeneratedRegex(@"^\{ for p, privileges in local\.([a-z_]+) : p => privileges if contains\(concat\(keys\(local\.([a-z_]+)\), keys\(local\.([a-z_]+)\)\), p\)(?: && !contains\(\[(.*)\], p\))? \}$")]
    private static partial Regex NamedMembersFor();

    [GeneratedRegex(@"^\{ for p in \[data\.databricks_current_user\.deployer\.user_name\] : p => (\[.*\]) \}$")]
    private static partial Regex DeployerFor();

    [GeneratedRegex(@"^\{ for owner in \(each\.value\.retired \? \[\] : \[each\.key\]\) : owner => (\[.*\]) \}$")]
    private static partial Regex OwnerFor();

    [GeneratedRegex(@"^\$\{\{ for email, user in local\.([a-z_]+) : email => user if !user\.retired \}\}$")]
    private static partial Regex ActiveFor();

    [GeneratedRegex(@"^\$\{\{ for email, user in local\.([a-z_]+) : email => true if contains\(user\.groups, ""([a-z]+)""\) \}\}$")]
    private static partial Regex MembersFor();

    [GeneratedRegex(@"^(data\.)?(databricks_[a-z_]+)\.([a-z_]+)(?:\[([^\]]+)\])?\.([a-z_]+)$")]
    private static partial Regex AddressRef();
}
