package org.mlops4j.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The steps of a progressive rollout and its decision limits, as Argo Rollouts and Flagger have
 * them: the candidate advances one step each time the analysis passes, the rollout rolls back after
 * {@code failureLimit} failed analyses in a step (or at once on a critical failure), pauses for a
 * human after more than {@code inconclusiveLimit} inconclusive ones in a row, and promotes after the
 * last step.
 *
 * @param steps the steps, in order
 * @param failureLimit failed analyses in one step that roll back, >= 1
 * @param inconclusiveLimit inconclusive analyses in a row, once the step's minimums are met, that
 *     pause the rollout, >= 0
 * @param analysisInterval how often a scheduled rollout ticks, positive
 */
public record RolloutPlan(List<RolloutStep> steps, int failureLimit, int inconclusiveLimit,
                          Duration analysisInterval) {

    /**
     * Validates and freezes the plan.
     *
     * @param steps the steps, in order
     * @param failureLimit failed analyses in one step that roll back, >= 1
     * @param inconclusiveLimit inconclusive analyses in a row, once the step's minimums are met, that
     *     pause the rollout, >= 0
     * @param analysisInterval how often a scheduled rollout ticks, positive
     */
    public RolloutPlan {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(analysisInterval, "analysisInterval");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a rollout plan needs at least one step");
        }
        if (failureLimit < 1) {
            throw new IllegalArgumentException("failureLimit must be >= 1 but was " + failureLimit);
        }
        if (inconclusiveLimit < 0) {
            throw new IllegalArgumentException("inconclusiveLimit must be >= 0 but was " + inconclusiveLimit);
        }
        if (analysisInterval.isNegative() || analysisInterval.isZero()) {
            throw new IllegalArgumentException("analysisInterval must be positive but was " + analysisInterval);
        }
        int last = -1;
        if (steps.stream().filter(RolloutStep::shadow).count() > 1) {
            throw new IllegalArgumentException("a rollout plan has at most one shadow step but has "
                    + steps.stream().filter(RolloutStep::shadow).count());
        }
        for (RolloutStep s : steps) {
            if (!s.shadow() && s.weightBasisPoints() < last) {
                throw new IllegalArgumentException("canary weights must not decrease but step '" + s.name()
                        + "' has " + s.weightBasisPoints() + " bp after " + last + " bp");
            }
            if (!s.shadow()) {
                last = s.weightBasisPoints();
            } else if (last >= 0) {
                throw new IllegalArgumentException("a shadow step must come before the canary steps but '"
                        + s.name() + "' follows one");
            }
        }
    }

    /**
     * The usual ramp: shadow for 500 calls, then canary 1%, 5%, 25%, 50% and 100% of 200 requests
     * each; 2 failures roll back, 10 inconclusive analyses pause; a tick every 30 seconds.
     *
     * @return the plan
     */
    public static RolloutPlan standard() {
        return builder().step(RolloutStep.shadow(500))
                .step(RolloutStep.canary(1).minSamples(200)).step(RolloutStep.canary(5).minSamples(200))
                .step(RolloutStep.canary(25).minSamples(200)).step(RolloutStep.canary(50).minSamples(200))
                .step(RolloutStep.canary(100).minSamples(200)).build();
    }

    /** @return a builder with failureLimit 2, inconclusiveLimit 10 and a 30 s interval */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the plan in one line, for logs and the persisted state */
    public String describe() {
        return steps.stream().map(RolloutStep::toString).collect(Collectors.joining(" -> "))
                + "; failureLimit=" + failureLimit + ", inconclusiveLimit=" + inconclusiveLimit;
    }

    /** Builds a {@link RolloutPlan}; not thread-safe. */
    public static final class Builder {
        private final List<RolloutStep> steps = new ArrayList<>();
        private int failureLimit = 2;
        private int inconclusiveLimit = 10;
        private Duration analysisInterval = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * @param step the next step
         * @return this builder
         */
        public Builder step(RolloutStep step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /**
         * @param value failed analyses in a step that roll back
         * @return this builder
         */
        public Builder failureLimit(int value) {
            this.failureLimit = value;
            return this;
        }

        /**
         * @param value inconclusive analyses in a row that pause
         * @return this builder
         */
        public Builder inconclusiveLimit(int value) {
            this.inconclusiveLimit = value;
            return this;
        }

        /**
         * @param value how often a scheduled rollout ticks
         * @return this builder
         */
        public Builder analysisInterval(Duration value) {
            this.analysisInterval = value;
            return this;
        }

        /**
         * @return the plan
         * @throws IllegalArgumentException if a value is out of range (see {@link RolloutPlan})
         */
        public RolloutPlan build() {
            return new RolloutPlan(steps, failureLimit, inconclusiveLimit, analysisInterval);
        }
    }
}
