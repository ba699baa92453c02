# Databricks notebook source
# MAGIC %md
# MAGIC # Course progress (for instructors)
# MAGIC
# MAGIC Every lesson's `check(...)` writes a row into the table `course_progress` of the student's own schema (see
# MAGIC `setup/course_setup`). This notebook reads those tables for every user of the course and shows, per student and
# MAGIC lesson, how many checks passed (the latest result of each check id) and when the student last ran one. Run it as
# MAGIC an instructor: the admins group owns every personal schema, so it can read them all.
# MAGIC
# MAGIC Progress is not private: with the default `studentsReadPeerSchemas: true`, students can read every classmate's
# MAGIC schema, `course_progress` included, so a student running this notebook sees the whole class's progress. Tell
# MAGIC the students, or set `studentsReadPeerSchemas` to false (then each student reads only their own schema).

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

from pyspark.sql import Window
from pyspark.sql import functions as F

tables = []
for user, schema in sorted(COURSE_SCHEMAS.items()):
    name = f"{CATALOG}.{schema}.{PROGRESS_TABLE}"
    try:
        if spark.catalog.tableExists(name):
            tables.append(spark.table(name).withColumn("schema", F.lit(schema)))
    except Exception as error:  # a schema this user may not read
        print(f"skipped {schema}: {str(error).strip().splitlines()[0][:150]}")
print(f"{len(tables)} of {len(COURSE_SCHEMAS)} users have recorded progress")

# COMMAND ----------

if tables:
    progress = tables[0]
    for table in tables[1:]:
        progress = progress.unionByName(table)
    # The latest result of each check counts: a student who fixed their code passes it on the second run.
    newest_first = Window.partitionBy("student", "lesson", "check_name").orderBy(F.col("checked_at").desc())
    latest = progress.withColumn("_rank", F.row_number().over(newest_first)).where("_rank = 1").drop("_rank")
    per_lesson = (latest.groupBy("student", "lesson")
                  .agg(F.sum(F.col("passed").cast("int")).alias("checks_passed"), F.count("*").alias("checks_run"),
                       F.max("checked_at").alias("last_check")))
    display(per_lesson.orderBy("student", "lesson"))
    display(per_lesson.groupBy("student").pivot("lesson").agg(F.first(F.concat_ws(
        "/", F.col("checks_passed").cast("string"), F.col("checks_run").cast("string")))).orderBy("student"))
else:
    print("no progress recorded yet: students record it by running the lessons' check cells")
