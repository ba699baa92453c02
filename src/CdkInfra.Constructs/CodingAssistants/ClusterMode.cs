namespace CdkInfra.CodingAssistants;

/// <summary>How the coding-assistants cluster is sized.</summary>
public enum ClusterMode
{
    /// <summary>
    /// One driver node and no workers, declared the current way (<c>is_single_node = true</c>,
    /// <c>kind = "CLASSIC_PREVIEW"</c>).
    /// </summary>
    SingleNode,

    /// <summary>
    /// A driver with workers: a fixed number when <see cref="CodingAssistantsClusterProps.NumWorkers"/> is set,
    /// otherwise autoscaling between <see cref="CodingAssistantsClusterProps.MinWorkers"/> and
    /// <see cref="CodingAssistantsClusterProps.MaxWorkers"/>.
    /// </summary>
    Standard,
}
