package org.mlops4j.tribuo;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Schema;
import org.tribuo.Example;

/**
 * Reads schema features out of Tribuo {@link Example}s, for a service whose endpoint takes
 * examples rather than maps: a monitor, a profile or a prediction log reads them as
 * {@link TribuoRows#row} decodes them (numeric by name, booleans as non-zero, categoricals from
 * their one-hot {@code name@value} features).
 *
 * <pre>{@code
 * ModelMonitor.builder(TribuoOutputs.classifier()).reference(profile)
 *         .features(TribuoFeatures.examples(profile.schema())).build();
 * }</pre>
 */
public final class TribuoFeatures {

    private TribuoFeatures() {
    }

    /**
     * An extractor of the schema's features from examples.
     *
     * @param schema the schema the features are decoded with (their types)
     * @return the extractor; a reader it binds reads {@link Example}s and nothing else
     */
    public static FeatureExtractor<Example<?>> examples(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        return features -> new ExampleReader(schema, features);
    }

    /**
     * Decodes an example into a row once, then reads the bound features from it: a monitor reads
     * one input's features one after another on one thread, so each thread keeps its last decoded
     * example.
     */
    private static final class ExampleReader implements FeatureReader<Example<?>> {
        private final Schema schema;
        private final List<String> features;
        private final ThreadLocal<Decoded> last = new ThreadLocal<>();

        /** An example and its decoded row. */
        private record Decoded(Example<?> example, Map<String, Object> row) {
        }

        ExampleReader(Schema schema, List<String> features) {
            this.schema = schema;
            this.features = List.copyOf(features);
            for (String f : this.features) {
                if (schema.feature(f).isEmpty()) {
                    throw new IllegalArgumentException("feature '" + f + "' is not in the schema the examples are "
                            + "decoded with: " + schema);
                }
            }
        }

        @Override
        public List<String> features() {
            return features;
        }

        @Override
        public boolean canRead(Object input) {
            return input instanceof Example<?>;
        }

        @Override
        public Object value(Example<?> input, int feature) {
            Decoded d = last.get();
            if (d == null || d.example() != input) {
                d = new Decoded(input, TribuoRows.row(input, schema));
                last.set(d);
            }
            return d.row().get(features.get(feature));
        }

        @Override
        public Map<String, Object> toMap(Example<?> input) {
            Map<String, Object> row = TribuoRows.row(input, schema);
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (String f : features) {
                out.put(f, row.get(f));
            }
            return out;
        }

        @Override
        public String toString() {
            return "FeatureReader[Tribuo examples " + features + "]";
        }
    }
}
