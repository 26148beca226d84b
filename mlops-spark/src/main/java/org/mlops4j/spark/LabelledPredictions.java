package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logged predictions joined with their late labels ({@link PredictionLogs#labelled}): the data set a
 * retraining job reads. Lazy but {@link #counts()}, which runs a few jobs.
 */
public final class LabelledPredictions {

    private static final Logger LOG = LoggerFactory.getLogger(LabelledPredictions.class);
    static final String LABEL = "label";
    static final String LABEL_TIME = "label_time";
    static final String LABELLED = "labelled";

    private final LoggedPredictions logged;
    private final Dataset<Row> labels;
    private final Dataset<Row> rows;

    private LabelledPredictions(LoggedPredictions logged, Dataset<Row> labels, Dataset<Row> rows) {
        this.logged = logged;
        this.labels = labels;
        this.rows = rows;
    }

    static LabelledPredictions join(LoggedPredictions logged, Dataset<Row> labels, UnlabelledRows unlabelled) {
        require(labels, LogColumns.PREDICTION_ID, DataTypes.StringType);
        require(labels, LABEL, null);
        require(labels, LABEL_TIME, DataTypes.TimestampType);
        Dataset<Row> latest = labels
                .withColumn("_rank", functions.row_number().over(Window.partitionBy(LogColumns.PREDICTION_ID)
                        .orderBy(functions.col(LABEL_TIME).desc_nulls_last(),
                                functions.col(LABEL).cast("string").desc_nulls_last())))
                .where(functions.col("_rank").equalTo(1))
                .select(functions.col(LogColumns.PREDICTION_ID), functions.col(LABEL), functions.col(LABEL_TIME),
                        functions.lit(true).as(LABELLED));
        Dataset<Row> joined = complete(logged).join(latest, LogColumns.PREDICTION_ID,
                unlabelled == UnlabelledRows.KEEP ? "left" : "inner");
        Dataset<Row> rows = joined.withColumn(LABELLED, functions.coalesce(functions.col(LABELLED),
                functions.lit(false)));
        return new LabelledPredictions(logged, labels, rows);
    }

    /** The predictions whose input was written (truncated lines have none). */
    private static Dataset<Row> complete(LoggedPredictions logged) {
        return logged.predictions().where(functions.col(LogColumns.TRUNCATED).isNull());
    }

    private static void require(Dataset<Row> labels, String column, DataType type) {
        StructField field = Arrays.stream(labels.schema().fields()).filter(f -> f.name().equals(column))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("labels have no column '" + column
                        + "'; they need prediction_id (string), label and label_time (timestamp) but have "
                        + Arrays.toString(labels.schema().fieldNames())));
        if (type != null && !field.dataType().equals(type)) {
            throw new IllegalArgumentException("labels column '" + column + "' must be " + type.simpleString()
                    + " but is " + field.dataType().simpleString());
        }
    }

    /**
     * Returns the labelled predictions: every column of {@link LoggedPredictions#predictions()},
     * then {@code label} (the labels frame's type), {@code label_time} and {@code labelled} (false
     * for a kept unlabelled prediction, whose label and time are null).
     *
     * Each call gives a new {@code Dataset} over the same plan.
     *
     * @return the rows
     */
    public Dataset<Row> rows() {
        return rows.toDF();
    }

    /**
     * Returns what a retraining job reads: the feature columns (when the log was read with a
     * schema; else {@code input}, the JSON text) and {@code label}, plus {@code prediction_id} and
     * {@code timestamp} to split by time.
     *
     * @return the training rows
     */
    public Dataset<Row> trainingRows() {
        List<Column> columns = new ArrayList<>();
        columns.add(functions.col(LogColumns.PREDICTION_ID));
        columns.add(functions.col(LogColumns.TIMESTAMP));
        Column[] features = logged.featureColumns();
        columns.addAll(features.length == 0 ? List.of(functions.col("input")) : Arrays.asList(features));
        columns.add(functions.col(LABEL));
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * Counts what was joined (a few jobs), logging the counts at INFO and the malformed lines at
     * WARN.
     *
     * @return the counts
     */
    public LabelCounts counts() {
        Row lines = logged.lines().agg(
                functions.count(functions.when(functions.col(LogColumns.MALFORMED).isNull(), 1)),
                functions.count(functions.col(LogColumns.MALFORMED)),
                functions.count(functions.when(functions.col(LogColumns.MALFORMED).isNull()
                        .and(functions.col(LogColumns.TRUNCATED).isNotNull()), 1))).first();
        long predictions = lines.getLong(0);
        long malformed = lines.getLong(1);
        long truncated = lines.getLong(2);
        if (malformed > 0) {
            logged.malformedCount();
        }
        long labelled = rows.where(functions.col(LABELLED)).count();
        Row labelRows = labels.agg(functions.count(functions.lit(1)),
                functions.countDistinct(functions.col(LogColumns.PREDICTION_ID))).first();
        long ids = labelRows.getLong(1);
        long nullIds = labels.where(functions.col(LogColumns.PREDICTION_ID).isNull()).count();
        Dataset<Row> known = logged.predictions().select(functions.col(LogColumns.PREDICTION_ID).as("_known"));
        long unknown = labels.join(known, labels.col(LogColumns.PREDICTION_ID).equalTo(known.col("_known")),
                "left_anti").count();
        LabelCounts counts = new LabelCounts(predictions, malformed, truncated, labelled,
                predictions - truncated - labelled, labelRows.getLong(0), unknown,
                labelRows.getLong(0) - ids - nullIds);
        LOG.info("labelled predictions: {}", counts);
        return counts;
    }
}
