namespace CdkInfra.Validation;

/// <summary>
/// How a validator names the properties and enum values it reports: by their C# names (<see cref="CSharp"/>, what a
/// caller that sets props in code sees), or as a settings layer spells them when it maps its keys onto props (the
/// app's <c>cdktf.json</c> keys), so one validator serves both without knowing either's file.
/// </summary>
public class FieldNames
{
    /// <summary>Names as C# writes them: <c>AdminsGroupName</c>, <c>GroupsLevel.Account</c>.</summary>
    public static FieldNames CSharp { get; } = new();

    /// <summary>What a problem calls the property <paramref name="propertyName"/> (a C# property name).</summary>
    public virtual string Property(string propertyName) => propertyName;

    /// <summary>
    /// What a message's text calls the property (by default as <see cref="Property"/> does; a settings layer may leave
    /// out the prefix its field names carry, or name every key that sets the property).
    /// </summary>
    public virtual string InText(string propertyName) => Property(propertyName);

    /// <summary>What a problem calls an enum value (<c>GroupsLevel.Account</c>; a settings layer may quote its own spelling).</summary>
    public virtual string Value<TEnum>(TEnum value)
        where TEnum : struct, Enum => $"{typeof(TEnum).Name}.{value}";
}
