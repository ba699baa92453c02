using CdkInfra.Policy;
using Constructs;

namespace CdkInfra.Course;

/// <summary>
/// The grants on the shared securables of a course split into cohorts, in a stack applied after every cohort's: the
/// authoritative ones name every cohort's people, so it waits for them; of the per-principal ones (users as
/// principals) it holds those of the principals outside the cohorts' share. The securables are <see cref="CourseBase"/>'s,
/// named by name.
/// </summary>
public sealed class CourseAccess : Construct
{
    /// <summary>Validates the props (their roster must be split into cohorts), then builds the grants.</summary>
    /// <exception cref="Validation.InputValidationException">The props have problems; every one is listed.</exception>
    public CourseAccess(Construct scope, string id, CourseWorkspaceProps props)
        : base(scope, id)
    {
        Built = new CourseBuilder(this, props, CourseWorkspacePart.Access);
        Grants = new CourseGrants(Built.ReferenceCatalogs!, Built.CourseCatalog!, Built.DatasetsVolumeGrants);
    }

    /// <summary>The access policy the course grants.</summary>
    public AccessPolicy Policy => Built.Policy;

    /// <summary>The grants on the shared securables, where a team's own grants join the policy's.</summary>
    public CourseGrants Grants { get; }

    internal CourseBuilder Built { get; }
}
