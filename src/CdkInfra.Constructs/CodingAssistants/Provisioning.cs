namespace CdkInfra.CodingAssistants;

/// <summary>
/// What <see cref="CodingAssistantsCluster"/> provisions for its users.
/// </summary>
public enum Provisioning
{
    /// <summary>
    /// The clusters themselves: one, or one per listed user, each single-user with the permission to start it.
    /// </summary>
    Clusters,

    /// <summary>
    /// No cluster: one cluster policy that pins the init script, the runtime, the node type, the access mode and
    /// auto-termination, with CAN_USE for each listed user, who creates and starts their own cluster under it.
    /// </summary>
    Policy,
}
