# Databricks notebook source
# MAGIC %md
# MAGIC # Job task setup
# MAGIC
# MAGIC Run by every task notebook in this folder (`%run ./task_setup`), never on its own. It runs the course setup, then
# MAGIC does what all three tasks need:
# MAGIC
# MAGIC - reads the task parameters `table_prefix` (default `wk5`; letters, digits and `_`) into `PREFIX`, and `cleanup`
# MAGIC   (`true` drops the task's tables after a manual run);
# MAGIC - sets the session time zone to UTC, the zone of the sample data's timestamps;
# MAGIC - puts the `course_etl` package on the import path. The course stack deploys it as workspace files under
# MAGIC   `<course folder>/packages/course_etl`; the setup found that folder (`COURSE_FOLDER`), also when the task runs
# MAGIC   from a clone of the course folder, which has the notebooks but not the files.

# COMMAND ----------

# MAGIC %run ../../setup/course_setup

# COMMAND ----------

import os
import sys

dbutils.widgets.text("table_prefix", "wk5", "Table prefix")
dbutils.widgets.dropdown("cleanup", "false", ["false", "true"], "Drop this task's tables")
spark.conf.set("spark.sql.session.timeZone", "UTC")
PREFIX = dbutils.widgets.get("table_prefix").strip()
check("prefix", PREFIX.replace("_", "").isalnum(), f"table prefix '{PREFIX}' is a valid name part",
      "table_prefix must be letters, digits and underscores")

COURSE_ETL_SRC = course_path("packages/course_etl/src")
check("package", os.path.isdir(COURSE_ETL_SRC), f"found the course_etl package at {COURSE_ETL_SRC}",
      f"{COURSE_ETL_SRC} does not exist: ask your instructor to deploy the course (packages/course_etl)")
if COURSE_ETL_SRC not in sys.path:
    sys.path.insert(0, COURSE_ETL_SRC)
