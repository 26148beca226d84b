package org.mlops4j.monitoring.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.internal.Rows;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * How a monitor splits its traffic into segments: a {@link SegmentFunction}, the segments it keeps
 * and one {@link ReferenceProfile} per kept segment, built from labelled reference data run through
 * the same function.
 *
 * <p><b>Bounded cardinality.</b> The kept segments are the {@code topK} segments with the most
 * reference rows (ties broken by name), plus {@value #OTHER}, which pools every other reference
 * row and, in production, every input whose segment is not kept, including segments the reference
 * never saw and inputs the function names null. A name equal to {@value #OTHER} is pooled there
 * too. So a monitor holds at most {@code topK + 1} segment profiles per key, whatever the function
 * returns: its memory bound is {@code topK + 1} reference profiles (a few KB per numeric feature
 * each), and per open window {@code topK + 1} counters plus one {@code int} per buffered row (the
 * window already keeps the row's values).
 *
 * <p><b>On the serving thread</b> {@link #indexOf} applies the function and looks the name up in
 * an immutable map: no allocation beyond what the function does. Everything else happens when a
 * window is analysed, on the monitor's analysis executor.
 *
 * <p>Immutable and thread-safe if the function is.
 */
public final class Segmentation {

    /** The segment pooling every segment that is not kept. */
    public static final String OTHER = "other";
    /** Segments kept by default, besides {@value #OTHER}. */
    public static final int DEFAULT_TOP_K = 10;

    private final SegmentFunction function;
    private final Schema schema;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final List<ReferenceProfile> references;
    private final long[] referenceRows;

    private Segmentation(SegmentFunction function, Schema schema, List<String> names,
                         List<ReferenceProfile> references, long[] referenceRows) {
        this.function = function;
        this.schema = schema;
        this.names = List.copyOf(names);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.size() - 1; i++) {
            map.put(names.get(i), i);
        }
        this.index = Map.copyOf(map);
        this.references = List.copyOf(references);
        this.referenceRows = referenceRows.clone();
    }

    /**
     * Starts a segmentation by a function.
     *
     * @param function names the segment of an input
     * @return a builder keeping the top {@value #DEFAULT_TOP_K} segments
     * @throws NullPointerException if {@code function} is null
     */
    public static Builder builder(SegmentFunction function) {
        return new Builder(Objects.requireNonNull(function, "function"));
    }

    /**
     * The index of an input's segment among {@link #segments()}: the kept segment it names, or the
     * index of {@value #OTHER}. What the monitor calls on the serving thread.
     *
     * @param input the model input
     * @return the index, in {@code [0, segments().size())}
     * @throws RuntimeException whatever the segment function throws (the monitor catches it)
     */
    public int indexOf(Object input) {
        String name = function.segmentOf(input);
        if (name == null) {
            return names.size() - 1;
        }
        Integer i = index.get(name);
        return i == null ? names.size() - 1 : i;
    }

    /**
     * The index of a segment name among {@link #segments()}.
     *
     * @param name a segment name
     * @return its index, or that of {@value #OTHER} for a name that is not kept
     */
    public int indexOfName(String name) {
        Integer i = index.get(Objects.requireNonNull(name, "name"));
        return i == null ? names.size() - 1 : i;
    }

    /** @return the kept segments, most reference rows first, then {@value #OTHER} last */
    public List<String> segments() {
        return names;
    }

    /** @return the number of segments, {@value #OTHER} included: at most {@code topK + 1} */
    public int size() {
        return names.size();
    }

    /** @return the schema of the segment references: the monitor's reference schema */
    public Schema schema() {
        return schema;
    }

    /**
     * The reference profile of one segment.
     *
     * @param segment the segment's index among {@link #segments()}
     * @return its profile; {@value #OTHER}'s may have no rows (every reference segment was kept)
     * @throws IndexOutOfBoundsException if the index is not a segment's
     */
    public ReferenceProfile reference(int segment) {
        return references.get(segment);
    }

    /**
     * The reference rows of one segment.
     *
     * @param segment the segment's index among {@link #segments()}
     * @return its rows in the reference data
     * @throws IndexOutOfBoundsException if the index is not a segment's
     */
    public long referenceRows(int segment) {
        return referenceRows[segment];
    }

    /** @return the segment function */
    public SegmentFunction function() {
        return function;
    }

    @Override
    public String toString() {
        return "Segmentation" + names;
    }

    /** Configures a {@link Segmentation}; not thread-safe. */
    public static final class Builder {
        private final SegmentFunction function;
        private int topK = DEFAULT_TOP_K;
        private ProfileConfig config = ProfileConfig.ofDefaults();
        private Schema schema;
        private Iterable<?> inputs;
        private Function<Object, Map<String, ?>> rows;

        private Builder(SegmentFunction function) {
            this.function = function;
        }

        /**
         * @param value segments kept besides {@value #OTHER}, from 1
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is below 1
         */
        public Builder topK(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("topK must be >= 1 but was " + value);
            }
            this.topK = value;
            return this;
        }

        /**
         * @param value the sketch sizes of the segment references; use the monitor reference's
         * @return this builder
         */
        public Builder profileConfig(ProfileConfig value) {
            this.config = Objects.requireNonNull(value, "profileConfig");
            return this;
        }

        /**
         * The labelled reference data, as rows that are also the inputs the segment function reads
         * (maps from feature name to value). Iterated twice by {@link #build()}: once to count the
         * segments, once to profile the kept ones.
         *
         * @param schema the monitor's schema
         * @param referenceRows the rows
         * @return this builder
         */
        public Builder reference(Schema schema, Iterable<? extends Map<String, ?>> referenceRows) {
            this.schema = Objects.requireNonNull(schema, "schema");
            this.inputs = Objects.requireNonNull(referenceRows, "referenceRows");
            this.rows = row -> {
                if (!(row instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("reference row must be a map but was " + row);
                }
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) map;
                return typed;
            };
            return this;
        }

        /**
         * The labelled reference data, as model inputs of any type that the segment function reads
         * and {@code features} turns into rows. Iterated twice by {@link #build()}.
         *
         * @param schema the monitor's schema
         * @param referenceInputs the inputs
         * @param features reads the schema's features out of an input
         * @param <I> the input type
         * @return this builder
         */
        public <I> Builder reference(Schema schema, Iterable<? extends I> referenceInputs,
                                     FeatureExtractor<? super I> features) {
            this.schema = Objects.requireNonNull(schema, "schema");
            this.inputs = Objects.requireNonNull(referenceInputs, "referenceInputs");
            FeatureReader<? super I> reader = Rows.reader(schema, Objects.requireNonNull(features, "features"));
            this.rows = input -> {
                @SuppressWarnings("unchecked")
                I typed = (I) input;
                return Rows.row(reader, typed, 0);
            };
            return this;
        }

        /**
         * Counts the reference rows per segment, keeps the top k and profiles each kept segment and
         * {@value #OTHER}.
         *
         * @return the segmentation
         * @throws IllegalStateException if no reference was given
         * @throws IllegalArgumentException if the reference has no rows, or the function throws on a
         *     reference row (the message names the row's position)
         */
        public Segmentation build() {
            if (inputs == null) {
                throw new IllegalStateException("reference must be given before build(): segments are compared "
                        + "with their own reference data");
            }
            Map<String, long[]> counts = new HashMap<>();
            long total = 0;
            for (Object input : inputs) {
                String name = segment(input, total);
                if (name != null && !name.equals(OTHER)) {
                    counts.computeIfAbsent(name, k -> new long[1])[0]++;
                }
                total++;
            }
            if (total == 0) {
                throw new IllegalArgumentException("reference rows must not be empty but had 0 rows");
            }
            List<String> kept = new ArrayList<>(counts.keySet());
            kept.sort(Comparator.<String>comparingLong(n -> -counts.get(n)[0]).thenComparing(Comparator.naturalOrder()));
            if (kept.size() > topK) {
                kept = new ArrayList<>(kept.subList(0, topK));
            }
            kept.add(OTHER);
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < kept.size() - 1; i++) {
                at.put(kept.get(i), i);
            }
            ReferenceProfile.Builder[] builders = new ReferenceProfile.Builder[kept.size()];
            for (int i = 0; i < builders.length; i++) {
                builders[i] = ReferenceProfile.builder(schema, config);
            }
            long[] rowsPerSegment = new long[kept.size()];
            long position = 0;
            for (Object input : inputs) {
                String name = segment(input, position);
                Integer i = name == null ? null : at.get(name);
                int s = i == null ? kept.size() - 1 : i;
                builders[s].update(readRow(input, position));
                rowsPerSegment[s]++;
                position++;
            }
            List<ReferenceProfile> profiles = new ArrayList<>(builders.length);
            for (ReferenceProfile.Builder b : builders) {
                profiles.add(b.build());
            }
            return new Segmentation(function, schema, kept, profiles, rowsPerSegment);
        }

        private Map<String, ?> readRow(Object input, long position) {
            try {
                return rows.apply(input);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("reference row " + position + " cannot be read: " + e.getMessage(), e);
            }
        }

        private String segment(Object input, long position) {
            try {
                return function.segmentOf(input);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("segment function failed on reference row " + position + ": " + e,
                        e);
            }
        }
    }
}
