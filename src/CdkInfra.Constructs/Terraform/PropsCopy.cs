namespace CdkInfra.Terraform;

/// <summary>Copies every settable property of a props object into another of its type, for the props' copy constructors.</summary>
internal static class PropsCopy
{
    /// <summary>Sets each property of <paramref name="target"/> that has a setter (init included) to <paramref name="source"/>'s value.</summary>
    public static void Into<T>(T source, T target)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.SetMethod is { IsPublic: true } set)
            {
                set.Invoke(target, [property.GetValue(source)]);
            }
        }
    }
}
