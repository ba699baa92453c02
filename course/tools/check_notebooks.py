#!/usr/bin/python3
"""Check the course notebooks (Databricks source format) before they are deployed.

    python3 course/tools/check_notebooks.py [--lint] [folder ...]     # default: course/notebooks, course/solutions

Every .py/.sql/.scala/.r file under the folder is a notebook. By default the check needs nothing but Python's standard
library: the header line for the language, exact cell separators with a blank line on each side, no bare magic (%...
or !...) lines in Python code, every %run target exists (relative to the notebook, extension omitted) and is alone in
its cell (a notebook below a `solutions` folder also finds them at the same relative path below the sibling
`notebooks` folder), Python cells compile, a notebook is at most 1 MB, and the course's own rules:

- no hard-coded catalog or schema names in code or SQL (three-part names, `USE CATALOG x`, `/Volumes/x/...`): names
  come from the setup (`table_name(...)`, `CATALOG`, `SCHEMA`);
- no DBFS paths (`/dbfs/...`, `dbfs:/...`): files live in volumes;
- credentials only through `dbutils.secrets`: no password, token or key as a literal, none from the environment;
- every lesson (`weekN/NN_*.py`) has learning objectives, an exercise, a `check(...)` after it, and a cleanup;
- text parsed into a date, timestamp or number uses the `try_` function (`try_to_date`, `try_to_timestamp`,
  `try_to_number`): ANSI mode, the default on serverless, turns one bad value into a failed query. A conversion whose
  input is already typed (a timestamp to a date) says so with a `# typed input` comment on its line.

`--lint` adds pyflakes (undefined and unused names), with the Databricks notebook globals plus the names the notebooks
they %run define at top level. It needs pyflakes (Debian: python3-pyflakes; or `pip install pyflakes`); without it
the check stops with exit code 2 and says so.

Problems are printed as `path:line: problem` (the file's own line numbers) and the exit code is 1; with none, one
summary line and exit code 0.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

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
        mirrored = mirror_of(base)
        if not found and mirrored is not None:
            found = [mirrored.with_name(mirrored.name + ext) for ext in NOTEBOOK_EXTENSIONS
                     if mirrored.with_name(mirrored.name + ext).is_file()]
        if not found:
            if report is not None:
                hint = " (omit the extension)" if base.suffix.lower() in NOTEBOOK_EXTENSIONS and base.is_file() else ""
                report.add(nb.path, line, f"%run target '{target}' not found: no notebook "
                                          f"{display_path(base, report.base)}.{{py,sql,scala,r}}{hint}")
            continue
        targets.append(found[0])
    return targets


def mirror_of(path: Path) -> Path | None:
    """For a path below a `solutions` folder, the same relative path below the sibling `notebooks` folder.

    The course stack deploys the solutions with copies of the notebooks they %run (the setup, the job tasks), so a
    solution's `%run ../setup/course_setup` finds the setup although course/solutions has none.
    """
    resolved = path.resolve()
    for parent in resolved.parents:
        if parent.name == "solutions":
            notebooks = parent.parent / "notebooks"
            return notebooks / resolved.relative_to(parent) if notebooks.is_dir() else None
    return None


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


def lint_python(nb: Notebook, report: Report, inherited: set[str], pyflakes_checker) -> None:
    cells = compiling_cells(nb, None)  # syntax errors are reported by the default check
    if not cells:
        return
    source = padded_source(nb, cells)
    tree = ast.parse(source, filename=str(nb.path))
    result = pyflakes_checker.Checker(tree, filename=str(nb.path), builtins=DATABRICKS_GLOBALS | inherited)
    for message in result.messages:
        report.add(nb.path, message.lineno, message.message % message.message_args)


# --- The course's own rules (course/README.md, "Notebook format rules")

# A three-part name whose first part is written out: `databricks_course.ana.orders`. Not part of a longer dotted name,
# not after a placeholder (`{CATALOG}.x.y` leaves `.x.y` in the string), not a function call.
THREE_PART = re.compile(r"(?<![\w.{}$:/\\-])`?([A-Za-z_]\w*)`?\.`?([A-Za-z_]\w*)`?\.`?([A-Za-z_]\w*)`?(?![\w.(])")
# Catalogs every workspace has; naming them is not naming the course's catalog.
BUILTIN_CATALOGS = frozenset({"system", "samples", "hive_metastore"})
USE_LITERAL = re.compile(r"\bUSE\s+(?:CATALOG\s+|SCHEMA\s+|DATABASE\s+)?`?(?!IDENTIFIER\b)([A-Za-z_]\w*)`?\s*(?:;|$)",
                         re.IGNORECASE)
VOLUME_LITERAL = re.compile(r"/Volumes/([A-Za-z_]\w*)/")
SQL_WORDS = re.compile(r"\b(SELECT|FROM|JOIN|TABLE|INTO|USE|VIEW|VOLUME|SCHEMA|CATALOG|GRANT|MERGE|UPDATE|DELETE|"
                       r"OPTIMIZE|VACUUM|RESTORE|DESCRIBE|SHOW)\b", re.IGNORECASE)
# Methods whose first argument is a table name.
TABLE_METHODS = frozenset({"table", "saveAsTable", "toTable", "insertInto", "forName", "tableExists"})
DBFS = re.compile(r"(?<![\w])(/dbfs/|dbfs:/)", re.IGNORECASE)
SECRET_NAME = re.compile(r"(password|passwd|pwd|secret|token|api_?key|access_?key|credential)", re.IGNORECASE)
# Names that hold where a secret is (a scope, a key name, a widget), not the secret.
SECRET_POINTER = re.compile(r"(scope|_key_name|key_name|widget)", re.IGNORECASE)
TOKEN_LITERAL = re.compile(r"^(Bearer\s+\S+|dapi[0-9a-f]{16,}|ghp_\w{20,}|AKIA[0-9A-Z]{16})", re.IGNORECASE)
SQL_PASSWORD = re.compile(r"\bpassword\s*[=:]?\s*'[^']+'", re.IGNORECASE)
PARSE_FUNCTIONS = ("to_date", "to_timestamp", "to_timestamp_ntz", "to_timestamp_ltz", "to_number",
                   "to_unix_timestamp", "unix_timestamp")
SQL_PARSE = re.compile(r"(?<![\w.])(" + "|".join(PARSE_FUNCTIONS) + r")\s*\((?!\s*\))", re.IGNORECASE)
TYPED_INPUT = re.compile(r"(#|--)\s*typed input\b")
LESSON_NAME = re.compile(r"^\d\d_\w+\.py$")


def is_lesson(path: Path) -> bool:
    """A lesson is a numbered notebook directly in a week folder (week5/jobs/ holds job tasks, not lessons)."""
    return bool(LESSON_NAME.match(path.name)) and path.parent.name.startswith("week")


def cell_text(nb: Notebook, cell: Cell) -> list[tuple[int, str]]:
    """A magic cell's lines without the MAGIC prefix, with their file line numbers."""
    prefix = f"{COMMENT[nb.language]} MAGIC"
    return [(cell.start + i, ln[len(prefix):].lstrip() if ln.startswith(prefix) else ln)
            for i, ln in enumerate(cell.lines)]


def sql_code(line: str) -> str:
    """A SQL line without its `--` comment (a `--` inside quotes is rare enough in the course to ignore)."""
    return line.split("--", 1)[0]


def python_strings(tree: ast.AST):
    """(node, text, is_sql_context) for every string literal, the literal parts of f-strings included."""
    table_args: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TABLE_METHODS \
                and node.args:
            table_args.add(id(node.args[0]))
            if isinstance(node.args[0], ast.JoinedStr):
                table_args.update(id(v) for v in node.args[0].values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node, node.value, id(node) in table_args


def string_line(node: ast.Constant, text: str, offset: int, lines: list[str] | None = None) -> int:
    """The file line of text[offset]. The literal parts of an f-string carry the f-string's first line (before Python
    3.12), so the line is found by looking for the matched line's text within the string's lines."""
    line = node.lineno + text.count("\n", 0, offset)
    if lines is not None:
        begin = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        snippet = text[begin:end if end >= 0 else len(text)].strip()
        for number in range(node.lineno, (getattr(node, "end_lineno", None) or node.lineno) + 1):
            if snippet and number <= len(lines) and snippet in lines[number - 1]:
                return number
    return line


def check_names_in_sql(nb: Notebook, report: Report, line: int, text: str) -> None:
    for match in THREE_PART.finditer(text):
        if match.group(1).lower() not in BUILTIN_CATALOGS:
            report.add(nb.path, line, f"hard-coded name '{match.group(0).strip('`')}': use table_name(...) or the "
                                      f"setup's CATALOG and SCHEMA, so the lesson works in every student's schema")
    for match in USE_LITERAL.finditer(text):
        report.add(nb.path, line, f"hard-coded 'USE ... {match.group(1)}': the setup already chose your catalog and "
                                  f"schema; use CATALOG and SCHEMA (or IDENTIFIER(:name)) if you must switch")


def check_course_rules(nb: Notebook, report: Report) -> None:
    code_cells = compiling_cells(nb, None)
    for cell in code_cells:
        tree = ast.parse(padded_source(nb, [cell]))
        check_python_rules(nb, report, tree)
    for cell in nb.cells:
        if cell.magic is None or cell.magic in ("md", "md-sandbox", "run", "?"):
            continue
        for line, text in cell_text(nb, cell):
            code = sql_code(text) if cell.magic == "sql" else text
            if DBFS.search(code):
                report.add(nb.path, line, "DBFS path: course files live in volumes (/Volumes/<catalog>/<schema>/"
                                          "<volume>/...); the DBFS root is not for Unity Catalog data")
            if cell.magic == "sql":
                check_names_in_sql(nb, report, line, code)
                if SQL_PASSWORD.search(code):
                    report.add(nb.path, line, "a password written in SQL: credentials come only from "
                                              "dbutils.secrets (or a Unity Catalog connection)")
                for match in SQL_PARSE.finditer(code):
                    if not TYPED_INPUT.search(text):
                        report.add(nb.path, line, parse_message(match.group(1)))
            elif VOLUME_LITERAL.search(code):
                report.add(nb.path, line, hard_volume_message(VOLUME_LITERAL.search(code).group(1)))
    if nb.language == ".py" and is_lesson(nb.path):
        check_lesson_anatomy(nb, report)


def parse_message(function: str) -> str:
    return (f"{function}(...) parses text and, under ANSI mode (the default on serverless), fails the whole query on "
            f"one bad value: use try_{function.lower()} (F.expr(\"try_{function.lower()}(col, 'fmt')\")); if the input "
            f"is already a date or timestamp column, end the line with '# typed input'")


def hard_volume_message(catalog: str) -> str:
    return (f"hard-coded volume path '/Volumes/{catalog}/...': build it from CATALOG and SCHEMA (or DATASETS), so "
            f"the lesson works wherever the course is deployed")


def check_python_rules(nb: Notebook, report: Report, tree: ast.AST) -> None:
    lines = nb.lines
    for node, text, table_arg in python_strings(tree):
        for match in DBFS.finditer(text):
            report.add(nb.path, string_line(node, text, match.start(), lines),
                       "DBFS path: course files live in volumes (/Volumes/<catalog>/<schema>/<volume>/...); the DBFS "
                       "root is not for Unity Catalog data")
        match = VOLUME_LITERAL.search(text)
        if match:
            report.add(nb.path, string_line(node, text, match.start(), lines), hard_volume_message(match.group(1)))
        if table_arg or SQL_WORDS.search(text):
            position = 0
            for chunk in text.split("\n"):
                line = string_line(node, text, position, lines)
                check_names_in_sql(nb, report, line, sql_code(chunk) if "\n" in text else chunk)
                position += len(chunk) + 1
        if SQL_WORDS.search(text) or "(" in text:
            for match in SQL_PARSE.finditer(text):
                line = string_line(node, text, match.start(), lines)
                if not TYPED_INPUT.search(lines[line - 1]):
                    report.add(nb.path, line, parse_message(match.group(1)))
        if TOKEN_LITERAL.match(text.strip()):
            report.add(nb.path, node.lineno, "a credential written in the notebook: read it with "
                                             "dbutils.secrets.get(scope, key)")
    for node in ast.walk(tree):
        check_secret_node(nb, report, node)
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in PARSE_FUNCTIONS and (node.args or node.keywords) and not TYPED_INPUT.search(lines[node.lineno - 1]):
                report.add(nb.path, node.lineno, parse_message(name))


def literal_secret(value: ast.AST | None) -> bool:
    return isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.strip() != ""


def secret_like(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not SECRET_POINTER.search(name)


def check_secret_node(nb: Notebook, report: Report, node: ast.AST) -> None:
    message = "a credential written in the notebook: read it with dbutils.secrets.get(scope, key)"
    if isinstance(node, ast.Assign) and literal_secret(node.value):
        for target in node.targets:
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
            if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                name = str(target.slice.value)
            if secret_like(name):
                report.add(nb.path, node.lineno, message)
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and secret_like(str(key.value)) and literal_secret(value):
                report.add(nb.path, node.lineno, message)
    elif isinstance(node, ast.Call):
        for keyword in node.keywords:
            if keyword.arg and secret_like(keyword.arg) and literal_secret(keyword.value):
                report.add(nb.path, node.lineno, message)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        # .option("password", "...")
        if name == "option" and len(node.args) == 2 and isinstance(node.args[0], ast.Constant) \
                and secret_like(str(node.args[0].value)) and literal_secret(node.args[1]):
            report.add(nb.path, node.lineno, message)
        # os.getenv("API_TOKEN"), os.environ.get("API_TOKEN")
        if name in ("getenv", "get") and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and secret_like(node.args[0].value) \
                and (name == "getenv" or "environ" in ast.unparse(func)):
            report.add(nb.path, node.lineno, "a credential from the environment: on Databricks, secrets come only "
                                             "through dbutils.secrets.get(scope, key)")
    elif isinstance(node, ast.Subscript) and "environ" in ast.unparse(node.value) \
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str) \
            and secret_like(node.slice.value):
        report.add(nb.path, node.lineno, "a credential from the environment: on Databricks, secrets come only "
                                         "through dbutils.secrets.get(scope, key)")


def md_headings(nb: Notebook) -> list[tuple[int, str, int]]:
    """(line, heading text, cell index) of every markdown heading."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.magic in ("md", "md-sandbox"):
            for line, text in cell_text(nb, cell):
                if text.startswith("#"):
                    found.append((line, text.lstrip("#").strip(), index))
    return found


def check_lesson_anatomy(nb: Notebook, report: Report) -> None:
    headings = md_headings(nb)

    def first(pattern: str):
        regex = re.compile(pattern, re.IGNORECASE)
        return next((h for h in headings if regex.search(h[1])), None)

    if first(r"\bobjectives\b") is None:
        report.add(nb.path, 1, "lesson without a 'Learning objectives' heading: say what the student will be able "
                               "to do")
    exercise = first(r"^(\d+\.\s*)?exercise\b")
    if exercise is None:
        report.add(nb.path, 1, "lesson without an '## Exercise' heading: every lesson ends with work for the student")
    else:
        calls = [c for c in nb.cells[exercise[2] + 1:] if c.magic is None and re.search(r"\bcheck\(", "\n".join(c.lines))]
        if not calls:
            report.add(nb.path, exercise[0], "exercise without a check: a cell after it must call check(...) so the "
                                             "student knows whether the work is right")
    if first(r"\bclean\s*-?up\b") is None:
        report.add(nb.path, 1, "lesson without a '## Cleanup' heading: drop what the lesson created "
                               "(drop_tables(...))")


def check_notebook(path: Path, report: Report, pyflakes_checker=None) -> None:
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
    compiling_cells(nb, report)
    check_course_rules(nb, report)
    if pyflakes_checker is not None:
        lint_python(nb, report, inherited, pyflakes_checker)


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


def load_pyflakes():
    """pyflakes' checker module, or None when it is not installed."""
    try:
        from pyflakes import checker
    except ImportError:
        return None
    return checker


def main(argv: list[str] | None = None, pyflakes_loader=load_pyflakes) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    lint = "--lint" in args
    args = [a for a in args if a != "--lint"]
    unknown = [a for a in args if a.startswith("-")]
    if unknown:
        print(f"check_notebooks: unknown option {unknown[0]} (usage: check_notebooks.py [--lint] [folder ...])",
              file=sys.stderr)
        return 2
    pyflakes_checker = None
    if lint:
        pyflakes_checker = pyflakes_loader()
        if pyflakes_checker is None:
            print(f"check_notebooks: --lint needs pyflakes, which {sys.executable} cannot import. Install it "
                  f"(Debian: apt-get install python3-pyflakes; elsewhere: {sys.executable} -m pip install pyflakes), "
                  f"or run without --lint for the checks that need only the standard library.", file=sys.stderr)
            return 2
    repo = Path(__file__).resolve().parents[2]
    folders = [Path(a) for a in args] or [repo / "course" / "notebooks", repo / "course" / "solutions"]
    report = Report(Path.cwd())
    count = 0
    for folder in folders:
        if not folder.is_dir():
            report.add(folder, 0, "no such folder")
            continue
        for path in notebooks_under(folder, report):
            count += 1
            check_notebook(path, report, pyflakes_checker)
    if report.problems:
        print("\n".join(report.lines()))
        print(f"check_notebooks: {len(report.problems)} problem(s) in {count} notebook(s)", file=sys.stderr)
        return 1
    shown = ", ".join(display_path(f, Path.cwd()) for f in folders)
    print(f"check_notebooks: {count} notebooks in {shown}: headers, separators, magics, %run targets, syntax and "
          f"course rules clean" + ("; pyflakes clean" if lint else " (pyflakes not run: add --lint)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
