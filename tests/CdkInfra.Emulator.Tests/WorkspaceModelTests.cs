using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Tests;

/// <summary>The workspace's lookups by name follow every change of its records.</summary>
public sealed class WorkspaceModelTests
{
    private static WorkspaceModel Workspace() => new(ProviderSchema.Load(), Path.Combine(Path.GetTempPath(), "unused"));

    [Test]
    public void A_user_is_found_by_any_case_of_its_name_until_it_is_removed()
    {
        var workspace = Workspace();
        var id = workspace.AddUser("Ana.Berg@Example.com", null).Str("id")!;
        Assert.That(workspace.UserByName("ANA.BERG@example.com")?.Str("id"), Is.EqualTo(id));
        workspace.Remove("databricks_user", id);
        Assert.Multiple(() =>
        {
            Assert.That(workspace.UserByName("ana.berg@example.com"), Is.Null);
            Assert.That(DatabricksRefusals.PrincipalError(workspace, "ana.berg@example.com"), Is.Not.Null, "a removed user is no principal");
        });
    }

    [Test]
    public void A_renamed_group_is_found_by_its_new_name_only()
    {
        var workspace = Workspace();
        var group = workspace.AddGroup("platform_students", GroupKind.Account);
        var renamed = new Dictionary<string, object?>(group, StringComparer.Ordinal) { ["display_name"] = "students_2026" };
        workspace.Put("databricks_group", group.Str("id")!, renamed);
        Assert.Multiple(() =>
        {
            Assert.That(workspace.GroupByName("platform_students"), Is.Null);
            Assert.That(workspace.GroupByName("students_2026")?.Str("id"), Is.EqualTo(group.Str("id")));
        });
    }

    [Test]
    public void Reseeding_forgets_the_names_of_the_previous_workspace()
    {
        var workspace = Workspace();
        workspace.AddUser("old@example.com", null);
        workspace.Seed(System.Text.Json.Nodes.JsonNode.Parse("""{ "users": [{ "user_name": "new@example.com" }] }""")!, spec => spec);
        Assert.Multiple(() =>
        {
            Assert.That(workspace.UserByName("old@example.com"), Is.Null);
            Assert.That(workspace.UserByName("new@example.com"), Is.Not.Null);
        });
    }
}
