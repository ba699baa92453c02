namespace CdkInfra.Roster;

/// <summary>One person of the roster, as <c>users.json</c> describes them.</summary>
public sealed class RosterEntry
{
    /// <summary>An entry of the roster.</summary>
    /// <param name="number">The entry's position in the file, from 1; used only in messages, never in names or ids.</param>
    /// <param name="userName">The email, lower-cased as Databricks stores it.</param>
    /// <param name="displayName">The display name.</param>
    /// <param name="groups">The roles: <see cref="RosterGroups.Admins"/> and/or <see cref="RosterGroups.Students"/>.</param>
    /// <param name="schemaName">The pinned personal schema name, or null to derive it from the email.</param>
    /// <param name="retired">
    /// True for a person who left (<c>"status": "retired"</c>): the user and memberships go, the personal schema stays at
    /// the same address, with its owner, without a grant for the departed user. Default: false (active).
    /// </param>
    /// <param name="cohort">
    /// The cohort whose stack holds this person's user, memberships and personal schema (<c>"cohort"</c>), or null: with
    /// <see cref="Course.CourseWorkspaceProps.CohortSize"/> set, an entry without one joins a numbered cohort in roster order.
    /// </param>
    public RosterEntry(int number, string userName, string displayName, IReadOnlyList<string> groups, string? schemaName, bool retired = false, string? cohort = null)
    {
        Number = number;
        UserName = userName;
        DisplayName = displayName;
        Groups = groups;
        SchemaName = schemaName;
        Retired = retired;
        Cohort = cohort;
    }

    /// <summary>The entry's position in the file, from 1.</summary>
    public int Number { get; }

    /// <summary>The email, lower-cased as Databricks stores it.</summary>
    public string UserName { get; }

    /// <summary>The display name.</summary>
    public string DisplayName { get; }

    /// <summary>The roles: <c>admins</c> and/or <c>students</c>.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>The pinned personal schema name, or null to derive it from the email.</summary>
    public string? SchemaName { get; }

    /// <summary>True for a person who left: the user goes, the personal schema stays.</summary>
    public bool Retired { get; }

    /// <summary>The cohort whose stack holds this person, or null.</summary>
    public string? Cohort { get; }

    /// <summary>True when the entry is in the admins group.</summary>
    public bool IsAdmin => Groups.Contains(RosterGroups.Admins);

    /// <summary>True when the entry is in the students group.</summary>
    public bool IsStudent => Groups.Contains(RosterGroups.Students);

    /// <summary>How messages name this entry: <c>entry 3 (ana@example.com)</c>.</summary>
    internal string Describe() => $"entry {Number} ({UserName})";
}

/// <summary>The values of a roster entry's <c>status</c> field.</summary>
internal static class RosterStatus
{
    /// <summary>The default: the person is on the course.</summary>
    public const string Active = "active";

    /// <summary>The person left: user and memberships are removed, the personal schema is kept.</summary>
    public const string Retired = "retired";

    /// <summary>Every accepted value.</summary>
    public static readonly IReadOnlyList<string> All = [Active, Retired];
}

/// <summary>The group values <c>users.json</c> accepts; the workspace group names they map to are settings.</summary>
public static class RosterGroups
{
    /// <summary>Instructors and platform engineers.</summary>
    public const string Admins = "admins";

    /// <summary>Learners.</summary>
    public const string Students = "students";

    /// <summary>Every accepted value.</summary>
    public static readonly IReadOnlyList<string> All = [Admins, Students];
}
