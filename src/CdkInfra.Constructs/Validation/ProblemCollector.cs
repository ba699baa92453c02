namespace CdkInfra.Validation;

/// <summary>Collects input problems and throws them together, once.</summary>
internal sealed class ProblemCollector
{
    private readonly List<InputProblem> _problems = [];

    /// <summary>True when no problem has been recorded.</summary>
    public bool IsEmpty => _problems.Count == 0;

    /// <summary>The problems recorded so far, in order.</summary>
    public IReadOnlyList<InputProblem> Problems => _problems.ToArray();

    /// <summary>Records one problem.</summary>
    public void Add(string file, string? entry, string? field, string message) =>
        _problems.Add(new InputProblem(file, entry, field, message));

    /// <summary>Records problems found elsewhere.</summary>
    public void AddRange(IEnumerable<InputProblem> problems) => _problems.AddRange(problems);

    /// <summary>Throws an <see cref="InputValidationException"/> listing every recorded problem, if any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new InputValidationException(_problems.ToArray());
        }
    }
}
