using System.Globalization;
using System.Text.Json.Nodes;
using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_cluster_policy. Ports TPD policies/resource_cluster_policy.go: id equals <c>policy_id</c>. The platform
/// refuses policies on Free Edition (no classic compute; message text needs a live check) and a definition that fixes
/// or allows a node type the cloud does not offer (needs a live check: the Policies API's own validation of node types
/// is not documented).
/// </summary>
internal sealed class ClusterPolicyResource : ResourceBehaviour
{
    public override string Type => "databricks_cluster_policy";

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var verb = prior is null ? "create" : "update";
        if (call.Profile.IsFree)
        {
            throw new PlatformException($"cannot {verb} cluster policy: Free Edition supports serverless compute only; cluster policies cannot be created");
        }

        if (state.Str("definition") is { } definition && Value.IsKnown(definition))
        {
            JsonObject? parsed;
            try
            {
                parsed = JsonNode.Parse(definition) as JsonObject;
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new PlatformException($"cannot {verb} cluster policy: INVALID_PARAMETER_VALUE: Policy definition is not valid JSON: {e.Message}");
            }

            foreach (var key in new[] { "node_type_id", "driver_node_type_id" })
            {
                if (parsed?[key] is JsonObject rule)
                {
                    var values = rule["values"] is JsonArray list ? list.Select(v => (string?)v) : [(string?)rule["value"]];
                    foreach (var value in values)
                    {
                        Check(CloudCatalog.NodeTypeError(call.Profile.Cloud, value) is { } error ? $"cannot {verb} cluster policy: {error}" : null);
                    }
                }
            }
        }

        var id = prior?.Str("id") ?? call.Workspace.NextCounter().ToString("X16", CultureInfo.InvariantCulture);
        Fill(state, "policy_id", id);
        return id;
    }
}
