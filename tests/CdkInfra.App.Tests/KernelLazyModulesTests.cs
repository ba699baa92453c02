using System.Diagnostics;
using System.Text.Json.Nodes;
using CdkInfra.Tests.TestSupport;

namespace CdkInfra.App.Tests;

/// <summary>
/// The module the app preloads into the jsii kernel's Node processes (kernel-lazy-modules.js): the provider package
/// and CDKTF's archiver load on first use, and what uses them works as before. Run in Node with the project's own
/// packages, as the kernel loads them.
/// </summary>
public sealed class KernelLazyModulesTests
{
    // What a package's modules look like in Node's module cache, and a use of each: the provider's job module, CDKTF's
    // version check (semver) and its archiveSync (it zips a folder in a Node process of its own, which inherits
    // NODE_OPTIONS as in the kernel).
    private const string Probe = """
        const fs = require('fs');
        const path = require('path');
        const loaded = (part) => Object.keys(require.cache).some((file) => file.includes(part));
        const archiverPart = `${path.sep}archiver${path.sep}`;
        const jobPart = path.join('provider-databricks', 'lib', 'job', 'index.js');
        const result = {};
        const semverPart = `${path.sep}semver${path.sep}`;
        require('cdktf');
        result.archiverOnLoad = loaded(archiverPart);
        result.semverOnLoad = loaded(semverPart);
        const provider = require('@cdktf/provider-databricks');
        result.providerModule = path.basename(require.resolve('@cdktf/provider-databricks'));
        result.jobBeforeUse = loaded(jobPart);
        result.jobClass = typeof provider.job.Job;
        result.jobAfterUse = loaded(jobPart);
        const lib = path.dirname(require.resolve('cdktf'));
        const { ValidateBinaryVersion } = require(path.join(lib, 'validations', 'validate-binary-version.js'));
        result.versionMet = new ValidateBinaryVersion('node', '>=1.0.0', 'node --version').validate();
        result.versionNotMet = new ValidateBinaryVersion('node', '>=999.0.0', 'node --version').validate();
        result.semverAfterUse = loaded(semverPart);
        const { archiveSync } = require(path.join(lib, 'private', 'fs.js'));
        const [source, zip] = process.argv.slice(2);
        archiveSync(source, zip);
        result.zipSignature = fs.readFileSync(zip).subarray(0, 2).toString('latin1');
        result.zipHoldsFile = fs.readFileSync(zip).includes(Buffer.from('lesson.py'));
        console.log(JSON.stringify(result));
        """;

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("cdkinfra-lazy-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void With_the_module_preloaded_the_provider_archiver_and_semver_load_on_first_use_and_still_work()
    {
        var result = RunProbe(preload: true);
        Assert.Multiple(() =>
        {
            Assert.That(result["archiverOnLoad"]!.GetValue<bool>(), Is.False, "CDKTF loads without archiver");
            Assert.That(result["semverOnLoad"]!.GetValue<bool>(), Is.False, "and without semver");
            Assert.That(result["versionMet"]!.AsArray(), Is.Empty, "the version check still compares versions");
            Assert.That(result["versionNotMet"]!.AsArray().Single()!.GetValue<string>(), Does.Contain("is lower than the required version >=999.0.0"));
            Assert.That(result["semverAfterUse"]!.GetValue<bool>(), Is.True);
            Assert.That(result["providerModule"]!.GetValue<string>(), Is.EqualTo("lazy-index.js"));
            Assert.That(result["jobBeforeUse"]!.GetValue<bool>(), Is.False, "the job module waits for its first use");
            Assert.That(result["jobClass"]!.GetValue<string>(), Is.EqualTo("function"));
            Assert.That(result["jobAfterUse"]!.GetValue<bool>(), Is.True);
            Assert.That(result["zipSignature"]!.GetValue<string>(), Is.EqualTo("PK"), "an ARCHIVE asset is still zipped");
            Assert.That(result["zipHoldsFile"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public void Without_it_both_load_with_their_packages_main_modules()
    {
        // The probe's checks see the difference: the packages as published load everything at once.
        var result = RunProbe(preload: false);
        Assert.Multiple(() =>
        {
            Assert.That(result["archiverOnLoad"]!.GetValue<bool>(), Is.True);
            Assert.That(result["semverOnLoad"]!.GetValue<bool>(), Is.True);
            Assert.That(result["providerModule"]!.GetValue<string>(), Is.EqualTo("index.js"));
            Assert.That(result["jobBeforeUse"]!.GetValue<bool>(), Is.True);
            Assert.That(result["zipSignature"]!.GetValue<string>(), Is.EqualTo("PK"));
        });
    }

    private JsonObject RunProbe(bool preload)
    {
        var probe = Path.Combine(_folder, "probe.js");
        File.WriteAllText(probe, Probe);
        var source = Path.Combine(_folder, "material");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "lesson.py"), "# Databricks notebook source\nprint(1)\n");
        var start = new ProcessStartInfo("node", [probe, source, Path.Combine(_folder, "material.zip")])
        {
            // The project's node_modules, as the probe resolves its packages from the working folder's.
            WorkingDirectory = TestEnvironment.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NODE_PATH"] = Path.Combine(TestEnvironment.RepoRoot, "node_modules");
        start.Environment["NODE_OPTIONS"] = preload ? $"--require \"{Program.LazyModulesPath}\"" : "";
        using var node = Process.Start(start)!;
        var error = node.StandardError.ReadToEndAsync();
        var output = node.StandardOutput.ReadToEnd();
        Assert.That(node.WaitForExit(60_000), Is.True, "the probe ends");
        Assert.That(node.ExitCode, Is.Zero, error.Result);
        return JsonNode.Parse(output)!.AsObject();
    }
}
