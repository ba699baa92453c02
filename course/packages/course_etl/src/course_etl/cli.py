"""Command-line entry point of the wheel (``daily_revenue``), used by a Databricks ``python_wheel_task``.

A wheel task passes its ``parameters`` as command-line arguments, for example::

    daily_revenue --catalog databricks_course --schema ana_lopez \
        --datasets /Volumes/databricks_course/shared_bronze/course_datasets --table wheel_daily_revenue
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Sequence

_IDENTIFIER = re.compile(r"^[A-Za-z0-9_]{1,255}$")


def _identifier(kind: str):
    def parse(value: str) -> str:
        if not _IDENTIFIER.match(value):
            raise argparse.ArgumentTypeError(f"{kind} {value!r} must be letters, digits and underscores only")
        return value

    return parse


def _datasets(value: str) -> str:
    value = value.rstrip("/")
    if not value.startswith("/Volumes/") or value.count("/") < 4:
        raise argparse.ArgumentTypeError(
            f"datasets {value!r} must be a Unity Catalog volume folder: /Volumes/<catalog>/<schema>/<volume>[/...]"
        )
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="daily_revenue",
        description="Compute revenue per order day and currency from the course's retail files into a Delta table.",
    )
    parser.add_argument("--catalog", required=True, type=_identifier("catalog"), help="Unity Catalog catalog")
    parser.add_argument("--schema", required=True, type=_identifier("schema"), help="schema to write into")
    parser.add_argument("--datasets", required=True, type=_datasets, help="volume folder with retail/orders.csv")
    parser.add_argument("--table", default="wheel_daily_revenue", type=_identifier("table"), help="target table name")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the Spark job, print a one-line summary. Returns the process exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession  # provided by the Databricks runtime

    from course_etl.spark_job import run_daily_revenue

    spark = SparkSession.builder.getOrCreate()
    rows = run_daily_revenue(spark, args.catalog, args.schema, args.datasets, args.table)
    print(f"daily_revenue: wrote {rows} rows to {args.catalog}.{args.schema}.{args.table}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
