-- Databricks notebook source
-- MAGIC %md
-- MAGIC # SQL basics (test fixture)

-- COMMAND ----------

SELECT current_catalog(), current_schema()
