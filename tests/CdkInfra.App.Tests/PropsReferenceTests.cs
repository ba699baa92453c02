using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CdkInfra.CodingAssistants;
using CdkInfra.Course;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>
/// docs/props.md, the props reference for a consuming team, is generated from the library's XML documentation and its
/// public props types, with the app's settings key of each property; this test keeps it current. After a change of the
/// props, accept the new text with <c>CDKINFRA_ACCEPT_SNAPSHOTS=1</c> (or <c>make accept-snapshots</c>) and read the diff.
/// </summary>
public sealed partial class PropsReferenceTests
{
    private static readonly string Reference = Path.Combine(TestEnvironment.RepoRoot, "docs", "props.md");

    [Test]
    public void The_props_reference_matches_the_library()
    {
        var text = Generate();
        if (Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) == "1")
        {
            File.WriteAllText(Reference, text, new UTF8Encoding(false));
            Assert.Warn("docs/props.md was regenerated; review it in the diff.");
            return;
        }

        Assert.That(File.Exists(Reference) ? File.ReadAllText(Reference) : "", Is.EqualTo(text),
            "docs/props.md is out of date: run 'make accept-snapshots' and review the diff");
    }

    private static string Generate()
    {
        var assembly = typeof(CourseWorkspaceProps).Assembly;
        var xml = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var docs = xml.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("summary"));
        var keys = new Dictionary<Type, Func<string, string?>>
        {
            [typeof(CourseWorkspaceProps)] = p => CourseSettingNames.Keys.GetValueOrDefault(p),
            [typeof(CodingAssistantsClusterProps)] = p => CodingAssistantsSettings.SettingNames.Keys.GetValueOrDefault(p) is { } k ? $"{CodingAssistantsSettings.Key}.{k}" : null,
        };
        var text = new StringBuilder();
        text.Append("# Props reference\n\nEvery public props type of the construct library, property by property, generated from the library's\n")
            .Append("documentation comments (`tests/CdkInfra.App.Tests/PropsReferenceTests.cs` keeps this page current; after a change run\n")
            .Append("`make accept-snapshots`). The settings key is the app's `cdktf.json` context key that sets the property, where\n")
            .Append("there is one. Back to [Using the library](library.md).\n");
        foreach (var type in assembly.GetExportedTypes().Where(t => t.Name.EndsWith("Props", StringComparison.Ordinal)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append($"\n## {type.Name}\n\n`{type.FullName}`: {Summary(docs.GetValueOrDefault($"T:{type.FullName}"))}\n\n");
            var key = keys.GetValueOrDefault(type);
            text.Append(key is null ? "| Property | Type | Description |\n| --- | --- | --- |\n" : "| Property | Type | Settings key | Description |\n| --- | --- | --- | --- |\n");
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => p.SetMethod is not null))
            {
                var required = property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null ? " (required)" : "";
                var summary = Summary(docs.GetValueOrDefault($"P:{type.FullName}.{property.Name}"));
                var settingsKey = key is null ? "" : $" {(key(property.Name) is { } k ? $"`{k}`" : "")} |";
                text.Append($"| `{property.Name}`{required} | `{TypeName(property.PropertyType, property)}` |{settingsKey} {summary} |\n");
            }
        }

        return text.ToString();
    }

    private static string Summary(XElement? summary)
    {
        if (summary is null)
        {
            return "";
        }

        var parts = summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
            XElement { Name.LocalName: "see" } s when s.Attribute("cref") is { } cref => $"`{cref.Value[2..].Split('(')[0].Split('.').Last()}`",
            XElement { Name.LocalName: "see" } s when s.Attribute("langword") is { } word => $"`{word.Value}`",
            XElement e => e.Value,
            _ => "",
        });
        var text = Whitespace().Replace(string.Concat(parts), " ").Trim();
        // The settings key has its own column.
        return SettingsKeyNote().Replace(text, "").Replace("|", "\\|", StringComparison.Ordinal).Trim();
    }

    private static string TypeName(Type type, PropertyInfo property)
    {
        var nullable = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        return Name(type) + nullable;

        static string Name(Type t) => Nullable.GetUnderlyingType(t) is { } inner ? Name(inner) + "?"
            : t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
            : t == typeof(string) ? "string" : t == typeof(bool) ? "bool" : t == typeof(int) ? "int" : t == typeof(long) ? "long" : t.Name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*(Context key `[A-Za-z.]+`( \([^)]*\))?\.?|\(`[A-Za-z.]+`\))")]
    private static partial Regex SettingsKeyNote();
}
