# Databricks notebook source
# MAGIC %md
# MAGIC # Databricks fundamentals (test fixture)
# MAGIC A markdown cell may mention `%run` in its text without being checked:
# MAGIC %run ./not_a_real_target

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

print(CATALOG)
