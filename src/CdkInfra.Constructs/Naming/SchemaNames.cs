using CdkInfra.Roster;
using CdkInfra.Validation;

namespace CdkInfra.Naming;

/// <summary>
/// Personal schema names. A user's name depends on that user's entry alone (the <c>schema_name</c> pin, else the
/// normalized local part of the email), so adding, removing or reordering other users never renames a schema:
/// a rename destroys and recreates the schema in Databricks, and its tables with it.
/// </summary>
internal static class SchemaNames
{
    /// <summary>The name used when an email's local part normalizes to nothing (e.g. <c>"...@example.com"</c>).</summary>
    public const string EmptyLocalPartFallback = "user";

    /// <summary>
    /// The schema name derived from an email: its local part, normalized by <see cref="UcIdentifier.Normalize"/>
    /// (<c>maria.virtanen@example.com</c> becomes <c>maria_virtanen</c>).
    /// </summary>
    public static string FromEmail(string email)
    {
        var at = email.LastIndexOf('@');
        var localPart = at >= 0 ? email[..at] : email;
        var normalized = UcIdentifier.Normalize(localPart);
        return normalized.Length == 0 ? EmptyLocalPartFallback : normalized;
    }

    /// <summary>The entry's schema name: its pin when present, otherwise <see cref="FromEmail"/>.</summary>
    public static string For(RosterEntry entry) => entry.SchemaName ?? FromEmail(entry.UserName);

    /// <summary>
    /// Resolves every entry's schema name and checks that no two entries share one and that none takes a name
    /// the layout already uses. Throws one <see cref="InputValidationException"/> listing every collision, with
    /// the pins that settle it in the <c>_2</c>, <c>_3</c> numbering.
    /// </summary>
    /// <param name="roster">The roster.</param>
    /// <param name="reservedNames">Names other schemas of the course catalog use (shared schemas, <c>default</c>, ...), each with why it is taken.</param>
    /// <returns>Schema name by user name (lower-case email), in roster order.</returns>
    public static IReadOnlyDictionary<string, string> Resolve(
        CourseRoster roster,
        IReadOnlyDictionary<string, string> reservedNames)
    {
        var problems = new ProblemCollector();
        var byName = new Dictionary<string, List<RosterEntry>>(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in roster.Entries)
        {
            var name = For(entry);
            result[entry.UserName] = name;
            if (!byName.TryGetValue(name, out var owners))
            {
                owners = [];
                byName[name] = owners;
            }

            owners.Add(entry);
        }

        var taken = new HashSet<string>(byName.Keys, StringComparer.Ordinal);
        taken.UnionWith(reservedNames.Keys);
        foreach (var (name, owners) in byName)
        {
            if (reservedNames.TryGetValue(name, out var why))
            {
                foreach (var owner in owners)
                {
                    var suggestion = NextFree(name, taken);
                    problems.Add(roster.SourceFile, owner.Describe(), owner.SchemaName is null ? "user_name" : "schema_name",
                        $"the personal schema name '{name}' is taken by {why}; pin another name, e.g. \"schema_name\": \"{suggestion}\"");
                }

                continue;
            }

            if (owners.Count < 2)
            {
                continue;
            }

            var pins = new List<string> { $"{owners[0].Describe()}: \"schema_name\": \"{name}\"" };
            foreach (var later in owners.Skip(1))
            {
                pins.Add($"{later.Describe()}: \"schema_name\": \"{NextFree(name, taken)}\"");
            }

            problems.Add(roster.SourceFile, string.Join(" and ", owners.Select(o => o.Describe())), "schema_name",
                $"these entries would share the personal schema '{name}'. Pin their names once so they never move: "
                + string.Join("; ", pins));
        }

        problems.ThrowIfAny();
        return result;
    }

    private static string NextFree(string name, HashSet<string> taken)
    {
        for (var n = 2; ; n++)
        {
            var suffix = $"_{n}";
            var stem = name.Length + suffix.Length > UcIdentifier.MaxLength ? name[..(UcIdentifier.MaxLength - suffix.Length)] : name;
            var candidate = stem + suffix;
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
