using System.Text;
using System.Text.RegularExpressions;
using CdkInfra.Validation;

namespace CdkInfra.Course.Content;

/// <summary>
/// The structural checks every course notebook, data file and package file passes before anything is synthesized.
/// Each problem names the file (as configured, e.g. <c>course/notebooks/week1/01_intro.py</c>) and, where there is
/// one, the line. Compile and lint checks of the Python code are not done here; this is the check that always runs in
/// the app, whatever tools the machine has.
/// </summary>
internal static partial class NotebookValidator
{
    /// <summary>The largest notebook accepted: 1 MiB. Course notebooks are text; a bigger one holds data or outputs that belong elsewhere.</summary>
    public const long MaxNotebookBytes = 1L << 20;

    /// <summary>The largest data or package file accepted: 10 MiB. The course data is meant to stay small (the whole set well under that).</summary>
    public const long MaxFileBytes = 10L << 20;

    /// <summary>Top-level names of the course folder that the deployment itself uses.</summary>
    internal static readonly IReadOnlyList<string> ReservedRootNames = [CourseContent.ConfigFileName, CourseContent.PackagesFolderName];

    /// <summary>Checks all the material and returns every problem found (empty when all is well).</summary>
    public static IReadOnlyList<InputProblem> Validate(CourseMaterial material) => Validate(MaterialScan.Of(material));

    internal static IReadOnlyList<InputProblem> Validate(MaterialScan scan)
    {
        var problems = new ProblemCollector();
        foreach (var file in scan.OtherNotebookFolderFiles.Where(f => Path.GetExtension(f.RelativePath) != ".md"))
        {
            problems.Add(file.DisplayPath, null, null,
                "is not a notebook: notebooks are .py, .sql, .scala or .r files in Databricks source format (.md files are skipped); move other files out of the notebooks folder");
        }

        CheckNames(problems, scan.Notebooks);
        CheckNames(problems, scan.DataFiles);
        CheckNames(problems, scan.PackageFiles);
        CheckNotebookCollisions(problems, scan);
        var notebookNames = scan.Notebooks.Select(n => n.NotebookName).ToHashSet(StringComparer.Ordinal);
        foreach (var notebook in scan.Notebooks)
        {
            CheckNotebook(problems, notebook, notebookNames);
        }

        // The solutions folder holds the notebooks with the solutions laid over them: a solution %runs what a lesson does.
        CheckNames(problems, scan.SolutionNotebooks);
        var lessonNames = scan.Notebooks.Select(n => n.RelativePath).ToHashSet(StringComparer.Ordinal);
        foreach (var solution in scan.SolutionNotebooks)
        {
            if (!lessonNames.Contains(solution.RelativePath))
            {
                problems.Add(solution.DisplayPath, null, null,
                    $"solves no lesson: a solution has the same path as the notebook it solves, and there is no {solution.RelativePath} among the notebooks");
                continue;
            }

            CheckNotebook(problems, solution, notebookNames);
        }

        foreach (var file in scan.OtherSolutionFolderFiles.Where(f => Path.GetExtension(f.RelativePath) != ".md"))
        {
            problems.Add(file.DisplayPath, null, null, "is not a notebook: the solutions folder holds only solution notebooks (.md files are skipped)");
        }

        foreach (var file in scan.DataFiles.Concat(scan.PackageFiles).Where(f => f.Length > MaxFileBytes))
        {
            problems.Add(file.DisplayPath, null, null, $"is {Size(file.Length)}; files of the course material may be at most {Size(MaxFileBytes)}");
        }

        return problems.Problems;
    }

    private static void CheckNames(ProblemCollector problems, IEnumerable<MaterialFile> files)
    {
        foreach (var file in files)
        {
            var bad = file.RelativePath.Split('/').FirstOrDefault(segment => !ValidName().IsMatch(segment));
            if (bad is not null)
            {
                problems.Add(file.DisplayPath, null, null,
                    $"'{bad}' is not a valid name for the workspace: use letters, digits, '_', '-' and '.', starting with a letter, digit or '_' (no spaces)");
            }
        }
    }

    private static void CheckNotebookCollisions(ProblemCollector problems, MaterialScan scan)
    {
        foreach (var group in scan.Notebooks.GroupBy(n => n.NotebookName, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var files = group.ToList();
            problems.Add(files[1].DisplayPath, null, null,
                $"would be the same workspace notebook '{group.Key}' as {files[0].DisplayPath}; rename one of them");
        }

        var folders = scan.Notebooks.SelectMany(n => Parents(n.RelativePath)).ToHashSet(StringComparer.Ordinal);
        foreach (var notebook in scan.Notebooks)
        {
            if (folders.Contains(notebook.NotebookName))
            {
                problems.Add(notebook.DisplayPath, null, null, $"would have the same workspace name as the folder '{notebook.NotebookName}/'; rename one of them");
            }

            var top = notebook.NotebookName.Split('/')[0];
            if (ReservedRootNames.Contains(top))
            {
                problems.Add(notebook.DisplayPath, null, null,
                    $"'{top}' at the top of the course folder is taken by the deployment ({string.Join(", ", ReservedRootNames)}); rename it");
            }
        }
    }

    private static void CheckNotebook(ProblemCollector problems, MaterialFile notebook, HashSet<string> notebookNames)
    {
        var file = notebook.DisplayPath;
        if (notebook.Length > MaxNotebookBytes)
        {
            problems.Add(file, null, null, $"is {Size(notebook.Length)}; a notebook may be at most {Size(MaxNotebookBytes)} (keep data in the datasets folder)");
            return;
        }

        var language = notebook.Language!.Value;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(System.IO.File.ReadAllBytes(notebook.FullPath));
        }
        catch (DecoderFallbackException)
        {
            problems.Add(file, null, null, "is not UTF-8 text");
            return;
        }

        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines[0] != language.Header())
        {
            problems.Add(file, "line 1", null, $"a {language} notebook must start with the line '{language.Header()}' (Databricks source format), found '{Shorten(lines[0])}'");
        }

        var prefix = language.CommentPrefix();
        var separator = language.CellSeparator();
        var magic = prefix + " MAGIC";
        var folder = Path.GetDirectoryName(notebook.RelativePath)!.Replace('\\', '/');
        var cellStarted = false;
        var markdownCell = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}";
            if (!cellStarted && line.Trim().Length > 0 && line != separator)
            {
                // A markdown cell may mention '%run' in its text; only code and %run cells are checked for targets.
                cellStarted = true;
                markdownCell = line.StartsWith(magic + " %md", StringComparison.Ordinal);
            }

            if (line == separator)
            {
                cellStarted = false;
                markdownCell = false;
                var blankBefore = lines[i - 1].Trim().Length == 0;
                var blankAfter = i + 1 < lines.Length && lines[i + 1].Trim().Length == 0;
                if (!blankBefore || !blankAfter)
                {
                    problems.Add(file, where, null, $"the cell separator '{separator}' needs a blank line before and after it");
                }
            }
            else if (LooseSeparator().IsMatch(line))
            {
                problems.Add(file, where, null, $"malformed cell separator '{Shorten(line)}'; write exactly '{separator}'");
            }
            else if (line.StartsWith('%'))
            {
                problems.Add(file, where, null, $"bare magic command '{Shorten(line)}'; in source format a magic line is written '{magic} {Shorten(line)}'");
            }
            else if (!markdownCell && line.StartsWith(magic, StringComparison.Ordinal) && RunCommand().Match(line[magic.Length..]) is { Success: true } run)
            {
                var message = CheckRunTarget(run.Groups[1].Value.Trim('"', '\''), folder, notebookNames);
                if (message is not null)
                {
                    problems.Add(file, where, null, message);
                }
            }
        }
    }

    /// <summary>Resolves a <c>%run</c> target against the notebook's folder, inside the notebooks root; returns what is wrong, or null.</summary>
    private static string? CheckRunTarget(string target, string folder, HashSet<string> notebookNames)
    {
        if (target.StartsWith('/'))
        {
            return $"%run target '{target}' is absolute; use a path relative to the notebook (e.g. '../setup/course_setup'), so the course folder can move";
        }

        if (NotebookLanguages.FromFileName(target) is not null)
        {
            return $"%run target '{target}' has a file extension; the workspace names notebooks without it";
        }

        var segments = folder.Length == 0 ? new List<string>() : folder.Split('/').ToList();
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (segments.Count == 0)
                {
                    return $"%run target '{target}' points outside the notebooks folder";
                }

                segments.RemoveAt(segments.Count - 1);
            }
            else
            {
                segments.Add(part);
            }
        }

        var resolved = string.Join('/', segments);
        return notebookNames.Contains(resolved)
            ? null
            : $"%run target '{target}' does not exist: no notebook '{resolved}' (.py, .sql, .scala or .r) in the notebooks folder";
    }

    private static IEnumerable<string> Parents(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }

    private static string Size(long bytes) => bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MiB" : $"{bytes / 1024.0:0.#} KiB";

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..57] + "...";

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^\s*(#|--|//)\s*COMMAND\b")]
    private static partial Regex LooseSeparator();

    [GeneratedRegex(@"^\s+%run\s+(\S+)")]
    private static partial Regex RunCommand();
}
