using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_group. Ports TPD scim/resource_group.go: <c>display_name</c> may not be <c>users</c> or <c>admins</c>
/// (ValidateDiagFunc, issue 1089); Create sends the true entitlements and, with <c>force</c>, takes over a group of the
/// same name (<c>createForceOverridesManuallyAddedGroup</c>); Read loads display name, external id and the entitlements
/// the API returns; Update replaces name and entitlements (<c>UpdateNameAndEntitlements</c>), so a group whose
/// entitlements another resource sets flips them on every apply. A group made through a workspace-level provider is
/// workspace-local; through an account-level one, an account group (scim/groups.go, issue 4680).
/// </summary>
internal sealed class GroupResource : ResourceBehaviour
{
    public override string Type => "databricks_group";

    public override IEnumerable<string> Validate(Dictionary<string, object?> config)
    {
        if (config.Str("display_name") is "users" or "admins")
        {
            yield return $"expected display_name not to be any of [users admins], got {config.Str("display_name")}";
        }

        foreach (var conflict in EntitlementFields.Conflicts(config))
        {
            yield return conflict;
        }
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var workspace = call.Workspace;
        var name = state.Str("display_name")!;
        var existing = workspace.GroupByName(name);
        string id;
        if (prior is null)
        {
            if (existing is not null && !state.Bool("force"))
            {
                throw new PlatformException($"cannot create group: Group with name {name} already exists.");
            }

            id = existing?.Str("id") ?? workspace.NewNumericId();
            if (existing is null)
            {
                workspace.SetGroupKind(id, call.AccountLevel ? GroupKind.Account : GroupKind.WorkspaceLocal);
            }
        }
        else
        {
            id = prior.Str("id")!;
        }

        Fill(state, "acl_principal_id", $"groups/{name}");
        Fill(state, "url", call.AccountLevel ? $"https://accounts.cloud.databricks.com/users/groups/{id}/information" : $"{workspace.Host}#setting/accounts/groups/{id}");
        if (!call.AccountLevel)
        {
            workspace.SetEntitlements(id, EntitlementFields.FromState(state));
        }

        return id;
    }

    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var id = current.Str("id");
        var record = id is null ? null : call.Workspace.Get(Type, id);
        if (record is null)
        {
            return id is null ? current : null;
        }

        var state = (Dictionary<string, object?>)Value.Clone(current)!;
        state["display_name"] = record.Str("display_name");
        state["external_id"] = record.GetValueOrDefault("external_id");
        state["acl_principal_id"] = $"groups/{record.Str("display_name")}";
        if (!call.AccountLevel)
        {
            EntitlementFields.ReadInto(state, call.Workspace.EntitlementsOf(id!));
        }

        return state;
    }

    /// <summary>Import reads the group as Read does, with the entitlements the workspace holds (TPD test TestResourceGroupRead).</summary>
    public override Dictionary<string, object?>? Import(Call call, string id) =>
        call.Workspace.Get(Type, id) is { } record ? Read(call, (Dictionary<string, object?>)Value.Clone(record)!) : null;
}
