using System.Collections.Concurrent;
using System.Text;
using CdkInfra.Emulator.Protocol;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;
using Google.Protobuf;
using Grpc.Core;

namespace CdkInfra.Emulator.Provider;

/// <summary>
/// The Terraform plugin protocol 6 service, as databricks/databricks 1.99.0 would answer it against the emulated
/// workspace. Plan: computed values left null by the configuration become unknown (or the provider's default);
/// a change to a force-new attribute asks for replacement. Apply: the workspace assigns the computed values and the
/// platform rules may refuse. Read, import and data sources answer from the workspace.
/// </summary>
internal sealed class ProviderService(ProviderSchema schema, WorkspaceModel workspace, CallCounter calls) : Protocol.Provider.ProviderBase
{
    private readonly Behaviour _behaviour = new(schema, workspace);
    private readonly Lazy<GetProviderSchema.Types.Response> _schemaResponse = new(schema.ToProto);
    private readonly ConcurrentDictionary<string, bool> _accountConnections = new(StringComparer.Ordinal);

    public override Task<GetProviderSchema.Types.Response> GetProviderSchema(GetProviderSchema.Types.Request request, ServerCallContext context)
    {
        calls.Count("GetProviderSchema");
        return Task.FromResult(_schemaResponse.Value);
    }

    public override Task<ValidateProviderConfig.Types.Response> ValidateProviderConfig(ValidateProviderConfig.Types.Request request, ServerCallContext context)
    {
        calls.Count("ValidateProviderConfig");
        return Task.FromResult(new ValidateProviderConfig.Types.Response());
    }

    public override Task<ValidateResourceConfig.Types.Response> ValidateResourceConfig(ValidateResourceConfig.Types.Request request, ServerCallContext context)
    {
        calls.Count("ValidateResourceConfig");
        var response = new ValidateResourceConfig.Types.Response();
        if (Value.FromMsgpack(request.Config.Msgpack.Memory) is Dictionary<string, object?> config)
        {
            foreach (var error in _behaviour.Validate(request.TypeName, config))
            {
                response.Diagnostics.Add(Error(error));
            }
        }

        return Task.FromResult(response);
    }

    public override Task<ValidateDataResourceConfig.Types.Response> ValidateDataResourceConfig(ValidateDataResourceConfig.Types.Request request, ServerCallContext context)
    {
        calls.Count("ValidateDataResourceConfig");
        return Task.FromResult(new ValidateDataResourceConfig.Types.Response());
    }

    public override Task<ConfigureProvider.Types.Response> ConfigureProvider(ConfigureProvider.Types.Request request, ServerCallContext context)
    {
        calls.Count("ConfigureProvider");
        // Terraform opens one connection per provider configuration; an account-level one (host accounts.*) is
        // remembered so that groups created through it are account groups.
        var response = new ConfigureProvider.Types.Response();
        if (Value.FromMsgpack(request.Config.Msgpack.Memory) is Dictionary<string, object?> config
            && config.GetValueOrDefault("host") is string host
            && host.StartsWith("https://accounts.", StringComparison.OrdinalIgnoreCase))
        {
            _accountConnections[ConnectionId(context)] = true;
            // Free Edition has no account console and no account-level API (Databricks docs "Free Edition
            // limitations"); the message text needs a live check.
            if (workspace.Profile.IsFree)
            {
                response.Diagnostics.Add(Error("cannot configure the account-level provider: a Free Edition workspace has no account console or account-level API"));
            }
        }

        return Task.FromResult(response);
    }

    public override Task<UpgradeResourceState.Types.Response> UpgradeResourceState(UpgradeResourceState.Types.Request request, ServerCallContext context)
    {
        calls.Count("UpgradeResourceState");
        var block = Resource(request.TypeName);
        var raw = request.RawState.Json.IsEmpty ? null : System.Text.Json.Nodes.JsonNode.Parse(request.RawState.Json.ToStringUtf8());
        var state = block.Complete(Value.FromJson(raw) as Dictionary<string, object?>);
        return Task.FromResult(new UpgradeResourceState.Types.Response { UpgradedState = Dynamic(state) });
    }

    public override Task<ReadResource.Types.Response> ReadResource(ReadResource.Types.Request request, ServerCallContext context)
    {
        calls.Count("ReadResource");
        var current = Value.FromMsgpack(request.CurrentState.Msgpack.Memory) as Dictionary<string, object?>;
        var response = new ReadResource.Types.Response { Private = request.Private };
        lock (workspace.Sync)
        {
            try
            {
                var state = current is null ? null : _behaviour.Read(request.TypeName, current, IsAccount(context));
                response.NewState = Dynamic(state);
            }
            catch (PlatformException e)
            {
                // A Read the provider fails (a malformed id): Terraform shows the error and keeps the state.
                response.Diagnostics.Add(Error(e.Message));
                response.NewState = request.CurrentState;
            }
        }

        return Task.FromResult(response);
    }

    public override Task<PlanResourceChange.Types.Response> PlanResourceChange(PlanResourceChange.Types.Request request, ServerCallContext context)
    {
        calls.Count("PlanResourceChange");
        var type = request.TypeName;
        _ = Resource(type);
        var prior = Value.FromMsgpack(request.PriorState.Msgpack.Memory) as Dictionary<string, object?>;
        var proposed = Value.FromMsgpack(request.ProposedNewState.Msgpack.Memory) as Dictionary<string, object?>;
        var config = Value.FromMsgpack(request.Config.Msgpack.Memory) as Dictionary<string, object?>;
        var response = new PlanResourceChange.Types.Response { PlannedPrivate = request.PriorPrivate, LegacyTypeSystem = true };
        if (proposed is null)
        {
            response.PlannedState = Dynamic(null);
            return Task.FromResult(response);
        }

        PlanRequest plan;
        lock (workspace.Sync)
        {
            plan = _behaviour.PlanChange(type, prior, proposed, config, IsAccount(context));
        }

        foreach (var attribute in plan.RequiresReplace)
        {
            response.RequiresReplace.Add(new AttributePath { Steps = { new AttributePath.Types.Step { AttributeName = attribute } } });
        }

        foreach (var error in plan.Errors)
        {
            response.Diagnostics.Add(Error(error));
        }

        response.PlannedState = Dynamic(plan.Planned);
        return Task.FromResult(response);
    }

    public override Task<ApplyResourceChange.Types.Response> ApplyResourceChange(ApplyResourceChange.Types.Request request, ServerCallContext context)
    {
        calls.Count("ApplyResourceChange");
        var type = request.TypeName;
        var prior = Value.FromMsgpack(request.PriorState.Msgpack.Memory) as Dictionary<string, object?>;
        var planned = Value.FromMsgpack(request.PlannedState.Msgpack.Memory) as Dictionary<string, object?>;
        var response = new ApplyResourceChange.Types.Response { Private = request.PlannedPrivate, LegacyTypeSystem = true };
        lock (workspace.Sync)
        {
            try
            {
                if (planned is null)
                {
                    _behaviour.Delete(type, prior!, IsAccount(context));
                    response.NewState = Dynamic(null);
                }
                else
                {
                    response.NewState = Dynamic(_behaviour.Apply(type, prior, planned, IsAccount(context)));
                }
            }
            catch (PlatformException e)
            {
                response.Diagnostics.Add(Error(e.Message));
                response.NewState = Dynamic(prior);
            }
        }

        return Task.FromResult(response);
    }

    public override Task<ImportResourceState.Types.Response> ImportResourceState(ImportResourceState.Types.Request request, ServerCallContext context)
    {
        calls.Count("ImportResourceState");
        var response = new ImportResourceState.Types.Response();
        lock (workspace.Sync)
        {
            try
            {
                response.ImportedResources.Add(new ImportResourceState.Types.ImportedResource
                {
                    TypeName = request.TypeName,
                    State = Dynamic(_behaviour.Import(request.TypeName, request.Id, IsAccount(context))),
                });
            }
            catch (PlatformException e)
            {
                response.Diagnostics.Add(Error(e.Message));
            }
        }

        return Task.FromResult(response);
    }

    public override Task<ReadDataSource.Types.Response> ReadDataSource(ReadDataSource.Types.Request request, ServerCallContext context)
    {
        calls.Count("ReadDataSource");
        var config = Value.FromMsgpack(request.Config.Msgpack.Memory) as Dictionary<string, object?> ?? Value.Object();
        var response = new ReadDataSource.Types.Response();
        lock (workspace.Sync)
        {
            try
            {
                response.State = Dynamic(_behaviour.ReadData(request.TypeName, config, IsAccount(context)));
            }
            catch (PlatformException e)
            {
                response.Diagnostics.Add(Error(e.Message));
            }
        }

        return Task.FromResult(response);
    }

    public Dictionary<string, object?> NewCluster(Dictionary<string, object?> spec) => _behaviour.NewCluster(spec);

    private BlockSchema Resource(string type) =>
        schema.Resources.TryGetValue(type, out var block) ? block : throw new RpcException(new Status(StatusCode.InvalidArgument, $"unknown resource type {type}"));

    private bool IsAccount(ServerCallContext context) => _accountConnections.ContainsKey(ConnectionId(context));

    private static string ConnectionId(ServerCallContext context) => context.GetHttpContext().Connection.Id;

    private static DynamicValue Dynamic(object? value) => new() { Msgpack = ByteString.CopyFrom(Value.ToMsgpack(value)) };

    private static Diagnostic Error(string summary) => new() { Severity = Diagnostic.Types.Severity.Error, Summary = summary };
}

/// <summary>How many calls of each kind the server answered (the benchmark reads calls.json).</summary>
internal sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(string method) => _counts.AddOrUpdate(method, 1, (_, n) => n + 1);

    public string ToJson()
    {
        var sb = new StringBuilder("{");
        // ToArray is the dictionary's own snapshot; LINQ over the dictionary copies it through ICollection, which throws
        // when a call of a new kind is counted during the copy.
        sb.AppendJoin(",", _counts.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{p.Value}"));
        return sb.Append('}').ToString();
    }
}
