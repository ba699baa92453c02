# Databricks notebook source
# MAGIC %run ../../setup/course_setup

# COMMAND ----------

print(f"ingesting into {CATALOG}")
