using CdkInfra.CodingAssistants;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Roster;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace PartnerCourse;

/// <summary>
/// A partner's short course on the same construct library: its own groups and catalogs, learners who do not read
/// each other's schemas, and one platform engineer with every privilege. Its two groups are account groups that a
/// workspace admin made in the workspace admin settings, so Unity Catalog grants name the groups.
/// </summary>
internal sealed class PartnerCourseStack : TerraformStack
{
    public PartnerCourseStack(Construct scope, string id, CourseRoster roster)
        : base(scope, id)
    {
        // Auth from the environment (DATABRICKS_HOST, DATABRICKS_TOKEN) or a profile; no credentials in code.
        _ = new DatabricksProvider(this, "Databricks", new DatabricksProviderConfig());
        _ = new LocalBackend(this, new LocalBackendConfig { Path = $"../../../terraform.{id}.tfstate" });

        Workspace = new CourseWorkspace(this, "Workspace", new CourseWorkspaceProps
        {
            Roster = roster,
            AdminsGroupName = "partner_instructors",
            StudentsGroupName = "partner_learners",
            SuperAdmins = ["platform.engineer@example.com"],
            CourseCatalogName = "partner_course",
            CourseSharedSchemas = ["datasets"],
            ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["partner_reference"] = ["raw", "curated"] },
            StudentsReadPeerSchemas = false,
            // Account groups a workspace admin made in the workspace admin settings: they exist, and the stack reaches
            // them through the workspace, without the account API.
            GroupsLevel = GroupsLevel.Account,
            GroupSource = ObjectSource.Existing,
            Principals = PrincipalMode.Groups,
        });

        // The partner's own grant, beyond the course's access policy: its data stewards (an account group) read the
        // reference catalog. It joins the catalog's one authoritative grants resource instead of making a second one,
        // which would revoke the course's grants on every apply.
        Workspace.Grants.ReferenceCatalogs.Grant(Principal.Group(DataStewards), Privilege.UseCatalog, Privilege.UseSchema, Privilege.Select);
    }

    /// <summary>The account group of the partner's data stewards, who read the reference catalog.</summary>
    public const string DataStewards = "partner_data_stewards";

    /// <summary>The course workspace: its schema names per user and its access policy.</summary>
    public CourseWorkspace Workspace { get; }
}

/// <summary>
/// The partner's coding-assistants cluster, in a stack of its own. It takes the init script the package ships
/// (<see cref="CodingAssistantsClusterProps.BundledInitScriptPath"/>, copied beside this app's assembly).
/// </summary>
internal sealed class PartnerAssistantsStack : TerraformStack
{
    public PartnerAssistantsStack(Construct scope, string id)
        : base(scope, id)
    {
        _ = new DatabricksProvider(this, "Databricks", new DatabricksProviderConfig());
        _ = new LocalBackend(this, new LocalBackendConfig { Path = $"../../../terraform.{id}.tfstate" });
        _ = new CodingAssistantsCluster(this, "CodingAssistants", new CodingAssistantsClusterProps
        {
            CatalogName = "partner_course",
            SchemaName = "datasets",
            SingleUserName = "lena.lead@example.com",
        });
    }
}
