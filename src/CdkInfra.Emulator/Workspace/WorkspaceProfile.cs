using System.Text.Json.Nodes;

namespace CdkInfra.Emulator.Workspace;

/// <summary>
/// The kind of workspace being emulated: its cloud, its edition, its metastore's storage and what the deploying identity
/// may do. Read from a seed file's keys (every key optional); the defaults are a Premium AWS workspace with a metastore
/// storage root, serverless on, and a deployer who is workspace, metastore and account admin. docs/emulator.md lists
/// the keys and the shipped profiles (tests/emulator/profiles/).
/// </summary>
internal sealed record WorkspaceProfile
{
    public const string WorkspaceAdmin = "workspace_admin";
    public const string MetastoreAdmin = "metastore_admin";
    public const string AccountAdmin = "account_admin";

    public static readonly WorkspaceProfile Default = new();

    /// <summary><c>aws</c>, <c>azure</c> or <c>gcp</c>: the node types and runtime versions the workspace offers.</summary>
    public string Cloud { get; init; } = "aws";

    /// <summary><c>premium</c> or <c>free</c> (serverless compute only, no account API, Default Storage).</summary>
    public string Edition { get; init; } = "premium";

    /// <summary>The metastore's storage root; null when the metastore has none (Default Storage, or rootless).</summary>
    public string? MetastoreStorageRoot { get; init; } = "s3://emulated-metastore-root/metastore";

    /// <summary>
    /// Whether the account has Default Storage (Free Edition, workspaces enabled for Unity Catalog automatically):
    /// only the UI creates catalogs on it (databricks/cli issues 4513, 5695).
    /// </summary>
    public bool DefaultStorage { get; init; }

    /// <summary>
    /// Whether the workspace admins hold CREATE CATALOG on the metastore. Databricks docs "Admin privileges in Unity
    /// Catalog": on a workspace enabled for Unity Catalog automatically, workspace admins get it; on a metastore created
    /// by an account admin, only the metastore admin has it until granted.
    /// </summary>
    public bool WorkspaceAdminsCreateCatalogs { get; init; } = true;

    /// <summary>What the deploying identity is: any of workspace_admin, metastore_admin, account_admin.</summary>
    public IReadOnlySet<string> CurrentUserRoles { get; init; } = new HashSet<string>(StringComparer.Ordinal) { WorkspaceAdmin, MetastoreAdmin, AccountAdmin };

    /// <summary>Serverless jobs, notebooks and SQL warehouses are available.</summary>
    public bool Serverless { get; init; } = true;

    public bool IsFree => Edition == "free";

    public bool Has(string role) => CurrentUserRoles.Contains(role);

    public static WorkspaceProfile FromSeed(JsonNode seed)
    {
        var profile = Default;
        var edition = (string?)seed["edition"] ?? profile.Edition;
        Require(edition, "edition", "premium", "free");
        var free = edition == "free";
        var cloud = (string?)seed["cloud"] ?? profile.Cloud;
        Require(cloud, "cloud", "aws", "azure", "gcp");
        var metastore = seed["metastore"]?.AsObject();
        var hasRootKey = metastore?.ContainsKey("storage_root") == true;
        var root = hasRootKey ? (string?)metastore!["storage_root"] : (free ? null : DefaultRoot(cloud));
        var defaultStorage = (bool?)metastore?["default_storage"] ?? (free || root is null);
        var roles = seed["current_user_roles"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal)
            ?? (free ? [WorkspaceAdmin] : new HashSet<string>(profile.CurrentUserRoles, StringComparer.Ordinal));
        foreach (var role in roles)
        {
            Require(role, "current_user_roles", WorkspaceAdmin, MetastoreAdmin, AccountAdmin);
        }

        return profile with
        {
            Cloud = cloud,
            Edition = edition,
            MetastoreStorageRoot = root,
            DefaultStorage = defaultStorage,
            WorkspaceAdminsCreateCatalogs = (bool?)metastore?["workspace_admins_create_catalogs"] ?? profile.WorkspaceAdminsCreateCatalogs,
            CurrentUserRoles = roles,
            // Free Edition offers serverless compute only (Databricks docs "Free Edition limitations").
            Serverless = (bool?)seed["serverless"] ?? true,
        };
    }

    public JsonObject ToJson() => new()
    {
        ["cloud"] = Cloud,
        ["edition"] = Edition,
        ["metastore"] = new JsonObject
        {
            ["storage_root"] = MetastoreStorageRoot,
            ["default_storage"] = DefaultStorage,
            ["workspace_admins_create_catalogs"] = WorkspaceAdminsCreateCatalogs,
        },
        ["current_user_roles"] = new JsonArray(CurrentUserRoles.Order(StringComparer.Ordinal).Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        ["serverless"] = Serverless,
    };

    private static string DefaultRoot(string cloud) => cloud switch
    {
        "azure" => "abfss://metastore@emulatedmetastore.dfs.core.windows.net/root",
        "gcp" => "gs://emulated-metastore-root/metastore",
        _ => "s3://emulated-metastore-root/metastore",
    };

    private static void Require(string value, string key, params string[] allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"seed: {key} must be one of {string.Join(", ", allowed)}, not '{value}'");
        }
    }
}
