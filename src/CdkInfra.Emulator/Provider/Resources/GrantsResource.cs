using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_grants. Ports TPD catalog/resource_grants.go: one securable per resource, id <c>&lt;type&gt;/&lt;name&gt;</c>,
/// privileges upper-cased with spaces as underscores; the platform checks that the securable exists, that each
/// principal is a Unity Catalog principal and each privilege applies to the securable (<see cref="DatabricksRefusals"/>), and
/// that the deployer may manage grants on it (<see cref="UnityCatalogAuthority"/>). Import by <c>type/name</c> finds the
/// securable's current grants.
/// <para>
/// Authoritative over every principal of the securable: Create and Update (<c>replaceAllPermissions</c>,
/// <c>diffPermissions</c>) remove what the configuration does not list, whoever granted it (a <c>databricks_grant</c>,
/// the UI, SQL), and Delete removes every principal's privileges; Read (<c>ResourceGrants</c> Read) reports every
/// principal the securable lists (<see cref="UnityCatalogPermissions"/>), so a principal granted elsewhere shows as a
/// change on the next plan, and a securable left with no grants reads as gone ("got empty permissions list", a 404
/// that TPD common/resource.go takes as "removed on backend").
/// </para>
/// </summary>
internal sealed class GrantsResource : ResourceBehaviour
{
    public override string Type => "databricks_grants";

    /// <summary>
    /// The provider hashes a grant block by its lower-cased principal and normalized privileges, and each privilege by
    /// its normalized form (TPD catalog/resource_grants.go <c>ResourceGrants</c>, the custom <c>Set</c> functions): a
    /// configuration that differs from the state only that way plans no change.
    /// </summary>
    public override void Plan(Call call, PlanRequest plan)
    {
        if (plan.Prior is { } prior && Value.IsKnown(plan.Planned.GetValueOrDefault("grant")) && SameGrants(prior.Blocks("grant"), plan.Planned.Blocks("grant")))
        {
            plan.Planned["grant"] = Value.Clone(prior.GetValueOrDefault("grant"));
        }
    }

    /// <summary>The platform stores privileges normalized (the provider also sends them so: permissions.go <c>SetToSlice</c>).</summary>
    public override Dictionary<string, object?> Stored(Call call, Dictionary<string, object?> state)
    {
        var stored = (Dictionary<string, object?>)Value.Clone(state)!;
        foreach (var grant in stored.Blocks("grant"))
        {
            grant["privileges"] = grant.Strings("privileges").Select(UnityCatalogPermissions.Normalize).Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).Select(p => (object?)p).ToList();
        }

        return stored;
    }

    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var id = current.Str("id");
        if (id is null)
        {
            return current;
        }

        var record = call.Workspace.Get(Type, id);
        return record is null || record.Blocks("grant").Count == 0 ? null : record;
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var (securableType, securable) = Securable(state);
        var verb = prior is null ? "create" : "update";
        // TPD catalog/resource_grants.go: Create and Update call validateMetastoreId on the metastore securable first
        // (TPD test TestErrorIfWrongMetastoreId).
        if (securableType == "metastore" && UnityCatalogDiffs.MetastoreIdError(call, securable) is { } wrongMetastore)
        {
            throw new PlatformException($"cannot {verb} grants: {wrongMetastore}");
        }

        if (!UnityCatalogPermissions.Exists(call.Workspace, securableType, securable))
        {
            throw new PlatformException($"cannot {verb} grants: {UnityCatalogAuthority.Capitalize(securableType)} '{securable}' does not exist.");
        }

        foreach (var grant in state.Blocks("grant"))
        {
            var principal = grant.Str("principal")!;
            var error = DatabricksRefusals.PrincipalError(call.Workspace, principal)
                ?? grant.Strings("privileges").Select(p => DatabricksRefusals.PrivilegeError(securableType, securable, p)).FirstOrDefault(e => e is not null);
            if (error is not null)
            {
                throw new PlatformException($"cannot {verb} grants: {error}");
            }
        }

        if (!UnityCatalogAuthority.CanManage(call, securableType, securable))
        {
            throw new PlatformException($"cannot {verb} grants: PERMISSION_DENIED: User does not have MANAGE on {UnityCatalogAuthority.Capitalize(securableType)} '{securable}'.");
        }

        return $"{securableType}/{securable}";
    }

    public override Dictionary<string, object?>? Import(Call call, string id)
    {
        var stored = call.Workspace.Get(Type, id);
        if (stored is not null && stored.Blocks("grant").Count > 0)
        {
            return stored;
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // TPD catalog/resource_grants.go parseId (TPD test TestGrantReadMalformedId).
            throw new PlatformException($"ID must be two elements split by `/`: {id}");
        }

        if (!UnityCatalogPermissions.Exists(call.Workspace, id[..slash], id[(slash + 1)..]))
        {
            return null;
        }

        // Import reads without taking a 404 as "removed" (TPD common/resource.go ToResource, the default importer): a
        // securable nobody holds a privilege on fails as Read answers it.
        throw new PlatformException("cannot read grants: got empty permissions list");
    }

    private static (string Type, string Name) Securable(Dictionary<string, object?> grants) =>
        UnityCatalogPermissions.SecurableOf(grants) ?? throw new PlatformException("cannot create grants: one securable (catalog, schema, volume, ...) is required");

    private static bool SameGrants(List<Dictionary<string, object?>> before, List<Dictionary<string, object?>> after)
    {
        static HashSet<string> Keys(List<Dictionary<string, object?>> grants) => grants
            .Select(g => (g.Str("principal") ?? string.Empty).ToLowerInvariant() + "|"
                + string.Join('|', g.Strings("privileges").Select(UnityCatalogPermissions.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
        return Keys(before).SetEquals(Keys(after));
    }
}
