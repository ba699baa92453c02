# Databricks notebook source
# MAGIC %md
# MAGIC # 06 · Database ingestion
# MAGIC
# MAGIC Week 2 · Data ingestion · about 60 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - read tables of an operational database into Spark with an explicit schema;
# MAGIC - write the JDBC read of a production database: URL and credentials from a secret scope, `dbtable` vs `query`,
# MAGIC   parallel reads with `partitionColumn` / `numPartitions`, `fetchsize`;
# MAGIC - load incrementally with a high-water mark on `updated_at` and apply the changes with `MERGE`;
# MAGIC - apply deletes from a change log (CDC), and read a Delta table's own changes with the Change Data Feed.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - [04 · File ingestion]($./04_file_ingestion)
# MAGIC - SQL `INSERT`, `UPDATE`, primary keys.
# MAGIC
# MAGIC The source is the retail company's inventory database. So the notebook runs anywhere, it builds a small SQLite copy
# MAGIC of that database on the driver's local disk from the SQL script in the course datasets
# MAGIC (`database/retail_ops.sql`). With a real database, fill in the widget `jdbc_secret_scope`: the JDBC cell then reads
# MAGIC from it instead.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed
dbutils.widgets.text("jdbc_secret_scope", "", "Secret scope with jdbc-url, jdbc-user, jdbc-password")
JDBC_SCOPE = dbutils.widgets.get("jdbc_secret_scope").strip()

# COMMAND ----------

# MAGIC %md
# MAGIC ## The source database
# MAGIC Two tables: `suppliers`, and `inventory` with one row per product and warehouse (primary key
# MAGIC `(product_id, warehouse)`) and an `updated_at` column the application sets on every change. That column is what
# MAGIC makes incremental loads possible.

# COMMAND ----------

import os
import sqlite3
import tempfile

source_dir = tempfile.mkdtemp(prefix="course_ops_")  # driver-local scratch space, removed in the cleanup cell
SOURCE_DB = os.path.join(source_dir, "retail_ops.db")
with open(f"{DATASETS}/database/retail_ops.sql", encoding="utf-8") as handle:
    script = handle.read()
with sqlite3.connect(SOURCE_DB) as connection:
    connection.executescript(script)
    for table, count in connection.execute(
            "SELECT 'suppliers', count(*) FROM suppliers UNION ALL SELECT 'inventory', count(*) FROM inventory"):
        print(f"source table {table}: {count} rows")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Reading a table into Spark
# MAGIC SQLite is a file on the driver, so it is read with Python (`sqlite3` + pandas) and handed to Spark with an explicit
# MAGIC schema. Timestamps arrive as text and are parsed in Spark.

# COMMAND ----------

import pandas as pd
from pyspark.sql import functions as F

inventory_schema = ("product_id INT, warehouse STRING, supplier_id INT, quantity_on_hand INT, reorder_level INT, "
                    "updated_at STRING")


def read_source(query, params=()):
    """Rows of a query against the source database, as a Spark DataFrame with the inventory schema."""
    with sqlite3.connect(SOURCE_DB) as connection:
        frame = pd.read_sql_query(query, connection, params=params)
    return (spark.createDataFrame(frame, inventory_schema)
            .withColumn("updated_at", F.expr("try_to_timestamp(updated_at, 'yyyy-MM-dd HH:mm:ss')")))


inventory = read_source("SELECT product_id, warehouse, supplier_id, quantity_on_hand, reorder_level, updated_at "
                        "FROM inventory")
display(inventory.orderBy("product_id", "warehouse").limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## The same with JDBC (a production database)
# MAGIC Against PostgreSQL, SQL Server, MySQL or Oracle, Spark reads in parallel over JDBC. The URL, user and password
# MAGIC come from a secret scope (an admin runs `databricks secrets put-secret <scope> jdbc-password` once):
# MAGIC
# MAGIC ```python
# MAGIC (spark.read.format("jdbc")
# MAGIC    .option("url", dbutils.secrets.get(scope, "jdbc-url"))        # jdbc:postgresql://host:5432/retail
# MAGIC    .option("user", dbutils.secrets.get(scope, "jdbc-user"))
# MAGIC    .option("password", dbutils.secrets.get(scope, "jdbc-password"))
# MAGIC    .option("dbtable", "public.inventory")                         # or .option("query", "SELECT ... WHERE ...")
# MAGIC    .option("partitionColumn", "product_id")                       # numeric, date or timestamp column
# MAGIC    .option("lowerBound", 1).option("upperBound", 60)              # with numPartitions: the stride, not a filter
# MAGIC    .option("numPartitions", 4)                                    # 4 parallel queries; mind the database's load
# MAGIC    .option("fetchsize", 1000)                                     # rows per round trip
# MAGIC    .load())
# MAGIC ```
# MAGIC
# MAGIC Filters and projections on the result are pushed down into the database's SQL where possible. Unity Catalog's
# MAGIC *Lakehouse Federation* (a foreign catalog over a connection) is the managed alternative: the database's tables then
# MAGIC appear as `catalog.schema.table`, with UC permissions.
# MAGIC
# MAGIC **On serverless compute this cell cannot work:** serverless reaches external databases only through Unity
# MAGIC Catalog *connections* (Lakehouse Federation, `CREATE CONNECTION ... TYPE postgresql ...` and a foreign catalog,
# MAGIC set up by an admin), not through `spark.read.format("jdbc")` with a URL. On a classic cluster (the course cluster)
# MAGIC the JDBC read works when the cluster can reach the database over the network.
# MAGIC
# MAGIC The next cell runs this read when the widget `jdbc_secret_scope` names a scope; otherwise (and on serverless) it
# MAGIC says so and the lesson continues with the SQLite copy, which runs everywhere.

# COMMAND ----------

def on_serverless():
    """True where there is no classic cluster: serverless compute has no cluster id (reading it may also raise)."""
    try:
        return not spark.conf.get("spark.databricks.clusterUsageTags.clusterId", None)
    except Exception:  # serverless refuses some cluster configuration keys
        return True


ON_SERVERLESS = on_serverless()
if JDBC_SCOPE and ON_SERVERLESS:
    print("serverless compute: a JDBC URL read is not available here (use a Unity Catalog connection); "
          "continuing with the SQLite copy of the source database")
elif JDBC_SCOPE:
    jdbc_inventory = (spark.read.format("jdbc")
                      .option("url", dbutils.secrets.get(JDBC_SCOPE, "jdbc-url"))
                      .option("user", dbutils.secrets.get(JDBC_SCOPE, "jdbc-user"))
                      .option("password", dbutils.secrets.get(JDBC_SCOPE, "jdbc-password"))
                      .option("dbtable", "inventory")
                      .option("partitionColumn", "product_id").option("lowerBound", 1).option("upperBound", 60)
                      .option("numPartitions", 4)
                      .option("fetchsize", 1000)
                      .load())
    print(f"JDBC source: {jdbc_inventory.count()} inventory rows")
else:
    print("no jdbc_secret_scope given: using the SQLite copy of the source database")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Full load, then a high-water mark
# MAGIC The first load copies everything into a bronze table and remembers the largest `updated_at` seen (the *high-water
# MAGIC mark*). Later loads ask only for rows changed after it. This assumes the application updates `updated_at` on every
# MAGIC change; deletes need a soft-delete flag or change data capture (CDC) from the database log.

# COMMAND ----------

target = table_name("bronze_inventory")
inventory.withColumn("_ingested_at", F.current_timestamp()).write.mode("overwrite") \
    .option("overwriteSchema", True).saveAsTable(target)
# The Change Data Feed records every row a later write inserts, updates or deletes (see the end of the lesson).
spark.sql(f"ALTER TABLE {target} SET TBLPROPERTIES (delta.enableChangeDataFeed = true)")
watermark = spark.table(target).agg(F.max("updated_at")).first()[0]
full_load_version = spark.sql(f"DESCRIBE HISTORY {target}").agg(F.max("version")).first()[0]
print(f"full load: {spark.table(target).count()} rows, high-water mark {watermark}, table version {full_load_version}")

# COMMAND ----------

# MAGIC %md
# MAGIC Time passes, and the application changes the database: stock levels are updated, a new warehouse (`STO-1`)
# MAGIC gets its first rows, and three rows are **deleted** (products a warehouse no longer stocks). The changes are in
# MAGIC `database/retail_ops_changes.sql`. The database's change log (`inventory_changes`, what a CDC tool such as
# MAGIC Debezium or SQL Server CDC gives you) records each insert (`I`), update (`U`) and delete (`D`).

# COMMAND ----------

with open(f"{DATASETS}/database/retail_ops_changes.sql", encoding="utf-8") as handle:
    changes_script = handle.read()
with sqlite3.connect(SOURCE_DB) as connection:
    # Once, and all or nothing: running this cell again must not log the changes twice (the change log has no key)
    # nor stop halfway on the new warehouse's rows, which exist after the first run.
    logged = connection.execute("SELECT count(*) FROM inventory_changes").fetchone()[0]
    if logged:
        print(f"the changes are in the source database already ({logged} change-log rows): not applied again")
    else:
        connection.executescript(f"BEGIN;\n{changes_script}\nCOMMIT;")
        print("changes applied to the source database")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Incremental load with `MERGE`
# MAGIC Read only the rows changed after the watermark (a parameterised query: the database filters, not Spark), then
# MAGIC upsert them: matching keys are updated, new keys inserted. A deleted row is not in `inventory` any more, so the
# MAGIC watermark query cannot see it: the deletes come from the change log (`op = 'D'`) and a second `MERGE` removes them.
# MAGIC Running the load again changes nothing (idempotent).

# COMMAND ----------

def incremental_load(since):
    changed = read_source("SELECT product_id, warehouse, supplier_id, quantity_on_hand, reorder_level, updated_at "
                          "FROM inventory WHERE updated_at > ?", params=(since.strftime("%Y-%m-%d %H:%M:%S"),))
    changed.withColumn("_ingested_at", F.current_timestamp()).createOrReplaceTempView("inventory_changes")
    spark.sql(f"""
        MERGE INTO {target} AS t
        USING inventory_changes AS s
        ON t.product_id = s.product_id AND t.warehouse = s.warehouse
        WHEN MATCHED AND s.updated_at > t.updated_at THEN UPDATE SET *
        WHEN NOT MATCHED THEN INSERT *
    """)
    with sqlite3.connect(SOURCE_DB) as connection:
        deletes_frame = pd.read_sql_query(
            "SELECT product_id, warehouse FROM inventory_changes WHERE op = 'D' AND changed_at > ?", connection,
            params=(since.strftime("%Y-%m-%d %H:%M:%S"),))
    deletes = spark.createDataFrame(deletes_frame, "product_id INT, warehouse STRING")
    deletes.createOrReplaceTempView("inventory_deletes")
    spark.sql(f"""
        MERGE INTO {target} AS t
        USING inventory_deletes AS s
        ON t.product_id = s.product_id AND t.warehouse = s.warehouse
        WHEN MATCHED THEN DELETE
    """)
    return changed.count() + deletes.count()


changed_rows = incremental_load(watermark)
print(f"incremental load: {changed_rows} changes merged (upserts and deletes)")
display(spark.sql(f"DESCRIBE HISTORY {target}").select("version", "operation", "operationMetrics").limit(3))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Change Data Feed: what changed in *our* table
# MAGIC With `delta.enableChangeDataFeed` on, Delta keeps the rows each write changed. `table_changes(table, from_version)`
# MAGIC returns them with `_change_type` (`insert`, `update_preimage`, `update_postimage`, `delete`) and
# MAGIC `_commit_version`: downstream tables (silver, gold) can process only what changed, deletes included, instead of
# MAGIC re-reading the whole table.

# COMMAND ----------

changes_feed = spark.sql(f"SELECT * FROM table_changes('{target}', {full_load_version + 1})")
display(changes_feed.groupBy("_change_type").count().orderBy("_change_type"))
cdf_deletes = changes_feed.where("_change_type = 'delete'").count()
# The change script deletes three rows (course/tests/test_datasets.py proves the count).
check("cdf_deletes", cdf_deletes == 3, "the Change Data Feed shows the 3 deleted rows",
      f"{cdf_deletes} deletes in the feed: did the delete MERGE run?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC 1. Compute the new high-water mark from `bronze_inventory` and store it in `new_watermark`.
# MAGIC 2. Run `incremental_load(new_watermark)` again and store the number of rows it read in `second_run_rows`.
# MAGIC 3. Create a table `inventory_to_reorder` with the rows of `bronze_inventory` whose `quantity_on_hand` is below
# MAGIC    `reorder_level`, joined with the supplier name (`suppliers` in the source database) as `supplier_name`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.
# It reads these names: give each its real value.
new_watermark = None
second_run_rows = None

# COMMAND ----------

# Check: the bronze table mirrors the source, the second run was a no-op, the reorder list is right.
with checking("inventory", "Run your exercise cell first: it sets new_watermark and second_run_rows and writes inventory_to_reorder."):
    with sqlite3.connect(SOURCE_DB) as connection:
        source_rows = connection.execute("SELECT count(*) FROM inventory").fetchone()[0]
        source_max = connection.execute("SELECT max(updated_at) FROM inventory").fetchone()[0]
        reorder_expected = connection.execute(
            "SELECT count(*) FROM inventory WHERE quantity_on_hand < reorder_level").fetchone()[0]
    bronze = spark.table(target)
    check("inventory.rows", bronze.count() == source_rows, f"bronze_inventory has all {source_rows} source rows, inserts included",
          f"Expected {source_rows} rows after the merge, found {bronze.count()}: are new keys inserted?")
    check("inventory.watermark", new_watermark is not None and new_watermark.strftime("%Y-%m-%d %H:%M:%S") == source_max,
          f"the high-water mark moved to {source_max}", f"Expected the watermark {source_max}, found {new_watermark}.")
    check("inventory.second_run", second_run_rows == 0, "a second incremental run reads nothing",
          f"The second run read {second_run_rows} rows: filter with updated_at > the new watermark.")
    check("inventory.new_warehouse", bronze.where("warehouse = 'STO-1'").count() == 2, "the new warehouse's rows were inserted",
          "STO-1 should have 2 rows: are new keys inserted?")
    reorder = spark.table(table_name("inventory_to_reorder"))
    check("inventory.reorder", reorder.count() == reorder_expected and "supplier_name" in reorder.columns,
          f"{reorder_expected} inventory rows need reordering, with their supplier",
          f"Expected {reorder_expected} rows with a supplier_name column, found {reorder.count()} and {reorder.columns}.")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

import shutil

drop_tables("bronze_inventory", "inventory_to_reorder")
spark.catalog.dropTempView("inventory_changes")
spark.catalog.dropTempView("inventory_deletes")
shutil.rmtree(source_dir, ignore_errors=True)
dbutils.widgets.removeAll()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - JDBC reads take their URL and credentials from a secret scope and run in parallel with `partitionColumn`.
# MAGIC - A high-water mark on `updated_at` plus `MERGE` gives idempotent incremental loads.
# MAGIC - Deletes need soft-delete flags or CDC; a watermark cannot see them. The change log's `D` rows become a
# MAGIC   `MERGE ... WHEN MATCHED THEN DELETE`.
# MAGIC - The Change Data Feed (`table_changes`) tells downstream steps what changed in a Delta table, deletes included.
# MAGIC
# MAGIC Next: [07 · Object storage ingestion]($./07_s3_ingest)
