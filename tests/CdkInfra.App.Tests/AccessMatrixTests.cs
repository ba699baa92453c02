using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>The access matrix report: generated from the policy, snapshot-tested, and the committed copy kept current.</summary>
public sealed class AccessMatrixTests
{
    private static readonly CourseWorkspaceProps Minimal = new()
    {
        Roster = Synth.Roster(("teacher@example.com", "admins"), ("learner@example.com", "students")),
        ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["sales_dev"] = ["bronze"] },
        SuperAdmins = ["lead@example.com"],
        StudentsReadPeerSchemas = false,
    };

    private static AccessPolicy PolicyOf(CourseWorkspaceProps p) =>
        new(p.AdminsGroupName, p.StudentsGroupName, p.SuperAdmins, p.StudentsReadPeerSchemas, p.EffectivePrincipals);

    [Test]
    public void Minimal_props_matrix() => Snapshot.Verify(AccessMatrix.Render(Minimal, PolicyOf(Minimal), CourseSettingNames.Instance), "md", CallerFile(), nameof(Minimal_props_matrix));

    [Test]
    public void The_committed_copy_matches_the_shipped_roster_and_settings()
    {
        var settings = AppSettings.Load(TestEnvironment.RepoRoot, null);
        var committed = Path.Combine(TestEnvironment.RepoRoot, "docs", AccessMatrix.FileName);
        Assert.That(File.ReadAllText(committed), Is.EqualTo(AccessMatrix.Render(settings.Course, PolicyOf(settings.Course), CourseSettingNames.Instance)),
            $"docs/{AccessMatrix.FileName} is stale: copy cdktf.out/stacks/course/{AccessMatrix.FileName} there after 'make synth'");
    }

    [Test]
    public void Minimal_props_matrix_with_account_groups()
    {
        var props = new CourseWorkspaceProps(Minimal) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null };
        Snapshot.Verify(AccessMatrix.Render(props, PolicyOf(props), CourseSettingNames.Instance), "md", CallerFile(), nameof(Minimal_props_matrix_with_account_groups));
    }

    [Test]
    public void Every_cell_agrees_with_the_synthesized_grants()
    {
        var grants = new SynthesizedStack(Synth.Course(Minimal)).Grants();
        var matrix = AccessMatrix.Render(Minimal, PolicyOf(Minimal), CourseSettingNames.Instance);
        var learner = grants.Single(g => g.Securable == "databricks_course").Privileges["learner@example.com"];
        Assert.Multiple(() =>
        {
            Assert.That(matrix, Does.Contain($"| each user of `platform_students` | {string.Join(", ", grants.Single(g => g.Securable == "sales_dev").Privileges["learner@example.com"])} |"));
            Assert.That(matrix, Does.Contain(string.Join(", ", learner)));
            Assert.That(grants.Single(g => g.Securable == "databricks_course.teacher").Privileges.ContainsKey("learner@example.com"), Is.False);
            Assert.That(grants.Single(g => g.Securable == "databricks_course.shared_bronze").Privileges["learner@example.com"], Is.EqualTo(new[] { PrivilegeNames.UseSchema }));
            Assert.That(matrix, Does.Contain("Peer reading of personal schemas is off"));
        });
    }

    [Test]
    public void Every_cell_agrees_with_the_synthesized_grants_with_account_groups()
    {
        var props = new CourseWorkspaceProps(Minimal) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null };
        var grants = new SynthesizedStack(Synth.Course(props)).Grants();
        var matrix = AccessMatrix.Render(props, PolicyOf(props), CourseSettingNames.Instance);
        Assert.That(matrix, Does.Contain($"| `platform_students` (group) | {string.Join(", ", grants.Single(g => g.Securable == "sales_dev").Privileges["platform_students"])} |"));
    }

    private static string CallerFile([System.Runtime.CompilerServices.CallerFilePath] string file = "") => file;
}
