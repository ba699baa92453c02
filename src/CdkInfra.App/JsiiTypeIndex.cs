using System.Reflection;
using Amazon.JSII.Runtime.Deputy;

namespace CdkInfra.App;

/// <summary>
/// The index from jsii names to .NET types that the jsii runtime builds on its first lookup, built ahead from metadata.
/// <para>
/// The runtime (<c>Amazon.JSII.Runtime</c> 1.140.0, <c>Services/TypeCache.cs</c>: <c>Refresh</c>, <c>CacheTypes</c>)
/// reads every type of every loaded assembly and constructs each one's jsii attribute to learn its name. Constructing
/// one is not cheap: <c>JsiiTypeAttributeBase</c>'s constructor checks its assembly's package (<c>Load</c>: the assembly's
/// name and a scan of the loaded packages) and <c>JsiiClassAttribute</c>'s parses its parameters' JSON. For the
/// provider's some 6,000 jsii types that was 150 to 270 ms on the app's main thread, at its first call into jsii.
/// The same names are in the attributes' constructor arguments, which <see cref="CustomAttributeData"/> reads without
/// constructing anything (about 0.1 s here), and the main thread has that time while it waits for Node to start.
/// </para>
/// <para>
/// The index is handed to the runtime's own cache through its private fields: the cache then skips the assemblies it
/// holds and reads any assembly loaded later itself, as before. Where the fields are not what this runtime has (another
/// version), or the scan finds what the runtime would refuse (one name on two types), nothing is handed over and the
/// runtime builds its index as it always did: the cost returns, the behaviour never changes. The tests compare the index
/// with the runtime's own, type by type, and check that the hand-over happens.
/// </para>
/// </summary>
internal static class JsiiTypeIndex
{
    /// <summary>The suffix the runtime gives a proxy type's name in its cache (<c>TypeCache.ProxySuffix</c>).</summary>
    private const string ProxySuffix = "$Proxy";

    private static readonly Assembly Runtime = typeof(DeputyBase).Assembly;

    private static readonly string? RuntimeName = Runtime.GetName().Name;

    /// <summary>The index and the assemblies it covers.</summary>
    internal sealed record Index(IReadOnlyDictionary<string, Type> Types, IReadOnlyList<Assembly> Assemblies);

    /// <summary>
    /// The jsii name of every type in <paramref name="assemblies"/>, as the runtime names them (a proxy's name with
    /// <c>$Proxy</c>). An assembly that does not reference the jsii runtime holds no jsii type and is covered without
    /// reading its types. Null when a name is on two types (the runtime's own scan reports that).
    /// </summary>
    public static Index? Build(IEnumerable<Assembly> assemblies)
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        var covered = new List<Assembly>();
        foreach (var assembly in assemblies)
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            covered.Add(assembly);
            if (!MayHoldJsiiTypes(assembly))
            {
                continue;
            }

            foreach (var type in TypesOf(assembly))
            {
                var name = JsiiName(type);
                if (name is not null && !types.TryAdd(name, type))
                {
                    return null;
                }
            }
        }

        return new Index(types, covered);
    }

    /// <summary>
    /// Hands <paramref name="index"/> to the runtime's type cache among <paramref name="services"/>, if that cache has
    /// read nothing yet. True when it was handed over. Assemblies loaded since the index was built (the runtime's own
    /// services load a dozen while Node starts: its JSON and logging libraries, pipes, processes) are covered too when
    /// they do not reference the jsii runtime: the runtime's first lookup would otherwise read every type of each (some
    /// 20 to 40 ms) to find none. One that does reference it is left for the runtime to read, as before.
    /// </summary>
    public static bool HandOver(IServiceProvider services, Index index)
    {
        var cacheInterface = Runtime.GetType("Amazon.JSII.Runtime.Services.ITypeCache");
        var cache = cacheInterface is null ? null : services.GetService(cacheInterface);
        if (cache is null)
        {
            return false;
        }

        const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
        var type = cache.GetType();
        if (type.GetField("_assemblies", Private)?.GetValue(cache) is not ISet<string> assemblies
            || type.GetField("_types", Private)?.GetValue(cache) is not IDictionary<string, Type> types
            || type.GetField("_lock", Private)?.GetValue(cache) is not { } gate)
        {
            return false;
        }

        lock (gate)
        {
            if (assemblies.Count > 0 || types.Count > 0)
            {
                return false;
            }

            foreach (var (name, found) in index.Types)
            {
                types[name] = found;
            }

            foreach (var assembly in index.Assemblies)
            {
                assemblies.Add(assembly.FullName!);
            }

            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && !MayHoldJsiiTypes(loaded))
                {
                    assemblies.Add(loaded.FullName!);
                }
            }
        }

        return true;
    }

    /// <summary>
    /// False for an assembly that holds no jsii type: the jsii attributes are the runtime's, so an assembly that does not
    /// reference it cannot carry one.
    /// </summary>
    private static bool MayHoldJsiiTypes(Assembly assembly) =>
        assembly == Runtime || assembly.GetReferencedAssemblies().Any(r => r.Name == RuntimeName);

    /// <summary>The runtime's name for <paramref name="type"/> (the first argument after the native type of its jsii attribute), or null.</summary>
    internal static string? JsiiName(Type type)
    {
        foreach (var attribute in type.GetCustomAttributesData())
        {
            if (!attribute.AttributeType.IsSubclassOf(typeof(JsiiTypeAttributeBase)))
            {
                continue;
            }

            // Every jsii type attribute's constructor takes (Type nativeType, string fullyQualifiedName, ...).
            var name = attribute.ConstructorArguments.Count > 1 ? attribute.ConstructorArguments[1].Value as string : null;
            return name is null ? null : attribute.AttributeType == typeof(JsiiTypeProxyAttribute) ? name + ProxySuffix : name;
        }

        return null;
    }

    /// <summary>The assembly's types, as the runtime reads them (those that failed to load left out).</summary>
    private static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
