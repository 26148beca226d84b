package org.mlops4j.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.mlops4j.core.Clock;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.core.signal.VariantFiguresSource;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.log.CapturedData;
import org.mlops4j.monitoring.log.DatasetLineage;
import org.mlops4j.monitoring.log.InputDecoder;
import org.mlops4j.monitoring.log.ProductionCapture;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop: decides when to retrain, has the host's {@link Retrainer} train a candidate on
 * the labelled production data it collected, compares the candidate with the serving champion on a
 * holdout, and only when it wins registers it, aliases it {@code challenger} and starts a
 * {@link Rollout} of it, which promotes it only if the rollout's analysis passes.
 *
 * <p>Triggers: a schedule ({@link #tick()} checks it); an alert whose {@link SignalKind} is one the
 * policy retrains on ({@link #onAlert}: data drift, concept drift and performance drops by
 * default; never a data-quality alert unless asked, since retraining on a broken pipeline's data
 * makes things worse); enough new ground truth (counted from the feedback it receives as a
 * {@link FeedbackListener}, or reported with {@link #recordLabelled}); or a person
 * ({@link #retrainNow}). After any retraining attempt, further triggers within the cooldown are
 * skipped, and so are triggers while a rollout of a challenger is still running (or a retraining is
 * in progress). Every attempt ends in a {@link RetrainingOutcome} sent to the listener (log it,
 * track it, alert on FAILED).
 *
 * <p><b>Retraining on captured data.</b> With {@link Builder#retrainOnCaptured}, each retraining
 * reads what a {@link ProductionCapture} captured in a time range (the last {@code lookback} before
 * the trigger, or, with {@link Builder#sinceLastRetraining()}, only what came since the previous
 * retraining attempt within it) into {@link RetrainRequest#captured()}, joined with its labels,
 * plus the reference data when {@link Builder#referenceData} is set. A capture that cannot be read
 * makes the attempt FAILED. The registered challenger is tagged with the data set's lineage
 * ({@link DatasetLineage#params()}: {@code dataset.sha256}, {@code dataset.rows},
 * {@code dataset.label_coverage}, {@code dataset.from}, {@code dataset.to}, {@code dataset.source});
 * the retrainer logs the same on its tracking run ({@code run.logParams(request.dataset()
 * .orElseThrow().params())}). {@link RetrainRequest#labelled()} is filled as before.
 *
 * <p>Retraining runs on the calling thread, without holding the policy's lock (a retraining that new
 * labels trigger runs on the {@link Builder#feedbackExecutor}): a {@link ClosedLoop} runs every
 * retraining on its own thread, never on a request or monitor thread. Give the
 * policy a {@link Builder#scheduler} to have the rollouts it starts tick on their own when it is
 * used without a closed loop. Thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class RetrainingPolicy<I, O> implements FeedbackListener<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainingPolicy.class);
    /** The alias a registered challenger gets. */
    public static final String CHALLENGER = "challenger";

    private final ModelEndpoint<I, O> endpoint;
    private final ModelRegistry registry;
    private final Retrainer<I, O> retrainer;
    private final ToDoubleFunction<Predictor<I, O>> holdout;
    private final RolloutPlan plan;
    private final RolloutAnalysis analysis;
    private final VariantFiguresSource figures;
    private final Set<SignalKind> retrainOn;
    private final Duration every;
    private final Duration cooldown;
    private final long minNewLabels;
    private final double minImprovement;
    private final int keepLabelled;
    private final Clock clock;
    private final Consumer<? super RetrainingOutcome> listener;
    private final Consumer<? super RolloutEvent> rolloutListener;
    private final ShadowConfig shadowConfig;
    private final ShadowComparator<O> comparator;
    private final ScheduledExecutorService scheduler;
    private final Executor feedbackExecutor;
    private final UnaryOperator<Rollout.Builder<I, O>> rolloutSetup;
    private final Path captureDirectory;
    private final ProductionCapture capture;
    private final InputDecoder<I> decoder;
    private final Duration lookback;
    private final boolean sinceLastRetraining;
    private final Supplier<? extends List<LabelledExample<I>>> referenceData;

    /** Guards the fields below and nothing else: no training, registry call or listener runs under it. */
    private final Object lock = new Object();
    private Instant lastAttempt;
    private boolean training;
    private Instant lastScheduled;
    private long newLabels;
    private final ArrayDeque<LabelledExample<I>> labelled = new ArrayDeque<>();
    private Rollout<I, O> rollout;
    private RetrainedModel<I, O> rolledOut;

    private RetrainingPolicy(Builder<I, O> b) {
        this.endpoint = b.endpoint;
        this.registry = b.registry;
        this.retrainer = b.retrainer;
        this.holdout = b.holdout;
        this.plan = b.plan;
        this.analysis = b.analysis;
        this.figures = b.figures;
        this.retrainOn = Set.copyOf(b.retrainOn);
        this.every = b.every;
        this.cooldown = b.cooldown;
        this.minNewLabels = b.minNewLabels;
        this.minImprovement = b.minImprovement;
        this.keepLabelled = b.keepLabelled;
        this.clock = b.clock;
        this.listener = b.listener;
        this.rolloutListener = b.rolloutListener;
        this.shadowConfig = b.shadowConfig;
        this.comparator = b.comparator;
        this.rolloutSetup = b.rolloutSetup;
        this.scheduler = b.scheduler;
        this.feedbackExecutor = b.feedbackExecutor;
        this.captureDirectory = b.captureDirectory;
        this.capture = b.capture;
        this.decoder = b.decoder;
        this.lookback = b.lookback;
        this.sinceLastRetraining = b.sinceLastRetraining;
        this.referenceData = b.referenceData;
        this.lastScheduled = clock.now();
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
     * Reacts to an alert: a FIRED alert whose signal kind the policy retrains on triggers a
     * retraining (DATA_DRIFT for data drift, CONCEPT_DRIFT for concept drift and performance drops,
     * ALERT for another kind it was told to retrain on); anything else is ignored.
     *
     * @param alert the alert
     * @return the outcome, or empty when the alert is not a retraining trigger
     */
    public Optional<RetrainingOutcome> onAlert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (alert.kind() != Alert.Kind.FIRED) {
            return Optional.empty();
        }
        return onSignal(alert.signal(), alert.rule() + ": " + alert.metric() + " = " + alert.value() + " at "
                + alert.window());
    }

    /**
     * Reacts to a typed signal from any source (an alert system of the host's, say).
     *
     * @param kind what the signal says about the model
     * @param detail the signal, in words
     * @return the outcome, or empty when the policy does not retrain on that kind
     */
    public Optional<RetrainingOutcome> onSignal(SignalKind kind, String detail) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if (!retrainOn.contains(kind)) {
            return Optional.empty();
        }
        return Optional.of(trigger(RetrainRequest.Trigger.of(kind), Optional.of(kind), detail));
    }

    /**
     * Collects ground truth joined to the endpoint's predictions: keeps the most recent labelled
     * examples (when the prediction kept its input) for the retrainer, and counts new labels toward
     * {@code minNewLabels}, retraining when they reach it.
     *
     * @param event the feedback and its prediction
     */
    /** @return none: a labelled example takes the prediction's id and input (kept by {@link FeedbackConfig#keepInputs()}) */
    @Override
    public Set<PredictionField> reads() {
        return PredictionField.none();
    }

    @Override
    public void onFeedback(FeedbackEvent<? extends I, ? extends O> event) {
        if (!(event.feedback() instanceof GroundTruth truth)) {
            return;
        }
        I input = event.prediction().input();
        if (input != null && keepLabelled > 0) {
            synchronized (lock) {
                labelled.addLast(new LabelledExample<>(event.prediction().predictionId(), input, truth,
                        event.receivedAt()));
                if (labelled.size() > keepLabelled) {
                    labelled.removeFirst();
                }
            }
        }
        long due = countLabels(1);
        if (due > 0) {
            // Off the thread that delivered the feedback (a request thread, maybe), when an executor is set.
            feedbackExecutor.execute(() -> trigger(RetrainRequest.Trigger.NEW_LABELS, Optional.empty(),
                    due + " new labelled examples"));
        }
    }

    /** @return the labelled production examples collected so far, oldest first */
    public List<LabelledExample<I>> labelled() {
        synchronized (lock) {
            return List.copyOf(labelled);
        }
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
        long total = countLabels(count);
        if (total == 0) {
            return Optional.empty();
        }
        return Optional.of(trigger(RetrainRequest.Trigger.NEW_LABELS, Optional.empty(),
                total + " new labelled examples"));
    }

    /** Adds to the count of new labels; returns the count when it reached minNewLabels (and restarts it), else 0. */
    private long countLabels(long count) {
        synchronized (lock) {
            newLabels += count;
            long total = newLabels;
            if (minNewLabels == 0 || total < minNewLabels) {
                return 0;
            }
            newLabels = 0;
            return total;
        }
    }

    /**
     * Checks the schedule: retrains when {@code every} has passed since the last scheduled run.
     * Call it periodically (a closed loop does).
     *
     * @return the outcome when the schedule came due
     */
    public Optional<RetrainingOutcome> tick() {
        Instant now = clock.now();
        synchronized (lock) {
            if (every == null || now.isBefore(lastScheduled.plus(every))) {
                return Optional.empty();
            }
            lastScheduled = now;
        }
        return Optional.of(trigger(RetrainRequest.Trigger.SCHEDULE, Optional.empty(), "every " + every));
    }

    /**
     * Retrains now, subject to the cooldown.
     *
     * @param reason why
     * @return the outcome
     */
    public RetrainingOutcome retrainNow(String reason) {
        return trigger(RetrainRequest.Trigger.MANUAL, Optional.empty(), Objects.requireNonNull(reason, "reason"));
    }

    /** @return the rollout of the latest challenger, if any */
    public Optional<Rollout<I, O>> rollout() {
        synchronized (lock) {
            return Optional.ofNullable(rollout);
        }
    }

    /** @return the latest challenger put into a rollout, with its baseline, if any */
    public Optional<RetrainedModel<I, O>> challenger() {
        synchronized (lock) {
            return Optional.ofNullable(rolledOut);
        }
    }

    /**
     * Starts a rollout outside the policy (a {@link ClosedLoop}'s, for a candidate trained elsewhere)
     * and takes it over: while it runs, triggers are SKIPPED_BUSY, as for the policy's own. The start
     * is reserved under the policy's lock (no retraining may begin meanwhile) and runs outside it.
     *
     * @param start starts the rollout
     * @return the started rollout
     * @throws IllegalStateException if a rollout of the policy is running or a retraining is in progress
     */
    Rollout<I, O> adopt(Supplier<Rollout<I, O>> start) {
        synchronized (lock) {
            if (rollout != null && !rollout.status().finished()) {
                throw new IllegalStateException("a rollout of " + rollout.candidate() + " is running on '"
                        + endpoint.name() + "'");
            }
            if (training) {
                throw new IllegalStateException("a retraining of '" + endpoint.name() + "' is in progress");
            }
            training = true;
        }
        try {
            Rollout<I, O> started = start.get();
            synchronized (lock) {
                rollout = started;
                rolledOut = null;
            }
            return started;
        } finally {
            synchronized (lock) {
                training = false;
            }
        }
    }

    private RetrainingOutcome trigger(RetrainRequest.Trigger trigger, Optional<SignalKind> signal, String detail) {
        Instant now = clock.now();
        RetrainRequest<I> request;
        RetrainingOutcome skipped = null;
        Instant previousAttempt;
        // One check under the lock against a running rollout (the policy's own or one adopted), a
        // retraining in progress and the cooldown: a rollout's status is a volatile read, so nothing
        // here waits on another object; the outcome reaches the listener after the lock.
        synchronized (lock) {
            previousAttempt = lastAttempt;
            request = new RetrainRequest<>(trigger, signal, detail, now, List.copyOf(labelled));
            if (rollout != null && !rollout.status().finished()) {
                skipped = new RetrainingOutcome(request, RetrainingOutcome.Status.SKIPPED_BUSY, Double.NaN, Double.NaN,
                        Optional.empty(), "rollout of " + rollout.state().status() + " challenger still running");
            } else if (training) {
                skipped = new RetrainingOutcome(request, RetrainingOutcome.Status.SKIPPED_BUSY, Double.NaN, Double.NaN,
                        Optional.empty(), "a retraining is in progress");
            } else if (lastAttempt != null && now.isBefore(lastAttempt.plus(cooldown))) {
                skipped = new RetrainingOutcome(request, RetrainingOutcome.Status.SKIPPED_COOLDOWN, Double.NaN,
                        Double.NaN, Optional.empty(), "last retraining at " + lastAttempt + ", cooldown " + cooldown);
            } else {
                lastAttempt = now;
                training = true;
            }
        }
        if (skipped != null) {
            return report(skipped);        // the listener runs outside the lock
        }
        try {
            RetrainRequest<I> withData;
            try {
                withData = withData(request, previousAttempt);
            } catch (RuntimeException e) {
                LOG.error("retraining of '{}' ({}): reading its data failed", endpoint.name(), trigger, e);
                return report(new RetrainingOutcome(request, RetrainingOutcome.Status.FAILED, Double.NaN, Double.NaN,
                        Optional.empty(), "reading the training data failed: " + e));
            }
            return retrain(withData);
        } finally {
            synchronized (lock) {
                training = false;
            }
        }
    }

    /** @return whether each retraining reads captured data ({@link Builder#retrainOnCaptured}) */
    boolean retrainsOnCaptured() {
        return captureDirectory != null;
    }

    /** Adds the captured data of the time range and the reference data, when configured; I/O, outside the lock. */
    private RetrainRequest<I> withData(RetrainRequest<I> request, Instant previousAttempt) {
        Optional<CapturedData<I>> data = Optional.empty();
        if (captureDirectory != null) {
            if (capture != null) {
                try {
                    capture.flush();
                } catch (IllegalStateException closed) {
                    // A closed capture has written and sealed everything: its files are read as they are.
                    LOG.debug("capture of '{}' is closed; reading its files as they are", endpoint.name());
                }
            }
            Instant to = request.time();
            Instant from = captureFrom(to, previousAttempt);
            data = Optional.of(CapturedData.read(captureDirectory, from, to, decoder));
        }
        List<LabelledExample<I>> reference = referenceData == null ? List.of()
                : Objects.requireNonNull(referenceData.get(), "reference data");
        return request.withData(data, reference);
    }

    /** The start of the captured range: lookback before the trigger, or the previous attempt when later and asked for. */
    Instant captureFrom(Instant to, Instant previousAttempt) {
        Instant from = to.minus(lookback);
        if (sinceLastRetraining && previousAttempt != null && previousAttempt.isAfter(from)) {
            return previousAttempt;
        }
        return from;
    }

    /**
     * Waits for the previous rollout's last decision to be carried out: a promotion is decided before
     * the endpoint routes to the promoted model, and the next challenger is compared with, and rolled
     * out against, the endpoint's live variant.
     */
    private void settlePrevious() {
        Rollout<I, O> previous;
        synchronized (lock) {
            previous = rollout;
        }
        if (previous == null) {
            return;
        }
        try {
            if (!previous.awaitEffects(Duration.ofSeconds(30))) {
                LOG.warn("the previous rollout of '{}' did not carry out its decisions within 30 s", endpoint.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for the previous rollout of '{}'", endpoint.name());
        }
    }

    /** Trains, compares and hands over to a rollout; runs without holding the policy's lock. */
    private RetrainingOutcome retrain(RetrainRequest<I> request) {
        settlePrevious();
        Variant<I, O> champion = endpoint.strategy().fallback();
        RetrainedModel<I, O> trained;
        double candidateScore;
        double championScore;
        try {
            trained = Objects.requireNonNull(retrainer.retrain(request), "retrained model");
            candidateScore = holdout.applyAsDouble(trained.predictor());
            championScore = holdout.applyAsDouble(champion.predictor());
        } catch (Exception e) {
            LOG.error("retraining of '{}' ({}) failed", champion.model().name(), request.trigger(), e);
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.FAILED, Double.NaN, Double.NaN,
                    Optional.empty(), "failed: " + e));
        }
        String scores = String.format("holdout score %.4f vs champion %s %.4f", candidateScore, champion.model(),
                championScore);
        if (!(candidateScore > championScore + minImprovement)) {
            return report(new RetrainingOutcome(request, RetrainingOutcome.Status.REJECTED, candidateScore,
                    championScore, Optional.empty(), scores + "; must beat it by more than " + minImprovement));
        }
        String name = champion.model().name();
        Optional<ModelRef> registered = Optional.empty();
        try {
            ModelVersion version = registry.register(trained.registration());
            registered = Optional.of(version.ref());
            registry.setTag(name, version.version(), "mlops.retrain.trigger", request.trigger().name());
            registry.setTag(name, version.version(), "mlops.retrain.run_id", trained.runId());
            registry.setTag(name, version.version(), "mlops.retrain.holdout", scores);
            if (request.dataset().isPresent()) {
                for (var param : request.dataset().get().params().entrySet()) {
                    registry.setTag(name, version.version(), param.getKey(), param.getValue());
                }
            }
            registry.setAlias(name, CHALLENGER, version.version(),
                    Attribution.by("retraining", request.trigger() + ": " + request.detail()));
            String variant = champion.name().equals(CHALLENGER) ? CHALLENGER + "-v" + version.version() : CHALLENGER;
            Variant<I, O> challenger = Variant.of(variant, trained.predictor(), version);
            Rollout<I, O> started = rolloutSetup.apply(Rollout.builder(endpoint, plan).champion(champion)
                    .candidate(challenger).analysis(analysis).figures(figures).registry(registry).clock(clock)
                    .listener(rolloutListener).shadow(shadowConfig, comparator)).start();
            if (scheduler != null) {
                started.schedule(scheduler);
            }
            synchronized (lock) {
                rollout = started;
                rolledOut = trained;
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
            listener.accept(outcome);
        } catch (RuntimeException e) {
            LOG.warn("retraining listener failed on {}", outcome, e);
        }
        return outcome;
    }

    /**
     * Describes a {@link RetrainingPolicy}; not thread-safe. {@link #build()} copies every setting.
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
        private VariantFiguresSource figures;
        private Set<SignalKind> retrainOn = EnumSet.of(SignalKind.DATA_DRIFT, SignalKind.CONCEPT_DRIFT,
                SignalKind.PERFORMANCE_DROP);
        private Duration every;
        private Duration cooldown = Duration.ofHours(1);
        private long minNewLabels;
        private double minImprovement;
        private int keepLabelled = 10_000;
        private Clock clock = Clock.system();
        private Consumer<? super RetrainingOutcome> listener = o -> { };
        private Consumer<? super RolloutEvent> rolloutListener = e -> { };
        private ShadowConfig shadowConfig = ShadowConfig.ofDefaults();
        private ShadowComparator<O> comparator = ShadowComparator.equality();
        private ScheduledExecutorService scheduler;
        private Executor feedbackExecutor = Runnable::run;
        private UnaryOperator<Rollout.Builder<I, O>> rolloutSetup = UnaryOperator.identity();
        private Path captureDirectory;
        private ProductionCapture capture;
        private InputDecoder<I> decoder;
        private Duration lookback;
        private boolean sinceLastRetraining;
        private Supplier<? extends List<LabelledExample<I>>> referenceData;

        private Builder(ModelEndpoint<I, O> endpoint, ModelRegistry registry) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param value trains candidates
         * @return this builder
         */
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
         * @param value what champion and challenger did, for the rollout's analysis: the endpoint's
         *     {@code ModelMonitor}
         * @return this builder
         */
        public Builder<I, O> figures(VariantFiguresSource value) {
            this.figures = Objects.requireNonNull(value, "figures");
            return this;
        }

        /**
         * @param kinds the alert kinds that trigger a retraining; DATA_DRIFT, CONCEPT_DRIFT and
         *     PERFORMANCE_DROP by default
         * @return this builder
         */
        public Builder<I, O> retrainOn(Set<SignalKind> kinds) {
            Objects.requireNonNull(kinds, "retrainOn");
            this.retrainOn = kinds.isEmpty() ? EnumSet.noneOf(SignalKind.class) : EnumSet.copyOf(kinds);
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
         *     the host (or a {@link ClosedLoop}) ticks {@code rollout().get()}, and until that rollout
         *     finishes every trigger is SKIPPED_BUSY
         * @return this builder
         */
        public Builder<I, O> scheduler(ScheduledExecutorService value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * @param value runs a retraining that new labels trigger ({@link Builder#minNewLabels}); by
         *     default the thread that delivered the feedback, which may be a request thread: give a
         *     service one of its own (a {@link ClosedLoop} gives its thread)
         * @return this builder
         */
        public Builder<I, O> feedbackExecutor(Executor value) {
            this.feedbackExecutor = Objects.requireNonNull(value, "feedbackExecutor");
            return this;
        }

        /**
         * @param value completes the builder of each rollout the policy starts (a {@link ClosedLoop}'s
         *     lease)
         * @return this builder
         */
        Builder<I, O> rolloutSetup(UnaryOperator<Rollout.Builder<I, O>> value) {
            this.rolloutSetup = Objects.requireNonNull(value, "rolloutSetup");
            return this;
        }

        /**
         * @param value retrain on this schedule (checked by {@link RetrainingPolicy#tick()})
         * @return this builder
         */
        public Builder<I, O> every(Duration value) {
            Objects.requireNonNull(value, "every");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("every must be positive but was " + value);
            }
            this.every = value;
            return this;
        }

        /**
         * @param value no retraining this soon after the previous attempt; default 1 hour
         * @return this builder
         */
        public Builder<I, O> cooldown(Duration value) {
            Objects.requireNonNull(value, "cooldown");
            if (value.isNegative()) {
                throw new IllegalArgumentException("cooldown must not be negative but was " + value);
            }
            this.cooldown = value;
            return this;
        }

        /**
         * @param value retrain after this many new labels (0, the default, never)
         * @return this builder
         */
        public Builder<I, O> minNewLabels(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("minNewLabels must not be negative but was " + value);
            }
            this.minNewLabels = value;
            return this;
        }

        /**
         * @param value labelled production examples kept for the retrainer (the most recent), >= 0;
         *     default 10,000
         * @return this builder
         */
        public Builder<I, O> keepLabelled(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("keepLabelled must not be negative but was " + value);
            }
            this.keepLabelled = value;
            return this;
        }

        /**
         * @param value the candidate's holdout score must exceed the champion's by more than this;
         *     default 0
         * @return this builder
         */
        public Builder<I, O> minImprovement(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("minImprovement must be finite and >= 0 but was " + value);
            }
            this.minImprovement = value;
            return this;
        }

        /**
         * Retrains on what a capture of this endpoint's traffic captured: each retraining flushes
         * the capture and reads the predictions of the last {@code lookback} before the trigger,
         * joined with their labels, into {@link RetrainRequest#captured()}.
         *
         * @param value the capture attached to the endpoint and its feedback
         * @param inputDecoder turns a captured input back into the model's input type
         * @param range how far back to read, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code range} is not positive
         */
        public Builder<I, O> retrainOnCaptured(ProductionCapture value, InputDecoder<I> inputDecoder, Duration range) {
            Objects.requireNonNull(value, "capture");
            retrainOnCaptured(value.directory(), inputDecoder, range);
            this.capture = value;
            return this;
        }

        /**
         * Retrains on a capture's directory written by another process (or replica): each retraining
         * reads the predictions of the last {@code lookback} before the trigger, joined with their
         * labels, into {@link RetrainRequest#captured()}. Lines the writer has not flushed yet are not
         * seen.
         *
         * @param directory the capture's directory
         * @param inputDecoder turns a captured input back into the model's input type
         * @param range how far back to read, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code range} is not positive
         */
        public Builder<I, O> retrainOnCaptured(Path directory, InputDecoder<I> inputDecoder, Duration range) {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(inputDecoder, "inputDecoder");
            Objects.requireNonNull(range, "lookback");
            if (range.isNegative() || range.isZero()) {
                throw new IllegalArgumentException("lookback must be positive but was " + range);
            }
            this.captureDirectory = directory;
            this.capture = null;
            this.decoder = inputDecoder;
            this.lookback = range;
            return this;
        }

        /**
         * Reads captured data only from the previous retraining attempt on (still within the
         * lookback), so that each retraining learns from what came since the last one.
         *
         * @return this builder
         */
        public Builder<I, O> sinceLastRetraining() {
            this.sinceLastRetraining = true;
            return this;
        }

        /**
         * @param value supplies the reference data (what the champion was trained on, say), called
         *     once per retraining, outside any lock, into {@link RetrainRequest#reference()}
         * @return this builder
         */
        public Builder<I, O> referenceData(Supplier<? extends List<LabelledExample<I>>> value) {
            this.referenceData = Objects.requireNonNull(value, "referenceData");
            return this;
        }

        /**
         * @param value the clock
         * @return this builder
         */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value receives every outcome
         * @return this builder
         */
        public Builder<I, O> listener(Consumer<? super RetrainingOutcome> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * @param value receives the challenger rollouts' events
         * @return this builder
         */
        public Builder<I, O> rolloutListener(Consumer<? super RolloutEvent> value) {
            this.rolloutListener = Objects.requireNonNull(value, "rolloutListener");
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalArgumentException if the retrainer, holdout, rollout analysis or figures
         *     source is missing
         */
        public RetrainingPolicy<I, O> build() {
            if (retrainer == null || holdout == null || analysis == null || figures == null) {
                throw new IllegalArgumentException("a retraining policy needs retrainer, holdout, rollout analysis and "
                        + "figures; missing: " + ((retrainer == null ? "retrainer " : "")
                        + (holdout == null ? "holdout " : "") + (analysis == null ? "rollout " : "")
                        + (figures == null ? "figures" : "")).trim());
            }
            if (sinceLastRetraining && captureDirectory == null) {
                throw new IllegalArgumentException("sinceLastRetraining needs retrainOnCaptured: there is no captured "
                        + "data to read");
            }
            return new RetrainingPolicy<>(this);
        }
    }
}
