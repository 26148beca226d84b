package org.mlops4j.spark;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.mlops4j.core.schema.Feature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prediction log read by {@link PredictionLogs#read}: its well-formed lines as
 * {@link #predictions()}, its malformed ones apart in {@link #malformed()}, so that a bad line never
 * fails the job and never disappears unseen. Every method is lazy but the counts, which run a job;
 * cache {@link #lines()} before using several.
 */
public final class LoggedPredictions {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedPredictions.class);
    private static final int EXAMPLES = 3;

    private final Dataset<Row> lines;
    private final List<Feature> features;
    private final String source;

    LoggedPredictions(Dataset<Row> lines, List<Feature> features, String source) {
        this.lines = lines;
        this.features = List.copyOf(features);
        this.source = source;
    }

    /**
     * Returns every line, parsed: the prediction columns (see {@link #predictions()}) and
     * {@code malformed} (why a line is not a prediction, null for a good line) and {@code line} (the
     * first 1,000 characters of a malformed line, null for a good one). Each call gives a new
     * {@code Dataset} over the same plan, and Spark caches by plan: {@code lines().cache()} holds
     * for {@link #predictions()}, {@link #malformed()} and the counts.
     *
     * @return the lines
     */
    public Dataset<Row> lines() {
        return lines.toDF();
    }

    /**
     * Returns the well-formed lines: {@code prediction_id}, {@code request_id}, {@code routing_key}
     * (strings), {@code timestamp} (timestamp, microseconds), {@code endpoint}, {@code variant}
     * (strings), {@code fallback} (boolean), {@code model} ({@code name/version}), {@code model_name},
     * {@code model_version} (int), {@code latency_nanos} (long), {@code confidence} (double),
     * {@code input} (the line's {@code features} object, or its {@code input}, as JSON text),
     * {@code output} (JSON text), {@code output_label} (a text, boolean or integer output, or an
     * object output's text {@code label}), {@code output_value} (a numeric output, or an object
     * output's numeric {@code value}), {@code error}, {@code truncated} (the size in bytes of a line
     * written without its input and output, else null), {@code file}, then one column per feature of
     * the schema given to {@code read}.
     *
     * @return the predictions
     */
    public Dataset<Row> predictions() {
        return lines.where(functions.col(LogColumns.MALFORMED).isNull()).drop(LogColumns.MALFORMED, LogColumns.LINE);
    }

    /**
     * Returns the malformed lines: {@code file}, {@code line} (its first 1,000 characters) and
     * {@code error} (why it is not a prediction: not JSON, a required field missing or of the wrong
     * type, a feature of the wrong type, a blank line).
     *
     * @return the malformed lines
     */
    public Dataset<Row> malformed() {
        return lines.where(functions.col(LogColumns.MALFORMED).isNotNull())
                .select(functions.col(LogColumns.FILE), functions.col(LogColumns.LINE),
                        functions.col(LogColumns.MALFORMED).as("error"));
    }

    /**
     * Counts the malformed lines (one job), logging the count and a few of them at WARN when there
     * are any.
     *
     * @return how many lines are not predictions
     */
    public long malformedCount() {
        long n = malformed().count();
        if (n > 0) {
            List<Row> examples = malformed().limit(EXAMPLES).collectAsList();
            LOG.warn("{} malformed lines in the prediction log {}, for example {}", n, source,
                    examples.stream().map(r -> r.getString(0) + ": " + r.getString(2)).toList());
        }
        return n;
    }

    /** @return the features read into columns, in order; empty when none were asked for */
    public List<Feature> features() {
        return features;
    }

    /** The feature columns, in schema order. */
    Column[] featureColumns() {
        return features.stream().map(Feature::name).map(functions::col).toArray(Column[]::new);
    }
}
