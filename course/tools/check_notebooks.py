#!/usr/bin/python3
"""Check the course notebooks (Databricks source format) before they are deployed.

    /usr/bin/python3 course/tools/check_notebooks.py [folder ...]     # default: course/notebooks

Every .py/.sql/.scala/.r file under the folder is a notebook. Checked: the header line for the language, exact cell
separators with a blank line on each side, no bare magic (%... or !...) lines in Python code, every %run target exists
(relative to the notebook, extension omitted) and is alone in its cell, Python cells compile, and pass pyflakes with the
Databricks notebook globals plus the names the notebooks they %run define at top level; a notebook is at most 1 MB.

Problems are printed as `path:line: problem` (the file's own line numbers) and the exit code is 1; with none, one
summary line and exit code 0. Needs pyflakes (Debian: python3-pyflakes).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

try:
    from pyflakes import checker as pyflakes_checker
except ImportError:  # pragma: no cover - depends on the machine
    pyflakes_checker = None

MAX_NOTEBOOK_BYTES = 1024 * 1024
# Comment token per language (the notebook's language comes from the extension).
COMMENT = {".py": "#", ".sql": "--", ".scala": "//", ".r": "#"}
NOTEBOOK_EXTENSIONS = tuple(COMMENT)
# Names a Databricks notebook has without defining them.
DATABRICKS_GLOBALS = frozenset({
    "spark", "sc", "sqlContext", "dbutils", "display", "displayHTML", "table", "sql", "udf", "getArgument",
    "dbruntime",
})
RUN_MAGIC = re.compile(r"^%run(?:\s+(?P<target>\"[^\"]+\"|'[^']+'|\S+))?(?P<args>.*)$")


@dataclass
class Cell:
    start: int                       # 1-based file line of the cell's first line
    lines: list[str]                 # the cell's lines, without the separators around it
    magic: str | None = None         # "md", "sql", "run", ... for a # MAGIC cell; None for a code cell

    @property
    def end(self) -> int:
        return self.start + len(self.lines) - 1


@dataclass
class Notebook:
    path: Path
    language: str
    lines: list[str]
    cells: list[Cell] = field(default_factory=list)


class Report:
    def __init__(self, base: Path):
        self.base = base
        self.problems: list[tuple[str, int, str]] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append((display_path(path, self.base), line, message))

    def lines(self) -> list[str]:
        return [f"{p}:{line}: {message}" for p, line, message in sorted(self.problems, key=lambda x: (x[0], x[1]))]


def display_path(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse(path: Path, text: str) -> Notebook:
    language = path.suffix.lower()
    token = COMMENT[language]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    notebook = Notebook(path, language, lines)
    separator = f"{token} COMMAND ----------"
    has_header = bool(lines) and lines[0] == f"{token} Databricks notebook source"
    first = 2 if has_header else 1  # without the header, line 1 is content (and reported as a missing header)
    start, current = first, []
    for number, line in enumerate(lines[first - 1:], start=first):
        if line == separator:
            notebook.cells.append(Cell(start, current))
            start, current = number + 1, []
        else:
            current.append(line)
    notebook.cells.append(Cell(start, current))
    magic_prefix = f"{token} MAGIC"
    for cell in notebook.cells:
        first = next((ln for ln in cell.lines if ln.strip()), None)
        if first is not None and first.startswith(magic_prefix):
            body = first[len(magic_prefix):].strip()
            cell.magic = body[1:].split()[0] if body.startswith("%") and len(body) > 1 else "?"
    return notebook


def check_structure(nb: Notebook, report: Report) -> None:
    token = COMMENT[nb.language]
    header = f"{token} Databricks notebook source"
    if not nb.lines or nb.lines[0] != header:
        found = nb.lines[0] if nb.lines else "an empty file"
        report.add(nb.path, 1, f"missing notebook header: the first line must be '{header}' (found {found!r})")
    separator = f"{token} COMMAND ----------"
    loose = re.compile(rf"^\s*{re.escape(token)}\s*COMMAND\s*-+\s*$")
    for number, line in enumerate(nb.lines, start=1):
        if line == separator:
            if number > 2 and nb.lines[number - 2].strip():
                report.add(nb.path, number, "cell separator needs a blank line before it")
            if number < len(nb.lines) and nb.lines[number].strip():
                report.add(nb.path, number, "cell separator needs a blank line after it")
        elif loose.match(line):
            report.add(nb.path, number, f"malformed cell separator {line!r}: it must be exactly '{separator}'")
    magic_prefix = f"{token} MAGIC"
    for cell in nb.cells:
        if cell.magic is not None:
            for offset, line in enumerate(cell.lines):
                if line.strip() and not line.startswith(magic_prefix):
                    report.add(nb.path, cell.start + offset,
                               f"line in a %{cell.magic} cell without the '{magic_prefix}' prefix")
            continue
        for offset, line in enumerate(cell.lines):
            if line.startswith(magic_prefix):
                report.add(nb.path, cell.start + offset,
                           f"'{magic_prefix}' line inside a code cell: a magic cell must start with its magic line")
            elif nb.language == ".py" and line.startswith(("%", "!")):
                report.add(nb.path, cell.start + offset,
                           f"bare magic {line.split()[0]!r} in a Python notebook: write it as '# MAGIC {line}' "
                           f"in a cell of its own")


def run_targets(nb: Notebook, report: Report | None) -> list[Path]:
    """The notebooks this one %runs; reports missing targets and %run cells with other content."""
    token = COMMENT[nb.language]
    magic_prefix = f"{token} MAGIC"
    targets = []
    for cell in nb.cells:
        if cell.magic != "run":
            continue
        content = [(cell.start + i, ln[len(magic_prefix):].strip()) for i, ln in enumerate(cell.lines) if ln.strip()]
        line, command = content[0]
        if len(content) > 1 and report is not None:
            report.add(nb.path, content[1][0], "%run must be the only command in its cell")
        match = RUN_MAGIC.match(command)
        target = match.group("target") if match else None
        if not target:
            if report is not None:
                report.add(nb.path, line, "%run without a notebook path")
            continue
        target = target.strip("\"'")
        if target.startswith("/"):
            if report is not None:
                report.add(nb.path, line, f"%run {target}: use a path relative to the notebook, so the course can "
                                          f"be deployed to any folder")
            continue
        base = (nb.path.parent / target)
        found = [base.with_name(base.name + ext) for ext in NOTEBOOK_EXTENSIONS
                 if base.with_name(base.name + ext).is_file()]
        if not found:
            if report is not None:
                hint = " (omit the extension)" if base.suffix.lower() in NOTEBOOK_EXTENSIONS and base.is_file() else ""
                report.add(nb.path, line, f"%run target '{target}' not found: no notebook "
                                          f"{display_path(base, report.base)}.{{py,sql,scala,r}}{hint}")
            continue
        targets.append(found[0])
    return targets


def python_cells(nb: Notebook) -> list[Cell]:
    return [c for c in nb.cells if c.magic is None] if nb.language == ".py" else []


def padded_source(nb: Notebook, cells: list[Cell]) -> str:
    """The given cells at their own line numbers, every other line blank: errors then carry the file's line numbers."""
    out = [""] * len(nb.lines)
    for cell in cells:
        for offset, line in enumerate(cell.lines):
            if not (nb.language == ".py" and line.startswith(("%", "!"))):  # bare magics are reported on their own
                out[cell.start - 1 + offset] = line
    return "\n".join(out) + "\n"


def compiling_cells(nb: Notebook, report: Report | None) -> list[Cell]:
    good = []
    for cell in python_cells(nb):
        if not any(ln.strip() for ln in cell.lines):
            continue
        try:
            compile(padded_source(nb, [cell]), str(nb.path), "exec", dont_inherit=True)
        except SyntaxError as error:
            if report is not None:
                report.add(nb.path, error.lineno or cell.start, f"syntax error: {error.msg}")
        else:
            good.append(cell)
    return good


def bound_names(statements) -> set[str]:
    """Names a module binds at top level (including inside top-level if/try/with/for blocks)."""
    names: set[str] = set()

    def targets(node):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                targets(element)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                targets(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets(node.target)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            targets(node.target)
            names |= bound_names(node.body) | bound_names(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    targets(item.optional_vars)
            names |= bound_names(node.body)
        elif isinstance(node, (ast.If, ast.While)):
            names |= bound_names(node.body) | bound_names(node.orelse)
        elif isinstance(node, ast.Try):
            names |= bound_names(node.body) | bound_names(node.orelse) | bound_names(node.finalbody)
            for handler in node.handlers:
                if handler.name:
                    names.add(handler.name)
                names |= bound_names(handler.body)
    return names


def exported_names(path: Path, seen: set[Path]) -> set[str]:
    """Top-level names a notebook defines, including those of the notebooks it %runs in turn."""
    path = path.resolve()
    if path in seen or path.suffix.lower() != ".py":
        return set()
    seen.add(path)
    try:
        nb = parse(path, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return set()
    names: set[str] = set()
    for target in run_targets(nb, None):
        names |= exported_names(target, seen)
    for cell in compiling_cells(nb, None):
        names |= bound_names(ast.parse(padded_source(nb, [cell])).body)
    return names


def check_python(nb: Notebook, report: Report, inherited: set[str]) -> None:
    cells = compiling_cells(nb, report)
    if not cells:
        return
    if pyflakes_checker is None:
        report.add(nb.path, 1, "pyflakes is not installed (Debian package python3-pyflakes); cannot lint")
        return
    source = padded_source(nb, cells)
    tree = ast.parse(source, filename=str(nb.path))
    result = pyflakes_checker.Checker(tree, filename=str(nb.path), builtins=DATABRICKS_GLOBALS | inherited)
    for message in result.messages:
        report.add(nb.path, message.lineno, message.message % message.message_args)


def check_notebook(path: Path, report: Report) -> None:
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        report.add(path, 1, f"notebook is {size} bytes, over the {MAX_NOTEBOOK_BYTES} byte limit: split it, or move "
                            f"data into course/datasets")
        return
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        report.add(path, 1, f"not UTF-8 text ({error.reason} at byte {error.start})")
        return
    if "\r" in text:
        report.add(path, 1, "Windows line endings (CRLF): notebooks use LF")
        text = text.replace("\r\n", "\n")
    nb = parse(path, text)
    check_structure(nb, report)
    inherited: set[str] = set()
    for target in run_targets(nb, report):
        inherited |= exported_names(target, {path.resolve()})
    check_python(nb, report, inherited)


def notebooks_under(folder: Path, report: Report) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix.lower() in NOTEBOOK_EXTENSIONS:
            found.append(path)
        else:
            report.add(path, 1, "not a notebook: files under the notebooks folder must be .py, .sql, .scala or .r "
                                "notebooks (data goes into course/datasets)")
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    repo = Path(__file__).resolve().parents[2]
    folders = [Path(a) for a in args] or [repo / "course" / "notebooks"]
    report = Report(Path.cwd())
    count = 0
    for folder in folders:
        if not folder.is_dir():
            report.add(folder, 0, "no such folder")
            continue
        for path in notebooks_under(folder, report):
            count += 1
            check_notebook(path, report)
    if report.problems:
        print("\n".join(report.lines()))
        print(f"check_notebooks: {len(report.problems)} problem(s) in {count} notebook(s)", file=sys.stderr)
        return 1
    shown = ", ".join(display_path(f, Path.cwd()) for f in folders)
    print(f"check_notebooks: {count} notebooks in {shown}: headers, separators, magics, %run targets, "
          f"syntax and pyflakes clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
