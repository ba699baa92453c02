# Databricks notebook source
# MAGIC %md
# MAGIC # Job task · Ingest orders
# MAGIC
# MAGIC A task notebook: jobs run it (lessons `13_create_job_with_notebook` and `15_orchestrate_tasks_in_job`); you can also
# MAGIC run it by hand to debug it.
# MAGIC
# MAGIC **What it does:** reads `retail/orders.csv` and `retail/order_items.csv` with the explicit schemas of the
# MAGIC `course_etl` package into `<table_prefix>_bronze_orders` and `<table_prefix>_bronze_order_items` in your schema, with
# MAGIC audit columns, and publishes the row counts as task values (`orders_rows`, `items_rows`) for downstream tasks.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - See how a notebook receives parameters (widgets filled by `base_parameters` or job parameters).
# MAGIC - Publish values to later tasks with `dbutils.jobs.taskValues.set`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - The course stack deployed `packages/course_etl` beside the week folders. Parameters: `table_prefix` (default
# MAGIC   `wk5`), `cleanup` (`true` drops this task's tables instead of keeping them; for manual runs).

# COMMAND ----------

# MAGIC %run ./task_setup

# COMMAND ----------

from course_etl.spark_job import read_order_items, read_orders
from pyspark.sql import functions as F

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

BRONZE_ORDERS = table_name(f"{PREFIX}_bronze_orders")
BRONZE_ITEMS = table_name(f"{PREFIX}_bronze_order_items")

# COMMAND ----------

def with_audit(df):
    return df.select("*", F.col("_metadata.file_path").alias("_source_file"), F.current_timestamp().alias("_ingested_at"))


with_audit(read_orders(spark, DATASETS)).write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(BRONZE_ORDERS)
with_audit(read_order_items(spark, DATASETS)).write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(BRONZE_ITEMS)

orders_rows = spark.table(BRONZE_ORDERS).count()
items_rows = spark.table(BRONZE_ITEMS).count()
dbutils.jobs.taskValues.set(key="orders_rows", value=orders_rows)
dbutils.jobs.taskValues.set(key="items_rows", value=items_rows)
print(f"{BRONZE_ORDERS}: {orders_rows} rows; {BRONZE_ITEMS}: {items_rows} rows")

# COMMAND ----------

check("bronze_rows", orders_rows > 0 and items_rows > 0, "bronze orders and order items are not empty",
      f"no rows read from {DATASETS}/retail: is the datasets volume deployed?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup (manual runs only)
# MAGIC
# MAGIC With `cleanup` = `true` the task drops its tables. Jobs leave it at `false`; the lessons that create the jobs drop
# MAGIC the tables in their own cleanup cells.

# COMMAND ----------

if dbutils.widgets.get("cleanup") == "true":
    drop_tables(f"{PREFIX}_bronze_orders", f"{PREFIX}_bronze_order_items")
