namespace CdkInfra.Validation;

/// <summary>One problem in the input: where it is (file, entry, field) and what is wrong.</summary>
public sealed class InputProblem
{
    /// <summary>A problem.</summary>
    /// <param name="file">The file the value came from, as the operator wrote it (e.g. <c>users.json</c>).</param>
    /// <param name="entry">The entry, e.g. <c>entry 3 (ana@example.com)</c>; null when the problem is about the whole file.</param>
    /// <param name="field">The field, e.g. <c>user_name</c>; null when the problem is about the whole entry.</param>
    /// <param name="message">What is wrong and what is allowed.</param>
    public InputProblem(string file, string? entry, string? field, string message)
    {
        File = file;
        Entry = entry;
        Field = field;
        Message = message;
    }

    /// <summary>The file the value came from.</summary>
    public string File { get; }

    /// <summary>The entry; null when the problem is about the whole file.</summary>
    public string? Entry { get; }

    /// <summary>The field; null when the problem is about the whole entry.</summary>
    public string? Field { get; }

    /// <summary>What is wrong and what is allowed.</summary>
    public string Message { get; }

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
