using System.Runtime.CompilerServices;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// The direct grants of one securable as the Unity Catalog grants API holds them: one privilege set per principal, read
/// whole (<c>GET /api/2.1/unity-catalog/permissions/{type}/{name}</c>: every principal, inherited grants excluded, all
/// of them when <c>max_results</c> is not set, as TPD catalog/permissions/permissions.go <c>GetPermissions</c> calls it)
/// and changed per principal (<c>PATCH</c> with <c>changes: [{principal, add, remove}]</c>: a principal the request does
/// not name keeps what it has). Sources: Databricks REST API reference "Get permissions" and "Update permissions".
/// <para>
/// The workspace keeps them as the <c>databricks_grants</c> record of the securable (id <c>&lt;field&gt;/&lt;name&gt;</c>,
/// the field the provider names the securable by: <c>catalog</c>, <c>schema</c>, <c>volume</c>, ...), whichever
/// resource wrote them: <c>databricks_grants</c> (which replaces the whole set, TPD catalog/resource_grants.go
/// <c>replaceAllPermissions</c>) and <c>databricks_grant</c> (one principal, TPD catalog/resource_grant.go
/// <c>replacePermissionsForPrincipal</c>) read and change the same assignments, as they do on a real metastore.
/// </para>
/// </summary>
internal static class UnityCatalogPermissions
{
    /// <summary>
    /// The securable fields of both grant resources (TPD catalog/permissions/permissions.go <c>Mappings</c>; the
    /// provider itself leaves out <c>provider</c>, a reserved word).
    /// </summary>
    public static readonly string[] SecurableFields =
        ["catalog", "credential", "external_location", "foreign_connection", "function", "metastore", "model", "pipeline",
         "recipient", "schema", "share", "storage_credential", "table", "volume"];

    private const string RecordType = "databricks_grants";

    // Principal -> its assignment, per record: every databricks_grant reads one principal of a list that may name
    // thousands, and Terraform reads every instance on each plan. Rebuilt when the record is replaced.
    private static readonly ConditionalWeakTable<Dictionary<string, object?>, Dictionary<string, Dictionary<string, object?>>> Index = new();

    /// <summary>A privilege as the platform stores it: upper case, spaces as underscores (TPD permissions.go <c>NormalizePrivilege</c>).</summary>
    public static string Normalize(string privilege) => privilege.Replace(' ', '_').ToUpperInvariant();

    /// <summary>The securable a configuration names: its field and full name (TPD permissions.go <c>Mappings.KeyValue</c>).</summary>
    public static (string Field, string Name)? SecurableOf(Dictionary<string, object?> config)
    {
        foreach (var field in SecurableFields)
        {
            if (config.Str(field) is { Length: > 0 } name)
            {
                return (field, name);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the securable exists (a GET on a missing one answers 404, which the provider's Read takes as "removed on
    /// backend", TPD common/resource.go <c>ToResource</c>). Only catalogs, schemas and volumes are modelled; any other
    /// securable is taken to exist.
    /// </summary>
    public static bool Exists(WorkspaceModel workspace, string field, string name) => field switch
    {
        "catalog" => workspace.Get("databricks_catalog", name) is not null,
        "schema" => workspace.Get("databricks_schema", name) is not null,
        "volume" => workspace.Get("databricks_volume", name) is not null,
        _ => true,
    };

    /// <summary>The record that holds the securable's grants, or null when nobody holds a privilege on it.</summary>
    public static Dictionary<string, object?>? Record(WorkspaceModel workspace, string field, string name) =>
        workspace.Get(RecordType, $"{field}/{name}");

    /// <summary>
    /// The privileges one principal holds directly on the securable, or null when it holds none. Principals are compared
    /// exactly, as the provider does (TPD catalog/resource_grant.go <c>filterPermissionsForPrincipal</c>; TPD test
    /// <c>TestResourceGrantPermissionsList_Diff_CaseSensitive</c>).
    /// </summary>
    public static List<string>? PrivilegesOf(WorkspaceModel workspace, string field, string name, string principal)
    {
        var record = Record(workspace, field, name);
        return record is not null && IndexOf(record).TryGetValue(principal, out var assignment) ? assignment.Strings("privileges") : null;
    }

    /// <summary>
    /// The PATCH of one principal: its privileges gain <paramref name="add"/> and lose <paramref name="remove"/>; a
    /// principal left with none is no longer listed. Other principals are untouched.
    /// </summary>
    public static void Update(Call call, string field, string name, string principal, IEnumerable<string> add, IEnumerable<string> remove)
    {
        var workspace = call.Workspace;
        var record = Record(workspace, field, name);
        if (record is null)
        {
            record = call.Schema.Resources[RecordType].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = $"{field}/{name}",
                [field] = name,
                ["grant"] = new List<object?>(),
            });
        }

        var index = IndexOf(record);
        var list = record["grant"] as List<object?> ?? [];
        record["grant"] = list;
        var privileges = index.TryGetValue(principal, out var assignment) ? assignment.Strings("privileges").ToHashSet(StringComparer.Ordinal) : [];
        privileges.UnionWith(add.Select(Normalize));
        privileges.ExceptWith(remove.Select(Normalize));
        if (assignment is not null)
        {
            list.Remove(assignment);
            index.Remove(principal);
        }

        if (privileges.Count > 0)
        {
            var updated = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["principal"] = principal,
                ["privileges"] = privileges.Order(StringComparer.Ordinal).Select(p => (object?)p).ToList(),
            };
            list.Add(updated);
            index[principal] = updated;
        }

        if (list.Count == 0)
        {
            workspace.Remove(RecordType, $"{field}/{name}");
        }
        else
        {
            workspace.Put(RecordType, $"{field}/{name}", record);
        }
    }

    private static Dictionary<string, Dictionary<string, object?>> IndexOf(Dictionary<string, object?> record) =>
        Index.GetValue(record, r =>
        {
            var index = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
            foreach (var assignment in r.Blocks("grant"))
            {
                // As the provider's map of a list that names a principal twice: the last one counts.
                index[assignment.Str("principal")!] = assignment;
            }

            return index;
        });
}
