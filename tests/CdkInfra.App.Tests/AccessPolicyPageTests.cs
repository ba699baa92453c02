using System.Text;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Settings;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>
/// docs/access-policy.md: the part between its two markers is generated from <see cref="AccessPolicy"/> (the grants of
/// each securable kind and role, for both principal modes and both values of peer reading, and who owns what), and this
/// test keeps it current. After a change of the policy, regenerate it with <c>CDKINFRA_ACCEPT_SNAPSHOTS=1</c> (or
/// <c>make accept-snapshots</c>) and read the diff. The text around the markers is written by hand. A second set of
/// tests synthesizes the shipped settings and holds the generated cells against the grants and owners in the output, so
/// the page cannot drift from the constructs either.
/// </summary>
public sealed class AccessPolicyPageTests
{
    internal const string Begin = "<!-- BEGIN GENERATED from AccessPolicy by tests/CdkInfra.App.Tests/AccessPolicyPageTests.cs: do not edit by hand; run `make accept-snapshots` -->";
    internal const string End = "<!-- END GENERATED -->";

    private static readonly string Page = Path.Combine(TestEnvironment.RepoRoot, "docs", "access-policy.md");

    /// <summary>The roles of the page's columns: whom a grant stands for.</summary>
    internal enum Role
    {
        Admins,
        SuperAdmins,
        Students,
        OwnUser,
        DeployingIdentity,
    }

    /// <summary>The securable kinds in the order of the page's rows, with the row title.</summary>
    private static readonly (SecurableKind Kind, string Title)[] Rows =
    [
        (SecurableKind.ReferenceCatalog, "each reference catalog"),
        (SecurableKind.ReferenceSchema, "each schema of a reference catalog"),
        (SecurableKind.CourseCatalog, "the course catalog"),
        (SecurableKind.CourseSharedSchema, "each course shared schema"),
        (SecurableKind.PersonalSchema, "each personal schema"),
        (SecurableKind.CourseDatasetsVolume, "the datasets volume (in a shared schema)"),
    ];

    /// <summary>Privileges that reach a volume from its schema or catalog.</summary>
    private static readonly HashSet<string> VolumePrivileges = new(StringComparer.Ordinal) { PrivilegeNames.AllPrivileges, PrivilegeNames.ReadVolume, PrivilegeNames.WriteVolume };

    /// <summary>What the page is written for: the shipped settings' names, in each mode and with peer reading on and off.</summary>
    private static CourseWorkspaceProps Shipped => AppSettings.Load(TestEnvironment.RepoRoot, null).Course;

    [Test]
    public void The_generated_part_of_the_page_matches_the_policy()
    {
        var text = File.Exists(Page) ? File.ReadAllText(Page).Replace("\r\n", "\n", StringComparison.Ordinal) : "";
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.That(begin >= 0 && end > begin && text.IndexOf(Begin, begin + 1, StringComparison.Ordinal) < 0, Is.True,
            $"docs/access-policy.md needs one line '{Begin}' and, after it, one line '{End}'");
        var current = text[(begin + Begin.Length)..end];
        var generated = "\n\n" + Generate(Shipped) + "\n\n";
        if (current == generated)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) == "1")
        {
            File.WriteAllText(Page, text[..(begin + Begin.Length)] + generated + text[end..], new UTF8Encoding(false));
            Assert.Warn("docs/access-policy.md was regenerated; review it in the diff.");
            return;
        }

        Assert.That(current, Is.EqualTo(generated), "docs/access-policy.md is out of date: run 'make accept-snapshots' and review the diff");
    }

    [TestCase(PrincipalMode.Users, true, TestName = "Generated cells agree with the synthesized grants: users, peer reading on (shipped)")]
    [TestCase(PrincipalMode.Users, false, TestName = "Generated cells agree with the synthesized grants: users, peer reading off")]
    [TestCase(PrincipalMode.Groups, true, TestName = "Generated cells agree with the synthesized grants: groups, peer reading on")]
    [TestCase(PrincipalMode.Groups, false, TestName = "Generated cells agree with the synthesized grants: groups, peer reading off")]
    public void Generated_cells_agree_with_the_synthesized_grants(PrincipalMode mode, bool peerReading)
    {
        var props = Variant(Shipped, mode, peerReading);
        var policy = PolicyOf(props);
        var stack = new SynthesizedStack(Synth.Course(props));
        var grants = stack.Grants();
        var active = props.Roster.Entries.Where(e => !e.Retired).ToList();
        bool Plain(RosterEntry e) => !props.SuperAdmins.Contains(e.UserName);
        // The personal schema looked at, and one admin and one student other than its user (and no super admin).
        var own = active.First(e => e.IsAdmin && !e.IsStudent && Plain(e));
        var admin = active.First(e => e.IsAdmin && !e.IsStudent && Plain(e) && e != own);
        var student = active.First(e => e.IsStudent && !e.IsAdmin && Plain(e));
        var principals = new Dictionary<Role, string>
        {
            [Role.Admins] = mode == PrincipalMode.Users ? admin.UserName : props.AdminsGroupName,
            [Role.SuperAdmins] = props.SuperAdmins[0],
            [Role.Students] = mode == PrincipalMode.Users ? student.UserName : props.StudentsGroupName,
            [Role.OwnUser] = own.UserName,
            [Role.DeployingIdentity] = SynthesizedStack.Deployer,
        };
        var (referenceCatalog, referenceSchemas) = props.ReferenceCatalogs.First();
        var course = props.CourseCatalogName;
        var securables = new Dictionary<SecurableKind, ExpandedGrants>
        {
            [SecurableKind.ReferenceCatalog] = grants.Single(g => g.SecurableType == "catalog" && g.Securable == referenceCatalog),
            [SecurableKind.ReferenceSchema] = grants.Single(g => g.SecurableType == "schema" && g.Securable == $"{referenceCatalog}.{referenceSchemas[0]}"),
            [SecurableKind.CourseCatalog] = grants.Single(g => g.SecurableType == "catalog" && g.Securable == course),
            [SecurableKind.CourseSharedSchema] = grants.Single(g => g.SecurableType == "schema" && g.Securable == $"{course}.{props.CourseSharedSchemas[0]}"),
            [SecurableKind.PersonalSchema] = grants.Single(g => g.Address == $"databricks_grants.personal_schema_grants[\"{own.UserName}\"]"),
            [SecurableKind.CourseDatasetsVolume] = grants.Single(g => g.SecurableType == "volume"),
        };
        Assert.Multiple(() =>
        {
            foreach (var (kind, expanded) in securables)
            {
                foreach (var (role, principal) in principals)
                {
                    var synthesized = expanded.Privileges.GetValueOrDefault(principal) ?? [];
                    // Outside their own schema the user (an admin) is only a roster user: named in users mode, absent with groups.
                    var expected = role == Role.OwnUser && kind != SecurableKind.PersonalSchema
                        ? mode == PrincipalMode.Users ? Direct(policy, kind, Role.Admins) : []
                        : Direct(policy, kind, role);
                    Assert.That(synthesized, Is.EquivalentTo(expected), $"{expanded.Address}: {role} ({principal})");
                }

                // Nobody else: a user in users mode stands for their roster group's row; the groups appear only in groups mode.
                var allowed = principals.Values.Concat(mode == PrincipalMode.Users ? active.Select(e => e.UserName) : []).ToHashSet(StringComparer.Ordinal);
                Assert.That(expanded.Privileges.Keys.Where(p => !allowed.Contains(p)), Is.Empty, $"{expanded.Address}: principals no column of the page stands for");
            }
        });
    }

    [TestCase(null)]
    [TestCase("course.owner@example.com")]
    public void Generated_owners_agree_with_the_synthesized_owners(string? personalSchemaOwner)
    {
        var props = new CourseWorkspaceProps(Shipped) { PersonalSchemaOwner = personalSchemaOwner };
        var stack = new SynthesizedStack(Synth.Course(props));
        var resources = new Dictionary<SecurableKind, (string Type, string Name)>
        {
            [SecurableKind.ReferenceCatalog] = ("databricks_catalog", "reference_catalogs"),
            [SecurableKind.ReferenceSchema] = ("databricks_schema", "reference_schemas"),
            [SecurableKind.CourseCatalog] = ("databricks_catalog", "course"),
            [SecurableKind.CourseSharedSchema] = ("databricks_schema", "course_shared_schemas"),
            [SecurableKind.PersonalSchema] = ("databricks_schema", "personal_schemas"),
            [SecurableKind.CourseDatasetsVolume] = ("databricks_volume", "course_datasets"),
        };
        Assert.Multiple(() =>
        {
            Assert.That(resources.Keys, Is.EquivalentTo(Enum.GetValues<SecurableKind>()));
            foreach (var (kind, (type, name)) in resources)
            {
                var owner = stack.Resource(type, name)["owner"]?.GetValue<string>();
                Assert.That(owner, Is.EqualTo(AccessPolicy.ExplicitOwner(kind, personalSchemaOwner)), $"{type}.{name}");
            }
        });
    }

    [Test]
    public void The_page_names_the_groups_in_grants_only_where_the_mode_does()
    {
        var generated = Generate(Shipped);
        var users = generated[..generated.IndexOf("### Groups as principals", StringComparison.Ordinal)];
        Assert.Multiple(() =>
        {
            Assert.That(users, Does.Contain("No Unity Catalog grant names a group"));
            Assert.That(users, Does.Contain("| the course catalog | ALL_PRIVILEGES | ALL_PRIVILEGES | USE_CATALOG, CREATE_SCHEMA, USE_SCHEMA, SELECT, READ_VOLUME |"));
            Assert.That(generated, Does.Contain("| each personal schema | set on each: the deploying identity; `personalSchemaOwner` names another |"));
        });
    }

    /// <summary>The privileges a role's principal is granted directly on a securable of <paramref name="kind"/>.</summary>
    internal static IReadOnlyList<string> Direct(AccessPolicy policy, SecurableKind kind, Role role)
    {
        const string ownUser = "\u0000own user";
        var entries = kind == SecurableKind.PersonalSchema ? policy.PersonalSchemaGrants(ownUser) : policy.For(kind);
        var principal = role switch
        {
            Role.Admins => policy.AdminsGroup,
            Role.SuperAdmins => policy.SuperAdmins.FirstOrDefault(),
            Role.Students => policy.StudentsGroup,
            Role.OwnUser => ownUser,
            _ => AccessPolicy.DeployingIdentity,
        };
        return entries.FirstOrDefault(e => e.Principal == principal)?.Privileges ?? [];
    }

    /// <summary>The securables a grant on a securable of <paramref name="kind"/> is inherited from.</summary>
    private static SecurableKind[] Parents(SecurableKind kind) => kind switch
    {
        SecurableKind.ReferenceSchema => [SecurableKind.ReferenceCatalog],
        SecurableKind.CourseSharedSchema or SecurableKind.PersonalSchema => [SecurableKind.CourseCatalog],
        SecurableKind.CourseDatasetsVolume => [SecurableKind.CourseCatalog, SecurableKind.CourseSharedSchema],
        _ => [],
    };

    private static string Cell(AccessPolicy policy, SecurableKind kind, Role role)
    {
        if (role == Role.OwnUser && kind != SecurableKind.PersonalSchema)
        {
            return "—";
        }

        var direct = Direct(policy, kind, role);
        var reaches = kind == SecurableKind.CourseDatasetsVolume ? VolumePrivileges : AccessMatrix.Inheritable;
        var inherited = role == Role.OwnUser ? [] : Parents(kind)
            .SelectMany(p => Direct(policy, p, role))
            .Where(p => reaches.Contains(p) && !direct.Contains(p) && !direct.Contains(PrivilegeNames.AllPrivileges))
            .Distinct()
            .ToList();
        var parts = new List<string>();
        if (direct.Count > 0)
        {
            parts.Add(string.Join(", ", direct));
        }

        if (inherited.Count > 0)
        {
            parts.Add("inherited: " + string.Join(", ", inherited));
        }

        return parts.Count == 0 ? "—" : string.Join("; ", parts);
    }

    private static CourseWorkspaceProps Variant(CourseWorkspaceProps shipped, PrincipalMode mode, bool peerReading) => new CourseWorkspaceProps(shipped)
    {
        Principals = mode,
        GroupsLevel = mode == PrincipalMode.Groups ? GroupsLevel.Account : GroupsLevel.Workspace,
        GroupSource = mode == PrincipalMode.Groups ? ObjectSource.Existing : shipped.GroupSource,
        AccountId = mode == PrincipalMode.Groups ? null : shipped.AccountId,
        StudentsReadPeerSchemas = peerReading,
    };

    private static AccessPolicy PolicyOf(CourseWorkspaceProps p) =>
        new(p.AdminsGroupName, p.StudentsGroupName, p.SuperAdmins, p.StudentsReadPeerSchemas, p.EffectivePrincipals);

    /// <summary>The generated part of docs/access-policy.md, between the markers.</summary>
    internal static string Generate(CourseWorkspaceProps shipped)
    {
        var text = new StringBuilder();
        foreach (var mode in new[] { PrincipalMode.Users, PrincipalMode.Groups })
        {
            foreach (var peerReading in new[] { true, false })
            {
                var props = Variant(shipped, mode, peerReading);
                var policy = PolicyOf(props);
                var isShipped = mode == shipped.EffectivePrincipals && peerReading == shipped.StudentsReadPeerSchemas;
                text.Append(mode == PrincipalMode.Users ? "### Users as principals" : "### Groups as principals")
                    .Append(peerReading ? ", peer reading on" : ", peer reading off")
                    .Append(isShipped ? " (the shipped settings)" : "").Append("\n\n");
                text.Append(mode == PrincipalMode.Users
                        ? "`principals: \"users\"`, the default while `groupsLevel` is `\"workspace\"`"
                        : "`principals: \"groups\"`, the default at every account `groupsLevel`")
                    .Append($"; `studentsReadPeerSchemas: {(peerReading ? "true" : "false")}`. ")
                    .Append(Named(policy)).Append("\n\n");
                var admins = Label(policy, policy.AdminsGroup);
                var students = Label(policy, policy.StudentsGroup);
                text.Append($"| securable | {admins} | super admins | {students} | the user, on their own schema | the deploying identity |\n");
                text.Append("|---|---|---|---|---|---|\n");
                foreach (var (kind, title) in Rows)
                {
                    text.Append("| ").Append(title).Append(" | ")
                        .AppendJoin(" | ", Enum.GetValues<Role>().Select(r => Cell(policy, kind, r)))
                        .Append(" |\n");
                }

                text.Append('\n');
            }
        }

        text.Append("### Owners\n\nThe same in every mode. \"Not set\" means the stack writes no `owner`, so Unity Catalog makes the creator the owner: ")
            .Append("the deploying identity when the stack creates the securable (`createCatalogs`, `createSchemas`); a referenced one keeps the owner it has.\n\n");
        text.Append("| securable | owner |\n|---|---|\n");
        foreach (var (kind, title) in Rows)
        {
            var owner = AccessPolicy.ExplicitOwner(kind, shipped.PersonalSchemaOwner);
            var pinned = AccessPolicy.ExplicitOwner(kind, "\u0000pinned");
            text.Append("| ").Append(title).Append(" | ").Append(
                owner is null ? "not set: its creator"
                : pinned == "\u0000pinned" ? $"set on each: {Who(owner)}; `personalSchemaOwner` names another"
                : $"set on each: {Who(owner)}").Append(" |\n");
        }

        return text.ToString().TrimEnd('\n');

        static string Who(string principal) => principal == AccessPolicy.DeployingIdentity ? "the deploying identity" : $"`{principal}`";
    }

    /// <summary>A column title for a group's row: the group itself, or each roster user of it.</summary>
    private static string Label(AccessPolicy policy, string group) =>
        Rows.Any(r => policy.For(r.Kind).Any(e => e.Principal == group && e.IsPerUser)) ? $"each user of `{group}`" : $"`{group}`";

    /// <summary>One sentence on whom the grants of <paramref name="policy"/> name and where, read from the policy's entries.</summary>
    private static string Named(AccessPolicy policy)
    {
        var entries = Rows.SelectMany(r => policy.For(r.Kind)).ToList();
        var names = new List<string>();
        foreach (var group in new[] { policy.AdminsGroup, policy.StudentsGroup })
        {
            var label = entries.Any(e => e.Principal == group && e.IsPerUser) ? $"each roster user of `{group}` (one grant per user)" : $"the group `{group}`";
            names.Add($"{label} on {Where(policy, group)}");
        }

        if (policy.SuperAdmins.Count > 0)
        {
            names.Add($"the super admins on {Where(policy, policy.SuperAdmins[0])}");
        }

        names.Add("each user on their own personal schema");
        var deployer = Where(policy, AccessPolicy.DeployingIdentity);
        names.Add(deployer == "nothing" ? "the deploying identity nowhere (its rights come from owning what it creates)" : $"the deploying identity on {deployer}");
        var sentence = $"Unity Catalog grants name {string.Join("; ", names)}.";
        if (!entries.Any(e => !e.IsPerUser && (e.Principal == policy.AdminsGroup || e.Principal == policy.StudentsGroup)))
        {
            sentence += " No Unity Catalog grant names a group: the two groups hold workspace permissions only.";
        }

        return sentence;
    }

    /// <summary>The rows where <paramref name="principal"/> has a grant entry, in words.</summary>
    private static string Where(AccessPolicy policy, string principal)
    {
        var kinds = Rows.Where(r => policy.For(r.Kind).Any(e => e.Principal == principal)).Select(r => r.Title).ToList();
        return kinds.Count switch
        {
            0 => "nothing",
            _ when kinds.Count == Rows.Length => "every securable",
            1 => kinds[0],
            _ => string.Join(", ", kinds.Take(kinds.Count - 1)) + " and " + kinds[^1],
        };
    }
}
