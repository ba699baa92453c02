namespace CdkInfra.Validation;

/// <summary>
/// Thrown before any construct is built when the input is invalid. Carries every problem found, so the operator
/// fixes them all in one pass.
/// </summary>
public sealed class InputValidationException : Exception
{
    /// <summary>Creates the exception from the collected problems (at least one).</summary>
    public InputValidationException(IReadOnlyList<InputProblem> problems)
        : base(Format(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in input order.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    private static string Format(IReadOnlyList<InputProblem> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        var noun = problems.Count == 1 ? "problem" : "problems";
        return $"Invalid input ({problems.Count} {noun}); nothing was synthesized:"
            + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"));
    }
}
