namespace CdkInfra.Policy;

/// <summary>A Unity Catalog privilege, for <see cref="Course.SecurableGrants.Grant"/>. One instance per privilege.</summary>
public sealed class Privilege
{
    private Privilege(string name) => Name = name;

    /// <summary>Every privilege on the securable and what it contains.</summary>
    public static Privilege AllPrivileges { get; } = new(PrivilegeNames.AllPrivileges);

    /// <summary>Reach a catalog (catalogs only).</summary>
    public static Privilege UseCatalog { get; } = new(PrivilegeNames.UseCatalog);

    /// <summary>Create schemas in a catalog (catalogs only).</summary>
    public static Privilege CreateSchema { get; } = new(PrivilegeNames.CreateSchema);

    /// <summary>Reach a schema.</summary>
    public static Privilege UseSchema { get; } = new(PrivilegeNames.UseSchema);

    /// <summary>Read tables and views.</summary>
    public static Privilege Select { get; } = new(PrivilegeNames.Select);

    /// <summary>Change table data.</summary>
    public static Privilege Modify { get; } = new(PrivilegeNames.Modify);

    /// <summary>Create tables.</summary>
    public static Privilege CreateTable { get; } = new(PrivilegeNames.CreateTable);

    /// <summary>Create volumes.</summary>
    public static Privilege CreateVolume { get; } = new(PrivilegeNames.CreateVolume);

    /// <summary>Create functions.</summary>
    public static Privilege CreateFunction { get; } = new(PrivilegeNames.CreateFunction);

    /// <summary>Manage grants and ownership.</summary>
    public static Privilege Manage { get; } = new(PrivilegeNames.Manage);

    /// <summary>Read files in volumes.</summary>
    public static Privilege ReadVolume { get; } = new(PrivilegeNames.ReadVolume);

    /// <summary>Write files in volumes.</summary>
    public static Privilege WriteVolume { get; } = new(PrivilegeNames.WriteVolume);

    /// <summary>The privilege as the provider and the API spell it (<c>USE_CATALOG</c>).</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
