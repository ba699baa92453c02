using CdkInfra.Emulator.Provider.DataSources;
using CdkInfra.Emulator.Provider.Resources;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider;

/// <summary>
/// The dispatcher: finds the behaviour of a resource or data source type (Provider/Resources, Provider/DataSources, one
/// class per type, each naming the provider files it ports) and does what every type shares: completing values to the
/// schema, resolving what the server leaves unknown, storing the workspace's record.
/// </summary>
internal sealed class Behaviour(ProviderSchema schema, WorkspaceModel workspace)
{
    private static readonly IReadOnlyDictionary<string, ResourceBehaviour> Resources = new ResourceBehaviour[]
    {
        new UserResource(), new GroupResource(), new GroupMemberResource(), new EntitlementsResource(), new PermissionAssignmentResource(),
        new CatalogResource(), new SchemaResource(), new VolumeResource(), new GrantsResource(), new GrantResource(),
        new DirectoryResource(), new NotebookResource(), new WorkspaceFileResource(), new FileResource(),
        new PermissionsResource(), new SecretScopeResource(), new SecretAclResource(), new SecretResource(),
        new ClusterResource(), new ClusterPolicyResource(), new SqlEndpointResource(), new JobResource(), new MlflowExperimentResource(),
    }.ToDictionary(b => b.Type, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, DataSourceBehaviour> DataSources = new DataSourceBehaviour[]
    {
        new CurrentUserData(), new GroupData(), new UserData(), new UsersData(), new CatalogsData(), new SchemasData(), new CatalogData(),
        new SchemaData(), new CurrentMetastoreData(), new MlflowExperimentData(), new NodeTypeData(), new SparkVersionData(),
    }.ToDictionary(b => b.Type, StringComparer.Ordinal);

    /// <summary>The resource types with behaviour of their own (the rest get a generated id).</summary>
    public static IEnumerable<string> ResourceTypes => Resources.Keys;

    /// <summary>The data source types with behaviour of their own (the rest answer their type name as id).</summary>
    public static IEnumerable<string> DataSourceTypes => DataSources.Keys;

    public static ResourceBehaviour For(string type) => Resources.GetValueOrDefault(type) ?? new GenericResource(type);

    private Call Call(bool accountLevel) => new(workspace, schema, accountLevel);

    public IEnumerable<string> Validate(string type, Dictionary<string, object?> config) => For(type).Validate(config);

    /// <summary>
    /// The plan of one change, from the state Terraform proposes: on create every computed value the configuration
    /// leaves null is unknown until apply; then the type's plan-time behaviour (diff suppression, CustomizeDiff errors);
    /// on update a change to a force-new attribute asks for replacement (computed values unknown again); the provider's
    /// defaults last, where the configuration leaves an attribute null.
    /// </summary>
    public PlanRequest PlanChange(string type, Dictionary<string, object?>? prior, Dictionary<string, object?> proposed, Dictionary<string, object?>? config, bool accountLevel)
    {
        var block = schema.Resources[type];
        var planned = (Dictionary<string, object?>)Value.Clone(proposed)!;
        var plan = new PlanRequest(prior, planned, config);
        if (prior is null)
        {
            MarkComputedUnknown(block, planned, config);
        }

        For(type).Plan(Call(accountLevel), plan);
        if (prior is not null)
        {
            plan.RequiresReplace.AddRange(schema.ForceNew
                .Where(f => f.Type == type && planned.ContainsKey(f.Attribute) && !Value.Same(prior.GetValueOrDefault(f.Attribute), planned[f.Attribute]))
                .Select(f => f.Attribute));
            if (plan.RequiresReplace.Count > 0)
            {
                MarkComputedUnknown(block, planned, config);
            }
        }

        foreach (var d in schema.Defaults.Where(d => d.Type == type))
        {
            if (config?.GetValueOrDefault(d.Attribute) is null && planned.GetValueOrDefault(d.Attribute) is null or Unknown)
            {
                planned[d.Attribute] = Value.FromJson(d.Value);
            }
        }

        return plan;
    }

    /// <summary>Creates or updates the object in the workspace; returns the new state.</summary>
    public Dictionary<string, object?> Apply(string type, Dictionary<string, object?>? prior, Dictionary<string, object?> planned, bool accountLevel)
    {
        var call = Call(accountLevel);
        var behaviour = For(type);
        var state = (Dictionary<string, object?>)Value.Clone(planned)!;
        state["id"] = behaviour.Apply(call, prior, state);
        var complete = schema.Resources[type].Complete(ResolveUnknowns(state) as Dictionary<string, object?>);
        if (behaviour.Stored(call, (Dictionary<string, object?>)Value.Clone(complete)!) is { } stored)
        {
            workspace.Put(type, complete.Str("id")!, stored);
        }

        return complete;
    }

    public void Delete(string type, Dictionary<string, object?> prior, bool accountLevel) => For(type).Delete(Call(accountLevel), prior);

    /// <summary>The object as the workspace has it now, or null when it is gone.</summary>
    public Dictionary<string, object?>? Read(string type, Dictionary<string, object?> current, bool accountLevel)
    {
        var record = For(type).Read(Call(accountLevel), current);
        return record is null ? null : schema.Resources[type].Complete((Dictionary<string, object?>)Value.Clone(record)!);
    }

    /// <summary>The state an <c>import</c> of this id produces (the provider's import id formats, TPD docs).</summary>
    public Dictionary<string, object?> Import(string type, string id, bool accountLevel)
    {
        var record = For(type).Import(Call(accountLevel), id)
            ?? throw new PlatformException($"Cannot import non-existent remote object: {type} with id {id} does not exist in the workspace");
        return schema.Resources[type].Complete((Dictionary<string, object?>)Value.Clone(record)!);
    }

    /// <summary>A data source's answer from the workspace. Collections are empty, never null, when nothing matches.</summary>
    public Dictionary<string, object?> ReadData(string type, Dictionary<string, object?> config, bool accountLevel)
    {
        var result = (Dictionary<string, object?>)Value.Clone(config)!;
        if (DataSources.TryGetValue(type, out var behaviour))
        {
            behaviour.Read(Call(accountLevel), result);
        }
        else if (result.GetValueOrDefault("id") is null)
        {
            throw new PlatformException($"the workspace emulator has no behaviour for data source {type}: add one in Provider/DataSources (docs/emulator.md)");
        }

        var block = schema.DataSources[type];
        var complete = block.Complete(ResolveUnknowns(result) as Dictionary<string, object?>);
        EmptyCollections(block, complete);
        return complete;
    }

    public Dictionary<string, object?> NewCluster(Dictionary<string, object?> spec) => new ClusterResource().Seeded(Call(false), spec);

    /// <summary>
    /// On create (or replacement), every computed attribute the configuration leaves null is unknown until apply,
    /// in nested blocks too. Where the configuration sets it, the configured value stands.
    /// </summary>
    private static void MarkComputedUnknown(BlockSchema block, Dictionary<string, object?> planned, Dictionary<string, object?>? config)
    {
        foreach (var a in block.Attributes.Values)
        {
            if (a.Computed && config?.GetValueOrDefault(a.Name) is null)
            {
                planned[a.Name] = Unknown.Plain;
            }
        }

        foreach (var b in block.BlockTypes.Values)
        {
            var plannedItems = planned.GetValueOrDefault(b.Name) switch
            {
                List<object?> list => list.OfType<Dictionary<string, object?>>().ToList(),
                Dictionary<string, object?> one => [one],
                _ => [],
            };
            var configItems = config?.GetValueOrDefault(b.Name) switch
            {
                List<object?> list => list.OfType<Dictionary<string, object?>>().ToList(),
                Dictionary<string, object?> one => [one],
                _ => [],
            };
            for (var i = 0; i < plannedItems.Count; i++)
            {
                MarkComputedUnknown(b.Block, plannedItems[i], i < configItems.Count ? configItems[i] : null);
            }
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
