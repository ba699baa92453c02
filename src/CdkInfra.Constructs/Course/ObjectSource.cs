namespace CdkInfra.Course;

/// <summary>Where a kind of object of the course comes from: one choice per kind, in the props.</summary>
public enum ObjectSource
{
    /// <summary>The stack creates the objects; a name that exists already fails the apply.</summary>
    Create,

    /// <summary>The objects exist; the stack looks them up by name and never changes or destroys them.</summary>
    Existing,

    /// <summary>
    /// The stack creates the objects and imports those that exist already (Terraform <c>import</c> blocks, Terraform 1.7
    /// or later), once: from then on it manages them as if it had created them.
    /// </summary>
    Adopt,
}
