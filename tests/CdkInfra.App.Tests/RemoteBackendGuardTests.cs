using System.Diagnostics;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>scripts/require-remote-backend.sh: the deploy workflow's stop for stacks whose state would stay on the runner.</summary>
public sealed class RemoteBackendGuardTests
{
    private string _stacks = "";

    [SetUp]
    public void CreateFolder() => _stacks = Directory.CreateTempSubdirectory("cdkinfra-stacks-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_stacks, recursive: true);

    [Test]
    public void Fails_naming_every_stack_with_local_state()
    {
        Stack("course", """{ "terraform": { "backend": { "local": { "path": "../../../terraform.course.tfstate" } } } }""");
        Stack("coding-assistants", """{ "terraform": { "required_providers": {} } }""");
        Stack("other", """{ "terraform": { "backend": { "s3": { "bucket": "b" } } } }""");
        var (exit, error) = Run();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("stacks with local state: coding-assistants course."));
            Assert.That(error, Does.Contain("CDKTF_CONTEXT_JSON"));
        });
    }

    [Test]
    public void Passes_when_every_stack_has_a_remote_backend()
    {
        Stack("course", """{ "terraform": { "backend": { "s3": { "bucket": "b" } } } }""");
        Stack("coding-assistants", """{ "terraform": { "cloud": { "organization": "o" } } }""");
        var (exit, error) = Run();
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Does.Contain("coding-assistants: cloud backend").And.Contain("course: s3 backend"));
    }

    [Test]
    public void Fails_when_nothing_was_synthesized() => Assert.That(Run().Exit, Is.EqualTo(1));

    private void Stack(string name, string json)
    {
        Directory.CreateDirectory(Path.Combine(_stacks, name));
        File.WriteAllText(Path.Combine(_stacks, name, "cdk.tf.json"), json);
    }

    private (int Exit, string Error) Run()
    {
        var start = new ProcessStartInfo(Path.Combine(TestEnvironment.RepoRoot, "scripts", "require-remote-backend.sh"), [_stacks])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment.Remove("GITHUB_ACTIONS");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }
}
