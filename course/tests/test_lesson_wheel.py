"""Lesson 14's fallback wheel builder (standard library only), run here on the course_etl package.

The lesson builds the wheel with pip when the compute's setuptools can, and with build_pure_wheel when it cannot. This
test builds the wheel with build_pure_wheel, installs it with pip into a temporary folder and imports it from there in
a fresh interpreter, as a Databricks job would: the package, its version and the daily_revenue entry point must be
there.
"""

import ast
import json
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path
from unittest import mock

COURSE = Path(__file__).resolve().parents[1]
LESSON = COURSE / "notebooks" / "week5" / "14_create_job_with_wheel.py"
PACKAGE = COURSE / "packages" / "course_etl"


def is_import(node):
    """An import statement, or a try block of imports (`try: import tomllib` with its fallback)."""
    if isinstance(node, ast.Try):
        return all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in node.body)
    return isinstance(node, (ast.Import, ast.ImportFrom))


def imports_workspace_code(node):
    """Imports of what exists only on Databricks or after the lesson's %pip install."""
    modules = [a.name for n in ast.walk(node) if isinstance(n, ast.Import) for a in n.names]
    modules += [n.module or "" for n in ast.walk(node) if isinstance(n, ast.ImportFrom)]
    return any(m.startswith(("databricks", "course_etl")) for m in modules)


def lesson_function(name, without_tomllib=False):
    """The named top-level function of the lesson, with the functions and imports it needs, as a callable.
    without_tomllib: as on Python 3.10 (serverless environment 1), where `import tomllib` fails."""
    tree = ast.parse("\n".join(ln for ln in LESSON.read_text(encoding="utf-8").split("\n")
                               if not ln.startswith(("# MAGIC", "%"))))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)
                 and node.name in (name, "read_project")]
    imports = [node for node in tree.body if is_import(node) and not imports_workspace_code(node)]
    namespace = {}
    blocked = {"tomllib": None} if without_tomllib else {}
    with mock.patch.dict(sys.modules, blocked):  # a None entry makes `import tomllib` raise ModuleNotFoundError
        exec(compile(ast.Module(body=imports + functions, type_ignores=[]), str(LESSON), "exec"), namespace)
    return namespace[name]


class PureWheelTest(unittest.TestCase):
    def test_without_tomllib_the_project_table_is_read_the_same(self):
        with_tomllib = lesson_function("read_project")(str(PACKAGE / "pyproject.toml"))
        reader = lesson_function("read_project", without_tomllib=True)
        self.assertIsNone(reader.__globals__["tomllib"], "the Python 3.10 path is taken")
        without = reader(str(PACKAGE / "pyproject.toml"))
        for key in ("name", "version", "description", "requires-python", "scripts"):
            self.assertEqual(without.get(key), with_tomllib.get(key), key)

    def test_the_fallback_wheel_builds_without_tomllib(self):
        build = lesson_function("build_pure_wheel", without_tomllib=True)
        with tempfile.TemporaryDirectory() as tmp:
            wheel = build(str(PACKAGE), f"{tmp}/dist")
            with zipfile.ZipFile(wheel) as archive:
                self.assertIn("daily_revenue = course_etl.cli:main",
                              archive.read("course_etl-0.1.0.dist-info/entry_points.txt").decode())
                self.assertIn("Requires-Python: >=3.10", archive.read("course_etl-0.1.0.dist-info/METADATA").decode())

    def test_the_fallback_wheel_installs_and_exposes_the_entry_point(self):
        build = lesson_function("build_pure_wheel")
        with tempfile.TemporaryDirectory() as tmp:
            wheel = build(str(PACKAGE), f"{tmp}/dist")
            self.assertTrue(wheel.endswith("/course_etl-0.1.0-py3-none-any.whl"), wheel)
            with zipfile.ZipFile(wheel) as archive:
                names = set(archive.namelist())
                self.assertIn("course_etl/cli.py", names)
                self.assertFalse(any("tests/" in n or n.endswith(".pyc") for n in names), names)
                self.assertIn("daily_revenue = course_etl.cli:main",
                              archive.read("course_etl-0.1.0.dist-info/entry_points.txt").decode())
            install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                                      "--disable-pip-version-check", "--target", f"{tmp}/site", wheel],
                                     capture_output=True, text=True)
            self.assertEqual(install.returncode, 0, install.stderr)
            probe = ("import importlib.metadata as m, json, course_etl\n"
                     "eps = [e.value for e in m.entry_points(group='console_scripts') if e.name == 'daily_revenue']\n"
                     "print(json.dumps([m.version('course_etl'), course_etl.__file__, eps]))")
            result = subprocess.run([sys.executable, "-S", "-c", probe], capture_output=True, text=True,
                                    env={"PYTHONPATH": f"{tmp}/site"}, cwd=tmp)
            self.assertEqual(result.returncode, 0, result.stderr)
            version, location, entry_points = json.loads(result.stdout)
            self.assertEqual(version, "0.1.0")
            self.assertTrue(location.startswith(f"{tmp}/site/"), location)
            self.assertEqual(entry_points, ["course_etl.cli:main"])


if __name__ == "__main__":
    unittest.main()
