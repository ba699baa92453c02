namespace CdkInfra.Course.Content;

/// <summary>The languages of Databricks source-format notebooks, by file extension.</summary>
internal enum NotebookLanguage
{
    /// <summary><c>.py</c>, comment prefix <c>#</c>.</summary>
    Python,

    /// <summary><c>.sql</c>, comment prefix <c>--</c>.</summary>
    Sql,

    /// <summary><c>.scala</c>, comment prefix <c>//</c>.</summary>
    Scala,

    /// <summary><c>.r</c>, comment prefix <c>#</c>.</summary>
    R,
}

/// <summary>What each notebook language looks like in source format.</summary>
internal static class NotebookLanguages
{
    /// <summary>The notebook language of a file name, from its extension (lower-case only, as Databricks exports); null if none.</summary>
    public static NotebookLanguage? FromFileName(string fileName) => Path.GetExtension(fileName) switch
    {
        ".py" => NotebookLanguage.Python,
        ".sql" => NotebookLanguage.Sql,
        ".scala" => NotebookLanguage.Scala,
        ".r" => NotebookLanguage.R,
        _ => null,
    };

    /// <summary>The provider's <c>language</c> value: <c>PYTHON</c>, <c>SQL</c>, <c>SCALA</c> or <c>R</c>.</summary>
    public static string ProviderName(this NotebookLanguage language) => language.ToString().ToUpperInvariant();

    /// <summary>The line comment prefix: <c>#</c>, <c>--</c> or <c>//</c>.</summary>
    public static string CommentPrefix(this NotebookLanguage language) => language switch
    {
        NotebookLanguage.Sql => "--",
        NotebookLanguage.Scala => "//",
        _ => "#",
    };

    /// <summary>The first line of a notebook in source format, e.g. <c># Databricks notebook source</c>.</summary>
    public static string Header(this NotebookLanguage language) => $"{language.CommentPrefix()} Databricks notebook source";

    /// <summary>The line that separates cells, e.g. <c># COMMAND ----------</c>.</summary>
    public static string CellSeparator(this NotebookLanguage language) => $"{language.CommentPrefix()} COMMAND ----------";
}

/// <summary>One file of the course material.</summary>
/// <param name="RelativePath">The path below its root, with forward slashes; the stable key of its Terraform instance.</param>
/// <param name="FullPath">The file on disk.</param>
/// <param name="DisplayPath">How messages name it: the configured folder joined with <paramref name="RelativePath"/>.</param>
/// <param name="Length">Its size in bytes.</param>
internal sealed record MaterialFile(string RelativePath, string FullPath, string DisplayPath, long Length)
{
    /// <summary>The notebook language, from the extension; null for a file that is not a notebook.</summary>
    public NotebookLanguage? Language => NotebookLanguages.FromFileName(RelativePath);

    /// <summary>The path below the course folder as the workspace names a notebook: without its extension.</summary>
    public string NotebookName => RelativePath[..^Path.GetExtension(RelativePath).Length];
}

/// <summary>
/// The course material found on disk: every file below each root, in ordinal order of relative path, so that the
/// synthesized maps do not depend on the file system's listing order. Tool and editor litter (hidden entries,
/// <c>__pycache__</c>, <c>*.pyc</c>, <c>*.egg-info</c>, and a package's <c>build</c>/<c>dist</c> output) is skipped.
/// </summary>
internal sealed class MaterialScan
{
    private MaterialScan(CourseMaterial material)
    {
        NotebooksRoot = material.NotebooksRoot;
        DatasetsRoot = material.DatasetsRoot;
        PackagesRoot = material.PackagesRoot;
        // Solutions only make sense beside the notebooks they solve.
        SolutionsRoot = NotebooksRoot is null ? null : material.SolutionsRoot;
        var solutions = SolutionsRoot is null ? [] : Files(SolutionsRoot, MaterialDisplay(material.SolutionsFolder), skipBuildOutput: false);
        SolutionNotebooks = solutions.Where(f => f.Language is not null).ToList();
        OtherSolutionFolderFiles = solutions.Where(f => f.Language is null).ToList();
        var all = NotebooksRoot is null ? [] : Files(NotebooksRoot, MaterialDisplay(material.Notebooks), skipBuildOutput: false);
        Notebooks = all.Where(f => f.Language is not null).ToList();
        OtherNotebookFolderFiles = all.Where(f => f.Language is null).ToList();
        DataFiles = DatasetsRoot is null ? [] : Files(DatasetsRoot, MaterialDisplay(material.Datasets), skipBuildOutput: false);
        PackageFiles = PackagesRoot is null ? [] : Files(PackagesRoot, MaterialDisplay(material.Packages), skipBuildOutput: true);
    }

    public string? NotebooksRoot { get; }

    public string? DatasetsRoot { get; }

    public string? PackagesRoot { get; }

    public string? SolutionsRoot { get; }

    /// <summary>The solution notebooks below the solutions root.</summary>
    public IReadOnlyList<MaterialFile> SolutionNotebooks { get; }

    /// <summary>Files below the solutions root that are not notebooks.</summary>
    public IReadOnlyList<MaterialFile> OtherSolutionFolderFiles { get; }

    /// <summary>The notebooks (files with a notebook extension) below the notebooks root.</summary>
    public IReadOnlyList<MaterialFile> Notebooks { get; }

    /// <summary>Files below the notebooks root that are not notebooks.</summary>
    public IReadOnlyList<MaterialFile> OtherNotebookFolderFiles { get; }

    public IReadOnlyList<MaterialFile> DataFiles { get; }

    public IReadOnlyList<MaterialFile> PackageFiles { get; }

    /// <summary>True when there is a workspace course folder to deploy (notebooks or packages).</summary>
    public bool HasWorkspaceContent => NotebooksRoot is not null || PackagesRoot is not null;

    public static MaterialScan Of(CourseMaterial material) => new(material);

    private static string MaterialDisplay(string? folder) => CourseMaterial.Display(folder!);

    private static List<MaterialFile> Files(string root, string display, bool skipBuildOutput)
    {
        var files = new List<MaterialFile>();
        Walk(new DirectoryInfo(root), "", display, skipBuildOutput, files);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static void Walk(DirectoryInfo folder, string prefix, string display, bool skipBuildOutput, List<MaterialFile> files)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('.') || entry.Name == "__pycache__" || entry.Name.EndsWith(".pyc", StringComparison.Ordinal)
                || entry.Name.EndsWith(".egg-info", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = prefix + entry.Name;
            if (entry is DirectoryInfo sub)
            {
                if (!(skipBuildOutput && entry.Name is "build" or "dist"))
                {
                    Walk(sub, relative + "/", display, skipBuildOutput, files);
                }
            }
            else if (entry is FileInfo file)
            {
                files.Add(new MaterialFile(relative, file.FullName, $"{display}/{relative}", file.Length));
            }
        }
    }
}
