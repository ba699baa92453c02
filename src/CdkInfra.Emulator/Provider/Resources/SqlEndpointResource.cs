using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_sql_endpoint. Ports TPD sql/resource_sql_endpoint.go: id is the warehouse id; a serverless warehouse is
/// refused where serverless is off (message text needs a live check).
/// </summary>
internal sealed class SqlEndpointResource : ResourceBehaviour
{
    public override string Type => "databricks_sql_endpoint";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        if (state.Bool("enable_serverless_compute") && !call.Profile.Serverless)
        {
            throw new PlatformException("cannot create sql endpoint: Serverless SQL warehouses are not enabled for this workspace");
        }

        var id = prior?.Str("id") ?? call.Workspace.NewUuid().Replace("-", string.Empty, StringComparison.Ordinal)[..16];
        return id;
    }
}
