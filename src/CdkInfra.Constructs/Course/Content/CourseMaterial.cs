namespace CdkInfra.Course.Content;

/// <summary>
/// Where the course material lies on disk. Every folder is optional: one that is not set, or does not exist, deploys
/// nothing. Folders are relative to <see cref="BaseFolder"/>, and messages name files by that relative path
/// (<c>course/notebooks/week1/01_intro.py, line 12</c>).
/// </summary>
public sealed class CourseMaterial
{
    /// <summary>Material with no folder set; set them in the initializer.</summary>
    public CourseMaterial()
    {
    }

    /// <summary>A copy of <paramref name="other"/>, to change some folders in the initializer.</summary>
    public CourseMaterial(CourseMaterial other) => Terraform.PropsCopy.Into(other, this);

    /// <summary>The folder the other folders are relative to. Default: the current directory.</summary>
    public string BaseFolder { get; init; } = ".";

    /// <summary>
    /// The notebooks root: every <c>.py</c>, <c>.sql</c>, <c>.scala</c> and <c>.r</c> file below it is a notebook in
    /// Databricks source format, deployed at the same relative path (without extension) under the course folder.
    /// Default: none.
    /// </summary>
    public string? Notebooks { get; init; }

    /// <summary>The sample data, deployed file by file into the course datasets volume. Default: none.</summary>
    public string? Datasets { get; init; }

    /// <summary>Python packages, deployed as workspace files under <c>&lt;course folder&gt;/packages/</c>. Default: none.</summary>
    public string? Packages { get; init; }

    /// <summary>
    /// The worked solutions of the lessons' exercises: notebooks at the same relative paths as the lessons they solve.
    /// They are deployed, with the other notebooks they run (the setup, the job tasks), to a separate folder that only
    /// the admins group can read. Default: the folder <c>solutions</c> beside the notebooks folder
    /// (<c>course/notebooks</c> has its solutions in <c>course/solutions</c>), when it exists.
    /// </summary>
    public string? Solutions { get; init; }

    /// <summary>The notebooks root on disk, when it is set and exists.</summary>
    internal string? NotebooksRoot => Existing(Notebooks);

    /// <summary>The datasets root on disk, when it is set and exists.</summary>
    internal string? DatasetsRoot => Existing(Datasets);

    /// <summary>The packages root on disk, when it is set and exists.</summary>
    internal string? PackagesRoot => Existing(Packages);

    /// <summary>The solutions root on disk, when it is set and exists.</summary>
    internal string? SolutionsRoot => Existing(SolutionsFolder);

    /// <summary>The solutions folder as configured, or its default beside the notebooks.</summary>
    internal string? SolutionsFolder => Solutions ?? SolutionsBeside(Notebooks);

    private static string? SolutionsBeside(string? notebooks)
    {
        if (string.IsNullOrWhiteSpace(notebooks))
        {
            return null;
        }

        var parent = Path.GetDirectoryName(Display(notebooks));
        return string.IsNullOrEmpty(parent) ? "solutions" : $"{parent.Replace('\\', '/')}/solutions";
    }

    /// <summary>True when at least one folder exists, so there is something to deploy.</summary>
    internal bool HasAny => NotebooksRoot is not null || DatasetsRoot is not null || PackagesRoot is not null;

    /// <summary>How messages name a folder: as configured, with forward slashes and no trailing slash.</summary>
    internal static string Display(string folder) => folder.Replace('\\', '/').TrimEnd('/');

    private string? Existing(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(BaseFolder, folder));
        return System.IO.Directory.Exists(full) ? full : null;
    }
}
