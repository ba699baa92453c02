using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CdkInfra.Tests.TestSupport;

/// <summary>
/// Holds a piece of JSON against the part of a synthesized block a test is about, as AWS CDK's
/// <c>Template.hasResourceProperties</c> does with <c>Match.objectLike</c>: an object matches when every key of the
/// expected object is there with a matching value, at every depth, and keys the test does not name are not compared;
/// <c>null</c> expects the key to be absent (the synthesized JSON leaves out what is unset); an array matches only an
/// array of the same length whose elements match in order, because in Terraform's JSON the elements of a list are the
/// value (a grant, an init script, a dependency), so a missing or an extra one is a finding; scalars compare by JSON
/// value (<c>3</c> equals <c>3.0</c>, never <c>"3"</c>).
/// </summary>
internal static partial class PartialJson
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An expected fragment written as JSON text; <c>//</c> comments and trailing commas are allowed.</summary>
    public static JsonNode Parse(string fragment) =>
        JsonNode.Parse(fragment, documentOptions: Lenient) ?? throw new ArgumentException("the expected fragment is null; write an object such as { \"name\": null }", nameof(fragment));

    /// <summary>
    /// Asserts that <paramref name="actual"/>, a value read from a synthesized block (a cluster policy's decoded
    /// definition, a local), has the properties of <paramref name="expected"/>; <paramref name="what"/> names it in a failure.
    /// </summary>
    public static void Matches(JsonNode? actual, string what, [StringSyntax(StringSyntaxAttribute.Json)] string expected, string? because = null)
    {
        var fragment = Parse(expected);
        var mismatches = Mismatches(fragment, actual);
        if (mismatches.Count > 0)
        {
            Assert.Fail(Report(what, mismatches, fragment, actual, because));
        }
    }

    /// <summary>Where <paramref name="actual"/> differs from <paramref name="expected"/>, one line per difference; empty when it matches.</summary>
    public static IReadOnlyList<string> Mismatches(JsonNode? expected, JsonNode? actual)
    {
        var found = new List<string>();
        Compare(expected, actual, "", found);
        return found;
    }

    /// <summary>The failure message: what differs, the expected fragment and the whole actual block.</summary>
    public static string Report(string address, IReadOnlyList<string> mismatches, JsonNode expected, JsonNode? actual, string? because)
    {
        var text = new StringBuilder()
            .Append(address).Append(" does not have the expected properties").Append(because is null ? ":" : $" ({because}):").AppendLine();
        foreach (var mismatch in mismatches)
        {
            text.Append("  - ").AppendLine(mismatch);
        }

        return text.AppendLine("Expected (keys not named here are not compared):")
            .AppendLine(expected.ToJsonString(Indented))
            .Append("Actual ").Append(address).AppendLine(":")
            .Append(actual?.ToJsonString(Indented) ?? "nothing")
            .ToString();
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> found)
    {
        switch (expected)
        {
            case null:
                if (actual is not null)
                {
                    found.Add($"{Here(path)}: expected absent, found {Inline(actual)}");
                }

                break;
            case JsonObject properties:
                if (actual is not JsonObject block)
                {
                    found.Add($"{Here(path)}: expected an object, found {Inline(actual)}");
                    break;
                }

                foreach (var (key, property) in properties)
                {
                    var child = Child(path, key);
                    if (property is not null && block[key] is null)
                    {
                        found.Add($"{child}: missing, expected {Inline(property)}");
                        continue;
                    }

                    Compare(property, block[key], child, found);
                }

                break;
            case JsonArray elements:
                if (actual is not JsonArray list)
                {
                    found.Add($"{Here(path)}: expected an array, found {Inline(actual)}");
                }
                else if (list.Count != elements.Count)
                {
                    found.Add($"{Here(path)}: expected {elements.Count} elements, found {list.Count}: {Inline(list)}");
                }
                else
                {
                    for (var i = 0; i < elements.Count; i++)
                    {
                        Compare(elements[i], list[i], $"{path}[{i}]", found);
                    }
                }

                break;
            default:
                if (actual is not JsonValue value || !SameValue(expected.AsValue(), value))
                {
                    found.Add($"{Here(path)}: expected {Inline(expected)}, found {Inline(actual)}");
                }

                break;
        }
    }

    private static bool SameValue(JsonValue expected, JsonValue actual)
    {
        var kind = expected.GetValueKind();
        if (kind != actual.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => string.Equals(expected.GetValue<string>(), actual.GetValue<string>(), StringComparison.Ordinal),
            JsonValueKind.Number => Number(expected) == Number(actual),
            _ => true,
        };

        static decimal Number(JsonValue value) => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static string Here(string path) => path.Length == 0 ? "the block" : path;

    /// <summary><c>a.b</c> for a name, <c>a["spark.master"]</c> for a key that is not one.</summary>
    private static string Child(string path, string key) =>
        !Identifier().IsMatch(key) ? $"{path}[{JsonSerializer.Serialize(key, Compact)}]"
        : path.Length == 0 ? key
        : $"{path}.{key}";

    private static string Inline(JsonNode? node)
    {
        if (node is null)
        {
            return "nothing";
        }

        var text = node.ToJsonString(Compact);
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
