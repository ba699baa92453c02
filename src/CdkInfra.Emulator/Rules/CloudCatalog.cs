namespace CdkInfra.Emulator.Rules;

/// <summary>One node type of a cloud, as the Clusters API's list-node-types describes it.</summary>
internal sealed record NodeType(string Id, int Cores, int MemoryMb, int LocalDisks, int Gpus = 0, bool Arm = false, string Category = "General Purpose");

/// <summary>One runtime version, as the Clusters API's spark-versions lists it (key and display name).</summary>
internal sealed record RuntimeVersion(string Key, string Name);

/// <summary>
/// What each cloud offers: a small, realistic subset of the node types and runtime versions the Clusters API lists, so
/// that <c>databricks_node_type</c> and <c>databricks_spark_version</c> answer real ids and a cluster naming another
/// cloud's node type is refused ("Node type X is not supported. Supported node types: ...", TPD issue 220). The
/// selection logic is the Go SDK's (<c>ListNodeTypesResponse.Smallest</c>, <c>GetSparkVersionsResponse.Select</c> in
/// databricks-sdk-go service/compute), which the provider calls (TPD clusters/data_node_type.go,
/// clusters/data_spark_version.go). The lists are a sample taken from the clouds' instance families; the exact lists a
/// given workspace offers need a live check.
/// </summary>
internal static class CloudCatalog
{
    private static readonly Dictionary<string, NodeType[]> NodeTypes = new(StringComparer.Ordinal)
    {
        ["aws"] =
        [
            new("m5d.large", 2, 8192, 1), new("m5d.xlarge", 4, 16384, 1), new("m5.xlarge", 4, 16384, 0),
            new("c5d.xlarge", 4, 8192, 1, Category: "Compute Optimized"), new("i3.xlarge", 4, 31232, 2, Category: "Storage Optimized"),
            new("r5d.xlarge", 4, 32768, 1, Category: "Memory Optimized"), new("m6gd.xlarge", 4, 16384, 1, Arm: true),
            new("m6g.xlarge", 4, 16384, 0, Arm: true), new("m5d.2xlarge", 8, 32768, 1), new("g4dn.xlarge", 4, 16384, 1, Gpus: 1, Category: "GPU Accelerated"),
        ],
        ["azure"] =
        [
            new("Standard_D4ds_v5", 4, 16384, 1), new("Standard_DS3_v2", 4, 14336, 1), new("Standard_D4s_v5", 4, 16384, 0),
            new("Standard_F4s", 4, 8192, 1, Category: "Compute Optimized"), new("Standard_E4ds_v5", 4, 32768, 1, Category: "Memory Optimized"),
            new("Standard_D8ds_v5", 8, 32768, 1), new("Standard_D4pds_v6", 4, 16384, 1, Arm: true), new("Standard_D8pds_v6", 8, 32768, 1, Arm: true),
            new("Standard_NC4as_T4_v3", 4, 28672, 1, Gpus: 1, Category: "GPU Accelerated"),
        ],
        ["gcp"] =
        [
            new("n1-standard-4", 4, 15360, 1), new("n2-standard-4", 4, 16384, 1), new("e2-standard-4", 4, 16384, 0),
            new("n2-highmem-4", 4, 32768, 1, Category: "Memory Optimized"), new("n2-standard-8", 8, 32768, 1),
            new("g2-standard-4", 4, 16384, 1, Gpus: 1, Category: "GPU Accelerated"),
        ],
    };

    private static readonly RuntimeVersion[] Versions =
    [
        new("15.4.x-scala2.12", "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)"),
        new("15.4.x-cpu-ml-scala2.12", "15.4 LTS ML (includes Apache Spark 3.5.0, Scala 2.12)"),
        new("16.4.x-scala2.12", "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)"),
        new("16.4.x-scala2.13", "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.13)"),
        new("16.4.x-cpu-ml-scala2.12", "16.4 LTS ML (includes Apache Spark 3.5.2, Scala 2.12)"),
        new("17.2.x-scala2.13", "17.2 (includes Apache Spark 4.0.0, Scala 2.13)"),
        new("17.3.x-scala2.13", "17.3 LTS (includes Apache Spark 4.0.0, Scala 2.13)"),
        new("17.3.x-photon-scala2.13", "17.3 LTS Photon (includes Apache Spark 4.0.0, Scala 2.13)"),
        new("17.3.x-cpu-ml-scala2.13", "17.3 LTS ML (includes Apache Spark 4.0.0, Scala 2.13)"),
        new("17.3.x-gpu-ml-scala2.13", "17.3 LTS ML GPU (includes Apache Spark 4.0.0, Scala 2.13)"),
    ];

    public static IReadOnlyList<NodeType> NodeTypesOf(string cloud) => NodeTypes[cloud];

    public static bool IsRuntime(string key) => Versions.Any(v => v.Key == key);

    /// <summary>The cluster API's refusal of a node type the cloud does not offer, or null.</summary>
    public static string? NodeTypeError(string cloud, string? nodeType)
    {
        if (nodeType is null || NodeTypes[cloud].Any(n => n.Id == nodeType))
        {
            return null;
        }

        return $"Node type {nodeType} is not supported. Supported node types: {string.Join(", ", NodeTypes[cloud].Select(n => n.Id))}";
    }

    /// <summary>
    /// The smallest node type that fits the request: sorted by cores, memory, local disks, GPUs, id (the SDK's sort),
    /// then the first that passes every filter; with none, the provider's per-cloud fallback
    /// (TPD clusters/data_node_type.go <c>defaultSmallestNodeType</c>).
    /// </summary>
    public static string Smallest(string cloud, NodeTypeRequest r)
    {
        foreach (var n in NodeTypes[cloud].OrderBy(n => n.Cores).ThenBy(n => n.MemoryMb).ThenBy(n => n.LocalDisks).ThenBy(n => n.Gpus).ThenBy(n => n.Id, StringComparer.Ordinal))
        {
            var gbs = n.MemoryMb / 1024;
            if ((r.MinMemoryGb > 0 && gbs < r.MinMemoryGb) || (r.GbPerCore > 0 && gbs / n.Cores < r.GbPerCore) || (r.MinCores > 0 && n.Cores < r.MinCores)
                || (r.MinGpus > 0 && n.Gpus < r.MinGpus) || (r.MinGpus == 0 && n.Gpus > 0) || (r.LocalDisk && n.LocalDisks < 1)
                || (r.Category is not null && !string.Equals(r.Category, n.Category, StringComparison.OrdinalIgnoreCase)) || r.Arm != n.Arm)
            {
                continue;
            }

            return n.Id;
        }

        return (cloud, r.Arm) switch
        {
            ("aws", true) => "m6g.xlarge",
            ("azure", true) => "Standard_D4pds_v6",
            ("azure", _) => "Standard_D4ds_v5",
            ("gcp", _) => "n1-standard-4",
            _ => "i3.xlarge",
        };
    }

    /// <summary>
    /// The runtime the request selects (the SDK's <c>Select</c>): keys with the Scala version, then ML, GPU, Photon
    /// and Beta must match exactly, LTS and a Spark version narrow; several matches need <c>latest</c> (the newest).
    /// </summary>
    public static string SelectRuntime(SparkVersionRequest r)
    {
        var matches = Versions.Where(v => v.Key.Contains("-scala" + r.Scala, StringComparison.Ordinal)
                && v.Key.Contains("-ml-", StringComparison.Ordinal) == r.Ml
                && v.Key.Contains("-gpu-", StringComparison.Ordinal) == r.Gpu
                && v.Key.Contains("-photon-", StringComparison.Ordinal) == r.Photon
                && v.Name.Contains("Beta", StringComparison.Ordinal) == r.Beta
                && (!r.LongTermSupport || v.Name.Contains("LTS", StringComparison.Ordinal))
                && (r.SparkVersion is null || v.Name.Contains("Apache Spark " + r.SparkVersion, StringComparison.Ordinal)))
            .Select(v => v.Key).ToList();
        if (matches.Count == 0)
        {
            throw new InvalidOperationException("spark versions query returned no results. Please change your search criteria and try again");
        }

        if (matches.Count > 1 && !r.Latest)
        {
            throw new InvalidOperationException($"spark versions query returned multiple results {string.Join(", ", matches)}. Please change your search criteria and try again");
        }

        return matches.OrderByDescending(k => Version.Parse(k[..k.IndexOf(".x", StringComparison.Ordinal)])).First();
    }
}

internal sealed record NodeTypeRequest(int MinMemoryGb, int GbPerCore, int MinCores, int MinGpus, bool LocalDisk, string? Category, bool Arm);

internal sealed record SparkVersionRequest(string Scala, bool LongTermSupport, bool Latest, bool Ml, bool Gpu, bool Photon, bool Beta, string? SparkVersion);
