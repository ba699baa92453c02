using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_entitlements. Ports TPD scim/resource_entitlement.go: workspace level only ("entitlements can only be
/// managed with a provider configured at the workspace-level"); Create and Update PATCH "replace" the principal's whole
/// set with the arguments that are true, so an argument left null (default false) removes that entitlement; Read sets
/// all five to false, then the held ones to true (<c>generateEmpty</c>, <c>readIntoData</c>); Delete PATCHes "remove"
/// with the true ones. Ids: <c>group/&lt;id&gt;</c>, <c>user/&lt;id&gt;</c>, <c>spn/&lt;id&gt;</c> (<c>getId</c>).
/// </summary>
internal sealed class EntitlementsResource : ResourceBehaviour
{
    public override string Type => "databricks_entitlements";

    public override IEnumerable<string> Validate(Dictionary<string, object?> config) => EntitlementFields.Conflicts(config);

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        if (call.AccountLevel)
        {
            throw new PlatformException("entitlements can only be managed with a provider configured at the workspace-level");
        }

        var (kind, principal, type) = Principal(state);
        if (call.Workspace.Get(type, principal) is null)
        {
            throw new PlatformException($"cannot create entitlements: {kind} with id {principal} not found");
        }

        call.Workspace.SetEntitlements(principal, EntitlementFields.FromState(state));
        return $"{kind}/{principal}";
    }

    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var id = current.Str("id");
        if (id is null)
        {
            return current;
        }

        var (_, principal, type) = Principal(current);
        if (call.Workspace.Get(type, principal) is null)
        {
            return null;
        }

        var state = (Dictionary<string, object?>)Value.Clone(current)!;
        foreach (var (_, field) in EntitlementFields.All)
        {
            state[field] = false;
        }

        EntitlementFields.ReadInto(state, call.Workspace.EntitlementsOf(principal));
        return state;
    }

    public override void Delete(Call call, Dictionary<string, object?> prior)
    {
        var (_, principal, _) = Principal(prior);
        var removed = EntitlementFields.FromState(prior);
        call.Workspace.SetEntitlements(principal, call.Workspace.EntitlementsOf(principal).Except(removed));
    }

    public override Dictionary<string, object?>? Import(Call call, string id)
    {
        var parts = id.Split('/', 2);
        if (parts.Length != 2)
        {
            throw new PlatformException($"ID must be two elements: {id}");
        }

        // TPD scim/resource_entitlement.go Read: the kind is compared lower-cased (strings.ToLower(split[0])).
        var field = parts[0].ToLowerInvariant() switch { "group" => "group_id", "user" => "user_id", "spn" => "service_principal_id", _ => null };
        if (field is null)
        {
            return null;
        }

        var state = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id, [field] = parts[1] };
        return Read(call, state);
    }

    private static (string Kind, string Id, string Type) Principal(Dictionary<string, object?> state) =>
        state.Str("group_id") is { } g ? ("group", g, "databricks_group")
        : state.Str("user_id") is { } u ? ("user", u, "databricks_user")
        : state.Str("service_principal_id") is { } s ? ("spn", s, "databricks_service_principal")
        : throw new PlatformException("one of group_id, user_id, service_principal_id is required");
}
