namespace CdkInfra.Validation;

/// <summary>One problem in the input: where it is (file, entry, field) and what is wrong.</summary>
/// <param name="File">The file the value came from, as the operator wrote it (e.g. <c>users.json</c>).</param>
/// <param name="Entry">The entry, e.g. <c>entry 3 (ana@example.com)</c>; null when the problem is about the whole file.</param>
/// <param name="Field">The field, e.g. <c>user_name</c>; null when the problem is about the whole entry.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record InputProblem(string File, string? Entry, string? Field, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = File;
        if (Entry is not null)
        {
            where += $", {Entry}";
        }

        if (Field is not null)
        {
            where += $", field '{Field}'";
        }

        return $"{where}: {Message}";
    }
}
