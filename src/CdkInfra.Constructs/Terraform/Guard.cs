using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>The lifecycle that guards catalogs and schemas against destroy and replacement.</summary>
internal static class Guard
{
    /// <summary><c>lifecycle { prevent_destroy = protect }</c>, written out either way so the output shows the choice.</summary>
    public static TerraformResourceLifecycle Lifecycle(bool protect) => new() { PreventDestroy = protect };

    /// <summary>The same, with the plan-time checks the object needs before it is created (none: the plain guard).</summary>
    public static TerraformResourceLifecycle Lifecycle(bool protect, IPrecondition[]? preconditions) =>
        preconditions is null ? Lifecycle(protect) : new() { PreventDestroy = protect, Precondition = preconditions };
}
