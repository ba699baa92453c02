using Amazon.JSII.Runtime.Deputy;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Grants;

namespace CdkInfra.Course;

/// <summary>The kinds of Unity Catalog object a <c>databricks_grants</c> resource names (the provider's argument).</summary>
internal enum SecurableType
{
    /// <summary>A catalog, named by its name.</summary>
    Catalog,

    /// <summary>A schema, named by <c>catalog.schema</c>.</summary>
    Schema,

    /// <summary>A volume, named by <c>catalog.schema.volume</c>.</summary>
    Volume,
}

/// <summary>
/// The one authoritative <c>databricks_grants</c> of a securable (or one instance per securable of a <c>for_each</c>
/// set): every grant on it, whoever asks for it, is collected here, because a second grants resource on the same
/// securable would revoke the first's grants on every apply. <see cref="AccessPolicy.ApplyTo"/> adds the policy's rows;
/// a consuming team adds its own with <see cref="Grant"/>. The blocks are written when the stack is synthesized, so a
/// grant added after the construct was built still lands in the same resource.
/// </summary>
/// <remarks>
/// Grants that name one principal become plain <c>grant</c> blocks, in the order they were added, one per principal
/// (a second grant to the same principal adds its privileges to the first: two blocks for one principal make the
/// authoritative resource drift forever). When the policy names each roster user of a group, the blocks are one
/// dynamic block over a map built in Terraform (principal to privileges), so synthesis stays constant while the list
/// follows the roster. <c>merge()</c> keeps one entry per principal, a later argument winning: students, then admins,
/// the deploying identity, the named principals, and last a per-instance part (a personal schema's owner).
/// </remarks>
public sealed class SecurableGrants
{
    private readonly List<GrantEntry> _entries = [];
    private readonly HashSet<string> _expressions = new(StringComparer.Ordinal);
    private readonly Construct _scope;
    private readonly string _logicalId;
    private readonly RosterMembers? _members;
    private readonly string? _instancePart;
    private TerraformLocal? _named;

    /// <summary>
    /// The grants resource of a securable with the policy's rows for <paramref name="kind"/> applied; a dynamic block
    /// when the policy names each roster member of a group there, or when <paramref name="instancePart"/> is given.
    /// </summary>
    internal static SecurableGrants FromPolicy(Construct scope, string id, string logicalId, SecurableType type, string securable,
        ITerraformIterator? forEach, ITerraformDependable[]? dependsOn, AccessPolicy policy, SecurableKind kind, RosterMembers? members,
        string? instancePart = null)
    {
        var perUser = instancePart is not null || policy.NamesEachUser(kind);
        var grants = new SecurableGrants(scope, id, logicalId, type, securable, forEach, dependsOn,
            perUser ? members ?? throw new ArgumentNullException(nameof(members)) : null, instancePart);
        policy.ApplyTo(grants, kind);
        return grants;
    }

    /// <summary>Writes the grants resource of a securable; its blocks come from what is added before synthesis.</summary>
    /// <param name="scope">The construct the resource (and the local of named principals) belongs to.</param>
    /// <param name="id">The resource's construct id.</param>
    /// <param name="logicalId">The resource's Terraform name, also the name of the local of named principals.</param>
    /// <param name="type">What the resource grants on.</param>
    /// <param name="securable">The securable's name (Terraform text), or a per-instance expression with <paramref name="forEach"/>.</param>
    /// <param name="forEach">One instance per securable of a set; null for one securable.</param>
    /// <param name="dependsOn">What the grants wait for: the principals they name, when no expression carries that.</param>
    /// <param name="members">The roster members by group, when some grant stands for each member of a roster group.</param>
    /// <param name="instancePart">With <paramref name="members"/>: a last map expression (per instance) merged in.</param>
    internal SecurableGrants(Construct scope, string id, string logicalId, SecurableType type, string securable,
        ITerraformIterator? forEach, ITerraformDependable[]? dependsOn, RosterMembers? members = null, string? instancePart = null)
    {
        _scope = scope;
        _logicalId = logicalId;
        _members = members;
        _instancePart = instancePart;
        Type = type;
        var config = new GrantsConfig
        {
            ForEach = forEach,
            Grant = members is null
                ? Lazy.AnyValue(new AnyProducer(PlainBlocks))
                : UcGrants.Dynamic(Lazy.StringValue(new StringProducer(MapExpression))),
            DependsOn = dependsOn is { Length: > 0 } ? dependsOn : null,
        };
        switch (type)
        {
            case SecurableType.Catalog:
                config.Catalog = securable;
                break;
            case SecurableType.Schema:
                config.Schema = securable;
                break;
            default:
                config.Volume = securable;
                break;
        }

        var resource = new Grants(scope, id, config);
        resource.OverrideLogicalId(logicalId);
        Resource = resource;
        Address = $"{resource.TerraformResourceType}.{logicalId}";
    }

    /// <summary>What the grants are on.</summary>
    internal SecurableType Type { get; }

    /// <summary>The grants resource: what to depend on to wait for the grants to be in place.</summary>
    public ITerraformDependable Resource { get; }

    /// <summary>The resource's Terraform address (<c>databricks_grants.course_catalog_grants</c>).</summary>
    internal string Address { get; }

    /// <summary>The principals and their privileges so far, in the order they were first granted.</summary>
    internal IReadOnlyList<GrantEntry> Entries => _entries;

    /// <summary>
    /// Grants <paramref name="privileges"/> to <paramref name="principal"/> on the securable (on each, for a set), in the
    /// one authoritative resource that holds the access policy's grants. A principal granted twice holds the union,
    /// listed once. Unity Catalog refuses workspace-local groups: grant to account groups, users or service principals.
    /// </summary>
    /// <exception cref="ArgumentException">No privilege is given.</exception>
    public void Grant(Principal principal, params Privilege[] privileges)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(privileges);
        if (privileges.Length == 0 || privileges.Any(p => p is null))
        {
            throw new ArgumentException($"a grant to {principal} needs at least one privilege", nameof(privileges));
        }

        var names = privileges.Select(p => p.Name).ToArray();
        if (principal.Kind == PrincipalKind.DeployingIdentity)
        {
            Add(new GrantEntry(AccessPolicy.DeployingIdentity, names));
            return;
        }

        GrantNamed(principal.Name!, names);
    }

    /// <summary>
    /// Grants privileges, by name, to a principal named by literal text (a user's email, a service principal's
    /// application id or an account group's name). A principal granted twice holds the union, listed once.
    /// </summary>
    /// <exception cref="ArgumentException">The principal is blank, or no privilege is given.</exception>
    internal void GrantNamed(string principal, params string[] privileges)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(principal);
        ArgumentNullException.ThrowIfNull(privileges);
        if (privileges.Length == 0 || privileges.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"a grant to '{principal}' needs at least one privilege, none blank", nameof(privileges));
        }

        if (principal == AccessPolicy.DeployingIdentity || _expressions.Contains(principal))
        {
            // Those texts stand for an expression the library writes itself; as a literal they would be mistaken for it.
            throw new ArgumentException($"'{principal}' is a reference the library writes itself, not a principal", nameof(principal));
        }

        Add(new GrantEntry(principal, privileges));
    }

    /// <summary>
    /// Grants to a principal that is a Terraform expression the library writes itself (the deploying identity, a data
    /// source's <c>user_name</c>), never input text.
    /// </summary>
    internal void GrantToExpression(string principalExpression, params string[] privileges)
    {
        _expressions.Add(principalExpression);
        Add(new GrantEntry(principalExpression, privileges));
    }

    /// <summary>Adds a policy entry: one principal, the deploying identity, or each roster member of a group.</summary>
    internal void Add(GrantEntry entry)
    {
        if (entry.IsPerUser && _members is null)
        {
            throw new InvalidOperationException($"{Address} was built for named principals; it cannot grant to each member of '{entry.RosterGroup}'");
        }

        var same = _entries.FindIndex(e => e.Principal == entry.Principal && e.RosterGroup == entry.RosterGroup);
        if (same >= 0)
        {
            _entries[same] = _entries[same] with { Privileges = [.. _entries[same].Privileges.Union(entry.Privileges, StringComparer.Ordinal)] };
            return;
        }

        _entries.Add(entry);
        if (_members is not null && IsNamed(entry) && _named is null)
        {
            // One local per resource holds the named principals, written once for every instance.
            _named = new TerraformLocal(_scope, _logicalId, Lazy.AnyValue(new AnyProducer(NamedMap)));
            _named.OverrideLogicalId(_logicalId);
        }
    }

    private bool IsNamed(GrantEntry entry) => !entry.IsPerUser && !IsExpression(entry);

    // The deploying identity is a reference the policy writes itself, not input text: it stays an expression.
    private bool IsExpression(GrantEntry entry) => entry.Principal == AccessPolicy.DeployingIdentity || _expressions.Contains(entry.Principal);

    private object PlainBlocks() =>
        _entries.Select(e => new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["principal"] = IsExpression(e) ? e.Principal : TerraformText.Literal(e.Principal),
            ["privileges"] = e.Privileges.ToArray(),
        }).ToArray();

    private object NamedMap() =>
        _entries.Where(IsNamed).ToDictionary(e => TerraformText.Literal(e.Principal), e => (object)e.Privileges.ToArray(), StringComparer.Ordinal);

    private string MapExpression()
    {
        var parts = new List<string>();
        foreach (var group in new[] { RosterGroups.Students, RosterGroups.Admins })
        {
            foreach (var entry in _entries.Where(e => e.RosterGroup == group))
            {
                parts.Add($"{{ for p in keys(local.{_members!.Of(group).FriendlyUniqueId}) : p => {UcGrants.PrivilegeList(entry.Privileges)} }}");
            }
        }

        foreach (var entry in _entries.Where(e => e.Principal == AccessPolicy.DeployingIdentity))
        {
            parts.Add($"{{ for p in [{AccessPolicy.DeployingIdentity[2..^1]}] : p => {UcGrants.PrivilegeList(entry.Privileges)} }}");
        }

        if (_named is not null)
        {
            parts.Add($"local.{_named.FriendlyUniqueId}");
        }

        if (_instancePart is not null)
        {
            parts.Add(_instancePart);
        }

        return $"${{merge({string.Join(", ", parts)})}}";
    }

    // Values computed when the stack is synthesized: CDKTF's lazy values call back into .NET.
    private sealed class AnyProducer(Func<object> produce) : DeputyBase, IAnyProducer
    {
        public object Produce(IResolveContext context) => produce();
    }

    private sealed class StringProducer(Func<string> produce) : DeputyBase, IStringProducer
    {
        public string? Produce(IResolveContext context) => produce();
    }
}
