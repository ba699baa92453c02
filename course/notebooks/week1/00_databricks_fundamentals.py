# Databricks notebook source
# MAGIC %md
# MAGIC # 00 · Databricks fundamentals
# MAGIC
# MAGIC Week 1 · Platform mastery · about 45 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - describe how a Databricks workspace is split into a control plane and a compute plane;
# MAGIC - use notebook cells in Python, SQL and Markdown, and the `%run` magic;
# MAGIC - explore files with `dbutils.fs`, parameterise a notebook with widgets, and show results with `display`;
# MAGIC - find out which runtime and Spark version your code runs on;
# MAGIC - write your first table into your personal schema.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - You can log in to the course workspace and see the course folder.
# MAGIC - A running cluster (or serverless compute) is attached to this notebook.
# MAGIC - Basic Python and SQL.

# COMMAND ----------

# MAGIC %md
# MAGIC ## Setup
# MAGIC The next cell runs the course setup notebook. It finds your personal schema, makes it the current schema, and
# MAGIC defines a few names every lesson uses: `CATALOG`, `SCHEMA`, `USER`, `DATASETS`, `table_name(...)`, `check(...)`
# MAGIC and `drop_tables(...)`. `%run` executes the other notebook *in this notebook's session*, so whatever it defines
# MAGIC is available here.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed
print(f"catalog:  {CATALOG}")
print(f"schema:   {SCHEMA}")
print(f"user:     {USER}")
print(f"datasets: {DATASETS}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## The platform in one picture
# MAGIC
# MAGIC | part | what lives there | who runs it |
# MAGIC |---|---|---|
# MAGIC | **Control plane** | the web UI, notebooks, jobs, the Unity Catalog metastore (names, permissions, lineage) | Databricks |
# MAGIC | **Compute plane** | clusters and SQL warehouses that run your Spark code | your cloud account, or Databricks for serverless |
# MAGIC | **Storage** | table data (Delta files), volumes, external locations | cloud object storage (S3, ADLS, GCS) |
# MAGIC
# MAGIC A notebook is a document in the workspace. When you run a cell, the code is sent to the compute attached to the
# MAGIC notebook; the data is read from and written to cloud storage, and Unity Catalog checks at every step that *you* are
# MAGIC allowed to do it. Nothing here is stored on the laptop you use.
# MAGIC
# MAGIC A notebook's language is its default (this one is Python); one cell can switch language with a magic command in its
# MAGIC first line: `%sql`, `%md`, `%python`, `%sh` (a shell on the driver), `%pip` (install a library for this notebook),
# MAGIC `%run` (run another notebook here).

# COMMAND ----------

# MAGIC %sql
# MAGIC -- A SQL cell. The setup ran USE CATALOG / USE SCHEMA, so unqualified names resolve to your schema.
# MAGIC SELECT current_user() AS me, current_catalog() AS catalog, current_schema() AS schema, current_timestamp() AS now

# COMMAND ----------

# MAGIC %md
# MAGIC ## Which runtime am I on?
# MAGIC The Databricks Runtime (DBR) bundles Spark, Delta Lake, Python and common libraries. What the course needs is
# MAGIC stated once, in the setup (`RUNTIME_REQUIREMENT`), which checks it before every lesson. Some cluster details are
# MAGIC only visible on classic clusters, so the code asks politely.

# COMMAND ----------

import platform
import sys


def conf_or(key, default="(not available on this compute)"):
    """A Spark configuration value, or a default when this compute does not expose it."""
    try:
        return spark.conf.get(key)
    except Exception:
        return default


print(f"Course needs:    {RUNTIME_REQUIREMENT}")
print(f"Spark version:   {spark.version}")
print(f"Python version:  {platform.python_version()}")
print(f"Runtime:         {conf_or('spark.databricks.clusterUsageTags.sparkVersion')}")
print(f"Cluster name:    {conf_or('spark.databricks.clusterUsageTags.clusterName')}")
print(f"Python binary:   {sys.executable}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Files: `dbutils.fs` and volumes
# MAGIC In Unity Catalog, files live in **volumes**: `/Volumes/<catalog>/<schema>/<volume>/...`. The course's sample data
# MAGIC is in a volume of a shared schema (you can read it, not change it). `dbutils.fs.ls` lists a folder;
# MAGIC `display` renders the result as a table you can sort and filter.

# COMMAND ----------

display(dbutils.fs.ls(DATASETS))

# COMMAND ----------

display(dbutils.fs.ls(f"{DATASETS}/retail"))

# COMMAND ----------

# MAGIC %md
# MAGIC Volume paths also work with plain Python file functions, which is handy for a quick look at a file's first lines:

# COMMAND ----------

with open(f"{DATASETS}/retail/customers.csv", encoding="utf-8") as handle:
    for _ in range(3):
        print(handle.readline().rstrip())

# COMMAND ----------

# MAGIC %md
# MAGIC ## Widgets: parameters for a notebook
# MAGIC Widgets appear at the top of the notebook. A job can set them too, which turns a notebook into a reusable task.
# MAGIC Change the value in the widget bar and rerun the next two cells.

# COMMAND ----------

dbutils.widgets.dropdown("country", "FI", ["FI", "SE", "DE", "FR", "NL", "ES", "GB", "US"], "Country")

# COMMAND ----------

country = dbutils.widgets.get("country")
customers = (spark.read
             .option("header", True)
             .schema("customer_id INT, first_name STRING, last_name STRING, email STRING, country STRING, "
                     "city STRING, signup_date DATE")
             .csv(f"{DATASETS}/retail/customers.csv"))
display(customers.where(customers.country == country).orderBy("customer_id").limit(20))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Secrets never go into a notebook
# MAGIC Passwords and tokens are stored in **secret scopes** and read with `dbutils.secrets.get(scope, key)`. The value is
# MAGIC redacted if you try to print it. You will use this in week 2; for now, see which scopes you can use:

# COMMAND ----------

try:
    scopes = [s.name for s in dbutils.secrets.listScopes()]
    print(f"secret scopes visible to you: {scopes or 'none'}")
except Exception as error:
    print(f"listing secret scopes is not allowed here: {str(error).splitlines()[0]}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Your first table
# MAGIC A DataFrame becomes a managed Delta table with `saveAsTable`. Always use the three-level name: `table_name("x")`
# MAGIC gives `CATALOG.SCHEMA.x`, so your tables never land in someone else's schema.

# COMMAND ----------

from pyspark.sql import functions as F

hello = spark.createDataFrame(
    [(1, "notebooks"), (2, "clusters"), (3, "unity catalog")],
    "topic_id INT, topic STRING",
).withColumn("learned_at", F.current_timestamp())
hello.write.mode("overwrite").saveAsTable(table_name("fundamentals_topics"))
display(spark.table(table_name("fundamentals_topics")))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC 1. Create a table `fundamentals_customers_by_country` in your schema with one row per country of
# MAGIC    `retail/customers.csv` and two columns: `country` (string) and `customers` (long, the number of customers).
# MAGIC 2. Use the `customers` DataFrame above (it has an explicit schema) and `table_name(...)`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.

# COMMAND ----------

# Check: the table exists, has one row per country, and the counts add up to every customer of the file.
with checking("by_country", "Run your exercise cell first: it writes the table fundamentals_customers_by_country."):
    result = spark.table(table_name("fundamentals_customers_by_country"))
    expected_total = customers.count()
    expected_countries = customers.select("country").distinct().count()
    check("by_country.columns", set(result.columns) == {"country", "customers"},
          "the table has the columns country and customers",
          f"Expected the columns country and customers, found {result.columns}.")
    check("by_country.rows", result.count() == expected_countries,
          f"one row per country ({expected_countries} countries)",
          f"Expected {expected_countries} rows, one per country, found {result.count()}.")
    total = result.agg(F.sum("customers")).first()[0]
    check("by_country.total", total == expected_total,
          f"the counts add up to all {expected_total} customers",
          f"The counts add up to {total}, expected {expected_total}. Did you filter by the widget's country?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC Drop what this lesson created and remove its widget. Your schema stays; only these tables go.

# COMMAND ----------

drop_tables("fundamentals_topics", "fundamentals_customers_by_country")
dbutils.widgets.remove("country")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - The control plane holds notebooks and the catalog; compute runs your code; data stays in cloud storage.
# MAGIC - `%run` shares a session between notebooks; `%sql`, `%md` and friends switch a cell's language.
# MAGIC - Files live in volumes (`/Volumes/...`), tables have three-level names, secrets come from `dbutils.secrets`.
# MAGIC
# MAGIC Next: [01 · Unity Catalog deep dive]($./01_unity_catalog_deep_dive)
