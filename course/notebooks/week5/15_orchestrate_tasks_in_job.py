# Databricks notebook source
# MAGIC %md
# MAGIC # 15 · Orchestrate several tasks in one job
# MAGIC
# MAGIC Real pipelines have steps that depend on each other. A job can hold many tasks and run them as a graph: a task
# MAGIC starts when the tasks it depends on have succeeded, and tasks pass small values to each other. This lesson builds the
# MAGIC pipeline **ingest → transform → aggregate** from three task notebooks in `week5/jobs/`.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Create a multi-task job with `depends_on`, so that the job runs the tasks in order (and independent tasks in
# MAGIC   parallel).
# MAGIC - Use **job parameters**, which every task receives, and override them for one run.
# MAGIC - Pass values between tasks with `dbutils.jobs.taskValues` and the `{{tasks.<task>.values.<key>}}` reference.
# MAGIC - Inspect a run task by task and read a notebook task's result with `get_run_output`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - `13_create_job_with_notebook` and `14_create_job_with_wheel`.
# MAGIC - Read the three task notebooks first: `jobs/ingest_orders_task`, `jobs/transform_orders_task`,
# MAGIC   `jobs/aggregate_revenue_task`.
# MAGIC
# MAGIC **Compute:** serverless by default; fill the `cluster_id` widget to use an existing cluster instead (see lesson 13).

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

import json
import posixpath
from datetime import timedelta

from databricks.sdk import WorkspaceClient
from databricks.sdk.service import jobs

dbutils.widgets.text("cluster_id", "", "Existing cluster id (empty: serverless)")
CLUSTER_ID = dbutils.widgets.get("cluster_id").strip()

w = WorkspaceClient()
# The task notebooks beside this one; where the notebook context has no path, the deployed course folder's.
JOBS_FOLDER = f"{NOTEBOOK_FOLDER or posixpath.join(COURSE_FOLDER, 'week5')}/jobs"
JOB_NAME = f"{SCHEMA}__wk5_15_orders_pipeline"
TABLE_PREFIX = "wk5_15"


def task_compute():
    return {"existing_cluster_id": CLUSTER_ID} if CLUSTER_ID else {}


def delete_jobs_named(name):
    deleted = 0
    for job in w.jobs.list(name=name):
        w.jobs.delete(job_id=job.job_id)
        deleted += 1
    return deleted


def prefix_tables(prefix):
    return [f"{prefix}_{t}" for t in ("bronze_orders", "bronze_order_items", "silver_orders", "silver_order_items",
                                      "gold_daily_revenue")]

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. The job definition
# MAGIC
# MAGIC - `parameters` (job parameters) are passed to **every** notebook task as widgets: here the `table_prefix`.
# MAGIC - `depends_on` draws the graph. `transform` waits for `ingest`; `aggregate` waits for `transform`.
# MAGIC - `aggregate` receives the number of silver orders that `transform` published, through the dynamic value reference
# MAGIC   `{{tasks.transform.values.silver_orders_rows}}`, resolved when the task starts.
# MAGIC - `run_if` (default `ALL_SUCCESS`) decides whether a task runs after its dependencies; `ALL_DONE` would run a
# MAGIC   clean-up or alerting task even after a failure.

# COMMAND ----------

def notebook_task(key, notebook, depends_on=(), parameters=None):
    return jobs.Task(
        task_key=key,
        notebook_task=jobs.NotebookTask(notebook_path=f"{JOBS_FOLDER}/{notebook}", base_parameters=parameters or {}),
        depends_on=[jobs.TaskDependency(task_key=d) for d in depends_on],
        timeout_seconds=1800,
        **task_compute(),
    )


print(f"removed {delete_jobs_named(JOB_NAME)} earlier copies")
JOB_ID = w.jobs.create(
    name=JOB_NAME,
    description="Week 5 lesson 15: ingest -> transform -> aggregate, with task values between the tasks.",
    tags={"course": CATALOG, "lesson": "15", "schema": SCHEMA},
    max_concurrent_runs=1,
    parameters=[jobs.JobParameterDefinition(name="table_prefix", default=TABLE_PREFIX)],
    tasks=[
        notebook_task("ingest", "ingest_orders_task"),
        notebook_task("transform", "transform_orders_task", depends_on=["ingest"]),
        notebook_task("aggregate", "aggregate_revenue_task", depends_on=["transform"],
                      parameters={"expected_silver_orders": "{{tasks.transform.values.silver_orders_rows}}"}),
    ],
).job_id
print(f"created job {JOB_ID}: {w.config.host}/jobs/{JOB_ID}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Run the pipeline
# MAGIC
# MAGIC Open the run link while it runs: the graph view shows each task turn green in order.

# COMMAND ----------

waiter = w.jobs.run_now(job_id=JOB_ID)
print(f"run {waiter.run_id}: {w.config.host}/jobs/{JOB_ID}/runs/{waiter.run_id}")
run = waiter.result(timeout=timedelta(minutes=45))
check("run.succeeded", run.state.result_state == jobs.RunResultState.SUCCESS, "the pipeline run succeeded",
      f"the run ended with {run.state.result_state} ({run.state.state_message}); open {run.run_page_url} and look at the red task")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Inspect the run task by task
# MAGIC
# MAGIC `run.tasks` holds one entry per task with its own run id, times and state. A notebook task's
# MAGIC `dbutils.notebook.exit(...)` value is returned by `get_run_output` for that task run.

# COMMAND ----------

task_runs = {t.task_key: t for t in run.tasks}
for key in ["ingest", "transform", "aggregate"]:
    t = task_runs[key]
    print(f"{key:10} {t.state.result_state.value:8} start {t.start_time} end {t.end_time} ({(t.end_time - t.start_time) / 1000:.0f} s)")

summary = json.loads(w.jobs.get_run_output(run_id=task_runs["aggregate"].run_id).notebook_output.result)
print(json.dumps(summary, indent=2))

# COMMAND ----------

check("run.order", task_runs["ingest"].end_time <= task_runs["transform"].start_time <= task_runs["transform"].end_time
      <= task_runs["aggregate"].start_time,
      "the tasks ran in dependency order: ingest, then transform, then aggregate",
      "the task times overlap: check depends_on")
gold = spark.table(table_name(f"{TABLE_PREFIX}_gold_daily_revenue"))
check("run.summary", summary["table"] == table_name(f"{TABLE_PREFIX}_gold_daily_revenue") and summary["rows"] == gold.count(),
      f"the aggregate task's summary matches {summary['table']} ({summary['rows']} rows)",
      f"summary {summary} does not match the table, which has {gold.count()} rows")
silver_orders = spark.table(table_name(f"{TABLE_PREFIX}_silver_orders")).count()
revenue_orders = (
    spark.table(table_name(f"{TABLE_PREFIX}_silver_orders"))
    .where("status IN ('PLACED', 'SHIPPED', 'DELIVERED')")
    .join(spark.table(table_name(f"{TABLE_PREFIX}_silver_order_items")), "order_id", "left_semi")
    .count()
)
check("run.orders", summary["orders"] == revenue_orders,
      f"gold counts the {revenue_orders} revenue orders (with lines) of the {silver_orders} silver orders",
      f"gold counts {summary['orders']} orders, silver has {revenue_orders} revenue orders with lines")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise: the same pipeline into other tables
# MAGIC
# MAGIC Job parameters can be overridden for a single run: `w.jobs.run_now(job_id=..., job_parameters={"table_prefix": ...})`.
# MAGIC Run the pipeline with the prefix `ex15` so that it writes `ex15_bronze_orders` ... `ex15_gold_daily_revenue`, and wait
# MAGIC for it. Nothing in the job definition or the task notebooks needs to change: that is the point of parameters.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.
# It reads these names: give each its real value.
exercise_run = None

# COMMAND ----------

with checking("prefix", "Run your exercise cell first: it sets exercise_run to the finished run with table_prefix ex15."):
    check("prefix.run", exercise_run.state.result_state == jobs.RunResultState.SUCCESS, "the run with table_prefix=ex15 succeeded",
          f"the run ended with {exercise_run.state.result_state}; open {exercise_run.run_page_url}")
    check("prefix.table", spark.catalog.tableExists(table_name("ex15_gold_daily_revenue")), f"{table_name('ex15_gold_daily_revenue')} exists",
          "no ex15_gold_daily_revenue table: pass job_parameters={'table_prefix': 'ex15'}")
    differences = spark.table(table_name("ex15_gold_daily_revenue")).exceptAll(gold).count() \
        + gold.exceptAll(spark.table(table_name("ex15_gold_daily_revenue"))).count()
    check("prefix.rows", differences == 0, "ex15_gold_daily_revenue equals the first run's gold table", f"{differences} rows differ")
    default_prefix = w.jobs.get(job_id=JOB_ID).settings.parameters[0].default
    check("prefix.job_unchanged", default_prefix == TABLE_PREFIX, "the job's default prefix is unchanged",
          f"the job's default table_prefix is now {default_prefix}: override per run instead of updating the job")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC
# MAGIC Deletes the job and the tables of both runs.

# COMMAND ----------

print(f"deleted {delete_jobs_named(JOB_NAME)} job(s) named {JOB_NAME}")
drop_tables(*prefix_tables(TABLE_PREFIX), *prefix_tables("ex15"))
dbutils.widgets.remove("cluster_id")
