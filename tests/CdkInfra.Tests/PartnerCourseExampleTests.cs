using System.Text.Json.Nodes;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;
using PartnerCourse;

namespace CdkInfra.Tests;

/// <summary>The worked example of another app on the construct library (examples/PartnerCourse) synthesizes what it says.</summary>
public sealed class PartnerCourseExampleTests
{
    private static readonly Lazy<SynthesizedStack> Stack = new(() =>
    {
        var roster = CourseRoster.Load(Path.Combine(TestEnvironment.RepoRoot, "examples", "PartnerCourse", "partner-users.json"), "partner-users.json");
        var stack = new PartnerCourseStack(Testing.App(), "partner-course", roster);
        return new SynthesizedStack(JsonNode.Parse(Testing.Synth(stack))!.AsObject());
    });

    [Test]
    public void Grants_go_to_the_partner_groups_and_the_platform_engineer_only()
    {
        var principals = Stack.Value.Grants().SelectMany(g => g.Privileges.Keys).ToHashSet();
        var users = new[] { "lena.lead@example.com", "omar.mentor@example.com", "pia.learner@example.com", "quinn.learner@example.com" };
        Assert.That(principals, Is.EquivalentTo(new[] { "partner_instructors", "partner_learners", "platform.engineer@example.com" }.Concat(users)));
    }

    [Test]
    public void Its_catalogs_replace_the_default_layout()
    {
        var securables = Stack.Value.Grants().Select(g => g.Securable).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(securables, Does.Contain("partner_course").And.Contain("partner_course.datasets").And.Contain("partner_reference.curated"));
            Assert.That(securables, Has.None.StartsWith("sales_").And.None.StartsWith("databricks_course"));
        });
    }

    [Test]
    public void Learners_do_not_read_peer_schemas()
    {
        var pia = Stack.Value.Grants().Single(g => g.Securable == "partner_course.pia_learner");
        Assert.Multiple(() =>
        {
            Assert.That(pia.Privileges.ContainsKey("partner_learners"), Is.False, "StudentsReadPeerSchemas = false");
            Assert.That(pia.Privileges["pia.learner@example.com"], Is.EqualTo(new[] { "ALL_PRIVILEGES" }));
            Assert.That(pia.Privileges["partner_instructors"], Is.EqualTo(new[] { "ALL_PRIVILEGES" }));
        });
    }
}
