# Databricks notebook source
# MAGIC %md
# MAGIC # 02 · Cluster management
# MAGIC
# MAGIC Week 1 · Platform mastery · about 45 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - choose between all-purpose clusters, job clusters, SQL warehouses and serverless compute;
# MAGIC - explain runtime versions (LTS), access modes, autoscaling and auto-termination;
# MAGIC - inspect the compute a notebook is attached to, from the notebook;
# MAGIC - see how parallelism (partitions) and cluster size relate, and estimate what a cluster costs.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - [01 · Unity Catalog deep dive]($./01_unity_catalog_deep_dive)

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## Kinds of compute
# MAGIC
# MAGIC | compute | use it for | billed while |
# MAGIC |---|---|---|
# MAGIC | **All-purpose cluster** | interactive notebooks, shared by a few people | running (until auto-termination) |
# MAGIC | **Job cluster** | one job run; created for the run and removed after it | the run |
# MAGIC | **Serverless** (notebooks, jobs) | starts in seconds, no configuration, Databricks manages the machines | in use |
# MAGIC | **SQL warehouse** | SQL queries, dashboards, BI tools | running |
# MAGIC
# MAGIC Settings that matter on a cluster:
# MAGIC - **Runtime version**: pick an **LTS** release (long-term support) for anything that must keep working.
# MAGIC - **Access mode**: *standard* (shared, formerly "shared") isolates users on one cluster and is what Unity Catalog
# MAGIC   expects for teams; *dedicated* (formerly "single user") gives one user or group the whole machine and the full
# MAGIC   Spark API (RDDs, `sparkContext`).
# MAGIC - **Workers and autoscaling**: a minimum and maximum number of workers; Databricks adds workers when tasks queue.
# MAGIC   Single-node clusters have no workers at all: fine for small data and for learning.
# MAGIC - **Auto-termination**: stop after N idle minutes. Idle clusters are the most common waste of money.
# MAGIC - **Instance type**: memory-optimised for joins and caching, compute-optimised for CPU-heavy transformations,
# MAGIC   storage-optimised (local SSD) for Delta caching.
# MAGIC - **Init scripts and libraries**: what gets installed on every node at start (the course cluster installs a coding
# MAGIC   assistant CLI this way).
# MAGIC - **Cluster policies**: admins limit the choices above (sizes, runtime, auto-termination) so costs stay predictable.

# COMMAND ----------

# MAGIC %md
# MAGIC ## What am I attached to?
# MAGIC Classic clusters expose their settings as Spark configuration tags; serverless compute hides most of them. The
# MAGIC helper below returns a placeholder instead of failing.

# COMMAND ----------

import shutil

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed


def conf_or(key, default="(not available on this compute)"):
    try:
        return spark.conf.get(key)
    except Exception:
        return default


cluster_facts = {
    "runtime": conf_or("spark.databricks.clusterUsageTags.sparkVersion"),
    "cluster name": conf_or("spark.databricks.clusterUsageTags.clusterName"),
    "cluster id": conf_or("spark.databricks.clusterUsageTags.clusterId"),
    "driver node type": conf_or("spark.databricks.clusterUsageTags.driverNodeType"),
    "worker node type": conf_or("spark.databricks.clusterUsageTags.clusterNodeType"),
    "workers (target)": conf_or("spark.databricks.clusterUsageTags.clusterTargetWorkers"),
    "auto-termination (min)": conf_or("spark.databricks.clusterUsageTags.autoTerminationMinutes"),
    "shuffle partitions": conf_or("spark.sql.shuffle.partitions"),
    "adaptive query execution": conf_or("spark.sql.adaptive.enabled"),
}
display(spark.createDataFrame(list(cluster_facts.items()), "setting STRING, value STRING"))

# COMMAND ----------

# MAGIC %md
# MAGIC The course cluster's init script installs the `claude` command-line tool on the driver. Check whether this compute
# MAGIC has it (on serverless or another cluster it will not):

# COMMAND ----------

print(f"claude CLI on the driver: {shutil.which('claude') or 'not installed on this compute'}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## The clusters API
# MAGIC Everything in the cluster UI is also an API. The Databricks SDK for Python is preinstalled and authenticates as
# MAGIC you inside a notebook. Listing clusters needs permission to see them; students may see only their own or none.

# COMMAND ----------

try:
    from databricks.sdk import WorkspaceClient

    workspace = WorkspaceClient()
    rows = [(c.cluster_name, str(c.state.value if c.state else ""), c.spark_version, c.autotermination_minutes)
            for c in workspace.clusters.list()]
    display(spark.createDataFrame(rows, "cluster STRING, state STRING, runtime STRING, autotermination_minutes INT")
            if rows else spark.createDataFrame([], "cluster STRING"))
except Exception as error:
    print(f"cannot list clusters here: {str(error).splitlines()[0]}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Parallelism: partitions and cores
# MAGIC Spark splits data into **partitions**; each partition is one task on one core. A cluster with 8 cores runs 8 tasks
# MAGIC at a time. Too few partitions leave cores idle; far too many add scheduling overhead. With adaptive query execution
# MAGIC (AQE, on by default) Spark merges small shuffle partitions for you.

# COMMAND ----------

from pyspark.sql import functions as F

orders = (spark.read
          .option("header", True)
          .schema("order_id INT, customer_id INT, order_ts TIMESTAMP, status STRING, channel STRING, currency STRING")
          .csv(f"{DATASETS}/retail/orders.csv"))
try:
    print(f"partitions after reading orders.csv: {orders.rdd.getNumPartitions()}")
except Exception:  # standard access mode and serverless do not offer the RDD API
    print("partitions: the RDD API is not available on this compute (standard access mode or serverless)")
by_month = orders.groupBy(F.date_trunc("month", "order_ts").alias("month")).count()
by_month.explain()

# COMMAND ----------

# MAGIC %md
# MAGIC In the plan above, `Exchange` is a shuffle: data moves between machines so that all rows of one month meet in one
# MAGIC task. Shuffles are where cluster size matters most. After running the next cell, find the stage with the exchange:
# MAGIC - on a **classic cluster**, in the **Spark UI** (cluster menu, or the *View* link under a cell's Spark jobs);
# MAGIC - on **serverless** compute there is no Spark UI: open the **query profile** instead (the *See performance* link
# MAGIC   under the cell, then the query), which shows the same operators with rows, time and memory per step.

# COMMAND ----------

display(by_month.orderBy("month"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## What does a cluster cost?
# MAGIC Databricks bills **DBUs** (Databricks units) per hour per node, at a price per DBU that depends on the product
# MAGIC (all-purpose compute costs more per DBU than jobs compute); the cloud provider bills the machines on top.
# MAGIC
# MAGIC cost per hour = nodes × (DBU per node-hour × price per DBU + VM price per hour), nodes = 1 driver + workers

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC Write `monthly_cost(workers, dbu_per_node_hour, dbu_price, vm_price_per_hour, hours_per_day, days)` that returns
# MAGIC the cost of a cluster with one driver and `workers` workers, rounded to 2 decimals. Then use it to compare an
# MAGIC all-purpose cluster left running 24 hours a day with the same cluster auto-terminated after the 6 hours a day it is
# MAGIC used: store the saving per month in `saving`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# BEGIN SOLUTION
def monthly_cost(workers, dbu_per_node_hour, dbu_price, vm_price_per_hour, hours_per_day, days):
    nodes = 1 + workers
    per_hour = nodes * (dbu_per_node_hour * dbu_price + vm_price_per_hour)
    return round(per_hour * hours_per_day * days, 2)


always_on = monthly_cost(2, 0.75, 0.55, 0.19, 24, 30)
auto_terminated = monthly_cost(2, 0.75, 0.55, 0.19, 6, 30)
saving = round(always_on - auto_terminated, 2)
print(f"always on: {always_on}, auto-terminated: {auto_terminated}, saving per month: {saving}")
# END SOLUTION

# COMMAND ----------

# Check: the function gives known answers and the saving follows from it.
with checking("cost", "Run your exercise cell first: it defines the function monthly_cost(...) and the number saving."):
    # approx: money in floats is rarely exact (1301.4 - 325.35 is 976.0500000000001); a cent is close enough.
    check("cost.single_node", approx(monthly_cost(0, 1.0, 0.5, 0.1, 1, 1), 0.6), "a single node for one hour costs DBU + VM",
          "For 0 workers, 1 DBU at 0.5 and a VM at 0.1 for 1 hour the cost is 0.6: count the driver as a node.")
    check("cost.four_nodes", approx(monthly_cost(3, 2.0, 0.4, 0.25, 8, 20), 672.0), "4 nodes, 8 hours a day for 20 days cost 672.00",
          "Expected 4 × (2.0 × 0.4 + 0.25) × 8 × 20 = 672.0: nodes = 1 driver + workers.")
    check("cost.saving", approx(saving, monthly_cost(2, 0.75, 0.55, 0.19, 18, 30)),
          f"auto-termination saves {round(saving, 2)} per month on this cluster",
          "The saving is the cost of the 18 idle hours a day: always_on - auto_terminated.")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC This lesson created no tables. On a cluster you started yourself: terminate it when you are done for the day.

# COMMAND ----------

# No tables to drop; remove any widgets so the next lesson starts clean.
dbutils.widgets.removeAll()
print("cleanup done: this lesson wrote nothing to your schema")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - Interactive work on all-purpose or serverless compute; scheduled work on job clusters or serverless jobs.
# MAGIC - LTS runtimes, standard access mode with Unity Catalog, auto-termination always on.
# MAGIC - Partitions are the unit of parallelism; shuffles are where size matters; AQE tunes shuffle partitions.
# MAGIC - Cost grows with nodes × hours: idle time is the easiest money to save.
# MAGIC
# MAGIC Next: [03 · Spark on Databricks]($./03_spark_on_databricks)
