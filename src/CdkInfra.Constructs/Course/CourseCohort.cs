using CdkInfra.Policy;
using Constructs;

namespace CdkInfra.Course;

/// <summary>
/// One cohort of a course split into cohorts: its users, their memberships and their personal schemas with their
/// grants, in a stack of its own, applied after <see cref="CourseBase"/>'s. Schema names are resolved over the whole
/// roster, so they never collide with another cohort's.
/// </summary>
public sealed class CourseCohort : Construct
{
    /// <summary>Validates the props, then builds the cohort named <paramref name="cohort"/> (one of <see cref="CourseWorkspaceProps.CohortNames"/>).</summary>
    /// <exception cref="Validation.InputValidationException">The props have problems or the roster has no such cohort.</exception>
    public CourseCohort(Construct scope, string id, CourseWorkspaceProps props, string cohort)
        : base(scope, id)
    {
        Built = new CourseBuilder(this, props, CourseWorkspacePart.Cohort, cohort);
        Name = cohort;
        PersonalSchemaGrants = Built.UserSchemas!.Grants;
    }

    /// <summary>The cohort's name.</summary>
    public string Name { get; }

    /// <summary>The access policy the course grants.</summary>
    public AccessPolicy Policy => Built.Policy;

    /// <summary>Each user's personal schema name, by user name, over the whole roster.</summary>
    public IReadOnlyDictionary<string, string> SchemaNameByUser => Built.SchemaNameByUser;

    /// <summary>Each active user of this cohort's personal schema (email to <c>catalog.schema</c>), as a token for an output.</summary>
    public string PersonalSchemas => Terraform.Tokens.Of(Built.PersonalSchemas);

    /// <summary>The grants on this cohort's personal schemas.</summary>
    public SecurableGrants PersonalSchemaGrants { get; }

    internal CourseBuilder Built { get; }
}
