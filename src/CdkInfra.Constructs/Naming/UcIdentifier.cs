using System.Text;

namespace CdkInfra.Naming;

/// <summary>
/// Unity Catalog names as this project writes them: <c>[a-z0-9_]</c>, at most 255 characters. Unity Catalog stores
/// names in lower case and would accept more characters, but only these avoid quoting in SQL and permanent plan drift.
/// </summary>
internal static class UcIdentifier
{
    /// <summary>The longest name Unity Catalog accepts.</summary>
    public const int MaxLength = 255;

    /// <summary>Describes the allowed form, for error messages.</summary>
    public const string AllowedForm = "1 to 255 characters from a-z, 0-9 and _";

    /// <summary>True when <paramref name="name"/> is a name this project may use as a catalog or schema name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Turns arbitrary text into a valid name: lower case, every character outside <c>[a-z0-9_]</c> becomes <c>_</c>,
    /// runs of <c>_</c> collapse into one, leading and trailing <c>_</c> are trimmed, and the result is cut to 255
    /// characters. Returns an empty string when nothing is left; callers decide the fallback.
    /// </summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasUnderscore = false;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (!IsAllowed(c))
            {
                c = '_';
            }

            if (c == '_')
            {
                if (lastWasUnderscore)
                {
                    continue;
                }

                lastWasUnderscore = true;
            }
            else
            {
                lastWasUnderscore = false;
            }

            builder.Append(c);
        }

        var normalized = builder.ToString().Trim('_');
        if (normalized.Length > MaxLength)
        {
            normalized = normalized[..MaxLength].TrimEnd('_');
        }

        return normalized;
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';
}
