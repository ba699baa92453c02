using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_mlflow_experiment. Ports TPD mlflow/resource_mlflow_experiment.go: id is the experiment id; a name that
/// exists is refused by the MLflow API (RESOURCE_ALREADY_EXISTS; text needs a live check).
/// </summary>
internal sealed class MlflowExperimentResource : ResourceBehaviour
{
    public override string Type => "databricks_mlflow_experiment";

    /// <summary>
    /// Names equal once a <c>/Workspace</c> prefix and a trailing slash are dropped are no change (TPD
    /// mlflow/resource_mlflow_experiment.go <c>experimentNameSuppressDiff</c>; TPD test TestExperimentNameSuppressDiff).
    /// </summary>
    public override void Plan(Call call, PlanRequest plan) =>
        UnityCatalogDiffs.Suppress(plan, "name", (before, after) => Normal(before) == Normal(after));

    private static string Normal(string name) =>
        (name.StartsWith("/Workspace", StringComparison.Ordinal) ? name["/Workspace".Length..] : name).TrimEnd('/');

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var name = state.Str("name");
        if (prior is null && call.Workspace.All(Type).Any(e => e.Str("name") == name))
        {
            throw new PlatformException($"cannot create mlflow experiment: RESOURCE_ALREADY_EXISTS: Node named '{name}' already exists");
        }

        var id = prior?.Str("id") ?? call.Workspace.NewNumericId();
        Fill(state, "experiment_id", id);
        Fill(state, "artifact_location", $"dbfs:/databricks/mlflow-tracking/{id}");
        Fill(state, "creation_time", Millis());
        Fill(state, "last_update_time", Millis());
        Fill(state, "lifecycle_stage", "active");
        return id;
    }
}
