# Databricks notebook source
# MAGIC %md
# MAGIC # 09 · Window transformations: ranking, lag/lead, running totals and sessions
# MAGIC
# MAGIC A window function computes a value for each row from a group of related rows (its *window*) without collapsing the
# MAGIC rows the way `groupBy` does. That makes "latest order per customer", "days since the previous order", "running
# MAGIC revenue" and "which session does this click belong to" one expression each.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Define windows with `Window.partitionBy(...).orderBy(...)` and frames with `rowsBetween` / `rangeBetween`.
# MAGIC - Rank rows with `row_number`, `rank` and `dense_rank`, and keep the top N per group (also as SQL `QUALIFY`).
# MAGIC - Compare a row with its neighbours using `lag` and `lead`.
# MAGIC - Compute running totals and a 7-day moving average.
# MAGIC - Sessionise a clickstream: split each customer's events into sessions after 30 minutes of inactivity.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - `08_simple_transformations` (casts, dates, joins).
# MAGIC
# MAGIC **Data:** `retail/orders.csv`, `retail/order_items.csv`, `retail/products.csv`, `events/clickstream.jsonl`.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. Prepare the data
# MAGIC
# MAGIC Order lines with their revenue, and one row per order with its total. Explicit DDL schemas; timestamps in UTC.

# COMMAND ----------

from pyspark.sql import Window
from pyspark.sql import functions as F

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

spark.conf.set("spark.sql.session.timeZone", "UTC")

ORDERS_SCHEMA = "order_id INT, customer_id INT, order_ts TIMESTAMP, status STRING, channel STRING, currency STRING"
ITEMS_SCHEMA = "order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)"
PRODUCTS_SCHEMA = "product_id INT, sku STRING, name STRING, category STRING, unit_price DECIMAL(10,2), active BOOLEAN"


def read_csv(path, schema):
    return (
        spark.read.format("csv")
        .option("header", "true")
        .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
        .schema(schema)
        .load(f"{DATASETS}/{path}")
    )


orders = read_csv("retail/orders.csv", ORDERS_SCHEMA).where(F.col("status").isin("PLACED", "SHIPPED", "DELIVERED"))
items = read_csv("retail/order_items.csv", ITEMS_SCHEMA)
products = read_csv("retail/products.csv", PRODUCTS_SCHEMA)

lines = items.withColumn("line_revenue", F.round(F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")), 2))
order_totals = (
    orders.join(lines.groupBy("order_id").agg(F.sum("line_revenue").alias("order_revenue")), "order_id")
    .withColumn("order_date", F.to_date("order_ts"))  # typed input
)
display(order_totals.limit(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Ranking: `row_number`, `rank`, `dense_rank`
# MAGIC
# MAGIC All three number the rows of a partition in window order; they differ on ties: `row_number` is always 1, 2, 3, ...;
# MAGIC `rank` gives ties the same number and leaves gaps (1, 1, 3); `dense_rank` leaves no gaps (1, 1, 2).
# MAGIC
# MAGIC **Latest order per customer** is the classic deduplication pattern: number each customer's orders newest first and
# MAGIC keep number 1. Add a tie-breaker (`order_id`) so the result is deterministic.

# COMMAND ----------

newest_first = Window.partitionBy("customer_id").orderBy(F.col("order_ts").desc(), F.col("order_id").desc())
latest_order = (
    order_totals.withColumn("rn", F.row_number().over(newest_first)).where("rn = 1").drop("rn")
)
print(f"customers with an order: {latest_order.count()}")
display(latest_order.orderBy("customer_id").limit(10))

# COMMAND ----------

category_revenue = (
    lines.join(products.select("product_id", "name", "category"), "product_id")
    .join(orders.select("order_id"), "order_id")
    .groupBy("category", "name")
    .agg(F.sum("line_revenue").alias("revenue"))
)
by_revenue = Window.partitionBy("category").orderBy(F.col("revenue").desc())
top3_per_category = (
    category_revenue.withColumn("row_number", F.row_number().over(by_revenue))
    .withColumn("rank", F.rank().over(by_revenue))
    .withColumn("dense_rank", F.dense_rank().over(by_revenue))
    .where("dense_rank <= 3")
    .orderBy("category", "dense_rank")
)
display(top3_per_category)

# COMMAND ----------

# MAGIC %md
# MAGIC The same top-N in SQL with `QUALIFY`, which filters on a window function without a sub-query.

# COMMAND ----------

category_revenue.createOrReplaceTempView("category_revenue")
display(spark.sql("""
    SELECT category, name, revenue
    FROM category_revenue
    QUALIFY dense_rank() OVER (PARTITION BY category ORDER BY revenue DESC) <= 3
    ORDER BY category, revenue DESC
"""))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. `lag` and `lead`: compare with the previous or next row
# MAGIC
# MAGIC `lag(col, n)` reads the value `n` rows earlier in the window (NULL for the first row), `lead` reads ahead. Here:
# MAGIC days between a customer's consecutive orders, and whether the order was bigger than the previous one.

# COMMAND ----------

customer_timeline = Window.partitionBy("customer_id").orderBy("order_ts", "order_id")
order_gaps = (
    order_totals.withColumn("previous_order_ts", F.lag("order_ts").over(customer_timeline))
    .withColumn("next_order_ts", F.lead("order_ts").over(customer_timeline))
    .withColumn("days_since_previous", F.datediff("order_ts", "previous_order_ts"))
    .withColumn("bigger_than_previous", F.col("order_revenue") > F.lag("order_revenue").over(customer_timeline))
)
display(order_gaps.select("customer_id", "order_id", "order_ts", "order_revenue", "days_since_previous",
                          "bigger_than_previous", "next_order_ts").orderBy("customer_id", "order_ts").limit(20))
display(order_gaps.agg(F.expr("percentile_approx(days_since_previous, 0.5)").alias("median_days_between_orders")))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Running totals and moving averages: frames
# MAGIC
# MAGIC A frame limits the window to rows around the current one:
# MAGIC - `rowsBetween(Window.unboundedPreceding, Window.currentRow)`: from the first row up to this one (running total).
# MAGIC - `rangeBetween(-6 * 86400, 0)` on a numeric ordering: every row whose value is within 6 days before this one.
# MAGIC   A *range* frame follows values, so a missing day does not stretch the window the way `rowsBetween(-6, 0)` would.
# MAGIC
# MAGIC With `orderBy` and no explicit frame, Spark uses `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`: rows with the
# MAGIC same ordering value are summed together. Write the frame out when it matters.

# COMMAND ----------

daily = order_totals.groupBy("order_date").agg(F.sum("order_revenue").alias("revenue"), F.count("*").alias("orders"))

running = Window.orderBy("order_date").rowsBetween(Window.unboundedPreceding, Window.currentRow)
running_in_month = (
    Window.partitionBy(F.date_trunc("month", "order_date")).orderBy("order_date")
    .rowsBetween(Window.unboundedPreceding, Window.currentRow)
)
last_7_days = Window.orderBy(F.col("order_date").cast("timestamp").cast("long")).rangeBetween(-6 * 86400, 0)

daily_trend = (
    daily.withColumn("revenue_to_date", F.sum("revenue").over(running))
    .withColumn("revenue_month_to_date", F.sum("revenue").over(running_in_month))
    .withColumn("revenue_7d_avg", F.round(F.avg("revenue").over(last_7_days), 2))
    .orderBy("order_date")
)
display(daily_trend)

# COMMAND ----------

# MAGIC %md
# MAGIC A window with `orderBy` and no `partitionBy` moves every row to one task (Spark warns about it). That is fine for
# MAGIC 181 daily rows; on large data, partition the window (for example by month or customer).

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. Sessionisation of the clickstream
# MAGIC
# MAGIC The clickstream has a `session_id` from the website, but analysts often need their own definition: *a new session
# MAGIC starts when a customer has been inactive for more than 30 minutes*. Three window steps:
# MAGIC 1. `lag` gives each event the previous event time of the same customer;
# MAGIC 2. a flag is 1 when the gap exceeds 30 minutes (or there is no previous event);
# MAGIC 3. a running `sum` of the flag numbers the sessions.
# MAGIC
# MAGIC Anonymous events (`customer_id` is NULL) cannot be attributed to a customer and are left out.

# COMMAND ----------

CLICKSTREAM_SCHEMA = (
    "event_id STRING, customer_id INT, session_id STRING, event_ts STRING, event_type STRING, page STRING, "
    "device STRUCT<type: STRING, os: STRING>, properties STRUCT<product_id: INT, value: DOUBLE>"
)
events = (
    spark.read.format("json").schema(CLICKSTREAM_SCHEMA).load(f"{DATASETS}/events/clickstream.jsonl")
    .withColumn("event_ts", F.expr("try_to_timestamp(event_ts)"))
    .where(F.col("customer_id").isNotNull())
)

SESSION_GAP_SECONDS = 30 * 60
by_customer = Window.partitionBy("customer_id").orderBy("event_ts", "event_id")
sessionised = (
    events.withColumn("previous_ts", F.lag("event_ts").over(by_customer))
    .withColumn("gap_seconds", F.col("event_ts").cast("long") - F.col("previous_ts").cast("long"))
    .withColumn("new_session", F.when(F.col("previous_ts").isNull() | (F.col("gap_seconds") > SESSION_GAP_SECONDS), 1).otherwise(0))
    .withColumn("session_number", F.sum("new_session").over(by_customer.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
    .withColumn("derived_session_id", F.concat_ws("-", F.col("customer_id").cast("string"), F.col("session_number").cast("string")))
)
display(sessionised.select("customer_id", "event_ts", "event_type", "page", "gap_seconds", "session_number",
                           "derived_session_id", "session_id").orderBy("customer_id", "event_ts").limit(30))

# COMMAND ----------

sessions = (
    sessionised.groupBy("customer_id", "derived_session_id")
    .agg(
        F.min("event_ts").alias("session_start"),
        F.max("event_ts").alias("session_end"),
        F.count("*").alias("events"),
        F.max(F.when(F.col("event_type") == "purchase", 1).otherwise(0)).alias("converted"),
    )
    .withColumn("duration_minutes", F.round((F.col("session_end").cast("long") - F.col("session_start").cast("long")) / 60, 1))
)
sessions.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name("silver_click_sessions"))
display(spark.table(table_name("silver_click_sessions")).agg(
    F.count("*").alias("sessions"),
    F.round(F.avg("events"), 2).alias("avg_events"),
    F.round(F.avg("duration_minutes"), 1).alias("avg_minutes"),
    F.round(F.avg("converted"), 3).alias("conversion_rate"),
))
print(f"website session ids: {events.select('session_id').distinct().count()}, derived sessions: {sessions.count()}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC
# MAGIC For every customer, number their revenue orders in time order and keep a running total of what they spent. Build
# MAGIC `customer_running_spend` from `order_totals` with the columns `customer_id`, `order_id`, `order_ts`, `order_revenue`,
# MAGIC `order_number` (1 for the customer's first order) and `spend_to_date` (sum of `order_revenue` up to and including
# MAGIC this order). Order ties by `order_id`. Save it as `ex09_customer_running_spend`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# BEGIN SOLUTION
in_order = Window.partitionBy("customer_id").orderBy("order_ts", "order_id")
customer_running_spend = order_totals.select(
    "customer_id",
    "order_id",
    "order_ts",
    "order_revenue",
    F.row_number().over(in_order).alias("order_number"),
    F.sum("order_revenue").over(in_order.rowsBetween(Window.unboundedPreceding, Window.currentRow)).alias("spend_to_date"),
)
customer_running_spend.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name("ex09_customer_running_spend"))
# END SOLUTION

# COMMAND ----------

# Check: the last running total of each customer equals their total spend, and order numbers run 1..n without gaps.
with checking("running_spend", "Run your exercise cell first: it writes the table ex09_customer_running_spend."):
    result = spark.table(table_name("ex09_customer_running_spend"))
    expected_cols = ["customer_id", "order_id", "order_ts", "order_revenue", "order_number", "spend_to_date"]
    check("running_spend.columns", result.columns == expected_cols, "ex09_customer_running_spend has the expected columns",
          f"expected {expected_cols}, found {result.columns}")
    check("running_spend.rows", result.count() == order_totals.count(), "one row per revenue order",
          f"expected {order_totals.count()} rows, found {result.count()}: do not filter or aggregate")
    per_customer = result.groupBy("customer_id").agg(
        F.max("order_number").alias("n"), F.count("*").alias("rows"), F.countDistinct("order_number").alias("distinct_numbers"),
        F.max_by("spend_to_date", "order_number").alias("final_spend"), F.sum("order_revenue").alias("total"),
    )
    bad_numbers = per_customer.where("n != rows OR distinct_numbers != rows").count()
    check("running_spend.order_number", bad_numbers == 0, "order_number runs 1..n for every customer",
          f"{bad_numbers} customers have gaps or repeats in order_number: use row_number, not rank")
    bad_totals = per_customer.where("final_spend != total").count()
    check("running_spend.total", bad_totals == 0, "each customer's last spend_to_date equals their total spend",
          f"{bad_totals} customers end with a wrong spend_to_date: use a rows frame from unboundedPreceding to currentRow")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("silver_click_sessions", "ex09_customer_running_spend")
spark.catalog.dropTempView("category_revenue")
