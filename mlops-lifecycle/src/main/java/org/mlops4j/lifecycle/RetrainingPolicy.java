package org.mlops4j.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.Clock;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.Variant;

/**
 * Closes the loop: decides when to retrain, has the host's {@link Retrainer} train a candidate,
 * compares it with the serving champion on a holdout, and only when it wins registers it, aliases it
 * {@code challenger} and starts a {@link Rollout} of it, which promotes it only if the rollout's
 * analysis passes.
 *
 * <p>Triggers: a schedule ({@link #tick()} checks it), an alert ({@link #onAlert}: input-drift
 * metrics {@code mlops.drift.*} and {@code mlops.output.drift}, concept-drift and performance metrics
 * {@code mlops.concept.drift}, {@code mlops.performance.*}), enough new labels
 * ({@link #recordLabelled}), or a person ({@link #retrainNow}). After any retraining attempt, further
 * triggers within the cooldown are skipped, and so are triggers while a rollout of a challenger is
 * still running (or a retraining is in progress). Every attempt ends in a {@link RetrainingOutcome}
 * sent to the listener (log it, track it, alert on FAILED). Retraining runs on the calling thread,
 * without holding the policy's lock: wire alerts to it from a thread that may block, such as an
 * alert callback on the monitor's analysis thread. Give it a {@link Builder#scheduler} to have the
 * rollouts it starts tick on their own.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class RetrainingPolicy<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainingPolicy.class);
    /** The alias a registered challenger gets. */
    public static final String CHALLENGER = "challenger";

    private final Builder<I, O> b;
    private Instant lastAttempt;
    private boolean training;
    private Instant lastScheduled;
    private long newLabels;
    private Rollout<I, O> rollout;

    private RetrainingPolicy(Builder<I, O> b) {
        this.b = b;
        this.lastScheduled = b.clock.now();
    }

    /**
     * Starts describing a policy for the model an endpoint serves.
     *
     * @param endpoint the endpoint; its strategy's fallback is the champion
     * @param registry where challengers are registered and aliases moved
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder
     */
    public static <I, O> Builder<I, O> builder(ModelEndpoint<I, O> endpoint, ModelRegistry registry) {
        return new Builder<>(endpoint, registry);
    }

    /**
     * Reacts to a fired alert's metric: input drift triggers DATA_DRIFT, concept drift or a
     * performance metric triggers CONCEPT_DRIFT, anything else is ignored.
     *
     * @param metric the alert's metric, for example {@code mlops.drift.dataset.share}
     * @param detail the alert, in words
     * @return the outcome, or empty when the metric is not a retraining trigger
     */
    public Optional<RetrainingOutcome> onAlert(String metric, String detail) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(detail, "detail");
        RetrainRequest.Trigger trigger;
        if (metric.startsWith("mlops.drift.") || metric.equals("mlops.output.drift")) {
            trigger = RetrainRequest.Trigger.DATA_DRIFT;
        } else if (metric.equals("mlops.concept.drift") || metric.startsWith("mlops.performance.")) {
            trigger = RetrainRequest.Trigger.CONCEPT_DRIFT;
        } else {
            return Optional.empty();
        }
        return Optional.of(trigger(trigger, metric + ": " + detail));
    }

    /**
     * Counts newly labelled examples; at {@code minNewLabels} (when set) retrains and restarts the count.
     *
     * @param count examples labelled since the last call, >= 0
     * @return the outcome when this call triggered a retraining
     */
    public Optional<RetrainingOutcome> recordLabelled(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative but was " + count);
        }
        long total;
        synchronized (this) {
            newLabels += count;
            total = newLabels;
            if (b.minNewLabels == 0 || total < b.minNewLabels) {
                return Optional.empty();
            }
            newLabels = 0;
        }
        return Optional.of(trigger(RetrainRequest.Trigger.NEW_LABELS, total + " new labelled examples"));
    }

    /**
     * Checks the schedule: retrains when {@code every} has passed since the last scheduled run.
     * Call it periodically.
     *
     * @return the outcome when the schedule came due
     */
    public Optional<RetrainingOutcome> tick() {
        Instant now = b.clock.now();
        synchronized (this) {
            if (b.every == null || now.isBefore(lastScheduled.plus(b.every))) {
                return Optional.empty();
            }
            lastScheduled = now;
        }
        return Optional.of(trigger(RetrainRequest.Trigger.SCHEDULE, "every " + b.every));
    }

    /**
     * Retrains now, subject to the cooldown.
     *
     * @param reason why
     * @return the outcome
     */
    public RetrainingOutcome retrainNow(String reason) {
        return trigger(RetrainRequest.Trigger.MANUAL, Objects.requireNonNull(reason, "reason"));
    }

    /** @return the rollout of the latest challenger, if any */
    public synchronized Optional<Rollout<I, O>> rollout() {
        return Optional.ofNullable(rollout);
    }

    private RetrainingOutcome trigger(RetrainRequest.Trigger trigger, String detail) {
        Instant now = b.clock.now();
        RetrainRequest request = new RetrainRequest(trigger, detail, now);
        Rollout<I, O> current;
        synchronized (this) {
            current = rollout;
        }
        // Asked outside this policy's lock: a rollout listener may call into the policy.
        if (current != null && !current.status().finished()) {
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.SKIPPED_BUSY, Double.NaN, Double.NaN,
                    Optional.empty(), "rollout of " + current.state().status() + " challenger still running"));
        }
        synchronized (this) {
            if (training) {
                return report(new RetrainingOutcome(request, RetrainingOutcome.Status.SKIPPED_BUSY, Double.NaN,
                        Double.NaN, Optional.empty(), "a retraining is in progress"));
            }
            if (lastAttempt != null && now.isBefore(lastAttempt.plus(b.cooldown))) {
                return report(new RetrainingOutcome(request, RetrainingOutcome.Status.SKIPPED_COOLDOWN, Double.NaN,
                        Double.NaN, Optional.empty(), "last retraining at " + lastAttempt + ", cooldown " + b.cooldown));
            }
            lastAttempt = now;
            training = true;
        }
        try {
            return retrain(request);
        } finally {
            synchronized (this) {
                training = false;
            }
        }
    }

    /** Trains, compares and hands over to a rollout; runs without holding the policy's lock. */
    private RetrainingOutcome retrain(RetrainRequest request) {
        Variant<I, O> champion = b.endpoint.strategy().fallback();
        RetrainedModel<I, O> trained;
        double candidateScore;
        double championScore;
        try {
            trained = Objects.requireNonNull(b.retrainer.retrain(request), "retrained model");
            candidateScore = b.holdout.applyAsDouble(trained.predictor());
            championScore = b.holdout.applyAsDouble(champion.predictor());
        } catch (Exception e) {
            LOG.error("retraining of '{}' ({}) failed", champion.model().name(), request, e);
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.FAILED, Double.NaN, Double.NaN,
                    Optional.empty(), "failed: " + e));
        }
        String scores = String.format("holdout score %.4f vs champion %s %.4f", candidateScore, champion.model(),
                championScore);
        if (!(candidateScore > championScore + b.minImprovement)) {
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.REJECTED, candidateScore,
                    championScore, Optional.empty(), scores + "; must beat it by more than " + b.minImprovement));
        }
        String name = champion.model().name();
        Optional<org.mlops4j.core.registry.ModelRef> registered = Optional.empty();
        try {
            ModelVersion version = b.registry.register(trained.registration());
            registered = Optional.of(version.ref());
            b.registry.setTag(name, version.version(), "mlops.retrain.trigger", request.trigger().name());
            b.registry.setTag(name, version.version(), "mlops.retrain.run_id", trained.runId());
            b.registry.setTag(name, version.version(), "mlops.retrain.holdout", scores);
            b.registry.setAlias(name, CHALLENGER, version.version(),
                    Attribution.by("retraining", request.trigger() + ": " + request.detail()));
            String variant = champion.name().equals(CHALLENGER) ? CHALLENGER + "-v" + version.version() : CHALLENGER;
            Variant<I, O> challenger = Variant.of(variant, trained.predictor(), version);
            Rollout<I, O> started = Rollout.builder(b.endpoint, b.plan).champion(champion).candidate(challenger)
                    .analysis(b.analysis).registry(b.registry).clock(b.clock).listener(b.rolloutListener)
                    .shadow(b.shadowConfig, b.comparator).start();
            if (b.scheduler != null) {
                started.schedule(b.scheduler);
            }
            synchronized (this) {
                rollout = started;
            }
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.ROLLOUT_STARTED, candidateScore,
                    championScore, registered, scores + "; rolling out " + version.ref()));
        } catch (RuntimeException e) {
            LOG.error("retraining of '{}': registering or rolling out the challenger failed", name, e);
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.FAILED, candidateScore, championScore,
                    registered, "registering or rolling out the challenger failed: " + e));
        }
    }

    private RetrainingOutcome report(RetrainingOutcome outcome) {
        LOG.info("retraining: {}", outcome);
        try {
            b.listener.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("retraining listener failed on {}", outcome, e);
        }
        return outcome;
    }

    /**
     * Describes a {@link RetrainingPolicy}; not thread-safe.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final ModelEndpoint<I, O> endpoint;
        private final ModelRegistry registry;
        private Retrainer<I, O> retrainer;
        private ToDoubleFunction<Predictor<I, O>> holdout;
        private RolloutPlan plan = RolloutPlan.standard();
        private RolloutAnalysis analysis;
        private Duration every;
        private Duration cooldown = Duration.ofHours(1);
        private long minNewLabels;
        private double minImprovement;
        private Clock clock = Clock.system();
        private Consumer<? super RetrainingOutcome> listener = o -> { };
        private Consumer<? super RolloutEvent> rolloutListener = e -> { };
        private ShadowConfig shadowConfig = ShadowConfig.ofDefaults();
        private ShadowComparator<O> comparator = ShadowComparator.equality();
        private java.util.concurrent.ScheduledExecutorService scheduler;

        private Builder(ModelEndpoint<I, O> endpoint, ModelRegistry registry) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** @param value trains candidates @return this builder */
        public Builder<I, O> retrainer(Retrainer<I, O> value) {
            this.retrainer = Objects.requireNonNull(value, "retrainer");
            return this;
        }

        /**
         * @param value scores a model on the holdout, higher is better (accuracy, or minus RMSE)
         * @return this builder
         */
        public Builder<I, O> holdout(ToDoubleFunction<Predictor<I, O>> value) {
            this.holdout = Objects.requireNonNull(value, "holdout");
            return this;
        }

        /**
         * @param plan the rollout of a challenger
         * @param value judges it
         * @return this builder
         */
        public Builder<I, O> rollout(RolloutPlan plan, RolloutAnalysis value) {
            this.plan = Objects.requireNonNull(plan, "plan");
            this.analysis = Objects.requireNonNull(value, "analysis");
            return this;
        }

        /**
         * @param config the shadow step's threads, queue, sampling and timeout
         * @param value how the shadow step compares answers (equality by default)
         * @return this builder
         */
        public Builder<I, O> shadow(ShadowConfig config, ShadowComparator<O> value) {
            this.shadowConfig = Objects.requireNonNull(config, "shadowConfig");
            this.comparator = Objects.requireNonNull(value, "shadowComparator");
            return this;
        }

        /**
         * @param value ticks the rollouts this policy starts ({@link Rollout#schedule}); without it
         *     the host ticks {@code rollout().get()} itself, and until that rollout finishes every
         *     trigger is SKIPPED_BUSY
         * @return this builder
         */
        public Builder<I, O> scheduler(java.util.concurrent.ScheduledExecutorService value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** @param value retrain on this schedule (checked by {@link RetrainingPolicy#tick()}) @return this builder */
        public Builder<I, O> every(Duration value) {
            Objects.requireNonNull(value, "every");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("every must be positive but was " + value);
            }
            this.every = value;
            return this;
        }

        /** @param value no retraining this soon after the previous attempt; default 1 hour @return this builder */
        public Builder<I, O> cooldown(Duration value) {
            Objects.requireNonNull(value, "cooldown");
            if (value.isNegative()) {
                throw new IllegalArgumentException("cooldown must not be negative but was " + value);
            }
            this.cooldown = value;
            return this;
        }

        /** @param value retrain after this many new labels (0, the default, never) @return this builder */
        public Builder<I, O> minNewLabels(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("minNewLabels must not be negative but was " + value);
            }
            this.minNewLabels = value;
            return this;
        }

        /** @param value the candidate's holdout score must exceed the champion's by more than this; default 0 @return this builder */
        public Builder<I, O> minImprovement(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("minImprovement must be finite and >= 0 but was " + value);
            }
            this.minImprovement = value;
            return this;
        }

        /** @param value the clock @return this builder */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @param value receives every outcome @return this builder */
        public Builder<I, O> listener(Consumer<? super RetrainingOutcome> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** @param value receives the challenger rollouts' events @return this builder */
        public Builder<I, O> rolloutListener(Consumer<? super RolloutEvent> value) {
            this.rolloutListener = Objects.requireNonNull(value, "rolloutListener");
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalArgumentException if the retrainer, holdout or rollout analysis is missing
         */
        public RetrainingPolicy<I, O> build() {
            if (retrainer == null || holdout == null || analysis == null) {
                throw new IllegalArgumentException("a retraining policy needs retrainer, holdout and rollout analysis; "
                        + "missing: " + (retrainer == null ? "retrainer " : "") + (holdout == null ? "holdout " : "")
                        + (analysis == null ? "rollout" : ""));
            }
            return new RetrainingPolicy<>(this);
        }
    }
}
