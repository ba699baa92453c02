using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>databricks_group_member: id <c>group|member</c> (TPD scim/resource_group_member.go); both must exist.</summary>
internal sealed class GroupMemberResource : ResourceBehaviour
{
    public override string Type => "databricks_group_member";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var workspace = call.Workspace;
        var group = state.Str("group_id")!;
        var member = state.Str("member_id")!;
        if (workspace.Get("databricks_group", group) is null)
        {
            throw new PlatformException($"cannot create group member: Group with id {group} not found");
        }

        if (workspace.Get("databricks_user", member) is null && workspace.Get("databricks_group", member) is null && workspace.Get("databricks_service_principal", member) is null)
        {
            throw new PlatformException($"cannot create group member: Member with id {member} not found");
        }

        return $"{group}|{member}";
    }

    /// <summary>
    /// Gone when the group is gone or no longer lists the member (TPD scim/resource_group_member.go Read; TPD tests
    /// TestResourceGroupMemberRead_NotFound, TestResourceGroupMemberRead_NoMember).
    /// </summary>
    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var record = base.Read(call, current);
        if (record is null || current.Str("id") is null)
        {
            return record;
        }

        var workspace = call.Workspace;
        var member = record.Str("member_id")!;
        var exists = workspace.Get("databricks_group", record.Str("group_id")!) is not null
            && (workspace.Get("databricks_user", member) ?? workspace.Get("databricks_group", member) ?? workspace.Get("databricks_service_principal", member)) is not null;
        return exists ? record : null;
    }
}
