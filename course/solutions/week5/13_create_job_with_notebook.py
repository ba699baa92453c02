# Databricks notebook source
# MAGIC %md
# MAGIC # 13 · Create a job that runs a notebook
# MAGIC
# MAGIC Until now you ran notebooks by hand. A **job** runs them for you: on a schedule, on its own compute, with retries,
# MAGIC notifications and a run history. This lesson creates a job from code with the Databricks SDK for Python, runs it,
# MAGIC waits for it and checks what it produced.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Connect to the workspace with `WorkspaceClient()` (inside a notebook it authenticates as you; no token needed).
# MAGIC - Create a job with a notebook task and parameters, named after your schema so that it never clashes with a
# MAGIC   classmate's job.
# MAGIC - Run it, wait for the result, find the run in the UI and read the run history.
# MAGIC - Add a schedule and a failure notification, and know the difference between serverless and cluster compute.
# MAGIC - Delete what you created.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - Week 4 (`11_file_to_aggregation`): the task notebook loads a bronze layer like the one you built there.
# MAGIC - Permission to create jobs in the workspace (every course user has it).
# MAGIC
# MAGIC **Compute:** by default the job runs on serverless jobs compute. If your workspace has no serverless compute, put
# MAGIC the id of a cluster you may attach to in the `cluster_id` widget at the top (Compute → your cluster → the id in the
# MAGIC URL or under *Tags*).

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. The client and the names
# MAGIC
# MAGIC The job will run the task notebook `week5/jobs/ingest_orders_task`, the one beside this notebook. The setup gives
# MAGIC this notebook's folder (`NOTEBOOK_FOLDER`), so nothing here depends on where the course is deployed or who you
# MAGIC are.

# COMMAND ----------

import itertools
import posixpath
from datetime import timedelta

from databricks.sdk import WorkspaceClient
from databricks.sdk.service import jobs

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

dbutils.widgets.text("cluster_id", "", "Existing cluster id (empty: serverless)")
CLUSTER_ID = dbutils.widgets.get("cluster_id").strip()

w = WorkspaceClient()
me = w.current_user.me()
print(f"connected as {me.user_name}")

# The task notebook beside this one (in your copy of the course, if you work in one); where the notebook context has
# no path, the deployed course folder's copy.
week_folder = NOTEBOOK_FOLDER or posixpath.join(COURSE_FOLDER, "week5")
TASK_NOTEBOOK = f"{week_folder}/jobs/ingest_orders_task"
JOB_NAME = f"{SCHEMA}__wk5_13_ingest_orders"
TABLE_PREFIX = "wk5_13"
print(f"task notebook: {TASK_NOTEBOOK}")
print(f"job name:      {JOB_NAME}")


def task_compute():
    """Task fields that choose the compute: an existing cluster if one was given, otherwise none (serverless)."""
    return {"existing_cluster_id": CLUSTER_ID} if CLUSTER_ID else {}


def delete_jobs_named(name):
    """Delete every job with exactly this name (re-running the lesson must not pile up copies)."""
    deleted = 0
    for job in w.jobs.list(name=name):
        w.jobs.delete(job_id=job.job_id)
        deleted += 1
    return deleted

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Create the job
# MAGIC
# MAGIC A job is a set of **tasks**. This one has a single notebook task. `base_parameters` fill the notebook's widgets
# MAGIC (`table_prefix` here), `timeout_seconds` and `max_retries` protect against hanging and flaky runs, and
# MAGIC `max_concurrent_runs=1` stops two runs from overwriting the same tables at once. Tags make the job easy to find.

# COMMAND ----------

print(f"removed {delete_jobs_named(JOB_NAME)} earlier copies")

created = w.jobs.create(
    name=JOB_NAME,
    description="Week 5 lesson 13: loads the retail orders into bronze tables in the owner's schema.",
    tags={"course": CATALOG, "lesson": "13", "schema": SCHEMA},
    max_concurrent_runs=1,
    tasks=[
        jobs.Task(
            task_key="ingest",
            description="Load orders.csv and order_items.csv into <prefix>_bronze_* tables",
            notebook_task=jobs.NotebookTask(notebook_path=TASK_NOTEBOOK, base_parameters={"table_prefix": TABLE_PREFIX}),
            timeout_seconds=1800,
            max_retries=1,
            min_retry_interval_millis=30_000,
            **task_compute(),
        )
    ],
)
JOB_ID = created.job_id
print(f"created job {JOB_ID}: {w.config.host}/jobs/{JOB_ID}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Run it and wait
# MAGIC
# MAGIC `run_now` starts a run and returns a waiter; `.result()` polls until the run ends. Serverless runs start in about a
# MAGIC minute; a cluster that is off first has to start. While you wait, open the link printed below.

# COMMAND ----------

waiter = w.jobs.run_now(job_id=JOB_ID)
print(f"run {waiter.run_id} started: {w.config.host}/jobs/{JOB_ID}/runs/{waiter.run_id}")
run = waiter.result(timeout=timedelta(minutes=30))
print(f"finished: {run.state.life_cycle_state.value} / {run.state.result_state.value if run.state.result_state else '-'}")
print(f"took {(run.end_time - run.start_time) / 1000:.0f} s; details: {run.run_page_url}")

# COMMAND ----------

check("run.succeeded", run.state.result_state == jobs.RunResultState.SUCCESS,
      "the job run succeeded",
      f"the run ended with {run.state.result_state} ({run.state.state_message}); open {run.run_page_url}")
bronze = spark.table(table_name(f"{TABLE_PREFIX}_bronze_orders"))
source_rows = spark.read.format("csv").option("header", "true").load(f"{DATASETS}/retail/orders.csv").count()
check("run.rows", bronze.count() == source_rows,
      f"the job wrote all {source_rows} orders to {table_name(TABLE_PREFIX + '_bronze_orders')}",
      f"{bronze.count()} rows in the table, {source_rows} in the file")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Run history
# MAGIC
# MAGIC Every run is kept with its parameters, duration and outcome, in the UI (Workflows → your job) and through the API.

# COMMAND ----------

# limit sets the page size, and the iterator fetches page after page until every run is read: islice stops after five.
for past in itertools.islice(w.jobs.list_runs(job_id=JOB_ID, limit=5), 5):
    outcome = past.state.result_state.value if past.state and past.state.result_state else past.state.life_cycle_state.value
    print(past.run_id, past.start_time, outcome, past.run_page_url)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise: schedule it and get told when it fails
# MAGIC
# MAGIC Update the job (`w.jobs.update(job_id=..., new_settings=jobs.JobSettings(...))` changes only the fields you give) so
# MAGIC that it has:
# MAGIC - a **paused** schedule every day at 06:00 UTC (Quartz cron `0 0 6 * * ?`, time zone `UTC`; paused so that it does not
# MAGIC   actually run every day during the course),
# MAGIC - an e-mail notification **on failure** to yourself (`USER`).
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# BEGIN SOLUTION
w.jobs.update(
    job_id=JOB_ID,
    new_settings=jobs.JobSettings(
        schedule=jobs.CronSchedule(
            quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC", pause_status=jobs.PauseStatus.PAUSED
        ),
        email_notifications=jobs.JobEmailNotifications(on_failure=[USER]),
    ),
)
# END SOLUTION

# COMMAND ----------

with checking("schedule", "Run your exercise cell first: it updates the job's schedule and failure notifications."):
    settings = w.jobs.get(job_id=JOB_ID).settings
    check("schedule.time", settings.schedule is not None and settings.schedule.quartz_cron_expression.split()[:3] == ["0", "0", "6"],
          "the job has a schedule at 06:00",
          f"schedule is {settings.schedule}: use quartz_cron_expression '0 0 6 * * ?'")
    check("schedule.utc_paused", settings.schedule.timezone_id == "UTC" and settings.schedule.pause_status == jobs.PauseStatus.PAUSED,
          "the schedule is in UTC and paused", "set timezone_id='UTC' and pause_status=jobs.PauseStatus.PAUSED")
    recipients = [r.lower() for r in (settings.email_notifications.on_failure or [])] if settings.email_notifications else []
    check("schedule.notifications", USER in recipients, f"failures are e-mailed to {USER}",
          f"on_failure recipients are {recipients}: add USER")
    check("schedule.tasks", len(settings.tasks) == 1 and settings.tasks[0].task_key == "ingest", "the task is unchanged by the update",
          "the update replaced the tasks: pass only the fields you want to change")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC
# MAGIC Deletes the job (with its run history) and the tables its run wrote.

# COMMAND ----------

print(f"deleted {delete_jobs_named(JOB_NAME)} job(s) named {JOB_NAME}")
drop_tables(f"{TABLE_PREFIX}_bronze_orders", f"{TABLE_PREFIX}_bronze_order_items")
dbutils.widgets.remove("cluster_id")
