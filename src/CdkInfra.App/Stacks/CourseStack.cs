using CdkInfra.Course;
using CdkInfra.Settings;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.App.Stacks;

/// <summary>
/// A stack of the course workspace, its provider and its state: the whole course (<c>course</c>), or, for a roster
/// split into cohorts, the base (<c>course</c>), one cohort (<c>course-cohort-NAME</c>) or the shared grants
/// (<c>course-access</c>).
/// </summary>
internal sealed class CourseStack : TerraformStack
{
    /// <summary>The base stack's id; with an unsplit roster, the one course stack's.</summary>
    public const string BaseId = "course";

    /// <summary>The access stack's id.</summary>
    public const string AccessId = "course-access";

    public CourseStack(Construct scope, string id, AppSettings settings, CourseWorkspacePart part = CourseWorkspacePart.All, string? cohort = null)
        : base(scope, id)
    {
        StackWiring.Configure(this, id, settings);
        Workspace = new CourseWorkspace(this, "Workspace", settings.Course with { Part = part, Cohort = cohort });
        if (part is CourseWorkspacePart.All or CourseWorkspacePart.Base)
        {
            AddOutputs(settings.Course);
        }
        else if (part == CourseWorkspacePart.Cohort)
        {
            Output("personal_schemas", Workspace.PersonalSchemas, "Each active user's personal schema in this cohort (email to catalog.schema).");
        }
    }

    /// <summary>The stack id of a cohort.</summary>
    public static string CohortId(string cohort) => $"course-cohort-{cohort}";

    public CourseWorkspace Workspace { get; }

    /// <summary>What onboarding needs (<c>terraform output -json</c>): where each user works, the course, the compute.</summary>
    private void AddOutputs(CourseWorkspaceProps props)
    {
        Output("personal_schemas", Workspace.PersonalSchemas, "Each active user's personal schema (email to catalog.schema).");
        // The workspace's URL comes from the deploying identity's lookup; #workspace<path> opens a folder in the UI.
        Output("course_folder_url", $"${{data.databricks_current_user.deployer.workspace_url}}/#workspace{TerraformText.Literal(Workspace.WorkspaceFolder)}",
            "The course folder in the workspace UI: students clone the notebooks from it.");
        Output("datasets_path", Workspace.Content?.DatasetsPath ?? "", "The volume folder of the course datasets; empty without datasets.");
        var students = Workspace.Students!;
        var compute = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["mode"] = SettingValues.Name(props.StudentCompute),
            ["cluster_policy_id"] = students.PolicyId ?? "",
            ["cluster_id"] = students.ClusterId ?? "",
            ["warehouse_id"] = students.WarehouseId ?? "",
            ["secret_scope"] = students.SecretScopeName is { } scope ? TerraformText.Literal(scope) : "",
        };
        Output("student_compute", compute, "What students compute on: serverless (nothing created), a cluster policy or the shared cluster; the SQL warehouse and the secret scope.");
    }

    private void Output(string name, object value, string description) =>
        _ = new TerraformOutput(this, name, new TerraformOutputConfig { Value = value, Description = description });
}

/// <summary>What every stack of the app shares: the provider (auth from the environment or a profile) and the backend.</summary>
internal static class StackWiring
{
    public static void Configure(TerraformStack stack, string stackId, AppSettings settings)
    {
        // No credentials here: the provider reads DATABRICKS_HOST/DATABRICKS_TOKEN (or another auth method) from the
        // environment, or a profile of ~/.databrickscfg. Nothing secret reaches the synthesized files.
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig
        {
            Profile = TerraformText.LiteralOrNull(settings.DatabricksProfile),
            Host = TerraformText.LiteralOrNull(settings.DatabricksHost),
        });

        // A local state file per stack by default; the backend setting selects a shared one with locking.
        _ = StateBackends.Add(stack, stackId, settings.Backend);
    }
}
