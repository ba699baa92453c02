using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CdkInfra.Tests.TestSupport;

/// <summary>
/// The real Terraform as the judge of what a synthesized value evaluates to: <c>terraform console</c> over a
/// configuration that holds only the given locals (copied from a synthesized stack), so no provider is needed.
/// </summary>
internal static class TerraformConsole
{
    /// <summary>
    /// Evaluates <paramref name="expression"/> (whose value must be JSON-encodable) in a new folder under
    /// <paramref name="scratch"/>. The result travels base64-encoded, because the console prints strings in HCL syntax
    /// (with <c>$${</c> for a literal <c>${</c>).
    /// </summary>
    public static JsonNode Evaluate(string scratch, JsonObject locals, string expression)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, "tf-console-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(folder, "main.tf.json"), new JsonObject { ["locals"] = locals }.ToJsonString());
        var start = new ProcessStartInfo("terraform", ["console"])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TF_CLI_CONFIG_FILE"] = "/dev/null";
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.WriteLine($"base64encode(jsonencode({expression}))");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), error.Result);
        var base64 = JsonSerializer.Deserialize<string>(output.Result.Trim())!;
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))!;
    }
}
