"""The lessons' check cells, run here: an unfinished exercise gives the hint, a right answer passes, a wrong one fails.

The setup notebook runs with the fake spark and dbutils of test_course_setup. A check cell then runs after the
student's scaffold (its `= None` placeholders) with a spark on which every table is missing, as for a student who
has not done the exercise: the cell must end in AssertionError (the hint), never in another error, and record a
failed progress row. Names that earlier cells define (DataFrames, constants) are stand-ins that answer anything.
"""

import ast
import builtins
import json
import unittest
from pathlib import Path
from unittest import mock

from test_course_setup import CONFIG, FakeDbutils, FakeSpark, NOTEBOOK, python_cells

COURSE = Path(__file__).resolve().parents[1]
NOTEBOOKS = COURSE / "notebooks"
SOLUTIONS = COURSE / "solutions"
SEPARATOR = "\n\n# COMMAND ----------\n\n"


class NoTables(FakeSpark):
    """A session in which no table of the exercise exists yet (what Databricks answers for a missing table)."""

    def table(self, name):
        raise RuntimeError(f"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{name}` cannot be found.\nstack trace")

    def sql(self, statement, args=None):
        setup = "try_to_date" in statement or "current_user()" in statement
        if statement.lstrip().upper().startswith(("SELECT", "DESCRIBE", "SHOW")) and not setup:
            raise RuntimeError("[TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found.\nstack trace")
        return super().sql(statement, args)

    @property
    def catalog(self):
        return mock.Mock(tableExists=lambda name: False)

    @property
    def read(self):
        raise RuntimeError("[PATH_NOT_FOUND] Path does not exist.\nstack trace")


class EarlierCells(dict):
    """The names a check cell reads from earlier cells of its lesson: a stand-in for each one that neither the cells
    run here, the setup nor Python defines."""

    def __init__(self, notebook_globals):
        super().__init__()
        self.notebook_globals = notebook_globals

    def __missing__(self, name):
        if name in self.notebook_globals or hasattr(builtins, name):
            raise KeyError(name)  # looked up next in the globals, then the builtins
        value = self[name] = mock.MagicMock(name=name)
        return value


def cells(path):
    return path.read_text(encoding="utf-8").split(SEPARATOR)


def exercise_cells(lesson):
    """(scaffold cell, check cell) of a student's lesson."""
    student = cells(lesson)
    index = next(i for i, c in enumerate(student) if c.startswith("# TODO"))
    check_cell = next(c for c in student[index + 1:] if not c.startswith("# MAGIC"))
    return student[index], check_cell


def setup_namespace(spark):
    namespace = {"spark": spark, "dbutils": FakeDbutils(), "__name__": "__notebook__"}
    with mock.patch.dict("os.environ", {"COURSE_CONFIG_PATH": "/config.json"}, clear=True), \
            mock.patch("builtins.open", mock.mock_open(read_data=json.dumps(CONFIG))), \
            mock.patch("os.path.isfile", return_value=True), mock.patch("builtins.print"):
        for cell in python_cells(NOTEBOOK):
            exec(compile(cell, str(NOTEBOOK), "exec"), namespace)
    return namespace


def run_cells(namespace, *sources):
    """Runs cells as a notebook does: module-level code, names looked up in the notebook's namespace first."""
    local = EarlierCells(namespace)
    namespace.setdefault("display", lambda *args, **kwargs: None)
    with mock.patch("builtins.print"):
        for source in sources:
            exec(compile(source, "<cell>", "exec"), namespace, local)
    return local


def lessons():
    return sorted(NOTEBOOKS.glob("week*/[0-9][0-9]_*.py"))


class UnfinishedExerciseTest(unittest.TestCase):
    def test_every_check_cell_gives_its_hint_before_the_exercise_is_done(self):
        self.assertEqual(len(lessons()), 16)
        for lesson in lessons():
            with self.subTest(lesson=lesson.name):
                spark = NoTables()
                namespace = setup_namespace(spark)
                scaffold, check_cell = exercise_cells(lesson)
                spark.arguments.clear()
                with self.assertRaises(AssertionError) as raised:
                    run_cells(namespace, scaffold, check_cell)
                recorded = [(a["check_name"], a["passed"]) for a in spark.arguments]
                self.assertTrue(recorded and recorded[-1][1] is False, recorded)

    def test_every_exercise_check_cell_runs_inside_checking(self):
        for lesson in lessons():
            with self.subTest(lesson=lesson.name):
                _, check_cell = exercise_cells(lesson)
                body = ast.parse(check_cell).body
                self.assertEqual(len(body), 1, "the whole check cell is one `with checking(...)` block")
                self.assertIsInstance(body[0], ast.With)
                self.assertEqual(ast.unparse(body[0].items[0].context_expr.func), "checking")


class CheckIdsTest(unittest.TestCase):
    """Progress is kept per check id: a fixed string, unique in its notebook."""

    def test_every_check_has_a_literal_id_unique_in_its_notebook(self):
        notebooks = sorted(SOLUTIONS.glob("week*/*.py")) + sorted((NOTEBOOKS / "week5" / "jobs").glob("*.py"))
        for path in notebooks:
            with self.subTest(notebook=str(path.relative_to(COURSE))):
                code = "\n".join("" if ln.startswith("# MAGIC") else ln for ln in path.read_text().split("\n"))
                calls = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)
                         and isinstance(n.func, ast.Name) and n.func.id in ("check", "checking")]
                self.assertTrue(calls)
                ids = []
                for call in calls:
                    first = call.args[0] if call.args else None
                    self.assertIsInstance(first, ast.Constant, f"line {call.lineno}: the id is a literal string")
                    self.assertRegex(first.value, r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
                    ids.append(first.value)
                self.assertEqual(len(ids), len(set(ids)), f"duplicate ids {sorted(ids)}")


class CostCheckTest(unittest.TestCase):
    """Lesson 02: the answer its hint describes passes, although float subtraction is not exact."""

    def run_check(self, answer):
        namespace = setup_namespace(FakeSpark())
        _, check_cell = exercise_cells(NOTEBOOKS / "week1" / "02_cluster_management.py")
        run_cells(namespace, answer, check_cell)

    HINTED = """
def monthly_cost(workers, dbu_per_node_hour, dbu_price, vm_price_per_hour, hours_per_day, days):
    return (1 + workers) * (dbu_per_node_hour * dbu_price + vm_price_per_hour) * hours_per_day * days


always_on = monthly_cost(2, 0.75, 0.55, 0.19, 24, 30)
auto_terminated = monthly_cost(2, 0.75, 0.55, 0.19, 6, 30)
saving = always_on - auto_terminated
"""

    def test_the_hinted_answer_is_not_exactly_the_rounded_saving(self):
        namespace = {}
        exec(self.HINTED, namespace)
        self.assertNotEqual(namespace["saving"], 976.05, "the case the tolerance is for")

    def test_the_hinted_answer_without_rounding_passes(self):
        self.run_check(self.HINTED)

    def test_the_solution_passes(self):
        solution = next(c for c in cells(SOLUTIONS / "week1" / "02_cluster_management.py") if "# BEGIN SOLUTION" in c)
        self.run_check(solution)

    def test_a_wrong_saving_fails(self):
        with self.assertRaises(AssertionError) as raised:
            self.run_check(self.HINTED.replace("saving = always_on - auto_terminated", "saving = always_on"))
        self.assertIn("18 idle hours", str(raised.exception))

    def test_a_driver_forgotten_fails(self):
        with self.assertRaises(AssertionError) as raised:
            self.run_check(self.HINTED.replace("(1 + workers)", "workers"))
        self.assertIn("count the driver", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
