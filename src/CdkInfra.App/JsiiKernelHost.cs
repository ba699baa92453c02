using System.Reflection;
using Amazon.JSII.Runtime.Deputy;

namespace CdkInfra.App;

/// <summary>
/// Runs the jsii kernel in the one Node process the runtime starts, instead of two.
/// <para>
/// The .NET runtime (<c>Amazon.JSII.Runtime</c> 1.140.0) starts <c>node</c> with its entry point
/// <c>bin/jsii-runtime.js</c>, or with the script <c>JSII_RUNTIME</c> names (<c>Services/NodeProcess.cs</c>). That entry
/// point starts a second Node process for the kernel (<c>lib/program.js</c>, which talks on file descriptor 3) and
/// relays each message between the app and it. <c>jsii-kernel-in-process.js</c>, beside the app, runs the same kernel
/// program in the first process, on its standard input and output (how, in the script). The program is the runtime's
/// own, written from the runtime assembly's resources into a folder of this run, deleted at the end. Measured at 8
/// users: 0.90 of the app's time (docs/benchmark.md).
/// </para>
/// <para>
/// Left as it was when the user set <c>JSII_RUNTIME</c> themselves, when the script or the runtime's program is not
/// there (another runtime version names its resources otherwise), or when the script's path holds a double quote
/// (the runtime passes <c>JSII_RUNTIME</c> inside its command line).
/// </para>
/// </summary>
internal static class JsiiKernelHost
{
    /// <summary>The script, copied beside the app by the build.</summary>
    public const string Script = "jsii-kernel-in-process.js";

    /// <summary>Where the script finds the kernel program.</summary>
    public const string ProgramVariable = "CDKINFRA_JSII_PROGRAM";

    /// <summary>The runtime's own setting for its entry point.</summary>
    public const string RuntimeVariable = "JSII_RUNTIME";

    /// <summary>The runtime's bundled kernel, as the runtime names its resources (<c>jsii-runtime/lib/*.js</c>).</summary>
    private const string ResourcePrefix = "Amazon.JSII.Runtime.jsii_runtime.lib.";

    private static readonly Assembly Runtime = typeof(DeputyBase).Assembly;

    /// <summary>
    /// Sets the environment the runtime starts Node with, so that the kernel runs in one process. Returns the folder of
    /// this run's kernel program, to be deleted once Node has ended, or null when nothing was changed.
    /// </summary>
    public static string? Prepare()
    {
        var script = ScriptPath;
        if (Environment.GetEnvironmentVariable(RuntimeVariable) is { Length: > 0 } || !File.Exists(script) || script.Contains('"')
            || !Resources().Contains(ResourcePrefix + "program.js"))
        {
            return null;
        }

        var folder = Directory.CreateTempSubdirectory("cdkinfra-jsii-").FullName;
        Environment.SetEnvironmentVariable(ProgramVariable, WriteProgram(folder));
        // The flag the usual entry point starts the kernel's process with (bin/jsii-runtime.js). The kernel then links
        // each package's folder into its own instead of linking every file (@jsii/kernel, src/link.ts, reads
        // process.execArgv, where NODE_OPTIONS does not show: 3,000 hard links a run that way, measured), and Node
        // resolves their modules from the links. The runtime puts the setting into Node's command line as it is.
        Environment.SetEnvironmentVariable(RuntimeVariable, $"--preserve-symlinks \"{script}\"");
        return folder;
    }

    /// <summary>The script's path beside the app.</summary>
    internal static string ScriptPath => Path.Combine(AppContext.BaseDirectory, Script);

    /// <summary>Writes the runtime's kernel program into <paramref name="folder"/> and returns its path.</summary>
    internal static string WriteProgram(string folder)
    {
        foreach (var resource in Resources())
        {
            // lib/program.js and the worker it starts (lib/runtime-index-worker.js), by their names under lib/.
            using var source = Runtime.GetManifestResourceStream(resource)!;
            using var target = File.Create(Path.Combine(folder, resource[ResourcePrefix.Length..]));
            source.CopyTo(target);
        }

        return Path.Combine(folder, "program.js");
    }

    private static List<string> Resources() =>
        Runtime.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal))
            .ToList();
}
