using CdkInfra.Roster;

namespace CdkInfra.Constructs.Tests.TestSupport;

/// <summary>Copies of roster entries with one field changed, for tests that vary a roster.</summary>
internal static class RosterEntries
{
    public static RosterEntry With(this RosterEntry e, bool? retired = null, IReadOnlyList<string>? groups = null, string? schemaName = null) =>
        new(e.Number, e.UserName, e.DisplayName, groups ?? e.Groups, schemaName ?? e.SchemaName, retired ?? e.Retired, e.Cohort);
}
