package org.mlops4j.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;

/**
 * The open window of one (endpoint, variant, model) key. The serving thread only counts and
 * copies references here: per-feature rule counters from {@link Feature#classify} (no
 * allocation), the input values into column arrays, latency and confidence into KLL sketches,
 * label counts. Everything costly (the inputs' profile, the drift tests, quantiles) happens when
 * the window is analysed ({@link ClosedWindow#analyse}), which the monitor may run on another
 * thread. Not thread-safe: {@link ModelMonitor} holds its monitor while updating it.
 */
final class VariantWindow {

    private static final int SKETCH_K = 200;
    /** Distinct labels counted per window; further ones are pooled, so memory stays bounded. */
    static final int MAX_LABELS = 256;
    /** The pooled label beyond {@link #MAX_LABELS}. */
    static final String OTHER_LABEL = "(other)";

    final String endpoint;
    final String variant;
    final String model;
    /** Rows whose input values a window keeps before it moves them into sketches on the serving thread. */
    static final int MAX_BUFFERED_ROWS = 5_000;

    private final MonitorConfig config;
    private final Feature[] features;
    private final SplittableRandom random;
    private long window;
    private Instant start;
    private Instant slotEnd;
    private Instant closedUntil;
    private Counts counts;
    private Object[][] columns;
    private int rows;
    private SampledProfile.Builder overflow;

    VariantWindow(String endpoint, String variant, String model, MonitorConfig config) {
        this.endpoint = endpoint;
        this.variant = variant;
        this.model = model;
        this.config = config;
        this.features = config.schema() == null ? new Feature[0] : config.schema().features().toArray(new Feature[0]);
        this.random = new SplittableRandom((endpoint + variant + model).hashCode());
        reset();
    }

    private void reset() {
        counts = new Counts(features.length);
        rows = 0;
        overflow = null;
        if (config.reference() != null) {
            int capacity = Math.min(config.windowSize(), 1024);
            columns = new Object[features.length][capacity];
        }
    }

    /** Whether an event at {@code time} belongs to a later time slot than the open window. */
    boolean expired(Instant time) {
        return slotEnd != null && counts.predictions > 0 && !time.isBefore(slotEnd);
    }

    /** The end of the open window's time slot (null without time windows). */
    Instant slotEnd() {
        return slotEnd;
    }

    /** Whether the window holds {@code windowSize} predictions. */
    boolean full() {
        return counts.predictions >= config.windowSize();
    }

    /** Whether the window holds any prediction. */
    boolean isEmpty() {
        return counts.predictions == 0;
    }

    /** Adds one prediction. */
    void record(PredictionEvent<?, ?> event, String label, double value) {
        Counts c = counts;
        if (c.predictions == 0) {
            open(event.timestamp());
        }
        c.predictions++;
        c.latency.update(event.latencyNanos() / 1e9);
        if (!event.succeeded()) {
            c.errors++;
            if (PredictionTimeoutException.isTimeout(event.error().orElse(null))) {
                c.timeouts++;
            }
        } else {
            c.answers++;
            Object out = event.output().orElse(null);
            if (out == null || (out instanceof CharSequence cs && cs.length() == 0)
                    || (out instanceof java.util.Collection<?> col && col.isEmpty())) {
                c.nullOutputs++;
            } else {
                if (label != null) {
                    long[] count = c.labels.get(label);
                    if (count == null) {
                        count = c.labels.computeIfAbsent(c.labels.size() < MAX_LABELS ? label : OTHER_LABEL,
                                k -> new long[1]);
                    }
                    count[0]++;
                }
                if (!Double.isNaN(value)) {
                    c.addOutput(value, random);
                }
            }
            if (event.confidence().isPresent()) {
                double confidence = event.confidence().getAsDouble();
                c.confidence.update(confidence);
                if (confidence < config.confidenceThreshold()) {
                    c.lowConfidence++;
                }
            }
        }
        if (features.length > 0 && event.input() instanceof Map<?, ?> row) {
            checkInput(row);
        }
    }

    private void open(Instant time) {
        Duration d = config.windowDuration();
        if (d == null) {
            start = time;
            return;
        }
        Instant slotStart = floor(time, d);
        // A late event (stamped before the last close) or a window opened mid-slot after a count
        // close or a flush starts where the previous window ended: windows never overlap, and a
        // closed slot is never reopened.
        start = closedUntil != null && slotStart.isBefore(closedUntil) ? closedUntil : slotStart;
        slotEnd = floor(start, d).plus(d);
    }

    private static Instant floor(Instant time, Duration slot) {
        long slotMillis = slot.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), slotMillis) * slotMillis);
    }

    private void checkInput(Map<?, ?> row) {
        Counts c = counts;
        boolean keep = columns != null;
        if (keep && rows == columns[0].length) {
            growOrOverflow();
            keep = columns != null;
        }
        for (int i = 0; i < features.length; i++) {
            Object v = row.get(features[i].name());
            Rule rule = features[i].classify(v);
            if (rule != null) {
                switch (rule) {
                    case MISSING -> c.missing[i]++;
                    case OUT_OF_RANGE, WRONG_TYPE -> c.outOfRange[i]++;
                    case UNKNOWN_CATEGORY -> c.unseen[i]++;
                    case NON_FINITE -> c.nonFinite++;
                    default -> { }
                }
            }
            if (keep) {
                columns[i][rows] = v;
            }
        }
        if (keep) {
            rows++;
        } else if (overflow != null) {
            @SuppressWarnings("unchecked")
            Map<String, ?> r = (Map<String, ?>) row;
            overflow.update(r);
        }
    }

    /** Doubles the columns up to {@link #MAX_BUFFERED_ROWS}; beyond it moves the rows into a sketch profile. */
    private void growOrOverflow() {
        int capacity = columns[0].length;
        if (capacity < MAX_BUFFERED_ROWS) {
            int next = Math.min(MAX_BUFFERED_ROWS, capacity * 2);
            for (int i = 0; i < columns.length; i++) {
                columns[i] = Arrays.copyOf(columns[i], next);
            }
            return;
        }
        overflow = profile(config, features, columns, rows);
        columns = null;
    }

    /**
     * A profile of the buffered rows with the reference's sketch config. It keeps no exact
     * values: the reference is a sketch profile, so the drift comparison reads sketches.
     */
    static SampledProfile.Builder profile(MonitorConfig config, Feature[] features, Object[][] columns, int rows) {
        SampledProfile.Builder builder = SampledProfile.builder(config.reference().schema(),
                new WindowConfig(config.reference().config(), 0));
        ColumnRow view = new ColumnRow(features, columns);
        for (int r = 0; r < rows; r++) {
            view.row = r;
            builder.update(view);
        }
        return builder;
    }

    /** Closes the window: returns what it counted and starts the next one. */
    ClosedWindow close(Instant end) {
        window++;
        closedUntil = closedUntil == null || end.isAfter(closedUntil) ? end : closedUntil;
        ClosedWindow closed = new ClosedWindow(this, config, features, window, start, end, counts, columns, rows,
                overflow);
        reset();
        return closed;
    }

    /** The counters of one window. */
    static final class Counts {
        long predictions;
        long errors;
        long timeouts;
        long answers;
        long nullOutputs;
        long lowConfidence;
        long nonFinite;
        long outputsSeen;
        final long[] missing;
        final long[] outOfRange;
        final long[] unseen;
        final Map<String, long[]> labels = new HashMap<>();
        final KllDoublesSketch latency = KllDoublesSketch.newHeapInstance(SKETCH_K);
        final KllDoublesSketch confidence = KllDoublesSketch.newHeapInstance(SKETCH_K);
        double[] outputs = new double[0];
        int outputCount;

        Counts(int features) {
            missing = new long[features];
            outOfRange = new long[features];
            unseen = new long[features];
        }

        /** Keeps a uniform reservoir sample (Algorithm R) of the predicted values. */
        void addOutput(double value, SplittableRandom random) {
            outputsSeen++;
            if (outputCount < MonitorConfig.OUTPUT_RESERVOIR) {
                if (outputCount == outputs.length) {
                    outputs = Arrays.copyOf(outputs, Math.min(MonitorConfig.OUTPUT_RESERVOIR,
                            Math.max(16, outputs.length * 2)));
                }
                outputs[outputCount++] = value;
                return;
            }
            long j = random.nextLong(outputsSeen);
            if (j < MonitorConfig.OUTPUT_RESERVOIR) {
                outputs[(int) j] = value;
            }
        }
    }

    /** A read-only row view over column arrays, one row at a time, for profiling. */
    static final class ColumnRow extends AbstractMap<String, Object> {
        private final Map<String, Integer> index = new HashMap<>();
        private final Object[][] columns;
        int row;

        ColumnRow(Feature[] features, Object[][] columns) {
            for (int i = 0; i < features.length; i++) {
                index.put(features[i].name(), i);
            }
            this.columns = columns;
        }

        @Override
        public Object get(Object key) {
            Integer i = index.get(key);
            return i == null ? null : columns[i][row];
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> copy = new HashMap<>();
            index.forEach((name, i) -> {
                if (columns[i][row] != null) {
                    copy.put(name, columns[i][row]);
                }
            });
            return copy.entrySet();
        }
    }
}
