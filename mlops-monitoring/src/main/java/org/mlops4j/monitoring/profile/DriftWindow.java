package org.mlops4j.monitoring.profile;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.Clock;
import org.mlops4j.core.schema.Schema;

/**
 * The current window of a stream of rows, profiled for comparison with a reference by
 * {@link WindowDriftCheck}.
 *
 * <p>A window is a ring of sub-windows ("steps"), because KLL sketches merge but cannot forget
 * a value: rows enter the step being filled, a full step joins the ring and pushes out the oldest,
 * and {@link #window()} merges the steps in the ring. The window therefore advances one step at a
 * time and holds exactly the last {@code length} rows (or the last {@code length} of time) as of
 * the most recent step boundary; rows of the step being filled are not in it yet. A tumbling
 * window is a sliding one whose step is its length.
 *
 * <ul>
 *   <li>by count: {@link #tumbling(Schema, long, WindowConfig)},
 *       {@link #sliding(Schema, long, long, WindowConfig)};</li>
 *   <li>by time: {@link #tumbling(Schema, Duration, Clock, WindowConfig)},
 *       {@link #sliding(Schema, Duration, Duration, Clock, WindowConfig)}; steps are measured on
 *       the clock's monotonic {@link Clock#nanoTime() ticker} from the window's creation, and a
 *       step with no rows is an empty step.</li>
 * </ul>
 *
 * <p>Memory: at most {@code length / step + 2} profiles (the ring, the step being filled and the
 * cached merged window), each of bounded size, plus at most {@link WindowConfig#exactCutoff()}
 * exact values per feature, kept while the ring and the step being filled hold at most that many
 * rows (a count window longer than the cutoff keeps none).
 *
 * <p>Not thread-safe: confine a window to one thread.
 */
public interface DriftWindow {

    /** The most steps a sliding window may have, to bound its memory. */
    int MAX_STEPS = 10_000;

    /**
     * Creates a tumbling window of a fixed number of rows: {@link #window()} is the last complete
     * window.
     *
     * @param schema the features to profile
     * @param rows the rows per window, at least 1
     * @param config the sketch sizes and exact cutoff
     * @return an empty window
     * @throws IllegalArgumentException if {@code rows} is below 1
     */
    static DriftWindow tumbling(Schema schema, long rows, WindowConfig config) {
        return sliding(schema, rows, rows, config);
    }

    /**
     * Creates a window of the last {@code rows} rows that advances every {@code step} rows.
     *
     * @param schema the features to profile
     * @param rows the rows per window, at least 1 and a multiple of {@code step}
     * @param step the rows per step, at least 1
     * @param config the sketch sizes and exact cutoff
     * @return an empty window
     * @throws IllegalArgumentException if a size is below 1, {@code rows} is not a multiple of
     *     {@code step}, or there would be more than {@link #MAX_STEPS} steps
     */
    static DriftWindow sliding(Schema schema, long rows, long step, WindowConfig config) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(config, "config");
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1 row but was " + step);
        }
        if (rows < step || rows % step != 0) {
            throw new IllegalArgumentException("rows must be a positive multiple of step " + step + " but was " + rows);
        }
        return new RingWindow(schema, config, steps(rows / step), step, null, 0);
    }

    /**
     * Creates a tumbling window of a fixed duration: {@link #window()} is the last complete
     * window.
     *
     * @param schema the features to profile
     * @param length the window's duration, positive
     * @param clock the source of time
     * @param config the sketch sizes and exact cutoff
     * @return an empty window starting now
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    static DriftWindow tumbling(Schema schema, Duration length, Clock clock, WindowConfig config) {
        return sliding(schema, length, length, clock, config);
    }

    /**
     * Creates a window over the last {@code length} of time that advances every {@code step}.
     *
     * @param schema the features to profile
     * @param length the window's duration, a positive multiple of {@code step}
     * @param step the step's duration, positive
     * @param clock the source of time
     * @param config the sketch sizes and exact cutoff
     * @return an empty window starting now
     * @throws IllegalArgumentException if a duration is not positive, {@code length} is not a
     *     multiple of {@code step}, or there would be more than {@link #MAX_STEPS} steps
     */
    static DriftWindow sliding(Schema schema, Duration length, Duration step, Clock clock, WindowConfig config) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(config, "config");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive but was " + step);
        }
        long stepNanos = step.toNanos();
        long lengthNanos = length.toNanos();
        if (lengthNanos < stepNanos || lengthNanos % stepNanos != 0) {
            throw new IllegalArgumentException("length must be a positive multiple of step " + step + " but was " + length);
        }
        return new RingWindow(schema, config, steps(lengthNanos / stepNanos), 0, clock, stepNanos);
    }

    private static int steps(long steps) {
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("a window must have at most " + MAX_STEPS + " steps but would have " + steps);
        }
        return (int) steps;
    }

    /**
     * Adds one row to the step being filled; for a time window, first closes the steps that
     * have ended.
     *
     * @param row a map from feature name to value (see {@link ReferenceProfile.Builder#update})
     * @return true when at least one step completed, so {@link #window()} changed
     */
    boolean update(Map<String, ?> row);

    /**
     * Returns the profile of the current window: the merge of the last complete steps. For a time
     * window, first closes the steps that have ended.
     *
     * @return the profile; 0 rows before the first step completes
     */
    SampledProfile window();

    /**
     * Returns how many steps have completed since the window was created.
     *
     * @return the count of complete steps
     */
    long completedSteps();
}
