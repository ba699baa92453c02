using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_permission_assignment (workspace level). Ports TPD access/resource_permission_assignment.go: assigns an
/// account principal (by id, or since 1.92 a group by name) to the workspace; Delete removes the assignment, so the
/// group and everyone who works through it lose the workspace (the group disappears from the workspace's principals).
/// An account group must exist; a workspace-local group cannot be assigned.
/// </summary>
internal sealed class PermissionAssignmentResource : ResourceBehaviour
{
    public override string Type => "databricks_permission_assignment";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        if (state.Str("group_name") is { } name)
        {
            // The API answers a group the account does not have (a workspace-local one is not in the account) with the
            // assignment's error, which the provider returns (TPD access/resource_permission_assignment.go
            // CreateOrUpdate; TPD test TestPermissionAssignmentCreateWithNonExistingGroup).
            var group = call.Workspace.GroupByName(name);
            if (group is null || call.Workspace.GroupKindOf(group.Str("id")!) != GroupKind.Account)
            {
                throw new PlatformException("cannot create permission assignment: RESOURCE_DOES_NOT_EXIST: Principal not found in account.");
            }

            Fill(state, "principal_id", long.Parse(group.Str("id")!, System.Globalization.CultureInfo.InvariantCulture));
            Fill(state, "display_name", name);
            return $"{group.Str("id")}";
        }

        return prior?.Str("id") ?? state.GetValueOrDefault("principal_id")?.ToString() ?? call.Workspace.NewNumericId();
    }

    public override void Delete(Call call, Dictionary<string, object?> prior)
    {
        base.Delete(call, prior);
        if (prior.Str("group_name") is { } name && call.Workspace.GroupByName(name) is { } group)
        {
            call.Workspace.Remove("databricks_group", group.Str("id")!);
        }
    }
}
