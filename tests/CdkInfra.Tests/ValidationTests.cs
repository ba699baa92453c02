using CdkInfra.Course;
using CdkInfra.Naming;
using CdkInfra.Roster;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;

namespace CdkInfra.Tests;

/// <summary>Validation rules beyond the roster and settings basics: lengths everywhere a name enters, reserved names, the new settings.</summary>
public sealed class ValidationTests
{
    private static readonly string Long = new('a', UcIdentifier.MaxLength + 1);
    private string _project = "";

    [SetUp]
    public void CreateProject()
    {
        _project = AppProcess.CreateProject("cdkinfra-validation-");
    }

    [TearDown]
    public void RemoveProject() => Directory.Delete(_project, recursive: true);

    private IReadOnlyList<string> Problems(string context)
    {
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), $$"""{ "app": "true", "context": {{context}} }""");
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        return error.Problems.Select(p => p.ToString()).ToList();
    }

    [Test]
    public void The_props_validator_names_CSharp_properties_and_the_settings_layer_its_keys()
    {
        var props = new CourseWorkspaceProps
        {
            Roster = Synth.Roster(("ana@example.com", "admins")),
            GroupsLevel = GroupsLevel.Account,
            AccountId = "00000000-0000-0000-0000-000000000000",
            StudentAutoterminationMinutes = 5,
        };
        Assert.Multiple(() =>
        {
            // A team that sets props in code reads its own property names and enum members.
            Assert.That(props.Validate("CourseWorkspaceProps").Select(p => p.ToString()), Is.EquivalentTo(new[]
            {
                "CourseWorkspaceProps, field 'WorkspaceId': is required with account groups managed through the account API: the numeric workspace id the groups are assigned to",
                "CourseWorkspaceProps, field 'StudentAutoterminationMinutes': 5 is outside 10..10000 (minutes of idleness before a cluster terminates)",
            }));
            // The app's settings layer names the same problems by its cdktf.json keys.
            Assert.That(props.Validate("cdktf.json", CourseSettingNames.Instance).Select(p => p.ToString()), Is.EquivalentTo(new[]
            {
                "cdktf.json, field 'databricksWorkspaceId': is required with account groups managed through the account API: the numeric workspace id the groups are assigned to",
                "cdktf.json, field 'studentAutoterminationMinutes': 5 is outside 10..10000 (minutes of idleness before a cluster terminates)",
            }));
            // And its enum values as the settings spell them.
            var local = new CourseWorkspaceProps(props) { GroupsLevel = GroupsLevel.Workspace, Principals = PrincipalMode.Groups, StudentAutoterminationMinutes = 30 };
            Assert.That(local.Validate("CourseWorkspaceProps").Single().Message, Does.StartWith("PrincipalMode.Groups with GroupsLevel GroupsLevel.Workspace cannot apply"));
            Assert.That(local.Validate("cdktf.json", CourseSettingNames.Instance).Single().Message, Does.StartWith("\"groups\" with groupsLevel \"workspace\" cannot apply"));
        });
    }

    [Test]
    public void The_settings_report_groups_level_problems_in_their_own_terms()
    {
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), """
            { "app": "true", "context": { "groupsLevel": "account", "createGroups": false, "databricksAccountHost": "http://x" } }
            """);
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'databricksAccountId': is required when groupsLevel is \"account\" (the account-level provider needs it)",
            "cdktf.json, field 'databricksWorkspaceId': is required when groupsLevel is \"account\": the numeric workspace id the groups are assigned to",
            "cdktf.json, field 'databricksAccountHost': 'http://x' is not an https URL",
            "cdktf.json, field 'createGroups': false conflicts with groupsLevel \"account\"; to reference existing account groups set groupsLevel to \"account-existing\" and leave createGroups out",
        }));
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), """{ "app": "true", "context": { "principals": "groups" } }""");
        var principals = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!.Problems.Single();
        Assert.That(principals.Message, Does.Contain("set principals to \"users\"").And.Contain("\"account-ui\""));
    }

    [Test]
    public void A_super_admin_cannot_be_the_deploying_identitys_reference() =>
        Assert.That(new CourseWorkspaceProps { Roster = Synth.Roster(("ana@example.com", "admins")), SuperAdmins = [Policy.AccessPolicy.DeployingIdentity] }
            .Validate("test").Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "test, field 'SuperAdmins': '${data.databricks_current_user.deployer.user_name}' is the library's reference to the deploying identity, not a principal",
        }));

    [Test]
    public void Every_course_setting_key_names_a_property_of_the_props()
    {
        var properties = typeof(CourseWorkspaceProps).GetProperties().Select(p => p.Name).ToHashSet();
        Assert.That(CourseSettingNames.Keys.Keys, Is.SubsetOf(properties));
    }

    [Test]
    public void Fails_on_wrong_types_and_typos_in_the_new_settings_all_at_once() =>
        Assert.That(Problems("""
            { "allowDestroy": 1, "adoptExisting": "yes", "groupsLevel": "acount", "databricksWorkspaceId": "12x",
              "allowDestory": "all", "adoptExisting2": ["users"], "principals": "group" }
            """), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'allowDestory': unknown setting; did you mean 'allowDestroy'?",
            "cdktf.json, field 'adoptExisting2': unknown setting; did you mean 'adoptExisting'?",
            "cdktf.json, field 'allowDestroy': must be one of \"none\", \"personal-schemas\", \"all\", found 1",
            "cdktf.json, field 'adoptExisting': must be true, false or an array of \"catalogs\", \"schemas\", \"groups\", \"users\", \"secret-scope\", found \"yes\"",
            "cdktf.json, field 'groupsLevel': must be one of \"workspace\", \"account\", \"account-existing\", \"account-ui\", found \"acount\"",
            "cdktf.json, field 'principals': must be one of \"users\", \"groups\", found \"group\"",
            "cdktf.json, field 'databricksWorkspaceId': must be a positive whole number, found \"12x\"",
        }));

    [Test]
    public void Reads_the_new_settings()
    {
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), """
            { "app": "true", "context": { "allowDestroy": "personal-schemas", "adoptExisting": ["users", "groups"], "groupsLevel": "account",
              "databricksAccountId": "00000000-0000-0000-0000-000000000001", "databricksWorkspaceId": "1234567890123456",
              "principals": "users", "personalSchemaOwner": "ops-app-id-1" } }
            """);
        var course = AppSettings.Load(_project, """{ "adoptExisting": true }""").Course;
        Assert.Multiple(() =>
        {
            Assert.That(course.AllowDestroy, Is.EqualTo(DestroyScope.PersonalSchemas));
            Assert.That(new[] { course.UserSource, course.GroupSource, course.CatalogSource, course.SchemaSource }, Has.All.EqualTo(ObjectSource.Adopt), "the environment overrides");
            Assert.That(course.SecretScopeSource, Is.EqualTo(ObjectSource.Create), "true adopts every kind a lookup finds, never the secret scope");
            Assert.That(course.GroupsLevel, Is.EqualTo(GroupsLevel.Account));
            Assert.That(course.WorkspaceId, Is.EqualTo(1234567890123456));
            Assert.That(course.EffectivePrincipals, Is.EqualTo(PrincipalMode.Users), "users also with account groups, when asked");
            Assert.That(course.PersonalSchemaOwner, Is.EqualTo("ops-app-id-1"));
        });
    }

    [Test]
    public void Fails_on_names_over_255_characters_wherever_a_name_enters() =>
        Assert.That(Problems($$"""
            { "courseCatalog": "{{Long}}b", "courseSharedSchemas": ["{{Long}}"], "referenceCatalogs": { "{{Long}}": ["bronze"] },
              "adminsGroup": "{{Long}}", "superAdmins": ["{{Long}}@example.com"] }
            """).Select(p => p.Split(':')[0]), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'adminsGroup'", "cdktf.json, field 'superAdmins'", "cdktf.json, field 'courseCatalog'",
            "cdktf.json, field 'referenceCatalogs'", "cdktf.json, field 'courseSharedSchemas'",
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
        Assert.That(Problems("""{ "courseCatalog": "system", "referenceCatalogs": { "hive_metastore": ["bronze"] } }"""), Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'courseCatalog': 'system' is a catalog the platform manages itself; choose another name",
            "cdktf.json, field 'referenceCatalogs': 'hive_metastore' is a catalog the platform manages itself; choose another name",
        }));

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
