using System.Text.Json;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Cluster;
using HashiCorp.Cdktf.Providers.Databricks.ClusterPolicy;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksNodeType;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSparkVersion;
using HashiCorp.Cdktf.Providers.Databricks.Entitlements;
using HashiCorp.Cdktf.Providers.Databricks.Permissions;
using HashiCorp.Cdktf.Providers.Databricks.SecretAcl;
using HashiCorp.Cdktf.Providers.Databricks.SecretScope;
using HashiCorp.Cdktf.Providers.Databricks.SqlEndpoint;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="StudentAccess"/>.</summary>
internal sealed record StudentAccessProps
{
    /// <summary>Display name of the admins group.</summary>
    public required string AdminsGroupName { get; init; }

    /// <summary>Display name of the students group.</summary>
    public required string StudentsGroupName { get; init; }

    /// <summary>The two groups, keyed by roster group value, whose <c>id</c> the entitlements name.</summary>
    public required ForEachRef Groups { get; init; }

    /// <summary>What the entitlements and permissions wait for: the groups, in the workspace.</summary>
    public required ITerraformDependable GroupsReady { get; init; }

    /// <summary>The students' compute.</summary>
    public required StudentCompute Compute { get; init; }

    /// <summary>Also a SQL warehouse students may use.</summary>
    public required bool Warehouse { get; init; }

    /// <summary>Idle minutes before a student's or the shared cluster terminates.</summary>
    public required long AutoterminationMinutes { get; init; }

    /// <summary>The most DBUs per hour a cluster under the policy may cost.</summary>
    public required long MaxDbusPerHour { get; init; }

    /// <summary>The node types the policy allows (and the shared cluster's, the first); empty: the smallest with a local disk.</summary>
    public required IReadOnlyList<string> NodeTypes { get; init; }

    /// <summary>The secret scope's name, or null for none.</summary>
    public string? SecretScope { get; init; }

    /// <summary>Create the secret scope (true), or only set the access lists of one that exists (false). Default: true.</summary>
    public bool CreateSecretScope { get; init; } = true;
}

/// <summary>
/// What students need beyond data (L2): the groups' entitlements, the compute students use, and the course's secret
/// scope. Workspace objects, so their permissions name the two groups, whatever the principal mode of the grants: a
/// workspace-local group is a valid principal for workspace permissions, entitlements and secret ACLs.
/// </summary>
public sealed class StudentAccess : Construct
{
    /// <summary>The name of the course's cluster policy.</summary>
    internal const string PolicyName = "course-student-clusters";

    /// <summary>The name of the shared course cluster.</summary>
    internal const string SharedClusterName = "course-shared";

    /// <summary>
    /// The runtimes the course runs on: Databricks Runtime 17.3 or newer (any variant), as a cluster policy regex.
    /// </summary>
    internal const string CourseRuntimePattern = @"^(17\.[3-9]|17\.[1-9][0-9]|1[89]\.[0-9]+|[2-9][0-9]\.[0-9]+)\.x-.*";

    /// <summary>The name of the course's SQL warehouse.</summary>
    internal const string WarehouseName = "course-warehouse";

    /// <summary>Builds the entitlements, the compute and the secret scope.</summary>
    internal StudentAccess(Construct scope, string id, StudentAccessProps props)
        : base(scope, id)
    {
        // Workspace access and Databricks SQL for both groups; instructors may create clusters, students may not (a
        // policy gives them that right for its own clusters only). databricks_entitlements works for workspace-local
        // and account groups alike, and replaces the group's whole set: an argument left out is taken away
        // (TPD scim/resource_entitlement.go, PATCH "replace"), so each is written out.
        foreach (var (group, allowClusterCreate) in new[] { (RosterGroups.Admins, true), (RosterGroups.Students, false) })
        {
            var entitlements = new Entitlements(this, $"{group}Entitlements", new EntitlementsConfig
            {
                GroupId = props.Groups.At(group, "id"),
                WorkspaceAccess = true,
                DatabricksSqlAccess = true,
                AllowClusterCreate = allowClusterCreate,
                DependsOn = [props.GroupsReady],
            });
            entitlements.OverrideLogicalId($"{group.TrimEnd('s')}_entitlements");
        }

        var admins = TerraformText.Literal(props.AdminsGroupName);
        var students = TerraformText.Literal(props.StudentsGroupName);
        switch (props.Compute)
        {
            case StudentCompute.Policy:
                var policy = new ClusterPolicy(this, "Policy", new ClusterPolicyConfig
                {
                    Name = PolicyName,
                    Description = "Small single-user clusters for the course's students. Managed by CdkInfra.",
                    Definition = PolicyDefinition(props),
                    MaxClustersPerUser = 1,
                });
                policy.OverrideLogicalId("student_clusters");
                PolicyId = policy.Id;
                // Cluster policies have one permission level, CAN_USE; changing a policy is for workspace admins.
                Permit("PolicyPermissions", "student_clusters", c => c.ClusterPolicyId = PolicyId, props.GroupsReady,
                    (admins, "CAN_USE"), (students, "CAN_USE"));
                break;
            case StudentCompute.Shared:
                var cluster = new Cluster(this, "SharedCluster", new ClusterConfig
                {
                    ClusterName = SharedClusterName,
                    SparkVersion = SparkVersion(),
                    NodeTypeId = props.NodeTypes.Count > 0 ? TerraformText.Literal(props.NodeTypes[0]) : SmallestNodeType(),
                    // Standard access mode: several users on one cluster, each with their own Unity Catalog rights.
                    DataSecurityMode = "USER_ISOLATION",
                    Autoscale = new ClusterAutoscale { MinWorkers = 1, MaxWorkers = 2 },
                    AutoterminationMinutes = props.AutoterminationMinutes,
                    NoWait = true,
                    // The runtime is chosen once, at creation: following the newest LTS would restart the running
                    // cluster (and every attached student) whenever Databricks releases one.
                    Lifecycle = new TerraformResourceLifecycle { IgnoreChanges = new[] { "spark_version" } },
                });
                cluster.OverrideLogicalId("course_shared");
                ClusterId = cluster.Id;
                // CAN_RESTART includes CAN_ATTACH_TO: a student can start the cluster after it terminated.
                Permit("ClusterPermissions", "course_shared", c => c.ClusterId = ClusterId, props.GroupsReady,
                    (admins, "CAN_MANAGE"), (students, "CAN_RESTART"));
                break;
        }

        if (props.Warehouse)
        {
            var warehouse = new SqlEndpoint(this, "Warehouse", new SqlEndpointConfig
            {
                Name = WarehouseName,
                ClusterSize = "2X-Small",
                MaxNumClusters = 1,
                AutoStopMins = 10,
                EnableServerlessCompute = true,
                WarehouseType = "PRO",
            });
            warehouse.OverrideLogicalId("course");
            WarehouseId = warehouse.Id;
            Permit("WarehousePermissions", "course_warehouse", c => c.SqlEndpointId = WarehouseId, props.GroupsReady,
                (admins, "CAN_MANAGE"), (students, "CAN_USE"));
        }

        if (props.SecretScope is { } name)
        {
            // No secret value here: values are put with the CLI (databricks secrets put-secret), so none reaches the
            // configuration or the state. The creator keeps MANAGE.
            SecretScopeName = name;
            var scopeName = TerraformText.Literal(name);
            if (props.CreateSecretScope)
            {
                var secretScope = new SecretScope(this, "SecretScope", new SecretScopeConfig { Name = TerraformText.Literal(name) });
                secretScope.OverrideLogicalId("course");
                scopeName = ForEachRef.Of(secretScope).Attribute("name");
            }

            foreach (var (group, principal, permission) in new[] { (RosterGroups.Admins, admins, "MANAGE"), (RosterGroups.Students, students, "READ") })
            {
                var acl = new SecretAcl(this, $"{group}SecretAcl", new SecretAclConfig
                {
                    Scope = scopeName,
                    Principal = principal,
                    Permission = permission,
                    DependsOn = [props.GroupsReady],
                });
                acl.OverrideLogicalId($"course_{group}");
            }
        }
    }

    /// <summary>The cluster policy's id (a token), when the compute is <see cref="StudentCompute.Policy"/>.</summary>
    public string? PolicyId { get; }


    /// <summary>The shared cluster's id (a token), when the compute is <see cref="StudentCompute.Shared"/>.</summary>
    public string? ClusterId { get; }

    /// <summary>The SQL warehouse's id (a token), when one is created.</summary>
    public string? WarehouseId { get; }

    /// <summary>The secret scope's name, when one is created.</summary>
    public string? SecretScopeName { get; }

    /// <summary>
    /// The policy: single node, single user (dedicated access mode, for Unity Catalog), auto-termination within the
    /// limit, at most the given DBUs per hour, and the allowed node types when the settings name them.
    /// </summary>
    internal static string PolicyDefinition(StudentAccessProps props)
    {
        var definition = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["cluster_type"] = new { type = "fixed", value = "all-purpose" },
            ["data_security_mode"] = new { type = "fixed", value = "SINGLE_USER", hidden = true },
            // Single node the current way, kind and is_single_node: the legacy spark_conf profile is refused next to
            // kind (databricks-sdk-py issue 881, TPD PR 4817). Policies accept every Clusters API attribute
            // (Databricks docs "Compute policy reference"); the UI's use of these two under a policy needs a live check.
            ["kind"] = new { type = "fixed", value = "CLASSIC_PREVIEW", hidden = true },
            ["is_single_node"] = new { type = "fixed", value = true, hidden = true },
            ["num_workers"] = new { type = "fixed", value = 0, hidden = true },
            // The course needs Databricks Runtime 17.3 LTS or newer (try_to_date: course/notebooks/setup/course_setup.py).
            ["spark_version"] = new { type = "regex", pattern = CourseRuntimePattern },
            ["autotermination_minutes"] = new { type = "range", minValue = 10, maxValue = props.AutoterminationMinutes, defaultValue = props.AutoterminationMinutes },
            ["dbus_per_hour"] = new { type = "range", maxValue = props.MaxDbusPerHour },
        };
        if (props.NodeTypes.Count > 0)
        {
            definition["node_type_id"] = new { type = "allowlist", values = props.NodeTypes, defaultValue = props.NodeTypes[0] };
        }

        return TerraformText.Literal(JsonSerializer.Serialize(definition));
    }

    private void Permit(string id, string logicalId, Action<PermissionsConfig> select, ITerraformDependable groupsReady, params (string Group, string Level)[] access)
    {
        var config = new PermissionsConfig
        {
            AccessControl = access.Select(a => new PermissionsAccessControl { GroupName = a.Group, PermissionLevel = a.Level }).ToArray(),
            DependsOn = [groupsReady],
        };
        select(config);
        var permissions = new Permissions(this, id, config);
        permissions.OverrideLogicalId(logicalId);
    }

    private string SparkVersion()
    {
        // Scala 2.13: the provider's default Scala is 2.12, for which the newest LTS is 16.4, older than the course
        // needs; 17.x runtimes are built for Scala 2.13 only (Databricks docs "Databricks Runtime 17.3 LTS").
        var version = new DataDatabricksSparkVersion(this, "SparkVersion", new DataDatabricksSparkVersionConfig { LongTermSupport = true, Scala = "2.13" });
        version.OverrideLogicalId("student_compute");
        return $"${{data.{version.TerraformResourceType}.{version.FriendlyUniqueId}.id}}";
    }

    private string SmallestNodeType()
    {
        var node = new DataDatabricksNodeType(this, "NodeType", new DataDatabricksNodeTypeConfig { LocalDisk = true, MinCores = 4 });
        node.OverrideLogicalId("student_compute");
        return $"${{data.{node.TerraformResourceType}.{node.FriendlyUniqueId}.id}}";
    }
}
