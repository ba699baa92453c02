using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// The five entitlement arguments that databricks_group, databricks_user, databricks_service_principal and
/// databricks_entitlements share, and how each reads and writes them. Ports TPD scim/scim.go
/// (<c>possibleEntitlements</c>, <c>addEntitlementsToSchema</c>: optional booleans with default false;
/// <c>readEntitlementsFromData</c>: only the true ones are sent; <c>readIntoData</c>: only the ones the API returns are
/// set, to true; <c>generateEmpty</c>: databricks_entitlements first sets all five to false).
/// </summary>
internal static class EntitlementFields
{
    /// <summary>API value to argument name (TPD scim/scim.go <c>entitlementMapping</c>).</summary>
    public static readonly IReadOnlyList<(string Value, string Field)> All =
    [
        ("allow-cluster-create", "allow_cluster_create"),
        ("allow-instance-pool-create", "allow_instance_pool_create"),
        ("databricks-sql-access", "databricks_sql_access"),
        ("workspace-access", "workspace_access"),
        ("workspace-consume", "workspace_consume"),
    ];

    /// <summary>The entitlements a state or configuration asks for: the arguments that are true.</summary>
    public static List<string> FromState(Dictionary<string, object?> state) =>
        All.Where(e => state.Bool(e.Field)).Select(e => e.Value).ToList();

    /// <summary>Sets to true every entitlement the workspace holds; the others keep their value in <paramref name="state"/>.</summary>
    public static void ReadInto(Dictionary<string, object?> state, IReadOnlySet<string> held)
    {
        foreach (var (value, field) in All)
        {
            if (held.Contains(value))
            {
                state[field] = true;
            }
        }
    }

    /// <summary>
    /// <c>workspace_consume</c> conflicts with <c>workspace_access</c> and <c>databricks_sql_access</c>
    /// (TPD scim/scim.go <c>addEntitlementsToSchema</c>, ConflictsWith): both set in the configuration is refused.
    /// </summary>
    public static IEnumerable<string> Conflicts(Dictionary<string, object?> config)
    {
        if (config.GetValueOrDefault("workspace_consume") is null)
        {
            yield break;
        }

        foreach (var other in new[] { "workspace_access", "databricks_sql_access" })
        {
            if (config.GetValueOrDefault(other) is not null)
            {
                yield return $"\"workspace_consume\": conflicts with {other}";
            }
        }
    }
}
