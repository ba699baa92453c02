using CdkInfra.Validation;

namespace CdkInfra.Roster;

/// <summary>One cohort of the roster: the people whose users, memberships and personal schemas share one stack.</summary>
/// <param name="Name">The cohort's name: the roster's <c>cohort</c> value, or a number for cohorts filled by size.</param>
/// <param name="Entries">Its entries, in roster order (retired ones too: they keep their schemas).</param>
internal sealed record Cohort(string Name, IReadOnlyList<RosterEntry> Entries);

/// <summary>Which names a cohort may have: they become part of a stack's name and of its state's key.</summary>
internal static class CohortNames
{
    /// <summary>The longest cohort name.</summary>
    public const int MaxLength = 32;

    /// <summary>Why <paramref name="name"/> cannot name a cohort, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length is 0 or > MaxLength || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return $"'{Shorten(name)}' is not a cohort name: 1 to {MaxLength} lower-case letters, digits and '-', starting with a letter or digit";
        }

        return name.All(char.IsAsciiDigit)
            ? $"'{name}' is reserved: cohorts named by digits only are the ones a cohort size fills; start the name with a letter"
            : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

/// <summary>
/// How a roster splits into cohorts. An entry's <c>cohort</c> field places it; with a cohort size, an entry without one
/// joins the numbered cohort of its position: entries 1 to size in cohort <c>1</c>, the next size entries in <c>2</c>,
/// and so on, so a cohort holds at most that many, and naming a cohort for one person moves nobody else. Placement by
/// position is stable while the roster only grows at its end and people leave by <c>"status": "retired"</c>; removing
/// or reordering lines would move people, which the plan then refuses (see docs/cohorts.md).
/// </summary>
internal static class CourseCohorts
{
    /// <summary>The cohorts of <paramref name="roster"/>, or none when the roster is not split (no field, no size).</summary>
    public static IReadOnlyList<Cohort> Split(CourseRoster roster, long? cohortSize)
    {
        if (!IsSplit(roster, cohortSize))
        {
            return [];
        }

        var byName = new Dictionary<string, List<RosterEntry>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var position = 0; position < roster.Entries.Count; position++)
        {
            // Without a size every entry names its cohort (Check reports the ones that do not).
            var entry = roster.Entries[position];
            var name = entry.Cohort ?? (cohortSize is { } size ? (position / size + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            if (!byName.TryGetValue(name, out var entries))
            {
                entries = [];
                byName[name] = entries;
                order.Add(name);
            }

            entries.Add(entry);
        }

        return order.Select(n => new Cohort(n, byName[n])).ToList();
    }

    /// <summary>True when the roster is split: some entry names a cohort, or a cohort size is set.</summary>
    public static bool IsSplit(CourseRoster roster, long? cohortSize) => cohortSize is not null || roster.Entries.Any(e => e.Cohort is not null);

    /// <summary>Entries that name no cohort in a roster where others do, while no cohort size places them.</summary>
    public static IEnumerable<InputProblem> Check(CourseRoster roster, long? cohortSize, string cohortSizeName)
    {
        if (cohortSize is not null || !IsSplit(roster, cohortSize))
        {
            yield break;
        }

        foreach (var entry in roster.Entries.Where(e => e.Cohort is null))
        {
            yield return new InputProblem(roster.SourceFile, entry.Describe(), "cohort",
                $"is missing while other entries name one; give every entry a cohort, or set {cohortSizeName} to place the others");
        }
    }
}
