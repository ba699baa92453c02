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
    def __init__(self, user="Ana@Example.com", missing_schema=False, refuse_writes=False, old_runtime=False):
        self.user = user
        self.statements = []
        self.arguments = []
        self.missing_schema = missing_schema
        self.refuse_writes = refuse_writes
        self.old_runtime = old_runtime

    def sql(self, statement, args=None):
        self.statements.append(statement)
        if args is not None:
            self.arguments.append(args)
        if self.refuse_writes and statement.startswith(("CREATE TABLE", "INSERT")):
            raise RuntimeError("[INSUFFICIENT_PERMISSIONS] User does not have MODIFY on the table.\nstack trace")
        if statement.startswith("SELECT current_user()"):
            return FakeResult(self.user)
        if "try_to_date" in statement and self.old_runtime:
            # What Databricks Runtime 16.4 answers: the function exists from 17.2 on.
            raise RuntimeError("[UNRESOLVED_ROUTINE] Cannot resolve routine `try_to_date` on search path "
                               "[`system`.`builtin`, `system`.`session`].\nstack trace")
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
            ns["check"]("rows", True, "the table has 500 rows", "unused")
        printed.assert_called_once_with("PASSED: the table has 500 rows")
        with self.assertRaises(AssertionError) as raised:
            ns["check"]("rows", False, "unused", "Expected 500 rows: did you skip the header?")
        self.assertEqual(str(raised.exception), "Expected 500 rows: did you skip the header?")

    def test_check_records_each_result_under_its_id_in_the_students_own_schema(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        with mock.patch("builtins.print"):
            ns["check"]("rows", True, "the table has 500 rows", "unused")
            with self.assertRaises(AssertionError):
                ns["check"]("table.comment", False, "the table has a comment", "Add a comment")
        creates = [s for s in spark.statements if s.startswith("CREATE TABLE IF NOT EXISTS")]
        inserts = [s for s in spark.statements if s.startswith("INSERT INTO")]
        self.assertEqual(len(creates), 1, "the table is created once")
        self.assertTrue(creates[0].startswith("CREATE TABLE IF NOT EXISTS databricks_course.ana.course_progress"))
        self.assertEqual(inserts, ["INSERT INTO databricks_course.ana.course_progress VALUES (:student, :lesson, "
                                   ":check_name, :passed, current_timestamp())"] * 2)
        self.assertEqual(spark.arguments, [
            {"student": "ana@example.com", "lesson": "00_x", "check_name": "rows", "passed": True},
            {"student": "ana@example.com", "lesson": "00_x", "check_name": "table.comment", "passed": False},
        ])

    def test_a_failure_and_the_later_pass_share_one_id_whatever_the_messages_say(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        with mock.patch("builtins.print"):
            with self.assertRaises(AssertionError):
                ns["check"]("saving", False, "saves 976.05 per month", "saving is 12.0")
            ns["check"]("saving", True, "saves 976.05 per month", "unused")
        self.assertEqual([(a["check_name"], a["passed"]) for a in spark.arguments], [("saving", False), ("saving", True)])

    def test_a_check_id_is_a_fixed_name_not_a_message(self):
        ns = self.functions()
        for bad in ["the table has 500 rows", "Rows", "", None, "a..b", "x" * 101]:
            with self.subTest(check_id=bad), self.assertRaises(ValueError):
                ns["check"](bad, True, "m", "h")
        with self.assertRaises(ValueError):
            ns["checking"]("Not An Id", "h").__enter__()

    def test_checking_turns_an_unfinished_exercise_into_the_hint(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        saving = None
        with mock.patch("builtins.print"), self.assertRaises(AssertionError) as raised:
            with ns["checking"]("cost", "Run your exercise cell first: it defines monthly_cost and saving."):
                ns["check"]("cost.saving", saving.real > 0, "ok", "unused")
        self.assertEqual(str(raised.exception), "Run your exercise cell first: it defines monthly_cost and saving. "
                                                "(the check could not run: 'NoneType' object has no attribute 'real')")
        self.assertIsNone(raised.exception.__cause__)
        self.assertEqual([(a["check_name"], a["passed"]) for a in spark.arguments], [("cost", False)])

    def test_checking_keeps_a_failed_checks_own_hint_and_records_both(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        with mock.patch("builtins.print"), self.assertRaises(AssertionError) as raised:
            with ns["checking"]("cost", "unused"):
                ns["check"]("cost.saving", False, "ok", "The saving is always_on - auto_terminated.")
        self.assertEqual(str(raised.exception), "The saving is always_on - auto_terminated.")
        self.assertEqual([(a["check_name"], a["passed"]) for a in spark.arguments],
                         [("cost.saving", False), ("cost", False)])

    def test_checking_passes_its_id_when_every_check_passed(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        with mock.patch("builtins.print"), ns["checking"]("cost", "unused"):
            ns["check"]("cost.saving", True, "ok", "unused")
        self.assertEqual([(a["check_name"], a["passed"]) for a in spark.arguments],
                         [("cost.saving", True), ("cost", True)])

    def test_approx_compares_with_a_tolerance_and_never_raises(self):
        ns = self.functions()
        always_on, auto_terminated = 1301.4, 325.35
        self.assertNotEqual(always_on - auto_terminated, 976.05, "the float difference this helper exists for")
        self.assertTrue(ns["approx"](always_on - auto_terminated, 976.05))
        self.assertFalse(ns["approx"](976.1, 976.05))
        self.assertTrue(ns["approx"](1.00004, 1.0, 0.0001))
        self.assertFalse(ns["approx"](None, 1.0))
        self.assertFalse(ns["approx"]("n/a", 1.0))

    def test_a_check_still_passes_or_fails_when_progress_cannot_be_written(self):
        ns = self.run_notebook(spark=FakeSpark(refuse_writes=True))
        with mock.patch("builtins.print") as printed:
            ns["check"]("ok", True, "ok", "unused")
        self.assertIn("(progress not recorded: [INSUFFICIENT_PERMISSIONS]", printed.call_args_list[0].args[0])
        self.assertEqual(printed.call_args_list[-1].args[0], "PASSED: ok")
        with mock.patch("builtins.print"), self.assertRaises(AssertionError):
            ns["check"]("not_ok", False, "not ok", "the hint")

    # --- the runtime

    def test_an_older_runtime_stops_the_setup_with_the_requirement(self):
        self.assert_setup_fails("try_to_date is missing ([UNRESOLVED_ROUTINE] Cannot resolve routine `try_to_date`",
                                "Databricks Runtime 17.3 LTS or newer, or serverless compute",
                                spark=FakeSpark(old_runtime=True))

    def test_the_runtime_probe_runs_once_per_setup(self):
        spark = FakeSpark()
        ns = self.run_notebook(spark=spark)
        self.assertEqual([s for s in spark.statements if "try_to_date" in s], [ns["RUNTIME_PROBE"]])

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

    # --- a cloned course folder: the workspace clones notebooks, not files

    def deployed_course(self, folder="databricks_course"):
        root = Path(self.tmp.name, "ws")
        (root / folder).mkdir(parents=True)
        (root / folder / "course_config.json").write_text(json.dumps(CONFIG), encoding="utf-8")
        (root / "Users/ana@example.com/databricks_course/week1").mkdir(parents=True)
        return root

    def test_a_clone_without_config_uses_the_deployed_folder_of_the_same_name(self):
        ns = self.functions()
        root = self.deployed_course()
        result = ns["run_course_setup"](FakeSpark(), FakeDbutils("/Users/ana@example.com/databricks_course/week1/00_x"),
                                        environ={}, workspace_root=str(root))
        self.assertEqual(result["config_path"], f"{root}/databricks_course/course_config.json")
        self.assertEqual(result["course_folder"], "/databricks_course")
        self.assertEqual(result["notebook_folder"], "/Users/ana@example.com/databricks_course/week1")

    def test_a_clone_inside_a_renamed_folder_finds_the_deployed_folder_under_shared(self):
        ns = self.functions()
        root = self.deployed_course("Shared/de_course")
        result = ns["run_course_setup"](FakeSpark(), FakeDbutils("/Users/ana@example.com/old/de_course/week5/jobs/t"),
                                        environ={}, workspace_root=str(root))
        self.assertEqual(result["course_folder"], "/Shared/de_course")

    def test_the_course_folder_widget_names_the_deployed_folder(self):
        ns = self.functions()
        root = self.deployed_course("Shared/term_2027")
        dbutils = FakeDbutils("/Users/ana@example.com/my_copy/week1/00_x", widgets={"course_folder": "/Shared/term_2027"})
        result = ns["run_course_setup"](FakeSpark(), dbutils, environ={}, workspace_root=str(root))
        self.assertEqual(result["config_path"], f"{root}/Shared/term_2027/course_config.json")

    def test_the_course_folder_environment_variable_works_without_a_notebook_path(self):
        ns = self.functions()
        root = self.deployed_course("Shared/term_2027")
        dbutils = FakeDbutils(context_error=RuntimeError("no notebook context on this compute"))
        result = ns["run_course_setup"](FakeSpark(), dbutils, environ={"COURSE_FOLDER": "/Workspace/Shared/term_2027"},
                                        workspace_root=str(root))
        self.assertEqual(result["course_folder"], "/Shared/term_2027")
        self.assertIsNone(result["notebook_folder"])

    def test_a_clone_with_no_deployed_folder_lists_every_place_and_names_the_widgets(self):
        self.assert_setup_fails("/Workspace/Users/ana@example.com/my_copy/week1/course_config.json",
                                "/Workspace/my_copy/course_config.json", "/Workspace/Shared/my_copy/course_config.json",
                                "course_folder", "COURSE_FOLDER", "Ask your course instructor",
                                dbutils=FakeDbutils("/Users/ana@example.com/my_copy/week1/00_x"), env={})

    def test_clone_candidates_skip_user_and_shared_folders(self):
        ns = self.functions()
        self.assertEqual(ns["clone_candidates"]("/Workspace/Users/ana@example.com/course/week5/jobs/task"), [
            "/Workspace/jobs/course_config.json", "/Workspace/Shared/jobs/course_config.json",
            "/Workspace/week5/course_config.json", "/Workspace/Shared/week5/course_config.json",
            "/Workspace/course/course_config.json", "/Workspace/Shared/course/course_config.json",
        ])

    def test_course_folder_and_package_path_come_from_the_config_location(self):
        ns = self.run_notebook()
        self.assertEqual(ns["COURSE_FOLDER"], self.tmp.name)
        self.assertEqual(ns["course_path"]("packages/course_etl"),
                         f"/Workspace{self.tmp.name}/packages/course_etl")
        self.assertEqual(ns["NOTEBOOK_FOLDER"], "/Users/ana@example.com/course/week1")

    def test_the_config_can_name_the_course_folder(self):
        # The solutions folder's copy of the config points back at the course folder, where packages/ is.
        self.config_path.write_text(json.dumps(dict(CONFIG, course_folder="/databricks_course")), encoding="utf-8")
        ns = self.run_notebook()
        self.assertEqual(ns["COURSE_FOLDER"], "/databricks_course")
        self.assertEqual(ns["course_path"]("packages"), "/Workspace/databricks_course/packages")

    def test_a_relative_course_folder_is_refused(self):
        self.config_path.write_text(json.dumps(dict(CONFIG, course_folder="databricks_course")), encoding="utf-8")
        self.assert_setup_fails("field 'course_folder' must be an absolute workspace path")

    def test_notebook_path_is_guarded(self):
        ns = self.functions()
        self.assertIsNone(ns["notebook_path_or_none"](FakeDbutils(context_error=AttributeError("entry_point"))))
        self.assertIsNone(ns["notebook_path_or_none"](FakeDbutils(notebook_path=None)))
        self.assertEqual(ns["notebook_path_or_none"](FakeDbutils("/Shared/c/week1/x")), "/Shared/c/week1/x")

    # --- a course without sample data

    def test_require_datasets_stops_with_one_sentence_when_there_is_no_data(self):
        config = json.loads(self.config_path.read_text())
        config["datasets_path"] = None
        self.config_path.write_text(json.dumps(config))
        ns = self.run_notebook()
        with self.assertRaises(Exception) as raised:
            ns["require_datasets"]()
        self.assertEqual(type(raised.exception).__name__, "CourseSetupError")
        message = str(raised.exception)
        self.assertIn("deployed without it (DATASETS is None)", message)
        self.assertEqual(message.count(". "), 0, "one sentence")

    def test_require_datasets_returns_the_path_when_there_is_data(self):
        ns = self.run_notebook()
        self.assertEqual(ns["require_datasets"](), CONFIG["datasets_path"])


NOTEBOOKS = NOTEBOOK.parents[1]


class LessonsUseTheSetupsFallbacksTest(unittest.TestCase):
    """The lessons rely on the setup for what a clone or a course without data lacks."""

    def code_lines(self, path):
        return [ln for ln in path.read_text(encoding="utf-8").split("\n") if not ln.startswith("# MAGIC")]

    def test_lessons_that_read_data_require_it_before_the_first_use(self):
        readers = []
        for path in sorted(NOTEBOOKS.rglob("*.py")):
            if path == NOTEBOOK:
                continue
            lines = self.code_lines(path)
            uses = [i for i, ln in enumerate(lines) if "DATASETS" in ln and "require_datasets" not in ln
                    and not ln.lstrip().startswith("#")]
            if not uses:
                continue
            readers.append(path.name)
            required = [i for i, ln in enumerate(lines) if "require_datasets()" in ln]
            self.assertTrue(required and required[0] < uses[0],
                            f"{path.relative_to(NOTEBOOKS)} uses DATASETS before calling require_datasets()")
        self.assertGreaterEqual(len(readers), 10, readers)

    def test_only_the_setup_reads_the_notebook_context(self):
        for path in sorted(NOTEBOOKS.rglob("*.py")):
            if path == NOTEBOOK:
                continue
            text = path.read_text(encoding="utf-8")
            self.assertFalse("notebookPath()" in text, f"{path.relative_to(NOTEBOOKS)}: use NOTEBOOK_FOLDER or "
                                                       f"COURSE_FOLDER from the setup")


if __name__ == "__main__":
    unittest.main()
