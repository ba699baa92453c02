using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_grants. Ports TPD catalog/resource_grants.go: one securable per resource, id <c>&lt;type&gt;/&lt;name&gt;</c>,
/// privileges upper-cased with spaces as underscores; the platform checks that the securable exists, that each
/// principal is a Unity Catalog principal and each privilege applies to the securable (<see cref="DatabricksRefusals"/>), and
/// that the deployer may manage grants on it (<see cref="UnityCatalogAuthority"/>). Import by <c>type/name</c> finds the
/// securable's current grants.
/// </summary>
internal sealed class GrantsResource : ResourceBehaviour
{
    private static readonly string[] SecurableKeys = ["catalog", "schema", "volume", "table", "function", "metastore", "external_location", "storage_credential", "model", "share", "recipient", "foreign_connection", "credential", "pipeline"];

    public override string Type => "databricks_grants";

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

        if (!Exists(call, securableType, securable))
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
        if (stored is not null)
        {
            return stored;
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // TPD catalog/resource_grants.go parseId (TPD test TestGrantReadMalformedId).
            throw new PlatformException($"ID must be two elements split by `/`: {id}");
        }

        if (!Exists(call, id[..slash], id[(slash + 1)..]))
        {
            return null;
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id, [id[..slash]] = id[(slash + 1)..], ["grant"] = new List<object?>() };
    }

    internal static bool Exists(Call call, string securableType, string name) => securableType switch
    {
        "catalog" => call.Workspace.Get("databricks_catalog", name) is not null,
        "schema" => call.Workspace.Get("databricks_schema", name) is not null,
        "volume" => call.Workspace.Get("databricks_volume", name) is not null,
        _ => true,
    };

    private static (string Type, string Name) Securable(Dictionary<string, object?> grants)
    {
        foreach (var key in SecurableKeys)
        {
            if (grants.Str(key) is { } name)
            {
                return (key, name);
            }
        }

        throw new PlatformException("cannot create grants: one securable (catalog, schema, volume, ...) is required");
    }
}
