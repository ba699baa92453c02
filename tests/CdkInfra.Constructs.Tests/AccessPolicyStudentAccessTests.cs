using System.Text.Json;
using CdkInfra.Course;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.Constructs.Tests;

/// <summary>What students get beyond data: entitlements, compute, the secret scope; workspace objects granted to the two groups.</summary>
public sealed class AccessPolicyStudentAccessTests
{
    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = Synth.Roster(("ana@example.com", "admins"), ("sam@example.com", "students")),
    };

    [Test]
    public void Both_groups_get_workspace_and_sql_access_and_students_create_no_clusters()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var admins = stack.Resource("databricks_entitlements", "admin_entitlements");
        var students = stack.Resource("databricks_entitlements", "student_entitlements");
        Assert.Multiple(() =>
        {
            Assert.That(admins["group_id"]!.GetValue<string>(), Is.EqualTo("${databricks_group.groups[\"admins\"].id}"));
            Assert.That(students["group_id"]!.GetValue<string>(), Is.EqualTo("${databricks_group.groups[\"students\"].id}"));
            foreach (var e in new[] { admins, students })
            {
                Assert.That(e["workspace_access"]!.GetValue<bool>() && e["databricks_sql_access"]!.GetValue<bool>(), Is.True);
            }

            Assert.That(students["allow_cluster_create"]!.GetValue<bool>(), Is.False);
            // databricks_entitlements replaces the group's whole set: an argument left out would take cluster creation
            // away from the instructors (TPD scim/resource_entitlement.go, PATCH "replace").
            Assert.That(admins["allow_cluster_create"]!.GetValue<bool>(), Is.True, "instructors keep cluster creation");
        });
    }

    [Test]
    public void The_groups_leave_their_entitlements_to_the_entitlements_resource()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var ignored = stack.Resource("databricks_group", "groups")["lifecycle"]!["ignore_changes"]!.AsArray().Select(n => n!.GetValue<string>());
        // The group's own entitlement arguments default to false and its Read loads what the workspace holds: without
        // ignoring them, every plan after the first apply takes back what databricks_entitlements gave (TPD
        // scim/scim.go addEntitlementsToSchema, scim/resource_group.go); the emulator shows the flip
        // (tests/emulator/offline.bats).
        Assert.That(ignored, Is.SupersetOf(new[] { "workspace_access", "databricks_sql_access", "allow_cluster_create" }));
    }

    [Test]
    public void Serverless_is_the_default_and_creates_no_compute()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.That(stack.Resources().Select(r => r.Type), Has.None.AnyOf("databricks_cluster", "databricks_cluster_policy", "databricks_sql_endpoint"));
    }

    [Test]
    public void The_policy_makes_small_single_user_clusters_that_terminate_and_students_may_use_it()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props)
        {
            StudentCompute = StudentCompute.Policy,
            StudentAutoterminationMinutes = 45,
            StudentMaxDbusPerHour = 3,
            StudentNodeTypes = ["m5d.large", "m5d.xlarge"],
        }));
        var policy = stack.Resource("databricks_cluster_policy", "student_clusters");
        using var definition = JsonDocument.Parse(policy["definition"]!.GetValue<string>());
        var d = definition.RootElement;
        var permissions = stack.Resource("databricks_permissions", "student_clusters");
        Assert.Multiple(() =>
        {
            Assert.That(policy["max_clusters_per_user"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(d.GetProperty("data_security_mode").GetProperty("value").GetString(), Is.EqualTo("SINGLE_USER"));
            Assert.That(d.GetProperty("num_workers").GetProperty("value").GetInt32(), Is.EqualTo(0));
            // The current single-node method; the legacy spark_conf profile is refused next to kind (databricks-sdk-py 881).
            Assert.That(d.GetProperty("kind").GetProperty("value").GetString(), Is.EqualTo("CLASSIC_PREVIEW"));
            Assert.That(d.GetProperty("is_single_node").GetProperty("value").GetBoolean(), Is.True);
            Assert.That(d.EnumerateObject().Select(p => p.Name), Has.None.StartsWith("spark_conf."));
            Assert.That(d.GetProperty("autotermination_minutes").GetProperty("maxValue").GetInt32(), Is.EqualTo(45));
            Assert.That(d.GetProperty("dbus_per_hour").GetProperty("maxValue").GetInt32(), Is.EqualTo(3));
            Assert.That(d.GetProperty("node_type_id").GetProperty("values").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "m5d.large", "m5d.xlarge" }));
            Assert.That(permissions["cluster_policy_id"]!.GetValue<string>(), Is.EqualTo("${databricks_cluster_policy.student_clusters.id}"));
            Assert.That(permissions["access_control"]!.AsArray().Select(a => $"{a!["group_name"]} {a["permission_level"]}"),
                Is.EquivalentTo(new[] { "platform_admins CAN_USE", "platform_students CAN_USE" }));
        });
    }

    [TestCase("17.3.x-scala2.13", true)]
    [TestCase("17.3.x-cpu-ml-scala2.13", true)]
    [TestCase("18.1.x-scala2.13", true)]
    [TestCase("21.0.x-scala2.13", true)]
    [TestCase("17.2.x-scala2.13", false)]
    [TestCase("16.4.x-scala2.12", false)]
    [TestCase("15.4.x-scala2.12", false)]
    public void The_policy_allows_the_runtimes_the_course_runs_on(string runtime, bool allowed)
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { StudentCompute = StudentCompute.Policy }));
        using var definition = JsonDocument.Parse(stack.Resource("databricks_cluster_policy", "student_clusters")["definition"]!.GetValue<string>());
        var pattern = definition.RootElement.GetProperty("spark_version").GetProperty("pattern").GetString()!;
        Assert.That(System.Text.RegularExpressions.Regex.IsMatch(runtime, pattern), Is.EqualTo(allowed));
    }

    [Test]
    public void The_shared_cluster_is_in_standard_access_mode_and_students_attach_and_restart_it()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { StudentCompute = StudentCompute.Shared }));
        var cluster = stack.Resource("databricks_cluster", "course_shared");
        var permissions = stack.Resource("databricks_permissions", "course_shared");
        Assert.Multiple(() =>
        {
            Assert.That(cluster["data_security_mode"]!.GetValue<string>(), Is.EqualTo("USER_ISOLATION"));
            Assert.That(cluster["autotermination_minutes"]!.GetValue<int>(), Is.EqualTo(30));
            Assert.That(cluster["spark_version"]!.GetValue<string>(), Is.EqualTo("${data.databricks_spark_version.student_compute.id}"));
            Assert.That(stack.Data("databricks_spark_version", "student_compute")["scala"]!.GetValue<string>(), Is.EqualTo("2.13"),
                "with the default Scala 2.12 the newest LTS is 16.4, too old for the course");
            Assert.That(cluster["lifecycle"]!["ignore_changes"]!.AsArray().Select(n => n!.GetValue<string>()), Does.Contain("spark_version"),
                "a new LTS does not restart the running cluster");
            Assert.That(permissions["access_control"]!.AsArray().Select(a => $"{a!["group_name"]} {a["permission_level"]}"),
                Is.EquivalentTo(new[] { "platform_admins CAN_MANAGE", "platform_students CAN_RESTART" }));
        });
    }

    [Test]
    public void The_optional_warehouse_is_small_and_students_may_use_it()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { StudentWarehouse = true }));
        var warehouse = stack.Resource("databricks_sql_endpoint", "course");
        Assert.Multiple(() =>
        {
            Assert.That(warehouse["cluster_size"]!.GetValue<string>(), Is.EqualTo("2X-Small"));
            Assert.That(warehouse["auto_stop_mins"]!.GetValue<int>(), Is.EqualTo(10));
            Assert.That(stack.Resource("databricks_permissions", "course_warehouse")["access_control"]!.AsArray()
                .Select(a => $"{a!["group_name"]} {a["permission_level"]}"), Is.EquivalentTo(new[] { "platform_admins CAN_MANAGE", "platform_students CAN_USE" }));
        });
    }

    [Test]
    public void The_secret_scope_lets_students_read_and_admins_manage_and_holds_no_value()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resource("databricks_secret_scope", "course")["name"]!.GetValue<string>(), Is.EqualTo("course-apis"));
            Assert.That(stack.Resource("databricks_secret_acl", "course_students")["permission"]!.GetValue<string>(), Is.EqualTo("READ"));
            Assert.That(stack.Resource("databricks_secret_acl", "course_students")["principal"]!.GetValue<string>(), Is.EqualTo("platform_students"));
            Assert.That(stack.Resource("databricks_secret_acl", "course_admins")["permission"]!.GetValue<string>(), Is.EqualTo("MANAGE"));
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_secret"), "values are put with the CLI, never configured");
        });
    }

    [Test]
    public void The_secret_scope_can_be_renamed_or_left_out()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CourseSecretScope = "course" })).Resource("databricks_secret_scope", "course")["name"]!
                .GetValue<string>(), Is.EqualTo("course"));
            Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CourseSecretScope = null })).Resources().Select(r => r.Type),
                Has.None.EqualTo("databricks_secret_scope").And.None.EqualTo("databricks_secret_acl"));
        });
    }

    [Test]
    public void Display_names_are_set_at_creation_unless_managed()
    {
        var users = new SynthesizedStack(Synth.Course(Props)).Resource("databricks_user", "users");
        var managed = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { ManageDisplayNames = true })).Resource("databricks_user", "users");
        Assert.Multiple(() =>
        {
            Assert.That(users["lifecycle"]!["ignore_changes"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "display_name" }));
            Assert.That(managed["lifecycle"], Is.Null);
        });
    }

    [Test]
    public void Fails_on_bad_compute_and_secret_scope_settings_all_at_once()
    {
        var messages = (new CourseWorkspaceProps(Props) { StudentAutoterminationMinutes = 5, StudentMaxDbusPerHour = 0, StudentNodeTypes = ["a b"], CourseSecretScope = "course apis" })
            .Validate("CourseWorkspaceProps").Select(p => p.Field).ToList();
        Assert.That(messages, Is.EquivalentTo(new[] { "StudentAutoterminationMinutes", "StudentMaxDbusPerHour", "StudentNodeTypes", "CourseSecretScope" }));
    }
}
