package org.mlops4j.spark;

import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import java.util.List;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/**
 * Reads the JSON-lines prediction log that services write ({@code mlops-monitoring}'s
 * {@code PredictionLog}) into a DataFrame, and joins late labels to it for a retraining job.
 *
 * <pre>{@code
 * LoggedPredictions logged = PredictionLogs.read(spark, schema, "s3://bucket/prediction-logs/2026-12-05/");
 * LabelledPredictions data = PredictionLogs.labelled(logged, labels, UnlabelledRows.EXCLUDE);
 * data.trainingRows().write().parquet("s3://bucket/training/2026-12-05");
 * LabelCounts counts = data.counts();   // labelled, unlabelled, unknown and duplicate labels, malformed lines
 * }</pre>
 *
 * <p>Stateless; the reading is lazy, as Spark's is.
 */
public final class PredictionLogs {

    private PredictionLogs() {
    }

    /**
     * Reads prediction log files, with the input as JSON text only.
     *
     * @param spark the session
     * @param paths files, directories or globs, as {@code DataFrameReader.text} reads them
     * @return the lines, parsed lazily
     * @throws IllegalArgumentException if no path is given
     */
    public static LoggedPredictions read(SparkSession spark, String... paths) {
        return read(spark, null, paths);
    }

    /**
     * Reads prediction log files, with each feature of a schema in a column of its own read from
     * the line's {@code features} object (or its {@code input} object): double for NUMERIC, string
     * for CATEGORICAL, boolean for BOOLEAN.
     *
     * @param spark the session
     * @param features the features to read into columns; {@code null} for none
     * @param paths files, directories or globs, as {@code DataFrameReader.text} reads them
     * @return the lines, parsed lazily
     * @throws IllegalArgumentException if no path is given, or a feature has the name of a log column
     */
    public static LoggedPredictions read(SparkSession spark, Schema features, String... paths) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(paths, "paths");
        if (paths.length == 0) {
            throw new IllegalArgumentException("paths must name at least one file or directory but none was given");
        }
        Arrays.stream(paths).forEach(p -> Objects.requireNonNull(p, "path"));
        List<Feature> schema = features == null ? List.of() : features.features();
        boolean instants = Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
        JavaRDD<Row> parsed = spark.read().text(paths)
                .select(functions.col("value"), functions.input_file_name())
                .javaRDD()
                .mapPartitions(new LogLineParser(schema, instants));
        return new LoggedPredictions(spark.createDataFrame(parsed, LogColumns.parsed(schema)), schema,
                String.join(", ", paths));
    }

    /**
     * Joins late labels to logged predictions by prediction id. When an id has several labels the
     * one with the latest {@code label_time} wins (among equal times, the greatest label as text);
     * labels whose id is not in the log are left out and counted. Truncated lines, whose features
     * were not written, are left out and counted; malformed lines never reach the predictions.
     *
     * @param logged the predictions
     * @param labels a frame with columns {@code prediction_id} (string), {@code label} (any type)
     *     and {@code label_time} (timestamp)
     * @param unlabelled whether predictions without a label are left out or kept with a null label
     * @return the labelled data set and its counts
     * @throws IllegalArgumentException if {@code labels} lacks a column or one has the wrong type
     */
    public static LabelledPredictions labelled(LoggedPredictions logged, Dataset<Row> labels,
                                               UnlabelledRows unlabelled) {
        Objects.requireNonNull(logged, "logged");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(unlabelled, "unlabelled");
        return LabelledPredictions.join(logged, labels, unlabelled);
    }
}
