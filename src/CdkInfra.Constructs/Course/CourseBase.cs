using CdkInfra.Course.Content;
using CdkInfra.Policy;
using Constructs;

namespace CdkInfra.Course;

/// <summary>
/// The base of a course split into cohorts: the groups, the catalogs and shared schemas, student compute and the
/// course material, in a stack applied before the cohorts' stacks. The users, their schemas and memberships are the
/// cohorts' (<see cref="CourseCohort"/>); the grants on shared securables are <see cref="CourseAccess"/>'s. What a
/// single <see cref="CourseWorkspace"/> stack held that the other parts now hold leaves this stack's state without being
/// destroyed (Terraform <c>removed</c> blocks), so a course splits in place.
/// </summary>
public sealed class CourseBase : Construct
{
    /// <summary>Validates the props (their roster must be split into cohorts), then builds the base.</summary>
    /// <exception cref="Validation.InputValidationException">The props have problems; every one is listed.</exception>
    public CourseBase(Construct scope, string id, CourseWorkspaceProps props)
        : base(scope, id)
    {
        Built = new CourseBuilder(this, props, CourseWorkspacePart.Base);
        Students = Built.Students!;
    }

    /// <summary>The access policy the course grants.</summary>
    public AccessPolicy Policy => Built.Policy;

    /// <summary>Each user's personal schema name, by user name (lower-case email), over the whole roster.</summary>
    public IReadOnlyDictionary<string, string> SchemaNameByUser => Built.SchemaNameByUser;

    /// <summary>Each active user's personal schema (email to <c>catalog.schema</c>), over the whole roster, as a token for an output.</summary>
    public string PersonalSchemas => Terraform.Tokens.Of(Built.PersonalSchemas);

    /// <summary>The course folder in the workspace.</summary>
    public string WorkspaceFolder => Built.WorkspaceFolder;

    /// <summary>The workspace's URL, read from the deploying identity at plan (a token).</summary>
    public string WorkspaceUrl => Built.Deployer.WorkspaceUrl;

    /// <summary>Entitlements, student compute and the secret scope.</summary>
    public StudentAccess Students { get; }

    /// <summary>The deployed course material; null when the props name no existing content folder.</summary>
    public CourseContent? Content => Built.Content;

    internal CourseBuilder Built { get; }
}
