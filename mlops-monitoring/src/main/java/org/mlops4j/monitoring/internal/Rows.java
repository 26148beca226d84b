package org.mlops4j.monitoring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/**
 * Reads inputs of any type into the rows (feature name to value) the profiles and drift tests take,
 * through a {@link FeatureExtractor}.
 *
 * <p>Internal: public only so that the packages of mlops-monitoring share it; not part of the API.
 */
public final class Rows {

    private Rows() {
    }

    /**
     * Binds an extractor to a schema's features.
     *
     * @param schema the schema
     * @param features the extractor
     * @param <I> the input type
     * @return the reader
     */
    public static <I> FeatureReader<? super I> reader(Schema schema, FeatureExtractor<? super I> features) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(features, "features");
        return features.bind(schema.features().stream().map(Feature::name).toList());
    }

    /**
     * Reads one input.
     *
     * @param reader the reader
     * @param input the input
     * @param index its position, for the message
     * @param <I> the input type
     * @return the row
     * @throws IllegalArgumentException if the reader cannot read the input, naming its position and type
     */
    public static <I> Map<String, Object> row(FeatureReader<? super I> reader, I input, long index) {
        if (!reader.canRead(input)) {
            throw new IllegalArgumentException("inputs[" + index + "] of type "
                    + (input == null ? "null" : input.getClass().getName()) + " cannot be read by " + reader
                    + ": give a FeatureExtractor that reads it");
        }
        return reader.toMap(input);
    }

    /**
     * Reads inputs.
     *
     * @param schema the schema
     * @param inputs the inputs
     * @param features the extractor
     * @param <I> the input type
     * @return the rows, in order
     * @throws IllegalArgumentException if an input cannot be read, naming its position and type
     */
    public static <I> List<Map<String, Object>> rows(Schema schema, Iterable<? extends I> inputs,
                                                     FeatureExtractor<? super I> features) {
        Objects.requireNonNull(inputs, "inputs");
        FeatureReader<? super I> reader = reader(schema, features);
        List<Map<String, Object>> out = new ArrayList<>();
        long i = 0;
        for (I input : inputs) {
            out.add(row(reader, input, i++));
        }
        return out;
    }
}
