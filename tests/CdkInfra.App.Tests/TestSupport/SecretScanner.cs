using System.Text.RegularExpressions;

namespace CdkInfra.App.Tests.TestSupport;

/// <summary>Finds token-shaped strings in text: what must never reach the repository, the output or a snapshot.</summary>
internal static partial class SecretScanner
{
    /// <summary>Pattern name and regex; each has a planted example in the scanner's own test.</summary>
    public static readonly IReadOnlyList<(string Name, Regex Pattern)> Patterns =
    [
        ("Databricks PAT", DatabricksToken()),
        ("GitHub token", GitHubToken()),
        ("GitHub fine-grained PAT", GitHubFineGrained()),
        ("AWS access key id", AwsKey()),
        ("Azure storage key / SAS signature", AzureKey()),
        ("JWT bearer token", Jwt()),
        ("private key block", PrivateKey()),
    ];

    /// <summary>The names of the patterns that match <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Find(string text) => Patterns.Where(p => p.Pattern.IsMatch(text)).Select(p => p.Name).ToList();

    /// <summary>Files under <paramref name="root"/> (relative paths) holding a token, with what was found.</summary>
    public static IReadOnlyList<string> ScanTree(string root, Func<string, bool>? include = null) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => include?.Invoke(f) ?? true)
            .Where(f => new FileInfo(f).Length < 5_000_000)
            .Select(f => (File: Path.GetRelativePath(root, f), Found: Find(File.ReadAllText(f))))
            .Where(r => r.Found.Count > 0)
            .Select(r => $"{r.File}: {string.Join(", ", r.Found)}")
            .ToList();

    [GeneratedRegex(@"dapi[0-9a-f]{32}")]
    private static partial Regex DatabricksToken();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36}\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{60,}")]
    private static partial Regex GitHubFineGrained();

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"AccountKey=[A-Za-z0-9+/]{60,}={0,2}|[?&]sig=[A-Za-z0-9%+/]{40,}")]
    private static partial Regex AzureKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"-----BEGIN (RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----")]
    private static partial Regex PrivateKey();
}
