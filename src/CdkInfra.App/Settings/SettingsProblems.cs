using CdkInfra.Validation;

namespace CdkInfra.Settings;

/// <summary>Every problem found in the settings and the roster, reported together in one exception.</summary>
public sealed class SettingsProblems
{
    private readonly List<InputProblem> _problems = [];

    public IReadOnlyList<InputProblem> Problems => _problems.ToArray();

    public void Add(string file, string? entry, string? field, string message) => _problems.Add(new InputProblem(file, entry, field, message));

    public void AddRange(IEnumerable<InputProblem> problems) => _problems.AddRange(problems);

    /// <summary>Throws <see cref="InputValidationException"/> listing every problem, if there is one.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new InputValidationException(Problems);
        }
    }
}
