"""Tests of course/tools/check_notebooks.py on small notebooks written to a temporary folder."""

import contextlib
import importlib.util
import io
import os
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

SETUP = HEADER + "CATALOG = 'c'\n\n\ndef table_name(name):\n    return f'{CATALOG}.s.{name}'\n"
LESSON = (HEADER + "# MAGIC %md\n# MAGIC # A lesson" + SEP + "# MAGIC %run ../setup/course_setup" + SEP
          + "df = spark.table(table_name('orders'))\ndisplay(df)\nprint(CATALOG)\n")


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

    def run_tool(self):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = check_notebooks.main(["notebooks"])
        return code, out.getvalue().splitlines()

    def assert_problems(self, *expected):
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertEqual(lines, list(expected))

    def test_a_good_lesson_passes_with_the_names_of_the_setup_it_runs(self):
        self.write("notebooks/week1/00_ok.py", LESSON)
        code, lines = self.run_tool()
        self.assertEqual(code, 0, lines)
        self.assertEqual(len(lines), 1)
        self.assertIn("check_notebooks: 2 notebooks in notebooks", lines[0])

    def test_missing_header(self):
        self.write("notebooks/week1/00_x.py", "print('hi')\n")
        self.assert_problems("notebooks/week1/00_x.py:1: missing notebook header: the first line must be "
                             "'# Databricks notebook source' (found \"print('hi')\")")

    def test_sql_notebook_needs_the_sql_header(self):
        self.write("notebooks/week1/q.sql", "# Databricks notebook source\nSELECT 1\n")
        self.assert_problems("notebooks/week1/q.sql:1: missing notebook header: the first line must be "
                             "'-- Databricks notebook source' (found '# Databricks notebook source')")

    def test_bare_magic(self):
        self.write("notebooks/week1/00_x.py", HEADER + "x = 1" + SEP + "%pip install requests\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertEqual(lines, ["notebooks/week1/00_x.py:6: bare magic '%pip' in a Python notebook: write it as "
                                 "'# MAGIC %pip install requests' in a cell of its own"])

    def test_missing_run_target(self):
        self.write("notebooks/week1/00_x.py", HEADER + "# MAGIC %md\n# MAGIC # T" + SEP + "# MAGIC %run ../setup/nope\n")
        self.assert_problems("notebooks/week1/00_x.py:7: %run target '../setup/nope' not found: no notebook "
                             "notebooks/setup/nope.{py,sql,scala,r}")

    def test_run_target_with_extension_is_reported_with_a_hint(self):
        self.write("notebooks/week1/00_x.py", HEADER + "# MAGIC %run ../setup/course_setup.py\n")
        code, lines = self.run_tool()
        self.assertIn("notebooks/week1/00_x.py:2: %run target '../setup/course_setup.py' not found: no notebook "
                      "notebooks/setup/course_setup.py.{py,sql,scala,r} (omit the extension)", lines)

    def test_absolute_run_target_and_extra_lines_in_the_run_cell(self):
        self.write("notebooks/week1/00_x.py", HEADER + "# MAGIC %run /Shared/setup\n# MAGIC %md text\n")
        self.assert_problems("notebooks/week1/00_x.py:2: %run /Shared/setup: use a path relative to the notebook, so "
                             "the course can be deployed to any folder",
                             "notebooks/week1/00_x.py:3: %run must be the only command in its cell")

    def test_syntax_error_reports_the_file_line_of_every_bad_cell(self):
        self.write("notebooks/week1/00_x.py", HEADER + "# MAGIC %md\n# MAGIC # T" + SEP + "x = 1\ny = (" + SEP
                   + "ok = 2" + SEP + "def f(:\n    pass\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertEqual([ln.split(": syntax error")[0] for ln in lines],
                         ["notebooks/week1/00_x.py:8", "notebooks/week1/00_x.py:16"])

    def test_undefined_name_without_the_setup(self):
        self.write("notebooks/week1/00_x.py", HEADER + "# MAGIC %md\n# MAGIC # T" + SEP
                   + "df = spark.table(table_name('x'))\ndisplay(df)\n")
        self.assert_problems("notebooks/week1/00_x.py:7: undefined name 'table_name'")

    def test_names_come_through_nested_runs(self):
        self.write("notebooks/week5/jobs/task.py", HEADER + "# MAGIC %run ../../week1/helper" + SEP + "print(CATALOG, X)\n")
        self.write("notebooks/week1/helper.py", HEADER + "# MAGIC %run ../setup/course_setup" + SEP + "X = 1\n")
        code, lines = self.run_tool()
        self.assertEqual(code, 0, lines)

    def test_pyflakes_warnings_are_problems(self):
        self.write("notebooks/week1/00_x.py", HEADER + "import os\nx = 1\n")
        self.assert_problems("notebooks/week1/00_x.py:2: 'os' imported but unused")

    def test_separator_spacing_and_malformed_separators(self):
        self.write("notebooks/week1/00_x.py", HEADER + "x = 1\n# COMMAND ----------\ny = 2\n\n# COMMAND ---\n")
        self.assert_problems("notebooks/week1/00_x.py:3: cell separator needs a blank line before it",
                             "notebooks/week1/00_x.py:3: cell separator needs a blank line after it",
                             "notebooks/week1/00_x.py:6: malformed cell separator '# COMMAND ---': it must be exactly "
                             "'# COMMAND ----------'")

    def test_magic_cell_with_an_unprefixed_line(self):
        self.write("notebooks/week1/00_x.py", HEADER + "# MAGIC %md\n# MAGIC # Title\nplain text\n")
        self.assert_problems("notebooks/week1/00_x.py:4: line in a %md cell without the '# MAGIC' prefix")

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
        code, lines = self.run_tool()
        self.assertEqual(code, 1)
        self.assertEqual(sorted({ln.split(":")[0] for ln in lines}), ["notebooks/a.py", "notebooks/b.py"])
        self.assertIn("notebooks/a.py:1: undefined name 'x'", lines)


class RepositoryNotebooksTest(unittest.TestCase):
    def test_the_course_notebooks_pass(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = check_notebooks.main([str(TOOL.parents[1] / "notebooks")])
        self.assertEqual(code, 0, out.getvalue())


if __name__ == "__main__":
    unittest.main()
