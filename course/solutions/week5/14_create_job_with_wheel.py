# Databricks notebook source
# MAGIC %md
# MAGIC # 14 · Package code as a wheel and run it as a job
# MAGIC
# MAGIC Notebooks are good for exploring; code that runs every night belongs in a **package**: versioned, unit-tested,
# MAGIC reviewed, and installed the same way everywhere. The course ships a small package, `course_etl`
# MAGIC (`packages/course_etl` beside the week folders): pure Python rules for cleaning orders and computing revenue, unit
# MAGIC tests that run without Spark, and a console entry point `daily_revenue` that runs the Spark job.
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Read a package layout: `pyproject.toml`, `src/`, tests, `[project.scripts]` entry points.
# MAGIC - Import and try the package's pure functions in a notebook.
# MAGIC - Build a wheel with `pip wheel`, and store it in a Unity Catalog **volume** in your own schema.
# MAGIC - Create a job with a `python_wheel_task` (`package_name`, `entry_point`, `parameters`) and the wheel as a dependency,
# MAGIC   on serverless or on a cluster.
# MAGIC - Override the parameters of a single run.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - `13_create_job_with_notebook` (SDK client, create/run/wait, cleanup).
# MAGIC - The course stack deployed `packages/course_etl`; your schema allows `CREATE VOLUME` (it is yours).
# MAGIC
# MAGIC **Compute:** serverless by default; fill the `cluster_id` widget to use an existing cluster instead (see lesson 13).

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. Find the package
# MAGIC
# MAGIC The package is deployed as workspace files under `<course folder>/packages/course_etl`, reachable from Python
# MAGIC under `/Workspace/...`. The setup found the deployed course folder (`COURSE_FOLDER`); a clone of the course folder
# MAGIC has the notebooks but not the files (the workspace does not clone files), so the package is always read from the
# MAGIC deployed folder.

# COMMAND ----------

import glob
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

dbutils.widgets.text("cluster_id", "", "Existing cluster id (empty: serverless)")
CLUSTER_ID = dbutils.widgets.get("cluster_id").strip()

PACKAGE_DIR = course_path("packages/course_etl")
check("package", os.path.isfile(f"{PACKAGE_DIR}/pyproject.toml"), f"found the package at {PACKAGE_DIR}",
      f"{PACKAGE_DIR}/pyproject.toml does not exist: ask your instructor to deploy the course (packages/course_etl)")

for root, _dirs, files in os.walk(PACKAGE_DIR):
    for name in sorted(files):
        print(posixpath.relpath(posixpath.join(root, name), PACKAGE_DIR))
print(open(f"{PACKAGE_DIR}/pyproject.toml", encoding="utf-8").read())

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Try the pure functions
# MAGIC
# MAGIC Putting `src/` on `sys.path` imports the package straight from the workspace files, without installing it. The
# MAGIC rules are plain Python: they are easy to test and they say exactly what a bad row is.

# COMMAND ----------

sys.path.insert(0, f"{PACKAGE_DIR}/src")
from course_etl.orders import RecordError, line_revenue, parse_order  # noqa: E402

order = parse_order({"order_id": "7", "customer_id": "12", "order_ts": "2025-02-03 10:15:00",
                     "status": " shipped ", "channel": "WEB", "currency": "usd"})
print(order, "counts as revenue:", order.counts_as_revenue)
print("2 x 19.99 with 10 % discount =", line_revenue(2, Decimal("19.99"), Decimal("0.10")))
try:
    parse_order({"order_id": "8", "customer_id": "12", "order_ts": "2025-02-03 10:15:00",
                 "status": "LOST", "channel": "web", "currency": "EUR"})
except RecordError as error:
    print("rejected:", error)

# COMMAND ----------

# MAGIC %md
# MAGIC The package's unit tests run here too (they need no Spark). In a real project CI runs them on every change.

# COMMAND ----------

tests = subprocess.run(
    [sys.executable, "-m", "unittest", "discover", "-s", f"{PACKAGE_DIR}/tests", "-t", PACKAGE_DIR],
    capture_output=True, text=True, cwd=tempfile.gettempdir(), env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
)
print(tests.stderr[-2000:])
check("unit_tests", tests.returncode == 0, "the package's unit tests pass", "unit tests failed: read the output above")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Build the wheel
# MAGIC
# MAGIC `pip wheel` builds `course_etl-<version>-py3-none-any.whl`. pip builds inside the source folder, and the deployed
# MAGIC folder is read-only for you, so the package is first copied to the driver's local disk. `--no-deps` leaves out
# MAGIC dependencies (there are none; Spark comes with the runtime) and `--no-build-isolation` uses the setuptools that is
# MAGIC already installed instead of downloading one.
# MAGIC
# MAGIC Not every compute has a setuptools that can build from `pyproject.toml` (61 or later): the serverless environment
# MAGIC versions 2 to 4 and Databricks Runtime 17.3 LTS differ in what they preinstall, and a serverless notebook may have
# MAGIC no route to PyPI to fetch one. When pip cannot build, the cell builds the wheel itself: a pure-Python wheel is a
# MAGIC zip file with the package, a `METADATA`, a `WHEEL` and an `entry_points.txt` file and a `RECORD` of hashes
# MAGIC ([the wheel format, PEP 427](https://peps.python.org/pep-0427/)). Either way you get the same installable file.

# COMMAND ----------

import base64
import csv
import hashlib
import io
import zipfile

try:
    import tomllib  # Python 3.11 and later
except ModuleNotFoundError:  # Python 3.10 (serverless environment 1): read_project falls back to its own reader
    tomllib = None


def read_project(pyproject_path):
    """The [project] table of a pyproject.toml, with [project.scripts] as its "scripts". tomllib where Python has
    it; on Python 3.10 a reader for what this package's file uses: tables, comments and `key = "text"` lines."""
    if tomllib is not None:
        with open(pyproject_path, "rb") as handle:
            return tomllib.load(handle)["project"]
    project, table = {}, None
    with open(pyproject_path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("["):
                table = line.strip("[]").strip()
                if table == "project.scripts":
                    project["scripts"] = {}
            elif "=" in line and not line.startswith("#") and table in ("project", "project.scripts"):
                key, value = (part.strip() for part in line.split("=", 1))
                if value.startswith('"') and value.endswith('"') and len(value) >= 2:
                    (project if table == "project" else project["scripts"])[key.strip('"')] = value[1:-1]
    return project


def build_pure_wheel(project_dir, dist_dir):
    """A py3-none-any wheel of a src/-layout project without compiled code, built with the standard library only."""
    project = read_project(f"{project_dir}/pyproject.toml")
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"
    files = {}
    source_root = f"{project_dir}/src"
    for root, dirs, names in os.walk(source_root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.endswith(".egg-info"))
        for file_name in sorted(names):
            if not file_name.endswith(".pyc"):
                path = posixpath.join(root, file_name)
                with open(path, "rb") as handle:
                    files[posixpath.relpath(path, source_root)] = handle.read()
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if project.get("description"):
        metadata.append(f"Summary: {project['description']}")
    if project.get("requires-python"):
        metadata.append(f"Requires-Python: {project['requires-python']}")
    files[f"{dist_info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: course-lesson-14\nRoot-Is-Purelib: true\n"
                                   b"Tag: py3-none-any\n")
    scripts = project.get("scripts", {})
    if scripts:
        lines = ["[console_scripts]"] + [f"{key} = {value}" for key, value in sorted(scripts.items())]
        files[f"{dist_info}/entry_points.txt"] = ("\n".join(lines) + "\n").encode()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([path, f"sha256={digest}", len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files[f"{dist_info}/RECORD"] = record.getvalue().encode()
    os.makedirs(dist_dir, exist_ok=True)
    wheel_path = f"{dist_dir}/{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel_path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return wheel_path


# A fixed folder (not mkdtemp): the Python restart below forgets every variable, and the cleanup still finds it.
build_root = f"{tempfile.gettempdir()}/course_etl_build_{SCHEMA}"
shutil.rmtree(build_root, ignore_errors=True)
source_copy = shutil.copytree(PACKAGE_DIR, f"{build_root}/course_etl", ignore=shutil.ignore_patterns("__pycache__", "tests"))
build = subprocess.run(
    [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", f"{build_root}/dist", source_copy],
    capture_output=True, text=True,
)
print(build.stdout[-1500:])
if build.returncode == 0:
    print("pip built the wheel")
else:
    reason = (build.stderr.strip().splitlines() or ["no output"])[-1]
    print(f"pip could not build the wheel on this compute ({reason[:300]}); building it with the standard library")
    build_pure_wheel(source_copy, f"{build_root}/dist")
wheels = glob.glob(f"{build_root}/dist/course_etl-*.whl")
check("wheel", len(wheels) == 1, f"one wheel: {posixpath.basename(wheels[0]) if wheels else '-'}", f"expected one wheel, found {wheels}")
LOCAL_WHEEL = wheels[0]

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Put the wheel in a volume
# MAGIC
# MAGIC A job's compute cannot see the driver's local disk. A **volume** in your schema is governed storage that jobs can
# MAGIC read: `CREATE VOLUME IF NOT EXISTS` creates it once, and the file is copied through the `/Volumes/...` path.

# COMMAND ----------

VOLUME = "wk5_artifacts"
spark.sql(f"CREATE VOLUME IF NOT EXISTS {CATALOG}.{SCHEMA}.{VOLUME} COMMENT 'Week 5: built wheels'")
WHEEL_PATH = f"/Volumes/{CATALOG}/{SCHEMA}/{VOLUME}/{posixpath.basename(LOCAL_WHEEL)}"
shutil.copyfile(LOCAL_WHEEL, WHEEL_PATH)
print(f"wheel stored at {WHEEL_PATH} ({os.path.getsize(WHEEL_PATH)} bytes)")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4b. Install the wheel in this notebook with `%pip`
# MAGIC
# MAGIC `%pip install` makes a library available to this notebook only (a *notebook-scoped* library); other notebooks on
# MAGIC the same compute do not see it. IPython expands `$WHEEL_PATH` to the Python variable's value. After installing,
# MAGIC `dbutils.library.restartPython()` restarts Python so the new package is importable; that clears every Python
# MAGIC variable, so the cell after it runs the setup again and recomputes the wheel's path.

# COMMAND ----------

# MAGIC %pip install --quiet --force-reinstall --no-deps $WHEEL_PATH

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

import glob
import importlib.metadata
import shutil
import tempfile
from datetime import timedelta
from decimal import Decimal

from databricks.sdk import WorkspaceClient
from databricks.sdk.service import compute, jobs

CLUSTER_ID = dbutils.widgets.get("cluster_id").strip()
VOLUME = "wk5_artifacts"
WHEEL_PATH = sorted(glob.glob(f"/Volumes/{CATALOG}/{SCHEMA}/{VOLUME}/course_etl-*.whl"))[-1]
import course_etl  # noqa: E402  (installed by %pip above, not from the workspace files)
from course_etl.orders import line_revenue  # noqa: E402

installed = importlib.metadata.version("course_etl")
entry_points = [e.name for e in importlib.metadata.entry_points(group="console_scripts") if e.value.startswith("course_etl")]
check("installed", installed == course_etl.__version__ and "daily_revenue" in entry_points,
      f"course_etl {installed} is installed with the entry point daily_revenue",
      f"installed {installed}, entry points {entry_points}: run the %pip cell again")
check("installed.revenue", line_revenue(2, Decimal("19.99"), Decimal("0.10")) == Decimal("35.98"), "the installed package computes revenue",
      "the installed package gives another revenue: is it an old wheel?")
build_root = f"{tempfile.gettempdir()}/course_etl_build_{SCHEMA}"

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. Create the job
# MAGIC
# MAGIC A `python_wheel_task` names the package and the entry point (`daily_revenue`, from `[project.scripts]` in
# MAGIC `pyproject.toml`); `parameters` become the program's command-line arguments. How the wheel gets installed depends on
# MAGIC the compute:
# MAGIC - **serverless:** the task points at an *environment* whose `dependencies` list the wheel;
# MAGIC - **cluster:** the task lists the wheel under `libraries`.

# COMMAND ----------

w = WorkspaceClient()
JOB_NAME = f"{SCHEMA}__wk5_14_wheel_daily_revenue"
RESULT_TABLE = "wk5_14_wheel_daily_revenue"


def delete_jobs_named(name):
    deleted = 0
    for job in w.jobs.list(name=name):
        w.jobs.delete(job_id=job.job_id)
        deleted += 1
    return deleted


def serverless_environment(key, dependencies):
    """A job environment for serverless tasks. Older SDK releases call the version field `client`."""
    try:
        spec = compute.Environment(environment_version="2", dependencies=dependencies)
    except TypeError:
        spec = compute.Environment(client="2", dependencies=dependencies)
    return jobs.JobEnvironment(environment_key=key, spec=spec)


wheel_task = jobs.PythonWheelTask(
    package_name="course_etl",
    entry_point="daily_revenue",
    parameters=["--catalog", CATALOG, "--schema", SCHEMA, "--datasets", DATASETS, "--table", RESULT_TABLE],
)
if CLUSTER_ID:
    task = jobs.Task(task_key="daily_revenue", python_wheel_task=wheel_task, existing_cluster_id=CLUSTER_ID,
                     libraries=[compute.Library(whl=WHEEL_PATH)], timeout_seconds=1800)
    environments = None
else:
    task = jobs.Task(task_key="daily_revenue", python_wheel_task=wheel_task, environment_key="course_etl",
                     timeout_seconds=1800)
    environments = [serverless_environment("course_etl", [WHEEL_PATH])]

print(f"removed {delete_jobs_named(JOB_NAME)} earlier copies")
JOB_ID = w.jobs.create(
    name=JOB_NAME,
    description="Week 5 lesson 14: runs the course_etl wheel's daily_revenue entry point.",
    tags={"course": CATALOG, "lesson": "14", "schema": SCHEMA},
    max_concurrent_runs=1,
    tasks=[task],
    environments=environments,
).job_id
print(f"created job {JOB_ID}: {w.config.host}/jobs/{JOB_ID}")

# COMMAND ----------

run = w.jobs.run_now(job_id=JOB_ID).result(timeout=timedelta(minutes=30))
print(f"finished: {run.state.result_state}; {run.run_page_url}")
check("wheel_task", run.state.result_state == jobs.RunResultState.SUCCESS, "the wheel task succeeded",
      f"the run ended with {run.state.result_state} ({run.state.state_message}); open {run.run_page_url}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 6. Check the result independently
# MAGIC
# MAGIC The job's table is compared with the same numbers computed here in SQL, straight from the files.

# COMMAND ----------

spark.conf.set("spark.sql.session.timeZone", "UTC")
spark.read.format("csv").option("header", "true").option("timestampFormat", "yyyy-MM-dd HH:mm:ss") \
    .schema("order_id INT, customer_id INT, order_ts TIMESTAMP, status STRING, channel STRING, currency STRING") \
    .load(f"{DATASETS}/retail/orders.csv").createOrReplaceTempView("wk5_14_orders")
spark.read.format("csv").option("header", "true") \
    .schema("order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)") \
    .load(f"{DATASETS}/retail/order_items.csv").createOrReplaceTempView("wk5_14_items")
expected = spark.sql("""
    SELECT o.currency, CAST(sum(round(i.quantity * i.unit_price * (1 - i.discount_pct), 2)) AS DECIMAL(18,2)) AS revenue
    FROM wk5_14_orders o JOIN wk5_14_items i ON o.order_id = i.order_id
    WHERE o.status IN ('PLACED', 'SHIPPED', 'DELIVERED')
    GROUP BY o.currency
""")
actual = spark.sql(f"SELECT currency, CAST(sum(revenue) AS DECIMAL(18,2)) AS revenue FROM {table_name(RESULT_TABLE)} GROUP BY currency")
display(actual.orderBy("currency"))
differences = expected.exceptAll(actual).count() + actual.exceptAll(expected).count()
check("wheel_task.revenue", differences == 0, f"{table_name(RESULT_TABLE)} matches the revenue per currency computed from the files",
      f"{differences} currency totals differ between the job's table and the SQL above")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise: one run with other parameters
# MAGIC
# MAGIC `run_now(job_id=..., python_params=[...])` replaces the wheel task's parameters **for that run only**; the job
# MAGIC definition stays as it is. Start a run that writes to the table `ex14_daily_revenue` instead, and wait for it.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# BEGIN SOLUTION
exercise_run = w.jobs.run_now(
    job_id=JOB_ID,
    python_params=["--catalog", CATALOG, "--schema", SCHEMA, "--datasets", DATASETS, "--table", "ex14_daily_revenue"],
).result(timeout=timedelta(minutes=30))
# END SOLUTION

# COMMAND ----------

with checking("override", "Run your exercise cell first: it sets exercise_run to the finished run with overridden parameters."):
    check("override.run", exercise_run.state.result_state == jobs.RunResultState.SUCCESS, "the run with overridden parameters succeeded",
          f"the run ended with {exercise_run.state.result_state}; open {exercise_run.run_page_url}")
    check("override.table", spark.catalog.tableExists(table_name("ex14_daily_revenue")), f"{table_name('ex14_daily_revenue')} exists",
          "the table was not written: pass --table ex14_daily_revenue in python_params")
    same = spark.table(table_name("ex14_daily_revenue")).exceptAll(spark.table(table_name(RESULT_TABLE))).count() == 0
    check("override.rows", same, "ex14_daily_revenue has the same rows as the job's default table", "the two tables differ")
    job_params = w.jobs.get(job_id=JOB_ID).settings.tasks[0].python_wheel_task.parameters
    check("override.job_unchanged", job_params[-1] == RESULT_TABLE, "the job definition still writes to its default table",
          f"the job's parameters changed to {job_params}: override per run instead of updating the job")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup
# MAGIC
# MAGIC Deletes the job, the tables, the wheel and the volume this notebook created, and the local build folder.

# COMMAND ----------

print(f"deleted {delete_jobs_named(JOB_NAME)} job(s) named {JOB_NAME}")
drop_tables(RESULT_TABLE, "ex14_daily_revenue")
spark.sql(f"DROP VOLUME IF EXISTS {CATALOG}.{SCHEMA}.{VOLUME}")
shutil.rmtree(build_root, ignore_errors=True)
for view in ["wk5_14_orders", "wk5_14_items"]:
    spark.catalog.dropTempView(view)
dbutils.widgets.remove("cluster_id")
