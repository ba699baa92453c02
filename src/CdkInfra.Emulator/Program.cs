using System.Text.Json.Nodes;
using CdkInfra.Emulator.Provider;
using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Workspace;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CdkInfra.Emulator;

/// <summary>
/// The command line:
/// <c>serve [--dir .emulator] [--socket PATH]</c> runs the provider and prints the TF_REATTACH_PROVIDERS value;
/// <c>seed FILE [--profile FILE] [--dir .emulator]</c> replaces the workspace with the one a seed file describes (the
/// profile's keys added where the seed has none);
/// <c>reset [--dir .emulator]</c> removes the workspace; <c>schema</c> prints the provider schema JSON.
/// </summary>
internal static class Program
{
    private const string ProviderAddress = "registry.terraform.io/databricks/databricks";

    public static int Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "serve";
        var dir = Path.GetFullPath(Option(args, "--dir") ?? ".emulator");
        try
        {
            switch (command)
            {
                case "serve":
                    return Serve(dir, Option(args, "--socket"));
                case "seed":
                    {
                        var file = args.Length > 1 ? args[1] : throw new ArgumentException("seed: a seed file is required");
                        var schema = ProviderSchema.Load();
                        var workspace = new WorkspaceModel(schema, dir);
                        var behaviour = new Behaviour(schema, workspace);
                        var seed = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
                        if (Option(args, "--profile") is { } profileFile)
                        {
                            // A profile's keys describe the kind of workspace; the seed's own keys win where both set one.
                            foreach (var (key, value) in JsonNode.Parse(File.ReadAllText(profileFile))!.AsObject())
                            {
                                if (!seed.ContainsKey(key) && key != "//")
                                {
                                    seed[key] = value?.DeepClone();
                                }
                            }
                        }

                        workspace.Seed(seed, behaviour.NewCluster);
                        workspace.SaveIfChanged();
                        Console.WriteLine($"emulator: workspace seeded from {file} into {workspace.FilePath}");
                        return 0;
                    }

                case "reset":
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir, recursive: true);
                    }

                    Console.WriteLine($"emulator: workspace reset ({dir} removed)");
                    return 0;
                case "schema":
                    Console.WriteLine(ProviderSchema.RawJson());
                    return 0;
                default:
                    Console.Error.WriteLine($"emulator: unknown command '{command}' (serve, seed FILE, reset, schema)");
                    return 2;
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"emulator: {e.Message}");
            return 2;
        }
    }

    private static int Serve(string dir, string? socket)
    {
        Directory.CreateDirectory(dir);
        socket = Path.GetFullPath(socket ?? Path.Combine(dir, "provider.sock"));
        if (File.Exists(socket))
        {
            File.Delete(socket);
        }

        var schema = ProviderSchema.Load();
        var workspace = WorkspaceModel.Open(schema, dir);
        var calls = new CallCounter();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 256 * 1024 * 1024;
            o.Interceptors.Add<ErrorLogInterceptor>();
        });
        builder.Services.AddSingleton(schema);
        builder.Services.AddSingleton(workspace);
        builder.Services.AddSingleton(calls);
        // One service for all calls: it remembers which connections belong to an account-level provider.
        builder.Services.AddSingleton<ProviderService>();
        var app = builder.Build();
        app.MapGrpcService<ProviderService>();

        // One flush at a time: under load a save can outlast the timer's period, and two writers of the same file make
        // .NET's advisory file lock throw in a timer thread, which would end the process in the middle of a plan.
        var flushing = new object();
        void Flush(bool now)
        {
            lock (flushing)
            {
                workspace.SaveIfChanged(now);
                // Written beside and moved into place, as the workspace is: a reader (the benchmarks read it between
                // Terraform steps) never sees the file half-written.
                var path = Path.Combine(dir, "calls.json");
                File.WriteAllText(path + ".tmp", calls.ToJson());
                File.Move(path + ".tmp", path, overwrite: true);
            }
        }

        void FlushInBackground()
        {
            if (!Monitor.TryEnter(flushing))
            {
                return;
            }

            try
            {
                Flush(now: false);
            }
            catch (IOException e)
            {
                // The next tick saves again; the final flush at shutdown is not caught.
                Console.Error.WriteLine($"emulator: save deferred: {e.Message}");
            }
            finally
            {
                Monitor.Exit(flushing);
            }
        }

        using var timer = new Timer(_ => FlushInBackground(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // "Test": true keeps Terraform from stopping the process after each command, so one server serves them all.
            var reattach = new JsonObject
            {
                [ProviderAddress] = new JsonObject
                {
                    ["Protocol"] = "grpc",
                    ["ProtocolVersion"] = 6,
                    ["Pid"] = Environment.ProcessId,
                    ["Test"] = true,
                    ["Addr"] = new JsonObject { ["Network"] = "unix", ["String"] = socket },
                },
            }.ToJsonString();
            File.WriteAllText(Path.Combine(dir, "reattach.json"), reattach);
            Console.WriteLine(reattach);
        });
        app.Lifetime.ApplicationStopping.Register(() => Flush(now: true));
        app.Run();
        Flush(now: true);
        File.Delete(Path.Combine(dir, "reattach.json"));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
