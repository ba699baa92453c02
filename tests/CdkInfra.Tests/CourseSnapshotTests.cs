using CdkInfra.App.Stacks;
using CdkInfra.Course;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;

namespace CdkInfra.Tests;

/// <summary>Snapshots of the synthesized course stack, as the app builds it (provider, backend, workspace).</summary>
public sealed class CourseSnapshotTests
{
    [Test]
    public void Shipped_roster() => Snapshot.Verify(SynthApp(contextJson: null));

    // The fixture course keeps this snapshot about the roster: editing the real course material does not move it.
    [Test]
    public void Roster_with_pins_that_resolve_collisions() =>
        Snapshot.Verify(SynthApp("""
            { "usersFile": "tests/CdkInfra.Tests/Fixtures/pinned-users.json",
              "courseNotebooksFolder": "tests/CdkInfra.Tests/Fixtures/course/notebooks",
              "courseDatasetsFolder": "tests/CdkInfra.Tests/Fixtures/course/datasets/data",
              "coursePackagesFolder": "tests/CdkInfra.Tests/Fixtures/course/packages" }
            """));

    [Test]
    public void Minimal_props() =>
        Snapshot.Verify(Synth.CourseJson(new CourseWorkspaceProps
        {
            Roster = Synth.Roster(("teacher@example.com", "admins"), ("learner@example.com", "students")),
            ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["sales_dev"] = ["bronze"] },
        }));

    internal static string SynthApp(string? contextJson)
    {
        var settings = AppSettings.Load(TestEnvironment.RepoRoot, contextJson);
        var stack = new CourseStack(Testing.App(), "course", settings);
        return Testing.Synth(stack);
    }
}
