# Databricks notebook source
# MAGIC %md
# MAGIC # 03 · Spark on Databricks
# MAGIC
# MAGIC Week 1 · Platform mastery · about 60 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - build DataFrames with explicit schemas and combine them with joins and aggregations;
# MAGIC - explain lazy evaluation: transformations build a plan, actions run it;
# MAGIC - read a query plan with `explain()` and spot narrow and wide (shuffle) transformations;
# MAGIC - move between the DataFrame API and SQL (temporary views, `spark.sql` with parameters);
# MAGIC - know where RDDs still appear and why new code uses DataFrames.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - [02 · Cluster management]($./02_cluster_management)
# MAGIC - Python functions and SQL `SELECT ... GROUP BY`.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## DataFrames with explicit schemas
# MAGIC Spark can infer a CSV file's schema, but that reads the data twice and guesses (a zip code becomes a number, a
# MAGIC date a string). Production code states the schema. Two equivalent ways: a `StructType`, or a DDL string.

# COMMAND ----------

from pyspark.sql import functions as F
from pyspark.sql.types import DecimalType, IntegerType, StringType, StructField, StructType, TimestampType

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

orders_schema = StructType([
    StructField("order_id", IntegerType(), nullable=False),
    StructField("customer_id", IntegerType(), nullable=False),
    StructField("order_ts", TimestampType(), nullable=False),
    StructField("status", StringType()),
    StructField("channel", StringType()),
    StructField("currency", StringType()),
])
items_schema = StructType([
    StructField("order_id", IntegerType(), nullable=False),
    StructField("line_no", IntegerType(), nullable=False),
    StructField("product_id", IntegerType(), nullable=False),
    StructField("quantity", IntegerType()),
    StructField("unit_price", DecimalType(10, 2)),
    StructField("discount_pct", DecimalType(5, 4)),  # as everywhere in the course: 0.0000 to 0.3000
])
customers_ddl = ("customer_id INT, first_name STRING, last_name STRING, email STRING, country STRING, city STRING, "
                 "signup_date DATE")

orders = (spark.read.option("header", True).option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
          .schema(orders_schema).csv(f"{DATASETS}/retail/orders.csv"))
items = spark.read.option("header", True).schema(items_schema).csv(f"{DATASETS}/retail/order_items.csv")
customers = spark.read.option("header", True).schema(customers_ddl).csv(f"{DATASETS}/retail/customers.csv")
orders.printSchema()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Lazy evaluation
# MAGIC The next cell returns immediately: `where`, `withColumn` and `join` are **transformations**, they only add steps to
# MAGIC a plan. Nothing is read until an **action** (`count`, `collect`, `display`, `write`) needs a result.

# COMMAND ----------

line_totals = (items
               .withColumn("line_total", F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")))
               .select("order_id", "line_total"))
completed = orders.where(F.col("status").isin("SHIPPED", "DELIVERED"))
revenue_by_order = completed.join(line_totals, "order_id").groupBy("order_id", "customer_id", "currency").agg(
    F.round(F.sum("line_total"), 2).alias("order_total"))
print("plan built, nothing has run yet")

# COMMAND ----------

revenue_by_order.explain(mode="formatted")

# COMMAND ----------

# MAGIC %md
# MAGIC Read the plan bottom-up: the scans of the two CSV files, a `Filter` on status (Spark pushes it down to the scan),
# MAGIC the projection of `line_total`, then the join and the aggregation. `where`, `select` and `withColumn` are
# MAGIC **narrow**: each output partition needs one input partition. The join and `groupBy` are **wide**: rows with the same
# MAGIC key must meet, so Spark inserts an `Exchange` (a shuffle) or broadcasts the small side of a join. Wide operations
# MAGIC are where time goes: on a classic cluster the Spark UI shows one stage per shuffle boundary; on serverless, which
# MAGIC has no Spark UI, the query profile (*See performance* under the cell) shows the exchanges with their rows and time.

# COMMAND ----------

print(f"completed orders with revenue: {revenue_by_order.count()}")
display(revenue_by_order.orderBy(F.desc("order_total")).limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## The same in SQL
# MAGIC A temporary view gives a DataFrame a name for SQL in this session only; it is not stored in Unity Catalog.
# MAGIC `spark.sql` with `args` passes values safely.

# COMMAND ----------

orders.createOrReplaceTempView("orders_v")
line_totals.createOrReplaceTempView("line_totals_v")
display(spark.sql("""
    SELECT o.channel, count(DISTINCT o.order_id) AS orders, round(sum(l.line_total), 2) AS revenue
    FROM orders_v o JOIN line_totals_v l USING (order_id)
    WHERE o.status IN ('SHIPPED', 'DELIVERED') AND o.order_ts >= :since
    GROUP BY o.channel ORDER BY revenue DESC
""", args={"since": "2025-04-01"}))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Column functions instead of Python loops
# MAGIC Built-in functions in `pyspark.sql.functions` run inside Spark's engine on every core. A Python `for` loop over
# MAGIC `collect()` runs on the driver alone, and a Python UDF pays to move every row into Python. Prefer built-ins.

# COMMAND ----------

monthly = (completed.join(line_totals, "order_id")
           .groupBy(F.date_format("order_ts", "yyyy-MM").alias("month"), "currency")
           .agg(F.round(F.sum("line_total"), 2).alias("revenue"), F.countDistinct("order_id").alias("orders"))
           .orderBy("month", "currency"))
display(monthly)

# COMMAND ----------

# MAGIC %md
# MAGIC ## RDDs and caching: where they still appear
# MAGIC RDDs (`spark.sparkContext.parallelize(...)`, `rdd.map(...)`) are Spark's original low-level API. DataFrames are
# MAGIC built on them but add a schema and the Catalyst optimiser, which is why new code uses DataFrames. Unity Catalog
# MAGIC compute in *standard* access mode and serverless do not offer the RDD API or `sparkContext` at all; code that
# MAGIC needs them runs only on *dedicated* clusters. The same compute does not support `df.cache()` on serverless: to
# MAGIC reuse an expensive result, write it to a table.
# MAGIC
# MAGIC ```python
# MAGIC # dedicated clusters only
# MAGIC rdd = spark.sparkContext.parallelize(range(10))
# MAGIC rdd.map(lambda x: x * x).filter(lambda x: x % 2 == 0).collect()   # [0, 4, 16, 36, 64]
# MAGIC ```

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC Build `top_countries`: the 5 countries with the highest revenue from **completed** orders (status SHIPPED or
# MAGIC DELIVERED), with columns `country`, `orders` (distinct orders) and `revenue` (sum of
# MAGIC `quantity × unit_price × (1 − discount_pct)`, rounded to 2 decimals), highest revenue first. Save it as the table
# MAGIC `spark_top_countries` in your schema. Treat every currency alike for now (week 4 converts them).
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.

# COMMAND ----------

# Check: compare with the same question answered independently in SQL on the raw files.
with checking("top_countries", "Run your exercise cell first: it writes the table spark_top_countries."):
    orders.createOrReplaceTempView("check_orders")
    items.createOrReplaceTempView("check_items")
    customers.createOrReplaceTempView("check_customers")
    expected = spark.sql("""
        SELECT c.country, count(DISTINCT o.order_id) AS orders,
               round(sum(i.quantity * i.unit_price * (1 - i.discount_pct)), 2) AS revenue
        FROM check_orders o
        JOIN check_items i ON i.order_id = o.order_id
        JOIN check_customers c ON c.customer_id = o.customer_id
        WHERE o.status IN ('SHIPPED', 'DELIVERED')
        GROUP BY c.country ORDER BY revenue DESC LIMIT 5
    """).collect()
    actual = spark.table(table_name("spark_top_countries")).orderBy(F.desc("revenue")).collect()
    check("top_countries.order", [r.country for r in actual] == [r.country for r in expected],
          f"the top 5 countries are {[r.country for r in expected]}",
          f"Expected the countries {[r.country for r in expected]} in this order, found {[r.country for r in actual]}.")
    check("top_countries.values", [(r.orders, float(r.revenue)) for r in actual] == [(r.orders, float(r.revenue)) for r in expected],
          "orders and revenue per country match",
          "Countries are right but orders or revenue differ: count distinct order ids, and apply the discount per line.")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("spark_top_countries")
for view in ("orders_v", "line_totals_v", "check_orders", "check_items", "check_customers"):
    spark.catalog.dropTempView(view)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - State schemas; let transformations build a plan and actions run it.
# MAGIC - Narrow transformations stay in a partition; joins and aggregations shuffle (`Exchange` in the plan).
# MAGIC - DataFrames and SQL are two faces of one engine; use parameters, built-in functions, and tables over caches.
# MAGIC
# MAGIC Next week: [04 · File ingestion]($../week2/04_file_ingestion)
