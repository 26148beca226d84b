package org.mlops4j.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.fleet.LatencySketch;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.monitoring.internal.SegmentTally;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.monitoring.segment.Segmentation;

/**
 * The open window of one (endpoint, variant, model) key, and the key's running figures since the
 * monitor first saw it. The serving thread only counts and copies references here: per-feature
 * rule counters from {@link Feature#classify} (no allocation), the input values into column arrays,
 * latency and confidence into KLL sketches, label counts, and the running counters and latency ring
 * a rollout reads ({@link #figures}). Everything costly (the inputs' profile, the drift tests,
 * quantiles) happens when the window is analysed ({@link ClosedWindow#analyse}), which the monitor
 * runs on its analysis executor. Not thread-safe: {@link ModelMonitor} holds its monitor while
 * updating or reading it.
 */
final class VariantWindow {

    private static final int SKETCH_K = 200;
    /** Distinct labels counted per window (and per key in the running figures); further ones are pooled. */
    static final int MAX_LABELS = 256;
    /** The pooled label beyond {@link #MAX_LABELS}. */
    static final String OTHER_LABEL = "(other)";
    /** Rows whose input values a window keeps before it moves them into sketches on the serving thread. */
    static final int MAX_BUFFERED_ROWS = 5_000;
    /** Latencies of the most recent answered routed calls kept for a rollout's rank test. */
    static final int RECENT_LATENCIES = 5_000;

    final String endpoint;
    final String variant;
    final ModelRef modelRef;
    final String model;
    /** Whether the monitor publishes to a fleet: only then do windows count what a fleet merges. */
    final boolean fleet;

    private MonitorConfig config;
    private Feature[] features;
    private Object[] scratch;
    private ScratchRow scratchRow;
    private final SplittableRandom random;
    private long window;
    private Instant start;
    private Instant slotEnd;
    private Instant closedUntil;
    private Counts counts;
    private Object[][] columns;
    private int rows;
    private SampledProfile.Builder overflow;
    /** Per-segment counts of the open window: null without a segmentation. */
    private Segmentation segmentation;
    private SegmentTally segments;

    // Running figures since the key appeared: what a rollout's analysis compares.
    private long requests;
    private long errors;
    private long timeouts;
    private long fallbacks;
    private long latencies;
    private final double[] recentLatencies = new double[RECENT_LATENCIES];
    /** Where the next latency goes in the ring: {@code latencies % RECENT_LATENCIES}, without a division. */
    private int latencyCursor;
    private final Map<String, long[]> predictedLabels = new HashMap<>();
    /** The open window's scores for a performance estimate; set by the monitor when it estimates. */
    ScoreBuffer scores = ScoreBuffer.NONE;
    /** Where a closed window registers its interval for late labels; null when the monitor does not estimate. */
    EstimateHistory estimates;
    /** What the key's closed windows hand to the analysis thread and back (registrations, columns). */
    final CloseHandOff handOff = new CloseHandOff();

    VariantWindow(String endpoint, String variant, ModelRef model, MonitorConfig config, boolean fleet) {
        this.endpoint = endpoint;
        this.fleet = fleet;
        this.variant = variant;
        this.modelRef = model;
        this.model = model.toString();
        this.random = new SplittableRandom((endpoint + variant + this.model).hashCode());
        use(config);
    }

    private void use(MonitorConfig next) {
        this.config = next;
        this.features = next.features();
        this.scratch = new Object[features.length];
        this.scratchRow = new ScratchRow(features, scratch);
        reset();
    }

    private void reset() {
        counts = new Counts(features.length, fleet, config.windowSize());
        segments = segmentation == null ? null : new SegmentTally(segmentation);
        rows = 0;
        overflow = null;
        columns = !config.profiles() ? null : columns(features.length, Math.min(config.windowSize(), 1024));
    }

    /**
     * Column arrays for the next window: those of an analysed window when {@link CloseHandOff#recycle} handed
     * them back with the right shape (the serving thread then writes over old cells instead of
     * allocating and zeroing 20 x 1,000 references per window), or new ones.
     */
    private Object[][] columns(int width, int capacity) {
        Object[][] reused = handOff.takeColumns();
        if (reused != null && reused.length == width && reused[0].length >= capacity) {
            return reused;
        }
        return new Object[width][capacity];
    }

    /** The settings the open window counts with. */
    MonitorConfig config() {
        return config;
    }

    /**
     * Moves to the settings of a new baseline: the open window is closed under the old settings
     * (returned, or null when empty) and the next one counts under the new.
     */
    ClosedWindow rebase(MonitorConfig next, Instant now) {
        ClosedWindow closed = isEmpty() ? null : close(now);
        use(next);
        return closed;
    }

    /** Whether an event at {@code time} belongs to a later time slot than the open window. */
    boolean expired(Instant time) {
        return slotEnd != null && !isEmpty() && !time.isBefore(slotEnd);
    }

    /** The end of the open window's time slot (null without time windows). */
    Instant slotEnd() {
        return slotEnd;
    }

    /** Whether the window holds {@code windowSize} predictions. */
    boolean full() {
        return counts.predictions >= config.windowSize();
    }

    /** Whether the window holds no prediction and no label (labels are counted only for a fleet). */
    boolean isEmpty() {
        return counts.predictions == 0 && counts.labelled == 0;
    }

    /** Counts every window from now on per segment too. */
    void segmentBy(Segmentation value) {
        segmentation = value;
        segments = value == null ? null : new SegmentTally(value);
    }

    /**
     * Adds one prediction and counts it in its segment.
     *
     * @param segment the index of the input's segment, or {@link SegmentTally#UNASSIGNED}
     * @return false when the monitor has a schema but could not read this input's features
     */
    boolean record(PredictionEvent<?, ?> event, String label, double value, int segment) {
        int before = rows;
        boolean readable = record(event, label, value);
        if (segments != null) {
            segments.count(segment, !event.succeeded(), label, columns != null && rows > before ? before : -1);
        }
        return readable;
    }

    /**
     * Adds one prediction.
     *
     * @return false when the monitor has a schema but could not read this input's features
     */
    boolean record(PredictionEvent<?, ?> event, String label, double value) {
        Counts c = counts;
        if (isEmpty()) {
            open(event.timestamp());
        }
        c.predictions++;
        c.latency.add(event.latencyNanos() / 1e9);
        if (event.fallback()) {
            fallbacks++;
            c.fallbacks++;
        } else {
            requests++;
            c.routed++;
        }
        if (!event.succeeded()) {
            c.errors++;
            boolean timeout = PredictionTimeoutException.isTimeout(event.error().orElse(null));
            if (timeout) {
                c.timeouts++;
            }
            if (!event.fallback()) {
                errors++;
                timeouts += timeout ? 1 : 0;
                c.routedErrors++;
                c.routedTimeouts += timeout ? 1 : 0;
            }
        } else {
            c.answers++;
            if (!event.fallback()) {
                recentLatencies[latencyCursor] = event.latencyNanos() / 1e6;
                latencyCursor = latencyCursor == RECENT_LATENCIES - 1 ? 0 : latencyCursor + 1;
                latencies++;
                if (fleet) {
                    c.routedLatency.record(event.latencyNanos() / 1e6);
                }
            }
            Object out = event.output().orElse(null);
            if (out == null || (out instanceof CharSequence cs && cs.length() == 0)
                    || (out instanceof java.util.Collection<?> col && col.isEmpty())) {
                c.nullOutputs++;
            } else {
                if (label != null) {
                    count(c.labels, label);
                    if (!event.fallback()) {
                        // Rollout figures describe routed traffic only, as requests and latencies do.
                        count(predictedLabels, label);
                        if (fleet) {
                            count(c.routedLabels, label);
                        }
                    }
                }
                if (!Double.isNaN(value)) {
                    c.addOutput(value, random);
                }
            }
            if (event.confidence().isPresent()) {
                double confidence = event.confidence().getAsDouble();
                c.confidence.add(confidence);
                if (confidence < config.confidenceThreshold()) {
                    c.lowConfidence++;
                }
            }
        }
        if (features.length > 0 && !checkInput(event.input())) {
            c.unreadable++;
            return false;
        }
        return true;
    }

    /**
     * Counts a routed answer's ground-truth label that arrived now (a fleet's monitor only): it
     * belongs to the open window, which it opens if needed, so every label is published once.
     */
    void feedback(boolean correct, Instant time) {
        if (isEmpty()) {
            open(time);
        }
        counts.labelled++;
        counts.correct += correct ? 1 : 0;
    }

    private static void count(Map<String, long[]> labels, String label) {
        long[] n = labels.get(label);
        if (n == null) {
            n = labels.computeIfAbsent(labels.size() < MAX_LABELS ? label : OTHER_LABEL, k -> new long[1]);
        }
        n[0]++;
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

    /** Reads and checks the input's features; false when the reader cannot read it. */
    private boolean checkInput(Object input) {
        FeatureReader<Object> reader = config.reader();
        if (!reader.canRead(input)) {
            return false;
        }
        if (columns != null && rows == columns[0].length) {
            growOrOverflow();
        }
        Object[][] cols = columns;
        int row = rows;
        // Read every value before counting anything, so that an accessor that throws leaves no
        // half-counted row behind: straight into the next row's cells of the columns (the row counts
        // only once rows moves past it), or into the scratch row when no columns are kept.
        try {
            if (cols != null) {
                for (int i = 0; i < cols.length; i++) {
                    cols[i][row] = reader.value(input, i);
                }
            } else {
                for (int i = 0; i < scratch.length; i++) {
                    scratch[i] = reader.value(input, i);
                }
            }
        } catch (IllegalStateException e) {
            if (cols != null) {
                for (Object[] column : cols) {
                    column[row] = null;
                }
            } else {
                Arrays.fill(scratch, null);
            }
            return false;
        }
        Counts c = counts;
        Feature[] fs = features;
        for (int i = 0; i < fs.length; i++) {
            Rule rule = fs[i].classify(cols != null ? cols[i][row] : scratch[i]);
            if (rule != null) {
                switch (rule) {
                    case MISSING -> c.missing[i]++;
                    case OUT_OF_RANGE, WRONG_TYPE -> c.outOfRange[i]++;
                    case UNKNOWN_CATEGORY -> c.unseen[i]++;
                    case NON_FINITE -> c.nonFinite++;
                    default -> { }
                }
            }
        }
        if (cols != null) {
            rows++;
        } else {
            if (overflow != null) {
                overflow.update(scratchRow);
            }
            Arrays.fill(scratch, null);
        }
        return true;
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
        if (segments != null) {
            segments.retain(columns, rows);
        }
        columns = null;
    }

    /**
     * A profile of the buffered rows with the reference's sketch settings. It keeps no exact
     * values: the reference is a sketch profile, so the drift comparison reads sketches.
     */
    static SampledProfile.Builder profile(MonitorConfig config, Feature[] features, Object[][] columns, int rows) {
        SampledProfile.Builder builder = SampledProfile.builder(config.schema(),
                new WindowConfig(config.profileConfig(), 0));
        // Column by column: no map lookup per value (the columns follow the schema's order).
        return builder.updateColumns(columns, rows);
    }

    /** Closes the window: returns what it counted and starts the next one. */
    ClosedWindow close(Instant end) {
        window++;
        closedUntil = closedUntil == null || end.isAfter(closedUntil) ? end : closedUntil;
        ClosedWindow closed = new ClosedWindow(this, config, features, window, start, end, counts, columns, rows,
                overflow);
        closed.scores = scores.take();
        if (estimates != null) {
            // Queued under the window's lock, so in the order the key's windows close; registered
            // by CloseHandOff.registerClosed, on the analysis thread, outside this lock.
            handOff.queueRegistration(window, start, end);
        }
        if (segments != null) {
            segments.close(features, config.drift(), columns, rows);
            closed.segments = segments;
        }
        reset();
        return closed;
    }

    /** The key's running figures, with the feedback counts the monitor keeps apart. */
    VariantFigures figures(long labelled, long correct) {
        int held = (int) Math.min(latencies, RECENT_LATENCIES);
        double[] recent = new double[held];
        for (int i = 0; i < held; i++) {
            recent[i] = recentLatencies[(int) ((latencies - held + i) % RECENT_LATENCIES)];
        }
        Map<String, Long> labels = new LinkedHashMap<>();
        predictedLabels.forEach((k, v) -> labels.put(k, v[0]));
        return new VariantFigures(endpoint, variant, modelRef, requests, errors, timeouts, fallbacks, latencies,
                recent, labels, labelled, correct);
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
        long unreadable;
        long outputsSeen;
        final long[] missing;
        final long[] outOfRange;
        final long[] unseen;
        final Map<String, long[]> labels = new HashMap<>();
        // The window's routed traffic alone, as the running figures count it: what a fleet merges.
        long routed;
        long routedErrors;
        long routedTimeouts;
        long fallbacks;
        /** Routed latencies and labels, and labels arrived in the window: null or zero without a fleet. */
        final LatencySketch.Recorder routedLatency;
        final Map<String, long[]> routedLabels;
        long labelled;
        long correct;
        /** Latencies (seconds) and confidences, sketched on the analysis thread when the window is small enough. */
        final SketchBuffer latency;
        final SketchBuffer confidence;
        double[] outputs = new double[0];
        int outputCount;

        Counts(int features, boolean fleet, int windowSize) {
            int buffered = Math.max(16, Math.min(windowSize, SketchBuffer.MAX_BUFFERED));
            latency = new SketchBuffer(buffered);
            confidence = new SketchBuffer(buffered);
            routedLatency = fleet ? new LatencySketch.Recorder() : null;
            routedLabels = fleet ? new HashMap<>() : null;
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

    /**
     * Values on their way into a KLL sketch: the serving thread only stores them in an array and
     * moves a full array into the sketch; whatever a window holds when it closes (all of a window of
     * up to {@link #MAX_BUFFERED}) enters the sketch when the window is analysed, on the analysis
     * thread. The sketch sees the same values in the same order as if each had been added at once.
     * Not thread-safe: the window's lock, then the closed window's single owner, guard it.
     */
    static final class SketchBuffer {
        /** The largest buffer, per window and sketch. */
        static final int MAX_BUFFERED = 1024;
        private final double[] buffer;
        private int size;
        private KllDoublesSketch sketch;

        SketchBuffer(int capacity) {
            buffer = new double[capacity];
        }

        void add(double value) {
            if (size == buffer.length) {
                flush();
            }
            buffer[size++] = value;
        }

        private void flush() {
            if (sketch == null) {
                sketch = KllDoublesSketch.newHeapInstance(SKETCH_K);
            }
            for (int i = 0; i < size; i++) {
                sketch.update(buffer[i]);
            }
            size = 0;
        }

        /** The sketch of every value added, after moving the buffered ones into it. */
        KllDoublesSketch sketch() {
            flush();
            return sketch;
        }
    }

    /** A read-only view of the row held in the scratch array, for a sketch profile's update. */
    private static final class ScratchRow extends AbstractMap<String, Object> {
        private final Feature[] features;
        private final Object[] values;
        private final Map<String, Integer> index = new HashMap<>();

        ScratchRow(Feature[] features, Object[] values) {
            this.features = features;
            this.values = values;
            for (int i = 0; i < features.length; i++) {
                index.put(features[i].name(), i);
            }
        }

        @Override
        public Object get(Object key) {
            Integer i = index.get(key);
            return i == null ? null : values[i];
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> copy = new HashMap<>();
            for (int i = 0; i < features.length; i++) {
                if (values[i] != null) {
                    copy.put(features[i].name(), values[i]);
                }
            }
            return copy.entrySet();
        }
    }
}
