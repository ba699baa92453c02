namespace CdkInfra.Validation;

/// <summary>Where a props validator reports: the one collector, the values' source, and how fields are named.</summary>
internal readonly record struct PropsReport(ProblemCollector Problems, string Source, FieldNames Names)
{
    /// <summary>A problem about one property (a C# property name).</summary>
    public void Add(string property, string message) => Problems.Add(Source, null, Names.Property(property), message);

    /// <summary>A property's name in a message.</summary>
    public string Name(string property) => Names.InText(property);

    /// <summary>An enum value in a message.</summary>
    public string Value<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names.Value(value);
}
