using CdkInfra.Course.Content;
using CdkInfra.Policy;
using Constructs;

namespace CdkInfra.Course;

/// <summary>
/// The whole course workspace in one stack (L3): identities from the roster, the shared reference catalogs, the course
/// catalog with its shared schemas, one personal schema per user, the grants of the access policy, student compute and
/// the course material. Needs a Databricks provider in the stack. One per stack: its Terraform addresses are fixed
/// (<c>databricks_schema.personal_schemas</c>). A roster too large for one stack is split into cohorts and built as
/// <see cref="CourseBase"/>, one <see cref="CourseCohort"/> per cohort and <see cref="CourseAccess"/>, each in a stack
/// of its own, at the same addresses.
/// </summary>
public sealed class CourseWorkspace : Construct
{
    /// <summary>Validates the props, then builds the workspace.</summary>
    /// <exception cref="Validation.InputValidationException">The props have problems; every one is listed.</exception>
    public CourseWorkspace(Construct scope, string id, CourseWorkspaceProps props)
        : base(scope, id)
    {
        Built = new CourseBuilder(this, props, CourseWorkspacePart.All);
        Students = Built.Students!;
        Grants = new CourseGrants(Built.ReferenceCatalogs!, Built.CourseCatalog!, Built.DatasetsVolumeGrants);
        PersonalSchemaGrants = Built.UserSchemas!.Grants;
    }

    /// <summary>The access policy this workspace grants.</summary>
    public AccessPolicy Policy => Built.Policy;

    /// <summary>Each user's personal schema name, by user name (lower-case email), in roster order.</summary>
    public IReadOnlyDictionary<string, string> SchemaNameByUser => Built.SchemaNameByUser;

    /// <summary>Each active user's personal schema (email to <c>catalog.schema</c>), as a token for an output.</summary>
    public string PersonalSchemas => Terraform.Tokens.Of(Built.PersonalSchemas);

    /// <summary>The course folder in the workspace.</summary>
    public string WorkspaceFolder => Built.WorkspaceFolder;

    /// <summary>The workspace's URL, read from the deploying identity at plan (a token).</summary>
    public string WorkspaceUrl => Built.Deployer.WorkspaceUrl;

    /// <summary>Entitlements, student compute and the secret scope.</summary>
    public StudentAccess Students { get; }

    /// <summary>The deployed course material; null when the props name no existing content folder.</summary>
    public CourseContent? Content => Built.Content;

    /// <summary>The grants on the shared securables, where a team's own grants join the policy's.</summary>
    public CourseGrants Grants { get; }

    /// <summary>The grants on every personal schema (one resource instance per schema).</summary>
    public SecurableGrants PersonalSchemaGrants { get; }

    internal CourseBuilder Built { get; }

    internal ReferenceCatalogs? ReferenceCatalogs => Built.ReferenceCatalogs;

    internal CourseCatalog? CourseCatalog => Built.CourseCatalog;

    internal UserSchema? UserSchemas => Built.UserSchemas;

    internal SecurableGrants? DatasetsVolumeGrants => Built.DatasetsVolumeGrants;

    internal Adoption? Adoption => Built.Adoption;
}
