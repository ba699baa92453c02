using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// Who may do what in Unity Catalog, as the deploying identity. Sources: Databricks docs "Admin privileges in Unity
/// Catalog" (a metastore admin may create catalogs, manage grants and transfer ownership of any object; workspace admins
/// of a workspace enabled for Unity Catalog automatically hold CREATE CATALOG; a workspace admin has no other
/// privilege on objects it does not own) and "Manage privileges in Unity Catalog" (the owner of an object, or of its
/// parent catalog or schema, or a principal with MANAGE on it, may grant on it and transfer its ownership). The exact
/// message texts need a live check.
/// </summary>
internal static class UnityCatalogAuthority
{
    /// <summary>The deployer may create catalogs: metastore admin, or workspace admin where the metastore allows it.</summary>
    public static string? CreateCatalogError(Call call)
    {
        var profile = call.Profile;
        if (profile.Has(WorkspaceProfile.MetastoreAdmin) || (profile.Has(WorkspaceProfile.WorkspaceAdmin) && profile.WorkspaceAdminsCreateCatalogs))
        {
            return null;
        }

        return "PERMISSION_DENIED: User does not have CREATE CATALOG on Metastore 'primary'.";
    }

    /// <summary>
    /// The deployer may manage the securable (grant on it, transfer its ownership, create in it): metastore admin, owner
    /// of it or of a parent (directly or through a group), or holder of MANAGE (or ALL PRIVILEGES for creating) on it or a
    /// parent.
    /// </summary>
    public static bool CanManage(Call call, string securableType, string name, string? privilege = null)
    {
        if (call.Profile.Has(WorkspaceProfile.MetastoreAdmin))
        {
            return true;
        }

        foreach (var (type, full) in SelfAndParents(securableType, name))
        {
            var record = call.Workspace.Get(RecordType(type), full);
            if (record is null)
            {
                continue;
            }

            if (IsDeployer(call, record.Str("owner")))
            {
                return true;
            }

            var grants = call.Workspace.Get("databricks_grants", $"{type}/{full}");
            foreach (var grant in grants?.Blocks("grant") ?? [])
            {
                var privileges = grant.Strings("privileges").Select(p => p.ToUpperInvariant().Replace(' ', '_')).ToHashSet();
                if (IsDeployer(call, grant.Str("principal"))
                    && (privileges.Contains("MANAGE") || (privilege is not null && (privileges.Contains(privilege) || privileges.Contains("ALL_PRIVILEGES")))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A new owner other than the deployer needs the right to transfer the current owner's object.</summary>
    public static string? OwnerChangeError(Call call, string securableType, string name, string? priorOwner, string? newOwner, bool creating)
    {
        if (newOwner is null || string.Equals(priorOwner, newOwner, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (DatabricksRefusals.PrincipalError(call.Workspace, newOwner) is { } principal)
        {
            return principal;
        }

        // On create the deployer is the owner until the provider's update sets the configured one.
        if (creating || CanManage(call, securableType, name))
        {
            return null;
        }

        return $"PERMISSION_DENIED: User is not an owner of {Capitalize(securableType)} '{name}'.";
    }

    public static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static bool IsDeployer(Call call, string? principal) =>
        principal is not null
        && (string.Equals(principal, call.Workspace.CurrentUser, StringComparison.OrdinalIgnoreCase)
            || call.Workspace.IsMember(call.Workspace.CurrentUser, principal));

    private static IEnumerable<(string Type, string Name)> SelfAndParents(string type, string name)
    {
        yield return (type, name);
        var parts = name.Split('.');
        if (type is "schema" or "volume" or "table" or "function" && parts.Length >= 2)
        {
            if (parts.Length == 3)
            {
                yield return ("schema", $"{parts[0]}.{parts[1]}");
            }

            yield return ("catalog", parts[0]);
        }
    }

    private static string RecordType(string securableType) => securableType switch
    {
        "catalog" => "databricks_catalog",
        "schema" => "databricks_schema",
        "volume" => "databricks_volume",
        _ => $"databricks_{securableType}",
    };
}
