using CdkInfra.Emulator.Provider.Resources;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.DataSources;

/// <summary>data.databricks_current_user (TPD scim/data_current_user.go): the identity Terraform runs as.</summary>
internal sealed class CurrentUserData : DataSourceBehaviour
{
    public override string Type => "databricks_current_user";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var me = call.Workspace.UserByName(call.Workspace.CurrentUser)!;
        var name = me.Str("user_name")!;
        result["id"] = me.Str("id");
        result["user_name"] = name;
        result["home"] = $"/Users/{name}";
        result["repos"] = $"/Repos/{name}";
        result["acl_principal_id"] = $"users/{name}";
        result["alphanumeric"] = Alphanumeric(name);
        result["workspace_url"] = call.Workspace.Host;
    }

    /// <summary>The local part with every character outside [a-zA-Z0-9] as an underscore (TPD scim/data_current_user.go).</summary>
    public static string Alphanumeric(string userName) =>
        new(userName.Split('@')[0].Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}

/// <summary>
/// data.databricks_group (TPD scim/data_group.go): the group by display name, its members split by kind, its
/// entitlements; an unknown name is an error.
/// </summary>
internal sealed class GroupData : DataSourceBehaviour
{
    public override string Type => "databricks_group";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var workspace = call.Workspace;
        var name = result.Str("display_name")!;
        var g = workspace.GroupByName(name) ?? throw new PlatformException($"cannot read data databricks_group: Group named {name} not found");
        var groupId = g.Str("id")!;
        var members = workspace.All("databricks_group_member").Where(m => m.Str("group_id") == groupId).Select(m => m.Str("member_id")!).ToList();
        result["id"] = groupId;
        result["acl_principal_id"] = g.Str("acl_principal_id");
        result["users"] = members.Where(m => workspace.Get("databricks_user", m) is not null).Select(m => (object?)m).ToList();
        result["child_groups"] = members.Where(m => workspace.Get("databricks_group", m) is not null).Select(m => (object?)m).ToList();
        result["service_principals"] = members.Where(m => workspace.Get("databricks_service_principal", m) is not null).Select(m => (object?)m).ToList();
        result["members"] = members.Select(m => (object?)m).ToList();
        var held = call.AccountLevel ? new HashSet<string>() : workspace.EntitlementsOf(groupId);
        foreach (var (value, field) in EntitlementFields.All)
        {
            result[field] = held.Contains(value);
        }
    }
}

/// <summary>data.databricks_user (TPD scim/data_user.go): by user name (case-insensitive) or id; unknown is an error.</summary>
internal sealed class UserData : DataSourceBehaviour
{
    public override string Type => "databricks_user";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var u = (result.Str("user_name") is { } n ? call.Workspace.UserByName(n) : null)
            ?? (result.Str("user_id") is { } uid ? call.Workspace.Get("databricks_user", uid) : null)
            ?? throw new PlatformException($"cannot read user: User {result.Str("user_name") ?? result.Str("user_id")} not found");
        foreach (var key in new[] { "id", "user_name", "display_name", "home", "repos", "acl_principal_id", "active", "external_id" })
        {
            result[key] = u.GetValueOrDefault(key);
        }

        result["user_id"] = u.Str("id");
        result["alphanumeric"] = CurrentUserData.Alphanumeric(u.Str("user_name")!);
    }
}

/// <summary>
/// data.databricks_users (TPD internal/providers/pluginfw/products/user/data_users.go): every workspace user, or those
/// a SCIM filter names. The emulator understands the filters the stacks write, <c>userName eq "x"</c> joined by
/// <c>or</c> (SCIM, RFC 7644 section 3.4.2.2); any other filter is an error rather than a silent "everyone".
/// </summary>
internal sealed class UsersData : DataSourceBehaviour
{
    private static readonly System.Text.RegularExpressions.Regex Clause = new("^\\s*userName\\s+eq\\s+\"([^\"]*)\"\\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    public override string Type => "databricks_users";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        HashSet<string>? wanted = null;
        if (result.Str("filter") is { Length: > 0 } filter)
        {
            wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var clause in System.Text.RegularExpressions.Regex.Split(filter, "\\s+or\\s+", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            {
                var match = Clause.Match(clause);
                if (!match.Success)
                {
                    throw new PlatformException($"the workspace emulator understands only userName eq \"...\" joined by or in databricks_users.filter, not: {filter}");
                }

                wanted.Add(match.Groups[1].Value);
            }
        }

        result["id"] = "_";
        result["users"] = call.Workspace.All("databricks_user").Where(u => wanted is null || wanted.Contains(u.Str("user_name")!)).Select(u => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = u.Str("id"),
            ["user_name"] = u.Str("user_name"),
            ["display_name"] = u.Str("display_name"),
            ["active"] = u.GetValueOrDefault("active") ?? true,
            ["external_id"] = u.Str("external_id"),
        }).ToList();
    }
}
