package org.mlops4j.spark;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The names of the columns scoring adds, in this order: the predicted label (string, null for a
 * regression model or a failed row), the predicted value (double, null when the model gives none),
 * the confidence in [0, 1] (double, null when the model gives none), the model version that
 * answered (int), and the error (string, null when the row was answered).
 *
 * @param label the predicted label's column
 * @param value the predicted value's column
 * @param confidence the confidence's column
 * @param modelVersion the model version's column
 * @param error the error's column
 */
public record ScoreColumns(String label, String value, String confidence, String modelVersion, String error) {

    /** How many columns scoring adds. */
    static final int COUNT = 5;

    /**
     * Checks the names.
     *
     * @param label the predicted label's column
     * @param value the predicted value's column
     * @param confidence the confidence's column
     * @param modelVersion the model version's column
     * @param error the error's column
     * @throws IllegalArgumentException when a name is blank or two are the same
     */
    public ScoreColumns {
        List<String> all = List.of(Objects.requireNonNull(label, "label"), Objects.requireNonNull(value, "value"),
                Objects.requireNonNull(confidence, "confidence"), Objects.requireNonNull(modelVersion, "modelVersion"),
                Objects.requireNonNull(error, "error"));
        for (String name : all) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("column names must not be blank but were " + all);
            }
        }
        if (all.stream().distinct().count() != all.size()) {
            throw new IllegalArgumentException("column names must differ but were " + all);
        }
    }

    /**
     * The default names: {@code prediction}, {@code prediction_value}, {@code confidence},
     * {@code model_version}, {@code error}.
     *
     * @return the names
     */
    public static ScoreColumns ofDefaults() {
        return new ScoreColumns("prediction", "prediction_value", "confidence", "model_version", "error");
    }

    /** @return the names in column order */
    List<String> names() {
        return List.of(label, value, confidence, modelVersion, error);
    }

    /** The input's schema with these columns added, refusing a name the input already has. */
    StructType appendTo(StructType input) {
        for (String name : names()) {
            for (String existing : input.fieldNames()) {
                if (existing.equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("the data set already has a column " + existing
                            + " that scoring would add: choose other ScoreColumns");
                }
            }
        }
        return input.add(label, DataTypes.StringType, true)
                .add(value, DataTypes.DoubleType, true)
                .add(confidence, DataTypes.DoubleType, true)
                .add(modelVersion, DataTypes.IntegerType, false)
                .add(error, DataTypes.StringType, true);
    }
}
