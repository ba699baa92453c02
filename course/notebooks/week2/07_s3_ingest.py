# Databricks notebook source
# MAGIC %md
# MAGIC # 07 · Object storage ingestion (S3, ADLS, GCS)
# MAGIC
# MAGIC Week 2 · Data ingestion · about 60 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - explain how Unity Catalog governs cloud storage: storage credentials, external locations, external volumes;
# MAGIC - read a folder of daily files with an explicit schema and keep each row's source file;
# MAGIC - load files idempotently with `COPY INTO` and incrementally with Auto Loader (`cloudFiles`, `availableNow`);
# MAGIC - choose a partitioning for a table written from files.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - [04 · File ingestion]($./04_file_ingestion)
# MAGIC
# MAGIC The source is a landing folder where sensors drop one CSV file per day. By default it is the course volume
# MAGIC (`landing/sensors/` in `DATASETS`); set the widget `source_path` to an `s3://...` (or `abfss://`, `gs://`) folder
# MAGIC that an external location covers to run the same code against a bucket.

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed
dbutils.widgets.text("source_path", "", "Source folder (empty: the course volume)")
SOURCE = dbutils.widgets.get("source_path").strip().rstrip("/") or f"{DATASETS}/landing/sensors"
spark.sql(f"CREATE VOLUME IF NOT EXISTS {table_name('course_work')} COMMENT 'Files written by course lessons'")
WORK = f"/Volumes/{CATALOG}/{SCHEMA}/course_work/07_s3_ingest"
print(f"source: {SOURCE}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## How Unity Catalog reaches a bucket
# MAGIC
# MAGIC | object | what it is | who creates it |
# MAGIC |---|---|---|
# MAGIC | **storage credential** | a cloud identity (an IAM role on AWS, a managed identity on Azure) | metastore admin |
# MAGIC | **external location** | a storage path (`s3://bucket/prefix`) + the credential that may access it | admin |
# MAGIC | **external volume** | a volume whose files live at a path inside an external location | schema owner |
# MAGIC | **managed volume** | a volume whose files UC stores for you (the course datasets volume) | schema owner |
# MAGIC
# MAGIC Users never see keys. They are granted `READ FILES` on an external location (or `READ VOLUME` on a volume) and
# MAGIC read with the path. Prefer volumes: `/Volumes/catalog/schema/volume/...` works the same in Spark, SQL, Python file
# MAGIC functions and the CLI, and the path does not change when the bucket does.
# MAGIC
# MAGIC ```sql
# MAGIC -- what an admin runs once (for reference)
# MAGIC CREATE EXTERNAL LOCATION sensors_landing URL 's3://example-landing-bucket/sensors'
# MAGIC   WITH (STORAGE CREDENTIAL landing_role);
# MAGIC GRANT READ FILES ON EXTERNAL LOCATION sensors_landing TO `platform_students`;
# MAGIC CREATE EXTERNAL VOLUME databricks_course.shared_bronze.sensors_landing
# MAGIC   LOCATION 's3://example-landing-bucket/sensors';
# MAGIC ```
# MAGIC
# MAGIC Do not use DBFS mounts or `/dbfs/...` paths: they bypass Unity Catalog's permissions and are deprecated.

# COMMAND ----------

try:
    display(spark.sql("SHOW EXTERNAL LOCATIONS"))
except Exception as error:
    print(f"you may not list external locations (normal for students): {str(error).splitlines()[0]}")

# COMMAND ----------

display(dbutils.fs.ls(SOURCE))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Read a folder of files
# MAGIC Reading the folder reads every file in it. `_metadata.file_path` and `_metadata.file_modification_time` tell each
# MAGIC row where it came from. A glob (`readings_2025-03-0[1-3].csv`) selects some files only.

# COMMAND ----------

from pyspark.sql import functions as F

readings_schema = "sensor_id STRING, reading_ts TIMESTAMP, temperature_c DOUBLE, humidity_pct DOUBLE"
readings = (spark.read.option("header", True).schema(readings_schema).csv(SOURCE)
            .withColumn("_source_file", F.col("_metadata.file_path"))
            .withColumn("_file_modified", F.col("_metadata.file_modification_time")))
display(readings.groupBy("_source_file").agg(F.count("*").alias("rows")).orderBy("_source_file"))

# COMMAND ----------

first_days = spark.read.option("header", True).schema(readings_schema).csv(f"{SOURCE}/readings_2025-03-0[1-3].csv")
print(f"rows in the first three daily files: {first_days.count()}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Idempotent loads with `COPY INTO`
# MAGIC `COPY INTO` remembers which files it has loaded into a table. Running it again loads only new files, so a daily
# MAGIC job can simply run it every day, and a rerun after a failure never duplicates rows.

# COMMAND ----------

copy_target = table_name("bronze_sensor_readings")
# A fresh table (not CREATE OR REPLACE): COPY INTO's record of loaded files lives in the table's history.
spark.sql(f"DROP TABLE IF EXISTS {copy_target}")
spark.sql(f"""
CREATE TABLE {copy_target} (
  sensor_id STRING, reading_ts TIMESTAMP, temperature_c DOUBLE, humidity_pct DOUBLE,
  _source_file STRING, _ingested_at TIMESTAMP
)
""")


def copy_into():
    result = spark.sql(f"""
        COPY INTO {copy_target}
        FROM (SELECT sensor_id::STRING, reading_ts::TIMESTAMP, temperature_c::DOUBLE, humidity_pct::DOUBLE,
                     _metadata.file_path AS _source_file, current_timestamp() AS _ingested_at
              FROM '{SOURCE}')
        FILEFORMAT = CSV
        PATTERN = 'readings_*.csv'
        FORMAT_OPTIONS ('header' = 'true')
    """).first()
    return result.num_inserted_rows if result is not None else 0


first_run = copy_into()
second_run = copy_into()
print(f"COPY INTO: first run inserted {first_run} rows, second run {second_run}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Incremental with Auto Loader
# MAGIC Auto Loader (`format("cloudFiles")`) discovers new files as they arrive and keeps its progress in a
# MAGIC **checkpoint**. With `trigger(availableNow=True)` it processes everything new and stops: a streaming source run
# MAGIC like a batch job. The checkpoint lives in your volume. Run the next cell twice: the second run finds nothing new.

# COMMAND ----------

auto_target = table_name("bronze_sensor_readings_autoloader")
checkpoint = f"{WORK}/checkpoints/sensor_readings"


def run_auto_loader():
    stream = (spark.readStream.format("cloudFiles")
              .option("cloudFiles.format", "csv")
              .option("header", True)
              .schema(readings_schema)
              .load(SOURCE)
              .withColumn("_source_file", F.col("_metadata.file_path"))
              .withColumn("_ingested_at", F.current_timestamp()))
    query = (stream.writeStream
             .option("checkpointLocation", checkpoint)
             .trigger(availableNow=True)
             .toTable(auto_target))
    query.awaitTermination()
    return spark.table(auto_target).count()


print(f"after the first Auto Loader run: {run_auto_loader()} rows")
print(f"after the second run (no new files): {run_auto_loader()} rows")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Late files, schema drift and bad records
# MAGIC Real landing folders change. Two files arrive after the first load (`landing/sensors_late/` in the course data):
# MAGIC - `readings_2025-03-03_late.csv`: sensor `S-009` was offline and uploads a day that was already loaded, and one of
# MAGIC   its temperatures is `n/a`;
# MAGIC - `readings_2025-03-06.csv`: the sensors' firmware was updated and the files gained a column, `battery_pct`.
# MAGIC
# MAGIC This time Auto Loader *infers* the schema and keeps it in a **schema location**. With
# MAGIC `cloudFiles.schemaEvolutionMode` `addNewColumns` (the default with a schema location), a new column stops the
# MAGIC stream once with an error that names it, and the restarted stream includes it: the run below tries twice.
# MAGIC A value that does not fit the inferred type (the `n/a`) is not lost and does not fail the stream: the column is
# MAGIC NULL and the raw value goes into `_rescued_data`.
# MAGIC
# MAGIC The lesson copies the files into a landing folder in your volume, as an upload would, so you watch them arrive.

# COMMAND ----------

LANDING_SENSORS = f"{WORK}/landing_sensors"
evolving_target = table_name("bronze_sensor_readings_evolving")
evolving_checkpoint = f"{WORK}/checkpoints/sensor_readings_evolving"


def land(folder, names=None):
    """Copy course files into the landing folder, as a new upload would."""
    for info in dbutils.fs.ls(folder):
        if names is None or info.name in names:
            dbutils.fs.cp(info.path, f"{LANDING_SENSORS}/{info.name}")


def run_evolving_loader():
    """One availableNow run; a new column stops the first attempt, and the second attempt picks it up."""
    for attempt in (1, 2):
        stream = (spark.readStream.format("cloudFiles")
                  .option("cloudFiles.format", "csv")
                  .option("header", True)
                  .option("cloudFiles.inferColumnTypes", True)
                  .option("cloudFiles.schemaLocation", f"{evolving_checkpoint}/schema")
                  .load(LANDING_SENSORS)
                  .withColumn("_source_file", F.col("_metadata.file_path")))
        try:
            (stream.writeStream.option("checkpointLocation", evolving_checkpoint)
             .option("mergeSchema", True).trigger(availableNow=True).toTable(evolving_target).awaitTermination())
            return attempt
        except Exception as error:
            if attempt == 2 or "UNKNOWN_FIELD" not in str(error).upper():
                raise
            print(f"the schema changed, restarting: {str(error).strip().splitlines()[0][:200]}")


land(SOURCE)
run_evolving_loader()
print(f"first load: {spark.table(evolving_target).count()} rows, columns {spark.table(evolving_target).columns}")
land(f"{DATASETS}/landing/sensors_late")
attempts = run_evolving_loader()
evolved = spark.table(evolving_target)
print(f"after the late files ({attempts} attempt(s)): {evolved.count()} rows, columns {evolved.columns}")
display(evolved.where("_rescued_data IS NOT NULL").select("sensor_id", "reading_ts", "temperature_c", "_rescued_data"))

# COMMAND ----------

late_rows = evolved.where("sensor_id = 'S-009'").count()
rescued = evolved.where("_rescued_data IS NOT NULL").count()
# 24 late readings of S-009 with one 'n/a', and 192 readings with the new column (course/tests/test_datasets.py).
check("evolution.late_rows", late_rows == 24, "the late file's 24 readings of S-009 were loaded", f"{late_rows} rows of S-009")
check("evolution.rescued", rescued == 1, "the one malformed temperature went to _rescued_data instead of failing the stream",
      f"{rescued} rows with _rescued_data")
check("evolution.new_column", "battery_pct" in evolved.columns and evolved.where("battery_pct IS NOT NULL").count() == 192,
      "the new column battery_pct was added, filled for the 192 new readings",
      f"columns {evolved.columns}: did the stream restart after the schema change?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Partitioning what you write
# MAGIC Partition a table only by a low-cardinality column that most queries filter on, and only when the table is large
# MAGIC (as a rule of thumb, each partition should hold at least 1 GB). For a small table like this one, partitioning
# MAGIC makes things slower: many tiny files. Delta's *liquid clustering* (`CLUSTER BY`) is the flexible alternative: it
# MAGIC co-locates related rows without fixing folder names, and the keys can change later.

# COMMAND ----------

daily = table_name("silver_sensor_daily")
spark.sql(f"""
CREATE OR REPLACE TABLE {daily}
CLUSTER BY (reading_date)
AS SELECT sensor_id, to_date(reading_ts) AS reading_date,  -- typed input
          round(avg(temperature_c), 2) AS avg_temperature_c, round(max(temperature_c), 1) AS max_temperature_c,
          round(avg(humidity_pct), 1) AS avg_humidity_pct, count(*) AS readings
   FROM {copy_target}
   GROUP BY sensor_id, to_date(reading_ts)  -- typed input
""")
display(spark.table(daily).orderBy("reading_date", "sensor_id"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC Build a table `sensor_alerts` in your schema with one row per sensor and day where the **maximum** temperature was
# MAGIC above 23.5 °C, with the columns `sensor_id`, `reading_date`, `max_temperature_c` and `source_file` (the file the
# MAGIC day's readings came from). Read from `bronze_sensor_readings` (the `COPY INTO` table).
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.

# COMMAND ----------

# Check: COPY INTO was idempotent, Auto Loader loaded every file once, and the alerts match the raw files.
with checking("alerts", "Run your exercise cell first: it writes the table sensor_alerts."):
    file_rows = spark.read.option("header", True).schema(readings_schema).csv(SOURCE)
    total = file_rows.count()
    check("alerts.copy_into", first_run == total and second_run == 0, f"COPY INTO loaded {total} rows once and nothing on the rerun",
          f"Expected {total} rows then 0, got {first_run} then {second_run}.")
    check("alerts.auto_loader", spark.table(auto_target).count() == total, "Auto Loader loaded every row exactly once",
          "The Auto Loader table has a different row count: was the checkpoint deleted between runs?")
    expected = (file_rows.groupBy("sensor_id", F.to_date("reading_ts").alias("reading_date"))  # typed input
                .agg(F.max("temperature_c").alias("m")).where("m > 23.5").count())
    result = spark.table(table_name("sensor_alerts"))
    check("alerts.days", result.count() == expected and result.where("max_temperature_c <= 23.5").count() == 0,
          f"{expected} sensor-days above 23.5 °C", f"Expected {expected} sensor-days, found {result.count()}: filter on "
                                                   f"the daily maximum, not on single readings.")
    check("alerts.source_file", result.where("source_file IS NULL OR source_file NOT LIKE '%readings_%.csv'").count() == 0,
          "every alert names its source file", "Keep _source_file from the bronze table as source_file.")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("bronze_sensor_readings", "bronze_sensor_readings_autoloader", "bronze_sensor_readings_evolving",
            "silver_sensor_daily", "sensor_alerts")
dbutils.fs.rm(WORK, True)
dbutils.widgets.removeAll()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - Storage credentials and external locations give Unity Catalog, not users, the keys; users read volumes and paths.
# MAGIC - `COPY INTO` and Auto Loader both remember what they loaded: reruns never duplicate rows.
# MAGIC - Partition large tables by a low-cardinality filter column, or use liquid clustering.
# MAGIC
# MAGIC Next week: transformations, starting with `08_simple_transformations` in `week3/`.
