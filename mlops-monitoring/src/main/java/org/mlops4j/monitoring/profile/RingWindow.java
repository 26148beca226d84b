package org.mlops4j.monitoring.profile;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.Clock;
import org.mlops4j.core.schema.Schema;

/** A {@link DriftWindow} as a ring of step profiles, by count ({@code clock == null}) or by time. */
final class RingWindow implements DriftWindow {

    private final Schema schema;
    private final WindowConfig config;
    private final int steps;
    private final long stepRows;
    private final Clock clock;
    private final long stepNanos;
    private final long startNanos;
    private final boolean exactPossible;
    private final ArrayDeque<SampledProfile> ring = new ArrayDeque<>();
    private SampledProfile.Builder current;
    private long stepIndex;
    private long completed;
    /** Rows whose exact values are held, in the ring and the step being filled. */
    private long exactHeld;
    private SampledProfile cached;

    RingWindow(Schema schema, WindowConfig config, int steps, long stepRows, Clock clock, long stepNanos) {
        this.schema = schema;
        this.config = config;
        this.steps = steps;
        this.stepRows = stepRows;
        this.clock = clock;
        this.stepNanos = stepNanos;
        this.startNanos = clock == null ? 0 : clock.nanoTime();
        // A count window longer than the cutoff can never be exact: keep no values at all.
        this.exactPossible = config.exactCutoff() > 0 && (clock != null || stepRows * steps <= config.exactCutoff());
        this.current = newStep();
    }

    private SampledProfile.Builder newStep() {
        return new SampledProfile.Builder(schema, config, exactPossible);
    }

    @Override
    public boolean update(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        boolean rolled = roll();
        if (current.keepsExact() && exactHeld >= config.exactCutoff()) {
            exactHeld -= current.rows();
            current.dropExact();
        }
        current.update(row);
        if (current.keepsExact()) {
            exactHeld++;
        }
        if (clock == null && current.rows() == stepRows) {
            complete();
            return true;
        }
        return rolled;
    }

    /** Closes the time steps that have ended; a no-op for count windows. */
    private boolean roll() {
        if (clock == null) {
            return false;
        }
        long index = (clock.nanoTime() - startNanos) / stepNanos;
        if (index <= stepIndex) {
            return false;
        }
        // Beyond steps + 1 closed steps the ring holds only empty ones: no need to close more.
        long toClose = Math.min(index - stepIndex, steps + 1L);
        for (long i = 0; i < toClose; i++) {
            complete();
        }
        completed += index - stepIndex - toClose;
        stepIndex = index;
        return true;
    }

    private void complete() {
        ring.addLast(current.build());
        if (ring.size() > steps) {
            SampledProfile evicted = ring.removeFirst();
            if (evicted.exact()) {
                exactHeld -= evicted.rows();
            }
        }
        current = newStep();
        completed++;
        cached = null;
    }

    @Override
    public SampledProfile window() {
        roll();
        if (cached == null) {
            SampledProfile merged = newStep().build();
            for (SampledProfile step : ring) {
                merged = merged.merge(step, config.exactCutoff());
            }
            cached = merged;
        }
        return cached;
    }

    @Override
    public long completedSteps() {
        roll();
        return completed;
    }

    /** Rows whose exact values are held now (at most the exact cutoff). */
    long exactRowsHeld() {
        return exactHeld;
    }

    /** Serialized bytes of every numeric sketch held: the ring, the step being filled and the cache. */
    long retainedSketchBytes() {
        long bytes = sketchBytes(current.build().profile());
        for (SampledProfile step : ring) {
            bytes += sketchBytes(step.profile());
        }
        return cached == null ? bytes : bytes + sketchBytes(cached.profile());
    }

    /** How many steps the ring holds at most. */
    int steps() {
        return steps;
    }

    private static long sketchBytes(ReferenceProfile profile) {
        long bytes = 0;
        for (FeatureProfile p : profile.profiles()) {
            if (p instanceof NumericProfile n) {
                bytes += n.sketchBytes().length;
            }
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "DriftWindow[steps=" + steps + (clock == null ? ", stepRows=" + stepRows : ", stepNanos=" + stepNanos)
                + ", completed=" + completed + "]";
    }
}
