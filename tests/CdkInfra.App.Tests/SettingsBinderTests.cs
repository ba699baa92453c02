using System.Text.Json;
using CdkInfra.Settings;

namespace CdkInfra.App.Tests;

/// <summary>The one settings binder: keys from the generated contract, every problem at once, each under its own field.</summary>
public sealed class SettingsBinderTests
{
    private static IEnumerable<SettingsBinder.Entry> Entries(string json, string source = "cdktf.json") =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => new SettingsBinder.Entry(p.Name, p.Value.Clone(), source)).ToList();

    [Test]
    public void Binds_good_values_and_reports_every_bad_one_with_its_key()
    {
        var problems = new SettingsProblems();
        var document = SettingsBinder.Bind(SettingsJsonContext.Default.ContextDocument, Entries("""
            { "adminsGroup": " teachers ", "groupsLevel": "account-ui", "cohortSize": "250", "adoptExisting": ["users"],
              "studentsGroup": "", "createUsers": "yes", "referenceCatalogs": { "sales": ["bronze"], "hr": "gold" },
              "courseCatalg": "x", "courseSecretScope": false, "principals": null }
            """), "", problems);
        Assert.Multiple(() =>
        {
            Assert.That(document.AdminsGroupName, Is.EqualTo("teachers"));
            Assert.That(document.GroupsLevel, Is.EqualTo(GroupsLevelSetting.AccountUi));
            Assert.That(document.CohortSize, Is.EqualTo(250));
            Assert.That(document.AdoptExisting, Is.EquivalentTo(new[] { AdoptSetting.Users }));
            Assert.That(document.CourseSecretScope, Is.EqualTo(new TextOrOff(null)), "false: no secret scope");
            Assert.That(document.Principals, Is.Null, "null counts as absent");
            Assert.That(document.StudentsGroupName, Is.Null, "a bad value keeps the default");
            Assert.That(problems.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            {
                "cdktf.json, field 'studentsGroup': must be a non-empty string, found \"\"",
                "cdktf.json, field 'createUsers': must be true or false, found \"yes\"",
                "cdktf.json, field 'referenceCatalogs.hr': must be an array of strings, found \"gold\"",
                "cdktf.json, field 'courseCatalg': unknown setting; did you mean 'courseCatalog'?",
            }));
        });
    }

    [TestCase("true", new[] { AdoptSetting.Catalogs, AdoptSetting.Schemas, AdoptSetting.Groups, AdoptSetting.Users })]
    [TestCase("[\"secret-scope\", \"users\"]", new[] { AdoptSetting.SecretScope, AdoptSetting.Users })]
    public void Adopting_the_secret_scope_must_be_asked_for_by_name(string value, AdoptSetting[] expected)
    {
        // The scope is imported without a lookup (no data source lists secret scopes), so "true" cannot include it: an
        // import of a scope that does not exist fails the plan.
        var problems = new SettingsProblems();
        var document = SettingsBinder.Bind(SettingsJsonContext.Default.ContextDocument, Entries($$"""{ "adoptExisting": {{value}} }"""), "", problems);
        Assert.That(document.AdoptExisting, Is.EquivalentTo(expected));
    }

    [Test]
    public void A_nested_object_names_its_fields_with_its_key()
    {
        var problems = new SettingsProblems();
        var document = SettingsBinder.Bind(SettingsJsonContext.Default.CodingAssistantsDocument,
            Entries("""{ "numWorkers": 1.5, "tags": { "team": 7 }, "sparkVersoin": "x", "offline": true }""", "CDKTF_CONTEXT_JSON"), "codingAssistants.", problems);
        Assert.Multiple(() =>
        {
            Assert.That(document.Offline, Is.True);
            Assert.That(problems.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            {
                "CDKTF_CONTEXT_JSON, field 'codingAssistants.numWorkers': must be a whole number, found 1.5",
                "CDKTF_CONTEXT_JSON, field 'codingAssistants.tags': must be an object of tag names to string values, found { \"team\": 7 }",
                "CDKTF_CONTEXT_JSON, field 'codingAssistants.sparkVersoin': unknown setting; did you mean 'codingAssistants.sparkVersion'?",
            }));
        });
    }

    [Test]
    public void The_known_keys_are_the_generated_contracts_properties()
    {
        var contract = SettingsJsonContext.Default.ContextDocument;
        Assert.Multiple(() =>
        {
            Assert.That(contract.Properties.Select(p => p.Name), Does.Contain("adminsGroup").And.Contain("codingAssistants").And.Contain("backend"));
            Assert.That(SettingsBinder.KnownKeys(contract), Has.Count.EqualTo(typeof(ContextDocument).GetProperties().Length), "one key per document property");
            Assert.That(CodingAssistantsSettings.KnownKeys, Is.EquivalentTo(SettingsJsonContext.Default.CodingAssistantsDocument.Properties.Select(p => p.Name)));
        });
    }
}
