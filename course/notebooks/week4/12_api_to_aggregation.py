# Databricks notebook source
# MAGIC %md
# MAGIC # 12 · From an API to aggregates: currency-normalised revenue
# MAGIC
# MAGIC Orders are paid in EUR, USD and GBP, so revenue cannot be summed until it is converted. The exchange rates come from
# MAGIC a paginated REST API. The course captured its responses as files (`api/exchange_rates/page_1.json` ...), so the
# MAGIC lesson runs the same every time and needs no internet access; the client below is written exactly as it would be
# MAGIC for the live API, with only the transport swapped.
# MAGIC
# MAGIC | layer | table (in your schema) | content |
# MAGIC |---|---|---|
# MAGIC | bronze | `w4_bronze_fx_pages` | one row per API page: the raw JSON, when and where it was fetched |
# MAGIC | silver | `w4_silver_fx_rates` | one row per day and currency, as published |
# MAGIC | silver | `w4_silver_fx_daily` | every calendar day, gaps filled with the latest earlier rate |
# MAGIC | gold | `w4_gold_daily_revenue_eur` | revenue per day and channel in EUR |
# MAGIC
# MAGIC ## Learning objectives
# MAGIC - Page through an API until `total_pages`, with retries and backoff, and keep credentials in a secret scope.
# MAGIC - Land raw responses in bronze unchanged, so any later parsing bug can be fixed by re-reading bronze.
# MAGIC - Parse nested JSON with `from_json` and `explode` into a typed silver table.
# MAGIC - Fill gaps in a time series with a calendar and `last(..., ignorenulls=True)`.
# MAGIC - Join facts to the rate of their day and write an idempotent gold table with `MERGE`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - Week 2 `05_api_ingest` (REST basics), `11_file_to_aggregation` (medallion layers and `MERGE`).

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. A paging client with retries
# MAGIC
# MAGIC Against the live API, `fetch_page` would be:
# MAGIC
# MAGIC ```python
# MAGIC import requests
# MAGIC token = dbutils.secrets.get(scope="course-apis", key="fx_api_token")   # never a literal token in a notebook
# MAGIC response = requests.get(f"{base_url}/rates", params={"base": "EUR", "page": page},
# MAGIC                         headers={"Authorization": f"Bearer {token}"}, timeout=30)
# MAGIC response.raise_for_status()
# MAGIC return response.text
# MAGIC ```
# MAGIC
# MAGIC Here it reads the captured page from the datasets volume, and replays the failures the real API had when the pages
# MAGIC were captured (`api/exchange_rates_faults.json`: page 2 answered 503 once, page 4 answered 429 and then 503).
# MAGIC Everything around it (retries, paging, validation) is what a real client needs: transient errors are retried with
# MAGIC exponential backoff, and a page that does not say what we asked for stops the run.

# COMMAND ----------

import json
import time
from datetime import datetime, timezone

from pyspark.sql import Window
from pyspark.sql import functions as F

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

spark.conf.set("spark.sql.session.timeZone", "UTC")

FX_SOURCE = f"{DATASETS}/api/exchange_rates"
with open(f"{DATASETS}/api/exchange_rates_faults.json", encoding="utf-8") as faults_file:
    FAILURES = {int(page): statuses for page, statuses in json.load(faults_file)["pages"].items()}
attempts_by_page = {}


class TransientHttpError(OSError):
    """A response worth retrying (429 or 5xx)."""


def fetch_page(page):
    """The transport: one page of the exchange-rate API as text (here: the captured response, failures replayed)."""
    attempt = attempts_by_page[page] = attempts_by_page.get(page, 0) + 1
    failures = FAILURES.get(page, [])
    if attempt <= len(failures):
        raise TransientHttpError(f"page {page}: HTTP {failures[attempt - 1]}")
    with open(f"{FX_SOURCE}/page_{page}.json", encoding="utf-8") as response:
        return response.read()


def with_retries(call, attempts=4, first_delay_seconds=0.5):
    """Run `call()`; on a transient error wait 0.5 s, 1 s, 2 s ... and try again, at most `attempts` times."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except (OSError, TimeoutError) as error:
            if attempt == attempts:
                raise
            delay = first_delay_seconds * 2 ** (attempt - 1)
            print(f"attempt {attempt} failed ({error}); retrying in {delay:.1f} s")
            time.sleep(delay)


def fetch_all_pages():
    """Page 1 says how many pages there are; fetch them all and check each one."""
    pages = []
    page, total_pages = 1, None
    while total_pages is None or page <= total_pages:
        text = with_retries(lambda: fetch_page(page))
        body = json.loads(text)
        if body.get("page") != page:
            raise ValueError(f"asked for page {page}, the API returned page {body.get('page')}")
        if body.get("base") != "EUR":
            raise ValueError(f"page {page}: expected base EUR, got {body.get('base')}")
        total_pages = total_pages or body["total_pages"]
        pages.append({"page": page, "total_pages": body["total_pages"], "payload": text,
                      "_source": f"{FX_SOURCE}/page_{page}.json", "_fetched_at": datetime.now(timezone.utc)})
        page += 1
    return pages


pages = fetch_all_pages()
print(f"fetched {len(pages)} pages, {sum(len(json.loads(p['payload'])['rates']) for p in pages)} rates")
retried = {page: count - 1 for page, count in attempts_by_page.items() if count > 1}
check("retries", retried == {page: len(statuses) for page, statuses in FAILURES.items()},
      f"the retries got every page despite the transient failures {retried}",
      f"retries per page {retried}, expected one per failure in {FAILURES}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. Bronze: the raw responses
# MAGIC
# MAGIC One row per page with the untouched JSON text. `MERGE` on the page number with a content check makes re-runs
# MAGIC idempotent: an unchanged page is not rewritten, a changed page replaces the old one.

# COMMAND ----------

BRONZE_FX = table_name("w4_bronze_fx_pages")
SILVER_FX = table_name("w4_silver_fx_rates")
SILVER_FX_DAILY = table_name("w4_silver_fx_daily")
GOLD_REVENUE_EUR = table_name("w4_gold_daily_revenue_eur")

spark.sql(f"""
CREATE TABLE IF NOT EXISTS {BRONZE_FX} (
  page INT, total_pages INT, payload STRING, _source STRING, _fetched_at TIMESTAMP
) COMMENT 'Week 4: raw exchange-rate API pages'
""")
pages_df = spark.createDataFrame(pages, "page INT, total_pages INT, payload STRING, _source STRING, _fetched_at TIMESTAMP")
pages_df.createOrReplaceTempView("w4_fx_pages_fetched")
display(spark.sql(f"""
    MERGE INTO {BRONZE_FX} AS t
    USING w4_fx_pages_fetched AS s
    ON t.page = s.page
    WHEN MATCHED AND t.payload <> s.payload THEN UPDATE SET *
    WHEN NOT MATCHED THEN INSERT *
"""))

# COMMAND ----------

# MAGIC %md
# MAGIC ### An incremental step: Auto Loader with `availableNow`
# MAGIC The `MERGE` above re-reads every fetched page on each run. When an API (or an export) drops files into storage,
# MAGIC Auto Loader can take only the files it has not seen yet: each page is landed as a file, and a stream with
# MAGIC `trigger(availableNow=True)` processes what is new and stops, like a batch job that remembers where it was (the
# MAGIC checkpoint). The second run finds nothing new and adds no row.

# COMMAND ----------

spark.sql(f"CREATE VOLUME IF NOT EXISTS {table_name('course_work')} COMMENT 'Files written by course lessons'")
FX_WORK = f"/Volumes/{CATALOG}/{SCHEMA}/course_work/12_api_to_aggregation"
FX_STREAM = table_name("w4_bronze_fx_stream")
for fetched in pages:
    dbutils.fs.put(f"{FX_WORK}/landing/page_{fetched['page']}.json", fetched["payload"], overwrite=True)


def stream_new_pages():
    """Loads the landed pages Auto Loader has not seen yet; returns the table's row count afterwards."""
    (spark.readStream.format("cloudFiles")
     .option("cloudFiles.format", "json")
     .option("multiLine", True)
     .schema("page INT, total_pages INT, base STRING, rates ARRAY<STRUCT<date: STRING, currency: STRING, rate: DOUBLE>>")
     .load(f"{FX_WORK}/landing")
     .select("page", "base", F.size("rates").alias("rates"), F.col("_metadata.file_path").alias("_source_file"),
             F.current_timestamp().alias("_ingested_at"))
     .writeStream.option("checkpointLocation", f"{FX_WORK}/checkpoints/fx_stream")
     .trigger(availableNow=True).toTable(FX_STREAM).awaitTermination())
    return spark.table(FX_STREAM).count()


first_stream_rows = stream_new_pages()
second_stream_rows = stream_new_pages()
check("auto_loader", first_stream_rows == len(pages) and second_stream_rows == first_stream_rows,
      f"Auto Loader loaded the {len(pages)} pages once; the second run found nothing new",
      f"rows after the runs: {first_stream_rows}, {second_stream_rows}; expected {len(pages)} both times")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Silver: parse, explode, type
# MAGIC
# MAGIC `from_json` with a DDL schema turns the text into a struct; `explode` makes one row per element of `rates`. The
# MAGIC rate is stored as `DECIMAL(12,6)` so that conversions are exact to the published precision.

# COMMAND ----------

PAYLOAD_SCHEMA = "page INT, total_pages INT, base STRING, rates ARRAY<STRUCT<date: STRING, currency: STRING, rate: DOUBLE>>"

rates = (
    spark.table(BRONZE_FX)
    .select(F.from_json("payload", PAYLOAD_SCHEMA).alias("body"))
    .select("body.base", F.explode("body.rates").alias("r"))
    .select(
        F.expr("try_to_date(r.date)").alias("rate_date"),
        F.upper("r.currency").alias("currency"),
        F.col("r.rate").cast("decimal(12,6)").alias("rate"),
        F.col("base"),
    )
    .where("rate_date IS NOT NULL AND rate > 0")
    .dropDuplicates(["rate_date", "currency"])
)
rates.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(SILVER_FX)
display(spark.table(SILVER_FX).groupBy("currency").agg(
    F.min("rate_date").alias("from"), F.max("rate_date").alias("to"), F.count("*").alias("days"),
    F.min("rate").alias("min_rate"), F.max("rate").alias("max_rate"),
))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. A complete daily series
# MAGIC
# MAGIC Rates are published on business days only: no weekends, and none on the holidays of the euro payment system
# MAGIC (1 January, Good Friday, Easter Monday, 1 May). Orders happen every day. A calendar of every day from the first
# MAGIC published rate to the last order, crossed with the currencies, and a window that carries the latest known rate
# MAGIC forward (`last(rate, ignorenulls=True)` over all earlier rows) gives exactly one rate per day and currency. The
# MAGIC calendar starts at the first *rate*, not the first order: the first order day (1 January) is a holiday, and its
# MAGIC rate is the one of 31 December. EUR is added with rate 1, so that EUR orders take the same path as the others.

# COMMAND ----------

ORDERS_SCHEMA = "order_id INT, customer_id INT, order_ts TIMESTAMP, status STRING, channel STRING, currency STRING"
ITEMS_SCHEMA = "order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)"

orders = (
    spark.read.format("csv").option("header", "true").option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
    .schema(ORDERS_SCHEMA).load(f"{DATASETS}/retail/orders.csv")
    .where(F.col("status").isin("PLACED", "SHIPPED", "DELIVERED"))
    .withColumn("order_date", F.to_date("order_ts"))  # typed input
)
items = spark.read.format("csv").option("header", "true").schema(ITEMS_SCHEMA).load(f"{DATASETS}/retail/order_items.csv")

first_rate_day = spark.table(SILVER_FX).agg(F.min("rate_date")).first()[0]
bounds = orders.agg(F.least(F.min("order_date"), F.lit(first_rate_day)).alias("first_day"),
                    F.max("order_date").alias("last_day"))
calendar = bounds.select(F.explode(F.sequence("first_day", "last_day")).alias("rate_date"))
currencies = spark.table(SILVER_FX).select("currency").distinct()

carry_forward = Window.partitionBy("currency").orderBy("rate_date").rowsBetween(Window.unboundedPreceding, Window.currentRow)
daily_rates = (
    calendar.crossJoin(currencies)
    .join(spark.table(SILVER_FX).select("rate_date", "currency", "rate"), ["rate_date", "currency"], "left")
    .withColumn("is_published", F.col("rate").isNotNull())
    .withColumn("rate", F.last("rate", ignorenulls=True).over(carry_forward))
    .unionByName(calendar.select("rate_date", F.lit("EUR").alias("currency"),
                                 F.lit(1).cast("decimal(12,6)").alias("rate"), F.lit(True).alias("is_published")))
)
daily_rates.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable(SILVER_FX_DAILY)
coverage = spark.table(SILVER_FX_DAILY).groupBy("currency").agg(
    F.count("*").alias("days"), F.sum(F.when(~F.col("is_published"), 1).otherwise(0)).alias("filled_days"),
    F.sum(F.when(F.col("rate").isNull(), 1).otherwise(0)).alias("days_without_rate"),
)
display(coverage)
# 52 weekend days and 4 holidays between the first order and the last (course/tests/test_datasets.py proves the count).
FILLED_DAYS = 56
filled = {r.currency: (r.filled_days, r.days_without_rate) for r in coverage.where("currency <> 'EUR'").collect()}
check("gap_fill", filled == {"USD": (FILLED_DAYS, 0), "GBP": (FILLED_DAYS, 0)},
      f"the gap-fill carried a rate into the {FILLED_DAYS} weekend and holiday days of each currency",
      f"filled days and days without a rate per currency: {filled}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. Gold: revenue in EUR
# MAGIC
# MAGIC A rate says how many units of a currency one EUR buys, so an amount in USD is `amount / rate` EUR. Each order is
# MAGIC converted with the rate of its own day, then the EUR amounts are summed. A `left` join plus a check makes missing
# MAGIC rates visible instead of silently dropping orders.

# COMMAND ----------

order_revenue = (
    orders.join(
        items.groupBy("order_id").agg(
            F.sum(F.round(F.col("quantity") * F.col("unit_price") * (1 - F.col("discount_pct")), 2)).alias("revenue_local")
        ),
        "order_id",
    )
    .join(spark.table(SILVER_FX_DAILY).select(F.col("rate_date").alias("order_date"), "currency", "rate"),
          ["order_date", "currency"], "left")
    .withColumn("revenue_eur", F.round(F.col("revenue_local") / F.col("rate"), 2).cast("decimal(18,2)"))
)
unconverted = order_revenue.where("revenue_eur IS NULL").count()
check("rates_found", unconverted == 0, "every revenue order found a rate for its day",
      f"{unconverted} orders have no rate: look at days_without_rate above")
order_revenue.createOrReplaceTempView("w4_order_revenue")

spark.sql(f"""
CREATE TABLE IF NOT EXISTS {GOLD_REVENUE_EUR} (
  order_date DATE, channel STRING, orders BIGINT, revenue_eur DECIMAL(18,2), _updated_at TIMESTAMP
) COMMENT 'Week 4: revenue orders per day and channel, converted to EUR with the rate of the order day'
""")
display(spark.sql(f"""
    MERGE INTO {GOLD_REVENUE_EUR} AS t
    USING (
        SELECT order_date, channel, count(*) AS orders, CAST(sum(revenue_eur) AS DECIMAL(18,2)) AS revenue_eur,
               current_timestamp() AS _updated_at
        FROM w4_order_revenue
        GROUP BY order_date, channel
    ) AS s
    ON t.order_date = s.order_date AND t.channel = s.channel
    WHEN MATCHED AND (t.orders <> s.orders OR t.revenue_eur <> s.revenue_eur) THEN UPDATE SET *
    WHEN NOT MATCHED THEN INSERT *
    WHEN NOT MATCHED BY SOURCE THEN DELETE
"""))

# COMMAND ----------

# MAGIC %sql
# MAGIC -- Monthly EUR revenue per channel: now the currencies can be added up.
# MAGIC SELECT date_format(order_date, 'yyyy-MM') AS month, channel, sum(orders) AS orders, sum(revenue_eur) AS revenue_eur
# MAGIC FROM w4_gold_daily_revenue_eur
# MAGIC GROUP BY ALL
# MAGIC ORDER BY month, channel

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC
# MAGIC Finance wants to see how much the conversion matters. Build `ex12_monthly_by_currency` from the temporary view
# MAGIC `w4_order_revenue` (or the DataFrame `order_revenue`) with one row per month and currency and the columns
# MAGIC `month` (`yyyy-MM`), `currency`, `orders`, `revenue_local` (sum in the order currency), `revenue_eur` (sum of the
# MAGIC converted amounts) and `effective_rate` (`revenue_local / revenue_eur`, rounded to 4 decimals).
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.

# COMMAND ----------

with checking("by_currency", "Run your exercise cell first: it writes the table ex12_monthly_by_currency."):
    result = spark.table(table_name("ex12_monthly_by_currency"))
    expected_cols = ["month", "currency", "orders", "revenue_local", "revenue_eur", "effective_rate"]
    check("by_currency.columns", result.columns == expected_cols, "ex12_monthly_by_currency has the expected columns",
          f"expected {expected_cols}, found {result.columns}")
    gold_by_month = spark.table(GOLD_REVENUE_EUR).groupBy(F.date_format("order_date", "yyyy-MM").alias("month")).agg(
        F.sum("revenue_eur").alias("gold_eur"), F.sum("orders").alias("gold_orders"))
    mine_by_month = result.groupBy("month").agg(F.sum("revenue_eur").alias("my_eur"), F.sum("orders").alias("my_orders"))
    differences = (
        gold_by_month.join(mine_by_month, "month", "full_outer")
        .where("my_eur IS NULL OR gold_eur IS NULL OR my_eur <> gold_eur OR my_orders <> gold_orders").count()
    )
    check("by_currency.eur_total", differences == 0, "per month, your EUR revenue and order counts add up to the gold table",
          f"{differences} months differ from {GOLD_REVENUE_EUR}: sum revenue_eur, not revenue_local")
    eur_rates = result.where("currency = 'EUR' AND effective_rate <> 1").count()
    check("by_currency.eur_rate", eur_rates == 0, "EUR rows have an effective rate of exactly 1",
          "EUR revenue changed in conversion: EUR must use rate 1")
    # A month's effective rate is an average of that month's daily rates, so it lies between their lowest and highest
    # (give or take the rounding); an inverted rate (EUR per unit instead of units per EUR) lies outside for every
    # currency and month of the course data (course/tests/test_datasets.py proves it).
    bounds = (spark.table(SILVER_FX_DAILY).groupBy(F.date_format("rate_date", "yyyy-MM").alias("month"), "currency")
              .agg(F.min("rate").alias("lowest"), F.max("rate").alias("highest")))
    foreign = result.where("currency <> 'EUR'")
    outside = sorted((r.month, r.currency, r.effective_rate) for r in foreign.join(bounds, ["month", "currency"], "left")
                     .where("effective_rate IS NULL OR lowest IS NULL OR effective_rate < lowest - 0.0005 "
                            "OR effective_rate > highest + 0.0005").collect())
    currencies = sorted(r.currency for r in foreign.select("currency").distinct().collect())
    check("by_currency.rates", currencies == ["GBP", "USD"] and not outside,
          "every USD and GBP effective rate lies within its month's daily rates (units per EUR)",
          f"currencies {currencies}; effective rates outside their month's daily rates: {outside[:3]}: "
          f"effective_rate is revenue_local / revenue_eur (units of the currency per EUR)")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("w4_bronze_fx_pages", "w4_bronze_fx_stream", "w4_silver_fx_rates", "w4_silver_fx_daily",
            "w4_gold_daily_revenue_eur", "ex12_monthly_by_currency")
dbutils.fs.rm(FX_WORK, True)
for view in ["w4_fx_pages_fetched", "w4_order_revenue"]:
    spark.catalog.dropTempView(view)
