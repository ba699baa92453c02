namespace CdkInfra.Policy;

/// <summary>Unity Catalog privilege names, spelled as the provider and the API expect them (underscores).</summary>
internal static class PrivilegeNames
{
    /// <summary>Every privilege on the securable and what it contains.</summary>
    public const string AllPrivileges = "ALL_PRIVILEGES";

    /// <summary>Reach a catalog (catalog only).</summary>
    public const string UseCatalog = "USE_CATALOG";

    /// <summary>Create schemas in a catalog (catalog only).</summary>
    public const string CreateSchema = "CREATE_SCHEMA";

    /// <summary>Reach a schema.</summary>
    public const string UseSchema = "USE_SCHEMA";

    /// <summary>Read tables and views.</summary>
    public const string Select = "SELECT";

    /// <summary>Change table data.</summary>
    public const string Modify = "MODIFY";

    /// <summary>Create tables.</summary>
    public const string CreateTable = "CREATE_TABLE";

    /// <summary>Create volumes.</summary>
    public const string CreateVolume = "CREATE_VOLUME";

    /// <summary>Create functions.</summary>
    public const string CreateFunction = "CREATE_FUNCTION";

    /// <summary>Manage grants and ownership.</summary>
    public const string Manage = "MANAGE";

    /// <summary>Read files in volumes.</summary>
    public const string ReadVolume = "READ_VOLUME";

    /// <summary>Write files in volumes.</summary>
    public const string WriteVolume = "WRITE_VOLUME";

    /// <summary>
    /// Privileges that change data or metadata. Students may hold them only on their own schema; CREATE_SCHEMA on
    /// the course catalog is the policy's single exception.
    /// </summary>
    public static readonly IReadOnlySet<string> Writes = new HashSet<string>(StringComparer.Ordinal)
    {
        AllPrivileges, Modify, CreateTable, CreateVolume, CreateFunction, CreateSchema, Manage, WriteVolume, "APPLY_TAG", "REFRESH",
    };
}
