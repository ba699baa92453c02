# Databricks notebook source
# MAGIC %md
# MAGIC # 10 · Aggregations: groupBy, rollup, cube, pivot and approximate counts
# MAGIC
# MAGIC Gold tables are mostly aggregates: revenue per day and channel, customers per country, conversion per device.
# MAGIC This lesson covers the grouping tools from the simple `groupBy` to subtotals and cross-tabs.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Aggregate with `groupBy().agg(...)`: `count`, `sum`, `avg`, `min`/`max`, `countDistinct`, conditional sums.
# MAGIC - Produce subtotals and grand totals with `rollup`, `cube` and SQL `GROUPING SETS`, and tell a subtotal row from a
# MAGIC   real `NULL` with `grouping_id`.
# MAGIC - Turn rows into columns with `pivot` (and say why listing the pivot values matters).
# MAGIC - Trade exactness for speed with `approx_count_distinct` and `percentile_approx`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - `08_simple_transformations` and `09_window_transformations`.
# MAGIC
# MAGIC **Data:** `retail/orders.csv`, `retail/order_items.csv`, `retail/customers.csv`, `events/clickstream.jsonl`.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

from pyspark.sql import functions as F

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

spark.conf.set("spark.sql.session.timeZone", "UTC")

ORDERS_SCHEMA = "order_id INT, customer_id INT, order_ts TIMESTAMP, status STRING, channel STRING, currency STRING"
ITEMS_SCHEMA = "order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)"
CUSTOMERS_SCHEMA = "customer_id INT, first_name STRING, last_name STRING, email STRING, country STRING, city STRING, signup_date DATE"


def read_csv(path, schema):
    return (
        spark.read.format("csv")
        .option("header", "true")
        .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
        .option("dateFormat", "yyyy-MM-dd")
        .schema(schema)
        .load(f"{DATASETS}/{path}")
    )


orders = read_csv("retail/orders.csv", ORDERS_SCHEMA)
customers = read_csv("retail/customers.csv", CUSTOMERS_SCHEMA)
items = read_csv("retail/order_items.csv", ITEMS_SCHEMA).withColumn(
    "line_revenue", F.round(F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")), 2)
)

# One row per order with its (local-currency) revenue, month and customer country.
sales = (
    orders.join(items.groupBy("order_id").agg(F.sum("line_revenue").alias("revenue"), F.sum("quantity").alias("units")), "order_id")
    .join(customers.select("customer_id", "country"), "customer_id", "left")
    .withColumn("order_month", F.date_format("order_ts", "yyyy-MM"))
    .withColumn("is_revenue", F.col("status").isin("PLACED", "SHIPPED", "DELIVERED"))
)
sales.createOrReplaceTempView("sales")
display(sales.limit(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. `groupBy().agg()`
# MAGIC
# MAGIC One row per group; every other column must be aggregated. Conditional aggregates (`sum(when(...))`, or
# MAGIC `count_if` in SQL) compute several filtered measures in one pass instead of one query per filter.
# MAGIC
# MAGIC Revenue is summed **per currency**: adding EUR to USD would be wrong. Notebook 12 converts currencies first.

# COMMAND ----------

by_channel = (
    sales.groupBy("channel", "currency")
    .agg(
        F.count("*").alias("orders"),
        F.sum(F.when(F.col("is_revenue"), 1).otherwise(0)).alias("revenue_orders"),
        F.sum(F.when(F.col("is_revenue"), F.col("revenue"))).alias("revenue"),
        F.round(F.avg(F.when(F.col("is_revenue"), F.col("revenue"))), 2).alias("avg_order_value"),
        F.countDistinct("customer_id").alias("customers"),
        F.min("order_ts").alias("first_order"),
        F.max("order_ts").alias("last_order"),
    )
    .withColumn("cancel_or_return_rate", F.round(1 - F.col("revenue_orders") / F.col("orders"), 3))
    .orderBy("channel", "currency")
)
display(by_channel)

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Subtotals: `rollup`, `cube`, `GROUPING SETS`
# MAGIC
# MAGIC - `rollup("country", "channel")` groups by (country, channel), then (country), then () — a hierarchy of subtotals.
# MAGIC - `cube("channel", "currency")` groups by every combination: (channel, currency), (channel), (currency), ().
# MAGIC - `GROUPING SETS` lists exactly the groupings you want.
# MAGIC
# MAGIC In a subtotal row the rolled-up column is `NULL`. `grouping_id()` tells it apart from a real `NULL` value: it is a
# MAGIC bit mask with one bit per grouping column, set when that column is aggregated away.

# COMMAND ----------

revenue_sales = sales.where("is_revenue AND currency = 'EUR'")
by_country_channel = (
    revenue_sales.rollup("country", "channel")
    .agg(F.sum("revenue").alias("revenue_eur"), F.count("*").alias("orders"), F.grouping_id().alias("gid"))
    .withColumn("level", F.when(F.col("gid") == 0, "country+channel").when(F.col("gid") == 1, "country").otherwise("total"))
    .orderBy(F.col("country").asc_nulls_last(), F.col("channel").asc_nulls_last())
)
display(by_country_channel)

# COMMAND ----------

display(
    sales.where("is_revenue")
    .cube("channel", "currency")
    .agg(F.count("*").alias("orders"), F.grouping_id().alias("gid"))
    .orderBy("gid", "channel", "currency")
)

# COMMAND ----------

# MAGIC %sql
# MAGIC -- The same idea in SQL: only the groupings listed are computed.
# MAGIC SELECT order_month, channel, count(*) AS orders, grouping_id() AS gid
# MAGIC FROM sales
# MAGIC WHERE is_revenue
# MAGIC GROUP BY GROUPING SETS ((order_month, channel), (order_month), ())
# MAGIC ORDER BY order_month NULLS LAST, channel NULLS LAST

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Pivot: rows to columns
# MAGIC
# MAGIC `groupBy("order_month").pivot("channel", ["web", "mobile", "store"])` makes one column per channel. Listing the
# MAGIC values saves Spark a pass over the data to find them, fixes the column order and keeps the schema stable when a
# MAGIC value is missing from a run. `unpivot` (Spark 3.4+) goes the other way.

# COMMAND ----------

CHANNELS = ["web", "mobile", "store"]
orders_by_month_channel = (
    sales.where("is_revenue")
    .groupBy("order_month")
    .pivot("channel", CHANNELS)
    .agg(F.count("*"))
    .na.fill(0)
    .orderBy("order_month")
)
display(orders_by_month_channel)
display(orders_by_month_channel.unpivot("order_month", CHANNELS, "channel", "orders").orderBy("order_month", "channel"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Approximate aggregates
# MAGIC
# MAGIC `countDistinct` must keep every distinct value in memory and shuffle it; `approx_count_distinct` (HyperLogLog++)
# MAGIC uses a small fixed-size sketch with a chosen relative standard deviation (default 5 %). `percentile_approx` does
# MAGIC the same for percentiles. On millions of rows the difference in cost is large; on this data, compare the numbers.

# COMMAND ----------

CLICKSTREAM_SCHEMA = (
    "event_id STRING, customer_id INT, session_id STRING, event_ts STRING, event_type STRING, page STRING, "
    "device STRUCT<type: STRING, os: STRING>, properties STRUCT<product_id: INT, value: DOUBLE>"
)
events = spark.read.format("json").schema(CLICKSTREAM_SCHEMA).load(f"{DATASETS}/events/clickstream.jsonl")

display(
    events.groupBy(F.col("device.type").alias("device_type"))
    .agg(
        F.countDistinct("session_id").alias("sessions_exact"),
        F.approx_count_distinct("session_id").alias("sessions_approx"),
        F.approx_count_distinct("session_id", 0.01).alias("sessions_approx_1pct"),
        F.count(F.when(F.col("event_type") == "purchase", 1)).alias("purchases"),
    )
    .orderBy("device_type")
)
display(
    sales.where("is_revenue").groupBy("currency").agg(
        F.expr("percentile_approx(revenue, array(0.25, 0.5, 0.75))").alias("revenue_quartiles"),
        F.round(F.stddev("revenue"), 2).alias("revenue_stddev"),
    )
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. Save a gold table
# MAGIC
# MAGIC A monthly summary per channel and currency, written to your schema.

# COMMAND ----------

gold_monthly = (
    sales.where("is_revenue")
    .groupBy("order_month", "channel", "currency")
    .agg(F.count("*").alias("orders"), F.sum("units").alias("units"), F.sum("revenue").alias("revenue"),
         F.countDistinct("customer_id").alias("customers"))
)
gold_monthly.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name("gold_monthly_channel_sales"))
display(spark.table(table_name("gold_monthly_channel_sales")).orderBy("order_month", "channel", "currency"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 6. Keeping a table fast: `OPTIMIZE`, Z-order, caching, `VACUUM`, `RESTORE`
# MAGIC
# MAGIC Every write adds files; many small files make every read slower. `OPTIMIZE` compacts them, and `ZORDER BY`
# MAGIC co-locates rows with similar values of the columns queries filter on, so a filtered read skips whole files (new
# MAGIC tables can use liquid clustering, `CLUSTER BY`, instead, as lesson 07 showed). Caching keeps a DataFrame in the
# MAGIC cluster's memory for repeated reads; serverless compute does not support `df.cache()`, so the cell says so there.
# MAGIC `VACUUM` deletes the files no table version needs any more (after 7 days by default, which keeps time travel
# MAGIC working for a week), and `RESTORE` brings a table back to an earlier version.
# MAGIC
# MAGIC The timings are measured, not promised: on a table this small the differences are small and vary from run to
# MAGIC run; on a table of many gigabytes they decide whether a query takes seconds or minutes.

# COMMAND ----------

import time

maintained = table_name("gold_sales_maintained")
# Ten small appends: ten small files, as a streaming or hourly job leaves them.
sales.where("is_revenue").limit(0).write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(maintained)
for month in range(1, 11):
    sales.where("is_revenue").where(F.col("order_month") == f"2025-{month % 6 + 1:02d}").write.mode("append") \
        .saveAsTable(maintained)


def timed(label, query):
    start = time.perf_counter()
    rows = spark.sql(query).collect()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s ({len(rows)} rows)")
    return seconds


QUERY = f"SELECT channel, sum(revenue) FROM {maintained} WHERE customer_id = 42 GROUP BY channel"
files_before = spark.sql(f"DESCRIBE DETAIL {maintained}").first().numFiles
before = timed("before OPTIMIZE", QUERY)
display(spark.sql(f"OPTIMIZE {maintained} ZORDER BY (customer_id)"))
files_after = spark.sql(f"DESCRIBE DETAIL {maintained}").first().numFiles
after = timed("after OPTIMIZE ZORDER BY (customer_id)", QUERY)
print(f"files: {files_before} before, {files_after} after")
check("optimize", files_after < files_before, f"OPTIMIZE compacted {files_before} files into {files_after}",
      "OPTIMIZE should leave fewer files than the ten appends wrote")

# COMMAND ----------

frame = spark.table(maintained).where("customer_id < 100")
try:
    frame.cache()
    first = time.perf_counter()
    frame.count()  # reads the table and fills the cache
    first = time.perf_counter() - first
    second = time.perf_counter()
    frame.count()  # served from memory
    second = time.perf_counter() - second
    print(f"cached DataFrame: first count {first:.2f} s (reads and fills the cache), second {second:.2f} s")
    frame.unpersist()
except Exception as error:  # serverless: PERSIST TABLE / cache is not supported
    print(f"caching is not available on this compute: {str(error).strip().splitlines()[0][:200]}")

# COMMAND ----------

history = spark.sql(f"DESCRIBE HISTORY {maintained}").orderBy("version")
display(history.select("version", "operation", "operationMetrics"))
last_append = history.where("operation = 'WRITE'").agg(F.max("version")).first()[0]
spark.sql(f"DELETE FROM {maintained} WHERE channel = 'store'")  # a mistake ...
spark.sql(f"RESTORE TABLE {maintained} TO VERSION AS OF {last_append}")  # ... undone
restored_store_rows = spark.table(maintained).where("channel = 'store'").count()
check("restore", restored_store_rows > 0, f"RESTORE brought back the {restored_store_rows} deleted store rows",
      "after RESTORE the store rows should be back")
# VACUUM keeps 7 days of history by default; a shorter retention needs a safety switch and breaks time travel.
display(spark.sql(f"VACUUM {maintained}"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC
# MAGIC Build `ex10_monthly_revenue_by_channel`: **EUR revenue** of revenue orders per `order_month`, with one column per
# MAGIC channel (`web`, `mobile`, `store`, in that order; 0 where there was none) and a `total` column (the sum of the three).
# MAGIC One row per month, sorted by month.
# MAGIC
# MAGIC Hint: filter, `groupBy("order_month").pivot("channel", [...]).agg(F.sum("revenue"))`, fill nulls, add `total`.
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# BEGIN SOLUTION
monthly_eur = (
    sales.where("is_revenue AND currency = 'EUR'")
    .groupBy("order_month")
    .pivot("channel", CHANNELS)
    .agg(F.sum("revenue"))
    .na.fill(0)
    .withColumn("total", F.col("web") + F.col("mobile") + F.col("store"))
    .orderBy("order_month")
)
monthly_eur.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name("ex10_monthly_revenue_by_channel"))
# END SOLUTION

# COMMAND ----------

# Check against an independent SQL aggregation over the same sales view.
with checking("by_channel", "Run your exercise cell first: it writes the table ex10_monthly_revenue_by_channel."):
    result = spark.table(table_name("ex10_monthly_revenue_by_channel"))
    check("by_channel.columns", result.columns == ["order_month", "web", "mobile", "store", "total"],
          "columns are order_month, web, mobile, store, total",
          f"expected [order_month, web, mobile, store, total], found {result.columns}")
    expected = spark.sql("""
        SELECT order_month, sum(revenue) AS total
        FROM sales WHERE is_revenue AND currency = 'EUR'
        GROUP BY order_month
    """)
    check("by_channel.months", result.count() == expected.count(), f"one row per month ({expected.count()} months)",
          f"expected {expected.count()} rows, found {result.count()}: group by order_month only")
    mismatches = (
        result.join(expected.withColumnRenamed("total", "expected_total"), "order_month", "full_outer")
        .where("total IS NULL OR expected_total IS NULL OR total != expected_total OR web + mobile + store != total")
        .count()
    )
    check("by_channel.totals", mismatches == 0, "every month's total equals the EUR revenue and the sum of its channels",
          f"{mismatches} months differ: keep only EUR revenue orders and fill missing channels with 0")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("gold_monthly_channel_sales", "ex10_monthly_revenue_by_channel", "gold_sales_maintained")
spark.catalog.dropTempView("sales")
