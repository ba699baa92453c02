using CdkInfra.Roster;
using CdkInfra.Validation;

namespace CdkInfra.Constructs.Tests;

public sealed class RosterTests
{
    [Test]
    public void Parses_the_seeds_entry_shape_and_lower_cases_emails()
    {
        var roster = CourseRoster.Parse("""
            { "users": [
              { "user_name": "Ana.Lopez@Example.com", "display_name": "Ana Lopez", "groups": ["admins", "students"] },
              { "user_name": "ben@example.com", "display_name": "Ben", "groups": ["students"], "schema_name": "ben_pinned" }
            ] }
            """, "users.json");
        Assert.That(roster.Entries, Has.Count.EqualTo(2));
        var ana = roster.Entries[0];
        Assert.Multiple(() =>
        {
            Assert.That(ana.UserName, Is.EqualTo("ana.lopez@example.com"));
            Assert.That(ana.IsAdmin && ana.IsStudent, Is.True);
            Assert.That(ana.SchemaName, Is.Null);
            Assert.That(roster.Entries[1].SchemaName, Is.EqualTo("ben_pinned"));
            Assert.That(roster.Entries[1].Number, Is.EqualTo(2));
        });
    }

    [Test]
    public void Fails_on_malformed_json_with_the_line()
    {
        var error = Assert.Throws<InputValidationException>(() => CourseRoster.Parse("{ \"users\": [\n  { \"user_name\": }\n] }", "users.json"))!;
        Assert.That(error.Message, Does.Contain("users.json: is not valid JSON at line 2"));
    }

    [Test]
    public void Fails_on_a_wrong_top_level_shape() =>
        Assert.That(() => CourseRoster.Parse("""{ "people": [] }""", "users.json"),
            Throws.TypeOf<InputValidationException>().With.Message.Contains("users.json, field 'users': the roster must be an object with a \"users\" array"));

    [Test]
    public void Fails_on_an_empty_roster() =>
        Assert.That(() => CourseRoster.Parse("""{ "users": [] }""", "users.json"),
            Throws.TypeOf<InputValidationException>().With.Message.Contains("the roster is empty"));

    [Test]
    public void Reports_every_problem_of_every_entry_at_once()
    {
        var error = Assert.Throws<InputValidationException>(() => CourseRoster.Parse("""
            { "users": [
              { "user_name": "not-an-email", "display_name": "", "groups": ["teachers"] },
              { "display_name": "No Email", "groups": [] },
              { "user_name": "ok@example.com", "display_name": "Ok", "groups": ["students"], "schema-name": "typo" },
              { "user_name": "OK@example.com", "display_name": "Dup", "groups": ["students"], "schema_name": "Bad Name" },
              "a string",
              { "user_name": 42, "display_name": "Number", "groups": "students" }
            ] }
            """, "users.json"))!;
        var messages = error.Problems.Select(p => p.ToString()).ToList();
        Assert.That(messages, Is.EquivalentTo(new[]
        {
            "users.json, entry 1 (not-an-email), field 'user_name': 'not-an-email' is not an email address (name@domain.tld, no spaces)",
            "users.json, entry 1 (not-an-email), field 'display_name': is empty",
            "users.json, entry 1 (not-an-email), field 'groups': unknown group \"teachers\"; allowed: \"admins\", \"students\"",
            "users.json, entry 2, field 'user_name': is missing",
            "users.json, entry 2, field 'groups': is empty; give one or more of \"admins\", \"students\"",
            "users.json, entry 3 (ok@example.com), field 'schema-name': unknown field; allowed: \"user_name\", \"display_name\", \"groups\", \"schema_name\", \"status\", \"cohort\"",
            "users.json, entry 4 (ok@example.com), field 'schema_name': 'Bad Name' is not a valid schema name (1 to 255 characters from a-z, 0-9 and _)",
            "users.json, entry 5: must be an object, found a string",
            "users.json, entry 6, field 'user_name': must be a string, found a number",
            "users.json, entry 6, field 'groups': must be an array such as [\"students\"], found a string",
            "users.json, entry 4 (ok@example.com), field 'user_name': duplicate of entry 3; emails are compared without regard to case",
        }));
    }

    [TestCase("a@b.co", true)]
    [TestCase("first.last+tag@sub.example.com", true)]
    [TestCase("no-at.example.com", false)]
    [TestCase("two@@example.com", false)]
    [TestCase("space @example.com", false)]
    [TestCase("nodot@localhost", false)]
    [TestCase("@example.com", false)]
    [TestCase("trailing@example.com.", false)]
    public void Checks_emails(string email, bool valid) => Assert.That(Email.IsValid(email), Is.EqualTo(valid));
}
