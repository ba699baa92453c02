# Databricks notebook source
# MAGIC %md
# MAGIC # Course setup
# MAGIC
# MAGIC Every lesson runs this notebook first with `%run ../setup/course_setup`. It finds your personal schema and points
# MAGIC the session at it, so every lesson works with names like `databricks_course.<your_schema>.orders`.
# MAGIC
# MAGIC After it has run, the lesson has these Python names:
# MAGIC
# MAGIC | name | what it is |
# MAGIC |---|---|
# MAGIC | `CATALOG` | the course catalog |
# MAGIC | `SCHEMA` | your personal schema in that catalog (only you can write there) |
# MAGIC | `USER` | your user name (email), lower-case |
# MAGIC | `DATASETS` | the volume folder that holds the course's sample data (read-only); `None` when the course was deployed without it |
# MAGIC | `require_datasets()` | stops a lesson that reads the sample data with one clear sentence when `DATASETS` is `None` |
# MAGIC | `COURSE_FOLDER` | the deployed course folder (workspace path, e.g. `/databricks_course`): where `packages/` is |
# MAGIC | `NOTEBOOK_FOLDER` | the folder of the running notebook (your copy), or `None` where the notebook context has no path |
# MAGIC | `SHARED_SCHEMAS` | the course's shared schemas (read-only for students) |
# MAGIC | `table_name(name)` | the three-level name `CATALOG.SCHEMA.name` of a table in your schema |
# MAGIC | `check(check_id, condition, passed_message, hint)` | used by the check cells: prints what passed, or stops with the hint; records the result under `check_id` in your progress table |
# MAGIC | `checking(check_id, hint)` | wraps a check cell (`with checking(...):`): an exercise not done yet (a `None`, a missing table) stops with the hint, never with a Python error |
# MAGIC | `approx(actual, expected, tolerance)` | compares numbers with a tolerance (floats are rarely exactly equal); `False` for a missing value |
# MAGIC | `LESSON` | the running lesson's name (`04_file_ingestion`), for the progress table |
# MAGIC | `COURSE_SCHEMAS` | every course user's personal schema, by user name (the instructor's progress notebook reads them) |
# MAGIC | `drop_tables(*names)` | drops tables of your schema (the cleanup cells use it) |
# MAGIC
# MAGIC **Where the settings come from.** Deploying the course writes `course_config.json` into the course folder (beside
# MAGIC `setup/`, `week1/`, ...). This notebook looks for it, in this order:
# MAGIC
# MAGIC 1. the path in the widget `course_config_path` or the environment variable `COURSE_CONFIG_PATH`;
# MAGIC 2. the folder of the running notebook, then each parent folder;
# MAGIC 3. the deployed course folder named in the widget `course_folder` or the environment variable `COURSE_FOLDER`;
# MAGIC 4. a folder with the same name as one of the folders above the notebook, at the workspace root or in `/Shared`.
# MAGIC
# MAGIC Steps 3 and 4 are for a *cloned* course folder: the workspace clones notebooks but not files, so a clone has no
# MAGIC `course_config.json` and no `packages/`; the setup then uses the deployed folder's (a clone keeps the folder's
# MAGIC name, so step 4 finds `/databricks_course` from `/Users/you/databricks_course/week1/...`).
# MAGIC
# MAGIC **The runtime.** The course needs Databricks Runtime 17.3 LTS or newer, or serverless compute: the lessons parse
# MAGIC text with `try_to_date`, which exists from Databricks Runtime 17.2 on
# MAGIC ([docs](https://docs.databricks.com/aws/en/sql/language-manual/functions/try_to_date)). This notebook tries it once
# MAGIC and stops with `CourseSetupError` on compute that lacks it. Python 3.10 (serverless environment 1) is enough.
# MAGIC
# MAGIC **Progress.** Every `check(...)` adds a row (student, lesson, check id, passed, time) to the table `course_progress`
# MAGIC in your personal schema. The check id is fixed (`saving`, `by_country.rows`), so a later pass replaces an
# MAGIC earlier failure in the instructor's view. Only you (and the course admins) can write there, so the rows are yours; the instructor's
# MAGIC notebook `instructor/progress` reads every student's table. A check still works when the row cannot be written.
# MAGIC
# MAGIC You do not need to change anything here. If it stops with `CourseSetupError`, the message says what is missing and
# MAGIC whom to ask.

# COMMAND ----------

import contextlib
import json
import os
import posixpath
import re

CONFIG_FILE_NAME = "course_config.json"
CONFIG_ENV_VAR = "COURSE_CONFIG_PATH"
CONFIG_WIDGET = "course_config_path"
FOLDER_ENV_VAR = "COURSE_FOLDER"
FOLDER_WIDGET = "course_folder"
WORKSPACE_ROOT = "/Workspace"
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_]+$")
_CHECK_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_ASK = "Ask your course instructor"
# The one statement of what the course runs on; the probe below checks it. try_to_date: Databricks Runtime 17.2 and
# above (https://docs.databricks.com/aws/en/sql/language-manual/functions/try_to_date); 17.3 is the LTS after it.
RUNTIME_REQUIREMENT = "Databricks Runtime 17.3 LTS or newer, or serverless compute"
RUNTIME_PROBE = "SELECT try_to_date('2025-01-31', 'yyyy-MM-dd') AS probe"


class CourseSetupError(Exception):
    """The course setup cannot continue; the message says what is missing and what to do."""


def config_candidates(notebook_path, workspace_root=WORKSPACE_ROOT):
    """The places course_config.json may be, nearest first: the notebook's folder, then each parent folder.

    notebook_path is the workspace path of the running notebook as the notebook context reports it
    ("/Users/ana@example.com/course/week1/00_databricks_fundamentals"); a path that already starts with /Workspace is
    taken as it is.
    """
    path = posixpath.normpath(notebook_path)
    if not path.startswith("/"):
        raise CourseSetupError(f"The notebook path '{notebook_path}' is not an absolute workspace path.")
    root = workspace_root.rstrip("/")
    if path == root or path.startswith(root + "/"):
        path = path[len(root):] or "/"
    folder = posixpath.dirname(path)
    candidates = []
    while True:
        candidates.append(f"{root}{folder.rstrip('/')}/{CONFIG_FILE_NAME}")
        if folder == "/":
            return candidates
        folder = posixpath.dirname(folder)


def workspace_file(folder, name, workspace_root=WORKSPACE_ROOT):
    """The file path of name in a workspace folder given with or without the /Workspace prefix."""
    root = workspace_root.rstrip("/")
    path = posixpath.normpath("/" + folder.strip("/")) if folder.strip("/") else "/"
    if path == WORKSPACE_ROOT or path.startswith(WORKSPACE_ROOT + "/"):
        path = path[len(WORKSPACE_ROOT):] or "/"
    return f"{root}{path.rstrip('/')}/{name}"


def clone_candidates(notebook_path, folder_override="", workspace_root=WORKSPACE_ROOT):
    """Where the deployed course's config may be when the notebook runs in a clone of the course folder.

    First the folder given by the widget or environment variable; then, for each folder above the notebook (nearest
    first), a folder of that name at the workspace root and in /Shared: cloning keeps the folder's name.
    """
    candidates = []
    if folder_override:
        candidates.append(workspace_file(folder_override, CONFIG_FILE_NAME, workspace_root))
    if notebook_path:
        path = posixpath.normpath(notebook_path)
        if path == WORKSPACE_ROOT or path.startswith(WORKSPACE_ROOT + "/"):
            path = path[len(WORKSPACE_ROOT):] or "/"
        names = [n for n in posixpath.dirname(path).split("/") if n]
        # /Users/<email> and /Shared themselves are not course folders.
        for name in reversed(names):
            if "@" in name or name in ("Users", "Shared", "Repos"):
                continue
            for parent in ("", "/Shared"):
                candidate = workspace_file(f"{parent}/{name}", CONFIG_FILE_NAME, workspace_root)
                if candidate not in candidates:
                    candidates.append(candidate)
    return candidates


def find_config(notebook_path, exists=os.path.isfile, workspace_root=WORKSPACE_ROOT, folder_override=""):
    """The course_config.json to use: the nearest one above the notebook, else the deployed course folder's (for a
    cloned folder); CourseSetupError listing where it looked if there is none."""
    candidates = config_candidates(notebook_path, workspace_root) if notebook_path else []
    candidates += [c for c in clone_candidates(notebook_path, folder_override, workspace_root) if c not in candidates]
    for candidate in candidates:
        if exists(candidate):
            return candidate
    looked = "\n  ".join(candidates) if candidates else "(nowhere: no notebook path and no course folder given)"
    raise CourseSetupError(
        f"{CONFIG_FILE_NAME} was not found in the folder of this notebook ({notebook_path or 'path unknown'}), any "
        f"folder above it, or a deployed course folder of the same name. Looked at:\n  {looked}\n"
        f"The file is written when the course is deployed. Set the widget '{FOLDER_WIDGET}' (or the environment "
        f"variable {FOLDER_ENV_VAR}) to the deployed course folder, e.g. /databricks_course, or the widget "
        f"'{CONFIG_WIDGET}' (or {CONFIG_ENV_VAR}) to the file's path. "
        f"{_ASK} where the course is deployed.")


def parse_config(text, source):
    """The validated settings of a course_config.json; one CourseSetupError naming the file and every bad field."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise CourseSetupError(f"{source}: not valid JSON ({error}). {_ASK} to redeploy the course.") from None
    if not isinstance(data, dict):
        raise CourseSetupError(f"{source}: expected a JSON object. {_ASK} to redeploy the course.")
    problems = []

    def identifier(field, value):
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            problems.append(f"field '{field}' must be a name of letters, digits and '_' (found {value!r})")

    identifier("catalog", data.get("catalog"))
    # null when the course was deployed without sample data: lessons that read data say so themselves.
    datasets_path = data.get("datasets_path")
    if datasets_path is not None and (not isinstance(datasets_path, str) or not datasets_path.startswith("/Volumes/")):
        problems.append(f"field 'datasets_path' must be a /Volumes/... path or null (found {datasets_path!r})")
    shared = data.get("shared_schemas")
    if not isinstance(shared, list):
        problems.append(f"field 'shared_schemas' must be a list of schema names (found {shared!r})")
    else:
        for i, name in enumerate(shared):
            identifier(f"shared_schemas[{i}]", name)
    # The deployed course folder, written by the stack; absent in files written before it was added.
    course_folder = data.get("course_folder")
    if course_folder is not None and (not isinstance(course_folder, str) or not course_folder.startswith("/")):
        problems.append(f"field 'course_folder' must be an absolute workspace path (found {course_folder!r})")
    schemas = data.get("schemas")
    if not isinstance(schemas, dict):
        problems.append(f"field 'schemas' must be an object mapping user emails to schema names (found {schemas!r})")
    else:
        for email, schema in schemas.items():
            identifier(f"schemas.{email}", schema)
    if problems:
        raise CourseSetupError(f"{source}: " + "; ".join(problems) + f". {_ASK} to redeploy the course.")
    return {
        "catalog": data["catalog"],
        "datasets_path": datasets_path.rstrip("/") if datasets_path is not None else None,
        "shared_schemas": list(shared),
        "schemas": {email.lower(): schema for email, schema in schemas.items()},
        "course_folder": course_folder.rstrip("/") or "/" if course_folder else None,
    }


def schema_for_user(config, user, source):
    """The personal schema of user (compared lower-case, as Databricks stores user names)."""
    email = (user or "").strip().lower()
    schema = config["schemas"].get(email)
    if schema is None:
        raise CourseSetupError(
            f"No personal schema for '{email}' in {source}. Every course user gets one when the instructor adds them "
            f"to the roster (users.json) and redeploys the course. {_ASK} to add you; "
            f"the course has {len(config['schemas'])} users.")
    return schema


def widget_value(dbutils, name):
    """A widget's value, or '' when the notebook defines no such widget."""
    try:
        return dbutils.widgets.get(name) or ""
    except Exception:  # a widget that does not exist raises a Py4J error whose class differs between runtimes
        return ""


def notebook_path_of(dbutils):
    """The workspace path of the running notebook (for a %run notebook: the notebook that ran it)."""
    context = dbutils.notebook.entry_point.getDbutils().notebook().getContext()
    return context.notebookPath().get()


def notebook_path_or_none(dbutils):
    """notebook_path_of, or None where the context has no path. The call is not a documented API, and the
    entry_point can be missing (serverless, a job run through the API): every caller has a fallback."""
    try:
        path = notebook_path_of(dbutils)
    except Exception:  # Py4J and attribute errors differ between runtimes
        return None
    return path if isinstance(path, str) and path.startswith("/") else None


def locate_config(dbutils, environ=os.environ, exists=os.path.isfile, workspace_root=WORKSPACE_ROOT):
    """The path of the course_config.json to use: widget override, then environment override, then the walk up."""
    override = widget_value(dbutils, CONFIG_WIDGET) or environ.get(CONFIG_ENV_VAR, "")
    if override:
        if not exists(override):
            raise CourseSetupError(
                f"{override} (from the widget '{CONFIG_WIDGET}' or {CONFIG_ENV_VAR}) does not exist. "
                f"Clear the override to use the course folder's {CONFIG_FILE_NAME}.")
        return override
    notebook_path = notebook_path_or_none(dbutils)
    folder_override = widget_value(dbutils, FOLDER_WIDGET) or environ.get(FOLDER_ENV_VAR, "")
    if notebook_path is None and not folder_override:
        raise CourseSetupError(
            f"Cannot read this notebook's workspace path from the notebook context. Set the widget "
            f"'{FOLDER_WIDGET}' (or {FOLDER_ENV_VAR}) to the deployed course folder, or '{CONFIG_WIDGET}' "
            f"(or {CONFIG_ENV_VAR}) to the path of {CONFIG_FILE_NAME}.")
    return find_config(notebook_path, exists, workspace_root, folder_override)


def course_folder_of(config_path, workspace_root=WORKSPACE_ROOT):
    """The workspace path (no /Workspace prefix) of the folder that holds the config: the deployed course folder."""
    folder = posixpath.dirname(config_path)
    root = workspace_root.rstrip("/")
    if root and (folder == root or folder.startswith(root + "/")):
        folder = folder[len(root):] or "/"
    return folder


def current_user(spark):
    return spark.sql("SELECT current_user() AS user").first()[0]


def first_line_of(error):
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def check_runtime(spark):
    """Stops with one clear message on compute older than the course needs, before a lesson fails halfway."""
    try:
        spark.sql(RUNTIME_PROBE).first()
    except Exception as error:  # UNRESOLVED_ROUTINE on a runtime without try_to_date; the class differs by runtime
        raise CourseSetupError(
            f"This compute cannot run the course's lessons: try_to_date is missing ({first_line_of(error)}). The course "
            f"needs {RUNTIME_REQUIREMENT}. Attach the notebook to serverless compute or to a cluster on such a "
            f"runtime; {_ASK.lower()} which compute the course provides.") from None


def run_course_setup(spark, dbutils, environ=os.environ, exists=os.path.isfile, read=None,
                     workspace_root=WORKSPACE_ROOT):
    """Find the course settings and the user's schema, and make them the session's current catalog and schema."""
    config_path = locate_config(dbutils, environ, exists, workspace_root)
    if read is None:
        def read(path):
            with open(path, encoding="utf-8") as handle:
                return handle.read()
    config = parse_config(read(config_path), config_path)
    user = current_user(spark).strip().lower()
    schema = schema_for_user(config, user, config_path)
    catalog = config["catalog"]
    try:
        spark.sql(f"USE CATALOG `{catalog}`")
        spark.sql(f"USE SCHEMA `{schema}`")
    except Exception as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CourseSetupError(
            f"Cannot use the schema {catalog}.{schema} ({first_line}). It should exist and be yours after the course "
            f"is deployed. {_ASK} to check that the course is deployed and that you have access.") from None
    check_runtime(spark)
    notebook_path = notebook_path_or_none(dbutils)
    return {
        "catalog": catalog,
        "schema": schema,
        "user": user,
        "datasets": config["datasets_path"],
        "shared_schemas": config["shared_schemas"],
        "config_path": config_path,
        # The config names the course folder when it is not the config's own folder (the solutions folder's copy).
        "course_folder": config["course_folder"] or course_folder_of(config_path, workspace_root),
        "notebook_folder": posixpath.dirname(notebook_path) if notebook_path else None,
        "lesson": posixpath.basename(notebook_path) if notebook_path else "unknown",
        "schemas": dict(config["schemas"]),
    }

# COMMAND ----------

_course = run_course_setup(spark, dbutils)

CATALOG = _course["catalog"]
SCHEMA = _course["schema"]
USER = _course["user"]
DATASETS = _course["datasets"]
SHARED_SCHEMAS = _course["shared_schemas"]
COURSE_FOLDER = _course["course_folder"]
NOTEBOOK_FOLDER = _course["notebook_folder"]
LESSON = _course["lesson"]
COURSE_SCHEMAS = _course["schemas"]
PROGRESS_TABLE = "course_progress"
_progress = {"ready": False}


def require_datasets():
    """Stops a lesson that reads the sample data, with one sentence, when the course was deployed without it."""
    if DATASETS is None:
        raise CourseSetupError(
            "This lesson reads the course's sample data, and the course was deployed without it (DATASETS is None): "
            f"{_ASK} to deploy the datasets with the course.")
    return DATASETS


def course_path(relative):
    """The file path (under /Workspace) of a file of the deployed course folder, e.g. course_path('packages')."""
    return workspace_file(COURSE_FOLDER, relative.strip("/"))


def table_name(name):
    """The three-level name of a table (or view, or volume) in your personal schema."""
    return f"{CATALOG}.{SCHEMA}.{name}"


def record_progress(check_id, passed):
    """Adds one row to your progress table; a failure to write it is reported, never raised."""
    target = table_name(PROGRESS_TABLE)
    try:
        if not _progress["ready"]:
            spark.sql(f"CREATE TABLE IF NOT EXISTS {target} (student STRING, lesson STRING, check_name STRING, "
                      f"passed BOOLEAN, checked_at TIMESTAMP) COMMENT 'Results of the course checks (course setup)'")
            _progress["ready"] = True
        spark.sql(f"INSERT INTO {target} VALUES (:student, :lesson, :check_name, :passed, current_timestamp())",
                  args={"student": USER, "lesson": LESSON, "check_name": check_id, "passed": bool(passed)})
    except Exception as error:  # progress is a convenience: the check itself must still pass or fail
        print(f"(progress not recorded: {first_line_of(error)[:200]})")


def _check_id(check_id):
    if not isinstance(check_id, str) or len(check_id) > 100 or not _CHECK_ID.match(check_id):
        raise ValueError(f"check id {check_id!r}: lower-case letters, digits and '_', parts joined by '.', at most "
                         f"100 characters (a fixed name, never a message: progress is kept per id)")
    return check_id


def approx(actual, expected, tolerance=0.01):
    """True when actual is a number within tolerance of expected; False for None or a non-number (no TypeError)."""
    try:
        return abs(float(actual) - float(expected)) <= tolerance
    except (TypeError, ValueError):
        return False


def check(check_id, condition, passed_message, hint):
    """An exercise check: records the result under check_id, then raises AssertionError with the hint when condition
    is false, else prints what passed."""
    record_progress(_check_id(check_id), bool(condition))
    if not condition:
        raise AssertionError(hint)
    print(f"PASSED: {passed_message}")


@contextlib.contextmanager
def checking(check_id, hint):
    """Wraps a check cell (`with checking("id", "hint"):`). An exercise that is not done yet makes the cell's code
    fail before or inside check(...): a placeholder still None, a table not written yet. That error becomes an
    AssertionError with the hint (and the error's first line), and a failed row under check_id; when every check in
    the cell passed, check_id passes too, so a fixed exercise clears its earlier failure."""
    _check_id(check_id)
    try:
        yield
    except AssertionError:
        record_progress(check_id, False)
        raise
    except Exception as error:  # whatever the unfinished exercise raises: AttributeError, AnalysisException, ...
        record_progress(check_id, False)
        raise AssertionError(f"{hint} (the check could not run: {first_line_of(error)})") from None
    record_progress(check_id, True)


def drop_tables(*names):
    """Drops each named table of your personal schema, if it exists."""
    for name in names:
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            raise ValueError(f"drop_tables: '{name}' is not a plain table name (letters, digits and '_')")
        spark.sql(f"DROP TABLE IF EXISTS {table_name(name)}")
        print(f"dropped (if it existed): {table_name(name)}")


_data_note = f"sample data in {DATASETS}" if DATASETS else "no sample data deployed (DATASETS is None)"
print(f"Course setup: user {USER}, working in {CATALOG}.{SCHEMA}; {_data_note} "
      f"(settings: {_course['config_path']})")
