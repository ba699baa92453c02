using CdkInfra.Course;
using CdkInfra.Settings;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.App.Stacks;

/// <summary>The <c>course</c> stack: the course workspace, its provider and its state.</summary>
internal sealed class CourseStack : TerraformStack
{
    public CourseStack(Construct scope, string id, AppSettings settings)
        : base(scope, id)
    {
        StackWiring.Configure(this, id, settings);
        Workspace = new CourseWorkspace(this, "Workspace", settings.Course);
    }

    public CourseWorkspace Workspace { get; }
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
