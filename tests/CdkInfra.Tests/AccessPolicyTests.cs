using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Tests;

/// <summary>
/// The access policy, checked on the synthesized Terraform: every grants resource instance is expanded (for_each and
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
    public void Admins_and_super_admins_hold_all_privileges_on_every_catalog_and_schema()
    {
        foreach (var grants in Grants.Value)
        {
            foreach (var principal in new[] { Admins, Boss, "ops-app-id-1234" })
            {
                Assert.That(grants.Privileges[principal], Is.EqualTo(new[] { Privilege.AllPrivileges }), $"{principal} on {grants.Securable}");
            }
        }
    }

    [Test]
    public void Students_read_the_reference_catalogs_including_use_catalog()
    {
        foreach (var catalog in Props.ReferenceCatalogs.Keys)
        {
            Assert.That(On("catalog", catalog).Privileges[Students], Is.EqualTo(new[] { Privilege.UseCatalog, Privilege.UseSchema, Privilege.Select }));
            foreach (var schema in Props.ReferenceCatalogs[catalog])
            {
                Assert.That(On("schema", $"{catalog}.{schema}").Privileges[Students], Is.EqualTo(new[] { Privilege.UseSchema, Privilege.Select }));
            }
        }
    }

    [Test]
    public void Students_enter_the_course_catalog_and_may_create_schemas_there() =>
        Assert.That(On("catalog", "databricks_course").Privileges[Students], Is.EqualTo(new[] { Privilege.UseCatalog, Privilege.CreateSchema }));

    [Test]
    public void Students_read_the_shared_course_schemas()
    {
        foreach (var schema in Props.CourseSharedSchemas)
        {
            Assert.That(On("schema", $"databricks_course.{schema}").Privileges[Students], Is.EqualTo(new[] { Privilege.UseSchema, Privilege.Select }));
        }
    }

    [Test]
    public void Students_only_read_the_course_datasets_volume()
    {
        var volume = On("volume", "databricks_course.shared_bronze.course_datasets").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(volume[Students], Is.EqualTo(new[] { Privilege.ReadVolume }));
            Assert.That(Privilege.Writes, Does.Not.Contain(Privilege.ReadVolume), "READ_VOLUME is a read");
            Assert.That(Privilege.Writes, Does.Contain(Privilege.WriteVolume));
            Assert.That(volume.Keys, Is.EquivalentTo(new[] { Admins, Boss, "ops-app-id-1234", Students }));
        });
    }

    [Test]
    public void Each_student_owns_their_schema_and_peers_may_read_it()
    {
        var sam = On("schema", "databricks_course.sam").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(sam["sam@example.com"], Is.EqualTo(new[] { Privilege.AllPrivileges }));
            Assert.That(sam[Students], Is.EqualTo(new[] { Privilege.UseSchema, Privilege.Select }));
            Assert.That(sam.ContainsKey("kim@example.com"), Is.False, "no per-peer grants: peers read through the group");
        });
    }

    [Test]
    public void Every_personal_schema_is_owned_by_the_admins_group_never_by_whoever_created_it()
    {
        // Students hold CREATE_SCHEMA on the course catalog, so one could create a future classmate's schema first; an
        // unmanaged owner would then stay with that student, also when the schema is adopted.
        var stack = new SynthesizedStack(Synth.Course(Props with { AdoptExisting = new HashSet<AdoptKind> { AdoptKind.Schemas } }));
        Assert.That(stack.Resource("databricks_schema", "personal_schemas")["owner"]!.GetValue<string>(), Is.EqualTo(Admins));
    }

    [Test]
    public void Personal_schemas_wait_for_the_group_that_owns_them()
    {
        var schemas = Synth.Course(Props)["resource"]!["databricks_schema"]!["personal_schemas"]!;
        Assert.That(schemas["depends_on"]!.AsArray().Select(d => d!.GetValue<string>()), Does.Contain("databricks_group.groups"));
    }

    [Test]
    public void Students_cannot_modify_anything_outside_their_own_schema()
    {
        foreach (var grants in Grants.Value)
        {
            var studentPrincipals = grants.Privileges.Keys.Where(p => p == Students || p is "sam@example.com" or "kim@example.com");
            foreach (var principal in studentPrincipals)
            {
                var isOwnSchema = grants.SecurableType == "schema" && grants.Securable == $"databricks_course.{principal.Split('@')[0]}";
                var isCourseCatalogException = grants.Securable == "databricks_course" && principal == Students;
                var writes = grants.Privileges[principal].Where(Privilege.Writes.Contains).ToList();
                if (isCourseCatalogException)
                {
                    Assert.That(writes, Is.EqualTo(new[] { Privilege.CreateSchema }), "CREATE_SCHEMA on the course catalog is the policy's one exception");
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
        var grants = new SynthesizedStack(Synth.Course(Props with { StudentsReadPeerSchemas = false })).Grants();
        var sam = grants.Single(g => g.Securable == "databricks_course.sam").Privileges;
        Assert.Multiple(() =>
        {
            Assert.That(sam.ContainsKey(Students), Is.False);
            Assert.That(sam["sam@example.com"], Is.EqualTo(new[] { Privilege.AllPrivileges }));
            Assert.That(grants.Single(g => g.Securable == "databricks_course.shared_bronze").Privileges.ContainsKey(Students), Is.True);
        });
    }

    [Test]
    public void An_owner_who_is_also_a_super_admin_is_listed_once() =>
        Assert.That(On("schema", "databricks_course.boss").Privileges[Boss], Is.EqualTo(new[] { Privilege.AllPrivileges }));

    [Test]
    public void Catalog_only_privileges_appear_only_on_catalogs()
    {
        foreach (var grants in Grants.Value.Where(g => g.SecurableType == "schema"))
        {
            Assert.That(grants.Privileges.Values.SelectMany(p => p), Has.None.AnyOf(Privilege.UseCatalog, Privilege.CreateSchema), grants.Securable);
        }
    }

    [Test]
    public void Every_principal_is_a_course_group_a_roster_user_or_a_super_admin()
    {
        var known = new HashSet<string>(Props.Roster.Entries.Select(e => e.UserName).Concat(Props.SuperAdmins).Append(Admins).Append(Students));
        Assert.That(Grants.Value.SelectMany(g => g.Privileges.Keys).Distinct(), Is.SubsetOf(known));
    }

    /// <summary>Property: grant entries grow linearly with the roster (a constant per user), never quadratically.</summary>
    [Test]
    public void Grant_entries_grow_linearly_with_the_roster([Values(3, 7)] int seed)
    {
        int Entries(int users) => new SynthesizedStack(Synth.Course(Props with { Roster = Synth.Generated(users, seed) }))
            .Grants().Sum(g => g.Privileges.Count);
        var (e10, e20, e40) = (Entries(10), Entries(20), Entries(40));
        var perUser = (e20 - e10) / 10.0;
        Assert.Multiple(() =>
        {
            Assert.That(e40 - e20, Is.EqualTo(2 * (e20 - e10)), "constant cost per added user");
            Assert.That(perUser, Is.LessThanOrEqualTo(5), "per-user grant entries: admins, super admins, students, owner");
        });
    }

    /// <summary>Property: resources per user stay a small constant (user, membership, schema, grants).</summary>
    [Test]
    public void Resources_per_user_are_a_small_constant()
    {
        int Count(int users) => new SynthesizedStack(Synth.Course(Props with { Roster = Synth.Generated(users, 11) })).InstanceCount();
        Assert.That((Count(30) - Count(10)) / 20.0, Is.EqualTo(4.0));
    }
}
