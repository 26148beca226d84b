package org.mlops4j.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a {@link RolloutPlan}: the candidate in shadow, or taking a sticky share of traffic,
 * until it has served {@code minSamples} requests (shadow calls in a shadow step) for at least
 * {@code minDuration} and the analysis passed; then, with a manual gate, until someone calls
 * {@link Rollout#approve()}.
 *
 * @param name the step's name, for example {@code "shadow"} or {@code "canary 5%"}
 * @param shadow true when the candidate only runs in shadow
 * @param weightBasisPoints the candidate's share of traffic in basis points (5% = 500), 0 in shadow
 * @param minSamples candidate requests (or shadow calls) needed before the step can pass, >= 1
 * @param minDuration time the step lasts at least, not negative
 * @param manualGate true to wait for {@link Rollout#approve()} after the step passed
 */
public record RolloutStep(String name, boolean shadow, int weightBasisPoints, long minSamples, Duration minDuration,
                          boolean manualGate) {

    /**
     * Validates the step.
     *
     * @param name the step's name, for example {@code "shadow"} or {@code "canary 5%"}
     * @param shadow true when the candidate only runs in shadow
     * @param weightBasisPoints the candidate's share of traffic in basis points (5% = 500), 0 in shadow
     * @param minSamples candidate requests (or shadow calls) needed before the step can pass, >= 1
     * @param minDuration time the step lasts at least, not negative
     * @param manualGate true to wait for {@link Rollout#approve()} after the step passed
     */
    public RolloutStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(minDuration, "minDuration");
        if (name.isBlank()) {
            throw new IllegalArgumentException("step name must not be blank but was '" + name + "'");
        }
        if (shadow ? weightBasisPoints != 0 : weightBasisPoints < 1 || weightBasisPoints > 10_000) {
            throw new IllegalArgumentException("weightBasisPoints of step '" + name + "' must be "
                    + (shadow ? "0 in shadow" : "in [1, 10000]") + " but was " + weightBasisPoints);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples of step '" + name + "' must be >= 1 but was " + minSamples);
        }
        if (minDuration.isNegative()) {
            throw new IllegalArgumentException("minDuration of step '" + name + "' must not be negative but was "
                    + minDuration);
        }
    }

    /**
     * The candidate runs in shadow beside the champion until it has answered {@code calls} mirrored requests.
     *
     * @param calls shadow calls needed, >= 1
     * @return the step, named {@code "shadow"}
     */
    public static RolloutStep shadow(long calls) {
        return new RolloutStep("shadow", true, 0, calls, Duration.ZERO, false);
    }

    /**
     * The candidate takes a sticky share of traffic, needing 100 requests by default.
     *
     * @param percent the share, in (0, 100], with at most two decimals (basis points)
     * @return the step, named like {@code "canary 5%"}
     * @throws IllegalArgumentException if the share is outside (0, 100] or finer than a basis point
     */
    public static RolloutStep canary(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100] but was " + percent);
        }
        double bp = percent * 100;
        if (Math.abs(bp - Math.rint(bp)) > 1e-9) {
            throw new IllegalArgumentException("percent must be a whole number of basis points but was " + percent);
        }
        String label = percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
        return new RolloutStep("canary " + label + "%", false, (int) Math.rint(bp), 100, Duration.ZERO, false);
    }

    /**
     * @param value requests needed, >= 1
     * @return a copy with that minimum
     */
    public RolloutStep minSamples(long value) {
        return new RolloutStep(name, shadow, weightBasisPoints, value, minDuration, manualGate);
    }

    /**
     * @param value the least time the step lasts
     * @return a copy with that minimum
     */
    public RolloutStep minDuration(Duration value) {
        return new RolloutStep(name, shadow, weightBasisPoints, minSamples, value, manualGate);
    }

    /** @return a copy that waits for {@link Rollout#approve()} after it passed */
    public RolloutStep withManualGate() {
        return new RolloutStep(name, shadow, weightBasisPoints, minSamples, minDuration, true);
    }

    @Override
    public String toString() {
        return name + " (min " + minSamples + (shadow ? " shadow calls" : " requests")
                + (minDuration.isZero() ? "" : ", " + minDuration) + (manualGate ? ", manual gate" : "") + ")";
    }
}
