# Databricks notebook source
# MAGIC %md
# MAGIC # 01 · Unity Catalog deep dive
# MAGIC
# MAGIC Week 1 · Platform mastery · about 60 minutes
# MAGIC
# MAGIC ## Learning objectives
# MAGIC By the end of this notebook you can:
# MAGIC - address any table with the three-level namespace `catalog.schema.table`;
# MAGIC - explore catalogs, schemas, tables and volumes with SQL and `information_schema`;
# MAGIC - tell managed tables, views and volumes apart, and say where their data lives;
# MAGIC - read the grants on a securable and explain why an action is allowed or refused;
# MAGIC - use Delta table history and time travel;
# MAGIC - pass names to SQL safely with parameter markers and `IDENTIFIER(...)`.
# MAGIC
# MAGIC ## Prerequisites
# MAGIC - [00 · Databricks fundamentals]($./00_databricks_fundamentals)

# COMMAND ----------

# MAGIC %run ../setup/course_setup

# COMMAND ----------

# MAGIC %md
# MAGIC ## The namespace
# MAGIC
# MAGIC ```
# MAGIC metastore (one per region)
# MAGIC └── catalog          databricks_course, sales_dev, ...
# MAGIC     └── schema       your personal schema, shared_bronze, ...
# MAGIC         ├── table    managed Delta table (data in the catalog's managed storage)
# MAGIC         ├── view     a saved query
# MAGIC         └── volume   a folder of files: /Volumes/<catalog>/<schema>/<volume>/...
# MAGIC ```
# MAGIC
# MAGIC Every object has exactly one owner and a list of grants. Privileges are inherited downwards: `USE CATALOG` on a
# MAGIC catalog and `USE SCHEMA` on a schema are needed before anything inside can be read.
# MAGIC
# MAGIC In this course:
# MAGIC - the course catalog holds one **personal schema per person** (yours: all privileges) and shared schemas
# MAGIC   `shared_bronze`, `shared_silver`, `shared_gold` (read-only for students);
# MAGIC - reference catalogs `sales_dev`, `sales_prod`, `marketing_dev`, `marketing_prod` are read-only for students.

# COMMAND ----------

# MAGIC %sql
# MAGIC SHOW CATALOGS

# COMMAND ----------

require_datasets()  # this lesson reads the course's sample data: stop here if it was not deployed
display(spark.sql(f"SHOW SCHEMAS IN {CATALOG}"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Managed tables
# MAGIC A managed table's files are stored and cleaned up by Unity Catalog; you only ever use its name. The table below is
# MAGIC created with an explicit schema (column names, types, comments) instead of inferring one.

# COMMAND ----------

products_table = table_name("uc_products")
spark.sql(f"""
CREATE OR REPLACE TABLE {products_table} (
  product_id INT NOT NULL COMMENT 'product key',
  sku STRING COMMENT 'stock keeping unit',
  name STRING,
  category STRING,
  unit_price DECIMAL(10, 2) COMMENT 'price in EUR',
  active BOOLEAN
)
COMMENT 'Products of the course retail company, loaded in lesson 01'
""")

products = (spark.read
            .option("header", True)
            .schema("product_id INT, sku STRING, name STRING, category STRING, unit_price DECIMAL(10,2), "
                    "active BOOLEAN")
            .csv(f"{DATASETS}/retail/products.csv"))
products.write.mode("append").saveAsTable(products_table)
display(spark.table(products_table).limit(10))

# COMMAND ----------

# MAGIC %md
# MAGIC `DESCRIBE TABLE EXTENDED` shows the owner, the type (MANAGED) and where the files live. You never read or write
# MAGIC that location directly: always go through the table name.

# COMMAND ----------

display(spark.sql(f"DESCRIBE TABLE EXTENDED {products_table}"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Views
# MAGIC A view stores a query, not data. Readers of a view need `SELECT` on the view; the view's owner needs access to the
# MAGIC tables underneath.

# COMMAND ----------

active_view = table_name("uc_active_products_v")
spark.sql(f"""
CREATE OR REPLACE VIEW {active_view}
COMMENT 'Active products with their price band'
AS SELECT product_id, name, category, unit_price,
          CASE WHEN unit_price < 20 THEN 'budget' WHEN unit_price < 100 THEN 'mid' ELSE 'premium' END AS price_band
   FROM {products_table}
   WHERE active
""")
display(spark.table(active_view).groupBy("category", "price_band").count().orderBy("category", "price_band"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Parameters instead of string building
# MAGIC Values that come from users (widgets, job parameters) must not be pasted into SQL text. Use named parameter
# MAGIC markers: `:name` for values, `IDENTIFIER(:name)` for table names. Spark then treats them as data, never as SQL.

# COMMAND ----------

dbutils.widgets.text("category", "Books", "Category")
category = dbutils.widgets.get("category")
display(spark.sql(
    "SELECT name, unit_price FROM IDENTIFIER(:view) WHERE category = :category ORDER BY unit_price DESC",
    args={"view": active_view, "category": category},
))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Discover with `information_schema`
# MAGIC Every catalog has an `information_schema` with views over its tables, columns, volumes and privileges; you only
# MAGIC see rows for objects you may use.

# COMMAND ----------

display(spark.sql(
    f"SELECT table_name, table_type, comment FROM {CATALOG}.information_schema.tables "
    "WHERE table_schema = :schema ORDER BY table_name",
    args={"schema": SCHEMA},
))

# COMMAND ----------

display(spark.sql(
    f"SELECT volume_schema, volume_name, volume_type FROM {CATALOG}.information_schema.volumes ORDER BY 1, 2"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Who may do what
# MAGIC `SHOW GRANTS` lists the privileges on a securable. Listing *every* principal's grants needs the object's owner, a
# MAGIC workspace admin, or the `MANAGE` privilege (which `ALL PRIVILEGES` does not include). Your personal schema is owned
# MAGIC by the course's admins group, not by you, and so are the shared schemas: `SHOW GRANTS ON SCHEMA ...` is refused for
# MAGIC a student. Anyone may list the grants *of a principal they name*, so name yourself:
# MAGIC `SHOW GRANTS \`you@example.com\` ON SCHEMA ...` (the back-ticks quote the email). Look at your own schema, then at a
# MAGIC shared schema.

# COMMAND ----------


def show_my_grants(securable):
    """Your grants on a securable (e.g. 'SCHEMA c.s'); explains a refusal instead of stopping the lesson."""
    try:
        display(spark.sql(f"SHOW GRANTS `{USER}` ON {securable}"))
    except Exception as error:
        print(f"SHOW GRANTS on {securable} was refused: {str(error).strip().splitlines()[0][:300]}\n"
              f"Listing grants needs ownership, MANAGE, or the statement to name yourself; if even your own grants are "
              f"refused, you lack USE CATALOG / USE SCHEMA on the parent: ask your instructor.")


show_my_grants(f"SCHEMA {CATALOG}.{SCHEMA}")

# COMMAND ----------

shared = SHARED_SCHEMAS[0]
show_my_grants(f"SCHEMA {CATALOG}.{shared}")
# Without naming a principal the statement lists everyone's grants, which only the owner, an admin or MANAGE may see:
try:
    spark.sql(f"SHOW GRANTS ON SCHEMA {CATALOG}.{shared}").collect()
    print(f"you may list every grant on {shared}: you are an owner, an admin or hold MANAGE (an instructor account)")
except Exception as error:
    print(f"listing every grant on {shared} was refused, as expected for a student: "
          f"{str(error).strip().splitlines()[0][:200]}")

# COMMAND ----------

# MAGIC %md
# MAGIC Now try to write where you may only read. The error is expected: read it and find the missing privilege in the
# MAGIC grants above. (Instructors hold all privileges, so for them the table is created and dropped again.)

# COMMAND ----------

attempt = f"{CATALOG}.{shared}.uc_should_not_be_here_{SCHEMA}"
try:
    spark.sql(f"CREATE TABLE {attempt} (x INT)")
    print(f"created {attempt}: you hold CREATE TABLE on {shared} (an instructor account); dropping it again")
    spark.sql(f"DROP TABLE {attempt}")
except Exception as error:
    print(f"refused, as expected for a student: {str(error).splitlines()[0]}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Sharing your work
# MAGIC You own the tables you create, so you can grant others access to them. Enter a classmate's email in the widget
# MAGIC `partner` and rerun the next cell to let them read your view (leave it empty to skip).

# COMMAND ----------

dbutils.widgets.text("partner", "", "Partner email")
partner = dbutils.widgets.get("partner").strip().lower()
if partner:
    spark.sql(f"GRANT SELECT ON VIEW {active_view} TO `{partner}`")
    display(spark.sql(f"SHOW GRANTS ON VIEW {active_view}"))
else:
    print("no partner given: nothing granted")

# COMMAND ----------

# MAGIC %md
# MAGIC ## History and time travel
# MAGIC Every write to a Delta table is a new version. `DESCRIBE HISTORY` lists them; `VERSION AS OF` reads an old one.

# COMMAND ----------

spark.sql(f"UPDATE {products_table} SET unit_price = unit_price * 1.10 WHERE category = 'Books'")
display(spark.sql(f"DESCRIBE HISTORY {products_table}").select("version", "timestamp", "operation"))

# COMMAND ----------

latest = spark.sql(f"DESCRIBE HISTORY {products_table}").agg({"version": "max"}).first()[0]
before = spark.sql(f"SELECT sum(unit_price) FROM {products_table} VERSION AS OF {latest - 1} "
                   "WHERE category = 'Books'").first()[0]
after = spark.sql(f"SELECT sum(unit_price) FROM {products_table} WHERE category = 'Books'").first()[0]
print(f"Books price total: version {latest - 1} = {before}, version {latest} (now) = {after}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Exercise
# MAGIC In your schema, create:
# MAGIC 1. a managed table `uc_customers` from `retail/customers.csv` with an explicit schema
# MAGIC    (`customer_id INT, first_name STRING, last_name STRING, email STRING, country STRING, city STRING,
# MAGIC    signup_date DATE`) and a table comment;
# MAGIC 2. a view `uc_customers_nordic_v` with the customers whose country is `FI` or `SE`.
# MAGIC
# MAGIC Write your code in the exercise cell below, then run the check after it: the check fails until your code does
# MAGIC the work.

# COMMAND ----------

# TODO: your code for the exercise above. The check below fails until it does the work.
# It reads these names: give each its real value.
customers = None

# COMMAND ----------

# Check: both objects exist in your schema, with the right types, columns and rows.
with checking("uc_objects", "Run your exercise cell first: it reads the customers into `customers` and creates uc_customers and the view uc_customers_nordic_v."):
    objects = {r.table_name: r for r in spark.sql(
        f"SELECT table_name, table_type, comment FROM {CATALOG}.information_schema.tables "
        "WHERE table_schema = :schema AND table_name IN ('uc_customers', 'uc_customers_nordic_v')",
        args={"schema": SCHEMA}).collect()}
    check("uc_objects.table", objects.get("uc_customers") is not None and objects["uc_customers"].table_type == "MANAGED",
          "uc_customers is a managed table in your schema",
          f"Expected a managed table {table_name('uc_customers')}; found {objects.get('uc_customers')}.")
    check("uc_objects.comment", bool(objects["uc_customers"].comment), "uc_customers has a comment", "Add a table comment with COMMENT ON TABLE.")
    check("uc_objects.view", objects.get("uc_customers_nordic_v") is not None and objects["uc_customers_nordic_v"].table_type == "VIEW",
          "uc_customers_nordic_v is a view",
          f"Expected a view {table_name('uc_customers_nordic_v')}.")
    check("uc_objects.signup_date", dict(spark.table(table_name("uc_customers")).dtypes)["signup_date"] == "date",
          "signup_date is a DATE column", "Give the table an explicit schema with signup_date DATE.")
    nordic = spark.table(table_name("uc_customers_nordic_v"))
    expected = customers.where("country IN ('FI', 'SE')").count()
    check("uc_objects.view_rows", nordic.count() == expected and nordic.where("country NOT IN ('FI', 'SE')").count() == 0,
          f"the view returns the {expected} Nordic customers",
          f"Expected {expected} rows, all with country FI or SE; found {nordic.count()}.")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Cleanup

# COMMAND ----------

spark.sql(f"DROP VIEW IF EXISTS {active_view}")
spark.sql(f"DROP VIEW IF EXISTS {table_name('uc_customers_nordic_v')}")
drop_tables("uc_products", "uc_customers")
dbutils.widgets.removeAll()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Summary
# MAGIC - Names are `catalog.schema.object`; privileges flow down the tree and `SHOW GRANTS` explains every refusal.
# MAGIC - Managed tables and views live in schemas; files live in volumes.
# MAGIC - Parameter markers (`:name`, `IDENTIFIER(:name)`) keep user input out of SQL text.
# MAGIC - Delta keeps every version: `DESCRIBE HISTORY`, `VERSION AS OF`.
# MAGIC
# MAGIC Next: [02 · Cluster management]($./02_cluster_management)
