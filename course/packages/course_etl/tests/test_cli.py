import contextlib
import io
import sys
import types
import unittest
from unittest import mock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from course_etl import cli, spark_job  # noqa: E402
from course_etl.orders import REVENUE_STATUSES  # noqa: E402

GOOD = ["--catalog", "databricks_course", "--schema", "ana_lopez", "--datasets", "/Volumes/databricks_course/shared_bronze/course_datasets/"]


class ParseArgsTests(unittest.TestCase):
    def test_accepts_wheel_task_parameters(self):
        args = cli.parse_args(GOOD + ["--table", "my_revenue"])
        self.assertEqual((args.catalog, args.schema, args.table), ("databricks_course", "ana_lopez", "my_revenue"))
        self.assertEqual(args.datasets, "/Volumes/databricks_course/shared_bronze/course_datasets")

    def test_default_table(self):
        self.assertEqual(cli.parse_args(GOOD).table, "wheel_daily_revenue")

    def rejected(self, argv):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
            cli.parse_args(argv)
        self.assertEqual(caught.exception.code, 2)
        return stderr.getvalue()

    def test_schema_with_sql_characters_is_rejected(self):
        message = self.rejected(["--catalog", "c", "--schema", "x`; DROP", "--datasets", "/Volumes/c/s/v"])
        self.assertIn("schema 'x`; DROP' must be letters, digits and underscores only", message)

    def test_datasets_outside_a_volume_is_rejected(self):
        message = self.rejected(["--catalog", "c", "--schema", "s", "--datasets", "/dbfs/tmp/data"])
        self.assertIn("must be a Unity Catalog volume folder", message)

    def test_missing_schema_is_rejected(self):
        self.assertIn("--schema", self.rejected(["--catalog", "c", "--datasets", "/Volumes/c/s/v"]))


class MainTests(unittest.TestCase):
    def test_main_runs_the_spark_job_with_the_parsed_arguments(self):
        session = object()
        builder = mock.Mock()
        builder.getOrCreate.return_value = session
        fake_sql = types.ModuleType("pyspark.sql")
        fake_sql.SparkSession = types.SimpleNamespace(builder=builder)
        fake_pyspark = types.ModuleType("pyspark")
        fake_pyspark.sql = fake_sql
        stdout = io.StringIO()
        with mock.patch.dict(sys.modules, {"pyspark": fake_pyspark, "pyspark.sql": fake_sql}), \
                mock.patch.object(spark_job, "run_daily_revenue", return_value=516) as run, \
                contextlib.redirect_stdout(stdout):
            code = cli.main(GOOD + ["--table", "t1"])
        self.assertEqual(code, 0)
        run.assert_called_once_with(
            session, "databricks_course", "ana_lopez", "/Volumes/databricks_course/shared_bronze/course_datasets", "t1")
        self.assertIn("wrote 516 rows to databricks_course.ana_lopez.t1", stdout.getvalue())

    def test_main_rejects_bad_arguments_before_touching_spark(self):
        with mock.patch.dict(sys.modules, {"pyspark": None, "pyspark.sql": None}), \
                contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as caught:
            cli.main(["--catalog", "c"])
        self.assertEqual(caught.exception.code, 2)


class SparkModuleTests(unittest.TestCase):
    def test_importing_the_spark_module_does_not_need_pyspark(self):
        self.assertNotIn("pyspark", sys.modules)
        self.assertIn("order_ts STRING", spark_job.ORDERS_SCHEMA)

    def test_revenue_filter_and_formula_follow_the_pure_rules(self):
        self.assertEqual(spark_job._sql_list(REVENUE_STATUSES), "'PLACED', 'SHIPPED', 'DELIVERED'")
        self.assertEqual(spark_job.LINE_REVENUE_SQL, "ROUND(quantity * unit_price * (1 - discount_pct), 2)")


if __name__ == "__main__":
    unittest.main()
