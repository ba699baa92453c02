using CdkInfra.Course;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>Where the groups live: workspace (seed behaviour), account (created), account-existing (referenced).</summary>
public sealed class AccountGroupsTests
{
    internal static readonly CourseWorkspaceProps Account = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("sam@example.com", "students")),
        GroupsLevel = GroupsLevel.Account,
        AccountId = "00000000-0000-0000-0000-000000000001",
        WorkspaceId = 1234567890123456,
    };

    [Test]
    public void Workspace_level_uses_only_the_workspace_provider()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Workspace }));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Root["provider"]!["databricks"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_mws_permission_assignment"));
            stack.HasResourceProperties("databricks_group", "groups", """{ "provider": null }""");
        });
    }

    [Test]
    public void Account_level_creates_the_groups_with_the_account_provider_and_assigns_them_to_the_workspace()
    {
        var stack = new SynthesizedStack(Synth.Course(Account));
        var account = stack.Root["provider"]!["databricks"]!.AsArray().Single(p => p!["alias"]?.GetValue<string>() == "account");
        Assert.Multiple(() =>
        {
            PartialJson.Matches(account, "the account provider", """
                {
                  "account_id": "00000000-0000-0000-0000-000000000001",
                  "host": "https://accounts.azuredatabricks.net",
                  // No secret: auth comes from the environment or a profile.
                  "token": null
                }
                """);
            stack.HasResourceProperties("databricks_group", "groups", """{ "provider": "databricks.account" }""");
            stack.HasResourceProperties("databricks_mws_permission_assignment", "group_workspace_assignment", """
                {
                  "provider": "databricks.account",
                  "workspace_id": 1234567890123456,
                  "principal_id": "${databricks_group.groups[each.key].id}",
                  "permissions": ["USER"]
                }
                """);
        });
    }

    [Test]
    public void Account_memberships_use_account_user_ids_and_grants_wait_for_the_assignment()
    {
        var stack = new SynthesizedStack(Synth.Course(Account));
        Assert.Multiple(() =>
        {
            // Each membership reads its account user's id from one local map (a reference to one instance of a
            // for_each resource costs Terraform the whole resource).
            stack.HasResourceProperties("databricks_group_member", "student_membership", """
                { "provider": "databricks.account", "member_id": "${local.member_ids[each.key]}", "group_id": "${local.group_ids[\"students\"]}" }
                """);
            Assert.That(stack.Root["locals"]!["member_ids"]!.GetValue<string>(), Is.EqualTo("${{ for key, o in data.databricks_user.account_users : key => o.id }}"));
            Assert.That(stack.Root["locals"]!["group_ids"]!.GetValue<string>(), Is.EqualTo("${{ for key, o in databricks_group.groups : key => o.id }}"));
            stack.HasDataProperties("databricks_user", "account_users", """{ "provider": "databricks.account" }""");
            foreach (var (_, name, _) in stack.Resources().Where(r => r.Type == "databricks_grants"))
            {
                // The personal-schema grants wait through one terraform_data instance (a roster-sized resource must not
                // depend on another roster-sized one directly); it waits for the assignment.
                var waitsFor = stack.DependsOn("databricks_grants", name);
                if (waitsFor.SequenceEqual(["terraform_data.personal_schemas_ready"]))
                {
                    waitsFor = stack.DependsOn("terraform_data", "personal_schemas_ready");
                }

                Assert.That(waitsFor, Does.Contain("databricks_mws_permission_assignment.group_workspace_assignment"), name);
            }
        });
    }

    [Test]
    public void Account_user_lookup_depends_on_its_own_user_only_so_a_roster_edit_keeps_every_other_id_known_at_plan()
    {
        var stack = new SynthesizedStack(Synth.Course(Account));
        stack.HasDataProperties("databricks_user", "account_users", """
            {
              // depends_on would defer every instance's read to apply. The map of ids holds an unknown value only for
              // a user being created: every other key reads a known id.
              "depends_on": null,
              "user_name": "${local.user_ids[each.key] != \"\" ? each.key : each.key}"
            }
            """);
        Assert.That(stack.Root["locals"]!["user_ids"]!.GetValue<string>(), Is.EqualTo("${{ for key, o in databricks_user.users : key => o.id }}"));
    }

    [Test]
    public void Account_user_lookup_of_referenced_users_uses_the_plain_key() =>
        new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Account) { UserSource = ObjectSource.Existing }))
            .HasDataProperties("databricks_user", "account_users", """{ "depends_on": null, "user_name": "${each.key}" }""");

    [Test]
    public void Account_level_course_content_grants_and_folder_permissions_wait_for_the_workspace_assignment()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Account) { Material = Synth.FixtureMaterial }));
        const string assignment = "databricks_mws_permission_assignment.group_workspace_assignment";
        Assert.Multiple(() =>
        {
            Assert.That(stack.DependsOn("databricks_grants", "course_datasets_grants"), Does.Contain(assignment));
            Assert.That(stack.DependsOn("databricks_permissions", "course_folder"), Does.Contain(assignment));
        });
    }

    [Test]
    public void Account_existing_references_the_groups_through_the_account_provider()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing }));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_group"));
            stack.HasDataProperties("databricks_group", "groups", """{ "provider": "databricks.account" }""");
            Assert.That(stack.Resources().Select(r => r.Type), Does.Contain("databricks_mws_permission_assignment"));
        });
    }

    [Test]
    public void Grants_name_the_groups_and_are_the_same_at_every_account_level()
    {
        static IEnumerable<string> Flatten(CourseWorkspaceProps props) => new SynthesizedStack(Synth.Course(props)).Grants()
            .SelectMany(g => g.Privileges.Select(p => $"{g.Securable} {p.Key} {string.Join("+", p.Value)}"));
        var account = Flatten(Account).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(account, Does.Contain("databricks_course platform_students USE_CATALOG+CREATE_SCHEMA"));
            Assert.That(account, Does.Contain("databricks_course.sam platform_admins ALL_PRIVILEGES"));
            Assert.That(account, Has.None.StartsWith("databricks_course ana@example.com"), "no per-user catalog grants with groups");
            Assert.That(Flatten(new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing }), Is.EquivalentTo(account));
            Assert.That(Flatten(new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null }), Is.EquivalentTo(account));
        });
    }

    [Test]
    public void Principals_default_to_users_with_workspace_groups_and_to_groups_with_account_groups()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new CourseWorkspaceProps { Roster = Account.Roster }.EffectivePrincipals, Is.EqualTo(PrincipalMode.Users));
            foreach (var source in new[] { ObjectSource.Create, ObjectSource.Existing, ObjectSource.Adopt })
            {
                Assert.That((new CourseWorkspaceProps(Account) { GroupSource = source }).EffectivePrincipals, Is.EqualTo(PrincipalMode.Groups), source.ToString());
            }

            Assert.That((new CourseWorkspaceProps(Account) { GroupSource = ObjectSource.Existing, AccountId = null }).EffectivePrincipals, Is.EqualTo(PrincipalMode.Groups), "made in the workspace admin settings");

            Assert.That((new CourseWorkspaceProps(Account) { Principals = PrincipalMode.Users }).EffectivePrincipals, Is.EqualTo(PrincipalMode.Users));
        });
    }

    [Test]
    public void Fails_when_grants_would_name_workspace_local_groups_and_says_which_mode_to_pick()
    {
        var problem = new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Workspace, Principals = PrincipalMode.Groups }
            .Validate("CourseWorkspaceProps").Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Field, Is.EqualTo("Principals"));
            Assert.That(problem.Message, Does.Contain("workspace-local groups are not Unity Catalog principals"));
            Assert.That(problem.Message, Does.Contain("set Principals to PrincipalMode.Users").And.Contain("GroupsLevel GroupsLevel.Account"));
        });
    }

    [Test]
    public void Fails_when_the_personal_schema_owner_is_a_workspace_local_group()
    {
        var problem = new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Workspace, PersonalSchemaOwner = "platform_admins" }
            .Validate("CourseWorkspaceProps").Single();
        Assert.That(problem.ToString(), Does.StartWith("CourseWorkspaceProps, field 'PersonalSchemaOwner': 'platform_admins' is a workspace-local group"));
    }

    [Test]
    public void Account_ui_groups_are_referenced_and_assigned_from_the_workspace_and_their_members_left_to_the_ui()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Account) { GroupsLevel = GroupsLevel.Account, GroupSource = ObjectSource.Existing, AccountId = null, WorkspaceId = null }));
        var assignment = stack.Resource("databricks_permission_assignment", "group_workspace_assignment");
        Assert.Multiple(() =>
        {
            Assert.That(stack.Root["provider"]!["databricks"]!.AsArray(), Has.Count.EqualTo(1), "no account provider, no account admin");
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_group").And.None.EqualTo("databricks_group_member")
                .And.None.EqualTo("databricks_mws_permission_assignment"));
            stack.HasDataProperties("databricks_group", "groups", """{ "provider": null }""");
            Assert.That(stack.Instances("a", assignment).Select(i => stack.Eval(assignment["group_name"]!.GetValue<string>(), i)),
                Is.EquivalentTo(new[] { "platform_admins", "platform_students" }));
            stack.HasResourceProperties("databricks_permission_assignment", "group_workspace_assignment", """{ "permissions": ["USER"] }""");
            Assert.That(stack.DependsOn("databricks_grants", "course_catalog_grants"), Does.Contain("databricks_permission_assignment.group_workspace_assignment"));
        });
    }

    [Test]
    public void Account_groups_managed_through_the_account_API_need_account_and_workspace_ids()
    {
        var messages = (new CourseWorkspaceProps(Account) { AccountId = null, WorkspaceId = null, AccountHost = "http://x" })
            .Validate("CourseWorkspaceProps").Select(p => p.ToString()).ToList();
        Assert.That(messages, Is.EquivalentTo(new[]
        {
            "CourseWorkspaceProps, field 'AccountId': is required when GroupsLevel is GroupsLevel.Account and GroupSource is ObjectSource.Create (the account-level provider needs it)",
            "CourseWorkspaceProps, field 'WorkspaceId': is required with account groups managed through the account API: the numeric workspace id the groups are assigned to",
            "CourseWorkspaceProps, field 'AccountHost': 'http://x' is not an https URL",
        }));
        Assert.That((new CourseWorkspaceProps(Account) { AccountId = "not-a-uuid" }).Validate("CourseWorkspaceProps").Single().Message, Does.Contain("is not an account id"));
        Assert.That((new CourseWorkspaceProps(Account) { GroupSource = ObjectSource.Existing, AccountId = null, WorkspaceId = null }).Validate("CourseWorkspaceProps"), Is.Empty,
            "existing account groups are reached through the workspace without the account API");
    }

    [Test]
    public void Identities_at_account_level_report_a_missing_provider_and_workspace_id_together()
    {
        var stack = new HashiCorp.Cdktf.TerraformStack(HashiCorp.Cdktf.Testing.App(), "test");
        var roster = new HashiCorp.Cdktf.TerraformLocal(stack, "Roster", new Dictionary<string, object>());
        var error = Assert.Throws<CdkInfra.Validation.InputValidationException>(() => new CourseIdentities(stack, "Identities", new CourseIdentitiesProps
        {
            ActiveRoster = roster,
            Members = new RosterMembers(stack, roster),
            AdminsGroupName = "platform_admins",
            StudentsGroupName = "platform_students",
            CreateUsers = true,
            CreateGroups = true,
            GroupsSetup = GroupsSetup.Account,
        }))!;
        Assert.That(error.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "CourseIdentitiesProps, field 'AccountProvider': is required when GroupsSetup is GroupsSetup.Account",
            "CourseIdentitiesProps, field 'WorkspaceId': is required when GroupsSetup is GroupsSetup.Account: the workspace the groups are assigned to",
        }));
    }
}
