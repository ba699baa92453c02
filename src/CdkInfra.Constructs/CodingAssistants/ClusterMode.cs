namespace CdkInfra.CodingAssistants;

/// <summary>How the coding-assistants cluster is sized. Settings spell the values <c>SINGLE_NODE</c> and <c>STANDARD</c>.</summary>
public enum ClusterMode
{
    /// <summary>
    /// One driver node and no workers, declared the current way (<c>is_single_node = true</c>,
    /// <c>kind = "CLASSIC_PREVIEW"</c>). Settings value <c>SINGLE_NODE</c>.
    /// </summary>
    SingleNode,

    /// <summary>
    /// A driver with workers: a fixed number when <see cref="CodingAssistantsClusterProps.NumWorkers"/> is set,
    /// otherwise autoscaling between <see cref="CodingAssistantsClusterProps.MinWorkers"/> and
    /// <see cref="CodingAssistantsClusterProps.MaxWorkers"/>. Settings value <c>STANDARD</c>.
    /// </summary>
    Standard,
}

/// <summary>The settings spelling of <see cref="ClusterMode"/>, in one place.</summary>
public static class ClusterModes
{
    /// <summary>Settings value of <see cref="ClusterMode.SingleNode"/>.</summary>
    public const string SingleNode = "SINGLE_NODE";

    /// <summary>Settings value of <see cref="ClusterMode.Standard"/>.</summary>
    public const string Standard = "STANDARD";

    /// <summary>The settings value of <paramref name="mode"/>.</summary>
    public static string ToSetting(this ClusterMode mode) => mode switch
    {
        ClusterMode.SingleNode => SingleNode,
        ClusterMode.Standard => Standard,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>Parses a settings value (exact spelling); null when it is neither.</summary>
    public static ClusterMode? Parse(string value) => value switch
    {
        SingleNode => ClusterMode.SingleNode,
        Standard => ClusterMode.Standard,
        _ => null,
    };
}
