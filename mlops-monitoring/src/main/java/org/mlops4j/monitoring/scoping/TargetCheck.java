package org.mlops4j.monitoring.scoping;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest check of one scoping target.
 *
 * @param target the target
 * @param value the figure measured, NaN before the first one
 * @param status where the value stands ({@link Target#status(double)})
 * @param measuredAt when the figure was measured: the end of its window, or when its feedback
 *     window completed by the targets' clock; empty before the first one
 * @param source what measured it, for example {@code fraud/champion (fraud/1), window 7 (1000
 *     predictions)}; empty before the first one
 */
public record TargetCheck(Target target, double value, TargetStatus status, Optional<Instant> measuredAt,
                          String source) {

    /**
     * Validates the check.
     *
     * @param target the target
     * @param value the figure measured, NaN before the first one
     * @param status where the value stands
     * @param measuredAt when the figure was measured; empty before the first one
     * @param source what measured it; empty before the first one
     * @throws NullPointerException if a reference component is null
     * @throws IllegalArgumentException if the status is not the one the target gives the value
     */
    public TargetCheck {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(source, "source");
        if (status != target.status(value)) {
            throw new IllegalArgumentException("status of target '" + target.name() + "' at value " + value
                    + " must be " + target.status(value) + " but was " + status);
        }
    }

    /**
     * The check of a target nothing measured yet.
     *
     * @param target the target
     * @return an {@link TargetStatus#UNKNOWN} check
     */
    public static TargetCheck unknown(Target target) {
        return new TargetCheck(target, Double.NaN, TargetStatus.UNKNOWN, Optional.empty(), "");
    }

    /**
     * A check of a measured value.
     *
     * @param target the target
     * @param value the figure
     * @param measuredAt when it was measured
     * @param source what measured it
     * @return the check, its status from the target's rule
     */
    public static TargetCheck of(Target target, double value, Instant measuredAt, String source) {
        return new TargetCheck(target, value, Objects.requireNonNull(target, "target").status(value),
                Optional.of(Objects.requireNonNull(measuredAt, "measuredAt")), source);
    }

    /** @return for example {@code accuracy 0.8120 (target accuracy >= 0.78): MET} */
    @Override
    public String toString() {
        return target.name() + " " + (Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4g", value))
                + " (target " + target.describe() + "): " + status;
    }
}
