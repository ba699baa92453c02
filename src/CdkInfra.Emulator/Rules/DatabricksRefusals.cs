using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Rules;

/// <summary>
/// What Databricks (the platform, or the provider's own checks before it calls the platform) refuses, shared by several
/// resource types, with the message the provider reports. Each refusal names its source; docs/emulator.md lists them.
/// A refusal returns the error text, or null when the object passes. (Not to be confused with the construct library's
/// <c>CdkInfra.Policy.PlatformRules</c>, which checks a synthesized configuration before it reaches Terraform.)
/// </summary>
internal static class DatabricksRefusals
{
    /// <summary>
    /// Privileges valid on each securable type. Source: TPD docs/resources/grants.md (per-securable lists; inheritable
    /// privileges may be granted on the catalog and schema above), Databricks docs "Unity Catalog privileges and
    /// securable objects" for BROWSE.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> Privileges = new(StringComparer.Ordinal)
    {
        ["catalog"] = [.. "ALL_PRIVILEGES APPLY_TAG BROWSE CREATE_CONNECTION CREATE_SCHEMA MANAGE USE_CATALOG CREATE_FUNCTION CREATE_TABLE CREATE_VOLUME CREATE_MATERIALIZED_VIEW CREATE_MODEL EXECUTE MODIFY REFRESH SELECT READ_VOLUME WRITE_VOLUME USE_SCHEMA".Split(' ')],
        ["schema"] = [.. "ALL_PRIVILEGES APPLY_TAG CREATE_FUNCTION CREATE_TABLE CREATE_VOLUME CREATE_MATERIALIZED_VIEW CREATE_MODEL MANAGE USE_SCHEMA EXECUTE MODIFY REFRESH SELECT READ_VOLUME WRITE_VOLUME".Split(' ')],
        ["volume"] = [.. "ALL_PRIVILEGES APPLY_TAG MANAGE READ_VOLUME WRITE_VOLUME".Split(' ')],
        ["table"] = [.. "ALL_PRIVILEGES APPLY_TAG MANAGE SELECT MODIFY".Split(' ')],
    };

    /// <summary>
    /// Unity Catalog principals are users, service principals and account groups; a workspace-local group (including the
    /// built-in <c>admins</c> and <c>users</c>) or an unknown name is refused. Sources: TPD issues 4680 (maintainer), 5045,
    /// 2237, 5413; Databricks docs "Principals" (sql-ref-principal) and "Manage Unity Catalog object ownership".
    /// The built-in <c>account users</c> group is always a principal (sql-ref-principal).
    /// </summary>
    public static string? PrincipalError(WorkspaceModel workspace, string principal)
    {
        if (principal == "account users")
        {
            return null;
        }

        if (workspace.UserByName(principal) is not null || workspace.ServicePrincipalByApplicationId(principal) is not null)
        {
            return null;
        }

        var group = workspace.GroupByName(principal);
        if (group is not null && workspace.GroupKindOf(group.Str("id")!) == GroupKind.Account)
        {
            return null;
        }

        return $"Could not find principal with name {principal}";
    }

    /// <summary>
    /// A privilege must be valid for the securable type. Message as reported by the provider (TPD issue 5398):
    /// "Privilege X is not applicable to this entity [name:TYPE]". Privileges are compared after upper-casing and
    /// replacing spaces with underscores, as the provider does (TPD catalog/resource_grants.go).
    /// </summary>
    public static string? PrivilegeError(string securableType, string securableName, string privilege)
    {
        var normalized = privilege.ToUpperInvariant().Replace(' ', '_');
        if (!Privileges.TryGetValue(securableType, out var valid) || valid.Contains(normalized))
        {
            return null;
        }

        return $"Privilege {privilege.Replace('_', ' ')} is not applicable to this entity [{securableName}:{securableType.ToUpperInvariant()}]";
    }

    /// <summary>
    /// The workspace root and the built-in folders cannot be created, deleted or replaced: <c>/</c>, <c>/Shared</c>,
    /// <c>/Users</c>, <c>/Repos</c>. Source: Databricks docs "Workspace browser" (the Shared folder and the users' home
    /// folders are system folders); a directory resource on them would delete them on destroy
    /// (TPD docs/resources/directory.md, delete_recursive).
    /// </summary>
    public static string? ReservedFolderError(string path, string action)
    {
        var clean = path.TrimEnd('/');
        if (clean.Length == 0 || clean is "/Shared" or "/Users" or "/Repos" or "/Workspace")
        {
            return $"cannot {action} directory: Path ({(clean.Length == 0 ? "/" : clean)}) is a system folder and cannot be {(action == "delete" ? "deleted" : "managed")}";
        }

        return null;
    }

    /// <summary>
    /// Workspace paths are absolute and clean. Source: TPD workspace/file_resource.go (ValidatePath): "Path should start
    /// with /", no "//" and no ".." segments.
    /// </summary>
    public static string? PathError(string attribute, string path)
    {
        if (!path.StartsWith('/'))
        {
            return $"{attribute}: Path should start with /, got {path}";
        }

        if (path.Contains("//", StringComparison.Ordinal) || path.Split('/').Contains(".."))
        {
            return $"{attribute}: Path should be clean (no // and no ..), got {path}";
        }

        return null;
    }

    /// <summary>
    /// The legacy single-node method is refused next to <c>kind</c> or an access mode (databricks-sdk-py issue 881, TPD PR
    /// 4817): <c>spark.databricks.cluster.profile</c> given in spark_conf together with <c>kind</c>.
    /// </summary>
    public static string? ClusterError(Dictionary<string, object?> cluster)
    {
        if (cluster.Str("kind") is not null && cluster.Map("spark_conf")?.ContainsKey("spark.databricks.cluster.profile") == true)
        {
            return "cannot create cluster: spark.databricks.cluster.profile cannot be set when kind is given; use is_single_node";
        }

        if (cluster.Str("data_security_mode") is "SINGLE_USER" or "DATA_SECURITY_MODE_DEDICATED" && cluster.Str("single_user_name") is null)
        {
            return "cannot create cluster: single_user_name is required for data_security_mode SINGLE_USER";
        }

        return null;
    }
}
