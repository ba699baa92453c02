using CdkInfra.App.Stacks;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;

namespace CdkInfra.App.Tests;

/// <summary>
/// Snapshots of the synthesized course stack, as the app builds it from the settings (provider, backend, workspace).
/// The workspace built directly from minimal props has its snapshot in CdkInfra.Constructs.Tests.
/// </summary>
public sealed class CourseSnapshotTests
{
    [Test]
    public void Shipped_roster() => Snapshot.Verify(SynthApp(contextJson: null));

    // The fixture course keeps this snapshot about the roster: editing the real course material does not move it.
    [Test]
    public void Roster_with_pins_that_resolve_collisions() =>
        Snapshot.Verify(SynthApp("""
            { "usersFile": "tests/Shared/Fixtures/pinned-users.json",
              "courseNotebooksFolder": "tests/Shared/Fixtures/course/notebooks",
              "courseDatasetsFolder": "tests/Shared/Fixtures/course/datasets/data",
              "coursePackagesFolder": "tests/Shared/Fixtures/course/packages" }
            """));

    internal static string SynthApp(string? contextJson)
    {
        var settings = AppSettings.Load(TestEnvironment.RepoRoot, contextJson);
        var stack = new CourseStack(Testing.App(), "course", settings);
        return Testing.Synth(stack);
    }
}
