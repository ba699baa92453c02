using CdkInfra.Tests.TestSupport;
using NUnit.Framework;

/// <summary>
/// Deletes the run's temporary folder (<see cref="TestEnvironment.RunTempFolder"/>) after the last test of the assembly:
/// outside any namespace, so that NUnit runs it around every test of the assembly.
/// </summary>
[SetUpFixture]
public sealed class TestRunCleanup
{
    [OneTimeTearDown]
    public void DeleteRunTempFolder()
    {
        try
        {
            Directory.Delete(TestEnvironment.RunTempFolder, recursive: true);
        }
        catch (IOException e)
        {
            // A process the run started may still be writing there (the jsii kernel ends with the test host).
            TestContext.Progress.WriteLine($"left {TestEnvironment.RunTempFolder}: {e.Message}");
        }
    }
}
