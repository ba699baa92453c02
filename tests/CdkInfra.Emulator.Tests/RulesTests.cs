using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Tests;

/// <summary>The shared refusals (Rules/DatabricksRefusals.cs) on their own; the same rules through Terraform are in tests/emulator/rules.bats.</summary>
public sealed class RulesTests
{
    private static WorkspaceModel Workspace()
    {
        var schema = ProviderSchema.Load();
        var workspace = new WorkspaceModel(schema, Path.Combine(Path.GetTempPath(), "unused"));
        workspace.Seed(System.Text.Json.Nodes.JsonNode.Parse("""
            { "users": [{ "user_name": "Alice@Example.com" }],
              "groups": [{ "display_name": "engineers", "kind": "account" }, { "display_name": "local", "kind": "workspace-local" }] }
            """)!, spec => spec);
        return workspace;
    }

    [TestCase("alice@example.com")]
    [TestCase("engineers")]
    [TestCase("account users")]
    public void Users_account_groups_and_account_users_are_principals(string principal) =>
        Assert.That(DatabricksRefusals.PrincipalError(Workspace(), principal), Is.Null);

    [TestCase("local")]
    [TestCase("admins")]
    [TestCase("users")]
    [TestCase("nobody@example.com")]
    public void Workspace_local_groups_and_unknown_names_are_not(string principal) =>
        Assert.That(DatabricksRefusals.PrincipalError(Workspace(), principal), Is.EqualTo($"Could not find principal with name {principal}"));

    [Test]
    public void Seeded_user_names_are_lower_cased() =>
        Assert.That(Workspace().UserByName("alice@example.com")!["user_name"], Is.EqualTo("alice@example.com"));

    [TestCase("catalog", "USE_CATALOG", true)]
    [TestCase("catalog", "SELECT", true)]
    [TestCase("schema", "USE_CATALOG", false)]
    [TestCase("schema", "use schema", true)]
    [TestCase("volume", "SELECT", false)]
    [TestCase("volume", "READ_VOLUME", true)]
    public void Privileges_are_checked_per_securable_type(string type, string privilege, bool valid) =>
        Assert.That(DatabricksRefusals.PrivilegeError(type, "x", privilege) is null, Is.EqualTo(valid));

    [TestCase("/Shared", false)]
    [TestCase("/", false)]
    [TestCase("/Users/", false)]
    [TestCase("/Shared/course", true)]
    [TestCase("/databricks_course", true)]
    public void System_folders_cannot_be_managed(string path, bool allowed) =>
        Assert.That(DatabricksRefusals.ReservedFolderError(path, "create") is null, Is.EqualTo(allowed));
}
