using System.Globalization;
using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_cluster. Ports TPD clusters/resource_cluster.go: id is the cluster id (<c>MMdd-HHmmss-xxxxxxxx</c>);
/// <c>autotermination_minutes</c> 60 and <c>num_workers</c> 0 by default; Create waits for RUNNING unless
/// <c>no_wait</c>. The platform's refusals: classic compute on Free Edition (Databricks docs "Free Edition
/// limitations": serverless only; message text needs a live check), a node type the cloud does not offer (TPD issue 220),
/// a runtime that does not exist, the legacy single-node profile next to <c>kind</c> (databricks-sdk-py issue 881, TPD
/// PR 4817), SINGLE_USER without a user. Single-node clusters gain server-side keys (TPD issue 4360).
/// </summary>
internal sealed class ClusterResource : ResourceBehaviour
{
    public override string Type => "databricks_cluster";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var verb = prior is null ? "create" : "update";
        if (call.Profile.IsFree)
        {
            throw new PlatformException($"cannot {verb} cluster: Free Edition supports serverless compute only; classic clusters cannot be created");
        }

        Check(Refusal(call, state, verb));
        var id = prior?.Str("id") ?? NewClusterId(call);
        state["cluster_id"] = id;
        FillServerValues(call, state, id);
        return id;
    }

    public override Dictionary<string, object?> Stored(Call call, Dictionary<string, object?> state)
    {
        var stored = (Dictionary<string, object?>)Value.Clone(state)!;
        AddSingleNodeKeys(stored);
        return stored;
    }

    /// <summary>A cluster of a seed file, as the workspace would hold it.</summary>
    public Dictionary<string, object?> Seeded(Call call, Dictionary<string, object?> spec)
    {
        var state = call.Schema.Resources[Type].Complete(spec);
        var id = spec.Str("cluster_id") ?? NewClusterId(call);
        state["id"] = id;
        state["cluster_id"] = id;
        FillServerValues(call, state, id);
        Fill(state, "autotermination_minutes", 60L);
        Fill(state, "num_workers", 0L);
        return state;
    }

    internal static string? Refusal(Call call, Dictionary<string, object?> cluster, string verb)
    {
        var cloud = call.Profile.Cloud;
        var error = DatabricksRefusals.ClusterError(cluster)
            ?? CloudCatalog.NodeTypeError(cloud, Known(cluster.Str("node_type_id")))
            ?? CloudCatalog.NodeTypeError(cloud, Known(cluster.Str("driver_node_type_id")));
        if (error is null && Known(cluster.Str("spark_version")) is { } runtime && !CloudCatalog.IsRuntime(runtime))
        {
            error = $"INVALID_PARAMETER_VALUE: Invalid spark version {runtime}.";
        }

        return error is null ? null : error.StartsWith("cannot ", StringComparison.Ordinal) ? error : $"cannot {verb} cluster: {error}";
    }

    /// <summary>
    /// Single node clusters made with <c>is_single_node</c> and <c>kind = CLASSIC_PREVIEW</c>: the platform adds the
    /// single-node Spark configuration and tag itself, so they show in the cluster's spark_conf and custom_tags on the
    /// next read (TPD issue 4360: <c>spark.databricks.cluster.profile = singleNode</c>, <c>spark.master = local[*, 4]</c>,
    /// <c>ResourceClass = SingleNode</c>).
    /// </summary>
    private static void AddSingleNodeKeys(Dictionary<string, object?> cluster)
    {
        if (!cluster.Bool("is_single_node") || cluster.Str("kind") != "CLASSIC_PREVIEW")
        {
            return;
        }

        var conf = cluster.Map("spark_conf") ?? Value.Object();
        conf["spark.databricks.cluster.profile"] = "singleNode";
        conf["spark.master"] = "local[*, 4]";
        cluster["spark_conf"] = conf;
        var tags = cluster.Map("custom_tags") ?? Value.Object();
        tags["ResourceClass"] = "SingleNode";
        cluster["custom_tags"] = tags;
    }

    private static string? Known(string? value) => value is null || value.Contains("${", StringComparison.Ordinal) ? null : value;

    private static void FillServerValues(Call call, Dictionary<string, object?> state, string id)
    {
        Fill(state, "node_type_id", CloudCatalog.Smallest(call.Profile.Cloud, new NodeTypeRequest(0, 0, 0, 0, false, null, false)));
        Fill(state, "driver_node_type_id", state.Str("node_type_id"));
        Fill(state, "enable_elastic_disk", true);
        Fill(state, "enable_local_disk_encryption", false);
        Fill(state, "state", state.Bool("no_wait") ? "PENDING" : "RUNNING");
        Fill(state, "url", $"{call.Workspace.Host}#setting/clusters/{id}/configuration");
        Fill(state, "default_tags", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Vendor"] = "Databricks",
            ["Creator"] = call.Workspace.CurrentUser,
            ["ClusterName"] = state.Str("cluster_name"),
            ["ClusterId"] = id,
        });
    }

    private static string NewClusterId(Call call)
    {
        // The Clusters API's id format: MMdd-HHmmss-xxxxxxxx (eight lower-case letters and digits).
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var n = call.Workspace.NextCounter();
        var suffix = new char[8];
        for (var i = 0; i < 8; i++)
        {
            suffix[i] = alphabet[(int)((n * 7919 / (i + 1) + i * 31) % alphabet.Length)];
        }

        return $"{DateTimeOffset.UtcNow.ToString("MMdd-HHmmss", CultureInfo.InvariantCulture)}-{new string(suffix)}";
    }
}
