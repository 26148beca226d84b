/**
 * Apache Spark integration: batch scoring of a {@code Dataset<Row>} with a model from the
 * registry ({@link org.mlops4j.spark.SparkScoring}; the registry stays on the driver, only the
 * resolved version's verified bytes travel to the executors), dataset drift between two DataFrames
 * with the tests and report of the monitoring module ({@link org.mlops4j.spark.SparkDrift}), and
 * the prediction log read back and joined with late labels for retraining
 * ({@link org.mlops4j.spark.PredictionLogs}).
 */
package org.mlops4j.spark;
