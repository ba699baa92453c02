namespace CdkInfra.CodingAssistants;

/// <summary>
/// What <see cref="CodingAssistantsCluster"/> provisions for its users. Settings spell the values <c>clusters</c> and
/// <c>policy</c>.
/// </summary>
public enum Provisioning
{
    /// <summary>
    /// The clusters themselves: one, or one per listed user, each single-user with the permission to start it.
    /// Settings value <c>clusters</c>.
    /// </summary>
    Clusters,

    /// <summary>
    /// No cluster: one cluster policy that pins the init script, the runtime, the node type, the access mode and
    /// auto-termination, with CAN_USE for each listed user, who creates and starts their own cluster under it.
    /// Settings value <c>policy</c>.
    /// </summary>
    Policy,
}

/// <summary>The settings spelling of <see cref="Provisioning"/>, in one place.</summary>
public static class ProvisioningModes
{
    /// <summary>Settings value of <see cref="Provisioning.Clusters"/>.</summary>
    public const string Clusters = "clusters";

    /// <summary>Settings value of <see cref="Provisioning.Policy"/>.</summary>
    public const string Policy = "policy";

    /// <summary>Every settings value, in the order messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Clusters, Policy];

    /// <summary>The settings value of <paramref name="provisioning"/>.</summary>
    public static string ToSetting(this Provisioning provisioning) => provisioning switch
    {
        Provisioning.Clusters => Clusters,
        Provisioning.Policy => Policy,
        _ => throw new ArgumentOutOfRangeException(nameof(provisioning), provisioning, null),
    };

    /// <summary>Parses a settings value (exact spelling); null when it is neither.</summary>
    public static Provisioning? Parse(string value) => value switch
    {
        Clusters => Provisioning.Clusters,
        Policy => Provisioning.Policy,
        _ => null,
    };
}
