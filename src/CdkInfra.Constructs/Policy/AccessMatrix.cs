using System.Text;
using CdkInfra.Course;
using CdkInfra.Validation;

namespace CdkInfra.Policy;

/// <summary>
/// The access policy as a Markdown table, principals by securables, for a person to check who can do what at a
/// glance. Generated from <see cref="AccessPolicy"/>, the same data the grants are built from, so it cannot drift
/// from what is deployed. Privileges a schema receives only from its catalog are marked as inherited.
/// </summary>
public static class AccessMatrix
{
    /// <summary>The file name the app writes beside the course stack's Terraform.</summary>
    public const string FileName = "access-matrix.md";

    /// <summary>Privileges a catalog grant passes down to the schemas in it.</summary>
    internal static readonly IReadOnlySet<string> Inheritable = new HashSet<string>(StringComparer.Ordinal)
    {
        PrivilegeNames.AllPrivileges, PrivilegeNames.UseSchema, PrivilegeNames.Select, PrivilegeNames.Modify, PrivilegeNames.CreateTable, PrivilegeNames.CreateVolume,
        PrivilegeNames.CreateFunction, PrivilegeNames.ReadVolume, PrivilegeNames.WriteVolume, "EXECUTE", "REFRESH", "APPLY_TAG",
    };

    /// <summary>
    /// Renders the matrix for a workspace's props and policy. Settings are named by their C# property names unless
    /// <paramref name="names"/> spells them otherwise (as a settings layer names its keys).
    /// </summary>
    public static string Render(CourseWorkspaceProps props, AccessPolicy policy, FieldNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(policy);
        names ??= FieldNames.CSharp;
        var columns = new List<(string Title, Func<string, string> Cell)>();
        foreach (var (catalog, schemas) in props.ReferenceCatalogs)
        {
            columns.Add(($"`{catalog}`", p => Cell(Direct(policy.For(SecurableKind.ReferenceCatalog), p), [])));
            columns.Add(($"`{catalog}`: {string.Join(", ", schemas.Select(s => $"`{s}`"))}",
                p => Cell(Direct(policy.For(SecurableKind.ReferenceSchema), p), Direct(policy.For(SecurableKind.ReferenceCatalog), p))));
        }

        var course = props.CourseCatalogName;
        columns.Add(($"`{course}`", p => Cell(Direct(policy.For(SecurableKind.CourseCatalog), p), [])));
        columns.Add(($"`{course}`: {string.Join(", ", props.CourseSharedSchemas.Select(s => $"`{s}`"))}",
            p => Cell(Direct(policy.For(SecurableKind.CourseSharedSchema), p), Direct(policy.For(SecurableKind.CourseCatalog), p))));
        // Every personal schema has one explicit owner, whoever created it; its user is named in the grants only.
        var owner = AccessPolicy.ExplicitOwner(SecurableKind.PersonalSchema, props.PersonalSchemaOwner);
        string PersonalSchema(string p) => Cell(Direct(policy.For(SecurableKind.PersonalSchema), p), Direct(policy.For(SecurableKind.CourseCatalog), p))
            + (p == owner ? "; owner" : "");
        columns.Add(($"`{course}`: own personal schema", p => p == Owner
            ? Cell(AccessPolicy.OwnerPrivileges, [])
            : PersonalSchema(p)));
        columns.Add(($"`{course}`: a peer's personal schema", p => p == Owner
            ? "as `" + policy.StudentsGroup + "` (if a student)"
            : PersonalSchema(p)));
        columns.Add(($"`{course}`: a retired user's schema", p => p == Owner
            ? "nothing (the user is removed)"
            : PersonalSchema(p)));

        var users = policy.Principals == PrincipalMode.Users;
        var rows = new List<(string Label, string Principal)>
        {
            (users ? $"each user of `{policy.AdminsGroup}`" : $"`{policy.AdminsGroup}` (group)", policy.AdminsGroup),
        };
        rows.AddRange(policy.SuperAdmins.Select(s => ($"`{s}` (super admin)", s)));
        rows.Add((users ? $"each user of `{policy.StudentsGroup}`" : $"`{policy.StudentsGroup}` (group)", policy.StudentsGroup));
        if (users || props.PersonalSchemaOwner is null)
        {
            rows.Add(("the deploying identity", AccessPolicy.DeployingIdentity));
        }

        if (props.PersonalSchemaOwner is { } pinned && !policy.SuperAdmins.Contains(pinned) && pinned != policy.AdminsGroup)
        {
            rows.Add(($"`{pinned}` (personal schema owner)", pinned));
        }

        rows.Add(("each user, on their own schema", Owner));

        var builder = new StringBuilder();
        builder.Append("# Access matrix: course workspace\n\n");
        builder.Append("Generated from the access policy at synthesis (`").Append(FileName).Append("`); do not edit. Rows are principals, ")
            .Append("columns are securables, cells the privileges granted. \"inherited: X\" marks privileges a schema gets only from ")
            .Append("its catalog's grant, \"(also inherited)\" direct grants the catalog passes down as well; \"—\" means none. ")
            .Append(policy.Principals == PrincipalMode.Users
                ? "Securables whose grants name each roster user get one `databricks_grant` per principal: a grant made by hand "
                    + "to someone else stays, one to a listed principal is brought back to what is listed here on the next apply. Every other "
                    + "securable has one authoritative `databricks_grants`: what is not listed here is revoked on the next apply.\n\n"
                : "Every securable has one authoritative `databricks_grants`: what is not listed here is revoked on the next apply.\n\n");
        for (var start = 0; start < columns.Count; start += 4)
        {
            var chunk = columns.Skip(start).Take(4).ToList();
            builder.Append("| principal | ").Append(string.Join(" | ", chunk.Select(c => c.Title))).Append(" |\n");
            builder.Append("|---|").Append(string.Concat(chunk.Select(_ => "---|"))).Append('\n');
            foreach (var (label, principal) in rows)
            {
                builder.Append("| ").Append(label).Append(" | ").Append(string.Join(" | ", chunk.Select(c => c.Cell(principal)))).Append(" |\n");
            }

            builder.Append('\n');
        }

        builder.Append("Students may write only in their own schema; CREATE_SCHEMA on `").Append(course)
            .Append("` is the one exception. Peer reading of personal schemas is ").Append(props.StudentsReadPeerSchemas ? "on" : "off")
            .Append(" (`").Append(names.InText(nameof(CourseWorkspaceProps.StudentsReadPeerSchemas))).Append("`). Every personal schema is owned by ")
            .Append(props.PersonalSchemaOwner is { } o ? $"`{o}`" : $"the deploying identity (`{names.InText(nameof(CourseWorkspaceProps.PersonalSchemaOwner))}` unset)")
            .Append(", also one a student created before its user joined the roster.\n\n");
        builder.Append(users
            ? $"Principals: {names.Value(PrincipalMode.Users)} (`{names.InText(nameof(CourseWorkspaceProps.Principals))}`). Unity Catalog grants name each roster user and the super admins, never a group: the groups `{policy.AdminsGroup}` and `{policy.StudentsGroup}` serve workspace permissions only. A user's rows follow their roster groups; the stronger row wins for a user in both. Catalog grants are inherited by every schema, table and volume below, and a student's SELECT and READ_VOLUME on `{course}` take effect only in schemas where they also hold USE_SCHEMA.\n"
            : $"Principals: {names.Value(PrincipalMode.Groups)} (`{names.InText(nameof(CourseWorkspaceProps.Principals))}`). Unity Catalog grants name the account groups `{policy.AdminsGroup}` and `{policy.StudentsGroup}`; their members come from the roster or, for existing groups made in the workspace admin settings, from there.\n"); return builder.ToString();
    }

    private const string Owner = "\u0000owner";

    private static IReadOnlyList<string> Direct(IReadOnlyList<GrantEntry> entries, string principal) =>
        entries.FirstOrDefault(e => e.Principal == principal)?.Privileges ?? [];

    private static string Cell(IReadOnlyList<string> direct, IReadOnlyList<string> parent)
    {
        var inherited = parent.Where(Inheritable.Contains).Where(p => !direct.Contains(p) && !direct.Contains(PrivilegeNames.AllPrivileges)).ToList();
        var parts = new List<string>();
        if (direct.Count > 0)
        {
            var alsoInherited = direct.Any(p => parent.Contains(p) && Inheritable.Contains(p)) ? " (also inherited)" : "";
            parts.Add(string.Join(", ", direct) + alsoInherited);
        }

        if (inherited.Count > 0)
        {
            parts.Add("inherited: " + string.Join(", ", inherited));
        }

        return parts.Count == 0 ? "—" : string.Join("; ", parts);
    }
}
