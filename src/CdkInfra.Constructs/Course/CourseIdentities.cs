using CdkInfra.Roster;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksGroup;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksUser;
using HashiCorp.Cdktf.Providers.Databricks.Group;
using HashiCorp.Cdktf.Providers.Databricks.GroupMember;
using HashiCorp.Cdktf.Providers.Databricks.User;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="CourseIdentities"/>.</summary>
public sealed record CourseIdentitiesProps
{
    /// <summary>The roster map (email to entry) that drives every per-user <c>for_each</c>.</summary>
    public required TerraformLocal Roster { get; init; }

    /// <summary>Display name of the admins group.</summary>
    public required string AdminsGroupName { get; init; }

    /// <summary>Display name of the students group.</summary>
    public required string StudentsGroupName { get; init; }

    /// <summary>Create the users, or reference existing ones.</summary>
    public required bool CreateUsers { get; init; }

    /// <summary>Create the groups, or reference existing ones.</summary>
    public required bool CreateGroups { get; init; }
}

/// <summary>
/// The course's identities: one user per roster entry, the admins and students groups, and the memberships the
/// roster gives. Users and memberships are <c>for_each</c> resources keyed by email, so state addresses are stable
/// per person (<c>databricks_user.users["ana@example.com"]</c>).
/// </summary>
public sealed class CourseIdentities : Construct
{
    /// <summary>Builds the identities.</summary>
    public CourseIdentities(Construct scope, string id, CourseIdentitiesProps props)
        : base(scope, id)
    {
        var groupNames = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [RosterGroups.Admins] = props.AdminsGroupName,
            [RosterGroups.Students] = props.StudentsGroupName,
        };
        var groupIterator = TerraformIterator.FromMap(groupNames);
        if (props.CreateGroups)
        {
            var groups = new Group(this, "Groups", new GroupConfig
            {
                ForEach = groupIterator,
                DisplayName = Token.AsString(groupIterator.Value),
            });
            groups.OverrideLogicalId("groups");
            Groups = ForEachRef.Of(groups);
        }
        else
        {
            var groups = new DataDatabricksGroup(this, "Groups", new DataDatabricksGroupConfig
            {
                ForEach = groupIterator,
                DisplayName = Token.AsString(groupIterator.Value),
            });
            groups.OverrideLogicalId("groups");
            Groups = ForEachRef.Of(groups);
        }

        var rosterIterator = TerraformIterator.FromMap(props.Roster.AsAnyMap);
        if (props.CreateUsers)
        {
            var users = new User(this, "Users", new UserConfig
            {
                ForEach = rosterIterator,
                UserName = "${each.key}",
                DisplayName = "${each.value.display_name}",
            });
            users.OverrideLogicalId("users");
            Users = ForEachRef.Of(users);
        }
        else
        {
            var users = new DataDatabricksUser(this, "Users", new DataDatabricksUserConfig
            {
                ForEach = rosterIterator,
                UserName = "${each.key}",
            });
            users.OverrideLogicalId("users");
            Users = ForEachRef.Of(users);
        }

        foreach (var group in RosterGroups.All)
        {
            var members = new TerraformLocal(this, $"{group}Members",
                $"${{{{ for email, user in local.{props.Roster.FriendlyUniqueId} : email => true if contains(user.groups, \"{group}\") }}}}");
            members.OverrideLogicalId($"{group.TrimEnd('s')}_members");
            var iterator = TerraformIterator.FromMap(members.AsAnyMap);
            var membership = new GroupMember(this, $"{char.ToUpperInvariant(group[0])}{group[1..]}Membership", new GroupMemberConfig
            {
                ForEach = iterator,
                GroupId = Groups.At(group, "id"),
                MemberId = Users.Each("id"),
            });
            membership.OverrideLogicalId($"{group.TrimEnd('s')}_membership");
        }
    }

    /// <summary>The users, created or referenced, keyed by email.</summary>
    public ForEachRef Users { get; }

    /// <summary>The two groups, created or referenced, keyed by roster group value (<c>admins</c>, <c>students</c>).</summary>
    public ForEachRef Groups { get; }
}
