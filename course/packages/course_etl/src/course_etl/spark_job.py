"""The Spark side: the rules of ``course_etl.orders`` applied to DataFrames, and the daily revenue job.

pyspark is imported inside the functions, never at module import, so the pure modules and their tests run without Spark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course_etl.orders import CHANNELS, CURRENCIES, MAX_DISCOUNT, ORDER_STATUSES, REVENUE_STATUSES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pyspark.sql import DataFrame, SparkSession

ORDERS_SCHEMA = "order_id INT, customer_id INT, order_ts STRING, status STRING, channel STRING, currency STRING"
ORDER_ITEMS_SCHEMA = (
    "order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)"
)
LINE_REVENUE_SQL = "ROUND(quantity * unit_price * (1 - discount_pct), 2)"
"""Same formula and rounding (half-up, to the cent) as ``orders.line_revenue``."""

DAILY_REVENUE_COLUMNS = ["order_date", "currency", "orders", "revenue"]


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def read_orders(spark: "SparkSession", datasets: str) -> "DataFrame":
    """``retail/orders.csv`` with an explicit schema (order_ts stays text until :func:`clean_orders_df`)."""
    return spark.read.format("csv").option("header", "true").schema(ORDERS_SCHEMA).load(f"{datasets}/retail/orders.csv")


def read_order_items(spark: "SparkSession", datasets: str) -> "DataFrame":
    """``retail/order_items.csv`` with an explicit schema."""
    return (
        spark.read.format("csv").option("header", "true").schema(ORDER_ITEMS_SCHEMA).load(f"{datasets}/retail/order_items.csv")
    )


def clean_orders_df(orders: "DataFrame") -> "DataFrame":
    """Typed, valid orders, one per order_id (the earliest order_ts): the DataFrame twin of ``orders.clean_orders``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    normalised = (
        orders.withColumn("status", F.upper(F.trim("status")))
        .withColumn("channel", F.lower(F.trim("channel")))
        .withColumn("currency", F.upper(F.trim("currency")))
        .withColumn("order_ts", F.expr("try_to_timestamp(trim(order_ts), 'yyyy-MM-dd HH:mm:ss')"))
    )
    valid = normalised.where(
        F.expr(
            "order_id >= 1 AND customer_id >= 1 AND order_ts IS NOT NULL"
            f" AND status IN ({_sql_list(ORDER_STATUSES)})"
            f" AND channel IN ({_sql_list(CHANNELS)})"
            f" AND currency IN ({_sql_list(CURRENCIES)})"
        )
    )
    first = Window.partitionBy("order_id").orderBy("order_ts")
    return valid.withColumn("_rank", F.row_number().over(first)).where("_rank = 1").drop("_rank")


def valid_items_df(items: "DataFrame") -> "DataFrame":
    """Order lines that pass the rules of ``orders.parse_order_item``."""
    from pyspark.sql import functions as F

    return items.where(
        F.expr(
            "order_id >= 1 AND line_no >= 1 AND product_id >= 1 AND quantity >= 1"
            f" AND unit_price >= 0 AND discount_pct BETWEEN 0 AND {MAX_DISCOUNT}"
        )
    )


def daily_revenue_df(clean_orders: "DataFrame", items: "DataFrame") -> "DataFrame":
    """Revenue per (order_date, currency) over orders that count as revenue: the twin of ``revenue.daily_revenue``."""
    from pyspark.sql import functions as F

    revenue_orders = clean_orders.where(F.col("status").isin(*REVENUE_STATUSES))
    lines = valid_items_df(items).withColumn("line_revenue", F.expr(LINE_REVENUE_SQL))
    return (
        revenue_orders.join(lines, "order_id")
        .groupBy(F.to_date("order_ts").alias("order_date"), "currency")
        .agg(F.countDistinct("order_id").alias("orders"), F.sum("line_revenue").cast("decimal(18,2)").alias("revenue"))
        .select(*DAILY_REVENUE_COLUMNS)
    )


def run_daily_revenue(spark: "SparkSession", catalog: str, schema: str, datasets: str, table: str) -> int:
    """Read the retail files, compute daily revenue and replace ``catalog.schema.table`` with it. Returns the row count."""
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    result = daily_revenue_df(clean_orders_df(read_orders(spark, datasets)), read_order_items(spark, datasets))
    target = f"`{catalog}`.`{schema}`.`{table}`"
    result.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(target)
    return spark.table(target).count()
