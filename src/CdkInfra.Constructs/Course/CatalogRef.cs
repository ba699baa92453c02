using CdkInfra.Terraform;

namespace CdkInfra.Course;

/// <summary>
/// A catalog as other constructs name it: its name, known at synthesis, and, when this stack creates or reads it, the
/// object whose reference makes Terraform wait for it. A catalog another stack owns is named alone
/// (<see cref="Named"/>): the stacks' order makes it exist first.
/// </summary>
/// <param name="Name">The catalog's name.</param>
internal sealed record CatalogRef(string Name)
{
    /// <summary>The catalog created or read in this stack; null when another stack owns it.</summary>
    public ForEachRef? Object { get; init; }

    /// <summary>The name as Terraform text: a reference to the catalog's name when it is in this stack, else the name.</summary>
    public string NameExpression => Object?.Name() ?? Name;

    /// <summary>A catalog another stack owns, by name.</summary>
    public static CatalogRef Named(string name) => new(name);

    /// <summary>A catalog created or read in this stack.</summary>
    public static CatalogRef Of(string name, ForEachRef catalog) => new(name) { Object = catalog };
}
