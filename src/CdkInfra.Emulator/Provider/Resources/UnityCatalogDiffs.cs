using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// What the Unity Catalog resources share at plan and apply. Ports TPD catalog/utils.go (<c>validateMetastoreId</c>,
/// called first by Create, Update and Delete of catalogs, schemas and grants), common/resource.go
/// (<c>EqualFoldDiffSuppress</c>) and catalog/resource_catalog.go (<c>ucDirectoryPathSlashOnlySuppressDiff</c>).
/// </summary>
internal static class UnityCatalogDiffs
{
    /// <summary>A configured metastore id other than the workspace's is refused (TPD catalog/utils.go validateMetastoreId).</summary>
    public static string? MetastoreIdError(Call call, string? metastoreId) =>
        string.IsNullOrEmpty(metastoreId) || metastoreId == call.Workspace.MetastoreId
            ? null
            : $"metastore_id must be empty or equal to the metastore id assigned to the workspace: {call.Workspace.MetastoreId}. If the metastore assigned to the workspace has changed, the new metastore id must be explicitly set";

    /// <summary>A change of case only is no change (<c>common.EqualFoldDiffSuppress</c>): the plan keeps the prior value.</summary>
    public static void SuppressEqualFold(PlanRequest plan, params string[] keys)
    {
        foreach (var key in keys)
        {
            Suppress(plan, key, (before, after) => string.Equals(before, after, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>A trailing slash added or removed is no change (<c>ucDirectoryPathSlashOnlySuppressDiff</c>).</summary>
    public static void SuppressSlashOnly(PlanRequest plan, string key) =>
        Suppress(plan, key, (before, after) => after == before + "/" || before == after + "/");

    /// <summary>Keeps the prior value of <paramref name="key"/> when the planned one differs in a way the provider suppresses.</summary>
    public static void Suppress(PlanRequest plan, string key, Func<string, string, bool> same)
    {
        if (plan.Prior?.Str(key) is { } before && plan.Planned.Str(key) is { } after && before != after && same(before, after))
        {
            plan.Planned[key] = before;
        }
    }
}
