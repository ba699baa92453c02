using System.Text.Json;
using CdkInfra.Naming;
using CdkInfra.Terraform;
using CdkInfra.Validation;

namespace CdkInfra.Roster;

/// <summary>
/// The roster (<c>users.json</c>): <c>{ "users": [ { "user_name", "display_name", "groups", "schema_name"?, "status"? } ] }</c>.
/// Parsing checks every entry and reports every problem at once, naming file, entry and field.
/// </summary>
public sealed class CourseRoster
{
    private static readonly string[] KnownFields = ["user_name", "display_name", "groups", "schema_name", "status", "cohort"];

    private CourseRoster(string sourceFile, IReadOnlyList<RosterEntry> entries)
    {
        SourceFile = sourceFile;
        Entries = entries;
    }

    /// <summary>The file the roster came from, as the settings name it (used in messages).</summary>
    public string SourceFile { get; }

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<RosterEntry> Entries { get; }

    /// <summary>
    /// A placeholder for a roster that could not be read, so a settings layer can go on checking its other settings
    /// and report every problem at once. Never synthesize it: throw the roster's problems first.
    /// </summary>
    public static CourseRoster Unreadable(string sourceFile) => new(sourceFile, []);

    /// <summary>Builds a roster from entries already in memory (tests, other apps). Runs the same checks as parsing.</summary>
    public static CourseRoster FromEntries(string sourceName, IEnumerable<RosterEntry> entries)
    {
        // Databricks stores user names in lower case; the roster does too, whichever way the entries were made.
        var list = entries.Select(e => new RosterEntry(e.Number, e.UserName.ToLowerInvariant(), e.DisplayName, e.Groups, e.SchemaName, e.Retired, e.Cohort)).ToList();
        var problems = new ProblemCollector();
        foreach (var entry in list)
        {
            if (!Email.IsValid(entry.UserName) || entry.UserName.Length > UcIdentifier.MaxLength)
            {
                problems.Add(sourceName, entry.Describe(), "user_name", $"'{Shorten(entry.UserName)}' is not an email address of at most {UcIdentifier.MaxLength} characters");
            }

            if (string.IsNullOrWhiteSpace(entry.DisplayName) || entry.DisplayName.Length > UcIdentifier.MaxLength)
            {
                problems.Add(sourceName, entry.Describe(), "display_name", $"must be 1 to {UcIdentifier.MaxLength} characters");
            }

            if (entry.SchemaName is not null && !UcIdentifier.IsValid(entry.SchemaName))
            {
                problems.Add(sourceName, entry.Describe(), "schema_name", $"'{Shorten(entry.SchemaName)}' is not a valid schema name ({UcIdentifier.AllowedForm})");
            }

            if (entry.Groups.Count == 0 || entry.Groups.Any(g => !RosterGroups.All.Contains(g)))
            {
                problems.Add(sourceName, entry.Describe(), "groups", $"must be one or more of {Quoted(RosterGroups.All)}");
            }
        }

        CheckRoster(sourceName, list, problems);
        problems.ThrowIfAny();
        return new CourseRoster(sourceName, list);
    }

    /// <summary>Reads and parses a roster file.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="displayName">How messages name the file; defaults to <paramref name="path"/>.</param>
    public static CourseRoster Load(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        if (!File.Exists(path))
        {
            throw new InputValidationException([new InputProblem(name, null, null, "the roster file does not exist")]);
        }

        return Parse(File.ReadAllText(path), name);
    }

    /// <summary>Parses roster JSON.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="sourceName">How messages name the file.</param>
    public static CourseRoster Parse(string json, string sourceName)
    {
        var problems = new ProblemCollector();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
            throw new InputValidationException([new InputProblem(sourceName, null, null, $"is not valid JSON{where}: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement users;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("users", out users) && users.ValueKind == JsonValueKind.Array)
            {
                foreach (var property in root.EnumerateObject().Where(p => p.Name != "users"))
                {
                    problems.Add(sourceName, null, property.Name, "unknown top-level field; the roster is { \"users\": [ ... ] }");
                }
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                users = root;
            }
            else
            {
                throw new InputValidationException([new InputProblem(sourceName, null, "users",
                    "the roster must be an object with a \"users\" array: { \"users\": [ { \"user_name\": ..., \"display_name\": ..., \"groups\": [\"students\"] } ] }")]);
            }

            var entries = new List<RosterEntry>();
            var number = 0;
            foreach (var element in users.EnumerateArray())
            {
                number++;
                var entry = ParseEntry(sourceName, number, element, problems);
                if (entry is not null)
                {
                    entries.Add(entry);
                }
            }

            CheckRoster(sourceName, entries, problems);
            problems.ThrowIfAny();
            return new CourseRoster(sourceName, entries);
        }
    }

    private static RosterEntry? ParseEntry(string file, int number, JsonElement element, ProblemCollector problems)
    {
        var label = $"entry {number}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(file, label, null, $"must be an object, found {Describe(element.ValueKind)}");
            return null;
        }

        var userName = ReadString(element, "user_name", file, label, problems, required: true);
        if (userName is not null)
        {
            label = $"entry {number} ({userName.ToLowerInvariant()})";
            if (!Email.IsValid(userName))
            {
                problems.Add(file, label, "user_name", $"'{userName}' is not an email address (name@domain.tld, no spaces)");
            }
            else if (userName.Length > UcIdentifier.MaxLength)
            {
                problems.Add(file, label, "user_name", $"is {userName.Length} characters long; at most {UcIdentifier.MaxLength}");
            }
        }

        var displayName = ReadString(element, "display_name", file, label, problems, required: true);
        if (displayName is not null && displayName.Length > UcIdentifier.MaxLength)
        {
            problems.Add(file, label, "display_name", $"is {displayName.Length} characters long; at most {UcIdentifier.MaxLength}");
        }

        var status = ReadString(element, "status", file, label, problems, required: false) ?? RosterStatus.Active;
        if (!RosterStatus.All.Contains(status))
        {
            problems.Add(file, label, "status", $"unknown status \"{status}\"; allowed: {Quoted(RosterStatus.All)} (default \"{RosterStatus.Active}\")");
        }

        var schemaName = ReadString(element, "schema_name", file, label, problems, required: false);
        if (schemaName is not null && !UcIdentifier.IsValid(schemaName))
        {
            problems.Add(file, label, "schema_name", schemaName.Length > UcIdentifier.MaxLength
                ? $"'{Shorten(schemaName)}' is {schemaName.Length} characters long; a schema name has at most {UcIdentifier.MaxLength}"
                : $"'{schemaName}' is not a valid schema name ({UcIdentifier.AllowedForm})");
        }

        var cohort = ReadString(element, "cohort", file, label, problems, required: false);
        if (cohort is not null && CohortNames.Problem(cohort) is { } cohortProblem)
        {
            problems.Add(file, label, "cohort", cohortProblem);
        }

        var groups = new List<string>();
        if (!element.TryGetProperty("groups", out var groupsElement))
        {
            problems.Add(file, label, "groups", $"is missing; give one or more of {Quoted(RosterGroups.All)}");
        }
        else if (groupsElement.ValueKind != JsonValueKind.Array)
        {
            problems.Add(file, label, "groups", $"must be an array such as [\"students\"], found {Describe(groupsElement.ValueKind)}");
        }
        else
        {
            foreach (var group in groupsElement.EnumerateArray())
            {
                if (group.ValueKind != JsonValueKind.String || !RosterGroups.All.Contains(group.GetString()))
                {
                    problems.Add(file, label, "groups", $"unknown group {group.GetRawText()}; allowed: {Quoted(RosterGroups.All)}");
                }
                else if (!groups.Contains(group.GetString()!))
                {
                    groups.Add(group.GetString()!);
                }
            }

            if (groupsElement.GetArrayLength() == 0)
            {
                problems.Add(file, label, "groups", $"is empty; give one or more of {Quoted(RosterGroups.All)}");
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                problems.Add(file, label, property.Name, $"unknown field; allowed: {Quoted(KnownFields)}");
            }
        }

        if (userName is null || displayName is null)
        {
            return null;
        }

        return new RosterEntry(number, userName.ToLowerInvariant(), displayName, groups, schemaName, status == RosterStatus.Retired, cohort);
    }

    private static void CheckRoster(string file, IReadOnlyList<RosterEntry> entries, ProblemCollector problems)
    {
        // Display names are free text: they reach Terraform as literals, but never with control characters. User
        // names are checked as emails (no control characters) and could still carry CDKTF's token marker.
        foreach (var entry in entries)
        {
            if (InputText.Problem(entry.DisplayName) is { } problem)
            {
                problems.Add(file, entry.Describe(), "display_name", problem);
            }

            if (TerraformText.HasTokenMarker(entry.UserName))
            {
                problems.Add(file, entry.Describe(), "user_name", $"contains '{TerraformText.CdktfTokenMarker}', which CDKTF reserves for its own references");
            }
        }

        if (entries.Count == 0 && problems.IsEmpty)
        {
            problems.Add(file, null, "users", "the roster is empty; add at least one user");
        }

        var seen = new Dictionary<string, RosterEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (seen.TryGetValue(entry.UserName, out var first))
            {
                problems.Add(file, entry.Describe(), "user_name",
                    $"duplicate of entry {first.Number}; emails are compared without regard to case");
            }
            else
            {
                seen[entry.UserName] = entry;
            }
        }
    }

    private static string? ReadString(JsonElement element, string field, string file, string label, ProblemCollector problems, bool required)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add(file, label, field, "is missing");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(file, label, field, $"must be a string, found {Describe(value.ValueKind)}");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(file, label, field, "is empty");
            return null;
        }

        return text.Trim();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>A value short enough to quote in a message: a 300-character name would bury the message itself.</summary>
    internal static string Shorten(string value) => value.Length <= 60 ? value : $"{value[..40]}...{value[^10..]}";

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
