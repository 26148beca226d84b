package org.mlops4j.tribuo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.core.schema.Violation;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Turns tabular rows ({@code Map<String, ?>}) into Tribuo examples and datasets with exactly the
 * encoding {@link TribuoPredictor} uses when serving, so training and serving never disagree on
 * feature names: numbers by name, booleans as 1.0/0.0, strings one-hot as {@code name@value},
 * {@code null} left out. Stateless.
 */
public final class TribuoExamples {

    private TribuoExamples() {
    }

    /**
     * Encodes one row with its known output, for training or evaluation.
     *
     * @param row feature name to value
     * @param output the row's label or target
     * @param <T> the output type
     * @return the example
     * @throws InvalidInputException if a value has an unsupported type or is not finite, or the row
     *     has no non-null value
     */
    public static <T extends Output<T>> ArrayExample<T> example(Map<String, ?> row, T output) {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(output, "output");
        String[] names = new String[row.size()];
        double[] values = new double[row.size()];
        int n = 0;
        List<Violation> violations = new ArrayList<>(0);
        for (Map.Entry<String, ?> e : row.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "row key");
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            String name = featureName(key, value);
            if (name == null) {
                violations.add(wrongType(key, value));
                continue;
            }
            double x = featureValue(value);
            if (!Double.isFinite(x)) {
                violations.add(new Violation(key, value, Rule.NON_FINITE, "must be finite"));
                continue;
            }
            names[n] = name;
            values[n] = x;
            n++;
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (n == 0) {
            throw new InvalidInputException("row has no non-null feature: " + row);
        }
        // One bulk construction sorts once; adding features one by one re-sorts after each.
        return new ArrayExample<>(output, Arrays.copyOf(names, n), Arrays.copyOf(values, n));
    }

    /**
     * Encodes rows and their outputs as a dataset.
     *
     * @param rows the rows
     * @param outputs one output per row, in the same order
     * @param factory the output type's factory, for example {@code new LabelFactory()}
     * @param description where the data came from; recorded in the dataset's provenance
     * @param <T> the output type
     * @return the dataset
     * @throws IllegalArgumentException if the lists differ in length or are empty
     * @throws InvalidInputException if a row cannot be encoded; the message names the row index
     */
    public static <T extends Output<T>> MutableDataset<T> dataset(List<? extends Map<String, ?>> rows, List<T> outputs,
                                                                  OutputFactory<T> factory, String description) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(description, "description");
        if (rows.size() != outputs.size()) {
            throw new IllegalArgumentException("rows and outputs must have the same size but were " + rows.size()
                    + " and " + outputs.size());
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows must not be empty");
        }
        List<org.tribuo.Example<T>> examples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                examples.add(example(rows.get(i), outputs.get(i)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("row " + i + ": " + e.getMessage());
            }
        }
        SimpleDataSourceProvenance provenance = new SimpleDataSourceProvenance(description, factory);
        return new MutableDataset<>(new ListDataSource<>(examples, factory, provenance));
    }

    /** The Tribuo feature name of a value, or null when its type is not supported. */
    static String featureName(String key, Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return key;
        }
        if (value instanceof CharSequence cs) {
            return key + "@" + cs;
        }
        return null;
    }

    /** The Tribuo feature value of a supported value. */
    static double featureValue(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return 1.0;
    }

    static Violation wrongType(String key, Object value) {
        return new Violation(key, value, Rule.WRONG_TYPE,
                "must be a Number, Boolean or String, was " + value.getClass().getName());
    }
}
