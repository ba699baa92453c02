using System.Text.Json.Nodes;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Tests.TestSupport;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// With users as principals the catalogs' grants name each roster user, so they are written as one
/// <c>databricks_grant</c> per (catalog, principal) instead of one authoritative <c>databricks_grants</c> listing
/// everyone, whose plan grows with the square of the roster (docs/grant-research.md). The two shapes must never share
/// a securable (TPD <c>catalog/resource_grants.go</c> <c>diffPermissions</c> revokes every principal it does not
/// list), and in a split roster each (securable, principal) pair must live in exactly one stack.
/// </summary>
public sealed class PerPrincipalGrantsTests
{
    private const string Boss = "boss@example.com";
    private const string DeployerEmail = "deployer@example.com";

    // Boss is a roster admin and a super admin; kim is a student and an admin; the roster is split into two cohorts.
    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = CourseRoster.FromEntries("test roster",
        [
            new RosterEntry(1, "ana@example.com", "Ana", ["admins"], null, cohort: "day"),
            new RosterEntry(2, Boss, "Boss", ["admins"], null, cohort: "evening"),
            new RosterEntry(3, "sam@example.com", "Sam", ["students"], null, cohort: "day"),
            new RosterEntry(4, "kim@example.com", "Kim", ["students", "admins"], null, cohort: "evening"),
            new RosterEntry(5, "old@example.com", "Old", ["students"], null, retired: true, cohort: "day"),
        ]),
        SuperAdmins = [Boss, "ops-app-id-1234"],
        ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["sales_dev"] = ["bronze"], ["sales_prod"] = ["gold"] },
    };

    private static readonly string[] Catalogs = ["sales_dev", "sales_prod", "databricks_course"];

    // The per-principal resources of the shared schemas (without peer reading), and the single resource over every
    // (securable, principal) pair that unreleased builds wrote: stacks that do not hold them let them go.
    private static readonly string[] SharedPerPrincipal =
    [
        "databricks_grant.course_shared_schema_grants_shared_bronze", "databricks_grant.course_shared_schema_grants_shared_silver",
        "databricks_grant.course_shared_schema_grants_shared_gold",
    ];

    private static readonly string[] PairResources =
        ["databricks_grant.reference_catalog_grants", "databricks_grant.course_catalog_grants", "databricks_grant.course_shared_schema_grants"];

    private string _scratch = null!;

    [OneTimeSetUp]
    public void CreateScratch() => _scratch = Directory.CreateTempSubdirectory("cdkinfra-per-principal-").FullName;

    [OneTimeTearDown]
    public void DeleteScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void With_users_as_principals_every_catalog_is_granted_per_principal_and_nothing_else_is()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var authoritativeCatalogs = stack.Resources().Where(r => r.Type == "databricks_grants" && r.Block["catalog"] is not null);
        var perPrincipal = stack.Resources().Where(r => r.Type == "databricks_grant").Select(r => r.Name);
        Assert.Multiple(() =>
        {
            Assert.That(authoritativeCatalogs, Is.Empty);
            // One resource per catalog, each with an instance per principal.
            Assert.That(perPrincipal, Is.EquivalentTo(new[]
            {
                "reference_catalog_grants_sales_dev", "reference_catalog_grants_sales_prod", "course_catalog_grants_databricks_course",
            }));
            // Peer reading on (the default): the shared schemas name no student, so their grants stay authoritative.
            Assert.That(stack.Resources().Any(r => r is { Type: "databricks_grants", Name: "course_shared_schema_grants" }), Is.True);
        });
    }

    [Test]
    public void Each_securable_has_its_own_resource_named_after_it()
    {
        string[] schemas = ["databricks_course.shared_bronze", "databricks_course.shared_gold"];
        string[] acrossCatalogs = ["a_.b", "a._b"];
        Assert.Multiple(() =>
        {
            Assert.That(SecurableGrants.PerPrincipalName("reference_catalog_grants", ["sales_dev", "sales_prod"], "sales_dev"), Is.EqualTo("reference_catalog_grants_sales_dev"));
            // Schemas of one catalog: the schema's name alone; of several: the full name, its dot doubled as underscores.
            Assert.That(SecurableGrants.PerPrincipalName("g", schemas, schemas[1]), Is.EqualTo("g_shared_gold"));
            Assert.That(SecurableGrants.PerPrincipalName("g", ["c.s", "d.s"], "d.s"), Is.EqualTo("g_d__s"));
            Assert.That(acrossCatalogs.Select(s => SecurableGrants.PerPrincipalName("g", acrossCatalogs, s)).Distinct().Count(), Is.EqualTo(1),
                "the one pair of names that meet, which the constructor refuses");
        });
    }

    [Test]
    public void Without_peer_reading_the_shared_schemas_name_each_student_and_are_granted_per_principal()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { StudentsReadPeerSchemas = false }));
        var shared = stack.Grants().Where(g => g.Address.StartsWith("databricks_grant.course_shared_schema_grants", StringComparison.Ordinal)).ToList();
        Assert.That(shared, Has.Count.EqualTo(Props.CourseSharedSchemas.Count));
        Assert.That(shared[0].Privileges["sam@example.com"], Is.EqualTo(new[] { PrivilegeNames.UseSchema }));
    }

    [Test]
    public void With_account_groups_every_securable_keeps_one_authoritative_resource()
    {
        var props = new CourseWorkspaceProps(Props)
        {
            Principals = PrincipalMode.Groups,
            GroupsLevel = GroupsLevel.Account,
            GroupSource = ObjectSource.Existing,
            CohortSize = null,
        };
        var stack = new SynthesizedStack(Synth.Course(props));
        Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_grant"));
    }

    [Test]
    public void Terraform_expands_one_instance_per_catalog_and_principal_each_holding_the_strongest_row()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var instances = Expand(stack, "reference_catalog_grants").Concat(Expand(stack, "course_catalog_grants")).ToList();
        string[] principals = ["ana@example.com", Boss, "sam@example.com", "kim@example.com", DeployerEmail, "ops-app-id-1234"];
        var all = new[] { PrivilegeNames.AllPrivileges };
        Assert.Multiple(() =>
        {
            Assert.That(instances.Select(i => i.Key), Is.EquivalentTo(Catalogs.SelectMany(c => principals.Select(p => $"{c}/{p}"))),
                "the retired user has none; the super admin in the roster and the admin who is a student have one each");
            Assert.That(instances.Single(i => i.Key == $"sales_dev/{Boss}").Privileges, Is.EqualTo(all));
            Assert.That(instances.Single(i => i.Key == "sales_dev/kim@example.com").Privileges, Is.EqualTo(all), "an admin's row wins over a student's");
            Assert.That(instances.Single(i => i.Key == "sales_dev/sam@example.com").Privileges,
                Is.EqualTo(new[] { PrivilegeNames.UseCatalog, PrivilegeNames.UseSchema, PrivilegeNames.Select }));
            Assert.That(instances.Single(i => i.Key == $"databricks_course/{DeployerEmail}").Securable, Is.EqualTo("databricks_course"));
        });
    }

    [Test]
    public void A_split_rosters_stacks_hold_each_catalog_and_principal_once_the_access_stack_those_outside_the_roster()
    {
        var cohorts = new[] { "day", "evening" }.ToDictionary(c => c, c => new SynthesizedStack(Part((s, p) => new CourseCohort(s, "Workspace", p, c))));
        var access = new SynthesizedStack(Part((s, p) => new CourseAccess(s, "Workspace", p)));
        cohorts["access"] = access;
        var held = new List<(string Stack, string Key)>();
        foreach (var (name, stack) in cohorts)
        {
            held.AddRange(Expand(stack, "reference_catalog_grants").Concat(Expand(stack, "course_catalog_grants")).Select(i => (name, i.Key)));
        }

        var single = Expand(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CohortSize = null })), "reference_catalog_grants")
            .Concat(Expand(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CohortSize = null })), "course_catalog_grants"));
        Assert.Multiple(() =>
        {
            Assert.That(held.Select(h => h.Key), Is.EquivalentTo(single.Select(i => i.Key)), "each pair once, over all stacks");
            Assert.That(held.Where(h => h.Stack == "access").Select(h => h.Key.Split('/')[1]).Distinct(),
                Is.EquivalentTo(new[] { DeployerEmail, "ops-app-id-1234" }), "the deployer and the super admins outside the roster");
            Assert.That(held.Where(h => h.Stack == "day").Select(h => h.Key.Split('/')[1]).Distinct(),
                Is.EquivalentTo(new[] { "ana@example.com", "sam@example.com" }));
            // A super admin in the roster stays in their cohort, with the super admins' privileges: leaving or joining
            // the super admins changes their pair there instead of moving it to another stack.
            Assert.That(held.Where(h => h.Stack == "evening").Select(h => h.Key.Split('/')[1]).Distinct(), Is.EquivalentTo(new[] { "kim@example.com", Boss }));
            Assert.That(Expand(cohorts["evening"], "reference_catalog_grants").Single(i => i.Key == $"sales_dev/{Boss}").Privileges,
                Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }));
        });
    }

    [Test]
    public void The_access_stack_refuses_a_grant_to_a_roster_member_whose_cohort_holds_that_pair()
    {
        Part((s, p) =>
        {
            var access = new CourseAccess(s, "Workspace", p);
            var error = Assert.Throws<ArgumentException>(() => access.Grants.ReferenceCatalogs.Grant(Principal.User("sam@example.com"), Privilege.Select));
            Assert.That(error!.Message, Does.Contain("'sam@example.com' is in the roster").And.Contain("databricks_grant.reference_catalog_grants_*"));
            // A super admin in the roster is their cohort's too.
            Assert.Throws<ArgumentException>(() => access.Grants.ReferenceCatalogs.Grant(Principal.User(Boss), Privilege.UseCatalog));
            // Outside the roster, a group, a retired entry: no cohort holds them, so the access stack does.
            access.Grants.ReferenceCatalogs.Grant(Principal.User("auditor@example.com"), Privilege.UseCatalog);
            access.Grants.ReferenceCatalogs.Grant(Principal.Group("data_stewards"), Privilege.UseCatalog);
            access.Grants.ReferenceCatalogs.Grant(Principal.User("old@example.com"), Privilege.UseCatalog);
            // The schemas' grants are authoritative, in this stack alone: a roster member may be named there.
            access.Grants.ReferenceSchemas.Grant(Principal.User("sam@example.com"), Privilege.Select);
        });
    }

    [Test]
    public void The_stacks_that_hold_catalog_grants_let_the_other_shape_go_without_destroying_it()
    {
        static IEnumerable<string> Removed(JsonObject stack) =>
            stack["removed"]!.AsArray().Where(r => r!["lifecycle"]!["destroy"]!.GetValue<bool>() == false).Select(r => r!["from"]!.GetValue<string>());
        var users = Synth.Course(new CourseWorkspaceProps(Props) { CohortSize = null });
        var groups = Synth.Course(new CourseWorkspaceProps(Props)
        {
            Principals = PrincipalMode.Groups,
            GroupsLevel = GroupsLevel.Account,
            GroupSource = ObjectSource.Existing,
            CohortSize = null,
        });
        var access = Part((s, p) => new CourseAccess(s, "Workspace", p));
        // Each stack lets go of every address the grants it holds may have had in another shape: the authoritative
        // resource, the per-principal resources per securable, and the single resource over every (securable,
        // principal) pair that unreleased builds wrote.
        string[] fromUsers = ["databricks_grants.reference_catalog_grants", "databricks_grants.course_catalog_grants", .. PairResources, .. SharedPerPrincipal];
        Assert.Multiple(() =>
        {
            Assert.That(Removed(users), Is.EquivalentTo(fromUsers));
            Assert.That(Removed(access), Is.EquivalentTo(fromUsers));
            Assert.That(Removed(groups), Is.EquivalentTo(new[]
            {
                "databricks_grant.reference_catalog_grants_sales_dev", "databricks_grant.reference_catalog_grants_sales_prod",
                "databricks_grant.course_catalog_grants_databricks_course",
            }.Concat(PairResources).Concat(SharedPerPrincipal)));
        });
    }

    [Test]
    public void A_deploying_identity_in_the_roster_is_held_by_the_access_stack_not_by_its_cohort()
    {
        const string Ana = "ana@example.com";
        var day = new SynthesizedStack(Part((s, p) => new CourseCohort(s, "Workspace", p, "day")));
        var access = new SynthesizedStack(Part((s, p) => new CourseAccess(s, "Workspace", p)));
        Assert.Multiple(() =>
        {
            Assert.That(Expand(day, "course_catalog_grants", deployer: Ana).Select(i => i.Key), Is.EquivalentTo(new[] { "databricks_course/sam@example.com" }));
            Assert.That(Expand(access, "course_catalog_grants", deployer: Ana).Single(i => i.Key == $"databricks_course/{Ana}").Privileges,
                Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }));
        });
    }

    [Test]
    public void A_cohort_lets_go_of_the_per_principal_grants_it_no_longer_holds_without_destroying_them()
    {
        static IEnumerable<string> Removed(JsonObject stack) =>
            stack["removed"]!.AsArray().Where(r => r!["lifecycle"]!["destroy"]!.GetValue<bool>() == false).Select(r => r!["from"]!.GetValue<string>());
        var users = Part((s, p) => new CourseCohort(s, "Workspace", p, "day"));
        var groups = Part((s, p) => new CourseCohort(s, "Workspace", new CourseWorkspaceProps(p)
        {
            Principals = PrincipalMode.Groups,
            GroupsLevel = GroupsLevel.Account,
            GroupSource = ObjectSource.Existing,
        }, "day"));
        Assert.Multiple(() =>
        {
            // Peer reading on: the shared schemas' grants are the access stack's, authoritative. The single resource
            // over every pair, which unreleased builds wrote, goes without a destroy too.
            Assert.That(Removed(users), Is.EquivalentTo(PairResources.Concat(SharedPerPrincipal)));
            // Account groups: the access stack's authoritative grants replace the members' rows after every cohort.
            Assert.That(Removed(groups), Is.EquivalentTo(new[]
            {
                "databricks_grant.reference_catalog_grants_sales_dev", "databricks_grant.reference_catalog_grants_sales_prod",
                "databricks_grant.course_catalog_grants_databricks_course",
            }.Concat(PairResources).Concat(SharedPerPrincipal)));
        });
    }

    [Test]
    public void Without_reference_catalogs_their_per_principal_grants_have_no_instance()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>>() }));
        Assert.Multiple(() =>
        {
            Assert.That(Expand(stack, "reference_catalog_grants"), Is.Empty);
            Assert.That(Expand(stack, "course_catalog_grants"), Is.Not.Empty);
        });
    }

    private sealed record Expanded(string Key, string Securable, IReadOnlyList<string> Privileges);

    /// <summary>
    /// The instances of the per-principal grants named <c>NAME</c> (one <c>databricks_grant.NAME_&lt;securable&gt;</c>
    /// per securable) as the real Terraform computes them (<c>terraform console</c> over the stack's locals), keyed
    /// <c>securable/principal</c>, the deploying identity standing in as <see cref="DeployerEmail"/>.
    /// </summary>
    private List<Expanded> Expand(SynthesizedStack stack, string name, string deployer = DeployerEmail)
    {
        var locals = JsonNode.Parse(stack.Root["locals"]!.ToJsonString().Replace("data.databricks_current_user.deployer.user_name", $"\\\"{deployer}\\\"", StringComparison.Ordinal))!.AsObject();
        // The locals that read resources' ids (memberships') have no resource to read in the console's configuration.
        foreach (var key in locals.Where(l => l.Value is JsonValue v && v.GetValue<string>().StartsWith("${{ for key, o in ", StringComparison.Ordinal)).Select(l => l.Key).ToList())
        {
            locals.Remove(key);
        }

        var result = new List<Expanded>();
        var evaluated = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in stack.Resources().Where(r => r.Type == "databricks_grant" && r.Name.StartsWith($"{name}_", StringComparison.Ordinal)))
        {
            Assert.That(resource.Block["principal"]!.GetValue<string>(), Is.EqualTo("${each.key}"));
            var securable = resource.Block["catalog"]!.GetValue<string>();
            var forEach = resource.Block["for_each"]!.GetValue<string>();
            if (!evaluated.TryGetValue(forEach, out var value))
            {
                evaluated[forEach] = value = TerraformConsole.Evaluate(_scratch, locals, forEach[2..^1]).AsObject();
            }

            result.AddRange(value.Select(p => new Expanded($"{securable}/{p.Key}", securable, p.Value!.AsArray().Select(v => v!.GetValue<string>()).ToList())));
        }

        return result;
    }

    private static JsonObject Part(Action<TerraformStack, CourseWorkspaceProps> build)
    {
        var app = Testing.App();
        var stack = new TerraformStack(app, "test");
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig());
        build(stack, Props);
        return JsonNode.Parse(Testing.Synth(stack))!.AsObject();
    }
}
