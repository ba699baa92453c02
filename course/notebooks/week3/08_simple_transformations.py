# Databricks notebook source
# MAGIC %md
# MAGIC # 08 · Simple transformations: select, filter, columns, casts, dates and joins
# MAGIC
# MAGIC Week 3 turns raw data into clean, typed, joined tables. This lesson covers the everyday DataFrame operations that
# MAGIC make up most of a silver layer.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Read CSV files with an explicit schema and explain why "all strings first" is a safe raw layer.
# MAGIC - Use `select`, `selectExpr`, `withColumn`, `withColumnRenamed`, `filter`/`where` and `when`/`otherwise`.
# MAGIC - Convert types with `cast` and `try_cast`, and parse timestamps and dates with an explicit format.
# MAGIC - Derive date parts (`to_date`, `date_trunc`, `date_format`, `datediff`) in UTC.
# MAGIC - Join DataFrames (inner, left, left anti, broadcast) and spot rows that do not match.
# MAGIC - Save the result as a Delta table in your own schema with a three-level name.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - Week 1 (Unity Catalog names, `03_spark_on_databricks`) and week 2 `04_file_ingestion` (reading files from a volume).
# MAGIC - A cluster or serverless compute attached to this notebook.
# MAGIC
# MAGIC **Data:** `retail/orders.csv`, `retail/customers.csv`, `retail/order_items.csv`, `retail/products.csv` in the course
# MAGIC datasets volume.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. Read the raw orders with an explicit schema
# MAGIC
# MAGIC Schema inference reads the file twice and guesses. In a raw layer we often read every column as `STRING`: nothing is
# MAGIC lost when a value is malformed, and the casts happen in one visible place. Timestamps in the files are UTC without a
# MAGIC zone suffix, so the session time zone is set to UTC before parsing them.

# COMMAND ----------

from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

spark.conf.set("spark.sql.session.timeZone", "UTC")

RAW_ORDERS_SCHEMA = StructType(
    [StructField(name, StringType(), True) for name in ["order_id", "customer_id", "order_ts", "status", "channel", "currency"]]
)

orders_raw = (
    spark.read.format("csv")
    .option("header", "true")
    .schema(RAW_ORDERS_SCHEMA)
    .load(f"{DATASETS}/retail/orders.csv")
)
orders_raw.printSchema()
display(orders_raw.limit(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Select, rename and compute columns
# MAGIC
# MAGIC `select` chooses and reorders columns; `selectExpr` accepts SQL snippets; `withColumnRenamed` renames one column.
# MAGIC Every call returns a **new** DataFrame: nothing runs until an action such as `display`, `count` or a write.

# COMMAND ----------

display(orders_raw.select("order_id", "status").limit(3))
display(orders_raw.selectExpr("order_id", "lower(status) AS status_lower", "channel = 'web' AS is_web").limit(3))
display(orders_raw.withColumnRenamed("order_ts", "order_timestamp_text").limit(3))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Casts: `cast` versus `try_cast`
# MAGIC
# MAGIC With ANSI mode (the default on serverless and recent runtimes) `CAST('12x' AS INT)` **fails the query**, while
# MAGIC `try_cast` returns `NULL`. Use `try_cast` where bad values are expected and count the `NULL`s afterwards, so that bad
# MAGIC data is visible instead of silently dropped. Uncomment the last line to see the error.

# COMMAND ----------

display(spark.sql("SELECT try_cast('12x' AS INT) AS bad_value, try_cast('42' AS INT) AS good_value"))
# spark.sql("SELECT CAST('12x' AS INT)").show()  # fails with CAST_INVALID_INPUT under ANSI mode

# COMMAND ----------

orders = orders_raw.select(
    F.expr("try_cast(order_id AS INT)").alias("order_id"),
    F.expr("try_cast(customer_id AS INT)").alias("customer_id"),
    F.expr("try_to_timestamp(order_ts, 'yyyy-MM-dd HH:mm:ss')").alias("order_ts"),
    F.upper(F.trim("status")).alias("status"),
    F.lower(F.trim("channel")).alias("channel"),
    F.upper(F.trim("currency")).alias("currency"),
)
orders.printSchema()

bad_rows = orders.where("order_id IS NULL OR customer_id IS NULL OR order_ts IS NULL").count()
print(f"rows with a value that did not cast: {bad_rows}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Filter rows
# MAGIC
# MAGIC `filter` and `where` are the same thing. Conditions combine with `&` (and), `|` (or) and `~` (not); wrap each
# MAGIC comparison in parentheses. `isin` tests membership.

# COMMAND ----------

revenue_statuses = ["PLACED", "SHIPPED", "DELIVERED"]
web_revenue_orders = orders.filter((F.col("channel") == "web") & F.col("status").isin(revenue_statuses))
cancelled_or_returned = orders.where(~F.col("status").isin(revenue_statuses))
print(f"web orders that count as revenue: {web_revenue_orders.count()}")
print(f"cancelled or returned orders:      {cancelled_or_returned.count()}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. Dates and derived columns
# MAGIC
# MAGIC `withColumn` adds or replaces one column. Date functions work on `TIMESTAMP` and `DATE` columns: `to_date` drops the
# MAGIC time, `date_trunc` rounds down to a unit, `date_format` formats (pattern letters as in Java's `DateTimeFormatter`),
# MAGIC `dayofweek` returns 1 for Sunday through 7 for Saturday. `when`/`otherwise` is SQL's `CASE WHEN`.

# COMMAND ----------

orders_dated = (
    orders.withColumn("order_date", F.to_date("order_ts"))  # typed input
    .withColumn("order_month", F.date_trunc("month", "order_ts").cast("date"))
    .withColumn("weekday", F.date_format("order_ts", "E"))
    .withColumn("is_weekend", F.dayofweek("order_ts").isin(1, 7))
    .withColumn(
        "daypart",
        F.when(F.hour("order_ts") < 6, "night")
        .when(F.hour("order_ts") < 12, "morning")
        .when(F.hour("order_ts") < 18, "afternoon")
        .otherwise("evening"),
    )
)
display(orders_dated.limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 6. Clean a dimension: customers
# MAGIC
# MAGIC Here the schema is a DDL string instead of a `StructType`, with real types: a `DATE` column parsed with `dateFormat`.
# MAGIC String functions (`trim`, `lower`, `initcap`, `concat_ws`) normalise values; `coalesce` replaces `NULL`s.

# COMMAND ----------

CUSTOMERS_SCHEMA = (
    "customer_id INT, first_name STRING, last_name STRING, email STRING, country STRING, city STRING, signup_date DATE"
)
customers = (
    spark.read.format("csv")
    .option("header", "true")
    .option("dateFormat", "yyyy-MM-dd")
    .schema(CUSTOMERS_SCHEMA)
    .load(f"{DATASETS}/retail/customers.csv")
    .select(
        "customer_id",
        F.concat_ws(" ", F.initcap(F.trim("first_name")), F.initcap(F.trim("last_name"))).alias("full_name"),
        F.lower(F.trim("email")).alias("email"),
        F.upper(F.trim("country")).alias("country"),
        F.coalesce(F.initcap(F.trim("city")), F.lit("Unknown")).alias("city"),
        "signup_date",
    )
)
display(customers.limit(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 7. Joins
# MAGIC
# MAGIC | join | keeps |
# MAGIC |---|---|
# MAGIC | `inner` | rows with a match on both sides |
# MAGIC | `left` | every left row; right columns `NULL` without a match |
# MAGIC | `left_anti` | left rows **without** a match: the data-quality join |
# MAGIC | `left_semi` | left rows with a match, left columns only |
# MAGIC
# MAGIC Joining on a column name (`"customer_id"`) keeps one copy of the key. `F.broadcast(small_df)` ships a small table to
# MAGIC every executor and avoids shuffling the large side.

# COMMAND ----------

orders_without_customer = orders_dated.join(customers, "customer_id", "left_anti")
print(f"orders whose customer_id is not in customers.csv: {orders_without_customer.count()}")

orders_enriched = (
    orders_dated.join(customers, "customer_id", "left")
    .withColumn("days_since_signup", F.datediff("order_date", "signup_date"))
    .select(
        "order_id", "customer_id", "full_name", "country", "city", "order_ts", "order_date", "order_month",
        "weekday", "is_weekend", "daypart", "status", "channel", "currency", "days_since_signup",
    )
)
display(orders_enriched.limit(10))

# COMMAND ----------

PRODUCTS_SCHEMA = "product_id INT, sku STRING, name STRING, category STRING, unit_price DECIMAL(10,2), active BOOLEAN"
ITEMS_SCHEMA = "order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)"

products = spark.read.format("csv").option("header", "true").schema(PRODUCTS_SCHEMA).load(f"{DATASETS}/retail/products.csv")
items = spark.read.format("csv").option("header", "true").schema(ITEMS_SCHEMA).load(f"{DATASETS}/retail/order_items.csv")

lines = (
    items.join(F.broadcast(products.select("product_id", "name", "category")), "product_id", "inner")
    .withColumn("line_revenue", F.round(F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")), 2))
)
display(lines.limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 8. Save a silver table
# MAGIC
# MAGIC `table_name("x")` gives the three-level name `<catalog>.<your schema>.x`, so your tables never clash with another
# MAGIC student's. `overwrite` makes the cell safe to re-run.

# COMMAND ----------

orders_enriched.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name("silver_orders_enriched"))
lines.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(table_name("silver_order_lines"))
print(f"wrote {spark.table(table_name('silver_orders_enriched')).count()} rows to {table_name('silver_orders_enriched')}")

# COMMAND ----------

# MAGIC %md
# MAGIC The same table in SQL. The setup ran `USE CATALOG` and `USE SCHEMA`, so a one-part name resolves to your schema.

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT country, channel, count(*) AS orders
# MAGIC FROM silver_orders_enriched
# MAGIC WHERE status IN ('PLACED', 'SHIPPED', 'DELIVERED')
# MAGIC GROUP BY country, channel
# MAGIC ORDER BY orders DESC
# MAGIC LIMIT 10

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC
# MAGIC Build `gb_web_q1`: orders placed on the **web** channel by customers in **GB** during **Q1 2025** (1 January to
# MAGIC 31 March, UTC), that count as revenue (status `PLACED`, `SHIPPED` or `DELIVERED`). Columns, in this order:
# MAGIC `order_id`, `order_date`, `full_name`, `city`. Save it as the table `ex08_gb_web_q1`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.

# COMMAND ----------

# Check: compare with an independent SQL computation over the raw files.
with checking("gb_web_q1", "Run your exercise cell first: it writes the table ex08_gb_web_q1."):
    orders_raw.createOrReplaceTempView("ex08_orders_raw")
    customers.createOrReplaceTempView("ex08_customers")
    expected = spark.sql("""
        SELECT o.order_id
        FROM ex08_orders_raw o JOIN ex08_customers c ON CAST(o.customer_id AS INT) = c.customer_id
        WHERE c.country = 'GB' AND lower(o.channel) = 'web' AND upper(o.status) IN ('PLACED', 'SHIPPED', 'DELIVERED')
          AND o.order_ts >= '2025-01-01 00:00:00' AND o.order_ts < '2025-04-01 00:00:00'
    """)
    result = spark.table(table_name("ex08_gb_web_q1"))
    check("gb_web_q1.columns", result.columns == ["order_id", "order_date", "full_name", "city"],
          "ex08_gb_web_q1 has the columns order_id, order_date, full_name, city",
          f"expected columns [order_id, order_date, full_name, city], found {result.columns}")
    check("gb_web_q1.not_empty", result.count() > 0, "ex08_gb_web_q1 is not empty", "no rows: check the country, channel and date filters")
    missing = expected.select("order_id").subtract(result.select("order_id")).count()
    extra = result.select("order_id").subtract(expected.select("order_id")).count()
    check("gb_web_q1.orders", missing == 0 and extra == 0,
          f"ex08_gb_web_q1 holds exactly the {expected.count()} expected orders",
          f"{missing} expected orders are missing and {extra} are extra: check the status filter and the date range end")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC
# MAGIC Drop what this notebook created. Each week 3 notebook reads the source files itself, so notebooks 09 and 10 do not
# MAGIC depend on these tables.

# COMMAND ----------

drop_tables("silver_orders_enriched", "silver_order_lines", "ex08_gb_web_q1")
for view in ["ex08_orders_raw", "ex08_customers"]:
    spark.catalog.dropTempView(view)
