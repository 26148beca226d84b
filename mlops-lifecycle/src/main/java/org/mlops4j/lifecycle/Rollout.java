package org.mlops4j.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowResult;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.Variant;

/**
 * Runs a {@link RolloutPlan} for a candidate model against a {@link ModelEndpoint}: each step
 * deploys the candidate in shadow or as a sticky canary, and every {@link #tick()} (on a schedule,
 * see {@link #schedule}) asks the {@link RolloutAnalysis} for PASS, FAIL or INCONCLUSIVE.
 *
 * <p>Decision rules, per tick while RUNNING:
 * <ol>
 *   <li>a critical check that fails (an error rate the sequential test finds worse, a sample-ratio
 *       mismatch) rolls back at once, even before the step's minimums: a bad candidate is stopped as
 *       early as the data allows;</li>
 *   <li>otherwise nothing is decided until the step has its minimum samples (candidate requests,
 *       or shadow calls in a shadow step) and minimum duration;</li>
 *   <li>then PASS advances to the next step (or, with a manual gate, waits for {@link #approve()}),
 *       FAIL counts a failure and rolls back at {@code failureLimit} failures in the step, and
 *       INCONCLUSIVE beyond {@code inconclusiveLimit} in a row pauses for a human
 *       ({@link #approve()} goes on, {@link #abort} rolls back);</li>
 *   <li>after the last step the candidate is promoted: the registry alias {@code champion} moves to
 *       it by compare-and-set (a champion moved by someone else meanwhile rolls back instead), the
 *       old champion becomes {@code previous}, and the endpoint serves the candidate alone, under
 *       the champion's variant name. A promotion interrupted after the alias moved completes on the
 *       next tick instead of rolling back.</li>
 * </ol>
 * {@link #promoteNow} and {@link #abort} are a human's overrides at any step.
 * A rollback sends all traffic to the champion, closes the candidate's predictor when it is
 * {@link AutoCloseable}, and emits a {@link RolloutEvent.Kind#ROLLED_BACK} event (map it to an
 * alert). The durable state ({@link RolloutState}) is written to the candidate version's tags after
 * every change: {@link Builder#resume()} continues after a restart, and another replica calling
 * {@link #refresh()} routes exactly the same way, because canary routing is a pure function of
 * (step weight, salt, routing key). Sample counts are in memory and restart at zero with the process.
 *
 * <p>Thread-safe: decisions are made under the rollout's lock; events reach the listener after it is
 * released, in order, so a listener may call back into the rollout; counting a prediction is a
 * {@link LongAdder} increment.
 *
 * @param <I> the endpoint's input type
 * @param <O> the endpoint's output type
 */
public final class Rollout<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);
    /** The alias of the model that serves. */
    public static final String CHAMPION = "champion";
    /** The alias a promotion leaves on the replaced champion, for a manual rollback. */
    public static final String PREVIOUS = "previous";

    private final ModelEndpoint<I, O> endpoint;
    private final RolloutPlan plan;
    private final RolloutAnalysis analysis;
    private final ModelRegistry registry;
    private final Clock clock;
    private final Consumer<? super RolloutEvent> listener;
    private final Variant<I, O> champion;
    private final Variant<I, O> candidate;
    private final ShadowConfig shadowConfig;
    private final ShadowComparator<O> comparator;
    private final String actor;
    private final PredictionListener<Object, Object> counter = this::count;
    private final LongAdder candidateRequests = new LongAdder();
    private final LongAdder shadowCompared = new LongAdder();
    private final LongAdder shadowAgreed = new LongAdder();
    private final LongAdder shadowFailed = new LongAdder();
    private final LongAdder shadowTimedOut = new LongAdder();
    private final LongAdder persistFailures = new LongAdder();
    private final List<RolloutEvent> outbox = new java.util.ArrayList<>();
    private final Object deliveryLock = new Object();
    private RolloutState state;
    private AnalysisResult lastAnalysis;
    private ScheduledFuture<?> scheduled;
    private volatile int generation;

    private Rollout(Builder<I, O> b, RolloutState initial) {
        this.endpoint = b.endpoint;
        this.plan = b.plan;
        this.analysis = b.analysis;
        this.registry = b.registry;
        this.clock = b.clock;
        this.listener = b.listener;
        this.champion = b.champion;
        this.candidate = b.candidate;
        this.shadowConfig = b.shadowConfig;
        this.comparator = b.comparator;
        this.actor = b.actor;
        this.state = initial;
    }

    /**
     * Starts describing a rollout.
     *
     * @param endpoint the endpoint whose traffic the rollout routes
     * @param plan the steps and limits
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder
     */
    public static <I, O> Builder<I, O> builder(ModelEndpoint<I, O> endpoint, RolloutPlan plan) {
        return new Builder<>(endpoint, plan);
    }

    /** @return the durable state */
    public synchronized RolloutState state() {
        return state;
    }

    /** @return the current status */
    public synchronized RolloutStatus status() {
        return state.status();
    }

    /** @return the current step */
    public synchronized RolloutStep currentStep() {
        return plan.steps().get(Math.min(state.step(), plan.steps().size() - 1));
    }

    /** @return the latest analysis, empty before the first tick of the rollout */
    public synchronized Optional<AnalysisResult> lastAnalysis() {
        return Optional.ofNullable(lastAnalysis);
    }

    /** @return the candidate's requests (or shadow calls, in a shadow step) counted in the current step */
    public long stepSamples() {
        return currentStep().shadow() ? shadowCompared.sum() + shadowFailed.sum() + shadowTimedOut.sum()
                : candidateRequests.sum();
    }

    /** @return state writes to the registry that failed (logged); the next change writes again */
    public long persistFailures() {
        return persistFailures.sum();
    }

    /**
     * Analyses the current step once and acts on the result (see the class description). Does
     * nothing unless RUNNING.
     *
     * @return the state after the tick
     */
    public RolloutState tick() {
        return decide(this::tickLocked);
    }

    /** Runs a decision under the rollout's lock, then hands the events it queued to the listener. */
    private <T> T decide(java.util.function.Supplier<T> decision) {
        T result;
        synchronized (this) {
            result = decision.get();
        }
        deliver();
        return result;
    }

    private RolloutState tickLocked() {
        if (state.status() != RolloutStatus.RUNNING) {
            return state;
        }
        Instant now = clock.now();
        RolloutStep step = currentStep();
        RolloutContext context = context(step, now);
        AnalysisResult result;
        try {
            result = Objects.requireNonNull(analysis.analyse(context), "analysis result");
        } catch (RuntimeException e) {
            LOG.warn("rollout of {} on '{}': analysis threw; counted as inconclusive", candidate.model(),
                    endpoint.name(), e);
            result = AnalysisResult.of(List.of(new CheckResult("analysis", AnalysisOutcome.INCONCLUSIVE, false,
                    "analysis threw " + e)));
        }
        lastAnalysis = result;
        if (result.criticalFailure()) {
            rollback("critical check failed: " + result.summary(), result);
            return state;
        }
        boolean minimumsMet = stepSamples() >= step.minSamples()
                && context.elapsed().compareTo(step.minDuration()) >= 0;
        if (!minimumsMet) {
            return state;
        }
        switch (result.outcome()) {
            case PASS -> {
                emit(RolloutEvent.Kind.STEP_PASSED, result.summary(), result);
                if (step.manualGate()) {
                    update(RolloutStatus.AWAITING_APPROVAL, state.step(), state.stepStarted(), 0, 0, "");
                    emit(RolloutEvent.Kind.AWAITING_APPROVAL, "step passed; waiting for approve()", result);
                } else {
                    advance(now);
                }
            }
            case FAIL -> {
                int failures = state.failures() + 1;
                update(RolloutStatus.RUNNING, state.step(), state.stepStarted(), failures, 0, "");
                emit(RolloutEvent.Kind.ANALYSIS_FAILED, "failure " + failures + " of " + plan.failureLimit()
                        + ": " + result.summary(), result);
                if (failures >= plan.failureLimit()) {
                    rollback(failures + " failed analyses in step '" + step.name() + "': " + result.summary(), result);
                }
            }
            case INCONCLUSIVE -> {
                int inconclusive = state.inconclusive() + 1;
                if (inconclusive > plan.inconclusiveLimit()) {
                    update(RolloutStatus.PAUSED, state.step(), state.stepStarted(), state.failures(), inconclusive,
                            "");
                    emit(RolloutEvent.Kind.PAUSED, inconclusive + " inconclusive analyses in a row; approve() to go on, "
                            + "abort() to roll back", result);
                } else {
                    update(RolloutStatus.RUNNING, state.step(), state.stepStarted(), state.failures(), inconclusive,
                            "");
                }
            }
            default -> throw new AssertionError("unknown outcome " + result.outcome());
        }
        return state;
    }

    /**
     * A human's go-ahead: passes the manual gate of a step that waits for it, or resumes a paused
     * rollout (its inconclusive count reset).
     *
     * @throws IllegalStateException if the rollout neither waits at a gate nor is paused
     */
    public void approve() {
        decide(this::approveLocked);
    }

    private Void approveLocked() {
        switch (state.status()) {
            case AWAITING_APPROVAL -> {
                emit(RolloutEvent.Kind.APPROVED, "gate of step '" + currentStep().name() + "' approved", null);
                advance(clock.now());
            }
            case PAUSED -> {
                update(RolloutStatus.RUNNING, state.step(), state.stepStarted(), state.failures(), 0, "");
                emit(RolloutEvent.Kind.APPROVED, "paused rollout resumed", null);
            }
            default -> throw new IllegalStateException("approve() needs a rollout waiting at a gate or paused, but "
                    + "the rollout of " + candidate.model() + " is " + state.status());
        }
        return null;
    }

    /**
     * Rolls back now, whatever the analysis says.
     *
     * @param reason why, recorded in the state and the event
     * @throws IllegalStateException if the rollout already finished
     */
    public void abort(String reason) {
        Objects.requireNonNull(reason, "reason");
        decide(() -> {
            requireUnfinished();
            rollback("aborted: " + reason, null);
            return null;
        });
    }

    private void requireUnfinished() {
        if (state.status().finished()) {
            throw new IllegalStateException("the rollout of " + candidate.model() + " already finished: "
                    + state.status());
        }
    }

    /**
     * Ticks on a schedule, every {@link RolloutPlan#analysisInterval()}, until the rollout finishes
     * or is closed. A tick that throws is logged and the schedule goes on.
     *
     * @param scheduler the scheduler
     * @return the scheduled task
     */
    public synchronized ScheduledFuture<?> schedule(ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        long period = plan.analysisInterval().toNanos();
        scheduled = scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (tick().status().finished()) {
                    close();
                }
            } catch (RuntimeException e) {
                LOG.error("rollout of {} on '{}': tick failed", candidate.model(), endpoint.name(), e);
            }
        }, period, period, TimeUnit.NANOSECONDS);
        return scheduled;
    }

    /**
     * Follows the state another replica wrote to the registry: when the status or step changed,
     * routes this endpoint accordingly. Call it on the replicas that do not run the analysis.
     *
     * @return the state now
     */
    public RolloutState refresh() {
        return decide(this::refreshLocked);
    }

    private RolloutState refreshLocked() {
        RolloutState stored = read(registry, candidate.model()).orElse(state);
        if (stored.status() != state.status() || stored.step() != state.step()) {
            state = stored;
            resetCounts();
            apply();
        } else {
            state = stored;
        }
        return state;
    }

    /** Stops the schedule and stops counting predictions; leaves the endpoint's routing as it is. */
    @Override
    public synchronized void close() {
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        endpoint.removeListener(counter);
    }

    private RolloutContext context(RolloutStep step, Instant now) {
        return new RolloutContext(endpoint.name(), champion.name(), champion.model(), candidate.name(),
                candidate.model(), state.step(), step.name(), step.shadow(), step.weightBasisPoints(),
                state.stepStarted(), now, new ShadowCounts(shadowCompared.sum(), shadowAgreed.sum(),
                shadowFailed.sum(), shadowTimedOut.sum()));
    }

    private void advance(Instant now) {
        int next = state.step() + 1;
        if (next >= plan.steps().size()) {
            promote("rollout promoted " + candidate.model() + " after " + plan.describe());
            return;
        }
        update(RolloutStatus.RUNNING, next, now, 0, 0, "");
        resetCounts();
        apply();
        emit(RolloutEvent.Kind.STEP_STARTED, currentStep().toString(), null);
    }

    private void promote(String why) {
        String model = candidate.model().name();
        Attribution by = Attribution.by(actor, why);
        boolean moved = registry.compareAndSetAlias(model, CHAMPION, OptionalInt.of(champion.model().version()),
                candidate.model().version(), by)
                // A promotion that moved the alias and then failed (or a crash before its state was
                // written) is finished, not undone: the alias already points at the candidate.
                || registry.getByAlias(model, CHAMPION).map(v -> v.version() == candidate.model().version())
                .orElse(false);
        if (!moved) {
            rollback("the champion alias of '" + model + "' no longer points at " + champion.model()
                    + "; not promoting over someone else's change", lastAnalysis);
            return;
        }
        try {
            registry.setAlias(model, PREVIOUS, champion.model().version(), by);
        } catch (RuntimeException e) {
            persistFailures.increment();
            LOG.error("rollout of {}: the champion alias moved but setting '{}' to {} failed; set it by hand for a "
                    + "manual rollback", candidate.model(), PREVIOUS, champion.model(), e);
        }
        endpoint.deploy(DeploymentStrategy.single(promoted()), "rollout: promoted " + candidate.model());
        update(RolloutStatus.PROMOTED, state.step(), state.stepStarted(), 0, 0, why);
        emit(RolloutEvent.Kind.PROMOTED, "champion alias moved from " + champion.model() + " to "
                + candidate.model() + "; " + PREVIOUS + " = " + champion.model(), lastAnalysis);
        endpoint.removeListener(counter);
    }

    /** The candidate as the endpoint serves it after promotion: under the champion's variant name. */
    private Variant<I, O> promoted() {
        return Variant.of(champion.name(), candidate.predictor(), candidate.model());
    }

    /**
     * A human's override: promotes the candidate now, whatever step the rollout is at (for example
     * a paused rollout whose last step cannot be judged, having no champion traffic to compare
     * with). The alias still moves by compare-and-set.
     *
     * @param reason why, recorded with the alias change and in the state
     * @throws IllegalStateException if the rollout already finished
     */
    public void promoteNow(String reason) {
        Objects.requireNonNull(reason, "reason");
        decide(() -> {
            requireUnfinished();
            promote("promoted by hand at step " + state.step() + ": " + reason);
            return null;
        });
    }

    private void rollback(String reason, AnalysisResult result) {
        LOG.warn("rollout of {} on '{}' rolled back: {}", candidate.model(), endpoint.name(), reason);
        endpoint.deploy(DeploymentStrategy.single(champion), "rollout: rolled back " + candidate.model());
        update(RolloutStatus.ROLLED_BACK, state.step(), state.stepStarted(), state.failures(), state.inconclusive(),
                reason);
        endpoint.removeListener(counter);
        closeCandidate();
        emit(RolloutEvent.Kind.ROLLED_BACK, reason, result);
    }

    private void closeCandidate() {
        if (candidate.predictor() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the rolled-back candidate {} failed", candidate.model(), e);
            }
        }
    }

    private void update(RolloutStatus status, int step, Instant stepStarted, int failures, int inconclusive,
                        String reason) {
        state = new RolloutState(status, step, stepStarted, failures, inconclusive, state.salt(), reason);
        persist();
    }

    private void persist() {
        try {
            registry.setTag(candidate.model().name(), candidate.model().version(), RolloutState.TAG, state.encode());
        } catch (RuntimeException e) {
            persistFailures.increment();
            LOG.error("rollout of {}: could not persist its state {}; it goes on in memory", candidate.model(),
                    state, e);
        }
    }

    private void resetCounts() {
        generation++;
        candidateRequests.reset();
        shadowCompared.reset();
        shadowAgreed.reset();
        shadowFailed.reset();
        shadowTimedOut.reset();
    }

    /** Routes the endpoint for the current state. */
    private void apply() {
        if (state.status().finished()) {
            Variant<I, O> serving = state.status() == RolloutStatus.PROMOTED ? promoted() : champion;
            endpoint.deploy(DeploymentStrategy.single(serving), "rollout " + state.status() + ": " + serving.model());
            endpoint.removeListener(counter);
            if (state.status() == RolloutStatus.ROLLED_BACK) {
                closeCandidate();
            }
            return;
        }
        RolloutStep step = currentStep();
        if (step.shadow()) {
            int gen = generation;
            endpoint.deploy(ShadowStrategy.of(champion, candidate, shadowConfig, comparator, r -> onShadow(r, gen)),
                    "rollout step " + state.step() + ": " + step);
        } else {
            endpoint.deploy(DeploymentStrategy.canary(champion, candidate, step.weightBasisPoints(), state.salt()),
                    "rollout step " + state.step() + ": " + step);
        }
        // After the new routing is live, so the analysis's per-step counts see only this step's weight.
        try {
            analysis.stepStarted(context(step, clock.now()));
        } catch (RuntimeException e) {
            LOG.warn("rollout of {}: analysis failed to start step {}", candidate.model(), state.step(), e);
        }
    }

    private void onShadow(ShadowResult r, int gen) {
        if (gen != generation) {
            return;
        }
        switch (r.outcome()) {
            case COMPARED -> {
                shadowCompared.increment();
                if (r.comparison().map(c -> c.agree()).orElse(false)) {
                    shadowAgreed.increment();
                }
            }
            case FAILED -> shadowFailed.increment();
            case TIMED_OUT -> shadowTimedOut.increment();
            default -> throw new AssertionError("unknown shadow outcome " + r.outcome());
        }
    }

    private void count(PredictionEvent<?, ?> event) {
        if (event.variant().equals(candidate.name())) {
            candidateRequests.increment();
        }
    }

    /** Queues an event; {@link #deliver()} hands it to the listener once the rollout's lock is released. */
    private void emit(RolloutEvent.Kind kind, String detail, AnalysisResult result) {
        RolloutEvent event = new RolloutEvent(kind, endpoint.name(), champion.model(), candidate.model(), state.step(),
                currentStep().name(), detail, Optional.ofNullable(result), clock.now());
        LOG.info("{}", event);
        outbox.add(event);
    }

    /**
     * Hands queued events to the listener, in order, outside the rollout's lock: a listener may call
     * back into this rollout, or into a retraining policy, without risking a deadlock.
     */
    private void deliver() {
        synchronized (deliveryLock) {
            List<RolloutEvent> batch;
            synchronized (this) {
                if (outbox.isEmpty()) {
                    return;
                }
                batch = List.copyOf(outbox);
                outbox.clear();
            }
            for (RolloutEvent event : batch) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("rollout listener failed on {}", event, e);
                }
            }
        }
    }

    private static Optional<RolloutState> read(ModelRegistry registry, ModelRef candidate) {
        Optional<ModelVersion> v = registry.get(candidate.name(), candidate.version());
        return v.flatMap(mv -> Optional.ofNullable(mv.tags().get(RolloutState.TAG))).map(RolloutState::decode);
    }

    /**
     * Describes a {@link Rollout}; not thread-safe.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final ModelEndpoint<I, O> endpoint;
        private final RolloutPlan plan;
        private Variant<I, O> champion;
        private Variant<I, O> candidate;
        private RolloutAnalysis analysis;
        private ModelRegistry registry;
        private Clock clock = Clock.system();
        private Consumer<? super RolloutEvent> listener = e -> { };
        private ShadowConfig shadowConfig = ShadowConfig.ofDefaults();
        private ShadowComparator<O> comparator = ShadowComparator.equality();
        private String salt;
        private String actor = "rollout";

        private Builder(ModelEndpoint<I, O> endpoint, RolloutPlan plan) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.plan = Objects.requireNonNull(plan, "plan");
            this.salt = endpoint.name();
        }

        /** @param value the model serving now (its version must hold the champion alias) @return this builder */
        public Builder<I, O> champion(Variant<I, O> value) {
            this.champion = Objects.requireNonNull(value, "champion");
            return this;
        }

        /** @param value the model on trial, a version of the same registered model @return this builder */
        public Builder<I, O> candidate(Variant<I, O> value) {
            this.candidate = Objects.requireNonNull(value, "candidate");
            return this;
        }

        /** @param value judges each step @return this builder */
        public Builder<I, O> analysis(RolloutAnalysis value) {
            this.analysis = Objects.requireNonNull(value, "analysis");
            return this;
        }

        /** @param value holds the aliases and the persisted state @return this builder */
        public Builder<I, O> registry(ModelRegistry value) {
            this.registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /** @param value the clock of steps and events @return this builder */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** @param value receives every rollout event, on the deciding thread @return this builder */
        public Builder<I, O> listener(Consumer<? super RolloutEvent> value) {
            this.listener = Objects.requireNonNull(value, "listener");
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

        /** @param value the canary bucketing salt, the endpoint's name by default @return this builder */
        public Builder<I, O> salt(String value) {
            this.salt = Objects.requireNonNull(value, "salt");
            return this;
        }

        /** @param value who the registry records as moving aliases @return this builder */
        public Builder<I, O> actor(String value) {
            this.actor = Objects.requireNonNull(value, "actor");
            return this;
        }

        /**
         * Starts a new rollout at its first step: deploys it and writes its state.
         *
         * @return the running rollout
         * @throws IllegalStateException if the champion alias does not point at the champion's
         *     version, or the candidate already has a rollout state (use {@link #resume()})
         * @throws IllegalArgumentException if a part is missing or the two variants are not two
         *     versions of one model with distinct variant names
         */
        public Rollout<I, O> start() {
            check();
            if (read(registry, candidate.model()).isPresent()) {
                throw new IllegalStateException("candidate " + candidate.model() + " already has a rollout state; "
                        + "resume() it, or register a new version");
            }
            Optional<ModelVersion> current = registry.getByAlias(champion.model().name(), CHAMPION);
            if (current.isEmpty() || current.get().version() != champion.model().version()) {
                throw new IllegalStateException("the champion alias of '" + champion.model().name() + "' must point at "
                        + champion.model() + " but points at "
                        + current.map(v -> "version " + v.version()).orElse("nothing"));
            }
            Rollout<I, O> r = new Rollout<>(this, new RolloutState(RolloutStatus.RUNNING, 0, clock.now(), 0, 0, salt,
                    ""));
            r.persist();
            endpoint.addListener(r.counter);
            r.apply();
            r.decide(() -> {
                r.emit(RolloutEvent.Kind.STEP_STARTED, "rollout of " + candidate.model() + ": " + plan.describe(), null);
                return null;
            });
            return r;
        }

        /**
         * Continues a rollout from the state persisted on the candidate version (after a restart, or
         * on another replica): routes the endpoint for its step, or for its end when it finished.
         *
         * @return the rollout
         * @throws IllegalStateException if the candidate has no rollout state
         * @throws IllegalArgumentException if a part is missing, or the stored step is not in the plan
         */
        public Rollout<I, O> resume() {
            check();
            RolloutState stored = read(registry, candidate.model()).orElseThrow(() -> new IllegalStateException(
                    "candidate " + candidate.model() + " has no rollout state to resume"));
            if (stored.step() >= plan.steps().size()) {
                throw new IllegalArgumentException("stored rollout step " + stored.step() + " is not in the plan of "
                        + plan.steps().size() + " steps");
            }
            Rollout<I, O> r = new Rollout<>(this, stored);
            if (!stored.status().finished()) {
                endpoint.addListener(r.counter);
            }
            r.apply();
            LOG.info("resumed rollout of {} on '{}' at step {} ({})", candidate.model(), endpoint.name(),
                    stored.step(), stored.status());
            return r;
        }

        private void check() {
            if (champion == null || candidate == null || analysis == null || registry == null) {
                throw new IllegalArgumentException("a rollout needs champion, candidate, analysis and registry; missing: "
                        + (champion == null ? "champion " : "") + (candidate == null ? "candidate " : "")
                        + (analysis == null ? "analysis " : "") + (registry == null ? "registry" : ""));
            }
            if (champion.name().equals(candidate.name())) {
                throw new IllegalArgumentException("champion and candidate variants must have different names but both "
                        + "are '" + champion.name() + "'");
            }
            if (!champion.model().name().equals(candidate.model().name())
                    || champion.model().version() == candidate.model().version()) {
                throw new IllegalArgumentException("champion and candidate must be two versions of one model but were "
                        + champion.model() + " and " + candidate.model());
            }
        }
    }

    @Override
    public String toString() {
        return "Rollout[" + candidate.model() + " on '" + endpoint.name() + "', " + state.status() + " at step "
                + state.step() + "]";
    }
}
