using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.DataSources;

/// <summary>
/// data.databricks_node_type (TPD clusters/data_node_type.go): the id is the smallest node type of the workspace's
/// cloud that fits the arguments (<see cref="CloudCatalog.Smallest"/>).
/// </summary>
internal sealed class NodeTypeData : DataSourceBehaviour
{
    public override string Type => "databricks_node_type";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var request = new NodeTypeRequest(
            Int(result, "min_memory_gb"), Int(result, "gb_per_core"), Int(result, "min_cores"), Int(result, "min_gpus"),
            result.Bool("local_disk") || Int(result, "local_disk_min_size") > 0, result.Str("category"), result.Bool("arm") || result.Bool("graviton"));
        result["id"] = CloudCatalog.Smallest(call.Profile.Cloud, request);
    }

    private static int Int(Dictionary<string, object?> o, string key) => o.GetValueOrDefault(key) switch
    {
        long l => (int)l,
        double d => (int)d,
        _ => 0,
    };
}

/// <summary>
/// data.databricks_spark_version (TPD clusters/data_spark_version.go): <c>scala</c> defaults to 2.12 and
/// <c>latest</c> to true; the id is the runtime the SDK's selection gives (<see cref="CloudCatalog.SelectRuntime"/>).
/// With the default Scala 2.12, the newest LTS is 16.4: the 17.x runtimes are built for Scala 2.13 only.
/// </summary>
internal sealed class SparkVersionData : DataSourceBehaviour
{
    public override string Type => "databricks_spark_version";

    public override void Read(Call call, Dictionary<string, object?> result)
    {
        var request = new SparkVersionRequest(
            result.Str("scala") ?? "2.12", result.Bool("long_term_support"), result.GetValueOrDefault("latest") is not false,
            result.Bool("ml"), result.Bool("gpu"), result.Bool("photon"), result.Bool("beta"), result.Str("spark_version"));
        try
        {
            // The SDK's Select matches "-hls-" keys exactly against genomics (TPD test TestSparkVersionGenomics); no
            // current runtime is a Genomics one, so asking for one finds none.
            if (result.Bool("genomics"))
            {
                throw new InvalidOperationException("spark versions query returned no results. Please change your search criteria and try again");
            }

            result["id"] = CloudCatalog.SelectRuntime(request);
        }
        catch (InvalidOperationException e)
        {
            throw new PlatformException(e.Message);
        }
    }
}
