using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// The access policy with the default principals (users), checked on the synthesized Terraform: every grants resource instance is expanded (for_each and
/// the personal schemas' dynamic block) and read back as securable → principal → privileges.
/// </summary>
public sealed class AccessPolicyTests
{
    private const string Admins = "platform_admins";
    private const string Students = "platform_students";
    private const string Boss = "boss@example.com";

    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("boss@example.com", "admins"), ("sam@example.com", "students"), ("kim@example.com", "students")),
        SuperAdmins = [Boss, "ops-app-id-1234"],
        Material = Synth.FixtureMaterial,
    };

    private static readonly Lazy<IReadOnlyList<ExpandedGrants>> Grants = new(() => new SynthesizedStack(Synth.Course(Props)).Grants());

    private static ExpandedGrants On(string type, string securable) => Grants.Value.Single(g => g.SecurableType == type && g.Securable == securable);

    [Test]
    public void Every_securable_has_exactly_one_grants_resource()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var securables = new List<string> { "catalog:databricks_course" };
        securables.AddRange(Props.ReferenceCatalogs.Keys.Select(c => $"catalog:{c}"));
        securables.AddRange(Props.ReferenceCatalogs.SelectMany(c => c.Value.Select(s => $"schema:{c.Key}.{s}")));
        securables.AddRange(Props.CourseSharedSchemas.Select(s => $"schema:databricks_course.{s}"));
        securables.AddRange(new[] { "ana", "boss", "sam", "kim" }.Select(n => $"schema:databricks_course.{n}"));
        securables.Add("volume:databricks_course.shared_bronze.course_datasets");
        var granted = stack.Grants().Select(g => $"{g.SecurableType}:{g.Securable}").ToList();
        Assert.That(granted, Is.EquivalentTo(securables), "one grants instance per securable, and no securable without one");
        Assert.That(securables, Has.Count.EqualTo(5 + 13 + 3 + 4 + 1));
        Assert.That(stack.Resources().Where(r => r.Type == "databricks_volume").Select(r => r.Name), Is.EqualTo(new[] { "course_datasets" }),
            "the datasets volume is the only volume, and it is granted above");
    }

    [Test]
    public void Super_admins_and_the_deploying_identity_hold_all_privileges_on_every_securable()
    {
        foreach (var grants in Grants.Value)
        {
            foreach (var principal in new[] { Boss, "ops-app-id-1234", SynthesizedStack.Deployer })
            {
                Assert.That(grants.Privileges[principal], Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }), $"{principal} on {grants.Securable}");
            }
        }
    }

    [Test]
    public void Each_admin_holds_all_privileges_on_every_catalog_and_inherits_them_below()
    {
        foreach (var grants in Grants.Value.Where(g => g.Securable != "databricks_course.ana"))
        {
            Assert.That(grants.Privileges.TryGetValue("ana@example.com", out var ana) ? ana : null,
                grants.SecurableType == "catalog" ? Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }) : Is.Null, grants.Securable);
        }
    }

    [Test]
    public void No_grant_and_no_owner_names_a_group()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Grants().SelectMany(g => g.Privileges.Keys), Has.None.EqualTo(Admins).And.None.EqualTo(Students));
            Assert.That(stack.Resources().Where(r => r.Block["owner"] is not null).Select(r => r.Block["owner"]!.GetValue<string>()),
                Has.All.EqualTo(AccessPolicy.DeployingIdentity));
        });
    }

    [Test]
    public void Students_read_the_reference_catalogs_including_use_catalog_and_inherit_it_in_their_schemas()
    {
        foreach (var catalog in Props.ReferenceCatalogs.Keys)
        {
            Assert.That(On("catalog", catalog).Privileges["sam@example.com"], Is.EqualTo(new[] { PrivilegeNames.UseCatalog, PrivilegeNames.UseSchema, PrivilegeNames.Select }));
            foreach (var schema in Props.ReferenceCatalogs[catalog])
            {
                Assert.That(On("schema", $"{catalog}.{schema}").Privileges.Keys, Is.EquivalentTo(new[] { Boss, "ops-app-id-1234", SynthesizedStack.Deployer }));
            }
        }
    }

    [Test]
    public void Students_enter_the_course_catalog_create_schemas_and_read_where_they_may_use_the_schema() =>
        Assert.That(On("catalog", "databricks_course").Privileges["kim@example.com"],
            Is.EqualTo(new[] { PrivilegeNames.UseCatalog, PrivilegeNames.CreateSchema, PrivilegeNames.UseSchema, PrivilegeNames.Select, PrivilegeNames.ReadVolume }));

    [Test]
    public void Students_read_the_shared_course_schemas_and_the_datasets_volume_through_the_catalog()
    {
        foreach (var schema in Props.CourseSharedSchemas)
        {
            Assert.That(On("schema", $"databricks_course.{schema}").Privileges.ContainsKey("sam@example.com"), Is.False, "inherited from the catalog");
        }

        var volume = On("volume", "databricks_course.shared_bronze.course_datasets").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(PrivilegeNames.Writes, Does.Not.Contain(PrivilegeNames.ReadVolume), "READ_VOLUME is a read");
            Assert.That(volume.Keys, Is.EquivalentTo(new[] { Boss, "ops-app-id-1234", SynthesizedStack.Deployer }));
        });
    }

    [Test]
    public void Each_student_owns_their_schema_and_peers_read_it_through_the_catalog()
    {
        var sam = On("schema", "databricks_course.sam").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(sam["sam@example.com"], Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }));
            Assert.That(sam.ContainsKey("kim@example.com"), Is.False, "no per-peer grants: peers read through the catalog's USE_SCHEMA and SELECT");
        });
    }

    [Test]
    public void Every_personal_schema_is_owned_by_the_deploying_identity_never_by_whoever_created_it()
    {
        // Students hold CREATE_SCHEMA on the course catalog, so one could create a future classmate's schema first; an
        // unmanaged owner would then stay with that student, also when the schema is adopted.
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { SchemaSource = ObjectSource.Adopt }));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_schema", "personal_schemas", """{ "owner": "${data.databricks_current_user.deployer.user_name}" }""");
            stack.HasDataProperties("databricks_current_user", "deployer", "{}");
        });
    }

    [Test]
    public void A_pinned_owner_owns_the_personal_schemas_and_they_wait_for_the_principals()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { PersonalSchemaOwner = "ops-app-id-1234" }));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_schema", "personal_schemas", """{ "owner": "ops-app-id-1234" }""");
            Assert.That(stack.DependsOn("databricks_schema", "personal_schemas"), Does.Contain("databricks_user.users"));
        });
    }

    [Test]
    public void Personal_schemas_owned_by_the_deploying_identity_do_not_wait_for_the_roster_sized_users() =>
        // Issue 15: a roster-sized resource waiting on another costs Terraform time in proportion to both.
        new SynthesizedStack(Synth.Course(Props)).HasResourceProperties("databricks_schema", "personal_schemas", """{ "depends_on": null }""");

    [Test]
    public void Personal_schema_grants_wait_on_one_instance_instead_of_the_roster_sized_schemas_and_users()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_grants", "personal_schema_grants", """{ "depends_on": ["terraform_data.personal_schemas_ready"] }""");
            Assert.That(stack.Resource("databricks_grants", "personal_schema_grants")["schema"]!.GetValue<string>(), Does.Not.Contain("databricks_schema."),
                "the name is known at synthesis");
            stack.HasResourceProperties("terraform_data", "personal_schemas_ready", """{ "for_each": null }""");
            Assert.That(stack.DependsOn("terraform_data", "personal_schemas_ready"), Is.EquivalentTo(new[] { "databricks_schema.personal_schemas", "databricks_user.users" }));
        });
    }

    [Test]
    public void Students_cannot_modify_anything_outside_their_own_schema()
    {
        foreach (var grants in Grants.Value)
        {
            foreach (var principal in grants.Privileges.Keys.Where(p => p is "sam@example.com" or "kim@example.com"))
            {
                var isOwnSchema = grants.SecurableType == "schema" && grants.Securable == $"databricks_course.{principal.Split('@')[0]}";
                var isCourseCatalogException = grants.Securable == "databricks_course";
                var writes = grants.Privileges[principal].Where(PrivilegeNames.Writes.Contains).ToList();
                if (isCourseCatalogException)
                {
                    Assert.That(writes, Is.EqualTo(new[] { PrivilegeNames.CreateSchema }), "CREATE_SCHEMA on the course catalog is the policy's one exception");
                }
                else if (!isOwnSchema)
                {
                    Assert.That(writes, Is.Empty, $"{principal} on {grants.Securable}");
                }
            }
        }
    }

    [Test]
    public void Peer_reading_can_be_switched_off()
    {
        var grants = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { StudentsReadPeerSchemas = false })).Grants();
        var sam = grants.Single(g => g.Securable == "databricks_course.sam").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(sam.ContainsKey("kim@example.com"), Is.False);
            Assert.That(sam["sam@example.com"], Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }));
            Assert.That(grants.Single(g => g.Securable == "databricks_course").Privileges["kim@example.com"], Does.Not.Contain(PrivilegeNames.UseSchema),
                "without USE_SCHEMA a student reaches no schema of the catalog but the ones granted below");
            Assert.That(grants.Single(g => g.Securable == "databricks_course.shared_bronze").Privileges["kim@example.com"], Is.EqualTo(new[] { PrivilegeNames.UseSchema }));
        });
    }

    [Test]
    public void An_owner_who_is_also_a_super_admin_is_listed_once() =>
        Assert.That(On("schema", "databricks_course.boss").Privileges[Boss], Is.EqualTo(new[] { PrivilegeNames.AllPrivileges }));

    [Test]
    public void Catalog_only_privileges_appear_only_on_catalogs()
    {
        foreach (var grants in Grants.Value.Where(g => g.SecurableType == "schema"))
        {
            Assert.That(grants.Privileges.Values.SelectMany(p => p), Has.None.AnyOf(PrivilegeNames.UseCatalog, PrivilegeNames.CreateSchema), grants.Securable);
        }
    }

    [Test]
    public void Every_principal_is_a_roster_user_a_super_admin_or_the_deploying_identity()
    {
        var known = new HashSet<string>(Props.Roster.Entries.Select(e => e.UserName).Concat(Props.SuperAdmins).Append(SynthesizedStack.Deployer));
        Assert.That(Grants.Value.SelectMany(g => g.Privileges.Keys).Distinct(), Is.SubsetOf(known));
    }

    /// <summary>Property: grant entries grow linearly with the roster (a constant per user), never quadratically.</summary>
    [Test]
    public void Grant_entries_grow_linearly_with_the_roster([Values(3, 7)] int seed)
    {
        int Entries(int users) => new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Roster = Synth.Generated(users, seed) }))
            .Grants().Sum(g => g.Privileges.Count);
        var (e10, e20, e40) = (Entries(10), Entries(20), Entries(40));
        var perUser = (e20 - e10) / 10.0;
        Assert.Multiple(() =>
        {
            Assert.That(e40 - e20, Is.EqualTo(2 * (e20 - e10)), "constant cost per added user");
            Assert.That(perUser, Is.LessThanOrEqualTo(9),
                "per user: one entry on each of the 5 catalogs; their own schema's grants (the user, the deploying identity, 2 super admins)");
        });
    }

    /// <summary>
    /// Property: resources per user stay a small constant: user, membership, schema, its grants, and with users as
    /// principals one per-principal grant on each catalog.
    /// </summary>
    [Test]
    public void Resources_per_user_are_a_small_constant()
    {
        int Count(int users) => new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Roster = Synth.Generated(users, 11) })).InstanceCount();
        Assert.That((Count(30) - Count(10)) / 20.0, Is.EqualTo(4.0 + Props.ReferenceCatalogs.Count + 1));
    }
}
