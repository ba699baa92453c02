using CdkInfra.App.Tests.TestSupport;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>Secrets hygiene: the scanner itself, and the repository (snapshots and committed docs included).</summary>
public sealed class SecretsTests
{
    // Planted tokens are assembled at run time, so this file does not trip the repository scan.
    private static IEnumerable<TestCaseData> Planted()
    {
        yield return new TestCaseData("Databricks PAT", "token = \"dapi" + new string('0', 16) + new string('f', 16) + "\"");
        yield return new TestCaseData("GitHub token", "GH_TOKEN=ghp_" + new string('A', 36));
        yield return new TestCaseData("GitHub fine-grained PAT", "github_pat_" + new string('B', 22) + "_" + new string('c', 59));
        yield return new TestCaseData("AWS access key id", "aws_access_key_id = AKIA" + new string('Q', 16));
        yield return new TestCaseData("Azure storage key / SAS signature", "AccountKey=" + new string('k', 86) + "==");
        yield return new TestCaseData("JWT bearer token", "Authorization: Bearer eyJ" + new string('h', 20) + ".eyJ" + new string('p', 30) + "." + new string('s', 30));
        yield return new TestCaseData("private key block", "-----BEGIN " + "OPENSSH PRIVATE KEY-----");
    }

    [TestCaseSource(nameof(Planted))]
    public void The_scanner_finds_a_planted_token(string kind, string text) => Assert.That(SecretScanner.Find(text), Is.EqualTo(new[] { kind }));

    [TestCase("dapi-token-from-env")]
    [TestCase("\"${each.value.id}\"")]
    [TestCase("00000000-0000-0000-0000-000000000001")]
    [TestCase("DATABRICKS_TOKEN")]
    public void The_scanner_ignores_ordinary_text(string text) => Assert.That(SecretScanner.Find(text), Is.Empty);

    [Test]
    public void The_scanner_reports_the_file_that_holds_a_token()
    {
        var dir = Directory.CreateTempSubdirectory("cdkinfra-scan-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "clean.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "leak.tf.json"), "{ \"token\": \"dapi" + new string('1', 32) + "\" }");
            Assert.That(SecretScanner.ScanTree(dir), Is.EqualTo(new[] { "leak.tf.json: Databricks PAT" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void The_repository_its_snapshots_and_docs_hold_no_token()
    {
        static bool Tracked(string f) => !f.Contains("/node_modules/") && !f.Contains("/.git/") && !f.Contains("/bin/") && !f.Contains("/obj/")
                                         && !f.Contains("/.nuget-local/") && !f.Contains("/cdktf.out") && !f.Contains("/bench/out");
        // The snapshots of both test projects: the library's and the app's.
        var snapshots = new[] { "CdkInfra.Constructs.Tests", "CdkInfra.App.Tests" }
            .Select(project => Path.Combine(TestEnvironment.RepoRoot, "tests", project, "Snapshots"));
        Assert.Multiple(() =>
        {
            foreach (var folder in snapshots)
            {
                Assert.That(Directory.GetFiles(folder), Is.Not.Empty, folder);
                Assert.That(SecretScanner.ScanTree(folder), Is.Empty, folder);
            }

            Assert.That(SecretScanner.ScanTree(TestEnvironment.RepoRoot, Tracked), Is.Empty);
        });
    }
}
