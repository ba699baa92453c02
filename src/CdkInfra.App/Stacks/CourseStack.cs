using CdkInfra.Course;
using CdkInfra.Course.Content;
using CdkInfra.Policy;
using CdkInfra.Settings;
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

    /// <summary>What a course stack holds.</summary>
    public enum Kind
    {
        /// <summary>The whole course (<see cref="CourseWorkspace"/>).</summary>
        Whole,

        /// <summary>The base of a split roster (<see cref="CourseBase"/>).</summary>
        Base,

        /// <summary>One cohort (<see cref="CourseCohort"/>).</summary>
        Cohort,

        /// <summary>The grants on shared securables (<see cref="CourseAccess"/>).</summary>
        Access,
    }

    public CourseStack(Construct scope, string id, AppSettings settings, Kind kind = Kind.Whole, string? cohort = null)
        : base(scope, id)
    {
        StackWiring.Configure(this, id, settings);
        var props = settings.Course;
        switch (kind)
        {
            case Kind.Whole:
                var whole = new CourseWorkspace(this, "Workspace", props);
                (Policy, Content, SchemaNameByUser) = (whole.Policy, whole.Content, whole.SchemaNameByUser);
                AddOutputs(props, whole.PersonalSchemas, whole.WorkspaceUrl, whole.WorkspaceFolder, whole.Content, whole.Students);
                break;
            case Kind.Base:
                var courseBase = new CourseBase(this, "Workspace", props);
                (Policy, Content, SchemaNameByUser) = (courseBase.Policy, courseBase.Content, courseBase.SchemaNameByUser);
                AddOutputs(props, courseBase.PersonalSchemas, courseBase.WorkspaceUrl, courseBase.WorkspaceFolder, courseBase.Content, courseBase.Students);
                break;
            case Kind.Cohort:
                var part = new CourseCohort(this, "Workspace", props, cohort!);
                (Policy, SchemaNameByUser) = (part.Policy, part.SchemaNameByUser);
                Output("personal_schemas", part.PersonalSchemas, "Each active user's personal schema in this cohort (email to catalog.schema).");
                break;
            default:
                var access = new CourseAccess(this, "Workspace", props);
                (Policy, SchemaNameByUser) = (access.Policy, new Dictionary<string, string>());
                break;
        }
    }

    /// <summary>The stack id of a cohort.</summary>
    public static string CohortId(string cohort) => $"course-cohort-{cohort}";

    /// <summary>The access policy the course grants.</summary>
    public AccessPolicy Policy { get; }

    /// <summary>The deployed course material, in the whole course's or the base's stack.</summary>
    public CourseContent? Content { get; }

    /// <summary>Each user's personal schema name over the whole roster; empty in the access stack.</summary>
    public IReadOnlyDictionary<string, string> SchemaNameByUser { get; }

    /// <summary>What onboarding needs (<c>terraform output -json</c>): where each user works, the course, the compute.</summary>
    private void AddOutputs(CourseWorkspaceProps props, string personalSchemas, string workspaceUrl, string folder, CourseContent? content, StudentAccess students)
    {
        Output("personal_schemas", personalSchemas, "Each active user's personal schema (email to catalog.schema).");

        // #workspace<path> opens a folder in the UI.
        Output("course_folder_url", $"{workspaceUrl}/#workspace{StackWiring.Literal(folder)}", "The course folder in the workspace UI: students clone the notebooks from it.");
        Output("datasets_path", content?.DatasetsPath ?? "", "The volume folder of the course datasets; empty without datasets.");
        var compute = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["mode"] = SettingValues.Name(props.StudentCompute),
            ["cluster_policy_id"] = students.PolicyId ?? "",
            ["cluster_id"] = students.ClusterId ?? "",
            ["warehouse_id"] = students.WarehouseId ?? "",
            ["secret_scope"] = students.SecretScopeName is { } scope ? StackWiring.Literal(scope) : "",
        };
        Output("student_compute", compute, "What students compute on: serverless (nothing created), a cluster policy or the shared cluster; the SQL warehouse and the secret scope.");
    }

    private void Output(string name, object value, string description) =>
        _ = new TerraformOutput(this, name, new TerraformOutputConfig { Value = value, Description = description });
}

/// <summary>What every stack of the app shares: the provider (auth from the environment or a profile) and the backend.</summary>
internal static class StackWiring
{
    /// <summary>
    /// Settings text as a Terraform literal: Terraform reads <c>${</c> and <c>%{</c> in any string as a template, so
    /// they are doubled, and the text reaches Databricks exactly as written.
    /// </summary>
    public static string Literal(string text) => text.Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal);

    public static void Configure(TerraformStack stack, string stackId, AppSettings settings)
    {
        // No credentials here: the provider reads DATABRICKS_HOST/DATABRICKS_TOKEN (or another auth method) from the
        // environment, or a profile of ~/.databrickscfg. Nothing secret reaches the synthesized files.
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig
        {
            Profile = settings.DatabricksProfile is { } profile ? Literal(profile) : null,
            Host = settings.DatabricksHost is { } host ? Literal(host) : null,
        });

        // A local state file per stack by default; the backend setting selects a shared one with locking.
        _ = StateBackends.Add(stack, stackId, settings.Backend);
    }
}
