"""Every lesson's exercise is a scaffold in the students' notebook, with a worked solution in course/solutions.

The solution is the source: `course/tools/student_notebooks.py` (`make course-notebooks`) writes the student's
notebook from it, replacing the `# BEGIN SOLUTION` ... `# END SOLUTION` region with a `# TODO` scaffold that does
nothing but name the placeholders the check reads (each `= None`), so the check cannot pass until the student writes
the code. Everything else (the explanations, the demos, the check, the cleanup) exists once, in the solution; these
tests fail while a committed student notebook is not what the generator writes.
"""

import ast
import importlib.util
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1]
NOTEBOOKS = COURSE / "notebooks"
SOLUTIONS = COURSE / "solutions"
SEPARATOR = "\n\n# COMMAND ----------\n\n"
GENERATOR = COURSE / "tools" / "student_notebooks.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("student_notebooks", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = load_generator()


def lessons():
    return sorted(NOTEBOOKS.glob("week*/[0-9][0-9]_*.py"))


def cells(path):
    return path.read_text(encoding="utf-8").split(SEPARATOR)


def is_placeholder(statement):
    """`name = None`: a placeholder that names a result without computing it."""
    return (isinstance(statement, ast.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Constant) and statement.value.value is None)


class ExercisesTest(unittest.TestCase):
    def test_every_lesson_has_an_exercise_scaffold_and_a_solution(self):
        self.assertEqual(len(lessons()), 16)
        for lesson in lessons():
            relative = lesson.relative_to(NOTEBOOKS)
            with self.subTest(lesson=str(relative)):
                solution = SOLUTIONS / relative
                self.assertTrue(solution.is_file(), f"no solution for {relative} in course/solutions")
                student_cells, solution_cells = cells(lesson), cells(solution)
                self.assertEqual(len(student_cells), len(solution_cells), "the notebooks have different cells")
                differing = [i for i, (a, b) in enumerate(zip(student_cells, solution_cells)) if a != b]
                self.assertTrue(differing, "the student's notebook already holds the solution")
                for index in differing:
                    scaffold, worked = student_cells[index], solution_cells[index]
                    self.assertTrue(scaffold.startswith("# TODO"), f"cell {index + 1} differs but is no TODO cell")
                    self.assertIn("\n# BEGIN SOLUTION\n", "\n" + worked, f"cell {index + 1}: the solution is not marked")
                    self.assertIn("\n# END SOLUTION", worked, f"cell {index + 1}: the solution region is not closed")
                    self.assert_not_solved(scaffold)
                    worked_statements = ast.parse(worked).body
                    self.assertTrue([s for s in worked_statements if not is_placeholder(s)],
                                    "the solution does no work")
                    self.assert_check_follows(student_cells, index)
                    self.assert_placeholders_cover_later_reads(scaffold, worked, student_cells[index + 1:])

    def assert_not_solved(self, scaffold):
        """Nothing but placeholders: no call, no write, no computation."""
        for statement in ast.parse(scaffold).body:
            self.assertTrue(is_placeholder(statement) or isinstance(statement, ast.Pass),
                            f"the scaffold computes something: {ast.unparse(statement)[:120]}")

    def assert_check_follows(self, student_cells, index):
        later_code = [c for c in student_cells[index + 1:] if not c.startswith("# MAGIC")]
        self.assertTrue(later_code and "check(" in later_code[0],
                        "the cell after the exercise must be its check")

    def assert_placeholders_cover_later_reads(self, scaffold, worked, later_cells):
        """Names the solution defines and later cells read exist in the scaffold too (as None), so the check fails
        on its own hint instead of a NameError, and the cleanup still runs."""
        defined = {t.id for s in ast.parse(worked).body if isinstance(s, ast.Assign)
                   for t in s.targets if isinstance(t, ast.Name)}
        defined |= {s.name for s in ast.parse(worked).body if isinstance(s, (ast.FunctionDef, ast.ClassDef))}
        later_code = "\n".join(c for c in later_cells if not c.startswith("# MAGIC"))
        read = {n.id for n in ast.walk(ast.parse(later_code)) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Load)}
        later_bound = {n.id for n in ast.walk(ast.parse(later_code)) if isinstance(n, ast.Name)
                       and isinstance(n.ctx, ast.Store)}
        placeholders = {s.targets[0].id for s in ast.parse(scaffold).body if is_placeholder(s)}
        missing = (defined & read) - later_bound - placeholders
        self.assertFalse(missing, f"later cells read {sorted(missing)}, which only the solution defines")

    def test_the_student_notebooks_are_generated_from_the_solutions(self):
        wanted = generator.generate(SOLUTIONS, NOTEBOOKS)
        self.assertEqual(len(wanted), 16)
        for path, text in wanted.items():
            with self.subTest(lesson=str(path.relative_to(NOTEBOOKS))):
                self.assertEqual(path.read_text(encoding="utf-8"), text,
                                 "stale: edit the solution, then run `make course-notebooks`")
        result = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_scaffold_names_what_later_cells_read_in_definition_order(self):
        solution = SEPARATOR.join([
            "# Databricks notebook source\nimport os",
            "# BEGIN SOLUTION\ndef cost(x):\n    return x\n\n\nhelper = 1\nsaving = cost(2) - helper\n# END SOLUTION",
            "check('c.saving', saving == 1, 'ok', 'hint')\nprint(cost)",
        ])
        student = generator.student_text(solution, "x.py").split(SEPARATOR)
        self.assertEqual(student[1], "\n".join([generator.TODO, generator.NAMES_NOTE, "cost = None", "saving = None"]))
        self.assertEqual(student[2], "check('c.saving', saving == 1, 'ok', 'hint')\nprint(cost)")

    def test_bad_markers_are_refused_with_the_file_and_line(self):
        cases = {
            "no region": ("x = 1\n", "x.py:1: no '# BEGIN SOLUTION'"),
            "never closed": ("a = 1\n# BEGIN SOLUTION\nx = 1\n", "x.py:2: '# BEGIN SOLUTION' is never closed"),
            "end first": ("# END SOLUTION\n", "x.py:1: '# END SOLUTION' without a '# BEGIN SOLUTION'"),
            "nested": ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "x.py:2: '# BEGIN SOLUTION' inside"),
            "misspelt": ("# BEGIN SOLUTIONS\nx = 1\n# END SOLUTION\n", "x.py:1: a marker line is exactly"),
            "indented": ("if True:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n", "x.py:2: '# BEGIN SOLUTION' starts"),
        }
        for name, (text, message) in cases.items():
            with self.subTest(case=name), self.assertRaises(generator.MarkerError) as raised:
                generator.student_text(text, "x.py")
            self.assertIn(message, str(raised.exception))

    def test_the_command_exits_2_on_a_bad_solution_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            course = Path(tmp, "course")
            (course / "tools").mkdir(parents=True)
            (course / "solutions" / "week1").mkdir(parents=True)
            (course / "tools" / "student_notebooks.py").write_text(GENERATOR.read_text(encoding="utf-8"))
            (course / "solutions" / "week1" / "00_x.py").write_text("# Databricks notebook source\nx = 1\n")
            result = subprocess.run([sys.executable, str(course / "tools" / "student_notebooks.py")],
                                    capture_output=True, text=True)
            self.assertEqual(result.returncode, 2)
            self.assertIn("00_x.py:1: no '# BEGIN SOLUTION'", result.stderr)
            self.assertFalse((course / "notebooks").exists())

    def test_a_stale_student_notebook_is_reported_by_check(self):
        with tempfile.TemporaryDirectory() as tmp:
            course = Path(tmp, "course")
            (course / "tools").mkdir(parents=True)
            (course / "solutions" / "week1").mkdir(parents=True)
            (course / "tools" / "student_notebooks.py").write_text(GENERATOR.read_text(encoding="utf-8"))
            (course / "solutions" / "week1" / "00_x.py").write_text("x = 1\n# BEGIN SOLUTION\ny = x\n# END SOLUTION\n")
            tool = [sys.executable, str(course / "tools" / "student_notebooks.py")]
            self.assertEqual(subprocess.run(tool + ["--check"], capture_output=True).returncode, 1)
            self.assertEqual(subprocess.run(tool, capture_output=True).returncode, 0)
            self.assertIn("# TODO", (course / "notebooks" / "week1" / "00_x.py").read_text())
            self.assertEqual(subprocess.run(tool + ["--check"], capture_output=True).returncode, 0)

    def test_no_solution_without_a_lesson(self):
        orphans = [p.relative_to(SOLUTIONS) for p in SOLUTIONS.rglob("*.py")
                   if not (NOTEBOOKS / p.relative_to(SOLUTIONS)).is_file()]
        self.assertEqual(orphans, [])

    def test_a_solved_scaffold_is_caught(self):
        # The rule above, applied to a scaffold that already holds code, fails.
        with self.assertRaises(AssertionError):
            self.assert_not_solved("# TODO: count\nanswer = spark.table('x').count()\n")


if __name__ == "__main__":
    unittest.main()
