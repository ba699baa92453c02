using CdkInfra.App.Stacks;
using CdkInfra.Policy;
using CdkInfra.Settings;
using CdkInfra.Validation;

namespace CdkInfra.App;

/// <summary>Reads the settings and the roster, then synthesizes every stack into the output folder.</summary>
public static class Program
{
    /// <summary>Exit code for invalid input: nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>Entry point. Run from the project folder (where <c>cdktf.json</c> is).</summary>
    public static int Main()
    {
        AppSettings settings;
        try
        {
            // Everything is checked before the first construct exists, so bad input leaves cdktf.out untouched.
            settings = AppSettings.Load(Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable(AppSettings.ContextEnvironmentVariable));
        }
        catch (InputValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return InvalidInput;
        }

        var app = new HashiCorp.Cdktf.App();
        var course = new CourseStack(app, "course", settings);
        _ = new CodingAssistantsStack(app, "coding-assistants", settings);
        app.Synth();
        // Beside the stack's Terraform (which ignores .md files): who can do what, for a person to check.
        File.WriteAllText(Path.Combine(app.Outdir, "stacks", "course", AccessMatrix.FileName), AccessMatrix.Render(settings.Course, course.Workspace.Policy));
        var content = course.Workspace.Content is { } c
            ? $"; {c.NotebookPaths.Count} notebooks, {c.DataFilePaths.Count} data files, {c.PackageFilePaths.Count} package files"
            : "";
        Console.Error.WriteLine($"course: {course.Workspace.SchemaNameByUser.Count} users from {settings.UsersFile}{content}");
        return 0;
    }
}
