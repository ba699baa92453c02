namespace CdkInfra.Course;

/// <summary>What students compute on.</summary>
public enum StudentCompute
{
    /// <summary>
    /// The default: nothing is created. Every user may run notebooks on serverless compute, which is
    /// no entitlement and has no Terraform resource; Free Edition offers nothing else.
    /// </summary>
    Serverless,

    /// <summary>A cluster policy for small single-user clusters that each student creates and may use.</summary>
    Policy,

    /// <summary>One course cluster in standard access mode that students attach to and restart.</summary>
    Shared,
}
