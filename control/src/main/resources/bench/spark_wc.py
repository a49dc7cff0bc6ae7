# Word count on Spark local[2], the peer of `gauntlet bench mr --spark`. Words are maximal runs of
# letters (as our wc app's Character.isLetter), counted with Spark SQL's built-in functions (no
# Python UDF, so the counting runs in Spark's JVM). Writes "word count" lines to OUT/mr-out-spark.
# Usage: python3 spark_wc.py OUT FILE...
import sys
from pyspark.sql import SparkSession, functions as F

out, files = sys.argv[1], sys.argv[2:]
spark = (SparkSession.builder.master("local[2]").appName("gauntlet-bench-wc")
         .config("spark.ui.enabled", "false").config("spark.driver.memory", "2g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
words = (spark.read.text(files)
         .select(F.explode(F.split(F.col("value"), "[^\\p{L}]+")).alias("w"))
         .where(F.col("w") != ""))
rows = words.groupBy("w").count().collect()
with open(out + "/mr-out-spark", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(f"{r['w']} {r['count']}\n")
spark.stop()
