"""Running a lesson cell again leaves the lesson passable: the cells whose Python runs here, run twice.

Lesson 05's pagination cell replays the captured API failures (the retry check counts the attempts per page), and
lesson 06's change cell applies the change script to the SQLite source. Both run on the committed sample data with the
setup's fake spark and a dbutils that keeps files in memory. Cells that need Spark itself (lesson 11's target cell)
are checked by what they select (see test_the_correction_target_does_not_depend_on_the_correction).
"""

import sqlite3
import unittest
from pathlib import Path
from unittest import mock

from test_checks import setup_namespace
from test_course_setup import FakeSpark

COURSE = Path(__file__).resolve().parents[1]
SOLUTIONS = COURSE / "solutions"
DATA = COURSE / "datasets" / "data"
SEPARATOR = "\n\n# COMMAND ----------\n\n"


class MemoryFs:
    def __init__(self):
        self.files = {}

    def put(self, path, text, overwrite=False):
        self.files[path] = text

    def head(self, path, max_bytes=65536):
        return self.files[path][:max_bytes]


class LessonDbutils:
    """Widgets with their defaults, files in memory, no secrets."""

    def __init__(self):
        self.fs = MemoryFs()
        self.widgets = mock.Mock(text=self.define, get=lambda name: self.values[name])
        self.values = {}

    def define(self, name, default, label=""):
        self.values.setdefault(name, default)


def code_cells(lesson):
    return [c for c in (SOLUTIONS / lesson).read_text(encoding="utf-8").split(SEPARATOR)
            if not c.startswith("# MAGIC") and not c.startswith("# Databricks notebook source")]


def cell_with(cells, marker):
    found = [c for c in cells if marker in c]
    assert len(found) == 1, (marker, len(found))
    return found[0]


def lesson_namespace():
    spark = FakeSpark()
    namespace = setup_namespace(spark)
    namespace.update(DATASETS=str(DATA), dbutils=LessonDbutils(), display=lambda *a, **k: None)
    return namespace, spark


def run(namespace, *cells):
    with mock.patch("builtins.print"), mock.patch("time.sleep"):
        for cell in cells:
            exec(compile(cell, "<cell>", "exec"), namespace)


class ApiPaginationRerunTest(unittest.TestCase):
    def test_the_pagination_cell_passes_its_retry_check_when_run_again(self):
        cells = code_cells("week2/05_api_ingest.py")
        namespace, spark = lesson_namespace()
        setup_cells = [cell_with(cells, 'dbutils.widgets.text("api_url"'), cell_with(cells, "def api_headers"),
                       cell_with(cells, "def captured_response")]
        pagination = cell_with(cells, "page, pages_written")
        run(namespace, *setup_cells, pagination)
        run(namespace, pagination)  # AssertionError from check("retries", ...) without the reset
        self.assertEqual(len(namespace["pages_written"]), namespace["total_pages"])
        retries = [a for a in spark.arguments if a["check_name"] == "retries"]
        self.assertEqual([a["passed"] for a in retries], [True, True])


class DatabaseChangesRerunTest(unittest.TestCase):
    def test_the_change_cell_applies_the_changes_once_when_run_again(self):
        cells = code_cells("week2/06_database_ingest.py")
        namespace, _ = lesson_namespace()
        changes = cell_with(cells, "changes_script = handle.read()")
        run(namespace, cell_with(cells, "SOURCE_DB = os.path.join"), changes)
        run(namespace, changes)  # sqlite3.IntegrityError on the new warehouse's rows without the guard
        with sqlite3.connect(namespace["SOURCE_DB"]) as connection:
            deletes = connection.execute("SELECT count(*) FROM inventory_changes WHERE op = 'D'").fetchone()[0]
            new_warehouse = connection.execute("SELECT count(*) FROM inventory WHERE warehouse = 'STO-1'").fetchone()[0]
        self.assertEqual((deletes, new_warehouse), (3, 2))


class CorrectionTargetTest(unittest.TestCase):
    def test_the_correction_target_does_not_depend_on_the_correction(self):
        cells = code_cells("week4/11_file_to_aggregation.py")
        target_cell = cell_with(cells, "target = (")
        # Chosen from bronze, which the exercise does not change, and counted as shipped whether or not it is
        # cancelled yet: the same order and the same gold_before on every run of the cell.
        self.assertIn('spark.table(BRONZE_ORDERS).where("upper(trim(status)) = \'SHIPPED\'")', target_cell)
        self.assertIn("status IN ('SHIPPED', 'CANCELLED')", target_cell)
        self.assertIn('| (F.col("order_id") == target.order_id)', target_cell)
        self.assertNotIn("spark.table(GOLD_DAILY)", target_cell, "gold changes with the exercise")


if __name__ == "__main__":
    unittest.main()
