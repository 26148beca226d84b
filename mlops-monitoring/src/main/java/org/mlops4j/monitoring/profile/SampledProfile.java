package org.mlops4j.monitoring.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.CategoryCodes;
import org.mlops4j.monitoring.drift.SortedSample;

/**
 * A {@link ReferenceProfile} together with the exact values it was built from, kept only while
 * the rows number at most {@link WindowConfig#exactCutoff()}.
 *
 * <p>The exact sample of a feature holds its valid values in arrival order: the finite numbers of
 * a numeric feature, the text of a categorical one and {@code "true"}/{@code "false"} of a
 * boolean one (the same values that enter the feature's profile). {@link WindowDriftCheck} runs
 * the exact tests on them when both sides have them and falls back to the sketches otherwise.
 * Categorical values are dictionary-encoded as they arrive ({@link CategoryCodes}), so a drift
 * check counts codes instead of hashing every label again; a numeric sample is sorted once, at its
 * first drift check, and the sorted copy ({@link SortedSample}, 8 bytes per value) is kept for the
 * next ones, so a reference compared with many windows is sorted once.
 *
 * <p>Immutable and thread-safe; the sample accessors return copies.
 */
public final class SampledProfile {

    private final ReferenceProfile profile;
    /** Feature name to its exact sample ({@code double[]} or {@link CategoryCodes}); null when not exact. */
    private final Map<String, Object> samples;
    /** Sorted numeric samples, made at a feature's first drift check. */
    private final Map<String, SortedSample> sorted = new ConcurrentHashMap<>();

    private SampledProfile(ReferenceProfile profile, Map<String, Object> samples) {
        this.profile = profile;
        this.samples = samples == null ? null : Collections.unmodifiableMap(samples);
    }

    /**
     * Starts building a sampled profile.
     *
     * @param schema the features to profile
     * @param config the sketch sizes and the exact cutoff
     * @return an empty builder
     */
    public static Builder builder(Schema schema, WindowConfig config) {
        Objects.requireNonNull(config, "config");
        return new Builder(Objects.requireNonNull(schema, "schema"), config, config.exactCutoff() > 0);
    }

    /**
     * Profiles rows in one pass, for example a reference data set.
     *
     * @param schema the features to profile
     * @param rows the rows, each a map from feature name to value
     * @param config the sketch sizes and the exact cutoff
     * @return the profile, exact when there are at most {@code config.exactCutoff()} rows
     */
    public static SampledProfile of(Schema schema, Iterable<? extends Map<String, ?>> rows, WindowConfig config) {
        Objects.requireNonNull(rows, "rows");
        Builder builder = builder(schema, config);
        rows.forEach(builder::update);
        return builder.build();
    }

    /**
     * Wraps a profile that has no exact values, such as one loaded from JSON; it is always
     * compared through its sketches.
     *
     * @param profile the profile
     * @return a sampled profile without exact values
     */
    public static SampledProfile sketchOnly(ReferenceProfile profile) {
        return new SampledProfile(Objects.requireNonNull(profile, "profile"), null);
    }

    /**
     * Returns the bounded-memory profile.
     *
     * @return the profile
     */
    public ReferenceProfile profile() {
        return profile;
    }

    /**
     * Returns how many rows were profiled.
     *
     * @return the row count
     */
    public long rows() {
        return profile.rows();
    }

    /**
     * Tells whether the exact values are kept.
     *
     * @return true when every feature's exact sample is available
     */
    public boolean exact() {
        return samples != null;
    }

    /**
     * Returns the exact valid values of a numeric feature.
     *
     * @param name the feature's name
     * @return a copy of the values, or empty when the values were not kept or the feature is not
     *     a numeric feature of the schema
     */
    public Optional<double[]> numericSample(String name) {
        Objects.requireNonNull(name, "name");
        return samples != null && samples.get(name) instanceof double[] d ? Optional.of(d.clone()) : Optional.empty();
    }

    /**
     * Returns the exact valid values of a categorical or boolean feature, as text.
     *
     * @param name the feature's name
     * @return a copy of the values, or empty when the values were not kept or the feature is not
     *     a categorical or boolean feature of the schema
     */
    public Optional<String[]> categoricalSample(String name) {
        Objects.requireNonNull(name, "name");
        return categoryCodes(name).map(CategoryCodes::labels);
    }

    /** The exact values of a numeric feature as given, not copied; empty as {@link #numericSample}. */
    Optional<double[]> numericValues(String name) {
        return samples != null && samples.get(name) instanceof double[] d ? Optional.of(d) : Optional.empty();
    }

    /** The exact values of a numeric feature, sorted once and kept; empty as {@link #numericSample}. */
    Optional<SortedSample> sortedSample(String name) {
        return numericValues(name).map(d -> sorted.computeIfAbsent(name, k -> SortedSample.of(d)));
    }

    /** The exact values of a categorical or boolean feature, encoded; empty as {@link #categoricalSample}. */
    Optional<CategoryCodes> categoryCodes(String name) {
        return samples != null && samples.get(name) instanceof CategoryCodes c ? Optional.of(c) : Optional.empty();
    }

    /**
     * The profile of both inputs' rows; exact when both are and the rows number at most
     * {@code exactCutoff}.
     */
    SampledProfile merge(SampledProfile other, int exactCutoff) {
        ReferenceProfile merged = profile.merge(other.profile);
        if (samples == null || other.samples == null || merged.rows() > exactCutoff) {
            return new SampledProfile(merged, null);
        }
        Map<String, Object> joined = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : samples.entrySet()) {
            Object b = other.samples.get(e.getKey());
            if (e.getValue() instanceof double[] a) {
                double[] out = Arrays.copyOf(a, a.length + ((double[]) b).length);
                System.arraycopy(b, 0, out, a.length, ((double[]) b).length);
                joined.put(e.getKey(), out);
            } else {
                joined.put(e.getKey(), join((CategoryCodes) e.getValue(), (CategoryCodes) b));
            }
        }
        return new SampledProfile(merged, joined);
    }

    /** The values of {@code a} then those of {@code b}, against a's dictionary and b's new labels. */
    private static CategoryCodes join(CategoryCodes a, CategoryCodes b) {
        List<String> dictionary = new ArrayList<>(a.dictionary());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < dictionary.size(); i++) {
            index.put(dictionary.get(i), i);
        }
        List<String> other = b.dictionary();
        int[] remap = new int[other.size()];
        for (int i = 0; i < remap.length; i++) {
            Integer code = index.putIfAbsent(other.get(i), dictionary.size());
            if (code == null) {
                remap[i] = dictionary.size();
                dictionary.add(other.get(i));
            } else {
                remap[i] = code;
            }
        }
        int[] codes = Arrays.copyOf(a.codes(), a.size() + b.size());
        int[] bCodes = b.codes();
        for (int i = 0; i < bCodes.length; i++) {
            codes[a.size() + i] = remap[bCodes[i]];
        }
        return CategoryCodes.of(dictionary, codes);
    }

    @Override
    public String toString() {
        return "SampledProfile[exact=" + exact() + ", " + profile + "]";
    }

    /**
     * Accumulates rows into a {@link SampledProfile}. Not thread-safe.
     */
    public static final class Builder {

        private final Schema schema;
        private final WindowConfig config;
        private final ReferenceProfile.Builder profile;
        private final Map<String, Values> values = new LinkedHashMap<>();
        private boolean keepExact;
        private long rows;

        Builder(Schema schema, WindowConfig config, boolean keepExact) {
            this.schema = schema;
            this.config = config;
            this.profile = ReferenceProfile.builder(schema, config.profile());
            this.keepExact = keepExact;
            if (keepExact) {
                for (Feature f : schema.features()) {
                    values.put(f.name(), new Values(f.type() == FeatureType.NUMERIC));
                }
            }
        }

        /**
         * Adds one row.
         *
         * @param row a map from feature name to value (see {@link ReferenceProfile.Builder#update})
         * @return this builder
         */
        public Builder update(Map<String, ?> row) {
            profile.update(row);
            rows++;
            if (keepExact && rows > config.exactCutoff()) {
                dropExact();
            }
            if (keepExact) {
                for (Feature f : schema.features()) {
                    values.get(f.name()).add(f.type(), row.get(f.name()));
                }
            }
            return this;
        }

        /**
         * Adds rows held column by column ({@code columns[f][r]} is feature {@code f}'s value, in the
         * schema's order, in row {@code r}), with the same result as {@link #update(Map)} of each
         * row in turn; see {@link ReferenceProfile.Builder#updateColumns}.
         *
         * @param columns one array per feature of the schema, in its order
         * @param count how many rows to add, from the first
         * @return this builder
         * @throws IllegalArgumentException if there is not one column per feature, or a column is
         *     shorter than {@code count}
         */
        public Builder updateColumns(Object[][] columns, int count) {
            profile.updateColumns(columns, count);
            rows += count;
            if (keepExact && rows > config.exactCutoff()) {
                dropExact();
            }
            if (keepExact) {
                List<Feature> features = schema.features();
                for (int f = 0; f < features.size(); f++) {
                    Feature feature = features.get(f);
                    Values v = values.get(feature.name());
                    for (int r = 0; r < count; r++) {
                        v.add(feature.type(), columns[f][r]);
                    }
                }
            }
            return this;
        }

        /** Whether exact values are still kept. */
        boolean keepsExact() {
            return keepExact;
        }

        /** Rows added so far. */
        long rows() {
            return rows;
        }

        /** Stops keeping exact values and frees them. */
        void dropExact() {
            keepExact = false;
            values.clear();
        }

        /**
         * Returns a profile of the rows added so far; the builder can go on adding rows without
         * changing it.
         *
         * @return the profile
         */
        public SampledProfile build() {
            if (!keepExact) {
                return new SampledProfile(profile.build(), null);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            values.forEach((name, v) -> out.put(name, v.toArray()));
            return new SampledProfile(profile.build(), out);
        }
    }

    /** A growable array of one feature's valid values; text is dictionary-encoded as it arrives. */
    private static final class Values {
        private double[] numbers;
        private int[] codes;
        private Map<String, Integer> index;
        private List<String> dictionary;
        private int size;

        Values(boolean numeric) {
            if (numeric) {
                numbers = new double[16];
            } else {
                codes = new int[16];
                index = new HashMap<>();
                dictionary = new ArrayList<>();
            }
        }

        void add(FeatureType type, Object value) {
            if (value == null) {
                return;
            }
            if (numbers != null) {
                if (value instanceof Number n && !(value instanceof Boolean) && Double.isFinite(n.doubleValue())) {
                    if (size == numbers.length) {
                        numbers = Arrays.copyOf(numbers, size * 2);
                    }
                    numbers[size++] = n.doubleValue();
                }
                return;
            }
            boolean valid = type == FeatureType.BOOLEAN ? value instanceof Boolean : value instanceof CharSequence;
            if (valid) {
                if (size == codes.length) {
                    codes = Arrays.copyOf(codes, size * 2);
                }
                String label = value.toString();
                Integer code = index.putIfAbsent(label, dictionary.size());
                if (code == null) {
                    code = dictionary.size();
                    dictionary.add(label);
                }
                codes[size++] = code;
            }
        }

        Object toArray() {
            return numbers != null ? Arrays.copyOf(numbers, size) : CategoryCodes.of(dictionary, Arrays.copyOf(codes, size));
        }
    }
}
