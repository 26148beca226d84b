/**
 * Apache Spark integration: batch scoring of a {@code Dataset<Row>} with a model from the
 * registry ({@link org.mlops4j.spark.SparkScoring}). The registry stays on the driver; only the
 * resolved version's verified bytes travel to the executors.
 */
package org.mlops4j.spark;
