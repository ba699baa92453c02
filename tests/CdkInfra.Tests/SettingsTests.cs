using CdkInfra.Course;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;

namespace CdkInfra.Tests;

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
    public void Fails_when_the_course_catalog_is_also_a_reference_catalog()
    {
        var props = new CourseWorkspaceProps
        {
            Roster = Synth.Roster(("a@example.com", "admins")),
            ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["databricks_course"] = ["bronze"] },
        };
        Assert.That(props.Validate("cdktf.json", CourseSettingNames.Instance).Select(p => p.Message), Has.Some.Contains("is also the course catalog"));
    }

    [Test]
    public void Fails_on_super_admins_in_mixed_case_or_listed_twice()
    {
        var props = new CourseWorkspaceProps
        {
            Roster = Synth.Roster(("a@example.com", "admins")),
            SuperAdmins = ["Boss@example.com", "x@example.com", "x@example.com", "platform_admins"],
        };
        var messages = props.Validate("cdktf.json", CourseSettingNames.Instance).Select(p => p.Message).ToList();
        Assert.That(messages, Has.Count.EqualTo(3));
        Assert.That(messages[0], Does.Contain("must be lower-case"));
        Assert.That(messages[1], Does.Contain("listed twice"));
        Assert.That(messages[2], Does.Contain("is a course group"));
    }

    [Test]
    public void The_construct_refuses_invalid_props_before_building_anything()
    {
        var props = new CourseWorkspaceProps { Roster = Synth.Roster(("a@example.com", "admins")), AdminsGroupName = "same", StudentsGroupName = "same" };
        Assert.That(() => Synth.CourseJson(props), Throws.TypeOf<InputValidationException>().With.Message.Contains("need different names"));
    }
}
