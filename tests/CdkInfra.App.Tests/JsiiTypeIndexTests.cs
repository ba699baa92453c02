using System.Reflection;
using Amazon.JSII.Runtime.Deputy;
using Microsoft.Extensions.Logging.Abstractions;

namespace CdkInfra.App.Tests;

/// <summary>
/// The app builds the jsii runtime's type index from metadata and hands it to the runtime (JsiiTypeIndex). Checked
/// against the runtime itself: its own cache (Amazon.JSII.Runtime, Services/TypeCache.cs), built the way it builds it,
/// must hold the same name for the same type, and must take the index through the fields this runtime has. A runtime
/// that changes them fails here, rather than quietly losing the time the index saves.
/// </summary>
public sealed class JsiiTypeIndexTests
{
    private static readonly Assembly Runtime = typeof(DeputyBase).Assembly;

    [Test]
    public void The_index_holds_every_jsii_type_under_the_name_the_runtime_gives_it()
    {
        var index = JsiiTypeIndex.Build(Program.JsiiAssemblies());
        Assert.That(index, Is.Not.Null);

        var cache = NewRuntimeCache();
        // Any lookup makes the runtime read every loaded assembly (TypeCache.Refresh).
        Lookup(cache, "TryGetClassType", "cdktf.App");
        var runtimeTypes = Field<IDictionary<string, Type>>(cache, "_types");
        var covered = index!.Assemblies.ToHashSet();
        var expected = runtimeTypes.Where(e => covered.Contains(e.Value.Assembly)).ToDictionary(e => e.Key, e => e.Value);

        Assert.Multiple(() =>
        {
            Assert.That(index.Types, Has.Count.GreaterThan(5000), "the provider's types are among them");
            Assert.That(index.Types, Is.EquivalentTo(expected));
            Assert.That(index.Types["cdktf.App"], Is.EqualTo(typeof(HashiCorp.Cdktf.App)));
            Assert.That(index.Types["cdktf.ITerraformDependable$Proxy"].Name, Is.EqualTo("_Proxy"));
        });
    }

    [Test]
    public void The_runtime_takes_the_index_once_and_answers_from_it()
    {
        var index = JsiiTypeIndex.Build(Program.JsiiAssemblies())!;
        var cache = NewRuntimeCache();
        var services = new OneService(Runtime.GetType("Amazon.JSII.Runtime.Services.ITypeCache", throwOnError: true)!, cache);

        Assert.That(JsiiTypeIndex.HandOver(services, index), Is.True, "the runtime's cache has the fields the index fills");
        Assert.Multiple(() =>
        {
            Assert.That(Field<ISet<string>>(cache, "_assemblies"), Does.Contain(typeof(HashiCorp.Cdktf.Providers.Databricks.Provider.DatabricksProvider).Assembly.FullName));
            Assert.That(Lookup(cache, "TryGetClassType", "@cdktf/provider-databricks.schema.Schema"), Is.EqualTo(typeof(HashiCorp.Cdktf.Providers.Databricks.Schema.Schema)));
            Assert.That(Lookup(cache, "TryGetInterfaceType", "cdktf.ITerraformDependable"), Is.EqualTo(typeof(HashiCorp.Cdktf.ITerraformDependable)));
            Assert.That(Lookup(cache, "TryGetClassType", "cdktf.ITerraformDependable"), Is.Null, "an interface is not a class, as before");
            Assert.That(JsiiTypeIndex.HandOver(services, index), Is.False, "a cache that holds types is left alone");
        });
    }

    [Test]
    public void An_assembly_without_the_jsii_runtime_among_its_references_is_covered_without_reading_its_types()
    {
        var index = JsiiTypeIndex.Build([typeof(System.Text.Json.JsonSerializer).Assembly, typeof(HashiCorp.Cdktf.App).Assembly])!;
        Assert.Multiple(() =>
        {
            Assert.That(index.Assemblies, Has.Count.EqualTo(2));
            Assert.That(index.Types.Values.Select(t => t.Assembly).Distinct(), Is.EqualTo(new[] { typeof(HashiCorp.Cdktf.App).Assembly }));
        });
    }

    [Test]
    public void Assemblies_loaded_after_the_index_was_built_are_covered_when_they_cannot_hold_jsii_types()
    {
        // Built over the bindings alone: every other loaded assembly is one the index did not see.
        Assembly[] bindings = [typeof(HashiCorp.Cdktf.Providers.Databricks.Provider.DatabricksProvider).Assembly, typeof(HashiCorp.Cdktf.App).Assembly, typeof(Constructs.Construct).Assembly, Runtime];
        var index = JsiiTypeIndex.Build(bindings)!;
        var cache = NewRuntimeCache();
        var services = new OneService(Runtime.GetType("Amazon.JSII.Runtime.Services.ITypeCache", throwOnError: true)!, cache);

        Assert.That(JsiiTypeIndex.HandOver(services, index), Is.True);
        var covered = Field<ISet<string>>(cache, "_assemblies");
        Assert.Multiple(() =>
        {
            Assert.That(covered, Does.Contain(typeof(Newtonsoft.Json.JsonConvert).Assembly.FullName), "the runtime's JSON library holds no jsii type");
            Assert.That(covered, Does.Contain(typeof(System.Text.Json.JsonSerializer).Assembly.FullName));
            Assert.That(covered, Does.Not.Contain(typeof(CdkInfra.Course.CourseWorkspace).Assembly.FullName),
                "the construct library references the jsii runtime: the runtime reads it itself");
            Assert.That(covered, Does.Not.Contain(typeof(Program).Assembly.FullName), "nor the app");
        });
    }

    /// <summary>A new instance of the runtime's own type cache, as its service container makes it.</summary>
    private static object NewRuntimeCache() =>
        Activator.CreateInstance(Runtime.GetType("Amazon.JSII.Runtime.Services.TypeCache", throwOnError: true)!, NullLoggerFactory.Instance)!;

    private static Type? Lookup(object cache, string method, string name) =>
        (Type?)cache.GetType().GetMethod(method)!.Invoke(cache, [name]);

    private static T Field<T>(object cache, string name) =>
        (T)cache.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(cache)!;

    private sealed class OneService(Type type, object service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == type ? service : null;
    }
}
