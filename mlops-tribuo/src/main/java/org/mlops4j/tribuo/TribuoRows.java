package org.mlops4j.tribuo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;

/**
 * Decodes Tribuo examples back into rows of a {@link Schema}, undoing the encoding of
 * {@link org.mlops4j.tribuo.TribuoExamples}, so that a reference profile can be built from a
 * training {@link Dataset} ({@link #referenceProfile}).
 *
 * <p>Per schema feature: a numeric feature {@code name} takes the value of the Tribuo feature
 * {@code name}; a boolean one is {@code value != 0}; a categorical one is the {@code value} of the
 * one-hot Tribuo feature {@code name@value} with a non-zero value. Following Tribuo's sparse
 * semantics, an absent numeric feature is 0.0 and an absent boolean is {@code false}; an absent
 * categorical feature is missing ({@code null}). Tribuo features that match no schema feature are
 * ignored. Stateless and thread-safe.
 */
public final class TribuoRows {

    private TribuoRows() {
    }

    /**
     * Decodes one example.
     *
     * @param example the example
     * @param schema the features to decode
     * @return an unmodifiable row in schema order; categorical values may be {@code null}
     */
    public static Map<String, Object> row(Example<?> example, Schema schema) {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(schema, "schema");
        Map<String, Object> row = new LinkedHashMap<>();
        for (Feature f : schema.features()) {
            row.put(f.name(), switch (f.type()) {
                case NUMERIC -> 0.0;
                case BOOLEAN -> Boolean.FALSE;
                case CATEGORICAL -> null;
            });
        }
        for (org.tribuo.Feature tf : example) {
            String name = tf.getName();
            Feature f = schema.feature(name).orElse(null);
            if (f != null && f.type() == FeatureType.NUMERIC) {
                row.put(name, tf.getValue());
            } else if (f != null && f.type() == FeatureType.BOOLEAN) {
                row.put(name, tf.getValue() != 0.0);
            } else if (tf.getValue() != 0.0) {
                putCategory(row, schema, name);
            }
        }
        return Collections.unmodifiableMap(row);
    }

    /** Splits {@code name@value} at the '@' whose prefix is a categorical feature. */
    private static void putCategory(Map<String, Object> row, Schema schema, String encoded) {
        for (int at = encoded.indexOf('@'); at >= 0; at = encoded.indexOf('@', at + 1)) {
            String prefix = encoded.substring(0, at);
            if (schema.feature(prefix).filter(f -> f.type() == FeatureType.CATEGORICAL).isPresent()) {
                row.put(prefix, encoded.substring(at + 1));
                return;
            }
        }
    }

    /**
     * Decodes every example of a dataset.
     *
     * @param dataset the dataset
     * @param schema the features to decode
     * @return the rows, in the dataset's order
     */
    public static List<Map<String, Object>> rows(Dataset<?> dataset, Schema schema) {
        Objects.requireNonNull(dataset, "dataset");
        List<Map<String, Object>> rows = new ArrayList<>(dataset.size());
        for (Example<?> example : dataset) {
            rows.add(row(example, schema));
        }
        return rows;
    }

    /**
     * Profiles a Tribuo dataset with the default config.
     *
     * @param dataset the dataset
     * @param schema the features to profile
     * @return the profile of the decoded rows
     */
    public static ReferenceProfile referenceProfile(Dataset<?> dataset, Schema schema) {
        Objects.requireNonNull(dataset, "dataset");
        ReferenceProfile.Builder builder = ReferenceProfile.builder(schema);
        for (Example<?> example : dataset) {
            builder.update(row(example, schema));
        }
        return builder.build();
    }

    /**
     * Profiles a Tribuo dataset, keeping its exact values when it is small enough.
     *
     * @param dataset the dataset
     * @param schema the features to profile
     * @param config the sketch sizes and exact cutoff
     * @return the profile of the decoded rows
     */
    public static SampledProfile sampledProfile(Dataset<?> dataset, Schema schema, WindowConfig config) {
        Objects.requireNonNull(dataset, "dataset");
        SampledProfile.Builder builder = SampledProfile.builder(schema, config);
        for (Example<?> example : dataset) {
            builder.update(row(example, schema));
        }
        return builder.build();
    }
}
