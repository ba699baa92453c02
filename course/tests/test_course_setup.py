"""Tests of the course setup notebook off Databricks: its Python cells run with fake spark and dbutils objects."""

import json
import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "setup" / "course_setup.py"
SEPARATOR = "# COMMAND ----------"


def python_cells(path=NOTEBOOK):
    """The notebook's Python cells, each padded with blank lines so tracebacks show the file's line numbers."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cells, start = [], 1
    for number, line in enumerate(lines[1:] + [SEPARATOR], start=1):
        if line == SEPARATOR:
            body = lines[start:number]
            if any(ln.strip() for ln in body) and not next(ln for ln in body if ln.strip()).startswith("# MAGIC"):
                cells.append("\n" * start + "\n".join(body))
            start = number + 1
    return cells


class FakeWidgets:
    def __init__(self, values):
        self.values = values

    def get(self, name):
        if name not in self.values:
            raise ValueError(f"InputWidgetNotDefined: {name}")
        return self.values[name]


class FakeOptional:
    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class FakeDbutils:
    """Just what the setup notebook touches: widgets and the notebook context's path."""

    def __init__(self, notebook_path="/Users/ana@example.com/course/week1/00_x", widgets=None, context_error=None):
        self.widgets = FakeWidgets(widgets or {})
        self.notebook = mock.Mock(entry_point=self)
        self._path = notebook_path
        self._error = context_error

    def getDbutils(self):
        return mock.Mock(notebook=lambda: self)

    def getContext(self):
        if self._error:
            raise self._error
        return self

    def notebookPath(self):
        return FakeOptional(self._path)


class FakeRow(tuple):
    pass


class FakeResult:
    def __init__(self, value):
        self.value = value

    def first(self):
        return FakeRow((self.value,))


class FakeSpark:
    def __init__(self, user="Ana@Example.com", missing_schema=False):
        self.user = user
        self.statements = []
        self.missing_schema = missing_schema

    def sql(self, statement):
        self.statements.append(statement)
        if statement.startswith("SELECT current_user()"):
            return FakeResult(self.user)
        if statement.startswith("USE SCHEMA") and self.missing_schema:
            raise RuntimeError("[SCHEMA_NOT_FOUND] The schema `ana` cannot be found.\nstack trace ...")
        return FakeResult(None)


CONFIG = {
    "catalog": "databricks_course",
    "datasets_path": "/Volumes/databricks_course/shared_bronze/course_datasets",
    "shared_schemas": ["shared_bronze", "shared_silver", "shared_gold"],
    "schemas": {"ana@example.com": "ana", "Ben.Engineer@example.com": "ben_engineer"},
}


class CourseSetupTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.config_path = Path(self.tmp.name, "course_config.json")
        self.config_path.write_text(json.dumps(CONFIG), encoding="utf-8")

    def run_notebook(self, spark=None, dbutils=None, env=None):
        """Executes every Python cell of the notebook, as %run does; returns the notebook's globals."""
        namespace = {"spark": spark or FakeSpark(), "dbutils": dbutils or FakeDbutils(), "__name__": "__notebook__"}
        environ = {"COURSE_CONFIG_PATH": str(self.config_path)} if env is None else env
        with mock.patch.dict(os.environ, environ, clear=True), mock.patch("builtins.print"):
            for cell in python_cells():
                exec(compile(cell, str(NOTEBOOK), "exec"), namespace)
        return namespace

    def functions(self):
        return self.run_notebook()

    # --- the globals of the contract

    def test_defines_the_contract_globals_and_uses_the_schema(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        self.assertEqual(ns["CATALOG"], "databricks_course")
        self.assertEqual(ns["SCHEMA"], "ana")
        self.assertEqual(ns["USER"], "ana@example.com")
        self.assertEqual(ns["DATASETS"], "/Volumes/databricks_course/shared_bronze/course_datasets")
        self.assertEqual(ns["SHARED_SCHEMAS"], ["shared_bronze", "shared_silver", "shared_gold"])
        self.assertEqual(ns["table_name"]("orders"), "databricks_course.ana.orders")
        self.assertIn("USE CATALOG `databricks_course`", spark.statements)
        self.assertIn("USE SCHEMA `ana`", spark.statements)

    def test_user_lookup_ignores_case_on_both_sides(self):
        ns = self.run_notebook(spark=FakeSpark(user="BEN.ENGINEER@EXAMPLE.COM"))
        self.assertEqual(ns["SCHEMA"], "ben_engineer")
        self.assertEqual(ns["USER"], "ben.engineer@example.com")

    def test_check_prints_passed_or_raises_the_hint(self):
        ns = self.functions()
        with mock.patch("builtins.print") as printed:
            ns["check"](True, "the table has 500 rows", "unused")
        printed.assert_called_once_with("PASSED: the table has 500 rows")
        with self.assertRaises(AssertionError) as raised:
            ns["check"](False, "unused", "Expected 500 rows: did you skip the header?")
        self.assertEqual(str(raised.exception), "Expected 500 rows: did you skip the header?")

    def test_drop_tables_drops_in_the_personal_schema_only_plain_names(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        with mock.patch("builtins.print"):
            ns["drop_tables"]("orders_bronze", "customers")
        self.assertEqual(spark.statements[-2:], ["DROP TABLE IF EXISTS databricks_course.ana.orders_bronze",
                                                 "DROP TABLE IF EXISTS databricks_course.ana.customers"])
        with self.assertRaises(ValueError):
            ns["drop_tables"]("x; DROP SCHEMA y")

    # --- finding course_config.json

    def test_walks_up_from_the_notebook_folder_to_the_nearest_config(self):
        ns = self.functions()
        root = Path(self.tmp.name, "ws")
        (root / "Users/ana@example.com/course/week1").mkdir(parents=True)
        (root / "Users/ana@example.com/course/course_config.json").write_text(json.dumps(CONFIG), encoding="utf-8")
        found = ns["find_config"]("/Users/ana@example.com/course/week1/00_x", workspace_root=str(root))
        self.assertEqual(found, f"{root}/Users/ana@example.com/course/course_config.json")

    def test_candidates_go_from_the_notebook_folder_to_the_root(self):
        ns = self.functions()
        self.assertEqual(ns["config_candidates"]("/Users/a@example.com/course/week5/jobs/task"), [
            "/Workspace/Users/a@example.com/course/week5/jobs/course_config.json",
            "/Workspace/Users/a@example.com/course/week5/course_config.json",
            "/Workspace/Users/a@example.com/course/course_config.json",
            "/Workspace/Users/a@example.com/course_config.json",
            "/Workspace/Users/course_config.json",
            "/Workspace/course_config.json",
        ])
        # a path that already carries the /Workspace prefix is not prefixed twice
        self.assertEqual(ns["config_candidates"]("/Workspace/Shared/course/week1/00_x")[0],
                         "/Workspace/Shared/course/week1/course_config.json")

    def test_full_setup_finds_the_config_through_the_notebook_path(self):
        ns = self.functions()
        root = Path(self.tmp.name, "ws")
        (root / "Shared/course/week2").mkdir(parents=True)
        (root / "Shared/course/course_config.json").write_text(json.dumps(CONFIG), encoding="utf-8")
        result = ns["run_course_setup"](FakeSpark(), FakeDbutils("/Shared/course/week2/05_api_ingest"), environ={},
                                        workspace_root=str(root))
        self.assertEqual(result["schema"], "ana")
        self.assertEqual(result["config_path"], f"{root}/Shared/course/course_config.json")

    def test_widget_override_wins_over_the_environment(self):
        other = Path(self.tmp.name, "other.json")
        other.write_text(json.dumps(dict(CONFIG, catalog="course_copy")), encoding="utf-8")
        ns = self.run_notebook(dbutils=FakeDbutils(widgets={"course_config_path": str(other)}))
        self.assertEqual(ns["CATALOG"], "course_copy")

    # --- failures say what is missing and whom to ask

    def assert_setup_fails(self, *fragments, **kwargs):
        with self.assertRaises(Exception) as raised:
            self.run_notebook(**kwargs)
        self.assertEqual(type(raised.exception).__name__, "CourseSetupError")
        for fragment in fragments:
            self.assertIn(fragment, str(raised.exception))

    def test_no_config_anywhere_lists_where_it_looked(self):
        self.assert_setup_fails(
            "course_config.json was not found in the folder of this notebook (/Users/ana@example.com/nowhere/lesson)",
            "/Workspace/Users/ana@example.com/nowhere/course_config.json", "/Workspace/course_config.json",
            "course_config_path", "COURSE_CONFIG_PATH", "Ask your course instructor",
            dbutils=FakeDbutils("/Users/ana@example.com/nowhere/lesson"), env={})

    def test_unknown_user_names_the_user_and_the_file(self):
        self.assert_setup_fails("No personal schema for 'zoe@example.com' in " + str(self.config_path),
                                "users.json", "Ask your course instructor", spark=FakeSpark(user="Zoe@Example.com"))

    def test_override_to_a_missing_file(self):
        self.assert_setup_fails("/nope/course_config.json (from the widget 'course_config_path' or COURSE_CONFIG_PATH)"
                                " does not exist", env={"COURSE_CONFIG_PATH": "/nope/course_config.json"})

    def test_invalid_config_names_the_file_and_every_bad_field(self):
        self.config_path.write_text(json.dumps({"catalog": "bad-name", "datasets_path": "dbfs:/x",
                                                "shared_schemas": [], "schemas": {"a@example.com": "a b"}}))
        self.assert_setup_fails(str(self.config_path), "field 'catalog'", "'bad-name'", "field 'datasets_path'",
                                "field 'schemas.a@example.com'")

    def test_a_course_without_sample_data_sets_datasets_to_none(self):
        config = json.loads(self.config_path.read_text())
        config["datasets_path"] = None
        self.config_path.write_text(json.dumps(config))
        ns = self.run_notebook()
        self.assertIsNone(ns["DATASETS"])
        self.assertEqual(ns["SCHEMA"], "ana")

    def test_malformed_json(self):
        self.config_path.write_text("{ not json")
        self.assert_setup_fails(str(self.config_path), "not valid JSON")

    def test_schema_that_cannot_be_used(self):
        self.assert_setup_fails("Cannot use the schema databricks_course.ana", "SCHEMA_NOT_FOUND",
                                spark=FakeSpark(missing_schema=True))

    def test_notebook_context_unavailable(self):
        self.assert_setup_fails("Cannot read this notebook's workspace path", "course_config_path",
                                dbutils=FakeDbutils(context_error=RuntimeError("no context")), env={})


if __name__ == "__main__":
    unittest.main()
