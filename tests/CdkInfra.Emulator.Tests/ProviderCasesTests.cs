using System.Text.Json.Nodes;
using CdkInfra.Emulator.Provider;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;
using CdkInfra.Emulator.Workspace;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// Cases ported from the unit tests of databricks/terraform-provider-databricks at v1.99.0 (TPD): each test names the Go
/// file and test function it ports. The provider's <c>qa.ResourceFixture</c> cases replay recorded API calls against
/// the provider's code; here the same configuration goes through the emulator's behaviour classes (plan as
/// Terraform and <see cref="ProviderService"/> make it, then apply, read, delete, import) against a workspace seeded
/// with what the fixture's API answered, and the expectation is the provider test's (state, error text, id).
/// The ProviderCases.*.cs files hold the cases, one file per provider package.
/// </summary>
internal sealed class Emulated
{
    private static readonly Lazy<ProviderSchema> LoadedSchema = new(ProviderSchema.Load);

    public Emulated(string seed = "{}")
    {
        Workspace = new WorkspaceModel(Schema, Path.Combine(Path.GetTempPath(), "unused"));
        Behaviour = new Behaviour(Schema, Workspace);
        Workspace.Seed(JsonNode.Parse(seed)!, Behaviour.NewCluster);
    }

    public static ProviderSchema Schema => LoadedSchema.Value;

    public WorkspaceModel Workspace { get; }

    public Behaviour Behaviour { get; }

    /// <summary>An object value (resource configuration, nested block) from name/value pairs.</summary>
    public static Dictionary<string, object?> Obj(params (string Key, object? Value)[] pairs)
    {
        var o = Value.Object();
        foreach (var (key, value) in pairs)
        {
            o[key] = value switch
            {
                int i => (long)i,
                string[] strings => strings.Select(s => (object?)s).ToList(),
                Dictionary<string, object?>[] blocks => blocks.Select(b => (object?)b).ToList(),
                _ => value,
            };
        }

        return o;
    }

    /// <summary>A list of nested blocks (<c>access_control { ... }</c>, <c>task { ... }</c>).</summary>
    public static Dictionary<string, object?>[] Blocks(params Dictionary<string, object?>[] blocks) => blocks;

    public IEnumerable<string> Validate(string type, Dictionary<string, object?> config) => Behaviour.Validate(type, config);

    /// <summary>
    /// The plan Terraform gets for this configuration (create when <paramref name="prior"/> is null): the configuration
    /// completed to the schema, on create every computed value it leaves null unknown, on update the prior's computed
    /// values kept; the provider's defaults; then the resource's plan-time behaviour (CustomizeDiff, diff suppression).
    /// </summary>
    public PlanRequest Plan(string type, Dictionary<string, object?> config, Dictionary<string, object?>? prior = null, bool accountLevel = false)
    {
        // The state Terraform proposes: the configuration, with the prior state's computed values where it leaves them
        // null (none on create); the provider's plan is the emulator's own (Behaviour.PlanChange, as ProviderService).
        var block = Schema.Resources[type];
        var proposed = block.Complete((Dictionary<string, object?>)Value.Clone(config)!);
        foreach (var a in block.Attributes.Values.Where(a => a.Computed && config.GetValueOrDefault(a.Name) is null))
        {
            proposed[a.Name] = prior?.GetValueOrDefault(a.Name);
        }

        return Behaviour.PlanChange(type, prior, proposed, config, accountLevel);
    }

    /// <summary>The force-new attributes whose planned value differs from the prior state (the plan's requires_replace).</summary>
    public static List<string> RequiresReplace(string type, PlanRequest plan) => plan.RequiresReplace;

    /// <summary>Plans and applies a create; a plan-time error fails as <see cref="PlatformException"/> too.</summary>
    public Dictionary<string, object?> Create(string type, Dictionary<string, object?> config, bool accountLevel = false) =>
        Apply(type, null, config, accountLevel);

    public Dictionary<string, object?> Update(string type, Dictionary<string, object?> prior, Dictionary<string, object?> config, bool accountLevel = false) =>
        Apply(type, prior, config, accountLevel);

    public Dictionary<string, object?>? Read(string type, Dictionary<string, object?> state, bool accountLevel = false) =>
        Behaviour.Read(type, state, accountLevel);

    public void Delete(string type, Dictionary<string, object?> state, bool accountLevel = false) => Behaviour.Delete(type, state, accountLevel);

    public Dictionary<string, object?> Import(string type, string id) => Behaviour.Import(type, id, false);

    public Dictionary<string, object?> Data(string type, Dictionary<string, object?> config) =>
        Behaviour.ReadData(type, Schema.DataSources[type].Complete(config), false);

    /// <summary>The message of the error a call fails with (plan or apply), or a failure when it succeeds.</summary>
    public static string ErrorOf(Action call)
    {
        try
        {
            call();
        }
        catch (PlatformException e)
        {
            return e.Message;
        }

        Assert.Fail("expected the call to fail");
        return string.Empty;
    }

    private Dictionary<string, object?> Apply(string type, Dictionary<string, object?>? prior, Dictionary<string, object?> config, bool accountLevel)
    {
        var errors = Validate(type, config).ToList();
        var plan = Plan(type, config, prior, accountLevel);
        errors.AddRange(plan.Errors);
        if (errors.Count > 0)
        {
            throw new PlatformException(string.Join("; ", errors));
        }

        return Behaviour.Apply(type, prior, plan.Planned, accountLevel);
    }
}
