using CdkInfra.App.Tests.TestSupport;
using CdkInfra.Course;
using CdkInfra.Roster;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;

namespace CdkInfra.App.Tests;

/// <summary>
/// The settings: cdktf.json and CDKTF_CONTEXT_JSON read into the props, their defaults, and every problem named by the
/// settings' own keys and spellings (the props rules themselves: ValidationTests in CdkInfra.Constructs.Tests).
/// </summary>
public sealed class SettingsTests
{
    private string _project = "";

    [SetUp]
    public void CreateProject()
    {
        _project = AppProcess.CreateProject("cdkinfra-settings-");
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), """{ "language": "csharp", "app": "true" }""");
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
    public void Absent_keys_keep_the_documented_defaults()
    {
        var settings = AppSettings.Load(_project, null);
        Assert.Multiple(() =>
        {
            Assert.That(settings.UsersFile, Is.EqualTo("users.json"));
            Assert.That(settings.DatabricksProfile, Is.Null);
            Assert.That(settings.Course.AdminsGroupName, Is.EqualTo("platform_admins"));
            Assert.That(settings.Course.StudentsGroupName, Is.EqualTo("platform_students"));
            Assert.That(settings.Course.CourseCatalogName, Is.EqualTo("databricks_course"));
            Assert.That(settings.Course.CourseSharedSchemas, Is.EqualTo(new[] { "shared_bronze", "shared_silver", "shared_gold" }));
            Assert.That(settings.Course.ReferenceCatalogs.Keys, Is.EqualTo(new[] { "sales_dev", "sales_prod", "marketing_dev", "marketing_prod" }));
            Assert.That(settings.Course.ReferenceCatalogs.Values.Sum(s => s.Count), Is.EqualTo(13));
            Assert.That(settings.Course.ReferenceCatalogs["marketing_dev"], Does.Contain("experiments"));
            Assert.That(new[] { settings.Course.UserSource, settings.Course.GroupSource, settings.Course.CatalogSource, settings.Course.SchemaSource, settings.Course.SecretScopeSource }, Has.All.EqualTo(ObjectSource.Create));
            Assert.That(settings.Course.SuperAdmins, Is.Empty);
            Assert.That(settings.Course.StudentsReadPeerSchemas, Is.True);
            Assert.That(settings.Course.CourseWorkspaceFolder, Is.EqualTo("/databricks_course"));
            Assert.That(settings.Course.DatasetsSchemaName, Is.EqualTo("shared_bronze"), "the first course shared schema");
            Assert.That(settings.Course.CourseDatasetsVolume, Is.EqualTo("course_datasets"));
            Assert.That(settings.Course.CourseFolderPermissions, Is.True);
            Assert.That(settings.Course.Material!.BaseFolder, Is.EqualTo(_project));
            Assert.That(settings.Course.Material!.Notebooks, Is.EqualTo("course/notebooks"));
            Assert.That(settings.Course.Material.Datasets, Is.EqualTo("course/datasets/data"));
            Assert.That(settings.Course.Material.Packages, Is.EqualTo("course/packages"));
        });
    }

    [Test]
    public void Course_content_settings_are_read_and_a_named_content_folder_must_exist()
    {
        Directory.CreateDirectory(Path.Combine(_project, "material", "nb"));
        var settings = AppSettings.Load(_project, """
            { "courseWorkspaceFolder": "/Shared/de", "courseDatasetsSchema": "shared_gold", "courseDatasetsVolume": "data",
              "courseFolderPermissions": false, "courseNotebooksFolder": "material/nb" }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(settings.Course.CourseWorkspaceFolder, Is.EqualTo("/Shared/de"));
            Assert.That(settings.Course.DatasetsSchemaName, Is.EqualTo("shared_gold"));
            Assert.That(settings.Course.CourseDatasetsVolume, Is.EqualTo("data"));
            Assert.That(settings.Course.CourseFolderPermissions, Is.False);
            Assert.That(settings.Course.Material!.Notebooks, Is.EqualTo("material/nb"));
        });
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, """{ "coursePackagesFolder": "material/pkgs" }"""))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "CDKTF_CONTEXT_JSON, field 'coursePackagesFolder': the folder 'material/pkgs' does not exist (relative to the project folder)",
        }));
    }

    [Test]
    public void The_environment_overrides_cdktf_json_and_selects_another_roster()
    {
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), """{ "app": "true", "context": { "usersFile": "users.json", "adminsGroup": "teachers" } }""");
        File.WriteAllText(Path.Combine(_project, "other.json"), """{ "users": [ { "user_name": "solo@example.com", "display_name": "Solo", "groups": ["students"] } ] }""");
        var settings = AppSettings.Load(_project, """{ "usersFile": "other.json", "cdktfRelativeModules": [] }""");
        Assert.Multiple(() =>
        {
            Assert.That(settings.UsersFile, Is.EqualTo("other.json"));
            Assert.That(settings.Course.Roster.Entries.Single().UserName, Is.EqualTo("solo@example.com"));
            Assert.That(settings.Course.AdminsGroupName, Is.EqualTo("teachers"));
        });
    }

    [Test]
    public void Fails_on_unknown_keys_wrong_types_and_a_missing_roster_all_at_once()
    {
        File.WriteAllText(Path.Combine(_project, "cdktf.json"), """
            { "app": "true", "context": {
              "usersFile": "missing.json", "adminGroup": "x", "createUsers": "yes", "superAdmins": "a@example.com",
              "courseCatalog": "Bad-Name", "referenceCatalogs": { "databricks_course": [] } } }
            """);
        var error = Assert.Throws<InputValidationException>(() => AppSettings.Load(_project, null))!;
        var messages = error.Problems.Select(p => p.ToString()).ToList();
        Assert.That(messages, Is.EquivalentTo(new[]
        {
            "cdktf.json, field 'adminGroup': unknown setting; did you mean 'adminsGroup'?",
            "missing.json: the roster file does not exist",
            "cdktf.json, field 'createUsers': must be true or false, found \"yes\"",
            "cdktf.json, field 'superAdmins': must be an array of strings, found \"a@example.com\"",
            "cdktf.json, field 'courseCatalog': 'Bad-Name' is not a valid catalog name (1 to 255 characters from a-z, 0-9 and _)",
            "cdktf.json, field 'referenceCatalogs': catalog 'databricks_course' lists no schemas",
        }));
    }

    [Test]
    public void The_shipped_roster_is_example_com_only_with_seven_admins_and_one_student()
    {
        var roster = CourseRoster.Load(Path.Combine(TestEnvironment.RepoRoot, "users.json"));
        Assert.Multiple(() =>
        {
            Assert.That(roster.Entries, Has.Count.EqualTo(8));
            Assert.That(roster.Entries.Count(e => e.IsAdmin), Is.EqualTo(7));
            Assert.That(roster.Entries.Count(e => e.IsStudent), Is.EqualTo(1));
            Assert.That(roster.Entries.Select(e => e.UserName), Has.All.EndWith("@example.com"));
        });
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
}
