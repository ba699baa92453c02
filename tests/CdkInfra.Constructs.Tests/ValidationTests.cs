using CdkInfra.Course;
using CdkInfra.Naming;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// Validation rules of the props beyond the roster basics: lengths everywhere a name enters, reserved names, principals;
/// each problem named by its C# property, as a team that sets props in code reads it. How the app's settings name the
/// same problems: SettingsTests in CdkInfra.App.Tests.
/// </summary>
public sealed class ValidationTests
{
    private static readonly string Long = new('a', UcIdentifier.MaxLength + 1);

    private static readonly CourseWorkspaceProps Props = new() { Roster = Synth.Roster(("a@example.com", "admins")) };

    private static IReadOnlyList<string> Problems(CourseWorkspaceProps props) => props.Validate("CourseWorkspaceProps").Select(p => p.ToString()).ToList();

    [Test]
    public void A_super_admin_cannot_be_the_deploying_identitys_reference() =>
        Assert.That(new CourseWorkspaceProps(Props) { SuperAdmins = [Policy.AccessPolicy.DeployingIdentity] }
            .Validate("test").Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "test, field 'SuperAdmins': '${data.databricks_current_user.deployer.user_name}' is the library's reference to the deploying identity, not a principal",
        }));

    [Test]
    public void Fails_on_names_over_255_characters_wherever_a_name_enters() =>
        Assert.That(Problems(new CourseWorkspaceProps(Props)
        {
            CourseCatalogName = Long + "b",
            CourseSharedSchemas = [Long],
            ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { [Long] = ["bronze"] },
            AdminsGroupName = Long,
            SuperAdmins = [Long + "@example.com"],
        }).Select(p => p.Split(':')[0]), Is.EquivalentTo(new[]
        {
            "CourseWorkspaceProps, field 'AdminsGroupName'", "CourseWorkspaceProps, field 'SuperAdmins'", "CourseWorkspaceProps, field 'CourseCatalogName'",
            "CourseWorkspaceProps, field 'ReferenceCatalogs'", "CourseWorkspaceProps, field 'CourseSharedSchemas'",
        }));

    [Test]
    public void Fails_on_roster_values_over_255_characters()
    {
        var error = Assert.Throws<InputValidationException>(() => CourseRoster.Parse($$"""
            { "users": [ { "user_name": "{{Long}}@example.com", "display_name": "{{Long}}", "groups": ["students"], "schema_name": "{{Long}}" } ] }
            """, "users.json"))!;
        Assert.That(error.Problems.Select(p => $"{p.Field}: {p.Message}"), Is.EquivalentTo(new[]
        {
            $"user_name: is {Long.Length + 12} characters long; at most 255",
            $"display_name: is {Long.Length} characters long; at most 255",
            $"schema_name: '{Long[..40]}...{Long[^10..]}' is 256 characters long; a schema name has at most 255",
        }));
    }

    [Test]
    public void Fails_on_reserved_catalog_names() =>
        Assert.That(Problems(new CourseWorkspaceProps(Props)
        {
            CourseCatalogName = "system",
            ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["hive_metastore"] = ["bronze"] },
        }), Is.EquivalentTo(new[]
        {
            "CourseWorkspaceProps, field 'CourseCatalogName': 'system' is a catalog the platform manages itself; choose another name",
            "CourseWorkspaceProps, field 'ReferenceCatalogs': 'hive_metastore' is a catalog the platform manages itself; choose another name",
        }));

    [Test]
    public void Fails_when_the_course_catalog_is_also_a_reference_catalog() =>
        Assert.That(Problems(new CourseWorkspaceProps(Props) { ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["databricks_course"] = ["bronze"] } }),
            Is.EqualTo(new[] { "CourseWorkspaceProps, field 'ReferenceCatalogs': 'databricks_course' is also the course catalog" }));

    [Test]
    public void Fails_on_super_admins_in_mixed_case_or_listed_twice()
    {
        var problems = new CourseWorkspaceProps(Props) { SuperAdmins = ["Boss@example.com", "x@example.com", "x@example.com", "platform_admins"] }
            .Validate("CourseWorkspaceProps");
        Assert.That(problems.Select(p => p.Field), Has.All.EqualTo("SuperAdmins"));
        Assert.That(problems, Has.Count.EqualTo(3));
        Assert.That(problems[0].Message, Does.Contain("must be lower-case"));
        Assert.That(problems[1].Message, Does.Contain("listed twice"));
        Assert.That(problems[2].Message, Does.Contain("is a course group"));
    }

    [Test]
    public void The_construct_refuses_invalid_props_before_building_anything()
    {
        var props = new CourseWorkspaceProps(Props) { AdminsGroupName = "same", StudentsGroupName = "same" };
        Assert.That(() => Synth.CourseJson(props), Throws.TypeOf<InputValidationException>().With.Message.Contains("need different names"));
    }

    [TestCase("shared_bronze")]
    [TestCase("default")]
    [TestCase("information_schema")]
    public void Fails_when_a_pin_takes_a_name_the_layout_uses(string pin)
    {
        var roster = CourseRoster.FromEntries("users.json", [new RosterEntry(1, "ana@example.com", "Ana", [RosterGroups.Students], pin)]);
        var reserved = new CourseWorkspaceProps { Roster = roster }.ReservedCourseSchemaNames();
        var error = Assert.Throws<InputValidationException>(() => SchemaNames.Resolve(roster, reserved))!;
        Assert.That(error.Problems.Single().ToString(), Does.StartWith($"users.json, entry 1 (ana@example.com), field 'schema_name': the personal schema name '{pin}' is taken by"));
    }

    [Test]
    public void Pins_that_collide_with_each_other_are_reported_with_both_entries()
    {
        var roster = CourseRoster.FromEntries("users.json",
        [
            new RosterEntry(1, "ana@example.com", "Ana", [RosterGroups.Students], "team"),
            new RosterEntry(2, "ben@example.com", "Ben", [RosterGroups.Students], "team"),
        ]);
        var error = Assert.Throws<InputValidationException>(() => SchemaNames.Resolve(roster, new Dictionary<string, string>()))!;
        Assert.That(error.Message, Does.Contain("entry 1 (ana@example.com) and entry 2 (ben@example.com), field 'schema_name': these entries would share the personal schema 'team'"));
    }

    [Test]
    public void Entries_built_in_memory_get_the_same_checks() =>
        Assert.That(() => CourseRoster.FromEntries("api", [new RosterEntry(1, "not-an-email", "", ["teachers"], "Bad Name")]),
            Throws.TypeOf<InputValidationException>().With.Property(nameof(InputValidationException.Problems)).Count.EqualTo(4));
}
