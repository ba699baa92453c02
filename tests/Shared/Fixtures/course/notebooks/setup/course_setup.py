# Databricks notebook source
# MAGIC %md
# MAGIC # Course setup (test fixture)
# MAGIC Reads course_config.json and defines CATALOG, SCHEMA and the helpers.

# COMMAND ----------

import json

CONFIG = json.loads(open("/Workspace/databricks_course/course_config.json").read())
CATALOG = CONFIG["catalog"]
SHARED_SCHEMAS = CONFIG["shared_schemas"]
DATASETS = CONFIG["datasets_path"]
