using CdkInfra.Emulator.Values;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// Ported from TPD workspace/resource_directory_test.go, workspace/resource_notebook_test.go and
/// mlflow/resource_mlflow_experiment_test.go (v1.99.0).
/// </summary>
public sealed class ProviderCasesWorkspace
{
    // workspace/resource_directory_test.go TestResourceDirectoryCreate
    [Test]
    public void A_directory_id_is_its_path_with_an_object_id()
    {
        var state = new Emulated().Create("databricks_directory", Obj(("path", "/test/path")));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo("/test/path"));
            Assert.That(state["object_id"], Is.TypeOf<long>());
            Assert.That(state["workspace_path"], Is.EqualTo("/Workspace/test/path"));
        });
    }

    // workspace/resource_directory_test.go TestDirectoryPathSuppressDiff (new == old + "/")
    [TestCase("/TF_DIR_WITH_SLASH/", false)]
    [TestCase("/new_dir", true)]
    public void A_directory_path_with_a_trailing_slash_added_is_no_change(string path, bool replaced)
    {
        var e = new Emulated();
        var prior = e.Create("databricks_directory", Obj(("path", "/TF_DIR_WITH_SLASH")));
        Assert.That(RequiresReplace("databricks_directory", e.Plan("databricks_directory", Obj(("path", path)), prior)).Contains("path"), Is.EqualTo(replaced));
    }

    // workspace/resource_notebook_test.go TestResourceNotebookCreateSource_Jupyter, TestResourceNotebookCreateSource
    // (language from the source file: PYTHON for .ipynb, SQL for .sql)
    [TestCase("acceptance/testdata/tf-test-jupyter.ipynb", "PYTHON")]
    [TestCase("acceptance/testdata/tf-test-sql.sql", "SQL")]
    public void A_notebook_from_a_source_file_gets_its_language(string source, string language)
    {
        var state = new Emulated().Create("databricks_notebook", Obj(("source", source), ("path", "/Mars")));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo("/Mars"));
            Assert.That(state["language"], Is.EqualTo(language));
            Assert.That(state["object_id"], Is.TypeOf<long>());
        });
    }

    // mlflow/resource_mlflow_experiment_test.go TestExperimentCreate
    [Test]
    public void An_experiment_id_is_its_experiment_id()
    {
        var state = new Emulated().Create("databricks_mlflow_experiment", Obj(("name", "/Users/deployer@example.com/xyz")));
        Assert.Multiple(() =>
        {
            Assert.That(state["experiment_id"], Is.EqualTo(state["id"]));
            Assert.That(state["lifecycle_stage"], Is.EqualTo("active"));
        });
    }

    // mlflow/resource_mlflow_experiment_test.go TestExperimentNameSuppressDiff
    [TestCase("/EXPERIMENT", "/Workspace/EXPERIMENT/", true)]
    [TestCase("/EXPERIMENT", "/Workspace/EXPERIMENT", true)]
    [TestCase("/EXPERIMENT", "/EXPERIMENT/", true)]
    [TestCase("/EXPERIMENT/", "/new_name", false)]
    public void An_experiment_name_with_a_workspace_prefix_or_trailing_slash_is_no_change(string before, string after, bool same)
    {
        var e = new Emulated();
        var prior = e.Create("databricks_mlflow_experiment", Obj(("name", before)));
        Assert.That(e.Plan("databricks_mlflow_experiment", Obj(("name", after)), prior).Planned["name"], Is.EqualTo(same ? before : after));
    }
}
