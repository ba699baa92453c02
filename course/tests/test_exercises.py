"""Every lesson's exercise is a scaffold in the students' notebook, with a worked solution in course/solutions.

A student's notebook and its solution are the same notebook except for the exercise cells: the student's starts with
`# TODO` and does nothing but name the placeholders the check reads (each `= None`), so the check cannot pass until
the student writes the code; the solution's starts with `# SOLUTION` and does the work. Everything else (the
explanations, the demos, the check, the cleanup) is identical, so the two cannot drift apart.
"""

import ast
import unittest
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1]
NOTEBOOKS = COURSE / "notebooks"
SOLUTIONS = COURSE / "solutions"
SEPARATOR = "\n\n# COMMAND ----------\n\n"


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
                    self.assertTrue(worked.startswith("# SOLUTION"), f"cell {index + 1}: the solution is not marked")
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
