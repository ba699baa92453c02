# Databricks notebook source
# MAGIC %md
# MAGIC # Job task · Transform orders
# MAGIC
# MAGIC The second task of lesson `15_orchestrate_tasks_in_job`. It runs after `ingest`.
# MAGIC
# MAGIC **What it does:** cleans `<table_prefix>_bronze_orders` with the rules of the `course_etl` package (typed timestamp,
# MAGIC known status/channel/currency, one row per order) and keeps valid order lines, into
# MAGIC `<table_prefix>_silver_orders` and `<table_prefix>_silver_order_items`. It reads the row count that the `ingest`
# MAGIC task published, checks it against what it finds, and publishes `silver_orders_rows`.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Read an upstream task's value with `dbutils.jobs.taskValues.get` (and `debugValue` for manual runs).
# MAGIC - Reuse tested package code (`course_etl.spark_job`) in a notebook task.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - `ingest_orders_task` ran with the same `table_prefix`. Parameters: `table_prefix` (default `wk5`), `cleanup`.

# COMMAND ----------

# MAGIC %run ./task_setup

# COMMAND ----------

from course_etl.spark_job import clean_orders_df, valid_items_df

BRONZE_ORDERS = table_name(f"{PREFIX}_bronze_orders")
BRONZE_ITEMS = table_name(f"{PREFIX}_bronze_order_items")
SILVER_ORDERS = table_name(f"{PREFIX}_silver_orders")
SILVER_ITEMS = table_name(f"{PREFIX}_silver_order_items")

# COMMAND ----------

# In a job this is the value the `ingest` task set; in a manual run, taskValues.get returns debugValue (-1).
expected_bronze_rows = dbutils.jobs.taskValues.get(taskKey="ingest", key="orders_rows", default=-1, debugValue=-1)
bronze_rows = spark.table(BRONZE_ORDERS).count()
check("bronze_count", expected_bronze_rows in (-1, bronze_rows),
      f"bronze has the {bronze_rows} rows the ingest task reported",
      f"ingest reported {expected_bronze_rows} rows but {BRONZE_ORDERS} has {bronze_rows}: another run overwrote it?")

silver_orders = clean_orders_df(spark.table(BRONZE_ORDERS).drop("_source_file", "_ingested_at"))
silver_orders.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(SILVER_ORDERS)
valid_items = valid_items_df(spark.table(BRONZE_ITEMS).drop("_source_file", "_ingested_at"))
valid_items.join(spark.table(SILVER_ORDERS).select("order_id"), "order_id", "left_semi") \
    .write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(SILVER_ITEMS)

silver_orders_rows = spark.table(SILVER_ORDERS).count()
dbutils.jobs.taskValues.set(key="silver_orders_rows", value=silver_orders_rows)
print(f"{SILVER_ORDERS}: {silver_orders_rows} of {bronze_rows} bronze rows kept")

# COMMAND ----------

check("silver_rows", 0 < silver_orders_rows <= bronze_rows, "silver keeps at most one row per bronze order and is not empty",
      f"silver has {silver_orders_rows} rows for {bronze_rows} bronze rows")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup (manual runs only)

# COMMAND ----------

if dbutils.widgets.get("cleanup") == "true":
    drop_tables(f"{PREFIX}_silver_orders", f"{PREFIX}_silver_order_items")
