using CdkInfra.Roster;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksGroup;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksUser;
using HashiCorp.Cdktf.Providers.Databricks.Group;
using HashiCorp.Cdktf.Providers.Databricks.GroupMember;
using HashiCorp.Cdktf.Providers.Databricks.MwsPermissionAssignment;
using HashiCorp.Cdktf.Providers.Databricks.PermissionAssignment;
using HashiCorp.Cdktf.Providers.Databricks.User;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="CourseIdentities"/>.</summary>
internal sealed record CourseIdentitiesProps
{
    /// <summary>The map of active roster entries (email to entry) that drives users and memberships.</summary>
    public required TerraformLocal ActiveRoster { get; init; }

    /// <summary>The roster members by group, which drive the memberships.</summary>
    public required RosterMembers Members { get; init; }

    /// <summary>Display name of the admins group.</summary>
    public required string AdminsGroupName { get; init; }

    /// <summary>Display name of the students group.</summary>
    public required string StudentsGroupName { get; init; }

    /// <summary>Create the users, or reference existing ones.</summary>
    public required bool CreateUsers { get; init; }

    /// <summary>Create the groups, or reference existing ones (workspace level only).</summary>
    public required bool CreateGroups { get; init; }

    /// <summary>Keep the users' display names equal to the roster's after creation (true), or set them once (false).</summary>
    public bool ManageDisplayNames { get; init; }

    /// <summary>Where the groups live.</summary>
    public GroupsSetup GroupsSetup { get; init; } = GroupsSetup.Workspace;

    /// <summary>The account-level provider; required unless <see cref="GroupsSetup"/> is workspace.</summary>
    public TerraformProvider? AccountProvider { get; init; }

    /// <summary>The workspace the account groups are assigned to; required unless <see cref="GroupsSetup"/> is workspace.</summary>
    public long? WorkspaceId { get; init; }

    /// <summary>Build the users and memberships (true, the default), or the groups alone (a cohort split's base stack).</summary>
    public bool IncludeUsers { get; init; } = true;

    /// <summary>
    /// Read the groups by name instead of creating or assigning them (a cohort's stack: the base stack owns them).
    /// Default: false.
    /// </summary>
    public bool LookUpGroups { get; init; }
}

/// <summary>
/// The course's identities: one user per active roster entry, the admins and students groups, and the memberships the
/// roster gives. Users and memberships are <c>for_each</c> resources keyed by email, so state addresses are stable
/// per person (<c>databricks_user.users["ana@example.com"]</c>). Users are always workspace users (with identity
/// federation the workspace adds them to the account); the groups live at workspace level, or
/// at account level, where Unity Catalog can grant to them, assigned to the workspace. Memberships are made where the
/// group lives, except for account groups made in the workspace admin settings (<see cref="GroupsSetup.AccountUi"/>),
/// whose members are managed there: the workspace SCIM API does not change account groups' members.
/// </summary>
internal sealed class CourseIdentities : Construct
{
    /// <summary>Builds the identities. Throws <see cref="InputValidationException"/> when an account level lacks its provider or workspace id.</summary>
    public CourseIdentities(Construct scope, string id, CourseIdentitiesProps props)
        : base(scope, id)
    {
        var atAccount = props.GroupsSetup is GroupsSetup.Account or GroupsSetup.AccountExisting;
        var problems = new ProblemCollector();
        var report = new PropsReport(problems, nameof(CourseIdentitiesProps), FieldNames.CSharp);
        if (atAccount && props.AccountProvider is null)
        {
            report.Add(nameof(props.AccountProvider), $"is required when {report.Name(nameof(props.GroupsSetup))} is {report.Value(props.GroupsSetup)}");
        }

        if (atAccount && !props.LookUpGroups && props.WorkspaceId is null)
        {
            report.Add(nameof(props.WorkspaceId), $"is required when {report.Name(nameof(props.GroupsSetup))} is {report.Value(props.GroupsSetup)}: the workspace the groups are assigned to");
        }

        problems.ThrowIfAny();
        var accountProvider = atAccount ? props.AccountProvider : null;
        var groupNames = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [RosterGroups.Admins] = props.AdminsGroupName,
            [RosterGroups.Students] = props.StudentsGroupName,
        };
        var groupIterator = TerraformIterator.FromMap(groupNames);
        var createGroups = !props.LookUpGroups && props.CreateGroups;
        Groups = CreateOrReference.Build(ObjectKind.Group, createGroups, "groups",
            () => new Group(this, "Groups", new GroupConfig
            {
                ForEach = groupIterator,
                DisplayName = Token.AsString(groupIterator.Value),
                Provider = accountProvider,
                // One owner per entitlement: databricks_entitlements (StudentAccess) sets them. The group resource's
                // own entitlement arguments default to false and its Read loads the ones the workspace holds, so
                // without this every plan would take them away again (TPD scim/scim.go addEntitlementsToSchema,
                // scim/resource_group.go Read and UpdateNameAndEntitlements).
                Lifecycle = new TerraformResourceLifecycle { IgnoreChanges = EntitlementArguments },
            }),
            () => new DataDatabricksGroup(this, "Groups", new DataDatabricksGroupConfig
            {
                ForEach = groupIterator,
                DisplayName = Token.AsString(groupIterator.Value),
                Provider = accountProvider,
            }));

        // Users first, then the groups' assignment, then memberships: the order the resources appear in the output.
        if (props.IncludeUsers)
        {
            Users = BuildUsers(props);
        }

        GroupsReady = Groups.Dependable;
        if (!props.LookUpGroups && props.GroupsSetup == GroupsSetup.AccountUi)
        {
            // Provider 1.92+: assigns an existing account group to this workspace by name, from the workspace endpoint,
            // with workspace-admin rights. A group made in the workspace admin settings is assigned already; the
            // resource keeps it so, and names the groups' workspace role (USER) in the configuration.
            var assignment = new PermissionAssignment(this, "GroupAssignment", new PermissionAssignmentConfig
            {
                ForEach = groupIterator,
                GroupName = Token.AsString(groupIterator.Value),
                Permissions = ["USER"],
                // Destroying an assignment unassigns the group from the workspace (TPD
                // access/resource_permission_assignment.go Delete): a renamed group or a destroy would cut everyone's
                // access. Removing it takes a deliberate edit of the state (docs/identity-modes.md).
                Lifecycle = new TerraformResourceLifecycle { PreventDestroy = true },
            });
            assignment.OverrideLogicalId("group_workspace_assignment");
            GroupsReady = assignment;
        }
        else if (!props.LookUpGroups && atAccount)
        {
            // Grants name the groups, so they must be assigned to the workspace first.
            var assignment = new MwsPermissionAssignment(this, "GroupAssignment", new MwsPermissionAssignmentConfig
            {
                ForEach = groupIterator,
                WorkspaceId = props.WorkspaceId!.Value,
                PrincipalId = Token.AsNumber(Groups.EachId()),
                Permissions = ["USER"],
                Provider = accountProvider,
            });
            assignment.OverrideLogicalId("group_workspace_assignment");
            GroupsReady = assignment;
        }

        if (Users is not null)
        {
            BuildMemberships(props, Users, accountProvider, atAccount);
        }
    }

    /// <summary>A local named <paramref name="name"/> holding the ids of <paramref name="objects"/> by key; returns its address.</summary>
    private string IdsLocal(ForEachRef objects, string name)
    {
        var local = new TerraformLocal(this, name, objects.MapOf("id"));
        local.OverrideLogicalId(name);
        return $"local.{name}";
    }

    /// <summary>The entitlement arguments of databricks_group and databricks_user (TPD scim/scim.go possibleEntitlements).</summary>
    internal static readonly string[] EntitlementArguments =
        ["allow_cluster_create", "allow_instance_pool_create", "databricks_sql_access", "workspace_access", "workspace_consume"];

    /// <summary>The users, created or referenced, keyed by email; null when the props leave users out.</summary>
    public ForEachRef? Users { get; }

    /// <summary>The two groups, created or referenced, keyed by roster group value (<c>admins</c>, <c>students</c>).</summary>
    public ForEachRef Groups { get; }

    /// <summary>What grants to the groups wait for: the groups, or at account level their assignment to the workspace.</summary>
    public ITerraformDependable GroupsReady { get; }

    private ForEachRef BuildUsers(CourseIdentitiesProps props)
    {
        var rosterIterator = TerraformIterator.FromMap(props.ActiveRoster.AsAnyMap);
        return CreateOrReference.Build(ObjectKind.User, props.CreateUsers, "users",
            () => new User(this, "Users", new UserConfig
            {
                ForEach = rosterIterator,
                UserName = "${each.key}",
                DisplayName = "${each.value.display_name}",
                // A person who is already a workspace user (the deployer, a super admin, a returning student) is taken
                // over instead of refused with "User with username ... already exists" (TPD scim/resource_user.go,
                // createForceOverridesManuallyAddedUser: a SCIM PUT that sets the roster's display name and clears the
                // user's direct entitlements; groups stay). A user leaving the roster is deactivated, never deleted
                // (disable_as_user_deletion): they can no longer sign in, but their account, home folder and work stay,
                // and an admin can reactivate them. docs/operations.md says so.
                Force = true,
                DisableAsUserDeletion = true,
                // Under identity federation a user's name belongs to the account (or the identity provider that syncs
                // it), which the workspace API may not change and a sync may change back: the roster sets it at
                // creation, and only manageDisplayNames makes Terraform keep it (a plan then shows every rename).
                Lifecycle = props.ManageDisplayNames ? null : new TerraformResourceLifecycle { IgnoreChanges = new[] { "display_name" } },
            }),
            () => new DataDatabricksUser(this, "Users", new DataDatabricksUserConfig
            {
                ForEach = rosterIterator,
                UserName = "${each.key}",
            }));
    }

    private void BuildMemberships(CourseIdentitiesProps props, ForEachRef users, TerraformProvider? accountProvider, bool atAccount)
    {
        // Members of account groups made in the workspace admin settings are managed there: the workspace SCIM API
        // does not change account groups' members.
        if (props.GroupsSetup == GroupsSetup.AccountUi)
        {
            return;
        }

        var rosterIterator = TerraformIterator.FromMap(props.ActiveRoster.AsAnyMap);
        var members = users;
        if (atAccount)
        {
            // Account groups take account-level ids, so each user is looked up again through the account provider,
            // after the workspace user exists. Not with depends_on: a data source that depends on a resource with any
            // pending change is read at apply, so every id would be unknown at plan and every membership (member_id
            // forces a replacement) would be recreated on any roster edit; nor by naming databricks_user.users in the
            // configuration, which Terraform treats the same way. Instead each instance reads its own user's id from a
            // local map, unknown only for a user being created; the value is the key either way. A referenced user
            // (data source) is known at plan, so the plain key suffices.
            var userIds = props.CreateUsers ? IdsLocal(users, "user_ids") : null;
            var accountUsers = new DataDatabricksUser(this, "AccountUsers", new DataDatabricksUserConfig
            {
                ForEach = rosterIterator,
                UserName = userIds is null ? "${each.key}" : $"${{{userIds}[each.key] != \"\" ? each.key : each.key}}",
                Provider = accountProvider,
            });
            accountUsers.OverrideLogicalId("account_users");
            members = ForEachRef.Of(accountUsers, ObjectKind.User);
        }

        // Each membership reads its user's and its group's id from a local, not from the resources: a reference to
        // one instance of a for_each resource costs Terraform the whole resource (ForEachRef.MapOf), here the roster's
        // users, and in a cohort the groups as read back, the students group with every member of the course.
        var memberIds = IdsLocal(members, "member_ids");
        var groupIds = IdsLocal(Groups, "group_ids");
        foreach (var group in RosterGroups.All)
        {
            var iterator = TerraformIterator.FromMap(props.Members.Of(group).AsAnyMap);
            var membership = new GroupMember(this, $"{char.ToUpperInvariant(group[0])}{group[1..]}Membership", new GroupMemberConfig
            {
                ForEach = iterator,
                GroupId = $"${{{groupIds}[{TerraformText.Quoted(group)}]}}",
                MemberId = $"${{{memberIds}[each.key]}}",
                Provider = accountProvider,
            });
            membership.OverrideLogicalId($"{group.TrimEnd('s')}_membership");
        }
    }
}
