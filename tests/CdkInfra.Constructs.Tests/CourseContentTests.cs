using System.Text.Json.Nodes;
using CdkInfra.Course;
using CdkInfra.Course.Content;
using CdkInfra.Tests.TestSupport;
using CdkInfra.Validation;
using HashiCorp.Cdktf.Providers.Databricks.Job;
using HashiCorp.Cdktf.Providers.Databricks.Provider;

namespace CdkInfra.Constructs.Tests;

/// <summary>The course material in the synthesized stack: discovery, addresses, sources, course_config.json.</summary>
public sealed class CourseContentTests
{
    private static readonly string[] FixtureNotebooks =
    [
        "setup/course_setup.py", "week1/00_databricks_fundamentals.py", "week1/01_sql_basics.sql", "week5/jobs/ingest_orders_task.py",
    ];

    private static readonly string[] FixtureDataFiles = ["events/clickstream.jsonl", "retail/customers.csv"];

    private static readonly string[] FixturePackageFiles = ["course_etl/pyproject.toml", "course_etl/src/course_etl/__init__.py"];

    private static readonly CourseWorkspaceProps Props = new()
    {
        Roster = Synth.Roster(("teacher@example.com", "admins"), ("Learner.One@example.com", "students"), ("learner-two@example.org", "students")),
        ReferenceCatalogs = new Dictionary<string, IReadOnlyList<string>> { ["sales_dev"] = ["bronze"] },
        Material = Synth.FixtureMaterial,
    };

    private string _scratch = "";

    [SetUp]
    public void CreateScratch() => _scratch = Directory.CreateTempSubdirectory("cdkinfra-content-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void Fixture_content() => Snapshot.Verify(Synth.CourseJson(Props));

    [Test]
    public void Every_fixture_notebook_is_discovered_once_with_its_language_and_workspace_path()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var block = stack.Resource("databricks_notebook", "course_notebooks");
        var instances = stack.Instances("databricks_notebook.course_notebooks", block);
        Assert.That(instances.Select(i => i.Key), Is.EqualTo(FixtureNotebooks), "README.md beside the notebooks is not a notebook");
        var byKey = instances.ToDictionary(i => i.Key!);
        Assert.Multiple(() =>
        {
            Assert.That(stack.Eval(block["path"]!.GetValue<string>(), byKey["week1/00_databricks_fundamentals.py"]),
                Is.EqualTo("/databricks_course/week1/00_databricks_fundamentals"));
            Assert.That(stack.Eval(block["path"]!.GetValue<string>(), byKey["week5/jobs/ingest_orders_task.py"]),
                Is.EqualTo("/databricks_course/week5/jobs/ingest_orders_task"), "nested folders keep their place");
            Assert.That(stack.Eval(block["language"]!.GetValue<string>(), byKey["week1/01_sql_basics.sql"]), Is.EqualTo("SQL"));
            Assert.That(stack.Eval(block["language"]!.GetValue<string>(), byKey["setup/course_setup.py"]), Is.EqualTo("PYTHON"));
        });
    }

    [TestCase("x.py", "PYTHON")]
    [TestCase("x.sql", "SQL")]
    [TestCase("x.scala", "SCALA")]
    [TestCase("x.r", "R")]
    public void The_language_comes_from_the_extension(string file, string language)
    {
        Assert.That(NotebookLanguages.FromFileName(file)?.ProviderName(), Is.EqualTo(language));
    }

    [Test]
    public void A_new_notebook_data_file_or_package_file_is_deployed_without_code_changes()
    {
        var material = CopyFixtures();
        WriteNotebook("notebooks/week2/04_file_ingestion.py", "# Databricks notebook source\n# MAGIC %run ../setup/course_setup\n\n# COMMAND ----------\n\nprint(DATASETS)\n");
        WriteNotebook("notebooks/week3/08_transformations.scala", "// Databricks notebook source\nval x = 1\n");
        WriteNotebook("notebooks/week3/09_windows.r", "# Databricks notebook source\nx <- 1\n");
        WriteNotebook("datasets/data/landing/sensors/readings_2025-03-01.csv", "sensor_id,reading_ts\n1,2025-03-01 00:00:00\n");
        WriteNotebook("packages/course_etl/src/course_etl/transforms.py", "def f():\n    return 1\n");
        WriteNotebook("packages/course_etl/src/course_etl/__pycache__/transforms.cpython-313.pyc", "litter");
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = material }));
        Assert.Multiple(() =>
        {
            Assert.That(Keys(stack, "databricks_notebook", "course_notebooks"), Is.EquivalentTo(FixtureNotebooks.Concat(
                ["week2/04_file_ingestion.py", "week3/08_transformations.scala", "week3/09_windows.r"])));
            Assert.That(Keys(stack, "databricks_file", "course_datasets"), Does.Contain("landing/sensors/readings_2025-03-01.csv"));
            Assert.That(Keys(stack, "databricks_workspace_file", "course_packages"),
                Is.EqualTo(FixturePackageFiles.Append("course_etl/src/course_etl/transforms.py").Order(StringComparer.Ordinal)), "__pycache__ is skipped");
        });
    }

    [Test]
    public void Data_and_package_files_go_to_the_volume_and_the_packages_folder()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        var files = stack.Resource("databricks_file", "course_datasets");
        var packages = stack.Resource("databricks_workspace_file", "course_packages");
        var data = stack.Instances("databricks_file.course_datasets", files);
        Assert.Multiple(() =>
        {
            Assert.That(data.Select(i => i.Key), Is.EqualTo(FixtureDataFiles));
            Assert.That(data.Select(i => stack.Eval(files["path"]!.GetValue<string>(), i)), Is.EqualTo(new[]
            {
                "/Volumes/databricks_course/shared_bronze/course_datasets/events/clickstream.jsonl",
                "/Volumes/databricks_course/shared_bronze/course_datasets/retail/customers.csv",
            }));
            Assert.That(stack.Instances("databricks_workspace_file.course_packages", packages).Select(i => stack.Eval(packages["path"]!.GetValue<string>(), i)),
                Is.EqualTo(FixturePackageFiles.Select(f => $"/databricks_course/packages/{f}")));
            stack.HasResourceProperties("databricks_volume", "course_datasets", """{ "volume_type": "MANAGED" }""");
        });
    }

    [Test]
    public void Settings_move_the_folder_and_the_volume_and_switch_permissions_off()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props)
        {
            CourseWorkspaceFolder = "/Shared/de_course_2026",
            CourseDatasetsSchema = "shared_silver",
            CourseDatasetsVolume = "sample_data",
            CourseFolderPermissions = false,
        }));
        var config = Decode(stack);
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_directory", "course_folder", """{ "path": "/Shared/de_course_2026" }""");
            Assert.That(stack.Resources().Any(r => r.Type == "databricks_permissions"), Is.False);
            Assert.That(config["datasets_path"]!.GetValue<string>(), Is.EqualTo("/Volumes/databricks_course/shared_silver/sample_data"));
            Assert.That(stack.Grants().Single(g => g.SecurableType == "volume").Securable, Is.EqualTo("databricks_course.shared_silver.sample_data"));
        });
    }

    [Test]
    public void Students_read_the_course_folder_and_admins_manage_it()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_permissions", "course_folder", """{ "directory_path": "${databricks_directory.course_folder.path}" }""");
            Assert.That(stack.Resource("databricks_permissions", "course_folder")["access_control"]!.ToJsonString(), Is.EqualTo(
                """[{"group_name":"platform_admins","permission_level":"CAN_MANAGE"},{"group_name":"platform_students","permission_level":"CAN_READ"}]"""));
        });
    }

    [Test]
    public void Course_config_json_is_built_from_the_roster_map_once()
    {
        var json = Synth.CourseJson(Props);
        var stack = new SynthesizedStack(JsonNode.Parse(json)!.AsObject());
        var expression = stack.Resource("databricks_workspace_file", "course_config")["content_base64"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(expression, Does.Contain("for email, user in local.roster : email => user.schema_name"));
            Assert.That(expression, Does.Not.Contain("learner.one@example.com"), "the emails are written once, in local.roster");
            stack.HasResourceProperties("databricks_workspace_file", "course_config", """{ "path": "${databricks_directory.course_folder.path}/course_config.json" }""");
        });
    }

    /// <summary>Terraform itself evaluates the content_base64 expression against local.roster, as plan would.</summary>
    [Test]
    public void Course_config_json_content_is_what_the_setup_notebook_expects()
    {
        var config = Decode(new SynthesizedStack(Synth.Course(Props)));
        var expected = JsonNode.Parse("""
            {
              "catalog": "databricks_course",
              "course_folder": "/databricks_course",
              "datasets_path": "/Volumes/databricks_course/shared_bronze/course_datasets",
              "schemas": { "learner-two@example.org": "learner_two", "learner.one@example.com": "learner_one", "teacher@example.com": "teacher" },
              "shared_schemas": ["shared_bronze", "shared_silver", "shared_gold"]
            }
            """);
        Assert.That(JsonNode.DeepEquals(config, expected), Is.True, config.ToJsonString());
    }

    [Test]
    public void Without_a_datasets_folder_there_is_no_volume_and_datasets_path_is_null()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = new CourseMaterial(Synth.FixtureMaterial) { Datasets = "no/such/folder" } }));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources().Any(r => r.Type is "databricks_volume" or "databricks_file"), Is.False);
            Assert.That(stack.Grants().Any(g => g.SecurableType == "volume"), Is.False);
            Assert.That(Decode(stack)["datasets_path"], Is.Null);
        });
    }

    [Test]
    public void Without_material_the_workspace_has_no_content_and_the_per_user_count_is_unchanged()
    {
        var without = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = null }));
        var absent = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = Synth.MaterialIn(_scratch, "nothing-here") }));
        string[] contentTypes = ["databricks_notebook", "databricks_directory", "databricks_workspace_file", "databricks_volume", "databricks_file", "databricks_permissions"];
        Assert.Multiple(() =>
        {
            Assert.That(without.Resources().Any(r => contentTypes.Contains(r.Type)), Is.False);
            Assert.That(absent.Resources().Any(r => contentTypes.Contains(r.Type)), Is.False, "absent folders deploy nothing");
        });
        int Count(int users, CourseMaterial? material) =>
            new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Roster = Synth.Generated(users, 5), Material = material })).InstanceCount();
        var withContent = Count(30, Synth.FixtureMaterial) - Count(10, Synth.FixtureMaterial);
        Assert.That(withContent, Is.EqualTo(Count(30, null) - Count(10, null)));
        // User, membership, schema, its grants, and a per-principal grant on each of the two catalogs.
        Assert.That(withContent / 20.0, Is.EqualTo(4.0 + Props.ReferenceCatalogs.Count + 1));
        Assert.That(Count(10, Synth.FixtureMaterial) - Count(10, null), Is.EqualTo(4 + 2 + 2 + 5),
            "notebooks, data files, package files, folder, permissions, config, volume, grants: a constant");
    }

    [Test]
    public void Fails_naming_file_and_line_for_every_broken_notebook_at_once()
    {
        var material = CopyFixtures();
        WriteNotebook("notebooks/week2/no_header.py", "print('hi')\n");
        WriteNotebook("notebooks/week2/bare_magic.py", "# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n%sql SELECT 1\n");
        WriteNotebook("notebooks/week2/missing_run.py", "# Databricks notebook source\n# MAGIC %run ../setup/no_such_setup\n");
        WriteNotebook("notebooks/week2/bad_separator.sql", "-- Databricks notebook source\nSELECT 1\n\n-- COMMAND ------\n\nSELECT 2\n");
        WriteNotebook("notebooks/week2/tight_separator.py", "# Databricks notebook source\nx = 1\n# COMMAND ----------\ny = 2\n");
        WriteNotebook("notebooks/week2/run_with_extension.py", "# Databricks notebook source\n# MAGIC %run ../setup/course_setup.py\n");
        WriteNotebook("notebooks/week2/run_outside.py", "# Databricks notebook source\n# MAGIC %run ../../elsewhere\n");
        WriteNotebook("notebooks/week2/wrong header.sql", "# Databricks notebook source\nSELECT 1\n");
        WriteNotebook("notebooks/week2/notes.txt", "not a notebook");
        WriteNotebook("notebooks/week2/big.py", "# Databricks notebook source\n" + new string('#', (int)NotebookValidator.MaxNotebookBytes) + "\n");
        File.WriteAllBytes(Path.Combine(_scratch, "fixture/datasets/data/huge.bin"), new byte[NotebookValidator.MaxFileBytes + 1]);
        var error = Assert.Throws<InputValidationException>(() => Synth.CourseJson(new CourseWorkspaceProps(Props) { Material = material }))!;
        var problems = error.Problems.Select(p => p.ToString()).ToList();
        const string week2 = "fixture/notebooks/week2";
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            $"{week2}/notes.txt: is not a notebook: notebooks are .py, .sql, .scala or .r files in Databricks source format (.md files are skipped); move other files out of the notebooks folder",
            $"{week2}/wrong header.sql: 'wrong header.sql' is not a valid name for the workspace: use letters, digits, '_', '-' and '.', starting with a letter, digit or '_' (no spaces)",
            $"{week2}/bad_separator.sql, line 4: malformed cell separator '-- COMMAND ------'; write exactly '-- COMMAND ----------'",
            $"{week2}/bare_magic.py, line 6: bare magic command '%sql SELECT 1'; in source format a magic line is written '# MAGIC %sql SELECT 1'",
            $"{week2}/big.py: is 1 MiB; a notebook may be at most 1 MiB (keep data in the datasets folder)",
            $"{week2}/missing_run.py, line 2: %run target '../setup/no_such_setup' does not exist: no notebook 'setup/no_such_setup' (.py, .sql, .scala or .r) in the notebooks folder",
            $"{week2}/no_header.py, line 1: a Python notebook must start with the line '# Databricks notebook source' (Databricks source format), found 'print('hi')'",
            $"{week2}/run_outside.py, line 2: %run target '../../elsewhere' points outside the notebooks folder",
            $"{week2}/run_with_extension.py, line 2: %run target '../setup/course_setup.py' has a file extension; the workspace names notebooks without it",
            $"{week2}/tight_separator.py, line 3: the cell separator '# COMMAND ----------' needs a blank line before and after it",
            $"{week2}/wrong header.sql, line 1: a Sql notebook must start with the line '-- Databricks notebook source' (Databricks source format), found '# Databricks notebook source'",
            "fixture/datasets/data/huge.bin: is 10 MiB; files of the course material may be at most 10 MiB",
        }));
    }

    [Test]
    public void Fails_when_two_notebooks_or_a_notebook_and_a_folder_share_a_workspace_name()
    {
        var material = CopyFixtures();
        WriteNotebook("notebooks/week1/00_databricks_fundamentals.sql", "-- Databricks notebook source\nSELECT 1\n");
        WriteNotebook("notebooks/week5.py", "# Databricks notebook source\nx = 1\n");
        WriteNotebook("notebooks/packages/x.py", "# Databricks notebook source\nx = 1\n");
        var problems = NotebookValidator.Validate(material).Select(p => p.ToString()).ToList();
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "fixture/notebooks/week1/00_databricks_fundamentals.sql: would be the same workspace notebook 'week1/00_databricks_fundamentals' as fixture/notebooks/week1/00_databricks_fundamentals.py; rename one of them",
            "fixture/notebooks/week5.py: would have the same workspace name as the folder 'week5/'; rename one of them",
            "fixture/notebooks/packages/x.py: 'packages' at the top of the course folder is taken by the deployment (course_config.json, packages); rename it",
        }));
    }

    [Test]
    public void The_fixture_material_is_valid() => Assert.That(NotebookValidator.Validate(Synth.FixtureMaterial), Is.Empty);

    [Test]
    public void Fails_on_a_bad_workspace_folder_datasets_schema_or_volume_name()
    {
        var problems = (new CourseWorkspaceProps(Props) { CourseWorkspaceFolder = "Shared/x/", CourseDatasetsSchema = "bronze", CourseDatasetsVolume = "Course Data" })
            .Validate("CourseWorkspaceProps").Select(p => p.ToString()).ToList();
        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "CourseWorkspaceProps, field 'CourseWorkspaceFolder': 'Shared/x/' is not a workspace folder: an absolute path such as /databricks_course, without '//', '.', '..', spaces or a trailing '/'",
            "CourseWorkspaceProps, field 'CourseDatasetsSchema': 'bronze' is not a course shared schema (shared_bronze, shared_silver, shared_gold); the datasets volume lives in one, so students can reach it",
            "CourseWorkspaceProps, field 'CourseDatasetsVolume': 'Course Data' is not a valid volume name (1 to 255 characters from a-z, 0-9 and _)",
        }));
    }

    [TestCase("/Shared")]
    [TestCase("/Shared/databricks_course")]
    [TestCase("/Workspace/Shared/de/course")]
    public void Fails_when_the_course_folder_is_inside_Shared_and_its_permissions_are_managed(string folder)
    {
        var problems = (new CourseWorkspaceProps(Props) { CourseWorkspaceFolder = folder }).Validate("CourseWorkspaceProps").Select(p => p.ToString()).ToList();
        Assert.That(problems, Is.EqualTo(new[]
        {
            $"CourseWorkspaceProps, field 'CourseWorkspaceFolder': '{folder}' is inside /Shared, where Databricks gives every user CAN_MANAGE (inherited, "
            + "it cannot be lowered), so students could edit the notebooks and rewrite course_config.json and the folder permissions would not "
            + "hold; use a folder at the workspace root such as /databricks_course (only workspace admins can create there), or set "
            + "CourseFolderPermissions to false",
        }));
    }

    [TestCase("/databricks_course")]
    [TestCase("/Users/teacher@example.com/course")]
    [TestCase("/SharedCourse")]
    public void A_course_folder_outside_Shared_is_accepted(string folder) =>
        Assert.That((new CourseWorkspaceProps(Props) { CourseWorkspaceFolder = folder }).Validate("CourseWorkspaceProps"), Is.Empty);

    [Test]
    public void The_default_course_folder_is_at_the_workspace_root() =>
        Assert.That(new CourseWorkspaceProps { Roster = Props.Roster }.CourseWorkspaceFolder, Is.EqualTo("/databricks_course"));

    [Test]
    public void Solutions_go_to_a_sibling_folder_only_the_admins_group_can_read()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial) }));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_directory", "course_solutions_folder", """{ "path": "/databricks_course_solutions" }""",
                "a sibling: below the course folder students would inherit CAN_READ");
            stack.HasResourceProperties("databricks_permissions", "course_solutions_folder", """{ "directory_path": "${databricks_directory.course_solutions_folder.path}" }""");
            Assert.That(stack.Resource("databricks_permissions", "course_solutions_folder")["access_control"]!.ToJsonString(),
                Is.EqualTo("""[{"group_name":"platform_admins","permission_level":"CAN_READ"}]"""));
            stack.HasResourceProperties("databricks_workspace_file", "course_solutions_config", """
                { "path": "${databricks_directory.course_solutions_folder.path}/course_config.json" }
                """);
        });
    }

    [Test]
    public void The_solutions_folder_holds_every_notebook_with_the_solutions_laid_over_the_lessons()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial) }));
        var block = stack.Resource("databricks_notebook", "course_solutions");
        var instances = stack.Instances("databricks_notebook.course_solutions", block).ToDictionary(i => i.Key!);
        string Source(string key) => stack.Eval(block["source"]!.GetValue<string>(), instances[key]);
        Assert.Multiple(() =>
        {
            Assert.That(instances.Keys, Is.EqualTo(FixtureNotebooks), "the setup and the job tasks are there for the solutions to %run");
            Assert.That(Source("week1/00_databricks_fundamentals.py"), Does.Contain("SolutionsAsset"), "a lesson with a solution is deployed as its solution");
            Assert.That(Source("setup/course_setup.py"), Does.Contain("NotebooksAsset"));
            Assert.That(stack.Eval(block["path"]!.GetValue<string>(), instances["week5/jobs/ingest_orders_task.py"]),
                Is.EqualTo("/databricks_course_solutions/week5/jobs/ingest_orders_task"));
        });
    }

    [Test]
    public void Solutions_default_to_the_folder_beside_the_notebooks()
    {
        var material = CopyFixtures();
        Directory.Move(Path.Combine(_scratch, "fixture", "lesson-solutions"), Path.Combine(_scratch, "fixture", "solutions"));
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = material }));
        Assert.That(Keys(stack, "databricks_notebook", "course_solutions"), Is.EqualTo(FixtureNotebooks));
    }

    [Test]
    public void The_smoke_job_runs_every_solution_in_lesson_order_on_serverless()
    {
        var material = CopyFixtures();
        WriteNotebook("notebooks/week2/04_file_ingestion.py", "# Databricks notebook source\nprint(1)\n");
        WriteNotebook("lesson-solutions/week2/04_file_ingestion.py", "# Databricks notebook source\nprint(2)\n");
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(material, "fixture/lesson-solutions") }));
        var tasks = stack.Resource("databricks_job", "course_smoke")["task"]!.AsArray();
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_job", "course_smoke", """
                {
                  "name": "databricks_course smoke test",
                  "task": [
                    {
                      "task_key": "week1_00_databricks_fundamentals",
                      "notebook_task": { "notebook_path": "/databricks_course_solutions/week1/00_databricks_fundamentals" },
                      // The first lesson starts the run.
                      "depends_on": null
                    },
                    {
                      "task_key": "week2_04_file_ingestion",
                      "notebook_task": { "notebook_path": "/databricks_course_solutions/week2/04_file_ingestion" },
                      "depends_on": [ { "task_key": "week1_00_databricks_fundamentals" } ]
                    }
                  ]
                }
                """);
            Assert.That(tasks.Any(t => t!["existing_cluster_id"] is not null || t!["new_cluster"] is not null || t!["job_cluster_key"] is not null),
                Is.False, "no cluster: the tasks run on serverless compute");
            Assert.That(stack.DependsOn("databricks_job", "course_smoke"), Does.Contain("databricks_notebook.course_solutions"));
            stack.HasOutput("course_smoke_job_id", """{ "value": "${databricks_job.course_smoke.id}" }""");
            stack.HasOutput("course_smoke_job_url", """{ "value": "${databricks_job.course_smoke.url}" }""");
        });
    }

    [Test]
    public void The_smoke_job_runs_as_the_named_test_student_who_alone_of_the_students_may_read_the_solutions()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial), CourseSmokeRunAs = "learner-two@example.org" }));
        var job = stack.Resource("databricks_job", "course_smoke");
        var access = stack.Resource("databricks_permissions", "course_solutions_folder")["access_control"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(job["run_as"]!.ToJsonString(), Is.EqualTo("""{"user_name":"learner-two@example.org"}"""));
            Assert.That(stack.DependsOn("databricks_job", "course_smoke"), Has.Some.EqualTo("databricks_grant.course_catalog_grants_databricks_course"),
                "the user exists before run_as names it (users mode: the catalog grants wait for the users)");
            Assert.That(access.Select(a => a!.ToJsonString()), Is.EquivalentTo(new[]
            {
                """{"group_name":"platform_admins","permission_level":"CAN_READ"}""",
                """{"permission_level":"CAN_READ","user_name":"learner-two@example.org"}""",
            }));
        });
    }

    [Test]
    public void Without_run_as_the_job_runs_as_its_owner_and_only_admins_read_the_solutions()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial) }));
        Assert.Multiple(() =>
        {
            stack.HasResourceProperties("databricks_job", "course_smoke", """{ "run_as": null }""");
            Assert.That(stack.Resource("databricks_permissions", "course_solutions_folder")["access_control"]!.AsArray(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void The_smoke_job_runs_on_the_named_cluster_when_there_is_no_serverless()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial), CourseSmokeClusterId = "0123-456789-abcdefgh" }));
        var tasks = stack.Resource("databricks_job", "course_smoke")["task"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(tasks, Is.Not.Empty);
            Assert.That(tasks.Select(t => t!["existing_cluster_id"]?.GetValue<string>()), Is.All.EqualTo("0123-456789-abcdefgh"));
        });
    }

    /// <summary>
    /// The smoke job is written from plain attributes (PlainResource: the generated class's module is 6 MB of JavaScript
    /// to load). The generated <c>Job</c> class, given the same values, must write the same block: a misspelled or
    /// misplaced attribute comes out missing or different there.
    /// </summary>
    [TestCase(null, null)]
    [TestCase("learner-two@example.org", null)]
    [TestCase(null, "0123-456789-abcdefgh")]
    public void The_smoke_job_block_is_the_one_the_generated_Job_class_writes(string? runAs, string? cluster)
    {
        var material = CopyFixtures();
        WriteNotebook("notebooks/week2/04_file_ingestion.py", "# Databricks notebook source\nprint(1)\n");
        WriteNotebook("lesson-solutions/week2/04_file_ingestion.py", "# Databricks notebook source\nprint(2)\n");
        var props = new CourseWorkspaceProps(Props) { Material = WithSolutions(material, "fixture/lesson-solutions"), CourseSmokeRunAs = runAs, CourseSmokeClusterId = cluster };
        var plain = new SynthesizedStack(Synth.Course(props)).Resource("databricks_job", "course_smoke");

        var app = HashiCorp.Cdktf.Testing.App();
        var stack = new HashiCorp.Cdktf.TerraformStack(app, "typed");
        _ = new DatabricksProvider(stack, "Databricks", new DatabricksProviderConfig());
        var job = new Job(stack, "SmokeJob", new JobConfig
        {
            Name = plain["name"]!.GetValue<string>(),
            Description = plain["description"]!.GetValue<string>(),
            MaxConcurrentRuns = plain["max_concurrent_runs"]!.GetValue<double>(),
            Tags = plain["tags"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.GetValue<string>()),
            Task = plain["task"]!.AsArray().Select(t => new JobTask
            {
                TaskKey = t!["task_key"]!.GetValue<string>(),
                NotebookTask = new JobTaskNotebookTask { NotebookPath = t["notebook_task"]!["notebook_path"]!.GetValue<string>() },
                ExistingClusterId = t["existing_cluster_id"]?.GetValue<string>(),
                DependsOn = t["depends_on"]?.AsArray().Select(d => new JobTaskDependsOn { TaskKey = d!["task_key"]!.GetValue<string>() }).ToArray(),
                TimeoutSeconds = t["timeout_seconds"]!.GetValue<double>(),
            }).ToArray(),
            RunAs = plain["run_as"] is { } user ? new JobRunAs { UserName = user["user_name"]!.GetValue<string>() } : null,
        });
        job.OverrideLogicalId("course_smoke");
        var typed = new SynthesizedStack(JsonNode.Parse(HashiCorp.Cdktf.Testing.Synth(stack))!.AsObject()).Resource("databricks_job", "course_smoke");

        // The metadata names the construct path; depends_on names resources of the course stack (tested above).
        foreach (var block in new[] { plain, typed })
        {
            block.Remove("//");
            block.Remove("depends_on");
        }

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(plain, typed), Is.True, $"plain: {plain.ToJsonString()}\ntyped: {typed.ToJsonString()}");
            Assert.That(plain["task"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(plain["run_as"] is not null, Is.EqualTo(runAs is not null));
            Assert.That(plain["task"]![0]!["existing_cluster_id"]?.GetValue<string>(), Is.EqualTo(cluster));
        });
    }

    [TestCase("nobody@example.com", "'nobody@example.com' is not a user of ")]
    [TestCase("teacher@example.com", "whose field groups is [admins]: the smoke-test job runs as a student")]
    [TestCase("Learner.One@example.com", "must be written as the roster writes it, 'learner.one@example.com'")]
    public void Fails_when_the_smoke_job_runs_as_someone_who_is_not_a_test_student_of_the_roster(string runAs, string message)
    {
        var problems = (new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial), CourseSmokeRunAs = runAs })
            .Validate("CourseWorkspaceProps");
        Assert.That(problems.Select(p => (p.Field, p.ToString())), Has.One.Matches<(string? Field, string Text)>(
            p => p.Field == "CourseSmokeRunAs" && p.Text.Contains(message, StringComparison.Ordinal)));
    }

    [Test]
    public void Fails_when_the_smoke_cluster_is_no_cluster_id()
    {
        var problems = (new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial), CourseSmokeClusterId = "${file(\"x\")}" })
            .Validate("CourseWorkspaceProps");
        Assert.That(problems.Select(p => p.Field), Is.EqualTo(new[] { "CourseSmokeClusterId" }));
    }

    [Test]
    public void Without_solutions_the_run_as_user_is_not_checked()
    {
        var problems = (new CourseWorkspaceProps(Props) { CourseSmokeRunAs = "nobody@example.com" }).Validate("CourseWorkspaceProps");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void The_smoke_job_setting_switches_it_off()
    {
        var stack = new SynthesizedStack(Synth.Course(new CourseWorkspaceProps(Props) { Material = WithSolutions(Synth.FixtureMaterial), CourseSmokeJob = false }));
        Assert.Multiple(() =>
        {
            Assert.That(stack.Resources().Any(r => r.Type == "databricks_job"), Is.False);
            Assert.That(stack.Resources().Any(r => r.Name == "course_solutions"), Is.True, "the solutions are still deployed");
        });
    }

    [TestCase("week1/00_databricks_fundamentals", "week1_00_databricks_fundamentals")]
    [TestCase("week5/jobs/a.b c", "week5_jobs_a_b_c")]
    public void Task_keys_keep_only_the_characters_jobs_accept(string notebook, string key) =>
        Assert.That(CourseContent.TaskKey(notebook), Is.EqualTo(key));

    [Test]
    public void Without_solutions_there_is_no_solutions_folder()
    {
        var stack = new SynthesizedStack(Synth.Course(Props));
        Assert.That(stack.Resources().Any(r => r.Name.StartsWith("course_solutions", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void A_solution_without_its_lesson_is_refused_with_its_file_name()
    {
        var material = CopyFixtures();
        WriteNotebook("solutions/week1/00_databricks_fundamentals.py", "# Databricks notebook source\nprint(1)\n");
        WriteNotebook("solutions/week2/04_missing.py", "# Databricks notebook source\nprint(1)\n");
        var problems = NotebookValidator.Validate(WithSolutions(material, "fixture/solutions"));
        Assert.That(problems.Select(p => p.ToString()), Has.Some.Contains("fixture/solutions/week2/04_missing.py")
            .And.Some.Contains("solves no lesson"));
    }

    private static CourseMaterial WithSolutions(CourseMaterial material, string folder = TestEnvironment.FixturesFolder + "/course/lesson-solutions") =>
        new CourseMaterial(material) { Solutions = folder };

    private static IEnumerable<string?> Keys(SynthesizedStack stack, string type, string name) =>
        stack.Instances($"{type}.{name}", stack.Resource(type, name)).Select(i => i.Key);

    /// <summary>Evaluates course_config.json's content_base64 with <c>terraform console</c> against the synthesized local.roster.</summary>
    private JsonNode Decode(SynthesizedStack stack) =>
        TerraformConsole.Evaluate(_scratch, new JsonObject
        {
            ["roster"] = stack.Root["locals"]!["roster"]!.DeepClone(),
            ["config"] = stack.Resource("databricks_workspace_file", "course_config")["content_base64"]!.DeepClone(),
        }, "jsondecode(base64decode(local.config))");

    /// <summary>Copies the fixtures to the scratch folder; messages then name files 'fixture/...', independent of the temp path.</summary>
    private CourseMaterial CopyFixtures()
    {
        var source = TestEnvironment.Fixture("course");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_scratch, "fixture", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return Synth.MaterialIn(_scratch, "fixture");
    }

    private void WriteNotebook(string relative, string text)
    {
        var path = Path.Combine(_scratch, "fixture", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
