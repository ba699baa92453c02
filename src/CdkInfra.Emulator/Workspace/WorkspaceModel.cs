using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Workspace;

/// <summary>The kind of a group: Unity Catalog grants and owners accept account groups only.</summary>
internal static class GroupKind
{
    public const string Account = "account";
    public const string WorkspaceLocal = "workspace-local";
}

/// <summary>
/// The emulated workspace: every object the provider manages, stored as the provider's own state of it (by resource
/// type and id), plus what the provider's state does not carry (a group's kind). Kept in memory, saved as JSON in the
/// state folder (<c>.emulator/workspace.json</c> by default) shortly after each change and when the server stops.
/// </summary>
internal sealed class WorkspaceModel
{
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, object?>>> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _groupKinds = new(StringComparer.Ordinal);

    // Entitlements of workspace principals (SCIM id to the entitlement values, e.g. "workspace-access"): the workspace
    // holds them on the group or user; databricks_group, databricks_user and databricks_entitlements all read and write
    // the same set (TPD scim/scim.go, scim/resource_entitlement.go).
    private readonly Dictionary<string, SortedSet<string>> _entitlements = new(StringComparer.Ordinal);

    // Lookups by name (type -> name -> id), kept by Put and Remove, so that finding a principal costs the same in a
    // workspace of 10 users and of 10,000 (every grant checks its principals; every user lookup names one).
    private readonly Dictionary<string, Dictionary<string, string>> _byName = new(StringComparer.Ordinal)
    {
        ["databricks_user"] = new(StringComparer.OrdinalIgnoreCase),
        ["databricks_group"] = new(StringComparer.Ordinal),
        ["databricks_service_principal"] = new(StringComparer.OrdinalIgnoreCase),
    };
    private readonly ProviderSchema _schema;
    private long _nextId;
    private bool _dirty;
    private readonly System.Diagnostics.Stopwatch _sinceSave = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _saveCost;

    public WorkspaceModel(ProviderSchema schema, string folder)
    {
        _schema = schema;
        Folder = folder;
    }

    public string Folder { get; }

    public string FilePath => Path.Combine(Folder, "workspace.json");

    public object Sync { get; } = new();

    /// <summary>The workspace URL (<c>databricks_current_user.workspace_url</c>, object URLs).</summary>
    public string Host { get; private set; } = "https://dbc-00000000-emul.cloud.databricks.com";

    /// <summary>The identity Terraform runs as: owner of what it creates.</summary>
    public string CurrentUser { get; private set; } = "deployer@example.com";

    public string MetastoreId { get; private set; } = "5f0c6b2a-7d4e-4c1b-9a3e-000000000001";

    /// <summary>The kind of workspace: cloud, edition, metastore storage, the deployer's roles.</summary>
    public WorkspaceProfile Profile { get; private set; } = WorkspaceProfile.Default;

    /// <summary>The entitlements the workspace holds for a user, group or service principal (empty when none).</summary>
    public IReadOnlySet<string> EntitlementsOf(string principalId) =>
        _entitlements.TryGetValue(principalId, out var set) ? set : new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Replaces a principal's entitlements, as a SCIM PATCH "replace" or a group update does.</summary>
    public void SetEntitlements(string principalId, IEnumerable<string> values)
    {
        _entitlements[principalId] = new SortedSet<string>(values, StringComparer.Ordinal);
        _dirty = true;
    }

    /// <summary>Whether the user (by name) is a direct member of the group (by display name).</summary>
    public bool IsMember(string userName, string groupName)
    {
        var user = UserByName(userName);
        var group = GroupByName(groupName);
        return user is not null && group is not null && Get("databricks_group_member", $"{group.Str("id")}|{user.Str("id")}") is not null;
    }

    public static WorkspaceModel Open(ProviderSchema schema, string folder)
    {
        var model = new WorkspaceModel(schema, folder);
        if (File.Exists(model.FilePath))
        {
            model.Load(JsonNode.Parse(File.ReadAllText(model.FilePath))!);
        }
        else
        {
            model.AddBuiltIns();
        }

        return model;
    }

    /// <summary>A numeric id in the SCIM id format (a 16-digit decimal string), unique in this workspace.</summary>
    public string NewNumericId()
    {
        var n = ++_nextId;
        return (1_190_000_000_000_000L + (n * 104_729L)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A UUID unique in this workspace (metastore, schema and volume ids), derived from the id counter.</summary>
    public string NewUuid()
    {
        var n = ++_nextId;
        return $"7a1e{n:x4}-0c2d-4e5f-8a9b-{n:x12}";
    }

    public long NextCounter() => ++_nextId;

    public Dictionary<string, object?>? Get(string type, string id) =>
        _records.TryGetValue(type, out var byId) && byId.TryGetValue(id, out var record) ? record : null;

    public IEnumerable<Dictionary<string, object?>> All(string type) =>
        _records.TryGetValue(type, out var byId) ? byId.Values : [];

    public void Put(string type, string id, Dictionary<string, object?> record)
    {
        if (!_records.TryGetValue(type, out var byId))
        {
            byId = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
            _records[type] = byId;
        }

        if (_byName.TryGetValue(type, out var names))
        {
            if (byId.TryGetValue(id, out var previous) && previous.Str(NameKey(type)) is { } before)
            {
                names.Remove(before);
            }

            if (record.Str(NameKey(type)) is { } name)
            {
                names[name] = id;
            }
        }

        byId[id] = record;
        _dirty = true;
    }

    public void Remove(string type, string id)
    {
        if (_records.TryGetValue(type, out var byId) && byId.Remove(id, out var removed))
        {
            if (_byName.TryGetValue(type, out var names) && removed.Str(NameKey(type)) is { } name && names.GetValueOrDefault(name) == id)
            {
                names.Remove(name);
            }

            _dirty = true;
        }

        if (type == "databricks_group")
        {
            _groupKinds.Remove(id);
        }

        if (type is "databricks_group" or "databricks_user" or "databricks_service_principal")
        {
            _entitlements.Remove(id);
        }
    }

    public string? GroupKindOf(string groupId) => _groupKinds.GetValueOrDefault(groupId);

    public void SetGroupKind(string groupId, string kind)
    {
        _groupKinds[groupId] = kind;
        _dirty = true;
    }

    /// <summary>A user by name, case-insensitively (the platform lower-cases user names).</summary>
    public Dictionary<string, object?>? UserByName(string userName) => ByName("databricks_user", userName);

    public Dictionary<string, object?>? GroupByName(string displayName) => ByName("databricks_group", displayName);

    public Dictionary<string, object?>? ServicePrincipalByApplicationId(string applicationId) =>
        ByName("databricks_service_principal", applicationId);

    private static string NameKey(string type) => type switch
    {
        "databricks_user" => "user_name",
        "databricks_group" => "display_name",
        _ => "application_id",
    };

    private Dictionary<string, object?>? ByName(string type, string name) =>
        _byName[type].TryGetValue(name, out var id) ? Get(type, id) : null;

    /// <summary>
    /// Writes the workspace file when something changed since the last save. Unless <paramref name="now"/> is set, a
    /// save waits until twenty times the last one's cost has passed: serializing holds the lock every call waits on,
    /// and a save every 500 ms would take a growing share of a long apply as the workspace grows.
    /// </summary>
    public void SaveIfChanged(bool now = true)
    {
        string text;
        lock (Sync)
        {
            if (!_dirty || (!now && _sinceSave.Elapsed < _saveCost * 20))
            {
                return;
            }

            var cost = System.Diagnostics.Stopwatch.StartNew();
            text = Serialize();
            _dirty = false;
            _saveCost = cost.Elapsed;
            _sinceSave.Restart();
        }

        Directory.CreateDirectory(Folder);
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, FilePath, overwrite: true);
    }

    private string Serialize()
    {
        var records = new JsonObject();
        foreach (var (type, byId) in _records.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var items = new JsonObject();
            foreach (var (id, record) in byId.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                items[id] = Value.ToJson(record);
            }

            records[type] = items;
        }

        var root = new JsonObject
        {
            ["host"] = Host,
            ["current_user"] = CurrentUser,
            ["metastore_id"] = MetastoreId,
            ["next_id"] = _nextId,
            ["profile"] = Profile.ToJson(),
            ["entitlements"] = new JsonObject(_entitlements.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))),
            ["group_kinds"] = new JsonObject(_groupKinds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["records"] = records,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private void Load(JsonNode root)
    {
        Host = (string?)root["host"] ?? Host;
        CurrentUser = (string?)root["current_user"] ?? CurrentUser;
        MetastoreId = (string?)root["metastore_id"] ?? MetastoreId;
        _nextId = (long?)root["next_id"] ?? 0;
        Profile = root["profile"] is { } profile ? WorkspaceProfile.FromSeed(profile) : WorkspaceProfile.Default;
        foreach (var (id, values) in root["entitlements"]?.AsObject() ?? [])
        {
            _entitlements[id] = new SortedSet<string>(values!.AsArray().Select(v => (string)v!), StringComparer.Ordinal);
        }
        foreach (var (id, kind) in root["group_kinds"]?.AsObject() ?? [])
        {
            _groupKinds[id] = (string)kind!;
        }

        foreach (var (type, items) in root["records"]?.AsObject() ?? [])
        {
            var block = _schema.Resources.GetValueOrDefault(type);
            foreach (var (id, record) in items!.AsObject())
            {
                var value = (Dictionary<string, object?>)Value.FromJson(record)!;
                Put(type, id, block is null ? value : block.Complete(value));
            }
        }

        _dirty = false;
    }

    /// <summary>
    /// What every workspace has: the deploying user and the built-in workspace-local groups. The built-in <c>users</c>
    /// group holds workspace access and Databricks SQL access, and <c>admins</c> every entitlement (Databricks docs
    /// "Manage entitlements": the default entitlements of the users group).
    /// </summary>
    private void AddBuiltIns()
    {
        _ = AddUser(CurrentUser, null);
        foreach (var name in new[] { "admins", "users" })
        {
            var group = AddGroup(name, GroupKind.WorkspaceLocal);
            if (name == "admins")
            {
                AddMember(group, UserByName(CurrentUser)!);
                SetEntitlements(group.Str("id")!, ["allow-cluster-create", "allow-instance-pool-create", "databricks-sql-access", "workspace-access"]);
            }
            else
            {
                SetEntitlements(group.Str("id")!, ["databricks-sql-access", "workspace-access"]);
            }
        }
    }

    public Dictionary<string, object?> AddUser(string userName, string? displayName)
    {
        var id = NewNumericId();
        var name = userName.ToLowerInvariant();
        var record = _schema.Resources["databricks_user"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["user_name"] = name,
            ["display_name"] = displayName ?? name,
            ["home"] = $"/Users/{name}",
            ["repos"] = $"/Repos/{name}",
            ["acl_principal_id"] = $"users/{name}",
            ["active"] = true,
        });
        Put("databricks_user", id, record);
        return record;
    }

    public Dictionary<string, object?> AddGroup(string displayName, string kind)
    {
        var id = NewNumericId();
        var record = _schema.Resources["databricks_group"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["display_name"] = displayName,
            ["acl_principal_id"] = $"groups/{displayName}",
            ["url"] = $"{Host}#setting/accounts/groups/{id}",
        });
        Put("databricks_group", id, record);
        SetGroupKind(id, kind);
        return record;
    }

    public void AddMember(Dictionary<string, object?> group, Dictionary<string, object?> member)
    {
        var id = $"{group.Str("id")}|{member.Str("id")}";
        Put("databricks_group_member", id, _schema.Resources["databricks_group_member"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["group_id"] = group.Str("id"),
            ["member_id"] = member.Str("id"),
        }));
    }

    public Dictionary<string, object?> AddCatalog(string name, string? owner)
    {
        var record = _schema.Resources["databricks_catalog"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = name,
            ["name"] = name,
            ["owner"] = owner ?? CurrentUser,
            ["metastore_id"] = MetastoreId,
            ["isolation_mode"] = "OPEN",
            ["enable_predictive_optimization"] = "INHERIT",
        });
        Put("databricks_catalog", name, record);
        return record;
    }

    public Dictionary<string, object?> AddSchema(string catalog, string name, string? owner)
    {
        var id = $"{catalog}.{name}";
        var record = _schema.Resources["databricks_schema"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["catalog_name"] = catalog,
            ["name"] = name,
            ["owner"] = owner ?? CurrentUser,
            ["metastore_id"] = MetastoreId,
            ["schema_id"] = NewUuid(),
            ["enable_predictive_optimization"] = "INHERIT",
        });
        Put("databricks_schema", id, record);
        return record;
    }

    /// <summary>
    /// Grants on a catalog made before Terraform (in the UI or with SQL): the catalog's grants record, the one both grant
    /// resources read and change (Provider/Resources/UnityCatalogPermissions.cs), privileges normalized as the platform
    /// stores them (upper case, underscores).
    /// </summary>
    private void AddCatalogGrants(string catalog, JsonArray? grants)
    {
        if (grants is null || grants.Count == 0)
        {
            return;
        }

        var blocks = grants.Select(g => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["principal"] = (string)g!["principal"]!,
            ["privileges"] = g["privileges"]!.AsArray().Select(p => ((string)p!).Replace(' ', '_').ToUpperInvariant())
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => (object?)p).ToList(),
        }).ToList();
        Put("databricks_grants", $"catalog/{catalog}", _schema.Resources["databricks_grants"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = $"catalog/{catalog}",
            ["catalog"] = catalog,
            ["grant"] = blocks,
        }));
    }

    /// <summary>
    /// Replaces the workspace with one described by a seed file: users, service principals, groups (with kind and
    /// members), catalogs with schemas and grants, clusters. See docs/emulator.md for the format.
    /// </summary>
    public void Seed(JsonNode seed, Func<Dictionary<string, object?>, Dictionary<string, object?>> newCluster)
    {
        _records.Clear();
        _groupKinds.Clear();
        _entitlements.Clear();
        foreach (var names in _byName.Values)
        {
            names.Clear();
        }

        _nextId = 0;
        Host = (string?)seed["host"] ?? Host;
        CurrentUser = ((string?)seed["current_user"] ?? CurrentUser).ToLowerInvariant();
        Profile = WorkspaceProfile.FromSeed(seed);
        AddBuiltIns();
        foreach (var u in seed["users"]?.AsArray() ?? [])
        {
            var name = (string)u!["user_name"]!;
            if (UserByName(name) is null)
            {
                _ = AddUser(name, (string?)u["display_name"]);
            }
        }

        foreach (var s in seed["service_principals"]?.AsArray() ?? [])
        {
            var id = NewNumericId();
            Put("databricks_service_principal", id, _schema.Resources["databricks_service_principal"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = id,
                ["application_id"] = (string)s!["application_id"]!,
                ["display_name"] = (string?)s["display_name"],
                ["active"] = true,
            }));
        }

        foreach (var g in seed["groups"]?.AsArray() ?? [])
        {
            var name = (string)g!["display_name"]!;
            var kind = (string?)g["kind"] ?? GroupKind.WorkspaceLocal;
            if (kind is not (GroupKind.Account or GroupKind.WorkspaceLocal))
            {
                throw new InvalidDataException($"seed: group '{name}': kind must be '{GroupKind.Account}' or '{GroupKind.WorkspaceLocal}', not '{kind}'");
            }

            var group = GroupByName(name) ?? AddGroup(name, kind);
            SetGroupKind(group.Str("id")!, kind);
            foreach (var m in g["members"]?.AsArray() ?? [])
            {
                var member = UserByName((string)m!) ?? throw new InvalidDataException($"seed: group '{name}': member '{m}' is not a user of the seed");
                AddMember(group, member);
            }
        }

        foreach (var c in seed["catalogs"]?.AsArray() ?? [])
        {
            var name = (string)c!["name"]!;
            _ = AddCatalog(name, (string?)c["owner"]);
            foreach (var s in c["schemas"]?.AsArray() ?? [])
            {
                _ = AddSchema(name, (string)s!, (string?)c["owner"]);
            }

            AddCatalogGrants(name, c["grants"]?.AsArray());
        }

        foreach (var name in seed["secret_scopes"]?.AsArray() ?? [])
        {
            var scope = (string)name!;
            Put("databricks_secret_scope", scope, _schema.Resources["databricks_secret_scope"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = scope,
                ["name"] = scope,
                ["backend_type"] = "DATABRICKS",
            }));
        }

        foreach (var e in seed["experiments"]?.AsArray() ?? [])
        {
            var id = NewNumericId();
            Put("databricks_mlflow_experiment", id, _schema.Resources["databricks_mlflow_experiment"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = id,
                ["experiment_id"] = id,
                ["name"] = (string)e!,
                ["lifecycle_stage"] = "active",
            }));
        }

        foreach (var c in seed["clusters"]?.AsArray() ?? [])
        {
            var record = newCluster((Dictionary<string, object?>)Value.FromJson(c)!);
            Put("databricks_cluster", record.Str("id")!, record);
        }

        _dirty = true;
    }
}
