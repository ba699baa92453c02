using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CdkInfra.App.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>
/// The jsii kernel in the one Node process the runtime starts (JsiiKernelHost, jsii-kernel-in-process.js), checked
/// against the runtime's side of the conversation (Amazon.JSII.Runtime, Services/NodeProcess.cs): the kernel's messages
/// on standard input and output, the kernel's hello first; what the packages print as the JSON lines the runtime decodes
/// on standard error ({"stdout": base64}, {"stderr": base64}, as bin/jsii-runtime.js sends them); {"exit": 0} ends it.
/// </summary>
public sealed class JsiiKernelHostTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("cdkinfra-kernel-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void The_kernel_talks_on_standard_input_and_output_and_what_packages_print_reaches_standard_error_as_the_runtime_reads_it()
    {
        // Stands for a package that prints once the kernel runs: it prints as the script loads the kernel's program.
        var printer = Path.Combine(_folder, "printer.js");
        File.WriteAllText(printer, """
            const Module = require('module');
            const load = Module._load;
            Module._load = function (request, ...rest) {
              if (request.endsWith('program.js')) {
                console.log('from a package');
                process.stderr.write('a warning\n');
                // More than a pipe holds: written whole whatever the reader's pace.
                process.stdout.write('x'.repeat(300000) + '\n');
              }
              return load.call(this, request, ...rest);
            };
            """);
        using var node = StartKernel(["--require", printer]);
        var errorRead = node.StandardError.ReadToEndAsync();
        var hello = node.StandardOutput.ReadLine();
        node.StandardInput.WriteLine("""{"exit":0}""");
        node.StandardInput.Close();
        var rest = node.StandardOutput.ReadToEnd();
        var error = errorRead.Result;
        Assert.That(node.WaitForExit(30_000), Is.True, "the kernel ends on {\"exit\": 0}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(node.ExitCode, Is.EqualTo(0), error);
            Assert.That(JsonNode.Parse(hello!)!["hello"]!.GetValue<string>(), Does.StartWith("@jsii/runtime@"));
            Assert.That(rest, Is.Empty, "nothing but the kernel's messages on standard output");
            Assert.That(lines.Select(Decode), Is.EqualTo(new[]
            {
                ("stdout", "from a package\n"), ("stderr", "a warning\n"), ("stdout", new string('x', 300_000) + "\n"),
            }));
        });
    }

    [Test]
    public void With_a_times_file_the_kernel_notes_each_message_by_name_and_never_its_arguments()
    {
        var times = Path.Combine(_folder, "times.tsv");
        using var node = StartKernel([], ("CDKINFRA_KERNEL_TIMES", times));
        var errorRead = node.StandardError.ReadToEndAsync();
        _ = node.StandardOutput.ReadLine();
        node.StandardInput.WriteLine("""{"api":"stats"}""");
        var stats = node.StandardOutput.ReadLine();
        // The kernel answers these with an error (no package is loaded); their arguments must not reach the file either
        // way, even where they hold a key the file names messages by.
        node.StandardInput.WriteLine("""{"api":"sinvoke","fqn":"cdktf.Fn","method":"lower","args":["Ana.Secret@example.com"]}""");
        _ = node.StandardOutput.ReadLine();
        node.StandardInput.WriteLine("""{"api":"create","fqn":"cdktf.App","args":[{"$jsii.map":{"method":"Bo.Secret@example.com"}}],"overrides":[]}""");
        _ = node.StandardOutput.ReadLine();
        node.StandardInput.WriteLine("""{"exit":0}""");
        node.StandardInput.Close();
        _ = node.StandardOutput.ReadToEnd();
        Assert.That(node.WaitForExit(30_000), Is.True, errorRead.Result);

        var lines = File.ReadAllLines(times);
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(stats!)!["ok"]!["objectCount"]!.GetValue<int>(), Is.Zero, "the kernel answered as always");
            Assert.That(lines[0], Is.EqualTo("waited_ms\tworked_ms\tmessage"));
            Assert.That(lines.Skip(1).Select(l => l.Split('\t')[2]), Is.EqualTo(new[] { "stats", "sinvoke cdktf.Fn lower", "create cdktf.App", "exit" }));
            Assert.That(lines.Skip(1).SelectMany(l => l.Split('\t').Take(2)).Select(n => double.Parse(n, System.Globalization.CultureInfo.InvariantCulture)), Is.All.GreaterThanOrEqualTo(0));
            Assert.That(File.ReadAllText(times), Does.Not.Contain("Secret"));
        });
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_app_starts_Node_once_with_the_kernel_in_it()
    {
        var project = AppProcess.CreateProject("cdkinfra-kernel-app-");
        try
        {
            // JSII_NODE is the command the runtime starts Node with: this one notes its arguments first.
            var log = Path.Combine(_folder, "node.log");
            var node = Path.Combine(_folder, "node.sh");
            File.WriteAllText(node, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nexec node \"$@\"\n");
            File.SetUnixFileMode(node, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var (exit, _, error) = AppProcess.Run(project, new() { ["JSII_NODE"] = node });
            Assert.That(exit, Is.EqualTo(0), error);
            var started = File.ReadAllLines(log);
            Assert.Multiple(() =>
            {
                Assert.That(started, Has.Length.EqualTo(1));
                Assert.That(started[0], Does.Contain("--preserve-symlinks").And.EndsWith(JsiiKernelHost.Script));
                Assert.That(Directory.GetDirectories(Path.GetTempPath(), "cdkinfra-jsii-*").Where(d => Directory.GetCreationTimeUtc(d) > DateTime.UtcNow.AddMinutes(-1)), Is.Empty,
                    "this run's copy of the kernel program is gone");
            });
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    /// <summary>
    /// Node running the script with the runtime's kernel program written into the test's folder, as the runtime starts
    /// it (<see cref="JsiiKernelHost.Prepare"/>), <paramref name="options"/> before the script.
    /// </summary>
    private Process StartKernel(string[] options, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("node", ["--preserve-symlinks", .. options, JsiiKernelHost.ScriptPath])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[JsiiKernelHost.ProgramVariable] = JsiiKernelHost.WriteProgram(_folder);
        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static (string Stream, string Text) Decode(string line)
    {
        var entry = JsonNode.Parse(line)!.AsObject().Single();
        return (entry.Key, Encoding.UTF8.GetString(Convert.FromBase64String(entry.Value!.GetValue<string>())));
    }
}
