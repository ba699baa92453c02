using System.Text.Json;
using System.Text.Json.Nodes;
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
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_entitlements", "admin_entitlements", """
                {
                  "group_id": "${databricks_group.groups[\"admins\"].id}",
                  "workspace_access": true,
                  "databricks_sql_access": true,
                  // databricks_entitlements replaces the group's whole set: an argument left out would take cluster
                  // creation away from the instructors (TPD scim/resource_entitlement.go, PATCH "replace").
                  "allow_cluster_create": true
                }
                """, "instructors keep cluster creation");
            stack.HasResourceProperties("databricks_entitlements", "student_entitlements", """
                { "group_id": "${databricks_group.groups[\"students\"].id}", "workspace_access": true, "databricks_sql_access": true, "allow_cluster_create": false }
                """);
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
        var definition = JsonNode.Parse(stack.Resource("databricks_cluster_policy", "student_clusters")["definition"]!.GetValue<string>())!.AsObject();
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_cluster_policy", "student_clusters", """{ "max_clusters_per_user": 1 }""");
            PartialJson.Matches(definition, "the student cluster policy's definition", """
                {
                  "data_security_mode": { "value": "SINGLE_USER" },
                  "num_workers": { "value": 0 },
                  // The current single-node method; the legacy spark_conf profile is refused next to kind (databricks-sdk-py 881).
                  "kind": { "value": "CLASSIC_PREVIEW" },
                  "is_single_node": { "value": true },
                  "autotermination_minutes": { "maxValue": 45 },
                  "dbus_per_hour": { "maxValue": 3 },
                  "node_type_id": { "values": ["m5d.large", "m5d.xlarge"] }
                }
                """);
            Assert.That(definition.Select(p => p.Key), Has.None.StartWith("spark_conf."));
            stack.HasResourceProperties("databricks_permissions", "student_clusters", """
                {
                  "cluster_policy_id": "${databricks_cluster_policy.student_clusters.id}",
                  "access_control": [
                    { "group_name": "platform_admins", "permission_level": "CAN_USE" },
                    { "group_name": "platform_students", "permission_level": "CAN_USE" }
                  ]
                }
                """);
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
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_cluster", "course_shared", """
                { "data_security_mode": "USER_ISOLATION", "autotermination_minutes": 30, "spark_version": "${data.databricks_spark_version.student_compute.id}" }
                """);
            stack.HasDataProperties("databricks_spark_version", "student_compute", """{ "scala": "2.13" }""",
                "with the default Scala 2.12 the newest LTS is 16.4, too old for the course");
            Assert.That(stack.Resource("databricks_cluster", "course_shared")["lifecycle"]!["ignore_changes"]!.AsArray().Select(n => n!.GetValue<string>()),
                Does.Contain("spark_version"), "a new LTS does not restart the running cluster");
            stack.HasResourceProperties("databricks_permissions", "course_shared", """
                {
                  "access_control": [
                    { "group_name": "platform_admins", "permission_level": "CAN_MANAGE" },
                    { "group_name": "platform_students", "permission_level": "CAN_RESTART" }
                  ]
                }
                """);
        });
    }

    [Test]
    public void The_optional_warehouse_is_small_and_students_may_use_it()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { StudentWarehouse = true }));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_sql_endpoint", "course", """{ "cluster_size": "2X-Small", "auto_stop_mins": 10 }""");
            stack.HasResourceProperties("databricks_permissions", "course_warehouse", """
                {
                  "access_control": [
                    { "group_name": "platform_admins", "permission_level": "CAN_MANAGE" },
                    { "group_name": "platform_students", "permission_level": "CAN_USE" }
                  ]
                }
                """);
        });
    }

    [Test]
    public void The_secret_scope_lets_students_read_and_admins_manage_and_holds_no_value()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_secret_scope", "course", """{ "name": "course-apis" }""");
            stack.HasResourceProperties("databricks_secret_acl", "course_students", """{ "permission": "READ", "principal": "platform_students" }""");
            stack.HasResourceProperties("databricks_secret_acl", "course_admins", """{ "permission": "MANAGE" }""");
            Assert.That(stack.Resources().Select(r => r.Type), Has.None.EqualTo("databricks_secret"), "values are put with the CLI, never configured");
        });
    }

    [Test]
    public void The_secret_scope_can_be_renamed_or_left_out()
    {
        Assert.Multiple(() =>
        {
            new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CourseSecretScope = "course" }))
                .HasResourceProperties("databricks_secret_scope", "course", """{ "name": "course" }""");
            Assert.That(new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { CourseSecretScope = null })).Resources().Select(r => r.Type),
                Has.None.EqualTo("databricks_secret_scope").And.None.EqualTo("databricks_secret_acl"));
        });
    }

    [Test]
    public void Display_names_are_set_at_creation_unless_managed()
    {
        Assert.Multiple(() =>
        {
            new SynthesizedStack(Synth.Course(Props)).HasResourceProperties("databricks_user", "users", """{ "lifecycle": { "ignore_changes": ["display_name"] } }""");
            new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { ManageDisplayNames = true }))
                .HasResourceProperties("databricks_user", "users", """{ "lifecycle": null }""");
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
