# Databricks notebook source
# MAGIC %md
# MAGIC # 11 · From files to aggregates: a medallion pipeline
# MAGIC
# MAGIC This lesson builds a complete, re-runnable pipeline over the retail files:
# MAGIC
# MAGIC | layer | tables (in your schema) | what happens |
# MAGIC |---|---|---|
# MAGIC | bronze | `w4_bronze_orders`, `w4_bronze_order_items` | the files as text, plus audit columns (source file, load time, run id) |
# MAGIC | silver | `w4_silver_orders`, `w4_silver_order_lines`, `w4_quarantine` | typed, validated, deduplicated; bad rows are quarantined with a reason; upserted with `MERGE` |
# MAGIC | gold | `w4_gold_daily_sales` | revenue per day, channel and currency; kept in sync with `MERGE` |
# MAGIC | monitoring | `w4_pipeline_runs` | one row per run: counts per layer and what each `MERGE` changed |
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Land raw files in bronze with audit columns from the `_metadata` column.
# MAGIC - Validate and type data into silver, and quarantine bad rows instead of dropping them.
# MAGIC - Make every step idempotent: running the pipeline twice changes nothing the second time (`MERGE` with change
# MAGIC   detection, `WHEN NOT MATCHED BY SOURCE`).
# MAGIC - Monitor a pipeline: row counts per layer, `MERGE` metrics, data-quality checks, `DESCRIBE HISTORY`.
# MAGIC - Apply a late correction and watch it flow from silver to gold.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - Week 2 `04_file_ingestion`, week 3 (`08`–`10`). Delta `MERGE` basics from week 1.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. Tables and schemas
# MAGIC
# MAGIC Silver and gold tables are created up front with explicit types, so that a `MERGE` never guesses a schema and a
# MAGIC wrong type fails loudly. `CREATE TABLE IF NOT EXISTS` keeps the cell re-runnable.

# COMMAND ----------

import uuid
from datetime import datetime, timezone

from pyspark.sql import Window
from pyspark.sql import functions as F

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

spark.conf.set("spark.sql.session.timeZone", "UTC")

BRONZE_ORDERS = table_name("w4_bronze_orders")
BRONZE_ITEMS = table_name("w4_bronze_order_items")
SILVER_ORDERS = table_name("w4_silver_orders")
SILVER_LINES = table_name("w4_silver_order_lines")
QUARANTINE = table_name("w4_quarantine")
GOLD_DAILY = table_name("w4_gold_daily_sales")
RUNS = table_name("w4_pipeline_runs")

STATUSES = ["PLACED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"]
REVENUE_STATUSES = ["PLACED", "SHIPPED", "DELIVERED"]
CHANNELS = ["web", "mobile", "store"]
CURRENCIES = ["EUR", "USD", "GBP"]

RAW_ORDER_COLUMNS = ["order_id", "customer_id", "order_ts", "status", "channel", "currency"]
RAW_ITEM_COLUMNS = ["order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct"]

spark.sql(f"""
CREATE TABLE IF NOT EXISTS {SILVER_ORDERS} (
  order_id INT NOT NULL, customer_id INT, order_ts TIMESTAMP, order_date DATE,
  status STRING, channel STRING, currency STRING, _row_hash STRING, _updated_at TIMESTAMP
) COMMENT 'Week 4: typed, validated, one row per order'
""")
spark.sql(f"""
CREATE TABLE IF NOT EXISTS {SILVER_LINES} (
  order_id INT NOT NULL, line_no INT NOT NULL, product_id INT, quantity INT, unit_price DECIMAL(10,2),
  discount_pct DECIMAL(5,4), line_revenue DECIMAL(18,2), _row_hash STRING, _updated_at TIMESTAMP
) COMMENT 'Week 4: typed, validated order lines with revenue in the order currency'
""")
spark.sql(f"""
CREATE TABLE IF NOT EXISTS {QUARANTINE} (
  source STRING, record STRING, reason STRING, _run_id STRING, _quarantined_at TIMESTAMP
) COMMENT 'Week 4: rows that failed validation, with the reason'
""")
spark.sql(f"""
CREATE TABLE IF NOT EXISTS {GOLD_DAILY} (
  order_date DATE, channel STRING, currency STRING, orders BIGINT, units BIGINT, revenue DECIMAL(18,2), _updated_at TIMESTAMP
) COMMENT 'Week 4: revenue orders per day, channel and currency'
""")
spark.sql(f"""
CREATE TABLE IF NOT EXISTS {RUNS} (
  run_id STRING, started_at TIMESTAMP, finished_at TIMESTAMP, bronze_orders BIGINT, bronze_items BIGINT,
  quarantined BIGINT, silver_orders_inserted BIGINT, silver_orders_updated BIGINT, silver_lines_inserted BIGINT,
  silver_lines_updated BIGINT, gold_inserted BIGINT, gold_updated BIGINT, gold_deleted BIGINT
) COMMENT 'Week 4: one row per pipeline run'
""")
print("tables ready")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Bronze: the files as they are
# MAGIC
# MAGIC Every column is read as `STRING` (nothing can fail to parse), and three audit columns are added:
# MAGIC `_source_file` from the hidden `_metadata` column of file sources, `_ingested_at`, and the `_run_id`.
# MAGIC
# MAGIC The retail files are complete snapshots, so bronze is replaced on each run: loading the same files twice gives the
# MAGIC same table. (For files that arrive incrementally, week 2 showed Auto Loader, which remembers what it loaded.)
# MAGIC
# MAGIC Besides `orders.csv`, a late batch arrived: `retail/incoming/orders_2025-07-01.csv`. Like real late batches it
# MAGIC repeats orders that were already delivered (some exactly, some re-sent a day later with another status) and has
# MAGIC rows that break the rules. Silver has to cope with both.

# COMMAND ----------

def raw_schema(columns):
    return ", ".join(f"{c} STRING" for c in columns)


def load_bronze(run_id):
    def read(paths, columns):
        return (
            spark.read.format("csv").option("header", "true").schema(raw_schema(columns))
            .load([f"{DATASETS}/{path}" for path in paths])
            .select("*", F.col("_metadata.file_path").alias("_source_file"),
                    F.current_timestamp().alias("_ingested_at"), F.lit(run_id).alias("_run_id"))
        )

    read(["retail/orders.csv", "retail/incoming/orders_2025-07-01.csv"], RAW_ORDER_COLUMNS).write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(BRONZE_ORDERS)
    read(["retail/order_items.csv"], RAW_ITEM_COLUMNS).write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(BRONZE_ITEMS)
    return spark.table(BRONZE_ORDERS).count(), spark.table(BRONZE_ITEMS).count()

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Silver: types, validation, quarantine, deduplication, `MERGE`
# MAGIC
# MAGIC - `try_cast` / `try_to_timestamp` turn bad text into `NULL` instead of failing the query.
# MAGIC - A `when` chain names the **first** rule a row breaks; rows with a reason go to the quarantine table, the rest on.
# MAGIC - Duplicates keep the earliest version (`row_number` over the key).
# MAGIC - A hash of the business columns (`_row_hash`) lets the `MERGE` update only rows that really changed, so a re-run
# MAGIC   rewrites nothing.

# COMMAND ----------

def is_not_in(column, values):
    """True when the column is NULL or not one of the values (a plain `~isin` is NULL, i.e. not true, for NULL)."""
    return ~F.coalesce(F.col(column).isin(*values), F.lit(False))


def with_row_hash(df, columns):
    return df.withColumn("_row_hash", F.sha2(F.concat_ws("|", *[F.coalesce(F.col(c).cast("string"), F.lit("<null>")) for c in columns]), 256))


def quarantine(df, source, run_id):
    rejected = df.where("_reason IS NOT NULL").select(
        F.lit(source).alias("source"), F.col("_record").alias("record"), F.col("_reason").alias("reason"),
        F.lit(run_id).alias("_run_id"), F.current_timestamp().alias("_quarantined_at"),
    )
    rejected.write.mode("append").saveAsTable(QUARANTINE)
    return rejected.count()


def merge_metrics(result_df):
    row = result_df.first().asDict()
    return {k: int(row.get(k) or 0) for k in ("num_inserted_rows", "num_updated_rows", "num_deleted_rows")}


def build_silver_orders(run_id):
    typed = spark.table(BRONZE_ORDERS).select(
        F.expr("try_cast(order_id AS INT)").alias("order_id"),
        F.expr("try_cast(customer_id AS INT)").alias("customer_id"),
        F.expr("try_to_timestamp(trim(order_ts), 'yyyy-MM-dd HH:mm:ss')").alias("order_ts"),
        F.upper(F.trim("status")).alias("status"),
        F.lower(F.trim("channel")).alias("channel"),
        F.upper(F.trim("currency")).alias("currency"),
        F.to_json(F.struct(*RAW_ORDER_COLUMNS, "_source_file")).alias("_record"),
    )
    checked = typed.withColumn(
        "_reason",
        F.when(F.col("order_id").isNull(), "order_id is not a whole number")
        .when(F.col("customer_id").isNull(), "customer_id is not a whole number")
        .when(F.col("order_ts").isNull(), "order_ts is not yyyy-MM-dd HH:mm:ss")
        .when(is_not_in("status", STATUSES), "unknown status")
        .when(is_not_in("channel", CHANNELS), "unknown channel")
        .when(is_not_in("currency", CURRENCIES), "unknown currency"),
    )
    quarantined = quarantine(checked, "orders", run_id)
    earliest = Window.partitionBy("order_id").orderBy("order_ts")
    updates = with_row_hash(
        checked.where("_reason IS NULL")
        .withColumn("_rn", F.row_number().over(earliest)).where("_rn = 1")
        .select("order_id", "customer_id", "order_ts", F.to_date("order_ts").alias("order_date"), "status", "channel", "currency"),  # typed input
        ["customer_id", "order_ts", "status", "channel", "currency"],
    ).withColumn("_updated_at", F.current_timestamp())
    updates.createOrReplaceTempView("w4_silver_orders_updates")
    metrics = merge_metrics(spark.sql(f"""
        MERGE INTO {SILVER_ORDERS} AS t
        USING w4_silver_orders_updates AS s
        ON t.order_id = s.order_id
        WHEN MATCHED AND t._row_hash <> s._row_hash THEN UPDATE SET *
        WHEN NOT MATCHED THEN INSERT *
    """))
    return quarantined, metrics


def build_silver_lines(run_id):
    typed = spark.table(BRONZE_ITEMS).select(
        *[F.expr(f"try_cast({c} AS INT)").alias(c) for c in ["order_id", "line_no", "product_id", "quantity"]],
        F.expr("try_cast(unit_price AS DECIMAL(10,2))").alias("unit_price"),
        F.expr("try_cast(discount_pct AS DECIMAL(5,4))").alias("discount_pct"),
        F.to_json(F.struct(*RAW_ITEM_COLUMNS, "_source_file")).alias("_record"),
    )
    known_orders = spark.table(SILVER_ORDERS).select("order_id", F.lit(True).alias("_known_order"))
    checked = typed.join(known_orders, "order_id", "left").withColumn(
        "_reason",
        F.when(F.col("order_id").isNull() | F.col("line_no").isNull(), "order_id or line_no is not a whole number")
        .when(F.col("_known_order").isNull(), "order_id not in silver orders")
        .when(F.col("product_id").isNull(), "product_id is not a whole number")
        .when(F.coalesce(F.col("quantity"), F.lit(0)) < 1, "quantity missing or below 1")
        .when(F.coalesce(F.col("unit_price"), F.lit(-1)) < 0, "unit_price missing or negative")
        .when(~F.coalesce(F.col("discount_pct").between(0, 0.3), F.lit(False)), "discount_pct outside 0..0.3"),
    )
    quarantined = quarantine(checked, "order_items", run_id)
    first = Window.partitionBy("order_id", "line_no").orderBy("product_id")
    updates = with_row_hash(
        checked.where("_reason IS NULL")
        .withColumn("_rn", F.row_number().over(first)).where("_rn = 1")
        .select("order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct",
                F.round(F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")), 2).cast("decimal(18,2)").alias("line_revenue")),
        ["product_id", "quantity", "unit_price", "discount_pct"],
    ).withColumn("_updated_at", F.current_timestamp())
    updates.createOrReplaceTempView("w4_silver_lines_updates")
    metrics = merge_metrics(spark.sql(f"""
        MERGE INTO {SILVER_LINES} AS t
        USING w4_silver_lines_updates AS s
        ON t.order_id = s.order_id AND t.line_no = s.line_no
        WHEN MATCHED AND t._row_hash <> s._row_hash THEN UPDATE SET *
        WHEN NOT MATCHED THEN INSERT *
    """))
    return quarantined, metrics

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Gold: daily sales, kept in sync with `MERGE`
# MAGIC
# MAGIC The aggregate is recomputed from silver and merged: new days are inserted, changed days updated, and a day that no
# MAGIC longer has revenue (all its orders cancelled) is deleted by `WHEN NOT MATCHED BY SOURCE THEN DELETE`. Unchanged rows
# MAGIC are not rewritten, so their `_updated_at` shows when a number last changed.

# COMMAND ----------

def refresh_gold():
    revenue_statuses = ", ".join(f"'{s}'" for s in REVENUE_STATUSES)
    return merge_metrics(spark.sql(f"""
        MERGE INTO {GOLD_DAILY} AS t
        USING (
            SELECT o.order_date, o.channel, o.currency,
                   count(DISTINCT o.order_id) AS orders,
                   sum(l.quantity) AS units,
                   CAST(sum(l.line_revenue) AS DECIMAL(18,2)) AS revenue,
                   current_timestamp() AS _updated_at
            FROM {SILVER_ORDERS} o JOIN {SILVER_LINES} l ON o.order_id = l.order_id
            WHERE o.status IN ({revenue_statuses})
            GROUP BY o.order_date, o.channel, o.currency
        ) AS s
        ON t.order_date = s.order_date AND t.channel = s.channel AND t.currency = s.currency
        WHEN MATCHED AND (t.orders <> s.orders OR t.units <> s.units OR t.revenue <> s.revenue) THEN UPDATE SET *
        WHEN NOT MATCHED THEN INSERT *
        WHEN NOT MATCHED BY SOURCE THEN DELETE
    """))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. Run the pipeline and record the run
# MAGIC
# MAGIC `run_pipeline` chains the steps and appends one row to `w4_pipeline_runs`. In production the same function would be
# MAGIC the body of a job task (week 5).

# COMMAND ----------

RUNS_SCHEMA = spark.table(RUNS).schema


def run_pipeline():
    run_id = str(uuid.uuid4())
    started_at = datetime.now(timezone.utc)
    bronze_orders, bronze_items = load_bronze(run_id)
    quarantined_orders, silver_orders = build_silver_orders(run_id)
    quarantined_items, silver_lines = build_silver_lines(run_id)
    gold = refresh_gold()
    run = {
        "run_id": run_id, "started_at": started_at, "finished_at": datetime.now(timezone.utc),
        "bronze_orders": bronze_orders, "bronze_items": bronze_items,
        "quarantined": quarantined_orders + quarantined_items,
        "silver_orders_inserted": silver_orders["num_inserted_rows"], "silver_orders_updated": silver_orders["num_updated_rows"],
        "silver_lines_inserted": silver_lines["num_inserted_rows"], "silver_lines_updated": silver_lines["num_updated_rows"],
        "gold_inserted": gold["num_inserted_rows"], "gold_updated": gold["num_updated_rows"], "gold_deleted": gold["num_deleted_rows"],
    }
    spark.createDataFrame([run], RUNS_SCHEMA).write.mode("append").saveAsTable(RUNS)
    return run


first_run = run_pipeline()
print(first_run)

# COMMAND ----------

# MAGIC %md
# MAGIC ## 6. Data-quality checks
# MAGIC
# MAGIC Cheap assertions after each run catch broken assumptions before anyone reads the gold table: keys are unique,
# MAGIC every bronze row is either in silver or quarantined, and gold adds up to silver.

# COMMAND ----------

silver_orders = spark.table(SILVER_ORDERS)
check("pipeline.silver_unique", silver_orders.count() == silver_orders.select("order_id").distinct().count(),
      "w4_silver_orders has one row per order_id", "duplicate order_id values in silver: check the deduplication")
bronze_distinct = spark.table(BRONZE_ORDERS).select("order_id").distinct().count()
quarantined_orders = spark.table(QUARANTINE).where(f"source = 'orders' AND _run_id = '{first_run['run_id']}'").count()
check("pipeline.silver_complete", silver_orders.count() + quarantined_orders >= bronze_distinct,
      "every distinct bronze order is in silver or in quarantine",
      "some bronze orders disappeared without a quarantine reason")
gold_total = spark.table(GOLD_DAILY).agg(F.sum("revenue")).first()[0]
silver_total = (
    spark.table(SILVER_ORDERS).where(F.col("status").isin(*REVENUE_STATUSES))
    .join(spark.table(SILVER_LINES), "order_id").agg(F.sum("line_revenue")).first()[0]
)
check("pipeline.gold_total", gold_total == silver_total, f"gold revenue adds up to silver revenue ({gold_total})",
      f"gold {gold_total} differs from silver {silver_total}")
display(spark.table(QUARANTINE).groupBy("source", "reason").count())

# The late batch's faults, as course/datasets/generate.py made them (course/tests/test_datasets.py proves the counts):
# eight rows break a rule, eighteen repeat an order that is already there.
LATE_INVALID_ORDERS = 8
LATE_DUPLICATE_ORDERS = 18
check("late.quarantined", quarantined_orders == LATE_INVALID_ORDERS, f"the {LATE_INVALID_ORDERS} invalid orders of the late batch are quarantined",
      f"{quarantined_orders} orders were quarantined in the first run, expected {LATE_INVALID_ORDERS}")
bronze_rows = spark.table(BRONZE_ORDERS).count()
dropped = bronze_rows - quarantined_orders - silver_orders.count()
check("late.deduplicated", dropped == LATE_DUPLICATE_ORDERS, f"deduplication dropped the {LATE_DUPLICATE_ORDERS} repeated orders",
      f"{dropped} bronze rows are neither in silver nor quarantined, expected {LATE_DUPLICATE_ORDERS} duplicates")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 7. Idempotence: run it again
# MAGIC
# MAGIC Nothing changed in the files, so the second run must insert, update and delete nothing in silver and gold.

# COMMAND ----------

second_run = run_pipeline()
changes = {k: v for k, v in second_run.items() if k.startswith(("silver_", "gold_")) and v}
check("rerun.idempotent", not changes, "a second run changed nothing in silver or gold",
      f"the second run changed rows: {changes}; does the row hash include a timestamp that changes on every run?")
display(spark.table(RUNS).orderBy("started_at"))

# COMMAND ----------

# MAGIC %sql
# MAGIC -- Delta keeps every MERGE in the table history, with its metrics.
# MAGIC DESCRIBE HISTORY w4_gold_daily_sales

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise: a late correction
# MAGIC
# MAGIC Customer service reports that the order below was **cancelled** after it was loaded. Apply the correction:
# MAGIC 1. Build `correction`: the order's silver row with `status` set to `CANCELLED`, a new `_row_hash` (use
# MAGIC    `with_row_hash` with the same columns as `build_silver_orders`) and a new `_updated_at`.
# MAGIC 2. `MERGE` it into `w4_silver_orders` (update the matched row).
# MAGIC 3. Call `refresh_gold()`.
# MAGIC
# MAGIC The check verifies that silver has the new status and that gold lost exactly that order's revenue.
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# The order is chosen from what was loaded (bronze), which the correction does not change: running this cell again
# after the exercise picks the same order, and gold_before is computed from silver as if it were still shipped.
shipped_when_loaded = (spark.table(BRONZE_ORDERS).where("upper(trim(status)) = 'SHIPPED'")
                       .select(F.expr("try_cast(order_id AS INT)").alias("order_id")))
target = (
    spark.table(SILVER_ORDERS).where("status IN ('SHIPPED', 'CANCELLED')")
    .join(shipped_when_loaded, "order_id", "left_semi")
    .join(spark.table(SILVER_LINES).select("order_id").distinct(), "order_id")
    .orderBy("order_ts", "order_id").first()
)
target_revenue = spark.table(SILVER_LINES).where(f"order_id = {target.order_id}").agg(F.sum("line_revenue")).first()[0]
gold_key = f"order_date = '{target.order_date}' AND channel = '{target.channel}' AND currency = '{target.currency}'"
gold_before = (
    spark.table(SILVER_ORDERS).where(gold_key)
    .where(F.col("status").isin(*REVENUE_STATUSES) | (F.col("order_id") == target.order_id))
    .join(spark.table(SILVER_LINES), "order_id").agg(F.sum("line_revenue")).first()[0]
)
print(f"order {target.order_id} ({target.order_date}, {target.channel}, {target.currency}) revenue {target_revenue}")

# COMMAND ----------

# BEGIN SOLUTION
correction = with_row_hash(
    spark.table(SILVER_ORDERS).where(f"order_id = {target.order_id}").withColumn("status", F.lit("CANCELLED")).drop("_row_hash"),
    ["customer_id", "order_ts", "status", "channel", "currency"],
).withColumn("_updated_at", F.current_timestamp())
correction.createOrReplaceTempView("w4_correction")
spark.sql(f"""
    MERGE INTO {SILVER_ORDERS} AS t
    USING w4_correction AS s
    ON t.order_id = s.order_id
    WHEN MATCHED THEN UPDATE SET t.status = s.status, t._row_hash = s._row_hash, t._updated_at = s._updated_at
""")
refresh_gold()
# END SOLUTION

# COMMAND ----------

with checking("correction", "Run the target cell and then your exercise cell: it cancels the chosen order in silver and refreshes gold."):
    status_now = spark.table(SILVER_ORDERS).where(f"order_id = {target.order_id}").first().status
    check("correction.silver", status_now == "CANCELLED", f"order {target.order_id} is CANCELLED in silver",
          f"status is {status_now}: MERGE the correction into {SILVER_ORDERS}")
    gold_after = spark.table(GOLD_DAILY).where(gold_key).agg(F.sum("revenue")).first()[0] or 0
    check("correction.gold", gold_before - gold_after == target_revenue,
          f"gold revenue for {target.order_date} / {target.channel} / {target.currency} fell by {target_revenue}",
          f"gold changed by {gold_before - gold_after}, expected {target_revenue}: did you call refresh_gold()?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC
# MAGIC Drops every table this notebook created (notebook 12 builds its own).

# COMMAND ----------

drop_tables(
    "w4_bronze_orders", "w4_bronze_order_items", "w4_silver_orders", "w4_silver_order_lines",
    "w4_quarantine", "w4_gold_daily_sales", "w4_pipeline_runs",
)
for view in ["w4_silver_orders_updates", "w4_silver_lines_updates", "w4_correction"]:
    spark.catalog.dropTempView(view)
