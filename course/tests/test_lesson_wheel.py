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

COURSE = Path(__file__).resolve().parents[1]
LESSON = COURSE / "notebooks" / "week5" / "14_create_job_with_wheel.py"
PACKAGE = COURSE / "packages" / "course_etl"


def lesson_function(name):
    """The named top-level function of the lesson, with the imports it needs, as a callable."""
    tree = ast.parse("\n".join(ln for ln in LESSON.read_text(encoding="utf-8").split("\n")
                               if not ln.startswith(("# MAGIC", "%"))))
    wanted = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == name]
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
               and not any(alias.name.startswith(("databricks", "course_etl")) for alias in node.names)
               and not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("databricks",
                                                                                           "course_etl")))]
    namespace = {}
    exec(compile(ast.Module(body=imports + wanted, type_ignores=[]), str(LESSON), "exec"), namespace)
    return namespace[name]


class PureWheelTest(unittest.TestCase):
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
