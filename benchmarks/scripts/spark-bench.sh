#!/usr/bin/env bash
# Spark figures of issue 18 (org.mlops4j.benchmarks.spark.SparkBenchmark, a recorded harness):
#   a reference profile of N rows by SparkProfiles in local[2] vs one thread's ReferenceProfile.Builder;
#   scoring M rows with mlops-onnx's fraud.onnx by SparkScoring in local[2] (in chunks, row by row)
#   vs BatchPredictor with 2 threads.
# The harness is its own module (benchmarks/spark: the JMH module's Spring Boot versions would move
# Spark's libraries), with Spark provided as in mlops-spark, so it runs from
# benchmarks/spark/target/classes on the class path Maven writes (dependency:build-classpath); the
# JVM gets the --add-opens flags Spark needs on Java 17 (mlops-spark's list).
# Usage: benchmarks/scripts/spark-bench.sh [profileRows] [scoringRows]   (defaults 10000000 2000000)
#   SKIP_BUILD=1 reuses the class path of a previous run; JAVA_OPTS goes to the JVM (default -Xmx4g).
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=benchmarks/spark/target/spark.classpath
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # -am: the mlops4j modules come from this reactor (packaged now), never from ~/.m2.
  mvn -B -o -q -pl benchmarks/spark -am package dependency:build-classpath -DskipTests \
      -DincludeScope=test -Dmdep.outputFile="target/spark.classpath"
fi
opens=$(sed -n 's:.*<spark.test.opens>\(.*\)</spark.test.opens>.*:\1:p' mlops-spark/pom.xml)
# shellcheck disable=SC2086
SPARK_LOCAL_IP=127.0.0.1 java ${JAVA_OPTS:--Xmx4g} $opens \
    -cp "benchmarks/spark/target/classes:$(cat "$cp_file")" org.mlops4j.benchmarks.spark.SparkBenchmark "$@"
