using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_grant: one principal's privileges on one securable. Ports TPD catalog/resource_grant.go
/// (<c>ResourceGrant</c>, <c>replacePermissionsForPrincipal</c>, <c>diffPermissionsForPrincipal</c>,
/// <c>filterPermissionsForPrincipal</c>, <c>toSecurableId</c>, <c>parseSecurableId</c>) and the parts of
/// catalog/permissions/permissions.go and common/resource.go it runs through. It changes and reads only its own
/// principal of the securable's grants (<see cref="UnityCatalogPermissions"/>), which it shares with
/// <c>databricks_grants</c>, the UI and SQL:
/// <list type="bullet">
/// <item>Create and Update: read the securable's grants, and when this principal's set differs from the configured one,
/// PATCH that principal only (adding what is missing, removing what it holds beyond the configuration); every other
/// principal keeps what it has. Then Read.</item>
/// <item>Read: the configured principal's privileges, compared by exact name; when the securable lists none for it (or
/// the securable is gone) the resource leaves the state ("got empty permissions list", a 404 that common/resource.go
/// <c>ToResource</c> takes as "removed on backend") and the next plan creates it again.</item>
/// <item>Delete: PATCH removing every privilege the principal holds on the securable, whoever granted it.</item>
/// <item>Id <c>&lt;field&gt;/&lt;name&gt;/&lt;principal&gt;</c>; import by that id. The securable fields and
/// <c>principal</c> are force-new (Schema/overrides.json).</item>
/// </list>
/// The platform's checks are the same as for <see cref="GrantsResource"/>: the securable exists, the principal is a Unity
/// Catalog principal, each privilege applies, the deployer may manage grants on it.
/// </summary>
internal sealed class GrantResource : ResourceBehaviour
{
    public override string Type => "databricks_grant";

    /// <summary>
    /// Exactly one securable: each field has <c>AtLeastOneOf</c> all fields and <c>ConflictsWith</c> the others
    /// (TPD catalog/resource_grant.go <c>ResourceGrant</c>), reported with the messages of terraform-plugin-sdk v2
    /// helper/schema/schema.go (<c>validateConflictingAttributes</c>, <c>validateAtLeastOneAttribute</c>). An unknown
    /// value counts as set for the first and is skipped by the second, as there.
    /// </summary>
    public override IEnumerable<string> Validate(Dictionary<string, object?> config)
    {
        var set = UnityCatalogPermissions.SecurableFields.Where(f => config.GetValueOrDefault(f) is not null).ToList();
        if (set.Count == 0)
        {
            var all = string.Join(',', UnityCatalogPermissions.SecurableFields.Order(StringComparer.Ordinal));
            return UnityCatalogPermissions.SecurableFields.Select(f => $"\"{f}\": one of `{all}` must be specified").ToList();
        }

        var known = set.Where(f => config[f] is not Unknown).ToList();
        return known.Count < 2 ? [] : known.Select(f => $"\"{f}\": conflicts with {known.First(other => other != f)}").ToList();
    }

    /// <summary>
    /// Privileges are a set hashed by their normalized form (TPD catalog/resource_grant.go <c>ResourceGrant</c>, the
    /// custom <c>Set</c> function on <c>privileges</c>): <c>select</c> and <c>SELECT</c> are no change.
    /// </summary>
    public override void Plan(Call call, PlanRequest plan)
    {
        if (plan.Prior is { } prior && Value.IsKnown(plan.Planned.GetValueOrDefault("privileges"))
            && Normalized(prior.Strings("privileges")).SetEquals(Normalized(plan.Planned.Strings("privileges"))))
        {
            plan.Planned["privileges"] = Value.Clone(prior.GetValueOrDefault("privileges"));
        }
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var verb = prior is null ? "create" : "update";
        var (field, name) = UnityCatalogPermissions.SecurableOf(state) ?? throw new PlatformException($"cannot {verb} grant: one securable (catalog, schema, volume, ...) is required");
        var principal = state.Str("principal")!;
        Replace(call, verb, field, name, principal, Normalized(state.Strings("privileges")));

        // Create and Update end with Read (common/resource.go ToResource): a principal left without privileges (an
        // empty list, TPD issue 4411) fails there. The provider keeps the new id in the state (tainted); here the
        // resource is not stored.
        if (UnityCatalogPermissions.PrivilegesOf(call.Workspace, field, name, principal) is null)
        {
            throw new PlatformException("cannot read grant: got empty permissions list");
        }

        return $"{field}/{name}/{principal}";
    }

    /// <summary>The workspace keeps the principal's privileges in the securable's grants, not a record of its own.</summary>
    public override Dictionary<string, object?>? Stored(Call call, Dictionary<string, object?> state) => null;

    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var id = current.Str("id");
        return id is null ? current : ReadById(call, id, current);
    }

    public override void Delete(Call call, Dictionary<string, object?> prior)
    {
        var (field, name, principal) = ParseId(prior.Str("id")!);
        Replace(call, "delete", field, name, principal, []);
    }

    /// <summary>Import by <c>&lt;field&gt;/&lt;name&gt;/&lt;principal&gt;</c>; a principal without privileges there fails as Read does.</summary>
    public override Dictionary<string, object?>? Import(Call call, string id)
    {
        var (field, name, _) = ParseId(id);
        if (!UnityCatalogPermissions.Exists(call.Workspace, field, name))
        {
            return null;
        }

        return ReadById(call, id, new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id })
            ?? throw new PlatformException("cannot read grant: got empty permissions list");
    }

    /// <summary>
    /// <c>replacePermissionsForPrincipal</c>: the principal's privileges become <paramref name="desired"/>; nothing is
    /// sent when they already are (TPD test TestResourceGrantShareGrantCreateNoChange).
    /// </summary>
    private static void Replace(Call call, string verb, string field, string name, string principal, HashSet<string> desired)
    {
        // Create, Update and Delete call validateMetastoreId first (TPD catalog/utils.go; TPD test TestFailsWhenWrongMetastoreId).
        if (field == "metastore" && UnityCatalogDiffs.MetastoreIdError(call, name) is { } wrongMetastore)
        {
            throw new PlatformException($"cannot {verb} grant: {wrongMetastore}");
        }

        if (!UnityCatalogPermissions.Exists(call.Workspace, field, name))
        {
            // GetPermissions answers 404: Delete takes it as gone (common/resource.go), Create and Update fail.
            if (verb == "delete")
            {
                return;
            }

            throw new PlatformException($"cannot {verb} grant: {UnityCatalogAuthority.Capitalize(field)} '{name}' does not exist.");
        }

        var held = Normalized(UnityCatalogPermissions.PrivilegesOf(call.Workspace, field, name, principal) ?? []);
        var add = desired.Except(held).ToList();
        var remove = held.Except(desired).ToList();
        if (add.Count == 0 && remove.Count == 0)
        {
            return;
        }

        var refused = add.Count == 0 ? null
            : DatabricksRefusals.PrincipalError(call.Workspace, principal)
                ?? add.Select(p => DatabricksRefusals.PrivilegeError(field, name, p)).FirstOrDefault(e => e is not null);
        if (refused is not null)
        {
            throw new PlatformException($"cannot {verb} grant: {refused}");
        }

        if (!UnityCatalogAuthority.CanManage(call, field, name))
        {
            throw new PlatformException($"cannot {verb} grant: PERMISSION_DENIED: User does not have MANAGE on {UnityCatalogAuthority.Capitalize(field)} '{name}'.");
        }

        UnityCatalogPermissions.Update(call, field, name, principal, add, remove);
    }

    private static Dictionary<string, object?>? ReadById(Call call, string id, Dictionary<string, object?> current)
    {
        var (field, name, principal) = ParseId(id);
        if (!UnityCatalogPermissions.Exists(call.Workspace, field, name)
            || UnityCatalogPermissions.PrivilegesOf(call.Workspace, field, name, principal) is not { } privileges)
        {
            return null;
        }

        var state = call.Schema.Resources["databricks_grant"].Complete((Dictionary<string, object?>)Value.Clone(current)!);
        state["id"] = id;
        state[field] = name;
        state["principal"] = principal;
        state["privileges"] = privileges.Select(p => (object?)p).ToList();
        return state;
    }

    /// <summary><c>parseSecurableId</c>: three parts split by the first two slashes (a principal may hold a slash).</summary>
    private static (string Field, string Name, string Principal) ParseId(string id)
    {
        var parts = id.Split('/', 3);
        if (parts.Length != 3)
        {
            // TPD test TestResourceGrantReadMalformedId.
            throw new PlatformException($"ID must be three elements split by `/`: {id}");
        }

        return (parts[0], parts[1], parts[2]);
    }

    private static HashSet<string> Normalized(IEnumerable<string> privileges) =>
        privileges.Select(UnityCatalogPermissions.Normalize).ToHashSet(StringComparer.Ordinal);
}
