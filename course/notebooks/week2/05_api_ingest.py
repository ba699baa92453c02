# Databricks notebook source
# MAGIC %md
# MAGIC # 05 · API ingestion
# MAGIC
# MAGIC Week 2 · Data ingestion · about 60 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - page through a REST API until the last page, with timeouts, retries and back-off;
# MAGIC - keep credentials in a secret scope and read them with `dbutils.secrets`, never in code;
# MAGIC - land the raw responses in a volume before parsing them (so a load can be replayed);
# MAGIC - turn nested JSON into a typed bronze table with audit columns.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - [04 · File ingestion]($./04_file_ingestion)
# MAGIC - HTTP basics: GET, status codes, JSON.
# MAGIC
# MAGIC The source is a daily exchange-rate API (EUR against USD and GBP). By default the notebook reads the pages captured
# MAGIC from it into the course datasets (`api/exchange_rates/page_N.json`), so it runs anywhere. To call a live API,
# MAGIC fill in the widgets `api_url` and, if it needs a token, `secret_scope` and `secret_key`.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed
dbutils.widgets.text("api_url", "", "Live API URL (empty: captured pages)")
dbutils.widgets.text("secret_scope", "", "Secret scope of the API token")
dbutils.widgets.text("secret_key", "", "Secret key of the API token")

API_URL = dbutils.widgets.get("api_url").strip()
SECRET_SCOPE = dbutils.widgets.get("secret_scope").strip()
SECRET_KEY = dbutils.widgets.get("secret_key").strip()
CAPTURED = f"{DATASETS}/api/exchange_rates"
print(f"source: {API_URL or CAPTURED}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Credentials come from a secret scope
# MAGIC Deploying the course creates the secret scope `course-apis` (setting `courseSecretScope`; students may read it,
# MAGIC admins manage it), so nobody creates it by hand: a scope created by hand makes the next deploy fail with "already
# MAGIC exists". An admin only stores the token in it, once: `databricks secrets put-secret course-apis rates-token`.
# MAGIC Notebooks read it at run time; Databricks redacts the value if it is ever printed. Never paste a token into a
# MAGIC notebook, a widget default or a job parameter.

# COMMAND ----------

def api_headers():
    headers = {"Accept": "application/json", "User-Agent": "databricks-course-ingest/1.0"}
    if SECRET_SCOPE and SECRET_KEY:
        headers["Authorization"] = f"Bearer {dbutils.secrets.get(SECRET_SCOPE, SECRET_KEY)}"
    return headers


print("authorization: " + ("token from the secret scope" if SECRET_SCOPE and SECRET_KEY else "none"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Fetching one page, robustly
# MAGIC A production client:
# MAGIC - sets a **timeout** (connect, read): without one a hung server hangs the job forever;
# MAGIC - **retries** what is worth retrying (connection errors, 429 Too Many Requests, 5xx) with exponential back-off,
# MAGIC   honouring `Retry-After`; and fails at once on 4xx errors, which a retry cannot fix;
# MAGIC - stops after a bounded number of attempts and says which page failed.

# COMMAND ----------

import json
import time

RETRYABLE = {429, 500, 502, 503, 504}


def live_response(page):
    """One GET of a page: (status, body or None, Retry-After header, reason)."""
    import requests

    try:
        response = requests.get(API_URL, params={"page": page}, headers=api_headers(), timeout=(5, 30))
    except (requests.ConnectionError, requests.Timeout) as error:
        return None, None, "", type(error).__name__
    body = response.json() if response.status_code == 200 else response.text[:200]
    return response.status_code, body, response.headers.get("Retry-After", ""), f"HTTP {response.status_code}"


# The captured pages come with the failures the API had while they were captured: a page answers with these statuses
# before it answers 200 (api/exchange_rates_faults.json), so the retry code below really runs.
with open(f"{DATASETS}/api/exchange_rates_faults.json", encoding="utf-8") as faults_file:
    CAPTURED_FAILURES = {int(page): statuses for page, statuses in json.load(faults_file)["pages"].items()}
# Attempts per page; the pagination cell below starts it afresh, so that cell can be run again on its own.
captured_attempts = {}


def captured_response(page):
    """The simulated API: the captured page, after replaying that page's transient failures."""
    attempt = captured_attempts[page] = captured_attempts.get(page, 0) + 1
    failures = CAPTURED_FAILURES.get(page, [])
    if attempt <= len(failures):
        status = failures[attempt - 1]
        return status, None, "1" if status == 429 else "", f"HTTP {status}"
    with open(f"{CAPTURED}/page_{page}.json", encoding="utf-8") as handle:
        return 200, json.load(handle), "", "HTTP 200"


def fetch_with_retries(page, get_once, max_attempts=5, base_delay=1.0):
    """One page, retrying connection errors, 429 and 5xx with exponential back-off; any other status fails at once."""
    for attempt in range(1, max_attempts + 1):
        status, body, retry_after, reason = get_once(page)
        if status == 200:
            return body
        if status is not None and status not in RETRYABLE:
            raise RuntimeError(f"page {page}: HTTP {status}, not retryable: {body}")
        if attempt == max_attempts:
            raise RuntimeError(f"page {page}: gave up after {max_attempts} attempts (last: {reason})")
        delay = min(int(retry_after), 60) if retry_after.isdigit() else base_delay * 2 ** (attempt - 1)
        print(f"page {page}: {reason}, retrying in {delay:.0f} s (attempt {attempt} of {max_attempts})")
        time.sleep(delay)


def fetch_page(page):
    return fetch_with_retries(page, live_response if API_URL else captured_response)



# COMMAND ----------

# MAGIC %md
# MAGIC ## Pagination
# MAGIC The API answers `{"page": n, "total_pages": N, "base": "EUR", "rates": [...]}`. Ask for page 1, then keep going
# MAGIC until `page == total_pages`. A hard upper bound protects against an API that never says "last page".
# MAGIC
# MAGIC Each raw response is written unchanged into your volume first (the *landing* zone), one folder per run. If parsing
# MAGIC has a bug, you fix it and re-parse the landed files instead of calling the API again.

# COMMAND ----------

from datetime import datetime, timezone

spark.sql(f"CREATE VOLUME IF NOT EXISTS {table_name('course_work')} COMMENT 'Files written by course lessons'")
run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
LANDING = f"/Volumes/{CATALOG}/{SCHEMA}/course_work/05_api_ingest/exchange_rates/run={run_id}"
MAX_PAGES = 1000

captured_attempts.clear()  # a re-run replays the captured failures from the start, as a new API call would meet them
page, pages_written = 1, []
while True:
    body = fetch_page(page)
    if body.get("page") != page or "rates" not in body:
        raise RuntimeError(f"page {page}: unexpected response shape: keys {sorted(body)}")
    path = f"{LANDING}/page_{page}.json"
    dbutils.fs.put(path, json.dumps(body), overwrite=True)
    pages_written.append(path)
    total_pages = body["total_pages"]
    if page >= total_pages:
        break
    if page >= MAX_PAGES:
        raise RuntimeError(f"stopped after {MAX_PAGES} pages: the API keeps saying there are more")
    page += 1
print(f"landed {len(pages_written)} of {total_pages} pages in {LANDING}")
if not API_URL:
    retried = {page: count - 1 for page, count in captured_attempts.items() if count > 1}
    check("retries", retried == {page: len(statuses) for page, statuses in CAPTURED_FAILURES.items()},
          f"every transient failure was retried: {retried}", f"retries per page {retried}, failures {CAPTURED_FAILURES}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## From landed JSON to a bronze table
# MAGIC Each landed file is one JSON document (not JSON lines), so read with `multiLine`. `explode` turns the `rates` array
# MAGIC into one row per rate.

# COMMAND ----------

from pyspark.sql import functions as F

page_schema = ("page INT, total_pages INT, base STRING, "
               "rates ARRAY<STRUCT<date: STRING, currency: STRING, rate: DOUBLE>>")
pages = spark.read.option("multiLine", True).schema(page_schema).json(LANDING)
rates = (pages
         .select("page", "base", F.explode("rates").alias("r"), F.col("_metadata.file_path").alias("_source_file"))
         .select(F.expr("try_to_date(r.date)").alias("rate_date"), "base", F.col("r.currency").alias("currency"),
                 F.col("r.rate").cast("decimal(10,4)").alias("rate"), "page", "_source_file")
         .withColumn("_ingested_at", F.current_timestamp())
         .withColumn("_run_id", F.lit(run_id)))
rates.write.mode("overwrite").option("overwriteSchema", True).saveAsTable(table_name("bronze_exchange_rates"))
display(spark.table(table_name("bronze_exchange_rates")).orderBy("rate_date", "currency").limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Validate
# MAGIC One rate per business day and currency, and plausible values. Weekends and holidays have no rate: the API
# MAGIC publishes on business days only (lesson 12 fills those days).

# COMMAND ----------

bronze = spark.table(table_name("bronze_exchange_rates"))
summary = bronze.groupBy("currency").agg(
    F.count("*").alias("days"), F.countDistinct("rate_date").alias("distinct_days"),
    F.min("rate_date").alias("first_day"), F.max("rate_date").alias("last_day"),
    F.min("rate").alias("min_rate"), F.max("rate").alias("max_rate"))
display(summary)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC Create a table `api_monthly_rates` in your schema with the average rate per month and currency: columns `month`
# MAGIC (string `yyyy-MM`), `currency`, `avg_rate` (rounded to 4 decimals) and `days` (the number of daily rates in that
# MAGIC month). Read from `bronze_exchange_rates`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.

# COMMAND ----------

# Check: every page landed, every day is in bronze once, and the monthly averages match the landed JSON.
with checking("monthly_rates", "Run the cells above in order, then your exercise cell: it writes the table api_monthly_rates."):
    check("monthly_rates.pages", len(pages_written) == total_pages, f"all {total_pages} pages were fetched and landed",
          f"Landed {len(pages_written)} pages but the API reports {total_pages}: check the pagination loop.")
    day_counts = bronze.groupBy("rate_date", "currency").count().where("count > 1").count()
    check("monthly_rates.one_per_day", day_counts == 0, "one rate per day and currency", "Some days appear twice: did the loop fetch a page twice?")
    raw = [r for p in pages_written for r in json.loads(dbutils.fs.head(p, 10_000_000))["rates"]]
    january_usd = [r["rate"] for r in raw if r["currency"] == "USD" and r["date"].startswith("2025-01")]
    result = spark.table(table_name("api_monthly_rates")).where("month = '2025-01' AND currency = 'USD'").first()
    check("monthly_rates.january_usd", result is not None and result.days == len(january_usd)
          and abs(float(result.avg_rate) - sum(january_usd) / len(january_usd)) < 0.0001,
          f"the January USD average is {round(sum(january_usd) / len(january_usd), 4)} over {len(january_usd)} days",
          f"Expected avg_rate {round(sum(january_usd) / len(january_usd), 4)} and days {len(january_usd)} for 2025-01 "
          f"USD; found {result}.")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("bronze_exchange_rates", "api_monthly_rates")
dbutils.fs.rm(f"/Volumes/{CATALOG}/{SCHEMA}/course_work/05_api_ingest", True)
dbutils.widgets.removeAll()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - Page until the API says it is done, with a hard bound; timeouts on every request; retry only what can succeed.
# MAGIC - Tokens come from `dbutils.secrets.get(scope, key)`.
# MAGIC - Land raw responses first, then parse: loads become replayable and debuggable.
# MAGIC
# MAGIC Next: [06 · Database ingestion]($./06_database_ingest)
