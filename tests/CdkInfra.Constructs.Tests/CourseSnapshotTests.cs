using CdkInfra.Course;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>Snapshot of the course workspace built directly from minimal props (the app's stacks have their own).</summary>
public sealed class CourseSnapshotTests
{
    [Test]
    public void Minimal_props() =>
        Snapshot.Verify(Synth.CourseJson(new CourseWorkspaceProps
        {
            Roster = Synth.Roster(("teacher@example.com", "admins"), ("learner@example.com", "students")),
            ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["sales_dev"] = ["bronze"] },
        }));
}
