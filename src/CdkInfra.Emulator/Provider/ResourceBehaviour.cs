using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Provider;

/// <summary>An apply, import or read the platform refuses: the provider reports it as an error diagnostic.</summary>
internal sealed class PlatformException(string message) : Exception(message);

/// <summary>What one provider call sees: the workspace, the schema, and whether it came through an account-level provider.</summary>
internal sealed record Call(WorkspaceModel Workspace, ProviderSchema Schema, bool AccountLevel)
{
    public WorkspaceProfile Profile => Workspace.Profile;
}

/// <summary>A plan being made for one resource instance: the provider's CustomizeDiff and diff suppression work on it.</summary>
internal sealed class PlanRequest(Dictionary<string, object?>? prior, Dictionary<string, object?> planned, Dictionary<string, object?>? config)
{
    public Dictionary<string, object?>? Prior { get; } = prior;

    public Dictionary<string, object?> Planned { get; } = planned;

    public Dictionary<string, object?>? Config { get; } = config;

    public bool Creating => Prior is null;

    /// <summary>Errors the plan reports (CustomizeDiff failures): Terraform stops at plan.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The force-new attributes whose change replaces the object (the plan's requires_replace).</summary>
    public List<string> RequiresReplace { get; } = [];
}

/// <summary>
/// What the provider and the platform do for one resource type: configuration checks (the provider's validate
/// functions), plan-time checks and diff suppression (its CustomizeDiff and DiffSuppressFuncs), the values the server
/// assigns on create and update (in the provider's formats), what Read returns, what Delete and Import do. Each
/// subclass names the provider files it ports (TPD = github.com/databricks/terraform-provider-databricks at v1.99.0).
/// A type without a subclass gets <see cref="GenericResource"/>: a generated id, nulls for the other computed values.
/// </summary>
internal abstract class ResourceBehaviour
{
    public abstract string Type { get; }

    /// <summary>Problems of the configuration alone (ValidateResourceConfig); values may be unknown.</summary>
    public virtual IEnumerable<string> Validate(Dictionary<string, object?> config) => [];

    /// <summary>Adjusts the planned state (suppressed diffs) and reports plan-time errors.</summary>
    public virtual void Plan(Call call, PlanRequest plan)
    {
    }

    /// <summary>
    /// Creates (prior null) or updates the object; fills what the server computes into <paramref name="state"/> and
    /// returns the id. Throws <see cref="PlatformException"/> for what the platform refuses.
    /// </summary>
    public abstract string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state);

    /// <summary>
    /// The record the workspace keeps after an apply, when it differs from what the provider returns; null when the
    /// object lives in another type's record (a <c>databricks_grant</c> is one principal of the securable's grants).
    /// </summary>
    public virtual Dictionary<string, object?>? Stored(Call call, Dictionary<string, object?> state) => state;

    /// <summary>The object as the workspace has it now (merged over the current state), or null when it is gone.</summary>
    public virtual Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var id = current.Str("id");
        return id is null ? current : call.Workspace.Get(Type, id);
    }

    public virtual void Delete(Call call, Dictionary<string, object?> prior) => call.Workspace.Remove(Type, prior.Str("id")!);

    /// <summary>The object an import id names, or null (the provider's import id formats).</summary>
    public virtual Dictionary<string, object?>? Import(Call call, string id) => call.Workspace.Get(Type, id);

    /// <summary>Sets a value the server computes when the plan left it unknown (or null).</summary>
    protected static void Fill(Dictionary<string, object?> state, string key, object? value)
    {
        if (state.GetValueOrDefault(key) is null or Unknown)
        {
            state[key] = value;
        }
    }

    protected static void Check(string? error)
    {
        if (error is not null)
        {
            throw new PlatformException(error);
        }
    }

    protected static long Millis() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

/// <summary>A resource type the stacks do not use: a generated id (or the configured one), nothing checked.</summary>
internal sealed class GenericResource(string type) : ResourceBehaviour
{
    public override string Type => type;

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state) =>
        prior?.Str("id") ?? (state.Str("id") is { } given && Value.IsKnown(given) ? given : call.Workspace.NewNumericId());
}

/// <summary>What a data source answers, from the workspace and the profile.</summary>
internal abstract class DataSourceBehaviour
{
    public abstract string Type { get; }

    /// <summary>Fills the data source's computed values into <paramref name="result"/> (a copy of the configuration).</summary>
    public abstract void Read(Call call, Dictionary<string, object?> result);
}
