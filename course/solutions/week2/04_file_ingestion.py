# Databricks notebook source
# MAGIC %md
# MAGIC # 04 · File ingestion
# MAGIC
# MAGIC Week 2 · Data ingestion · about 60 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - read CSV, JSON lines and Parquet files from a Unity Catalog volume with explicit schemas;
# MAGIC - handle bad records: `PERMISSIVE` with a corrupt-record column, `FAILFAST`, and `DROPMALFORMED`;
# MAGIC - add audit columns (`_ingested_at`, `_source_file`) from the file metadata;
# MAGIC - write bronze Delta tables and validate what was loaded;
# MAGIC - use the SQL function `read_files`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - Week 1, especially [03 · Spark on Databricks]($../week1/03_spark_on_databricks)

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## Where the files are
# MAGIC The course data is in the volume `DATASETS` (read-only). For files this lesson *writes* (Parquet), you use a volume
# MAGIC in your own schema, `course_work`, created here if it does not exist yet. Never write to DBFS root paths: with
# MAGIC Unity Catalog, files belong in volumes and data in tables.

# COMMAND ----------

from pyspark.sql import functions as F
from pyspark.sql.types import (ArrayType, DoubleType, IntegerType, MapType, StringType, StructField, StructType)

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed

spark.sql(f"CREATE VOLUME IF NOT EXISTS {table_name('course_work')} COMMENT 'Files written by course lessons'")
WORK = f"/Volumes/{CATALOG}/{SCHEMA}/course_work/04_file_ingestion"
display(dbutils.fs.ls(f"{DATASETS}/retail"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## CSV with an explicit schema and audit columns
# MAGIC Every file-based source has a hidden `_metadata` column (file path, size, modification time). Keeping the source
# MAGIC file and the load time on each row makes every bronze row traceable.

# COMMAND ----------

customers_schema = StructType([
    StructField("customer_id", IntegerType(), False),
    StructField("first_name", StringType()),
    StructField("last_name", StringType()),
    StructField("email", StringType()),
    StructField("country", StringType()),
    StructField("city", StringType()),
    StructField("signup_date", StringType()),  # parsed below, so a bad date is visible instead of silently null
])


def with_audit(df):
    return (df.withColumn("_ingested_at", F.current_timestamp())
              .withColumn("_source_file", F.col("_metadata.file_path")))


customers_raw = (spark.read.format("csv")
                 .option("header", True)
                 .option("mode", "FAILFAST")
                 .schema(customers_schema)
                 .load(f"{DATASETS}/retail/customers.csv"))
# try_to_date: under ANSI mode (the default on serverless) to_date fails the whole query on one bad date;
# try_to_date returns NULL for it, and the validation below counts the NULLs.
customers_bronze = with_audit(customers_raw).withColumn(
    "signup_date", F.expr("try_to_date(signup_date, 'yyyy-MM-dd')"))
customers_bronze.write.mode("overwrite").option("overwriteSchema", True).saveAsTable(table_name("bronze_customers"))
display(spark.table(table_name("bronze_customers")).limit(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Validate what was loaded
# MAGIC Count rows against the source and test the rules the data must satisfy. A load that silently drops or corrupts rows
# MAGIC is worse than one that fails.

# COMMAND ----------

loaded = spark.table(table_name("bronze_customers"))
source_lines = spark.read.text(f"{DATASETS}/retail/customers.csv").count() - 1  # minus the header
quality = loaded.agg(
    F.count("*").alias("rows"),
    F.sum(F.col("signup_date").isNull().cast("int")).alias("bad_dates"),
    F.sum((~F.col("email").rlike(r"^[^@\s]+@[^@\s]+\.[a-z]+$")).cast("int")).alias("bad_emails"),
    F.sum((F.length("country") != 2).cast("int")).alias("bad_countries"),
    F.countDistinct("customer_id").alias("distinct_ids"),
).first()
print(f"source rows: {source_lines}, loaded: {quality.rows}, distinct ids: {quality.distinct_ids}, "
      f"bad dates: {quality.bad_dates}, bad emails: {quality.bad_emails}, bad countries: {quality.bad_countries}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Bad records
# MAGIC `retail/bad_records/customers_batch_2025-07-01.csv` is a late batch with the faults real files have: a
# MAGIC non-numeric id, an impossible date, a truncated line, and a country name instead of an ISO code. Compare the modes:
# MAGIC
# MAGIC | mode | a malformed row ... |
# MAGIC |---|---|
# MAGIC | `PERMISSIVE` (default) | becomes nulls; the raw line goes into the corrupt-record column if you declare one |
# MAGIC | `DROPMALFORMED` | is dropped silently (rarely what you want) |
# MAGIC | `FAILFAST` | stops the read with an error |

# COMMAND ----------

batch_path = f"{DATASETS}/retail/bad_records/customers_batch_2025-07-01.csv"
batch_schema = StructType(customers_schema.fields + [StructField("_corrupt_record", StringType())])
batch = (spark.read.option("header", True)
         .option("mode", "PERMISSIVE")
         .option("columnNameOfCorruptRecord", "_corrupt_record")
         .schema(batch_schema)
         .csv(batch_path))
display(batch)

# COMMAND ----------

# collect() parses every column. A count() would not trigger FAILFAST: Spark prunes the columns a query does not read,
# and a count reads none, so the malformed values are never parsed.
try:
    spark.read.option("header", True).option("mode", "FAILFAST").schema(customers_schema).csv(batch_path).collect()
    print("FAILFAST read every row: the batch has no malformed row (unexpected: the course data has one)")
except Exception as error:
    print(f"FAILFAST stopped the read: {str(error).splitlines()[0][:300]}")

# DROPMALFORMED: the same read keeps only the rows that parse (collect() again, so every column is parsed). The
# others are gone without a trace: no error, no corrupt-record column, just fewer rows.
kept = spark.read.option("header", True).option("mode", "DROPMALFORMED").schema(customers_schema).csv(batch_path).collect()
print(f"DROPMALFORMED kept {len(kept)} of the batch's {batch.count()} rows and said nothing about the rest")

# COMMAND ----------

# MAGIC %md
# MAGIC A good pattern: load the well-formed rows, park the rest in a quarantine table with the reason, and alert on it.
# MAGIC The country rule is a *quality* rule: the parser cannot know that `Finland` is not an ISO code.

# COMMAND ----------

checked = batch.withColumn(
    "_problem",
    F.when(F.col("_corrupt_record").isNotNull(), F.lit("malformed row"))
     .when(F.expr("try_to_date(signup_date, 'yyyy-MM-dd')").isNull(), F.lit("invalid signup_date"))
     .when(~F.col("country").rlike("^[A-Z]{2}$"), F.lit("country is not an ISO-2 code")))
good = checked.where("_problem IS NULL").drop("_problem", "_corrupt_record")
bad = checked.where("_problem IS NOT NULL")
with_audit(bad).write.mode("overwrite").option("overwriteSchema", True).saveAsTable(table_name("quarantine_customers"))
print(f"batch: {good.count()} good rows, {bad.count()} quarantined")
display(spark.table(table_name("quarantine_customers")).select("customer_id", "_problem", "_corrupt_record"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## JSON lines with nested data
# MAGIC Each line of `events/clickstream.jsonl` is one event with nested `device` and `properties` objects. The schema
# MAGIC declares the nesting; `customer_id` is null for visitors who are not logged in.

# COMMAND ----------

events_schema = StructType([
    StructField("event_id", StringType(), False),
    StructField("customer_id", IntegerType()),
    StructField("session_id", StringType()),
    StructField("event_ts", StringType()),
    StructField("event_type", StringType()),
    StructField("page", StringType()),
    StructField("device", StructType([StructField("type", StringType()), StructField("os", StringType())])),
    StructField("properties", StructType([StructField("product_id", IntegerType()),
                                          StructField("value", DoubleType())])),
])
events = (spark.read.schema(events_schema).json(f"{DATASETS}/events/clickstream.jsonl")
          .withColumn("event_ts", F.expr("try_to_timestamp(event_ts, \"yyyy-MM-dd'T'HH:mm:ssX\")")))
with_audit(events).write.mode("overwrite").option("overwriteSchema", True).saveAsTable(table_name("bronze_events"))
display(spark.table(table_name("bronze_events"))
        .groupBy("event_type", F.col("device.type").alias("device")).count().orderBy("event_type", "device"))

# COMMAND ----------

# MAGIC %md
# MAGIC Unused here but worth knowing: `MapType` and `ArrayType` describe JSON objects with arbitrary keys and lists, e.g.
# MAGIC `MapType(StringType(), StringType())` for free-form tags.

# COMMAND ----------

tags_schema = StructType([StructField("tags", MapType(StringType(), StringType())),
                          StructField("items", ArrayType(IntegerType()))])
display(spark.createDataFrame([({"source": "ads", "campaign": "spring"}, [1, 2, 3])], tags_schema))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Parquet
# MAGIC Parquet files carry their schema and are columnar and compressed. Write the orders as Parquet into your volume,
# MAGIC partitioned by month, and read them back: the schema comes from the files, and a filter on the partition column only
# MAGIC reads the matching folders (partition pruning).

# COMMAND ----------

orders = (spark.read.option("header", True)
          .schema("order_id INT, customer_id INT, order_ts TIMESTAMP, status STRING, channel STRING, currency STRING")
          .csv(f"{DATASETS}/retail/orders.csv")
          .withColumn("order_month", F.date_format("order_ts", "yyyy-MM")))
orders.write.mode("overwrite").partitionBy("order_month").parquet(f"{WORK}/orders_parquet")
display(dbutils.fs.ls(f"{WORK}/orders_parquet"))

# COMMAND ----------

orders_parquet = spark.read.parquet(f"{WORK}/orders_parquet")
orders_parquet.printSchema()
march = orders_parquet.where("order_month = '2025-03'")
march.explain()
print(f"orders in March 2025: {march.count()}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## `read_files` in SQL
# MAGIC The same loads in SQL: `read_files` takes a path and options, and `schema` fixes the types.

# COMMAND ----------

display(spark.sql("""
    SELECT category, count(*) AS products, round(avg(unit_price), 2) AS avg_price
    FROM read_files(:path, format => 'csv', header => true,
                    schema => 'product_id INT, sku STRING, name STRING, category STRING, unit_price DECIMAL(10,2), active BOOLEAN')
    GROUP BY category ORDER BY category
""", args={"path": f"{DATASETS}/retail/products.csv"}))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC Load `retail/order_items.csv` into a bronze table `bronze_order_items` in your schema:
# MAGIC - explicit schema given as a DDL string: `order_id INT, line_no INT, product_id INT, quantity INT,
# MAGIC   unit_price DECIMAL(10,2), discount_pct DECIMAL(5,4)`;
# MAGIC - `FAILFAST` mode, so a malformed file stops the load;
# MAGIC - the audit columns `_ingested_at` and `_source_file`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# BEGIN SOLUTION
items_ddl = ("order_id INT, line_no INT, product_id INT, quantity INT, unit_price DECIMAL(10,2), "
             "discount_pct DECIMAL(5,4)")
items = (spark.read.option("header", True).option("mode", "FAILFAST").schema(items_ddl)
         .csv(f"{DATASETS}/retail/order_items.csv"))
with_audit(items).write.mode("overwrite").option("overwriteSchema", True).saveAsTable(table_name("bronze_order_items"))
# END SOLUTION

# COMMAND ----------

# Check: all rows of the file, the declared types, audit columns filled, keys unique.
with checking("order_items", "Run your exercise cell first: it writes the table bronze_order_items."):
    table = spark.table(table_name("bronze_order_items"))
    expected_rows = spark.read.text(f"{DATASETS}/retail/order_items.csv").count() - 1
    types = dict(table.dtypes)
    check("order_items.rows", table.count() == expected_rows, f"all {expected_rows} order lines were loaded",
          f"Expected {expected_rows} rows (the file's lines minus the header), found {table.count()}.")
    check("order_items.types", types.get("unit_price") == "decimal(10,2)" and types.get("quantity") == "int",
          "unit_price is DECIMAL(10,2) and quantity is INT",
          f"Use the DDL schema from the instructions; the table has {types}.")
    check("order_items.audit", {"_ingested_at", "_source_file"} <= set(table.columns)
          and table.where("_source_file IS NULL OR _ingested_at IS NULL").count() == 0,
          "every row has _ingested_at and _source_file",
          "Add the audit columns with with_audit(...) (F.current_timestamp() and _metadata.file_path).")
    check("order_items.unique", table.select("order_id", "line_no").distinct().count() == expected_rows,
          "(order_id, line_no) is unique", "Each order line should appear once: did you append twice instead of overwrite?")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

drop_tables("bronze_customers", "quarantine_customers", "bronze_events", "bronze_order_items")
dbutils.fs.rm(WORK, True)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - Read files from volumes with explicit schemas; keep `_source_file` and `_ingested_at` on every bronze row.
# MAGIC - Decide what a bad record does: fail, quarantine with a reason, never drop silently.
# MAGIC - JSON schemas describe nesting; Parquet carries its schema and prunes partitions.
# MAGIC
# MAGIC Next: [05 · API ingestion]($./05_api_ingest)
