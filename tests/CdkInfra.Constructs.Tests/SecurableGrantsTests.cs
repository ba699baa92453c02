using CdkInfra.CodingAssistants;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>
/// A consuming team's grants join the policy's in the one authoritative <c>databricks_grants</c> of each securable:
/// Unity Catalog's grants resource replaces every grant on its securable, so a second resource on the same securable
/// would revoke the first's on each apply (provider docs, <c>databricks_grants</c>: "authoritative").
/// </summary>
public sealed class SecurableGrantsTests
{
    private const string Auditors = "course-auditors";

    private static readonly CourseWorkspaceProps Groups = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("sam@example.com", "students")),
        Principals = PrincipalMode.Groups,
        GroupsLevel = GroupsLevel.Account,
        GroupSource = ObjectSource.Existing,
    };

    private static readonly CourseWorkspaceProps Users = new CourseWorkspaceProps(Groups) { Principals = PrincipalMode.Users, GroupsLevel = GroupsLevel.Workspace };

    private static SynthesizedStack Synthesize(CourseWorkspaceProps props, Action<CourseWorkspace> extend) =>
        new(System.Text.Json.Nodes.JsonNode.Parse(Synth.CourseJson(props, extend))!.AsObject());

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> On(SynthesizedStack stack, string securable) =>
        stack.Grants().Single(g => g.Securable == securable).Privileges;

    [TestCaseSource(nameof(BothModes))]
    public void A_teams_grant_lands_in_the_one_grants_resource_of_the_course_catalog(CourseWorkspaceProps props)
    {
        var plain = new SynthesizedStack(Synth.Course(props));
        var extended = Synthesize(props, w => w.Grants.CourseCatalog.Grant(Principal.Group(Auditors), Privilege.UseCatalog));
        Assert.Multiple(() =>
        {
            Assert.That(extended.Resources().Count(r => r.Type == "databricks_grants"), Is.EqualTo(plain.Resources().Count(r => r.Type == "databricks_grants")));
            Assert.That(On(extended, "databricks_course")[Auditors], Is.EqualTo(new[] { PrivilegeNames.UseCatalog }));
            // Everything the policy grants is still there, unchanged.
            var withoutAuditors = On(extended, "databricks_course").Where(p => p.Key != Auditors);
            Assert.That(withoutAuditors, Is.EquivalentTo(On(plain, "databricks_course")));
        });
    }

    [TestCaseSource(nameof(BothModes))]
    public void A_grant_on_a_set_of_securables_lands_on_every_instance(CourseWorkspaceProps props)
    {
        var stack = Synthesize(props, w => w.Grants.ReferenceSchemas.Grant(Principal.Group(Auditors), Privilege.UseSchema, Privilege.Select));
        var schemas = stack.Grants().Where(g => g.Address.StartsWith("databricks_grants.reference_schema_grants", StringComparison.Ordinal)).ToList();
        Assert.That(schemas, Has.Count.EqualTo(props.ReferenceCatalogs.Sum(c => c.Value.Count)));
        Assert.That(schemas.Select(g => g.Privileges[Auditors]), Has.All.EqualTo(new[] { PrivilegeNames.UseSchema, PrivilegeNames.Select }));
    }

    [Test]
    public void A_principal_granted_twice_is_listed_once_with_both_privileges()
    {
        var stack = Synthesize(Groups, w =>
        {
            w.Grants.CourseCatalog.Grant(Principal.Group(Auditors), Privilege.UseCatalog);
            w.Grants.CourseCatalog.Grant(Principal.Group(Auditors), Privilege.UseCatalog, Privilege.UseSchema);
        });
        var blocks = stack.Resource("databricks_grants", "course_catalog_grants")["grant"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(blocks.Count(b => b!["principal"]!.GetValue<string>() == Auditors), Is.EqualTo(1));
            Assert.That(On(stack, "databricks_course")[Auditors], Is.EqualTo(new[] { PrivilegeNames.UseCatalog, PrivilegeNames.UseSchema }));
        });
    }

    [Test]
    public void A_grant_joins_a_personal_schemas_grants_without_displacing_its_owner()
    {
        var stack = Synthesize(Users, w => w.PersonalSchemaGrants.Grant(Principal.Group(Auditors), Privilege.UseSchema));
        var sam = On(stack, "databricks_course.sam");
        Assert.Multiple(() =>
        {
            Assert.That(sam[Auditors], Is.EqualTo(new[] { PrivilegeNames.UseSchema }));
            Assert.That(sam["sam@example.com"], Is.EqualTo(AccessPolicy.OwnerPrivileges));
        });
    }

    [Test]
    public void A_principal_is_literal_text_never_an_expression()
    {
        // Users mode: the named principals are a local that the per-principal grants merge; the real Terraform reads it.
        const string Hostile = "${file(\"/etc/passwd\")}";
        var stack = Synthesize(Users, w => w.Grants.CourseCatalog.Grant(Principal.User(Hostile), Privilege.UseCatalog));
        var local = stack.Root["locals"]!["course_catalog_grants_named"]!.DeepClone();
        var scratch = Directory.CreateTempSubdirectory("cdkinfra-grants-").FullName;
        try
        {
            var keys = TerraformConsole.Evaluate(scratch, new() { ["course_catalog_grants_named"] = local }, "keys(local.course_catalog_grants_named)");
            Assert.That(keys.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { Hostile }));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Test]
    public void A_blank_principal_or_no_privilege_is_refused_at_the_call()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => Synth.CourseJson(Groups, w => w.Grants.CourseCatalog.Grant(Principal.Group(" "), Privilege.UseCatalog)));
            Assert.Throws<ArgumentException>(() => Synth.CourseJson(Groups, w => w.Grants.CourseCatalog.Grant(Principal.Group(Auditors))));
            Assert.Throws<ArgumentException>(() => Synth.CourseJson(Users, w => w.Grants.CourseCatalog.Grant(Principal.User(AccessPolicy.DeployingIdentity), Privilege.UseCatalog)),
                "the deploying identity's reference is the library's own expression, never a principal's text");
        });
    }

    [Test]
    public void The_clusters_volume_grants_take_a_teams_grant_beside_the_clusters_user()
    {
        var props = new CodingAssistantsClusterProps { CatalogName = "databricks_course", SchemaName = "shared_bronze", SingleUserName = "lena@example.com" };
        var stack = new SynthesizedStack(System.Text.Json.Nodes.JsonNode.Parse(
            Synth.CodingAssistantsJson(props, c => c.VolumeGrants.Grant(Principal.Group(Auditors), Privilege.ReadVolume)))!.AsObject());
        // The init script's volume; the logs volume has grants of its own.
        var volume = stack.Grants().Single(g => g.Address == "databricks_grants.coding_assistants");
        Assert.That(volume.Privileges.Keys, Is.EquivalentTo(new[] { "lena@example.com", Auditors }));
    }

    private static IEnumerable<TestCaseData> BothModes()
    {
        yield return new TestCaseData(Groups).SetArgDisplayNames("groups");
        yield return new TestCaseData(Users).SetArgDisplayNames("users");
    }
}
