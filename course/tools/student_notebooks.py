#!/usr/bin/python3
"""Generate the students' lessons from the worked solutions: one source for every lesson.

    python3 course/tools/student_notebooks.py            # write course/notebooks/weekN/NN_*.py   (make course-notebooks)
    python3 course/tools/student_notebooks.py --check    # exit 1 when a committed student notebook is stale

The source of a lesson is its solution, `course/solutions/weekN/NN_*.py`. The worked answer sits between two marker
lines, alone on their lines:

    # BEGIN SOLUTION
    ...the worked answer...
    # END SOLUTION

The student's copy, `course/notebooks/weekN/NN_*.py`, is the same file with each marked region replaced by the
scaffold: a `# TODO` comment and, as `name = None`, every name the region defines (assignment, function, class) that a
later cell reads. The check then fails on its own hint instead of a NameError, and the cleanup still runs. Everything
else (explanations, demos, checks, cleanup) exists once, in the solution. The markers are the idea of nbgrader's
`### BEGIN SOLUTION` / `### END SOLUTION` (https://nbgrader.readthedocs.io/en/stable/user_guide/creating_and_grading_assignments.html).

The generated files are committed: the course stack deploys `course/notebooks` to the students' folder and
`course/solutions` to the instructors', and the notebook checker reads both. `course/tests/test_exercises.py` fails
while a committed student notebook differs from what this script writes.

A solution with unbalanced, nested or misplaced markers, or one without any, is refused with `path:line: problem`
and exit code 2; nothing is written then.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
SEPARATOR = "\n\n# COMMAND ----------\n\n"
TODO = "# TODO: your code for the exercise above. The check below fails until it does the work."
NAMES_NOTE = "# It reads these names: give each its real value."
LESSON_GLOB = "week*/[0-9][0-9]_*.py"


class MarkerError(Exception):
    """A solution whose markers cannot be turned into a scaffold; the message is `path:line: problem`."""


def regions(lines: list[str], source: str) -> list[tuple[int, int]]:
    """The (begin, end) line indexes of each marked region; MarkerError on unbalanced or nested markers."""
    found, begin = [], None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("# BEGIN SOLUTION", "# END SOLUTION")) and stripped not in (BEGIN, END):
            raise MarkerError(f"{source}:{index + 1}: a marker line is exactly '{BEGIN}' or '{END}', found {stripped!r}")
        if stripped == BEGIN:
            if line != BEGIN:
                raise MarkerError(f"{source}:{index + 1}: '{BEGIN}' starts the line (markers are not indented)")
            if begin is not None:
                raise MarkerError(f"{source}:{index + 1}: '{BEGIN}' inside the region opened on line {begin + 1}")
            begin = index
        elif stripped == END:
            if line != END:
                raise MarkerError(f"{source}:{index + 1}: '{END}' starts the line (markers are not indented)")
            if begin is None:
                raise MarkerError(f"{source}:{index + 1}: '{END}' without a '{BEGIN}' before it")
            found.append((begin, index))
            begin = None
    if begin is not None:
        raise MarkerError(f"{source}:{begin + 1}: '{BEGIN}' is never closed with '{END}'")
    return found


def defined_names(code: str) -> list[str]:
    """Names a piece of code binds at top level, in order: assignments, functions, classes."""
    names = []
    for statement in ast.parse(code).body:
        targets = []
        if isinstance(statement, ast.Assign):
            targets = [n.id for t in statement.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)) and isinstance(statement.target, ast.Name):
            targets = [statement.target.id]
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            targets = [statement.name]
        names += [t for t in targets if t not in names]
    return names


def code_of(cells: list[str]) -> str:
    """The Python of the code cells among cells (MAGIC cells are markdown, SQL or %run)."""
    return "\n".join(c for c in cells if not c.startswith("# MAGIC"))


def scaffold_names(region_code: str, later_code: str) -> list[str]:
    """The names the region defines that later code reads without binding them first."""
    tree = ast.parse(later_code)
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return [name for name in defined_names(region_code) if name in read and name not in bound]


def student_text(solution_text: str, source: str) -> str:
    """The student's notebook made from a solution notebook's text."""
    cells = solution_text.split(SEPARATOR)
    marked = 0
    for index, cell in enumerate(cells):
        lines = cell.split("\n")
        spans = regions(lines, source)
        if not spans:
            continue
        if cell.startswith("# MAGIC"):
            raise MarkerError(f"{source}: a solution region is in a MAGIC cell (cell {index + 1}); mark Python code only")
        marked += len(spans)
        later = code_of(cells[index + 1:])
        out, position = [], 0
        for begin, end in spans:
            region = "\n".join(lines[begin + 1:end])
            try:
                names = scaffold_names(region, later)
            except SyntaxError as error:
                raise MarkerError(f"{source}: cell {index + 1}: the solution or a later cell does not parse ({error})") from None
            out += lines[position:begin] + [TODO] + ([NAMES_NOTE] + [f"{n} = None" for n in names] if names else [])
            position = end + 1
        out += lines[position:]
        cells[index] = "\n".join(out)
    if marked == 0:
        raise MarkerError(f"{source}:1: no '{BEGIN}' ... '{END}' region: a lesson's solution marks its worked answer")
    return SEPARATOR.join(cells)


def generate(solutions: Path, notebooks: Path) -> dict[Path, str]:
    """Every student lesson's path and text; MarkerError naming the first bad solution."""
    return {notebooks / p.relative_to(solutions): student_text(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(solutions.glob(LESSON_GLOB))}


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    unknown = [a for a in argv if a != "--check"]
    if unknown:
        print(f"student_notebooks: unknown argument(s) {unknown}; usage: student_notebooks.py [--check]", file=sys.stderr)
        return 2
    course = Path(__file__).resolve().parents[1]
    try:
        wanted = generate(course / "solutions", course / "notebooks")
    except MarkerError as error:
        print(f"student_notebooks: {error}", file=sys.stderr)
        return 2
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if check_only:
        for path in stale:
            print(f"{path.relative_to(course.parent)}: differs from its solution's scaffold; run `make course-notebooks`",
                  file=sys.stderr)
        if not stale:
            print(f"student notebooks: {len(wanted)} lessons match their solutions")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
    print(f"student notebooks: {len(stale)} of {len(wanted)} lessons written from course/solutions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
