using CdkInfra.Policy;
using CdkInfra.Terraform;
using CdkInfra.Validation;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.Notebook;
using HashiCorp.Cdktf.Providers.Databricks.Permissions;
using HashiCorp.Cdktf.Providers.Databricks.Volume;
using HashiCorp.Cdktf.Providers.Databricks.WorkspaceFile;
using VolumeFile = HashiCorp.Cdktf.Providers.Databricks.File.File;
using VolumeFileConfig = HashiCorp.Cdktf.Providers.Databricks.File.FileConfig;
using WorkspaceDirectory = HashiCorp.Cdktf.Providers.Databricks.Directory.Directory;
using WorkspaceDirectoryConfig = HashiCorp.Cdktf.Providers.Databricks.Directory.DirectoryConfig;

namespace CdkInfra.Course.Content;

/// <summary>Inputs of <see cref="CourseContent"/>.</summary>
internal sealed record CourseContentProps
{
    /// <summary>Where the notebooks, datasets and packages lie on disk.</summary>
    public required CourseMaterial Material { get; init; }

    /// <summary>The workspace folder of the course (absolute, e.g. <c>/databricks_course</c>).</summary>
    public required string WorkspaceFolder { get; init; }

    /// <summary>The course catalog: its name, and the catalog the datasets volume waits for when this stack holds it.</summary>
    public required CatalogRef Catalog { get; init; }

    /// <summary>The course shared schemas, as <c>course_config.json</c> lists them.</summary>
    public required IReadOnlyList<string> SharedSchemas { get; init; }

    /// <summary>The shared schemas' resource (or data source), which the volume waits for.</summary>
    public required ITerraformDependable SharedSchemasDependable { get; init; }

    /// <summary>The shared schema that holds the datasets volume.</summary>
    public required string DatasetsSchema { get; init; }

    /// <summary>The datasets volume's name.</summary>
    public required string DatasetsVolume { get; init; }

    /// <summary>Whether to manage the course folder's workspace permissions.</summary>
    public required bool FolderPermissions { get; init; }

    /// <summary>The roster map (email to entry with <c>schema_name</c>), read by <c>course_config.json</c>.</summary>
    public required TerraformLocal Roster { get; init; }

    /// <summary>The access policy: the volume's grants and the folder's permissions.</summary>
    public required AccessPolicy Policy { get; init; }

    /// <summary>What grants and permissions wait for: the groups they name.</summary>
    public required ITerraformDependable Principals { get; init; }

    /// <summary>
    /// What the folder permissions wait for: the groups they name, in the workspace. Default: <see cref="Principals"/>.
    /// </summary>
    internal ITerraformDependable? Groups { get; init; }

    /// <summary>Build the datasets volume's grants (true, the default), or leave them to a cohort split's access stack.</summary>
    public bool IncludeVolumeGrants { get; init; } = true;

    /// <summary>
    /// Whether to deploy the smoke-test job that runs every solution notebook in lesson order (see
    /// <see cref="CourseContent.SmokeJobName"/>). Default: true; nothing is deployed without solutions.
    /// </summary>
    public bool SmokeJob { get; init; } = true;

    /// <summary>
    /// The user the smoke-test job runs as (its <c>run_as</c>): a test student of the roster, so the run meets what a
    /// student meets and needs no personal schema for the deploying identity, which a service principal cannot have.
    /// The user gets CAN_READ on the solutions folder (the job runs the notebooks there). Default: null, the job runs
    /// as its owner, the deploying identity.
    /// </summary>
    public string? SmokeRunAs { get; init; }

    /// <summary>
    /// An existing cluster the smoke-test job's tasks run on (<c>existing_cluster_id</c>), for a workspace without
    /// serverless jobs compute. The run-as user needs CAN_RESTART on it, and it must run a Unity Catalog access mode
    /// (standard, or dedicated to that user) on the runtime the course needs. Default: null, serverless jobs compute.
    /// </summary>
    public string? SmokeClusterId { get; init; }
}

/// <summary>
/// The course material in the workspace (L2): every notebook below the notebooks root, discovered, never listed by
/// hand, at the same relative path in the course folder; the Python packages as workspace files under
/// <c>&lt;folder&gt;/packages/</c>; <c>course_config.json</c> at the folder's root, which the setup notebook reads; the
/// datasets, file by file, in a managed volume of the course catalog. Each kind is one <c>for_each</c> resource keyed
/// by relative path (<c>databricks_notebook.course_notebooks["week1/01_intro.py"]</c>), so adding a file adds one
/// instance and nothing else moves. The files travel with the synthesized stack as directory assets.
/// </summary>
public sealed class CourseContent : Construct
{
    /// <summary>The name of the configuration file at the root of the course folder.</summary>
    internal const string ConfigFileName = "course_config.json";

    /// <summary>The folder of the course folder that holds the packages.</summary>
    internal const string PackagesFolderName = "packages";

    /// <summary>
    /// What the solutions folder's name adds to the course folder's: <c>/databricks_course_solutions</c>. A sibling, not
    /// a subfolder: workspace permissions are inherited downwards, and students can read the course folder.
    /// </summary>
    internal const string SolutionsFolderSuffix = "_solutions";

    /// <summary>The smoke-test job's name, after the course folder's: <c>databricks_course smoke test</c>.</summary>
    internal const string SmokeJobSuffix = " smoke test";

    /// <summary>
    /// The asset folder name in place of CDKTF's content hash: source paths stay the same when a file changes, so a
    /// plan shows only the files whose content changed (the provider compares an MD5 of each file's content).
    /// </summary>
    private const string AssetVersion = "current";

    /// <summary>Checks the material (every problem at once), then builds the resources.</summary>
    internal CourseContent(Construct scope, string id, CourseContentProps props)
        : base(scope, id)
    {
        var scan = MaterialScan.Of(props.Material);
        var problems = new ProblemCollector();
        problems.AddRange(NotebookValidator.Validate(scan));
        problems.ThrowIfAny();

        WorkspaceFolder = props.WorkspaceFolder;
        if (scan.DatasetsRoot is not null)
        {
            DatasetsPath = $"/Volumes/{props.Catalog.Name}/{props.DatasetsSchema}/{props.DatasetsVolume}";
            BuildDatasets(props, scan);
        }

        NotebookPaths = scan.Notebooks.ToDictionary(n => n.RelativePath, n => $"{props.WorkspaceFolder}/{n.NotebookName}", StringComparer.Ordinal);
        PackageFilePaths = scan.PackageFiles.ToDictionary(f => f.RelativePath, f => $"{props.WorkspaceFolder}/{PackagesFolderName}/{f.RelativePath}", StringComparer.Ordinal);
        DataFilePaths = scan.DataFiles.ToDictionary(f => f.RelativePath, f => $"{DatasetsPath}/{f.RelativePath}", StringComparer.Ordinal);
        if (scan.HasWorkspaceContent)
        {
            ConfigPath = $"{props.WorkspaceFolder}/{ConfigFileName}";
            BuildWorkspaceFolder(props, scan);
        }

        var solved = scan.SolutionNotebooks.Select(n => n.RelativePath).ToHashSet(StringComparer.Ordinal);
        SolutionNotebookPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (scan.NotebooksRoot is not null && solved.Count > 0)
        {
            SolutionsFolder = props.WorkspaceFolder + SolutionsFolderSuffix;
            SolutionNotebookPaths = scan.SolutionNotebooks.ToDictionary(n => n.RelativePath, n => $"{SolutionsFolder}/{n.NotebookName}", StringComparer.Ordinal);
            var solutions = BuildSolutionsFolder(props, scan, solved);
            if (props.SmokeJob)
            {
                BuildSmokeJob(props, scan, solutions);
            }
        }
    }

    /// <summary>The name of the smoke-test job; null when none is deployed.</summary>
    public string? SmokeJobName { get; private set; }

    /// <summary>The datasets volume's one grants resource; null without datasets or when the props leave its grants out.</summary>
    public SecurableGrants? DatasetsVolumeGrants { get; private set; }

    /// <summary>The course folder in the workspace.</summary>
    public string WorkspaceFolder { get; }

    /// <summary>Workspace path of each notebook (no extension), by path below the notebooks root.</summary>
    public IReadOnlyDictionary<string, string> NotebookPaths { get; }

    /// <summary>Workspace path of each package file, by path below the packages root.</summary>
    public IReadOnlyDictionary<string, string> PackageFilePaths { get; }

    /// <summary>Volume path of each data file, by path below the datasets root.</summary>
    public IReadOnlyDictionary<string, string> DataFilePaths { get; }

    /// <summary>The datasets volume's folder (<c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;</c>); null without datasets.</summary>
    public string? DatasetsPath { get; }

    /// <summary>Workspace path of <c>course_config.json</c>; null without notebooks and packages.</summary>
    public string? ConfigPath { get; }

    /// <summary>The folder of the worked solutions (readable by the admins group only); null without solutions.</summary>
    public string? SolutionsFolder { get; }

    /// <summary>Workspace path of each solution notebook (no extension), by path below the solutions root.</summary>
    public IReadOnlyDictionary<string, string> SolutionNotebookPaths { get; }

    private string? _notebooksAsset;

    private void BuildWorkspaceFolder(CourseContentProps props, MaterialScan scan)
    {
        // The folder is the anchor of everything below it: the permissions object, and the reference that makes
        // Terraform create it before, and delete it after, the notebooks and files. Subfolders are created with their
        // first notebook. delete_recursive: on destroy the folder goes with what the provider created in it.
        var folder = new WorkspaceDirectory(this, "Folder", new WorkspaceDirectoryConfig
        {
            Path = TerraformText.Literal(props.WorkspaceFolder),
            DeleteRecursive = true,
        });
        folder.OverrideLogicalId("course_folder");
        var folderPath = ForEachRef.Of(folder).Attribute("path");

        if (props.FolderPermissions)
        {
            var permissions = new Permissions(this, "FolderPermissions", new PermissionsConfig
            {
                DirectoryPath = folderPath,
                AccessControl = props.Policy.CourseFolderAccess()
                    .Select(a => new PermissionsAccessControl { GroupName = TerraformText.Literal(a.Group), PermissionLevel = a.Level })
                    .ToArray(),
                DependsOn = [props.Groups ?? props.Principals],
            });
            permissions.OverrideLogicalId("course_folder");
        }

        if (scan.NotebooksRoot is not null && scan.Notebooks.Count > 0)
        {
            var asset = NotebooksAsset(scan.NotebooksRoot);
            var map = scan.Notebooks.ToDictionary(n => n.RelativePath, n => (object)new Dictionary<string, object>
            {
                ["name"] = n.NotebookName,
                ["language"] = n.Language!.Value.ProviderName(),
            }, StringComparer.Ordinal);
            var notebooks = new Notebook(this, "Notebooks", new NotebookConfig
            {
                ForEach = TerraformIterator.FromMap(map),
                Path = $"{folderPath}/${{each.value.name}}",
                Language = "${each.value.language}",
                Source = $"{asset}/${{each.key}}",
            });
            notebooks.OverrideLogicalId("course_notebooks");
        }

        if (scan.PackagesRoot is not null && scan.PackageFiles.Count > 0)
        {
            var asset = Asset("PackagesAsset", scan.PackagesRoot);
            var packages = new WorkspaceFile(this, "Packages", new WorkspaceFileConfig
            {
                ForEach = TerraformIterator.FromList(scan.PackageFiles.Select(f => f.RelativePath).ToArray()),
                Path = $"{folderPath}/{PackagesFolderName}/${{each.key}}",
                Source = $"{asset}/${{each.key}}",
            });
            packages.OverrideLogicalId("course_packages");
        }

        var config = new WorkspaceFile(this, "Config", new WorkspaceFileConfig
        {
            Path = $"{folderPath}/{ConfigFileName}",
            ContentBase64 = ConfigContent(props),
        });
        config.OverrideLogicalId("course_config");
    }

    /// <summary>
    /// <c>course_config.json</c>: the roster map is written once, in local.roster; the file's schemas object is a for
    /// expression over it. <c>course_folder</c> names the course folder, so a copy elsewhere (the solutions folder's)
    /// still finds the packages.
    /// </summary>
    private string ConfigContent(CourseContentProps props)
    {
        var datasets = DatasetsPath is null ? "null" : TerraformText.Quoted(DatasetsPath);
        var shared = "[" + string.Join(", ", props.SharedSchemas.Select(TerraformText.Quoted)) + "]";
        return $"${{base64encode(jsonencode({{ catalog = {TerraformText.Quoted(props.Catalog.Name)}, course_folder = {TerraformText.Quoted(props.WorkspaceFolder)}, datasets_path = {datasets}, "
            + $"shared_schemas = {shared}, schemas = {{ for email, user in local.{props.Roster.FriendlyUniqueId} : email => user.schema_name }} }}))}}";
    }

    /// <summary>
    /// The solutions folder: every notebook of the course with the worked solutions laid over the lessons they solve,
    /// so a solution finds what it %runs (the setup, the job tasks) at the same relative path; a copy of
    /// <c>course_config.json</c>; and, when the deployment manages folder permissions, CAN_READ for the admins group
    /// only. Students get nothing here: the folder is not below the course folder, whose CAN_READ they would inherit.
    /// </summary>
    private Notebook BuildSolutionsFolder(CourseContentProps props, MaterialScan scan, HashSet<string> solved)
    {
        var folder = new WorkspaceDirectory(this, "SolutionsFolder", new WorkspaceDirectoryConfig
        {
            Path = TerraformText.Literal(SolutionsFolder!),
            DeleteRecursive = true,
        });
        folder.OverrideLogicalId("course_solutions_folder");
        var folderPath = ForEachRef.Of(folder).Attribute("path");

        if (props.FolderPermissions)
        {
            var permissions = new Permissions(this, "SolutionsFolderPermissions", new PermissionsConfig
            {
                DirectoryPath = folderPath,
                AccessControl = SolutionsFolderAccess(props),
                // The groups it names, and the smoke job's run-as user (a roster user, whom Principals waits for).
                DependsOn = props.Groups is null || props.Groups == props.Principals ? [props.Principals] : [props.Groups, props.Principals],
            });
            permissions.OverrideLogicalId("course_solutions_folder");
        }

        var notebooksAsset = NotebooksAsset(scan.NotebooksRoot!);
        var solutionsAsset = Asset("SolutionsAsset", scan.SolutionsRoot!);
        var map = scan.Notebooks.ToDictionary(n => n.RelativePath, n => (object)new Dictionary<string, object>
        {
            ["name"] = TerraformText.Literal(n.NotebookName),
            ["language"] = n.Language!.Value.ProviderName(),
            // A lesson that has a solution is deployed as its solution.
            ["source"] = $"{(solved.Contains(n.RelativePath) ? solutionsAsset : notebooksAsset)}/{TerraformText.Literal(n.RelativePath)}",
        }, StringComparer.Ordinal);
        var notebooks = new Notebook(this, "Solutions", new NotebookConfig
        {
            ForEach = TerraformIterator.FromMap(map),
            Path = $"{folderPath}/${{each.value.name}}",
            Language = "${each.value.language}",
            Source = "${each.value.source}",
        });
        notebooks.OverrideLogicalId("course_solutions");

        var config = new WorkspaceFile(this, "SolutionsConfig", new WorkspaceFileConfig
        {
            Path = $"{folderPath}/{ConfigFileName}",
            ContentBase64 = ConfigContent(props),
        });
        config.OverrideLogicalId("course_solutions_config");
        return notebooks;
    }

    /// <summary>
    /// CAN_READ for the admins group; and for the smoke job's run-as user, who runs the solutions (one test account of
    /// the roster, never the students group).
    /// </summary>
    private static PermissionsAccessControl[] SolutionsFolderAccess(CourseContentProps props)
    {
        var access = new List<PermissionsAccessControl> { new() { GroupName = TerraformText.Literal(props.Policy.AdminsGroup), PermissionLevel = "CAN_READ" } };
        if (props.SmokeJob && props.SmokeRunAs is { } runAs)
        {
            access.Add(new PermissionsAccessControl { UserName = TerraformText.Literal(runAs), PermissionLevel = "CAN_READ" });
        }

        return access.ToArray();
    }

    /// <summary>
    /// A job that runs every solution notebook in lesson order, each task after the one before, on serverless compute
    /// (no cluster in the task) or on the existing cluster <see cref="CourseContentProps.SmokeClusterId"/>. Every
    /// solution runs the setup first and asserts with its checks, so the run fails at the first lesson that would stop
    /// a student. <c>make course-smoke</c> runs it before a term; its id and URL are outputs. It runs as
    /// <see cref="CourseContentProps.SmokeRunAs"/> when set, else as its owner (the deploying identity), who then
    /// needs a personal schema: see the course README.
    /// </summary>
    private void BuildSmokeJob(CourseContentProps props, MaterialScan scan, Notebook solutions)
    {
        SmokeJobName = props.WorkspaceFolder.TrimStart('/').Replace('/', '_') + SmokeJobSuffix;
        var tasks = new List<object>();
        string? previous = null;
        foreach (var solution in scan.SolutionNotebooks)
        {
            var key = TaskKey(solution.NotebookName);
            var task = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["task_key"] = key,
                ["notebook_task"] = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["notebook_path"] = TerraformText.Literal($"{SolutionsFolder}/{solution.NotebookName}"),
                },
                ["timeout_seconds"] = 3600,
            };
            // Without compute in a task the job runs on serverless; a workspace without it refuses the job
            // ("One of job_cluster_key, new_cluster, or existing_cluster_id must be specified", provider issue 3414).
            if (props.SmokeClusterId is { } cluster)
            {
                task["existing_cluster_id"] = TerraformText.Literal(cluster);
            }

            if (previous is not null)
            {
                task["depends_on"] = new object[] { new Dictionary<string, object>(StringComparer.Ordinal) { ["task_key"] = previous } };
            }

            tasks.Add(task);
            previous = key;
        }

        var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["name"] = TerraformText.Literal(SmokeJobName),
            ["description"] = "Runs the setup and every lesson's worked solution in order; fails at the first failing check. Managed by CdkInfra.",
            ["max_concurrent_runs"] = 1,
            ["tags"] = new Dictionary<string, object>(StringComparer.Ordinal) { ["course"] = TerraformText.Literal(props.Catalog.Name), ["purpose"] = "smoke-test" },
            ["task"] = tasks.ToArray(),
        };
        // Jobs API: run_as.user_name is "the email of an active workspace user"; only a workspace admin may name
        // another user than themselves (docs: Restrict workspace admins). The user must exist first.
        if (props.SmokeRunAs is { } runAs)
        {
            attributes["run_as"] = new Dictionary<string, object>(StringComparer.Ordinal) { ["user_name"] = TerraformText.Literal(runAs) };
        }

        // The generated Job class is not used here: its module is the provider package's largest (PlainResource).
        // The notebooks must exist before a run can start; the reference orders creation.
        var job = new PlainResource(this, "SmokeJob", "databricks_job", attributes, props.SmokeRunAs is null ? [solutions] : [solutions, props.Principals]);
        job.OverrideLogicalId("course_smoke");
        var jobRef = ForEachRef.Of(job);
        new TerraformOutput(this, "SmokeJobId", new TerraformOutputConfig
        {
            Value = jobRef.Attribute("id"),
            Description = "Id of the course smoke-test job (make course-smoke runs it)",
        }).OverrideLogicalId("course_smoke_job_id");
        new TerraformOutput(this, "SmokeJobUrl", new TerraformOutputConfig
        {
            Value = jobRef.Attribute("url"),
            Description = "The course smoke-test job in the workspace; each run's page is linked from there",
        }).OverrideLogicalId("course_smoke_job_url");
    }

    /// <summary>A job task key from a notebook name: letters, digits, '_' and '-' only (<c>week1/00_x</c> becomes <c>week1_00_x</c>).</summary>
    internal static string TaskKey(string notebookName)
    {
        var key = new string(notebookName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        return key.Length <= 100 ? key : key[^100..];
    }

    private string NotebooksAsset(string root) => _notebooksAsset ??= Asset("NotebooksAsset", root);

    private void BuildDatasets(CourseContentProps props, MaterialScan scan)
    {
        var volume = new Volume(this, "DatasetsVolume", new VolumeConfig
        {
            CatalogName = props.Catalog.NameExpression,
            SchemaName = props.DatasetsSchema,
            Name = props.DatasetsVolume,
            VolumeType = "MANAGED",
            Comment = "Sample data of the course; read-only for students. Managed by CdkInfra.",
            DependsOn = [props.SharedSchemasDependable],
        });
        volume.OverrideLogicalId("course_datasets");
        var volumeRef = ForEachRef.Of(volume);

        if (props.IncludeVolumeGrants)
        {
            DatasetsVolumeGrants = AddDatasetsVolumeGrants(this, volumeRef.Attribute("id"), props.Policy, [props.Principals]);
        }

        if (scan.DataFiles.Count > 0)
        {
            var asset = Asset("DatasetsAsset", scan.DatasetsRoot!);
            var files = new VolumeFile(this, "Datasets", new VolumeFileConfig
            {
                ForEach = TerraformIterator.FromList(scan.DataFiles.Select(f => f.RelativePath).ToArray()),
                Path = $"{volumeRef.Attribute("volume_path")}/${{each.key}}",
                Source = $"{asset}/${{each.key}}",
            });
            files.OverrideLogicalId("course_datasets");
        }
    }

    /// <summary>True when <paramref name="material"/> has datasets, so the course has a datasets volume.</summary>
    internal static bool HasDatasets(CourseMaterial material) => MaterialScan.Of(material).DatasetsRoot is not null;

    /// <summary>The datasets volume's one authoritative grants resource (<paramref name="volumeId"/>: <c>catalog.schema.volume</c>).</summary>
    internal static SecurableGrants AddDatasetsVolumeGrants(Construct scope, string volumeId, AccessPolicy policy, ITerraformDependable[]? dependsOn) =>
        SecurableGrants.FromPolicy(scope, "DatasetsVolumeGrants", "course_datasets_grants", SecurableType.Volume, volumeId, [], null, dependsOn,
            policy, SecurableKind.CourseDatasetsVolume, null);

    /// <summary>A directory asset: CDKTF copies the folder into the stack's output, so the stack holds its own sources.</summary>
    private string Asset(string id, string folder) =>
        new TerraformAsset(this, id, new TerraformAssetConfig { Path = folder, Type = AssetType.DIRECTORY, AssetHash = AssetVersion }).Path;
}
