using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_job. Ports TPD jobs/resource_job.go (id is the job id, <c>url</c> computed). The Jobs API's refusals: a
/// task that names no compute where serverless jobs are off ("One of job_cluster_key, new_cluster, or
/// existing_cluster_id must be specified", TPD issue 3414); a task or job cluster with classic compute on Free Edition
/// (needs a live check); a <c>run_as</c> user who is not in the workspace.
/// </summary>
internal sealed class JobResource : ResourceBehaviour
{
    public override string Type => "databricks_job";

    /// <summary>
    /// TPD jobs/resource_job.go <c>CustomizeDiff</c>: <c>always_running</c> and <c>control_run_state</c> need
    /// <c>max_concurrent_runs = 1</c>, and <c>control_run_state</c> needs <c>continuous</c> (TPD tests
    /// TestResourceJobCreate_AlwaysRunning_Conflict, TestResourceJobCreate_ControlRunState_NoContinuous).
    /// </summary>
    public override void Plan(Call call, PlanRequest plan)
    {
        var several = plan.Planned.GetValueOrDefault("max_concurrent_runs") is long runs && runs > 1;
        if (plan.Planned.Bool("always_running") && several)
        {
            plan.Errors.Add("`always_running` must be specified only with `max_concurrent_runs = 1`");
        }

        if (plan.Planned.Bool("control_run_state"))
        {
            if (plan.Planned.Blocks("continuous").Count == 0)
            {
                plan.Errors.Add("`control_run_state` must be specified only with `continuous`");
            }
            else if (several)
            {
                plan.Errors.Add("`control_run_state` must be specified only with `max_concurrent_runs = 1`");
            }
        }
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var verb = prior is null ? "create" : "update";
        foreach (var task in state.Blocks("task"))
        {
            var classic = task.Str("job_cluster_key") is not null || task.Str("existing_cluster_id") is not null || task.Blocks("new_cluster").Count > 0;
            if (!classic && task.Str("environment_key") is null && !call.Profile.Serverless)
            {
                throw new PlatformException($"cannot {verb} job: One of job_cluster_key, new_cluster, or existing_cluster_id must be specified.");
            }

            if (classic && call.Profile.IsFree)
            {
                throw new PlatformException($"cannot {verb} job: Free Edition supports serverless compute only; task {task.Str("task_key")} names a cluster");
            }
        }

        foreach (var runAs in state.Blocks("run_as"))
        {
            if (runAs.Str("user_name") is { } user && call.Workspace.UserByName(user) is null)
            {
                throw new PlatformException($"cannot {verb} job: User {user} does not exist.");
            }
        }

        var id = prior?.Str("id") ?? call.Workspace.NextCounter().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Fill(state, "url", $"{call.Workspace.Host}/#job/{id}");
        return id;
    }
}
