"""Order cleaning and revenue rules for the course's retail data.

The rules live in plain Python (``course_etl.orders``, ``course_etl.revenue``) so they can be unit-tested without Spark;
``course_etl.spark_job`` applies the same rules to DataFrames and ``course_etl.cli`` is the wheel's entry point.
"""

__version__ = "0.1.0"
