namespace CdkInfra.Roster;

/// <summary>
/// The email check the roster applies: one <c>@</c>, a non-empty local part, a domain with a dot, no whitespace or
/// control characters. Deliberately simple: Databricks is the authority on deliverability; this catches typos.
/// </summary>
internal static class Email
{
    /// <summary>True when <paramref name="value"/> looks like an email address.</summary>
    public static bool IsValid(string value)
    {
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        var domain = value[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains(".."))
        {
            return false;
        }

        return !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or ',' or ';' or '<' or '>');
    }
}
