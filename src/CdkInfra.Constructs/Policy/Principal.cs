using CdkInfra.Naming;

namespace CdkInfra.Policy;

/// <summary>What a <see cref="Principal"/> is.</summary>
public enum PrincipalKind
{
    /// <summary>A user, by user name (a lower-case email).</summary>
    User,

    /// <summary>An account group, by display name (Unity Catalog refuses workspace-local groups).</summary>
    Group,

    /// <summary>A service principal, by application id.</summary>
    ServicePrincipal,

    /// <summary>The identity that runs Terraform, whoever it is: the library looks it up.</summary>
    DeployingIdentity,
}

/// <summary>
/// Whom a Unity Catalog grant names. Names are literal text: whatever they contain reaches Terraform as written.
/// </summary>
public sealed class Principal
{
    private Principal(PrincipalKind kind, string? name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>The identity that runs Terraform (a user or a service principal), looked up at plan.</summary>
    public static Principal DeployingIdentity { get; } = new(PrincipalKind.DeployingIdentity, null);

    /// <summary>What the principal is.</summary>
    public PrincipalKind Kind { get; }

    /// <summary>The user name, group display name or application id; null for <see cref="DeployingIdentity"/>.</summary>
    public string? Name { get; }

    /// <summary>A user by user name. Databricks stores user names in lower case and grants compare them exactly.</summary>
    /// <exception cref="ArgumentException">The name is blank, has spaces, is too long or is not lower-case.</exception>
    public static Principal User(string userName)
    {
        Check(userName, nameof(userName));
        if (userName != userName.ToLowerInvariant())
        {
            throw new ArgumentException($"'{userName}' must be lower-case: Databricks stores user names in lower case", nameof(userName));
        }

        return new(PrincipalKind.User, userName);
    }

    /// <summary>An account group by display name.</summary>
    /// <exception cref="ArgumentException">The name is blank or too long.</exception>
    public static Principal Group(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        if (displayName.Length > UcIdentifier.MaxLength)
        {
            throw new ArgumentException($"a group name has at most {UcIdentifier.MaxLength} characters", nameof(displayName));
        }

        return new(PrincipalKind.Group, displayName);
    }

    /// <summary>A service principal by application id.</summary>
    /// <exception cref="ArgumentException">The id is blank, has spaces or is too long.</exception>
    public static Principal ServicePrincipal(string applicationId)
    {
        Check(applicationId, nameof(applicationId));
        return new(PrincipalKind.ServicePrincipal, applicationId);
    }

    /// <inheritdoc/>
    public override string ToString() => Name ?? "the deploying identity";

    private static void Check(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        if (name.Any(char.IsWhiteSpace) || name.Length > UcIdentifier.MaxLength)
        {
            throw new ArgumentException($"'{name}' is not a principal (no spaces, at most {UcIdentifier.MaxLength} characters)", parameter);
        }
    }
}
