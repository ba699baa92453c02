using System.Reflection;
using Amazon.JSII.Runtime.Services;
using CdkInfra.App.Stacks;
using CdkInfra.Course;
using CdkInfra.Policy;
using CdkInfra.Settings;
using CdkInfra.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace CdkInfra.App;

/// <summary>Reads the settings and the roster, then synthesizes every stack into the output folder.</summary>
public static class Program
{
    /// <summary>Exit code for invalid input: nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>Entry point. Run from the project folder (where <c>cdktf.json</c> is).</summary>
    public static int Main()
    {
        // CDKTF creates its output folder as soon as the App exists, and constructs check what only they can (schema
        // name collisions, reserved names, course material) after that. So the app synthesizes into a staging folder
        // beside the output and swaps it in only when everything succeeded: bad input leaves the previous output as it was.
        var outdir = Path.GetFullPath(Environment.GetEnvironmentVariable("CDKTF_OUTDIR") is { Length: > 0 } o ? o : "cdktf.out");
        var staging = $"{outdir}.staging-{Environment.ProcessId}";
        try
        {
            var summary = Synthesize(staging);
            if (Directory.Exists(outdir))
            {
                Directory.Delete(outdir, recursive: true);
            }

            Directory.Move(staging, outdir);
            Console.Error.WriteLine(summary);
            return 0;
        }
        catch (InputValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return InvalidInput;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            // Ends Node and deletes the runtime's temporary folders (the kernel's bundle and the packages' tarballs,
            // about 8 MB a run), which the runtime's own services, built on first use and never disposed, leave behind.
            _jsii?.Dispose();
            if (_kernelFolder is not null && Directory.Exists(_kernelFolder))
            {
                Directory.Delete(_kernelFolder, recursive: true);
            }
        }
    }

    /// <summary>This run's copy of the jsii kernel program, when it runs in one Node process (JsiiKernelHost).</summary>
    private static string? _kernelFolder;

    private static ServiceProvider? _jsii;

    /// <summary>How long the runtime's start and the packages' loading took, on their own thread (the profile).</summary>
    private static TimeSpan _jsiiStarted, _jsiiLoaded;

    /// <summary>
    /// Starts the jsii runtime (Node and the kernel) and loads the packages into the kernel: what the first construct
    /// would otherwise do, on the thread that creates it.
    /// </summary>
    private static void StartJsii()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RequireModulesLazily();
        _kernelFolder = JsiiKernelHost.Prepare();
        // The runtime's services as it builds them itself on first use, but kept, to be disposed (Main).
        var services = ServiceContainer.BuildServiceProvider();
        _jsii = services;
        ServiceContainer.ServiceProviderOverride = services;
        _jsiiStarted = clock.Elapsed;
        // Reading a jsii type's attribute loads its assembly's package into the kernel, after those it depends on.
        _ = typeof(HashiCorp.Cdktf.Providers.Databricks.Provider.DatabricksProvider).GetCustomAttributes(inherit: false);
        _jsiiLoaded = clock.Elapsed - _jsiiStarted;
    }

    /// <summary>Every assembly loaded once the packages' bindings are: the provider's, CDKTF's and the constructs'.</summary>
    internal static Assembly[] JsiiAssemblies()
    {
        Assembly[] bindings = [typeof(HashiCorp.Cdktf.Providers.Databricks.Provider.DatabricksProvider).Assembly, typeof(HashiCorp.Cdktf.App).Assembly, typeof(Constructs.Construct).Assembly];
        return [.. bindings.Union(AppDomain.CurrentDomain.GetAssemblies())];
    }

    /// <summary>
    /// Packages load on first use in the kernel's Node processes (kernel-lazy-modules.js, preloaded through
    /// NODE_OPTIONS): the provider package, whose main module loads every one of its 249 resource and data source
    /// modules (about 0.4 s of Node's time and 60 MB) where its own lazy index loads each on first use; and two packages
    /// that CDKTF loads with everything else but calls only for what the app does not do: archiver (zipping an asset
    /// of type ARCHIVE, some 60 ms) and semver (a version check for stacks that move resources, some 15 ms). The
    /// synthesized output is the same.
    /// </summary>
    private static void RequireModulesLazily()
    {
        var module = LazyModulesPath;
        // NODE_OPTIONS takes a double-quoted path; one that holds a quote or a backslash is left alone.
        if (!File.Exists(module) || module.Contains('"') || module.Contains('\\'))
        {
            return;
        }

        var options = Environment.GetEnvironmentVariable("NODE_OPTIONS");
        Environment.SetEnvironmentVariable("NODE_OPTIONS", $"{options} --require \"{module}\"".TrimStart());
    }

    /// <summary>The module the kernel's Node processes preload (<see cref="RequireModulesLazily"/>).</summary>
    internal static string LazyModulesPath => Path.Combine(AppContext.BaseDirectory, "kernel-lazy-modules.js");

    /// <summary>
    /// The course's stacks: one (<c>course</c>) for an unsplit roster; else the base (<c>course</c>, first), one per
    /// cohort and the access stack, each depending on what it needs. Base first, then every cohort (each independent
    /// of the others), then the grants that name them all: <c>cdktf deploy '*'</c> follows these dependencies, and so
    /// do the workflows and the offline scripts.
    /// </summary>
    internal static IReadOnlyList<CourseStack> AddCourseStacks(HashiCorp.Cdktf.App app, AppSettings settings)
    {
        var cohorts = settings.Course.CohortNames();
        var course = new CourseStack(app, CourseStack.BaseId, settings, cohorts.Count == 0 ? CourseStack.Kind.Whole : CourseStack.Kind.Base);
        var stacks = new List<CourseStack> { course };
        if (cohorts.Count > 0)
        {
            foreach (var cohort in cohorts)
            {
                var stack = new CourseStack(app, CourseStack.CohortId(cohort), settings, CourseStack.Kind.Cohort, cohort);
                stack.AddDependency(course);
                stacks.Add(stack);
            }

            var access = new CourseStack(app, CourseStack.AccessId, settings, CourseStack.Kind.Access);
            foreach (var dependency in stacks.ToList())
            {
                access.AddDependency(dependency);
            }

            stacks.Add(access);
        }

        return stacks;
    }

    /// <summary>
    /// With <c>CDKINFRA_PROFILE=1</c>, how long each phase of a synthesis took, on standard error (docs/benchmark.md
    /// reads it): time since the process started, then settings, the jsii runtime's start, each kind of stack, writing.
    /// </summary>
    internal const string ProfileVariable = "CDKINFRA_PROFILE";

    private static string Synthesize(string outdir)
    {
        var profile = Environment.GetEnvironmentVariable(ProfileVariable) == "1" ? new Phases() : null;
        profile?.Mark("process start to Main", System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime());
        // Node and the jsii kernel start, and load the packages, on another thread while this one reads the settings:
        // both take a few hundred milliseconds and neither needs the other. The jsii client is not thread-safe: nothing
        // on this thread may call into jsii (create a construct, a token) before the runtime task has ended.
        var runtime = Task.Run(StartJsii);
        AppSettings settings;
        try
        {
            settings = AppSettings.Load(Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable(AppSettings.ContextEnvironmentVariable));
        }
        catch
        {
            // Invalid settings are the error to report, whatever became of the runtime.
            ((IAsyncResult)runtime).AsyncWaitHandle.WaitOne();
            throw;
        }

        profile?.Mark("settings and roster (the jsii runtime starting beside them)");
        // While Node starts: the index of jsii types that the runtime's first call would otherwise build (JsiiTypeIndex).
        var index = JsiiTypeIndex.Build(JsiiAssemblies());
        profile?.Mark("jsii type index read from metadata");
        runtime.GetAwaiter().GetResult();
        if (index is not null && _jsii is not null)
        {
            JsiiTypeIndex.HandOver(_jsii, index);
        }

        var app = new HashiCorp.Cdktf.App(new HashiCorp.Cdktf.AppConfig { Outdir = outdir });
        profile?.Mark("jsii runtime and App (the rest of the runtime's start, the first call)");
        var stacks = AddCourseStacks(app, settings);
        var course = stacks[0];
        var cohorts = settings.Course.CohortNames();
        profile?.Mark("course stacks (material scan included)");
        _ = new CodingAssistantsStack(app, "coding-assistants", settings);
        profile?.Mark("coding-assistants stack");
        app.Synth();
        profile?.Mark("synthesis (JSON through jsii)");
        // Beside the stack's Terraform (which ignores .md files): who can do what, for a person to check.
        File.WriteAllText(Path.Combine(outdir, "stacks", "course", AccessMatrix.FileName), AccessMatrix.Render(settings.Course, course.Policy, CourseSettingNames.Instance));
        profile?.Mark("access matrix");
        profile?.Print();
        profile?.PrintBeside(("Node and the jsii kernel started", _jsiiStarted), ("constructs, cdktf and the provider loaded into the kernel", _jsiiLoaded));
        var content = course.Content is { } c
            ? $"; {c.NotebookPaths.Count} notebooks, {c.DataFilePaths.Count} data files, {c.PackageFilePaths.Count} package files"
            : "";
        var split = cohorts.Count == 0 ? "" : $" in {cohorts.Count} cohorts";
        var people = course.SchemaNameByUser.Count;
        var hints = ScaleHints(settings.Course, people, cohorts.Count).Select(h => Environment.NewLine + h);
        return $"course: {people} users from {settings.UsersFile}{split}{content}" + string.Concat(hints);
    }

    /// <summary>Roster sizes from which one choice makes Terraform's plan slow (figures: docs/benchmark.md).</summary>
    internal const int LargeRoster = 500;

    /// <summary>
    /// Notes for a roster large enough that the settings make every plan slow: synthesis succeeds either way, but the
    /// person who runs it should hear why a plan takes minutes before they wait for one.
    /// </summary>
    internal static IEnumerable<string> ScaleHints(CourseWorkspaceProps course, int people, int cohorts)
    {
        if (people <= LargeRoster)
        {
            yield break;
        }

        if (course.EffectivePrincipals == PrincipalMode.Users)
        {
            var catalogs = course.ReferenceCatalogs.Count + 1;
            yield return $"note: {people} users with principals \"users\": each of them has a grant on each of the {catalogs} catalogs, " +
                $"{people * catalogs} grants that every plan reads back one by one; account groups need two grants per catalog " +
                "(principals \"groups\", docs/cohorts.md#which-identity-mode-for-a-large-course)";
        }

        if (cohorts == 0)
        {
            yield return $"note: {people} users in one stack: every plan refreshes and compares all of them in one Terraform process; split the roster " +
                "with cohortSize (docs/benchmark.md measures cohorts of 100) so the deploy workflow plans the cohorts side by side (docs/cohorts.md)";
        }
    }

    /// <summary>Elapsed time per phase, measured from one mark to the next.</summary>
    private sealed class Phases
    {
        private readonly List<(string Name, TimeSpan Took)> _phases = [];
        private DateTime _last = DateTime.UtcNow;

        public void Mark(string name, DateTime? since = null)
        {
            var now = DateTime.UtcNow;
            _phases.Add((name, now - (since ?? _last)));
            _last = now;
        }

        public void Print()
        {
            foreach (var (name, took) in _phases)
            {
                Console.Error.WriteLine(System.FormattableString.Invariant($"profile: {took.TotalMilliseconds,7:F0} ms  {name}"));
            }
        }

        /// <summary>Times measured on another thread, during the phases above (not part of their sum).</summary>
        public void PrintBeside(params (string Name, TimeSpan Took)[] times)
        {
            foreach (var (name, took) in times)
            {
                Console.Error.WriteLine(System.FormattableString.Invariant($"profile, other thread: {took.TotalMilliseconds,7:F0} ms  {name}"));
            }
        }
    }
}
