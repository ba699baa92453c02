using System.Text.RegularExpressions;
using CdkInfra.Tests.TestSupport;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CdkInfra.App.Tests;

/// <summary>
/// The README is a landing page and the reference lives in docs/: every relative link in them leads somewhere, and the
/// README stays short. Markdig parses the Markdown (so links inside code are not links) and computes heading anchors
/// the way GitHub does.
/// </summary>
public sealed partial class DocsTests
{
    private const int ReadmeLineLimit = 220;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .Build();

    private static string Root => TestEnvironment.RepoRoot;

    /// <summary>README.md and every page of docs/, as paths relative to the repository root.</summary>
    public static IEnumerable<string> Documents() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(Relative).Order(StringComparer.Ordinal));

    [TestCaseSource(nameof(Documents))]
    public void Every_relative_link_resolves(string document)
    {
        var broken = new List<string>();
        foreach (var url in Links(document).Where(IsRelative))
        {
            if (Problem(document, url) is { } problem)
            {
                broken.Add($"{url}: {problem}");
            }
        }

        Assert.That(broken, Is.Empty, $"{document} has links that lead nowhere");
    }

    [Test]
    public void Readme_stays_a_landing_page()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md")).Length;
        Assert.That(lines, Is.LessThan(ReadmeLineLimit), "README.md is a landing page: move reference text into docs/");
    }

    [Test]
    public void Readme_links_every_docs_page()
    {
        var linked = Links("README.md").Where(IsRelative).Select(u => Resolve("README.md", u).Path).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(Relative);
        Assert.That(pages.Where(p => !linked.Contains(p)), Is.Empty, "docs pages the README does not link");
    }

    [Test]
    public void The_anchor_check_follows_GitHub_headings()
    {
        // GitHub's ids: lower case, punctuation and backticks dropped, spaces to hyphens, repeats numbered.
        var ids = HeadingIds("# The roster: `users.json`\n## Data-loss guards and opt-ins\n## Limits\n## Limits\n");
        Assert.That(ids, Is.EquivalentTo(new[] { "the-roster-usersjson", "data-loss-guards-and-opt-ins", "limits", "limits-1" }));
    }

    [Test]
    public void The_link_check_finds_a_missing_file_and_a_missing_anchor()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problem("README.md", "docs/no-such-page.md"), Does.Contain("no such file"));
            Assert.That(Problem("README.md", "docs/configuration.md#no-such-heading"), Does.Contain("no heading"));
            Assert.That(Problem("README.md", "../outside.md"), Does.Contain("outside the repository"));
            Assert.That(Problem("README.md", "/etc/hostname"), Does.Contain("outside the repository"));
            Assert.That(Problem("README.md", "docs/configuration.md#validation"), Is.Null);
        });
    }

    /// <summary>What is wrong with <paramref name="url"/> as written in <paramref name="document"/>, or null.</summary>
    private static string? Problem(string document, string url)
    {
        var (path, anchor) = Resolve(document, url);
        if (path.StartsWith("../", StringComparison.Ordinal) || path == "..")
        {
            return "points outside the repository";
        }

        var full = Path.Combine(Root, path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return "no such file or folder";
        }

        if (anchor is null || !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return HeadingIds(File.ReadAllText(full)).Contains(anchor) ? null : $"no heading with the anchor '#{anchor}' in {path}";
    }

    /// <summary>The link's target as a path relative to the repository root (with '/'), and its anchor if any.</summary>
    private static (string Path, string? Anchor) Resolve(string document, string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var target = Uri.UnescapeDataString(hash < 0 ? url : url[..hash]);
        var anchor = hash < 0 ? null : url[(hash + 1)..];
        var from = Path.GetDirectoryName(Path.Combine(Root, document))!;
        var full = target.Length == 0 ? Path.Combine(Root, document) : Path.GetFullPath(Path.Combine(from, target));
        return (Relative(full), anchor);
    }

    private static IEnumerable<string> Links(string document) =>
        Markdown.Parse(File.ReadAllText(Path.Combine(Root, document)), Pipeline)
            .Descendants<LinkInline>()
            .Select(l => l.Url ?? "")
            .ToList();

    private static HashSet<string> HeadingIds(string markdown) =>
        Markdown.Parse(markdown, Pipeline)
            .Descendants<HeadingBlock>()
            .Select(h => h.GetAttributes().Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A link into the repository: not empty, no scheme (https:, mailto:), not protocol-relative.</summary>
    private static bool IsRelative(string url) =>
        url.Length > 0 && !Scheme().IsMatch(url) && !url.StartsWith("//", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    private static string Relative(string full) =>
        Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/').TrimEnd('/');
}
