using CdkInfra.Policy;
using HashiCorp.Cdktf;

namespace CdkInfra.Course;

/// <summary>What the reference catalogs and the course catalog are built with alike.</summary>
internal sealed record CatalogSettings
{
    /// <summary>The access policy whose rows are granted.</summary>
    public required AccessPolicy Policy { get; init; }

    /// <summary>Create the catalogs, or reference existing ones.</summary>
    public required bool CreateCatalogs { get; init; }

    /// <summary>Create the schemas, or reference existing ones.</summary>
    public required bool CreateSchemas { get; init; }

    /// <summary>What the grants wait for: the users and groups they name.</summary>
    public required IReadOnlyList<ITerraformDependable> Principals { get; init; }

    /// <summary>The roster members by group, for grants that name each user.</summary>
    public required RosterMembers Members { get; init; }

    /// <summary>Guard the catalogs and schemas with <c>prevent_destroy</c> (see <see cref="CourseWorkspaceProps.AllowDestroy"/>).</summary>
    public required bool PreventDestroy { get; init; }

    /// <summary>What to build: the securables (created or read), their grants, or both.</summary>
    public required CatalogParts Parts { get; init; }

    /// <summary>The created catalogs' managed location (<see cref="CourseWorkspaceProps.CatalogStorageRoot"/>). Default: none.</summary>
    public string? StorageRoot { get; init; }

    /// <summary>
    /// Checks the plan makes before creating a catalog (the metastore's storage), given the HCL expression of the
    /// catalog's name. Default: none.
    /// </summary>
    public Func<string, IPrecondition[]>? CatalogPreconditions { get; init; }

    /// <summary>The roster's entries: in the access stack, whose per-principal grants the cohorts hold. Default: none.</summary>
    public IReadOnlyList<CdkInfra.Roster.RosterEntry> Roster { get; init; } = [];

    /// <summary>Which rows of the per-principal grants this stack holds, from <see cref="Parts"/>.</summary>
    public RosterShare Share => Parts switch
    {
        CatalogParts.RosterGrants => RosterShare.Members,
        CatalogParts.Grants => RosterShare.NonMembers,
        _ => RosterShare.All,
    };

    /// <summary>
    /// The grants of <paramref name="kind"/> as this stack holds them, or null when it holds none: a cohort's stack
    /// holds only the per-principal grants, and only its members' rows.
    /// </summary>
    public SecurableGrants? Grants(Constructs.Construct scope, string id, string logicalId, SecurableType type, SecurableKind kind,
        string securable, IReadOnlyList<string> names, ITerraformIterator? forEach, ITerraformDependable? securablesReady)
    {
        if (Parts == CatalogParts.RosterGrants && !SecurableGrants.UsesPerPrincipal(Policy, kind))
        {
            return null;
        }

        var grants = SecurableGrants.FromPolicy(scope, id, logicalId, type, securable, names, forEach, [.. Principals], Policy, kind, Members,
            Share, securablesReady: securablesReady);
        if (Share == RosterShare.NonMembers && grants.PerPrincipal)
        {
            // The active roster members the policy grants here, and those who are super admins, each have their pair
            // in their cohort's stack.
            var groups = Policy.For(kind).Where(e => e.IsPerUser).Select(e => e.RosterGroup!).ToHashSet(StringComparer.Ordinal);
            var superAdmins = Policy.SuperAdmins.ToHashSet(StringComparer.OrdinalIgnoreCase);
            grants.HeldByCohorts = Roster.Where(e => !e.Retired && (e.Groups.Any(groups.Contains) || superAdmins.Contains(e.UserName)))
                .Select(e => e.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        return grants;
    }
}

/// <summary>Which half of the catalogs a stack holds: a split course's base holds the securables, its access stack the grants.</summary>
[Flags]
internal enum CatalogParts
{
    /// <summary>The catalogs and schemas, created or read.</summary>
    Securables = 1,

    /// <summary>Their grants, on the names alone when the securables are another stack's.</summary>
    Grants = 2,

    /// <summary>Both, in a whole course's stack.</summary>
    All = Securables | Grants,

    /// <summary>
    /// The roster members' per-principal grants alone, on the names of securables another stack owns: a cohort's
    /// share when the policy names each user (see <see cref="RosterShare"/>).
    /// </summary>
    RosterGrants = 4,
}
