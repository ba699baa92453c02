using System.Globalization;
using CdkInfra.Emulator.Rules;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider;

/// <summary>An apply, import or read the platform refuses: the provider reports it as an error diagnostic.</summary>
internal sealed class PlatformException(string message) : Exception(message);

/// <summary>
/// What the provider and the platform do per resource type: the values the server assigns on create (in the provider's
/// formats), the platform rules checked on apply, how an import id finds an object, and what data sources answer.
/// Types without specific behaviour get a generated id and nulls for the other computed values.
/// </summary>
internal sealed class Behaviour(ProviderSchema schema, WorkspaceModel workspace)
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Creates or updates the object in the workspace; returns the new state. <paramref name="accountLevel"/> is true
    /// when the call comes through an account-level provider (groups made there are account groups).
    /// </summary>
    public Dictionary<string, object?> Apply(string type, Dictionary<string, object?>? prior, Dictionary<string, object?> planned, bool accountLevel)
    {
        var state = (Dictionary<string, object?>)Value.Clone(planned)!;
        var create = prior is null;
        var id = create ? null : prior!.Str("id");
        var host = workspace.Host;
        switch (type)
        {
            case "databricks_user":
                {
                    var name = state.Str("user_name")!.ToLowerInvariant();
                    var existing = workspace.UserByName(name);
                    if (create && existing is not null && !state.Bool("force"))
                    {
                        throw new PlatformException($"cannot create user: User with username {name} already exists.");
                    }

                    id ??= existing?.Str("id") ?? workspace.NewNumericId();
                    state["user_name"] = name; // the platform stores user names lower-cased (TPD PR 2786)
                    Fill(state, "display_name", name);
                    Fill(state, "home", $"/Users/{name}");
                    Fill(state, "repos", $"/Repos/{name}");
                    Fill(state, "acl_principal_id", $"users/{name}");
                    break;
                }

            case "databricks_group":
                {
                    var name = state.Str("display_name")!;
                    var existing = workspace.GroupByName(name);
                    if (create && existing is not null && !state.Bool("force"))
                    {
                        throw new PlatformException($"cannot create group: Group with name {name} already exists.");
                    }

                    id ??= existing?.Str("id") ?? workspace.NewNumericId();
                    Fill(state, "acl_principal_id", $"groups/{name}");
                    Fill(state, "url", $"{host}#setting/accounts/groups/{id}");
                    // A workspace-level provider creates a workspace-local group (TPD scim/groups.go, issue 4680).
                    if (create && existing is null)
                    {
                        workspace.SetGroupKind(id, accountLevel ? GroupKind.Account : GroupKind.WorkspaceLocal);
                    }

                    break;
                }

            case "databricks_group_member":
                {
                    var group = state.Str("group_id")!;
                    var member = state.Str("member_id")!;
                    if (workspace.Get("databricks_group", group) is null)
                    {
                        throw new PlatformException($"cannot create group member: Group with id {group} not found");
                    }

                    if (workspace.Get("databricks_user", member) is null && workspace.Get("databricks_group", member) is null && workspace.Get("databricks_service_principal", member) is null)
                    {
                        throw new PlatformException($"cannot create group member: Member with id {member} not found");
                    }

                    id = $"{group}|{member}";
                    break;
                }

            case "databricks_catalog":
                {
                    var name = state.Str("name")!;
                    if (create && workspace.Get(type, name) is not null)
                    {
                        throw new PlatformException($"cannot create catalog: Catalog '{name}' already exists");
                    }

                    OwnerCheck(state, "catalog");
                    id = name;
                    Fill(state, "owner", workspace.CurrentUser);
                    Fill(state, "metastore_id", workspace.MetastoreId);
                    Fill(state, "isolation_mode", "OPEN");
                    Fill(state, "enable_predictive_optimization", "INHERIT");
                    Fill(state, "catalog_type", "MANAGED_CATALOG");
                    Fill(state, "full_name", name);
                    Fill(state, "securable_type", "CATALOG");
                    Fill(state, "created_by", workspace.CurrentUser);
                    Fill(state, "updated_by", workspace.CurrentUser);
                    Fill(state, "created_at", Millis());
                    Fill(state, "updated_at", Millis());
                    Fill(state, "storage_location", $"s3://emulated-metastore/{workspace.MetastoreId}/catalogs/{workspace.NewUuid()}");
                    if (create)
                    {
                        // Unity Catalog creates a `default` schema in every new catalog; the provider deletes it right
                        // after create, except for sharing and foreign catalogs (TPD catalog/resource_catalog.go).
                        _ = workspace.AddSchema(name, "default", state.Str("owner"));
                        if (state.Str("share_name") is null && state.Str("connection_name") is null)
                        {
                            workspace.Remove("databricks_schema", $"{name}.default");
                        }
                    }

                    break;
                }

            case "databricks_schema":
                {
                    var catalog = state.Str("catalog_name")!;
                    var name = state.Str("name")!;
                    id = $"{catalog}.{name}";
                    if (workspace.Get("databricks_catalog", catalog) is null)
                    {
                        throw new PlatformException($"cannot create schema: Catalog '{catalog}' does not exist.");
                    }

                    if (create && workspace.Get(type, id) is not null)
                    {
                        throw new PlatformException($"cannot create schema: Schema '{id}' already exists");
                    }

                    OwnerCheck(state, "schema");
                    Fill(state, "owner", workspace.CurrentUser);
                    Fill(state, "metastore_id", workspace.MetastoreId);
                    Fill(state, "enable_predictive_optimization", "INHERIT");
                    Fill(state, "schema_id", workspace.NewUuid());
                    break;
                }

            case "databricks_volume":
                {
                    var full = $"{state.Str("catalog_name")}.{state.Str("schema_name")}.{state.Str("name")}";
                    if (workspace.Get("databricks_schema", $"{state.Str("catalog_name")}.{state.Str("schema_name")}") is null)
                    {
                        throw new PlatformException($"cannot create volume: Schema '{state.Str("catalog_name")}.{state.Str("schema_name")}' does not exist.");
                    }

                    OwnerCheck(state, "volume");
                    id = full;
                    Fill(state, "owner", workspace.CurrentUser);
                    Fill(state, "storage_location", $"s3://emulated-metastore/{workspace.MetastoreId}/volumes/{workspace.NewUuid()}");
                    state["volume_path"] = $"/Volumes/{state.Str("catalog_name")}/{state.Str("schema_name")}/{state.Str("name")}";
                    break;
                }

            case "databricks_grants":
                {
                    var (securableType, securable) = Securable(state);
                    if (!SecurableExists(securableType, securable))
                    {
                        throw new PlatformException($"cannot create grants: {Capitalize(securableType)} '{securable}' does not exist.");
                    }

                    foreach (var grant in state.Blocks("grant"))
                    {
                        var principal = grant.Str("principal")!;
                        var error = PlatformRules.PrincipalError(workspace, principal)
                            ?? grant.Strings("privileges").Select(p => PlatformRules.PrivilegeError(securableType, securable, p)).FirstOrDefault(e => e is not null);
                        if (error is not null)
                        {
                            throw new PlatformException($"cannot create grants: {error}");
                        }
                    }

                    id = $"{securableType}/{securable}";
                    break;
                }

            case "databricks_directory":
                {
                    var path = state.Str("path")!;
                    Check(PlatformRules.PathError("path", path) ?? PlatformRules.ReservedFolderError(path, "create"));
                    id = path;
                    Fill(state, "object_id", workspace.NextCounter() + 1_000_000_000_000L);
                    state["workspace_path"] = $"/Workspace{path}";
                    break;
                }

            case "databricks_notebook" or "databricks_workspace_file":
                {
                    var path = state.Str("path")!;
                    Check(PlatformRules.PathError("path", path));
                    id = path;
                    Fill(state, "object_id", workspace.NextCounter() + 1_000_000_000_000L);
                    state["workspace_path"] = $"/Workspace{path}";
                    state["url"] = $"{host}#workspace{path}";
                    if (type == "databricks_notebook")
                    {
                        Fill(state, "object_type", "NOTEBOOK");
                        Fill(state, "format", "SOURCE");
                        Fill(state, "language", Language(state.Str("source")));
                    }

                    break;
                }

            case "databricks_file":
                {
                    var path = state.Str("path")!;
                    if (!path.StartsWith("/Volumes/", StringComparison.Ordinal))
                    {
                        throw new PlatformException($"cannot create file: path must start with /Volumes/, got {path}");
                    }

                    id = path;
                    var source = state.Str("source");
                    state["file_size"] = source is not null && File.Exists(source) ? new FileInfo(source).Length : 0L;
                    state["modification_time"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
                    break;
                }

            case "databricks_permissions":
                {
                    var (objectType, objectId) = PermissionsObject(state);
                    id = $"/{objectType}/{objectId}";
                    // A cluster policy's object type is "cluster-policy" (TPD permissions/permission_definitions.go).
                    Fill(state, "object_type", objectType == "cluster-policies" ? "cluster-policy" : objectType.TrimEnd('s'));
                    break;
                }

            case "databricks_cluster":
                {
                    Check(PlatformRules.ClusterError(state));
                    id ??= ClusterId();
                    state["cluster_id"] = id;
                    FillCluster(state, id);
                    break;
                }

            case "databricks_cluster_policy":
                {
                    // The provider sets the id to the API's policy_id and exports it again as policy_id (TPD
                    // policies/resource_cluster_policy.go; docs/resources/cluster_policy.md: "id ... is equal to
                    // policy_id"). The API documents policy_id as a string only; nothing here depends on its shape.
                    id ??= PolicyId();
                    Fill(state, "policy_id", id);
                    break;
                }

            case "databricks_mlflow_experiment":
                {
                    id ??= workspace.NewNumericId();
                    Fill(state, "experiment_id", id);
                    Fill(state, "artifact_location", $"dbfs:/databricks/mlflow-tracking/{id}");
                    Fill(state, "creation_time", Millis());
                    Fill(state, "last_update_time", Millis());
                    Fill(state, "lifecycle_stage", "active");
                    break;
                }

            default:
                id ??= state.Str("id") is { } given && Value.IsKnown(given) ? given : workspace.NewNumericId();
                break;
        }

        state["id"] = id;
        var complete = schema.Resources[type].Complete(ResolveUnknowns(state) as Dictionary<string, object?>);
        var stored = (Dictionary<string, object?>)Value.Clone(complete)!;
        if (type == "databricks_cluster")
        {
            PlatformRules.AddSingleNodeKeys(stored);
        }

        workspace.Put(type, id!, stored);
        return complete;
    }

    public void Delete(string type, Dictionary<string, object?> prior)
    {
        var id = prior.Str("id")!;
        if (type == "databricks_directory")
        {
            Check(PlatformRules.ReservedFolderError(prior.Str("path")!, "delete"));
        }

        if (type == "databricks_catalog" && !prior.Bool("force_destroy") && workspace.All("databricks_schema").Any(s => s.Str("catalog_name") == id && s.Str("name") != "information_schema"))
        {
            throw new PlatformException($"cannot delete catalog: Catalog '{id}' is not empty. The catalog has 1 or more schemas (set force_destroy to delete it anyway)");
        }

        workspace.Remove(type, id);
    }

    /// <summary>The object as the workspace has it now, or null when it is gone.</summary>
    public Dictionary<string, object?>? Read(string type, Dictionary<string, object?> current)
    {
        var id = current.Str("id");
        if (id is null)
        {
            return current;
        }

        var record = workspace.Get(type, id);
        return record is null ? null : schema.Resources[type].Complete((Dictionary<string, object?>)Value.Clone(record)!);
    }

    /// <summary>The state an <c>import</c> of this id produces (the provider's import id formats, TPD docs).</summary>
    public Dictionary<string, object?> Import(string type, string id)
    {
        var record = type switch
        {
            "databricks_grants" => ImportGrants(id),
            _ => workspace.Get(type, id),
        };
        if (record is null)
        {
            throw new PlatformException($"Cannot import non-existent remote object: {type} with id {id} does not exist in the workspace");
        }

        return schema.Resources[type].Complete((Dictionary<string, object?>)Value.Clone(record)!);
    }

    private Dictionary<string, object?>? ImportGrants(string id)
    {
        var stored = workspace.Get("databricks_grants", id);
        if (stored is not null)
        {
            return stored;
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !SecurableExists(id[..slash], id[(slash + 1)..]))
        {
            return null;
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id, [id[..slash]] = id[(slash + 1)..], ["grant"] = new List<object?>() };
    }

    /// <summary>A data source's answer from the workspace. Collections are empty, never null, when nothing matches.</summary>
    public Dictionary<string, object?> ReadData(string type, Dictionary<string, object?> config)
    {
        var result = (Dictionary<string, object?>)Value.Clone(config)!;
        switch (type)
        {
            case "databricks_current_user":
                {
                    var me = workspace.UserByName(workspace.CurrentUser)!;
                    var name = me.Str("user_name")!;
                    result["id"] = me.Str("id");
                    result["user_name"] = name;
                    result["home"] = $"/Users/{name}";
                    result["repos"] = $"/Repos/{name}";
                    result["acl_principal_id"] = $"users/{name}";
                    result["alphanumeric"] = new string(name.Split('@')[0].Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
                    result["workspace_url"] = workspace.Host;
                    break;
                }

            case "databricks_catalogs":
                result["ids"] = workspace.All("databricks_catalog").Select(c => (object?)c.Str("name")).ToList();
                result["id"] = "_";
                break;
            case "databricks_schemas":
                {
                    var catalog = config.Str("catalog_name")!;
                    if (workspace.Get("databricks_catalog", catalog) is null)
                    {
                        throw new PlatformException($"cannot read schemas: Catalog '{catalog}' does not exist.");
                    }

                    result["ids"] = workspace.All("databricks_schema").Where(s => s.Str("catalog_name") == catalog).Select(s => (object?)s.Str("id")).ToList();
                    result["id"] = catalog;
                    break;
                }

            case "databricks_catalog":
                {
                    var name = config.Str("name")!;
                    var c = workspace.Get("databricks_catalog", name) ?? throw new PlatformException($"cannot read catalog: Catalog '{name}' does not exist.");
                    result["id"] = name;
                    result["catalog_info"] = new List<object?> { Info(c, "name", "owner", "metastore_id", "isolation_mode", "catalog_type", "full_name", "storage_location", "comment") };
                    break;
                }

            case "databricks_schema":
                {
                    var name = config.Str("name")!;
                    var s = workspace.Get("databricks_schema", name) ?? throw new PlatformException($"cannot read schema: Schema '{name}' does not exist.");
                    result["id"] = name;
                    var info = Info(s, "name", "catalog_name", "owner", "metastore_id", "schema_id", "comment");
                    info["full_name"] = name;
                    result["schema_info"] = new List<object?> { info };
                    break;
                }

            case "databricks_group":
                {
                    var name = config.Str("display_name")!;
                    var g = workspace.GroupByName(name) ?? throw new PlatformException($"cannot read data databricks_group: Group named {name} not found");
                    var groupId = g.Str("id")!;
                    var members = workspace.All("databricks_group_member").Where(m => m.Str("group_id") == groupId).Select(m => m.Str("member_id")!).ToList();
                    result["id"] = groupId;
                    result["acl_principal_id"] = g.Str("acl_principal_id");
                    result["users"] = members.Where(m => workspace.Get("databricks_user", m) is not null).Select(m => (object?)m).ToList();
                    result["child_groups"] = members.Where(m => workspace.Get("databricks_group", m) is not null).Select(m => (object?)m).ToList();
                    result["service_principals"] = members.Where(m => workspace.Get("databricks_service_principal", m) is not null).Select(m => (object?)m).ToList();
                    result["members"] = members.Select(m => (object?)m).ToList();
                    break;
                }

            case "databricks_user":
                {
                    var u = (config.Str("user_name") is { } n ? workspace.UserByName(n) : null)
                        ?? (config.Str("user_id") is { } uid ? workspace.Get("databricks_user", uid) : null)
                        ?? throw new PlatformException($"cannot read user: User {config.Str("user_name") ?? config.Str("user_id")} not found");
                    foreach (var key in new[] { "id", "user_name", "display_name", "home", "repos", "acl_principal_id", "active", "external_id" })
                    {
                        result[key] = u.GetValueOrDefault(key);
                    }

                    result["user_id"] = u.Str("id");
                    result["alphanumeric"] = new string(u.Str("user_name")!.Split('@')[0].Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
                    break;
                }

            case "databricks_users":
                {
                    result["id"] = "_";
                    result["users"] = workspace.All("databricks_user").Select(u => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["id"] = u.Str("id"),
                        ["user_name"] = u.Str("user_name"),
                        ["display_name"] = u.Str("display_name"),
                        ["active"] = true,
                        ["external_id"] = u.Str("external_id"),
                    }).ToList();
                    break;
                }

            case "databricks_mlflow_experiment":
                {
                    var name = config.Str("name");
                    var e = workspace.All("databricks_mlflow_experiment").FirstOrDefault(x => x.Str("name") == name)
                        ?? throw new PlatformException($"cannot read experiment: Node {name} does not exist.");
                    foreach (var (k, v) in e)
                    {
                        if (result.TryGetValue(k, out var given) && given is null)
                        {
                            result[k] = v;
                        }
                    }

                    result["experiment_id"] = e.Str("id");
                    break;
                }

            default:
                if (result.GetValueOrDefault("id") is null)
                {
                    result["id"] = type;
                }

                break;
        }

        var block = schema.DataSources[type];
        var complete = block.Complete(ResolveUnknowns(result) as Dictionary<string, object?>);
        EmptyCollections(block, complete);
        return complete;
    }

    public Dictionary<string, object?> NewCluster(Dictionary<string, object?> spec)
    {
        var state = schema.Resources["databricks_cluster"].Complete(spec);
        var id = spec.Str("cluster_id") ?? ClusterId();
        state["id"] = id;
        state["cluster_id"] = id;
        FillCluster(state, id);
        Fill(state, "autotermination_minutes", 60L);
        Fill(state, "num_workers", 0L);
        return state;
    }

    private void FillCluster(Dictionary<string, object?> state, string id)
    {
        Fill(state, "node_type_id", "i3.xlarge");
        Fill(state, "driver_node_type_id", state.Str("node_type_id"));
        Fill(state, "enable_elastic_disk", true);
        Fill(state, "enable_local_disk_encryption", false);
        Fill(state, "state", state.Bool("no_wait") ? "PENDING" : "RUNNING");
        Fill(state, "url", $"{workspace.Host}#setting/clusters/{id}/configuration");
        Fill(state, "default_tags", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Vendor"] = "Databricks",
            ["Creator"] = workspace.CurrentUser,
            ["ClusterName"] = state.Str("cluster_name"),
            ["ClusterId"] = id,
        });
    }

    private void OwnerCheck(Dictionary<string, object?> state, string what)
    {
        if (state.Str("owner") is { } owner && PlatformRules.PrincipalError(workspace, owner) is { } error)
        {
            throw new PlatformException($"cannot create {what}: {error}");
        }
    }

    private bool SecurableExists(string securableType, string name) => securableType switch
    {
        "catalog" => workspace.Get("databricks_catalog", name) is not null,
        "schema" => workspace.Get("databricks_schema", name) is not null,
        "volume" => workspace.Get("databricks_volume", name) is not null,
        _ => true,
    };

    private static (string Type, string Name) Securable(Dictionary<string, object?> grants)
    {
        foreach (var key in new[] { "catalog", "schema", "volume", "table", "function", "metastore", "external_location", "storage_credential", "model", "share", "recipient", "foreign_connection", "credential", "pipeline" })
        {
            if (grants.Str(key) is { } name)
            {
                return (key, name);
            }
        }

        throw new PlatformException("cannot create grants: one securable (catalog, schema, volume, ...) is required");
    }

    private (string Type, string Id) PermissionsObject(Dictionary<string, object?> p)
    {
        if (p.Str("cluster_id") is { } cluster)
        {
            return ("clusters", cluster);
        }

        if (p.Str("cluster_policy_id") is { } policy)
        {
            // Permissions of a cluster policy live at /cluster-policies/<policy_id> (TPD permissions/permission_definitions.go).
            return ("cluster-policies", policy);
        }

        if (p.Str("directory_path") is { } dir)
        {
            var record = workspace.Get("databricks_directory", dir);
            return ("directories", record?.GetValueOrDefault("object_id")?.ToString() ?? dir);
        }

        if (p.Str("directory_id") is { } dirId)
        {
            return ("directories", dirId);
        }

        if (p.Str("notebook_path") is { } nb)
        {
            return ("notebooks", workspace.Get("databricks_notebook", nb)?.GetValueOrDefault("object_id")?.ToString() ?? nb);
        }

        if (p.Str("experiment_id") is { } experiment)
        {
            return ("experiments", experiment);
        }

        if (p.Str("workspace_file_path") is { } wf)
        {
            return ("files", workspace.Get("databricks_workspace_file", wf)?.GetValueOrDefault("object_id")?.ToString() ?? wf);
        }

        return ("objects", workspace.NewNumericId());
    }

    private string PolicyId()
    {
        // Sixteen upper-case hex digits, unique per workspace.
        return workspace.NextCounter().ToString("X16", CultureInfo.InvariantCulture);
    }

    private string ClusterId()
    {
        // The Clusters API's id format: MMdd-HHmmss-xxxxxxxx (eight lower-case letters and digits).
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var n = workspace.NextCounter();
        var suffix = new char[8];
        for (var i = 0; i < 8; i++)
        {
            suffix[i] = alphabet[(int)((n * 7919 / (i + 1) + i * 31) % alphabet.Length)];
        }

        return $"{DateTimeOffset.UtcNow:MMdd-HHmmss}-{new string(suffix)}";
    }

    private static string? Language(string? source) => Path.GetExtension(source ?? string.Empty).ToLowerInvariant() switch
    {
        ".py" or ".ipynb" => "PYTHON",
        ".sql" => "SQL",
        ".scala" => "SCALA",
        ".r" => "R",
        _ => null,
    };

    private static Dictionary<string, object?> Info(Dictionary<string, object?> record, params string[] keys) =>
        keys.ToDictionary(k => k, k => record.GetValueOrDefault(k), StringComparer.Ordinal);

    private static long Millis() => (long)(DateTimeOffset.UtcNow - Epoch).TotalMilliseconds + 1_767_225_600_000L;

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static void Check(string? error)
    {
        if (error is not null)
        {
            throw new PlatformException(error);
        }
    }

    /// <summary>Sets a value the server computes when the plan left it unknown (or null).</summary>
    private static void Fill(Dictionary<string, object?> state, string key, object? value)
    {
        if (state.GetValueOrDefault(key) is null or Unknown)
        {
            state[key] = value;
        }
    }

    /// <summary>What the server leaves unset becomes null after apply: Terraform requires every value known.</summary>
    private static object? ResolveUnknowns(object? value) => value switch
    {
        Unknown => null,
        List<object?> list => list.Select(ResolveUnknowns).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => ResolveUnknowns(p.Value), StringComparer.Ordinal),
        _ => value,
    };

    private static void EmptyCollections(BlockSchema block, Dictionary<string, object?> value)
    {
        foreach (var a in block.Attributes.Values)
        {
            if (a.Computed && value[a.Name] is null && a.Type is System.Text.Json.Nodes.JsonArray t)
            {
                value[a.Name] = (string)t[0]! switch
                {
                    "map" => Value.Object(),
                    "list" or "set" => new List<object?>(),
                    _ => null,
                };
            }
        }
    }
}
