# Databricks notebook source
# MAGIC %md
# MAGIC # Job task · Aggregate revenue
# MAGIC
# MAGIC The last task of lesson `15_orchestrate_tasks_in_job`. It runs after `transform`.
# MAGIC
# MAGIC **What it does:** computes revenue per order day and currency from the silver tables with
# MAGIC `course_etl.spark_job.daily_revenue_df` into `<table_prefix>_gold_daily_revenue`, and returns a JSON summary with
# MAGIC `dbutils.notebook.exit`, which the lesson reads from the run output.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Receive an upstream task value as a parameter (`{{tasks.transform.values.silver_orders_rows}}` in the job).
# MAGIC - Return a result from a notebook task with `dbutils.notebook.exit`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - `transform_orders_task` ran with the same `table_prefix`. Parameters: `table_prefix` (default `wk5`),
# MAGIC   `expected_silver_orders` (empty: not checked), `cleanup`.

# COMMAND ----------

# MAGIC %run ./task_setup

# COMMAND ----------

import json

from course_etl.spark_job import daily_revenue_df
from pyspark.sql import functions as F

dbutils.widgets.text("expected_silver_orders", "", "Silver order count from the transform task")

SILVER_ORDERS = table_name(f"{PREFIX}_silver_orders")
SILVER_ITEMS = table_name(f"{PREFIX}_silver_order_items")
GOLD = table_name(f"{PREFIX}_gold_daily_revenue")

# COMMAND ----------

expected = dbutils.widgets.get("expected_silver_orders").strip()
silver_rows = spark.table(SILVER_ORDERS).count()
check("silver_count", expected in ("", str(silver_rows)), f"silver orders match the transform task's count ({silver_rows})",
      f"the transform task reported {expected} silver orders, {SILVER_ORDERS} has {silver_rows}")

daily_revenue_df(spark.table(SILVER_ORDERS), spark.table(SILVER_ITEMS)) \
    .write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(GOLD)

summary_row = spark.table(GOLD).agg(
    F.count("*").alias("rows"), F.sum("orders").alias("orders"),
    F.min("order_date").alias("first_day"), F.max("order_date").alias("last_day"),
).first()
revenue_by_currency = {r.currency: str(r.revenue) for r in spark.table(GOLD).groupBy("currency").agg(F.sum("revenue").alias("revenue")).collect()}
summary = {
    "table": GOLD, "rows": summary_row.rows, "orders": summary_row.orders,
    "first_day": str(summary_row.first_day), "last_day": str(summary_row.last_day),
    "revenue_by_currency": revenue_by_currency,
}
dbutils.jobs.taskValues.set(key="gold_rows", value=summary_row.rows)
print(json.dumps(summary, indent=2))

# COMMAND ----------

check("gold_rows", summary_row.rows > 0, f"{GOLD} has {summary_row.rows} rows", "the gold table is empty: are there revenue orders in silver?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup (manual runs only)

# COMMAND ----------

if dbutils.widgets.get("cleanup") == "true":
    drop_tables(f"{PREFIX}_gold_daily_revenue")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Result
# MAGIC
# MAGIC The last cell hands the summary to the job run: it appears as the task's output, and
# MAGIC `WorkspaceClient().jobs.get_run_output(run_id=<task run id>).notebook_output.result` returns it.

# COMMAND ----------

dbutils.notebook.exit(json.dumps(summary))
