using Amazon.JSII.Runtime.Deputy;
using CdkInfra.Policy;
using CdkInfra.Roster;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Grant;
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
/// Which rows of a securable's per-principal grants a stack holds. Each (securable, principal) pair has exactly one
/// <c>databricks_grant</c> in exactly one stack: two would undo each other's privileges on every apply.
/// </summary>
internal enum RosterShare
{
    /// <summary>Every row: a whole course in one stack.</summary>
    All,

    /// <summary>
    /// The cohort's members' rows, a super admin's among them with the super admins' privileges, less the deploying
    /// identity's (the access stack holds it): a cohort's stack.
    /// </summary>
    Members,

    /// <summary>
    /// Every row that is not a roster member's, and the deploying identity's: the access stack of a split roster.
    /// </summary>
    NonMembers,
}

/// <summary>
/// Every grant on a securable (or on each securable of a set), whoever asks for it, collected in one place and written
/// in one of two shapes. <see cref="AccessPolicy.ApplyTo"/> adds the policy's rows; a consuming team adds its own with
/// <see cref="Grant"/>. The blocks are written when the stack is synthesized, so a grant added after the construct was
/// built still lands in the same resource.
/// <list type="bullet">
/// <item>Authoritative: one <c>databricks_grants</c>, which revokes whatever it does not list on every apply. Used
/// wherever the grants name a handful of principals.</item>
/// <item>Per principal: one <c>databricks_grant</c> instance per (securable, principal), which manages that principal's
/// privileges alone. Used where the policy names each roster user (the catalogs, with users as principals): a set of
/// grant blocks as long as the roster makes Terraform's plan grow with its square, while per-principal instances grow
/// with it linearly and spread over a split roster's stacks (docs/grant-research.md). The two shapes never share a
/// securable: the authoritative one would revoke the other's principals on every apply (TPD
/// <c>catalog/resource_grants.go</c>, <c>diffPermissions</c>).</item>
/// </list>
/// </summary>
/// <remarks>
/// Grants that name one principal become plain <c>grant</c> blocks, in the order they were added, one per principal
/// (a second grant to the same principal adds its privileges to the first: two blocks for one principal make the
/// authoritative resource drift forever). When the policy names each roster user of a group, the principals are a map
/// built in Terraform (principal to privileges), so synthesis stays constant while the list follows the roster.
/// <c>merge()</c> keeps one entry per principal, a later argument winning: students, then admins, the deploying
/// identity, the named principals, and last a per-instance part (a personal schema's owner).
/// </remarks>
public sealed class SecurableGrants
{
    private readonly List<GrantEntry> _entries = [];
    private readonly HashSet<string> _expressions = new(StringComparer.Ordinal);
    private readonly Construct _scope;
    private readonly string _logicalId;
    private readonly RosterMembers? _members;
    private readonly string? _instancePart;
    private readonly RosterShare _share;
    private TerraformLocal? _named;

    /// <summary>
    /// The grants of a securable with the policy's rows for <paramref name="kind"/> applied: per principal when the
    /// policy names each roster member of a group there (<paramref name="share"/> says which of those rows this stack
    /// holds), else authoritative, with a dynamic block when <paramref name="instancePart"/> is given. Per-principal
    /// instances name their securables by <paramref name="names"/> and wait for <paramref name="securablesReady"/>.
    /// </summary>
    internal static SecurableGrants FromPolicy(Construct scope, string id, string logicalId, SecurableType type, string securable,
        IReadOnlyList<string> names, ITerraformIterator? forEach, ITerraformDependable[]? dependsOn, AccessPolicy policy, SecurableKind kind,
        RosterMembers? members, RosterShare share = RosterShare.All, string? instancePart = null, ITerraformDependable? securablesReady = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        SecurableGrants grants;
        if (instancePart is null && UsesPerPrincipal(policy, kind))
        {
            // The instances name their securable by name: they wait for it explicitly when this stack makes it.
            ITerraformDependable[] waitFor = securablesReady is null ? dependsOn ?? [] : [.. dependsOn ?? [], securablesReady];
            grants = new SecurableGrants(scope, id, logicalId, type, names, waitFor, members ?? throw new ArgumentNullException(nameof(members)), share);
        }
        else
        {
            var perUser = instancePart is not null || policy.NamesEachUser(kind);
            grants = new SecurableGrants(scope, id, logicalId, type, securable, forEach, dependsOn,
                perUser ? members ?? throw new ArgumentNullException(nameof(members)) : null, instancePart);
        }

        grants.OtherShapeAddresses = AllShapeAddresses(logicalId, names).Except(grants.Addresses, StringComparer.Ordinal).ToList();
        policy.ApplyTo(grants, kind);
        return grants;
    }

    /// <summary>
    /// True when the grants of <paramref name="kind"/> are written per principal: wherever the policy names each roster
    /// member of a group, except on a personal schema (one instance per schema, each naming its own user).
    /// </summary>
    internal static bool UsesPerPrincipal(AccessPolicy policy, SecurableKind kind) =>
        kind != SecurableKind.PersonalSchema && policy.NamesEachUser(kind);

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
        _resources = [resource];
        Addresses = [$"databricks_grants.{logicalId}"];
    }

    /// <summary>
    /// Writes per-principal grants on <paramref name="securables"/>: a local of the principals and their privileges
    /// (named <paramref name="logicalId"/>), and for each securable one <c>databricks_grant</c> resource over that map,
    /// one instance per principal (<see cref="PerPrincipalName"/>).
    /// </summary>
    private SecurableGrants(Construct scope, string id, string logicalId, SecurableType type, IReadOnlyList<string> securables,
        ITerraformDependable[]? dependsOn, RosterMembers members, RosterShare share)
    {
        _scope = scope;
        _logicalId = logicalId;
        _members = members;
        _share = share;
        Type = type;
        PerPrincipal = true;
        var rows = new TerraformLocal(scope, $"{id}Principals", Lazy.StringValue(new StringProducer(MapExpression)));
        rows.OverrideLogicalId(logicalId);
        if (dependsOn is { Length: > 0 })
        {
            // A roster-sized resource waiting on another roster-sized one (the users) costs Terraform time in proportion
            // to the product of their sizes: the instances wait on one terraform_data that waits for the rest.
            var ready = TerraformData.Create(scope, $"{id}Ready", dependsOn);
            ready.OverrideLogicalId($"{logicalId}_ready");
            dependsOn = [ready];
        }

        // One resource per securable, each over the map of principals, rather than one over every (securable,
        // principal) pair: Terraform evaluates a resource's for_each again for each instance it plans or applies
        // (internal/terraform/node_resource_abstract_instance.go, plan: evaluateForEachExpression, then
        // EvalDataForInstanceKey), so a resource's plan grows with the square of its instances, and a local map read
        // by K resources of N instances costs K times N squared where the pairs cost (K times N) squared. A cohort of
        // 100 students with the four reference catalogs re-planned in 0.53 of the time (docs/benchmark.md).
        var addresses = new List<string>();
        var resources = new List<Grant>();
        foreach (var securable in securables)
        {
            var name = PerPrincipalName(logicalId, securables, securable);
            if (addresses.Contains($"databricks_grant.{name}"))
            {
                // Only names with leading or trailing underscores on several catalogs can meet (a_.b and a._b).
                throw new InvalidOperationException($"two securables of {logicalId} give the per-principal grants the same name {name}: rename one");
            }

            var config = new GrantConfig
            {
                ForEach = TerraformIterator.FromMap(Token.AsAnyMap($"${{local.{logicalId}}}")),
                Principal = "${each.key}",
                Privileges = Token.AsList("${each.value}"),
                DependsOn = dependsOn is { Length: > 0 } ? dependsOn : null,
            };
            var literal = TerraformText.Literal(securable);
            switch (type)
            {
                case SecurableType.Catalog:
                    config.Catalog = literal;
                    break;
                case SecurableType.Schema:
                    config.Schema = literal;
                    break;
                default:
                    config.Volume = literal;
                    break;
            }

            var resource = new Grant(scope, $"{id}-{securable}", config);
            resource.OverrideLogicalId(name);
            resources.Add(resource);
            addresses.Add($"databricks_grant.{name}");
        }

        _resources = resources;
        Addresses = addresses;
    }

    /// <summary>
    /// The Terraform name of the per-principal grants on <paramref name="securable"/>, one of <paramref name="securables"/>:
    /// <c>reference_catalog_grants_sales_dev</c>; for schemas of one catalog, the schema's name alone
    /// (<c>course_shared_schema_grants_shared_bronze</c>). Unity Catalog names here are <c>[a-z0-9_]</c>
    /// (<see cref="Naming.UcIdentifier"/>), so the name is a valid Terraform identifier.
    /// </summary>
    internal static string PerPrincipalName(string logicalId, IReadOnlyList<string> securables, string securable)
    {
        var catalogs = securables.Select(s => s.Split('.')[0]).Distinct(StringComparer.Ordinal).Count();
        var part = catalogs == 1 && securable.Contains('.') ? securable[(securable.IndexOf('.') + 1)..] : securable;
        return $"{logicalId}_{part.Replace(".", "__", StringComparison.Ordinal)}";
    }

    /// <summary>The addresses of the per-principal grants on <paramref name="securables"/> under <paramref name="logicalId"/>.</summary>
    internal static IEnumerable<string> PerPrincipalAddresses(string logicalId, IReadOnlyList<string> securables) =>
        securables.Select(s => $"databricks_grant.{PerPrincipalName(logicalId, securables, s)}");

    /// <summary>True when the grants are per-principal <c>databricks_grant</c> instances, not one authoritative resource.</summary>
    internal bool PerPrincipal { get; }

    /// <summary>
    /// The principals whose per-principal grants on these securables a cohort's stack holds (in the access stack of a
    /// split roster): a grant to one of them here would be a second resource for the same pair.
    /// </summary>
    internal IReadOnlySet<string> HeldByCohorts { get; set; } = new HashSet<string>();

    /// <summary>
    /// The addresses the same grants have in the other shapes, for the securables they were built for: per principal,
    /// the authoritative resource and the single per-principal resource of every (securable, principal) pair that
    /// unreleased builds of 0.1.0 wrote; authoritative, both per-principal forms.
    /// </summary>
    internal IReadOnlyList<string> OtherShapeAddresses { get; private set; } = [];

    /// <summary>
    /// The addresses of every shape the grants under <paramref name="logicalId"/> on <paramref name="securables"/> may
    /// have had: authoritative, one per-principal resource per securable, and one over every pair.
    /// </summary>
    internal static IEnumerable<string> AllShapeAddresses(string logicalId, IReadOnlyList<string> securables) =>
        new[] { $"databricks_grants.{logicalId}", $"databricks_grant.{logicalId}" }.Concat(PerPrincipalAddresses(logicalId, securables));

    /// <summary>What the grants are on.</summary>
    internal SecurableType Type { get; }

    private readonly IReadOnlyList<TerraformResource> _resources;
    private TerraformResource? _done;

    /// <summary>
    /// What to depend on to wait for the grants to be in place: the grants resource, or for per-principal grants on
    /// several securables a <c>terraform_data</c> (<c>&lt;name&gt;_done</c>, made on first use) that waits for each of them.
    /// </summary>
    public ITerraformDependable Resource
    {
        get
        {
            if (_resources.Count == 1)
            {
                return _resources[0];
            }

            if (_done is null)
            {
                _done = TerraformData.Create(_scope, $"{_logicalId}Done", [.. _resources]);
                _done.OverrideLogicalId($"{_logicalId}_done");
            }

            return _done;
        }
    }

    /// <summary>
    /// The resources' Terraform addresses: <c>databricks_grants.course_catalog_grants</c>, or per principal one
    /// <c>databricks_grant</c> per securable (<see cref="PerPrincipalName"/>).
    /// </summary>
    internal IReadOnlyList<string> Addresses { get; }

    /// <summary>How messages name the grants: the resource's address, or per principal the resources' common name.</summary>
    private string Name => PerPrincipal ? $"databricks_grant.{_logicalId}_*" : $"databricks_grants.{_logicalId}";

    /// <summary>The principals and their privileges so far, in the order they were first granted.</summary>
    internal IReadOnlyList<GrantEntry> Entries => _entries;

    /// <summary>
    /// Grants <paramref name="privileges"/> to <paramref name="principal"/> on the securable (on each, for a set), beside
    /// the access policy's grants and in the same shape. A principal granted twice holds the union, listed once. Unity
    /// Catalog refuses workspace-local groups: grant to account groups, users or service principals. On per-principal
    /// grants of a split roster, the principal must not be a roster member: a cohort's stack holds their grants.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No privilege is given; or, on per-principal grants in the access stack of a split roster, the principal is a
    /// roster member whose grants there a cohort's stack holds.
    /// </exception>
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

        if (HeldByCohorts.Contains(principal))
        {
            // Two per-principal grants for one pair, in two stacks, would set the principal's privileges in turn on every deploy.
            throw new ArgumentException($"'{principal}' is in the roster, and with users as principals a cohort's stack holds their grants on "
                + $"{Name}: grant to a group, or to someone outside the roster", nameof(principal));
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
            throw new InvalidOperationException($"{Name} was built for named principals; it cannot grant to each member of '{entry.RosterGroup}'");
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
            var name = PerPrincipal ? $"{_logicalId}_named" : _logicalId;
            _named = new TerraformLocal(_scope, name, Lazy.AnyValue(new AnyProducer(NamedMap)));
            _named.OverrideLogicalId(name);
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

    // In the access stack, the named principals a cohort holds (super admins in the roster) are left to it.
    private object NamedMap() =>
        _entries.Where(e => IsNamed(e) && !(_share == RosterShare.NonMembers && HeldByCohorts.Contains(e.Principal)))
            .ToDictionary(e => TerraformText.Literal(e.Principal), e => (object)e.Privileges.ToArray(), StringComparer.Ordinal);

    private string MapExpression()
    {
        var parts = new List<string>();
        // A cohort leaves the deploying identity, who may be one of its members, to the access stack.
        var notDeployer = $"!contains([{AccessPolicy.DeployingIdentity[2..^1]}], p)";
        var filter = _share == RosterShare.Members ? $" if {notDeployer}" : "";
        foreach (var group in _share == RosterShare.NonMembers ? [] : new[] { RosterGroups.Students, RosterGroups.Admins })
        {
            foreach (var entry in _entries.Where(e => e.RosterGroup == group))
            {
                parts.Add($"{{ for p in keys(local.{_members!.Of(group).FriendlyUniqueId}) : p => {UcGrants.PrivilegeList(entry.Privileges)}{filter} }}");
            }
        }

        foreach (var entry in _entries.Where(e => e.Principal == AccessPolicy.DeployingIdentity && _share != RosterShare.Members))
        {
            parts.Add($"{{ for p in [{AccessPolicy.DeployingIdentity[2..^1]}] : p => {UcGrants.PrivilegeList(entry.Privileges)} }}");
        }

        if (_named is not null && _share == RosterShare.Members)
        {
            // A cohort holds the named principals (super admins) who are its members, with the named privileges.
            var members = $"concat(keys(local.{_members!.Of(RosterGroups.Admins).FriendlyUniqueId}), keys(local.{_members.Of(RosterGroups.Students).FriendlyUniqueId}))";
            parts.Add($"{{ for p, privileges in local.{_named.FriendlyUniqueId} : p => privileges if contains({members}, p) && {notDeployer} }}");
        }
        else if (_named is not null)
        {
            parts.Add($"local.{_named.FriendlyUniqueId}");
        }

        if (_instancePart is not null)
        {
            parts.Add(_instancePart);
        }

        return parts.Count == 0 ? "${{}}" : $"${{merge({string.Join(", ", parts)})}}";
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
