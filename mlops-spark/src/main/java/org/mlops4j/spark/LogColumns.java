package org.mlops4j.spark;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mlops4j.core.schema.Feature;

/** The columns {@link PredictionLogs#read} gives a prediction log's lines. */
final class LogColumns {

    static final String PREDICTION_ID = "prediction_id";
    static final String TIMESTAMP = "timestamp";
    static final String TRUNCATED = "truncated";
    static final String FILE = "file";
    static final String MALFORMED = "malformed";
    static final String LINE = "line";

    /** The fixed columns, in order; the feature columns follow, then {@code malformed} and {@code line}. */
    static final StructType FIXED = new StructType()
            .add(PREDICTION_ID, DataTypes.StringType, true)
            .add("request_id", DataTypes.StringType, true)
            .add("routing_key", DataTypes.StringType, true)
            .add(TIMESTAMP, DataTypes.TimestampType, true)
            .add("endpoint", DataTypes.StringType, true)
            .add("variant", DataTypes.StringType, true)
            .add("fallback", DataTypes.BooleanType, true)
            .add("model", DataTypes.StringType, true)
            .add("model_name", DataTypes.StringType, true)
            .add("model_version", DataTypes.IntegerType, true)
            .add("latency_nanos", DataTypes.LongType, true)
            .add("confidence", DataTypes.DoubleType, true)
            .add("input", DataTypes.StringType, true)
            .add("output", DataTypes.StringType, true)
            .add("output_label", DataTypes.StringType, true)
            .add("output_value", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, true)
            .add(TRUNCATED, DataTypes.LongType, true)
            .add(FILE, DataTypes.StringType, true);

    private LogColumns() {
    }

    /** The parsed lines' schema: the fixed columns, one per feature, then the malformed marker and text. */
    static StructType parsed(List<Feature> features) {
        StructType out = FIXED;
        List<String> fixed = List.of(FIXED.fieldNames());
        for (Feature f : features) {
            if (fixed.contains(f.name()) || f.name().equals(MALFORMED) || f.name().equals(LINE)
                    || f.name().equals("label") || f.name().equals("label_time") || f.name().equals("labelled")) {
                throw new IllegalArgumentException("feature '" + f.name() + "' has the name of a prediction log column; "
                        + "the log's columns are " + fixed + " and malformed, line, label, label_time, labelled");
            }
            out = out.add(f.name(), type(f), true);
        }
        return out.add(MALFORMED, DataTypes.StringType, true).add(LINE, DataTypes.StringType, true);
    }

    static DataType type(Feature f) {
        return switch (f.type()) {
            case NUMERIC -> DataTypes.DoubleType;
            case CATEGORICAL -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }
}
