"""Tests of course/tools/check_notebooks.py on small notebooks written to a temporary folder."""

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "check_notebooks.py"
HEADER = "# Databricks notebook source\n"
SEP = "\n\n# COMMAND ----------\n\n"


def load_tool():
    spec = importlib.util.spec_from_file_location("check_notebooks", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


check_notebooks = load_tool()

SETUP = (HEADER + "CATALOG = 'c'\n\n\ndef table_name(name):\n    return f'{CATALOG}.s.{name}'\n\n\n"
         "def check(condition, passed, hint):\n    assert condition, hint\n\n\n"
         "def drop_tables(*names):\n    pass\n")
OBJECTIVES = "# MAGIC %md\n# MAGIC # A lesson\n# MAGIC ## Learning objectives\n# MAGIC - read a table"
EXERCISE = ("# MAGIC %md\n# MAGIC ## Exercise\n# MAGIC Count the orders." + SEP
            + "# TODO: count the orders\nanswer = None" + SEP
            + "check(answer == 3, 'three orders', 'count the rows of the orders table')")
CLEANUP = "# MAGIC %md\n# MAGIC ## Cleanup" + SEP + "drop_tables('orders')\n"
LESSON = (HEADER + OBJECTIVES + SEP + "# MAGIC %run ../setup/course_setup" + SEP
          + "df = spark.table(table_name('orders'))\ndisplay(df)\nprint(CATALOG)" + SEP + EXERCISE + SEP + CLEANUP)


def lesson(code):
    """A complete lesson whose demo cell is the given code."""
    return (HEADER + OBJECTIVES + SEP + "# MAGIC %run ../setup/course_setup" + SEP + code + SEP + EXERCISE + SEP
            + CLEANUP)


def line_of(text, fragment):
    return text[:text.index(fragment)].count("\n") + 1


class CheckNotebooksTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = Path(tmp.name)
        cwd = os.getcwd()
        os.chdir(self.root)
        self.addCleanup(os.chdir, cwd)
        self.write("notebooks/setup/course_setup.py", SETUP)

    def write(self, relative, text):
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def run_tool(self, lint=False):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = check_notebooks.main(["notebooks"] + (["--lint"] if lint else []))
        return code, out.getvalue().splitlines()

    def assert_problems(self, *expected, lint=False):
        code, lines = self.run_tool(lint)
        self.assertEqual(code, 1)
        self.assertEqual(lines, list(expected))

    def test_a_good_lesson_passes_with_the_names_of_the_setup_it_runs(self):
        self.write("notebooks/week1/00_ok.py", LESSON)
        code, lines = self.run_tool()
        self.assertEqual(code, 0, lines)
        self.assertEqual(len(lines), 1)
        self.assertIn("check_notebooks: 2 notebooks in notebooks", lines[0])
        self.assertIn("(pyflakes not run: add --lint)", lines[0])
        code, lines = self.run_tool(lint=True)
        self.assertEqual(code, 0, lines)
        self.assertIn("pyflakes clean", lines[0])

    def test_missing_header(self):
        self.write("notebooks/week1/x.py", "print('hi')\n")
        self.assert_problems("notebooks/week1/x.py:1: missing notebook header: the first line must be "
                             "'# Databricks notebook source' (found \"print('hi')\")")

    def test_sql_notebook_needs_the_sql_header(self):
        self.write("notebooks/week1/q.sql", "# Databricks notebook source\nSELECT 1\n")
        self.assert_problems("notebooks/week1/q.sql:1: missing notebook header: the first line must be "
                             "'-- Databricks notebook source' (found '# Databricks notebook source')")

    def test_bare_magic(self):
        self.write("notebooks/week1/x.py", HEADER + "x = 1" + SEP + "%pip install requests\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertEqual(lines, ["notebooks/week1/x.py:6: bare magic '%pip' in a Python notebook: write it as "
                                 "'# MAGIC %pip install requests' in a cell of its own"])

    def test_missing_run_target(self):
        self.write("notebooks/week1/x.py", HEADER + "# MAGIC %md\n# MAGIC # T" + SEP + "# MAGIC %run ../setup/nope\n")
        self.assert_problems("notebooks/week1/x.py:7: %run target '../setup/nope' not found: no notebook "
                             "notebooks/setup/nope.{py,sql,scala,r}")

    def test_run_target_with_extension_is_reported_with_a_hint(self):
        self.write("notebooks/week1/x.py", HEADER + "# MAGIC %run ../setup/course_setup.py\n")
        code, lines = self.run_tool()
        self.assertIn("notebooks/week1/x.py:2: %run target '../setup/course_setup.py' not found: no notebook "
                      "notebooks/setup/course_setup.py.{py,sql,scala,r} (omit the extension)", lines)

    def test_absolute_run_target_and_extra_lines_in_the_run_cell(self):
        self.write("notebooks/week1/x.py", HEADER + "# MAGIC %run /Shared/setup\n# MAGIC %md text\n")
        self.assert_problems("notebooks/week1/x.py:2: %run /Shared/setup: use a path relative to the notebook, so "
                             "the course can be deployed to any folder",
                             "notebooks/week1/x.py:3: %run must be the only command in its cell")

    def test_syntax_error_reports_the_file_line_of_every_bad_cell(self):
        self.write("notebooks/week1/x.py", HEADER + "# MAGIC %md\n# MAGIC # T" + SEP + "x = 1\ny = (" + SEP
                   + "ok = 2" + SEP + "def f(:\n    pass\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertEqual([ln.split(": syntax error")[0] for ln in lines],
                         ["notebooks/week1/x.py:8", "notebooks/week1/x.py:16"])

    def test_undefined_name_without_the_setup(self):
        self.write("notebooks/week1/x.py", HEADER + "# MAGIC %md\n# MAGIC # T" + SEP
                   + "df = spark.table(table_name('x'))\ndisplay(df)\n")
        self.assert_problems("notebooks/week1/x.py:7: undefined name 'table_name'", lint=True)

    def test_names_come_through_nested_runs(self):
        self.write("notebooks/week5/jobs/task.py", HEADER + "# MAGIC %run ../../week1/helper" + SEP + "print(CATALOG, X)\n")
        self.write("notebooks/week1/helper.py", HEADER + "# MAGIC %run ../setup/course_setup" + SEP + "X = 1\n")
        code, lines = self.run_tool(lint=True)
        self.assertEqual(code, 0, lines)

    def test_pyflakes_warnings_are_problems(self):
        self.write("notebooks/week1/x.py", HEADER + "import os\nx = 1\n")
        self.assert_problems("notebooks/week1/x.py:2: 'os' imported but unused", lint=True)
        code, lines = self.run_tool()  # without --lint, pyflakes is not run
        self.assertEqual(code, 0, lines)

    def test_separator_spacing_and_malformed_separators(self):
        self.write("notebooks/week1/x.py", HEADER + "x = 1\n# COMMAND ----------\ny = 2\n\n# COMMAND ---\n")
        self.assert_problems("notebooks/week1/x.py:3: cell separator needs a blank line before it",
                             "notebooks/week1/x.py:3: cell separator needs a blank line after it",
                             "notebooks/week1/x.py:6: malformed cell separator '# COMMAND ---': it must be exactly "
                             "'# COMMAND ----------'")

    def test_magic_cell_with_an_unprefixed_line(self):
        self.write("notebooks/week1/x.py", HEADER + "# MAGIC %md\n# MAGIC # Title\nplain text\n")
        self.assert_problems("notebooks/week1/x.py:4: line in a %md cell without the '# MAGIC' prefix")

    def test_oversized_notebook(self):
        self.write("notebooks/week1/big.py", HEADER + "# " + "x" * (1024 * 1024) + "\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertTrue(lines[0].startswith("notebooks/week1/big.py:1: notebook is 1048608 bytes, over the 1048576"),
                        lines)

    def test_files_that_are_not_notebooks(self):
        self.write("notebooks/week1/data.csv", "a,b\n")
        self.assert_problems("notebooks/week1/data.csv:1: not a notebook: files under the notebooks folder must be "
                             ".py, .sql, .scala or .r notebooks (data goes into course/datasets)")

    def test_every_problem_of_every_notebook_is_listed(self):
        self.write("notebooks/a.py", "x\n")
        self.write("notebooks/b.py", HEADER + "%sh ls\n")
        code, lines = self.run_tool(lint=True)
        self.assertEqual(code, 1)
        self.assertEqual(sorted({ln.split(":")[0] for ln in lines}), ["notebooks/a.py", "notebooks/b.py"])
        self.assertIn("notebooks/a.py:1: undefined name 'x'", lines)


    # --- the split: the default check needs only the standard library; --lint needs pyflakes

    def test_lint_without_pyflakes_stops_with_a_clear_message(self):
        self.write("notebooks/week1/00_ok.py", LESSON)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = check_notebooks.main(["notebooks", "--lint"], pyflakes_loader=lambda: None)
        self.assertEqual(code, 2)
        self.assertEqual(out.getvalue(), "")
        self.assertIn("--lint needs pyflakes", err.getvalue())
        self.assertIn("python3-pyflakes", err.getvalue())

    def test_the_default_check_imports_nothing_outside_the_standard_library(self):
        # A fresh interpreter in which importing pyflakes fails: the default check still works, --lint says why not.
        self.write("notebooks/week1/00_ok.py", LESSON)
        blocker = self.root / "blocker"
        blocker.mkdir()
        (blocker / "pyflakes.py").write_text("raise ImportError('pyflakes is blocked for this test')\n")
        run = [sys.executable, "-S", str(TOOL)]
        result = subprocess.run(run + ["notebooks"], cwd=self.root, text=True, capture_output=True,
                                env={"PYTHONPATH": str(blocker)})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        result = subprocess.run(run + ["--lint", "notebooks"], cwd=self.root, text=True, capture_output=True,
                                env={"PYTHONPATH": str(blocker)})
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("--lint needs pyflakes", result.stderr)

    def test_solutions_find_run_targets_in_the_sibling_notebooks_folder(self):
        self.write("notebooks/week1/00_ok.py", LESSON)
        self.write("solutions/week1/00_ok.py", LESSON)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = check_notebooks.main(["notebooks", "solutions", "--lint"])
        self.assertEqual(code, 0, out.getvalue())
        self.write("solutions/week1/01_bad.py", LESSON.replace("../setup/course_setup", "../setup/nope"))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = check_notebooks.main(["solutions"])
        self.assertEqual(code, 1)
        self.assertIn("%run target '../setup/nope' not found", out.getvalue())

    def test_unknown_option(self):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = check_notebooks.main(["--fix"])
        self.assertEqual(code, 2)
        self.assertIn("unknown option --fix", err.getvalue())

    # --- the course's own rules, each with a notebook that breaks it

    def assert_rule(self, code, fragment, message, name="notebooks/week2/04_x.py"):
        text = lesson(code)
        self.write(name, text)
        status, lines = self.run_tool()
        self.assertEqual(status, 1, lines)
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith(f"{name}:{line_of(text, fragment)}: "), lines)
        self.assertIn(message, lines[0])

    def assert_clean(self, code):
        self.write("notebooks/week2/04_x.py", lesson(code))
        status, lines = self.run_tool()
        self.assertEqual(status, 0, lines)

    def test_hard_coded_three_part_name_in_python(self):
        self.assert_rule("df = spark.table('databricks_course.ana.orders')", "df =",
                         "hard-coded name 'databricks_course.ana.orders'")

    def test_hard_coded_three_part_name_in_sql_text(self):
        self.assert_rule('spark.sql("""\nSELECT *\n  FROM databricks_course.shared_bronze.orders\n""")', "  FROM",
                         "hard-coded name 'databricks_course.shared_bronze.orders'")

    def test_hard_coded_use_in_a_sql_cell(self):
        self.assert_rule("# MAGIC %sql\n# MAGIC USE SCHEMA shared_silver", "# MAGIC USE SCHEMA",
                         "hard-coded 'USE ... shared_silver'")

    def test_hard_coded_volume_path(self):
        self.assert_rule("path = '/Volumes/databricks_course/shared_bronze/course_datasets/retail'", "path =",
                         "hard-coded volume path '/Volumes/databricks_course/...'")

    def test_names_built_from_the_setup_and_system_tables_pass(self):
        self.assert_clean("spark.sql(f'SELECT * FROM {CATALOG}.{SCHEMA}.orders')\n"
                          "spark.table(table_name('orders'))\n"
                          "spark.sql('SELECT * FROM system.information_schema.tables')\n"
                          "spark.conf.get('spark.sql.ansi.enabled')\n"
                          "path = f'/Volumes/{CATALOG}/{SCHEMA}/course_work'\n"
                          "spark.sql('USE IDENTIFIER(:schema)', args={'schema': SCHEMA})")

    def test_dbfs_path_in_python(self):
        self.assert_rule("df = spark.read.csv('/dbfs/FileStore/orders.csv')", "df =", "DBFS path")

    def test_dbfs_path_in_a_fs_cell(self):
        self.assert_rule("# MAGIC %fs ls dbfs:/FileStore", "# MAGIC %fs", "DBFS path")

    def test_dbfs_in_markdown_and_comments_is_allowed(self):
        self.assert_clean("# never write to /dbfs/ paths\nx = 1")

    def test_password_literal(self):
        self.assert_rule("jdbc_password = 'hunter2'", "jdbc_password", "a credential written in the notebook")

    def test_password_as_a_reader_option(self):
        self.assert_rule("reader = spark.read.format('jdbc').option('password', 'hunter2')", "reader =",
                         "a credential written in the notebook")

    def test_bearer_token_literal(self):
        self.assert_rule("headers = {'Authorization': 'Bearer abc123'}", "headers =",
                         "a credential written in the notebook")

    def test_token_from_the_environment(self):
        self.assert_rule("import os\ntoken = os.environ['API_TOKEN']\nprint(token)", "token =",
                         "a credential from the environment")

    def test_secrets_through_dbutils_pass(self):
        self.assert_clean("SECRET_SCOPE = dbutils.widgets.get('secret_scope')\n"
                          "token = dbutils.secrets.get(SECRET_SCOPE, 'api-token')\n"
                          "headers = {'Authorization': f'Bearer {token}'}\n"
                          "reader = spark.read.format('jdbc').option('password', dbutils.secrets.get(SECRET_SCOPE, 'p'))")

    def test_lesson_without_objectives(self):
        self.write("notebooks/week1/01_x.py", lesson("x = 1").replace("# MAGIC ## Learning objectives\n", ""))
        self.assert_problems("notebooks/week1/01_x.py:1: lesson without a 'Learning objectives' heading: say what the "
                             "student will be able to do")

    def test_lesson_without_an_exercise(self):
        self.write("notebooks/week1/01_x.py", lesson("x = 1").replace("## Exercise", "## Practice"))
        self.assert_problems("notebooks/week1/01_x.py:1: lesson without an '## Exercise' heading: every lesson ends "
                             "with work for the student")

    def test_exercise_without_a_check(self):
        text = lesson("x = 1").replace("check(answer == 3, 'three orders', 'count the rows of the orders table')",
                                       "print(answer == 3)")
        self.write("notebooks/week1/01_x.py", text)
        self.assert_problems(f"notebooks/week1/01_x.py:{line_of(text, '## Exercise')}: exercise without a check: a "
                             f"cell after it must call check(...) so the student knows whether the work is right")

    def test_lesson_without_cleanup(self):
        self.write("notebooks/week1/01_x.py", lesson("x = 1").replace("## Cleanup", "## The end"))
        self.assert_problems("notebooks/week1/01_x.py:1: lesson without a '## Cleanup' heading: drop what the lesson "
                             "created (drop_tables(...))")

    def test_anatomy_applies_to_lessons_only(self):
        self.write("notebooks/week5/jobs/01_task.py", HEADER + "x = 1\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 0, lines)

    def test_to_date_with_a_format_in_python(self):
        self.assert_rule("from pyspark.sql import functions as F\n"
                         "df = spark.table(table_name('raw')).select(F.to_date('signup_date', 'yyyy-MM-dd'))",
                         "df =", "to_date(...) parses text")

    def test_to_timestamp_in_sql_text(self):
        self.assert_rule('spark.sql("""\nSELECT to_timestamp(order_ts, \'yyyy-MM-dd HH:mm:ss\') AS ts\n'
                         '  FROM raw_orders\n""")', "SELECT to_timestamp", "to_timestamp(...) parses text")

    def test_to_number_in_a_sql_cell(self):
        self.assert_rule("# MAGIC %sql\n# MAGIC SELECT to_number(amount, '999.99') FROM raw_orders",
                         "# MAGIC SELECT", "to_number(...) parses text")

    def test_try_functions_and_typed_input_pass(self):
        self.assert_clean("from pyspark.sql import functions as F\n"
                          "df = spark.table(table_name('raw')).select(\n"
                          "    F.expr(\"try_to_date(signup_date, 'yyyy-MM-dd')\"),\n"
                          "    F.to_date('order_ts'),  # typed input\n"
                          "    F.expr('try_to_timestamp(event_ts)'))\n"
                          "spark.sql('SELECT to_date(order_ts) FROM silver_orders  -- typed input')")


class RepositoryNotebooksTest(unittest.TestCase):
    def test_the_course_notebooks_pass(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = check_notebooks.main([str(TOOL.parents[1] / "notebooks"), "--lint"])
        self.assertEqual(code, 0, out.getvalue())


if __name__ == "__main__":
    unittest.main()
