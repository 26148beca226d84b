package org.mlops4j.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.mlops4j.core.Clock;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseGrant;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.core.signal.VariantFiguresSource;
import org.mlops4j.lifecycle.analysis.CanaryAnalysis;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.log.InputDecoder;
import org.mlops4j.monitoring.log.ProductionCapture;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of one endpoint in one object: wires an endpoint, the monitor that watches it
 * and a registry into a closed loop. The monitor's alerts of the kinds worth retraining on trigger
 * the {@link RetrainingPolicy}; a better challenger is rolled out by a {@link Rollout} judged by a
 * {@link CanaryAnalysis} on the monitor's per-variant figures; the feedback the endpoint joins
 * reaches the monitor (accuracy, concept drift), the rollout (through the monitor's figures) and
 * the retraining data; after a promotion the monitor is re-baselined on the data the new champion
 * was trained on.
 *
 * <pre>{@code
 * ClosedLoop<Row, Prediction<Label>> loop = ClosedLoop.builder(endpoint, monitor, registry)
 *         .plan(RolloutPlan.standard())
 *         .retraining(retrainer, holdoutAccuracy)
 *         .onRollout(event -> log.info("{}", event))
 *         .build();
 * loop.start();     // ticks rollouts, the retraining schedule and quiet time windows on its own thread
 * ...
 * loop.close();
 * }</pre>
 *
 * <p><b>Threads.</b> Alerts arrive on the monitor's analysis thread; the loop hands them to its own
 * thread, which also ticks: retraining and rollout decisions never run on a request thread or hold
 * up the monitor. {@link Builder#sameThread()} does everything on the calling thread instead (the
 * alert's, or the caller of {@link #tick()}): deterministic, for tests and for hosts that drive the
 * loop themselves.
 *
 * <p><b>Replicas.</b> With {@link Builder#lease} the loop acts only on the replica holding the lease:
 * each {@link #tick()} renews or asks for it, and the others neither retrain (on alerts, schedule or
 * new labels) nor start rollouts, and refuse {@link #rollout(Variant, Baseline)}. The rollouts the
 * holder starts are leased with the same lease and replica id (fenced state, see {@link Rollout}),
 * and name their candidate in a tag of the champion version ({@link Rollout#CANDIDATE_TAG_PREFIX}).
 * Every tick, a loop with no running rollout reads that tag; on finding a running rollout there it
 * loads the candidate with {@link Builder#followWith} and resumes the rollout, and each tick then runs
 * {@link Rollout#tickOrFollow()}: the followers route as the holder decided within a tick plus the
 * store's latency, and when the holder dies (or closes, releasing the lease) the next holder's loop
 * carries the rollout on from its stored step. A follower's monitor is not re-baselined on a
 * promotion (the training data stays on the holder). Thread-safe.
 *
 * @param <I> the endpoint's input type
 * @param <O> the endpoint's output type
 */
public final class ClosedLoop<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClosedLoop.class);

    private final ModelEndpoint<I, O> endpoint;
    private final ModelMonitor<? super O> monitor;
    private final VariantFiguresSource figures;
    private final ModelRegistry registry;
    private final RolloutPlan plan;
    private final RolloutAnalysis analysis;
    private final RetrainingPolicy<I, O> policy;
    private final Clock clock;
    private final ShadowConfig shadowConfig;
    private final ShadowComparator<O> comparator;
    private final Consumer<? super RolloutEvent> rolloutListener;
    private final Duration tickInterval;
    private final boolean sameThread;
    private final ControllerLease lease;
    private final String replica;
    private final Duration leaseTtl;
    private final Function<ModelVersion, ? extends Predictor<I, O>> candidateLoader;
    private volatile LeaseGrant grant;
    private final Map<ModelRef, Baseline> baselines = new ConcurrentHashMap<>();
    private final LongAdder promotions = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final MonitorListener alerts = new MonitorListener() {
        @Override
        public void onAlert(Alert alert) {
            dispatch(() -> {
                if (policy != null && controls()) {
                    policy.onAlert(alert);
                }
            });
        }

        @Override
        public String toString() {
            return "ClosedLoop[" + endpoint.name() + "]";
        }
    };

    /** Guards the fields below and nothing else: no rollout, deploy or listener runs under it. */
    private final Object lock = new Object();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ticking;
    private Rollout<I, O> manual;
    private boolean startingManual;
    private volatile boolean closed;

    private ClosedLoop(Builder<I, O> b) {
        this.endpoint = b.endpoint;
        this.monitor = b.monitor;
        this.figures = b.figures != null ? b.figures : b.monitor;
        this.registry = b.registry;
        this.plan = b.plan;
        this.clock = b.clock;
        this.shadowConfig = b.shadowConfig;
        this.comparator = b.comparator;
        this.rolloutListener = b.rolloutListener;
        this.tickInterval = b.tickInterval != null ? b.tickInterval : b.plan.analysisInterval();
        this.sameThread = b.sameThread;
        this.lease = b.lease;
        this.replica = b.replica;
        this.leaseTtl = b.leaseTtl;
        this.candidateLoader = b.candidateLoader;
        this.analysis = b.analysis != null ? b.analysis : CanaryAnalysis.of(withInputDrift(b));
        if (b.retrains) {
            this.policy = b.retraining.rollout(plan, analysis).figures(figures).clock(clock)
                    .feedbackExecutor(work -> dispatch(() -> {
                        if (controls()) {
                            work.run();
                        }
                    })).listener(b.retrainingListener)
                    .rolloutListener(this::onRolloutEvent).shadow(shadowConfig, comparator)
                    .rolloutSetup(this::leased).build();
        } else {
            this.policy = null;
        }
    }

    private CanaryAnalysisConfig withInputDrift(Builder<I, O> b) {
        if (Double.isNaN(b.maxDriftedShare)) {
            return b.analysisConfig;
        }
        String name = endpoint.name();
        return b.analysisConfig.withInputDrift(() -> latestDriftedShare(name), b.maxDriftedShare);
    }

    /** The drifted-feature share of the endpoint's most recent analysed window, NaN before one. */
    private double latestDriftedShare(String endpointName) {
        List<WindowMetrics> windows = monitor.recentWindows();
        for (int i = windows.size() - 1; i >= 0; i--) {
            if (windows.get(i).endpoint().equals(endpointName)) {
                return windows.get(i).driftedShare();
            }
        }
        return Double.NaN;
    }

    /**
     * Starts describing a closed loop.
     *
     * @param endpoint the endpoint; the loop attaches the monitor to it (once)
     * @param monitor the monitor of the endpoint: its alerts trigger retraining, its figures judge
     *     rollouts
     * @param registry holds the champion alias, the challengers and the rollout state
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder
     */
    public static <I, O> Builder<I, O> builder(ModelEndpoint<I, O> endpoint, ModelMonitor<? super O> monitor,
                                               ModelRegistry registry) {
        return new Builder<>(endpoint, monitor, registry);
    }

    /**
     * Ticks on the loop's own daemon thread every tick interval: the running rollout, the retraining
     * schedule, and the monitor's quiet time windows. Not needed with {@link Builder#sameThread()},
     * where the host calls {@link #tick()}.
     *
     * @return this loop
     * @throws IllegalStateException if the loop is closed or already started
     */
    public ClosedLoop<I, O> start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the closed loop of '" + endpoint.name() + "' is closed");
            }
            if (ticking != null) {
                throw new IllegalStateException("the closed loop of '" + endpoint.name() + "' is already started");
            }
            ScheduledExecutorService s = ensureScheduler();
            long period = tickInterval.toNanos();
            ticking = s.scheduleWithFixedDelay(() -> {
                try {
                    tick();
                } catch (RuntimeException e) {
                    LOG.error("closed loop of '{}': tick failed", endpoint.name(), e);
                }
            }, period, period, TimeUnit.NANOSECONDS);
        }
        return this;
    }

    private ScheduledExecutorService ensureScheduler() {
        synchronized (lock) {
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "mlops-closed-loop-" + endpoint.name());
                    t.setDaemon(true);
                    return t;
                });
            }
            return scheduler;
        }
    }

    private void dispatch(Runnable work) {
        if (closed) {
            return;
        }
        if (sameThread) {
            work.run();
            return;
        }
        try {
            ensureScheduler().execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("closed loop of '{}': work failed", endpoint.name(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("closed loop of '{}' is shutting down; dropped {}", endpoint.name(), work);
        }
    }

    /**
     * One pass of the loop, on the calling thread: closes the monitor's quiet time windows, renews or
     * asks for the lease (with {@link Builder#lease}), and on the holder ticks the running rollout
     * and checks the retraining schedule. Leased, every replica first looks for a running rollout it
     * does not follow yet, and runs {@link Rollout#tickOrFollow()} on the running one (see the class
     * description). Does nothing once the loop is closed.
     */
    public void tick() {
        if (closed) {
            return;
        }
        monitor.closeExpiredWindows();
        renewLease();
        if (lease != null) {
            followRunningRollout();
            Optional<Rollout<I, O>> running = rollout().filter(r -> !r.status().finished());
            if (running.isPresent() && running.get().tickOrFollow().status().finished()) {
                renewLease();     // a finished rollout's holder released the lease: ask again before retraining
            }
        }
        if (!controls()) {
            return;
        }
        if (lease == null) {
            rollout().ifPresent(r -> {
                if (!r.status().finished()) {
                    r.tick();
                }
            });
        }
        if (policy != null) {
            policy.tick();
        }
    }

    /** Completes a rollout's builder: leased with this loop's lease, when it has one. */
    private Rollout.Builder<I, O> leased(Rollout.Builder<I, O> b) {
        return lease == null ? b : b.lease(lease, replica, leaseTtl);
    }

    /**
     * When no rollout of this loop runs, reads the candidate tag of the champion's version and, when
     * it names a candidate whose stored rollout is running, resumes that rollout here.
     */
    private void followRunningRollout() {
        if (candidateLoader == null || rollout().map(r -> !r.status().finished()).orElse(false)) {
            return;
        }
        Variant<I, O> champion = endpoint.strategy().fallback();
        try {
            Optional<String> pointer = registry.get(champion.model().name(), champion.model().version())
                    .map(v -> v.tags().get(Rollout.CANDIDATE_TAG_PREFIX + endpoint.name()));
            if (pointer.isEmpty()) {
                return;
            }
            String text = pointer.get();
            int space = text.indexOf(' ');
            int version = Integer.parseInt(space < 0 ? text : text.substring(0, space));
            String variantName = space < 0 ? "challenger" : text.substring(space + 1);
            Optional<ModelVersion> registered = registry.get(champion.model().name(), version);
            // A rollout this loop already ran is finished (the running one returned above).
            if (registered.isEmpty() || FencedStates.latest(registered.get().tags())
                    .map(f -> f.state().status().finished()).orElse(true)) {
                return;
            }
            Predictor<I, O> predictor = Objects.requireNonNull(candidateLoader.apply(registered.get()),
                    "loaded candidate");
            Supplier<Rollout<I, O>> resume = () -> leased(Rollout.builder(endpoint, plan).champion(champion)
                    .candidate(Variant.of(variantName, predictor, registered.get())).analysis(analysis).figures(figures)
                    .registry(registry).clock(clock).listener(this::onRolloutEvent).shadow(shadowConfig, comparator))
                    .resume();
            Rollout<I, O> followed;
            if (policy != null) {
                followed = policy.adopt(resume);
            } else {
                followed = resume.get();
                synchronized (lock) {
                    manual = followed;
                }
            }
            LOG.info("closed loop of '{}': {} follows the rollout of {}", endpoint.name(), replica,
                    followed.candidate());
        } catch (RuntimeException e) {
            LOG.warn("closed loop of '{}': cannot follow the rollout the tag of {} names", endpoint.name(),
                    champion.model(), e);
        }
    }

    /**
     * Rolls a candidate out by hand (one trained outside the loop), with the loop's plan and analysis.
     *
     * @param candidate the candidate variant, a registered version of the champion's model
     * @param baseline the data it was trained on: the monitor's baseline once it is promoted, or
     *     {@link Baseline#none()} to keep the current one
     * @return the running rollout
     * @throws IllegalStateException if this replica does not hold the loop's lease (with
     *     {@link Builder#lease}), a rollout is running or starting, a retraining is in progress,
     *     or the rollout cannot start (see {@link Rollout.Builder#start()}: the candidate must be a
     *     registered READY version)
     */
    public Rollout<I, O> rollout(Variant<I, O> candidate, Baseline baseline) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(baseline, "baseline");
        if (!controls()) {
            throw new IllegalStateException("replica '" + replica + "' does not hold the lease '" + lease.name()
                    + "' of the closed loop of '" + endpoint.name() + "'; start rollouts on the holder");
        }
        Optional<Rollout<I, O>> previous = rollout();
        Supplier<Rollout<I, O>> start = () -> {
            previous.ifPresent(this::settle);   // the champion is the endpoint's live variant: after a promotion's routing
            if (baseline != Baseline.none()) {
                baselines.put(candidate.model(), baseline);
            }
            try {
                return leased(Rollout.builder(endpoint, plan).champion(endpoint.strategy().fallback())
                        .candidate(candidate).analysis(analysis).figures(figures).registry(registry).clock(clock)
                        .listener(this::onRolloutEvent).shadow(shadowConfig, comparator)).start();
            } catch (RuntimeException e) {
                baselines.remove(candidate.model());
                throw e;
            }
        };
        if (policy != null) {
            return policy.adopt(start);       // reserves against the policy's own retraining
        }
        // Reserved under the lock, started outside it: the start deploys and calls listeners.
        synchronized (lock) {
            if (startingManual || (manual != null && !manual.status().finished())) {
                throw new IllegalStateException("a rollout is " + (startingManual ? "starting" : "running") + " on '"
                        + endpoint.name() + "'");
            }
            startingManual = true;
        }
        try {
            Rollout<I, O> r = start.get();
            synchronized (lock) {
                manual = r;
            }
            return r;
        } finally {
            synchronized (lock) {
                startingManual = false;
            }
        }
    }

    /**
     * Retrains now (subject to the policy's cooldown), on the calling thread.
     *
     * @param reason why
     * @return the outcome
     * @throws IllegalStateException if the loop was built without retraining
     */
    public RetrainingOutcome retrainNow(String reason) {
        return retraining().orElseThrow(() -> new IllegalStateException("the closed loop of '" + endpoint.name()
                + "' was built without retraining")).retrainNow(reason);
    }

    /** Waits for a finished rollout's last decision to be carried out (its routing above all). */
    private void settle(Rollout<I, O> previous) {
        try {
            if (!previous.awaitEffects(Duration.ofSeconds(30))) {
                LOG.warn("closed loop of '{}': the previous rollout did not carry out its decisions within 30 s",
                        endpoint.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("closed loop of '{}': interrupted while waiting for the previous rollout", endpoint.name());
        }
    }

    /** @return the running or latest rollout: the retrained challenger's, or one started by hand */
    public Optional<Rollout<I, O>> rollout() {
        if (policy != null) {
            return policy.rollout();
        }
        synchronized (lock) {
            return Optional.ofNullable(manual);
        }
    }

    /** @return the retraining policy, when the loop retrains */
    public Optional<RetrainingPolicy<I, O>> retraining() {
        return Optional.ofNullable(policy);
    }

    /** @return the endpoint this loop routes */
    public ModelEndpoint<I, O> endpoint() {
        return endpoint;
    }

    /** @return the monitor whose alerts and figures drive this loop */
    public ModelMonitor<? super O> monitor() {
        return monitor;
    }

    /** @return the registry holding the champion alias and the rollout state */
    public ModelRegistry registry() {
        return registry;
    }

    /**
     * Whether this replica acts: always without a lease; with one, while its latest grant (renewed by
     * {@link #tick()}) holds by its own monotonic clock.
     *
     * @return true when the loop retrains and ticks rollouts here
     */
    public boolean controls() {
        if (lease == null) {
            return true;
        }
        LeaseGrant g = grant;
        return g != null && g.heldAt(clock.nanoTime());
    }

    private void renewLease() {
        if (lease == null) {
            return;
        }
        try {
            grant = lease.acquire(replica, leaseTtl).orElse(null);
        } catch (RuntimeException e) {
            // The last grant runs out on its own; the next tick asks again.
            LOG.warn("closed loop of '{}': renewing the lease '{}' failed", endpoint.name(), lease.name(), e);
        }
    }

    /** @return the rollouts of this loop that promoted their candidate, since the loop was built */
    public long promotions() {
        return promotions.sum();
    }

    /** @return the rollouts of this loop that rolled back (by analysis or by hand), since the loop was built */
    public long rollbacks() {
        return rollbacks.sum();
    }

    /** @return the analysis judging rollouts */
    public RolloutAnalysis analysis() {
        return analysis;
    }

    private void onRolloutEvent(RolloutEvent event) {
        if (event.kind() == RolloutEvent.Kind.ROLLED_BACK) {
            rollbacks.increment();
        } else if (event.kind() == RolloutEvent.Kind.PROMOTED) {
            promotions.increment();
        }
        if (event.kind() == RolloutEvent.Kind.PROMOTED) {
            Baseline next = baselines.remove(event.candidate());
            if (next == null && policy != null) {
                next = policy.challenger().filter(c -> policy.rollout().map(r -> r.candidate().equals(event.candidate()))
                        .orElse(false)).flatMap(RetrainedModel::baseline).orElse(null);
            }
            if (next != null) {
                try {
                    monitor.rebaseline(next);
                } catch (RuntimeException e) {
                    LOG.error("closed loop of '{}': re-baselining the monitor after promoting {} failed",
                            endpoint.name(), event.candidate(), e);
                }
            }
        }
        try {
            rolloutListener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("closed loop of '{}': rollout listener failed on {}", endpoint.name(), event, e);
        }
    }

    /**
     * Stops the loop: its thread (after the work in progress), the running rollout's schedule, and
     * listening to the monitor's alerts and the endpoint's feedback. The endpoint keeps its routing
     * and the monitor keeps watching. Leased, the holder releases the lease (its rollout's too), so
     * that another replica's loop takes over at its next tick rather than after the TTL. Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = scheduler;
        }
        monitor.removeListener(alerts);
        if (policy != null) {
            endpoint.feedback().removeListener(policy);
        }
        rollout().ifPresent(Rollout::close);
        if (s != null) {
            s.shutdown();
            try {
                if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("closed loop of '{}': work did not finish within 10 s; interrupting it", endpoint.name());
                    s.shutdownNow();
                }
            } catch (InterruptedException e) {
                s.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        LeaseGrant g = grant;
        if (lease != null && g != null) {
            grant = null;
            try {
                lease.release(g);
            } catch (RuntimeException e) {
                LOG.warn("closed loop of '{}': releasing the lease '{}' failed; it runs out after its TTL",
                        endpoint.name(), lease.name(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "ClosedLoop[" + endpoint.name() + ", " + rollout().map(Rollout::toString).orElse("no rollout") + "]";
    }

    private void attach() {
        endpoint.addListener(monitor);
        monitor.addListener(alerts);
        if (policy != null) {
            endpoint.feedback().addListener(policy);
            if (!endpoint.feedback().config().keepInputs() && !policy.retrainsOnCaptured()) {
                LOG.warn("endpoint '{}' keeps no inputs in its feedback join (FeedbackConfig.keepInputs): retraining "
                        + "requests will carry no labelled production examples", endpoint.name());
            }
        }
    }

    /**
     * Describes a {@link ClosedLoop}; not thread-safe. {@link #build()} copies every setting.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final ModelEndpoint<I, O> endpoint;
        private final ModelMonitor<? super O> monitor;
        private VariantFiguresSource figures;
        private final ModelRegistry registry;
        private RolloutPlan plan = RolloutPlan.standard();
        private RolloutAnalysis analysis;
        private CanaryAnalysisConfig analysisConfig = CanaryAnalysisConfig.ofDefaults();
        private double maxDriftedShare = Double.NaN;
        /** The retraining options, validated as they are set; the policy is built when a retrainer is given. */
        private final RetrainingPolicy.Builder<I, O> retraining;
        private boolean retrains;
        private ShadowConfig shadowConfig = ShadowConfig.ofDefaults();
        private ShadowComparator<O> comparator = ShadowComparator.equality();
        private Consumer<? super RolloutEvent> rolloutListener = e -> { };
        private Consumer<? super RetrainingOutcome> retrainingListener = o -> { };
        private Duration tickInterval;
        private Clock clock = Clock.system();
        private boolean sameThread;
        private ControllerLease lease;
        private String replica;
        private Duration leaseTtl;
        private Function<ModelVersion, ? extends Predictor<I, O>> candidateLoader;

        private Builder(ModelEndpoint<I, O> endpoint, ModelMonitor<? super O> monitor, ModelRegistry registry) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            this.registry = Objects.requireNonNull(registry, "registry");
            this.retraining = RetrainingPolicy.builder(endpoint, registry);
        }

        /**
         * Where every rollout's analysis reads what the champion and the candidate did: the loop's
         * monitor by default (this replica's traffic). A fleet gives every replica's loop the fleet's
         * merged figures, {@code FleetFigures.since(fleetWindows, start)}, so that the holder of the
         * lease judges on all replicas' traffic.
         *
         * @param value the figures' source
         * @return this builder
         */
        public Builder<I, O> figures(VariantFiguresSource value) {
            this.figures = Objects.requireNonNull(value, "figures");
            return this;
        }

        /**
         * @param value the steps of every rollout; {@link RolloutPlan#standard()} by default
         * @return this builder
         */
        public Builder<I, O> plan(RolloutPlan value) {
            this.plan = Objects.requireNonNull(value, "plan");
            return this;
        }

        /**
         * @param value how the canary analysis judges; {@link CanaryAnalysisConfig#ofDefaults()} by default
         * @return this builder
         */
        public Builder<I, O> analysis(CanaryAnalysisConfig value) {
            this.analysisConfig = Objects.requireNonNull(value, "analysis");
            this.analysis = null;
            return this;
        }

        /**
         * @param value an analysis of the host's own instead of the canary analysis (one reading the
         *     host's metrics system, say)
         * @return this builder
         */
        public Builder<I, O> analysis(RolloutAnalysis value) {
            this.analysis = Objects.requireNonNull(value, "analysis");
            return this;
        }

        /**
         * Defers rollout decisions while the endpoint's inputs drift: the canary analysis's input
         * drift check reads the monitor's latest window. Only with the built-in canary analysis:
         * {@link #build()} refuses it together with {@link #analysis(RolloutAnalysis)}.
         *
         * @param maxShare the drifted-feature share at which decisions wait, in (0, 1]
         * @return this builder
         */
        public Builder<I, O> deferOnInputDrift(double maxShare) {
            if (!(maxShare > 0 && maxShare <= 1)) {
                throw new IllegalArgumentException("maxDriftedShare must be in (0, 1] but was " + maxShare);
            }
            this.maxDriftedShare = maxShare;
            return this;
        }

        /**
         * Retrains on alerts, schedule or new labels (see {@link RetrainingPolicy}).
         *
         * @param value trains candidates
         * @param holdoutScore scores a model on the holdout, higher is better
         * @return this builder
         */
        public Builder<I, O> retraining(Retrainer<I, O> value, ToDoubleFunction<Predictor<I, O>> holdoutScore) {
            retraining.retrainer(value).holdout(holdoutScore);
            this.retrains = true;
            return this;
        }

        /**
         * @param value alert kinds that trigger a retraining (see {@link RetrainingPolicy.Builder#retrainOn})
         * @return this builder
         */
        public Builder<I, O> retrainOn(Set<SignalKind> value) {
            retraining.retrainOn(value);
            return this;
        }

        /**
         * @param value also retrain on this schedule (see {@link RetrainingPolicy.Builder#every})
         * @return this builder
         */
        public Builder<I, O> retrainEvery(Duration value) {
            retraining.every(value);
            return this;
        }

        /**
         * @param value see {@link RetrainingPolicy.Builder#cooldown}
         * @return this builder
         */
        public Builder<I, O> cooldown(Duration value) {
            retraining.cooldown(value);
            return this;
        }

        /**
         * @param value see {@link RetrainingPolicy.Builder#minNewLabels}
         * @return this builder
         */
        public Builder<I, O> minNewLabels(long value) {
            retraining.minNewLabels(value);
            return this;
        }

        /**
         * @param value see {@link RetrainingPolicy.Builder#minImprovement}
         * @return this builder
         */
        public Builder<I, O> minImprovement(double value) {
            retraining.minImprovement(value);
            return this;
        }

        /**
         * @param value see {@link RetrainingPolicy.Builder#keepLabelled}
         * @return this builder
         */
        public Builder<I, O> keepLabelled(int value) {
            retraining.keepLabelled(value);
            return this;
        }

        /**
         * Retrains on what a capture of the endpoint's traffic captured in the last {@code lookback}
         * (see {@link RetrainingPolicy.Builder#retrainOnCaptured(ProductionCapture,
         * InputDecoder, Duration)}).
         *
         * @param capture the capture attached to the endpoint and its feedback
         * @param decoder turns a captured input back into the model's input type
         * @param lookback how far back to read, positive
         * @return this builder
         */
        public Builder<I, O> retrainOnCaptured(ProductionCapture capture,
                                               InputDecoder<I> decoder, Duration lookback) {
            retraining.retrainOnCaptured(capture, decoder, lookback);
            return this;
        }

        /**
         * @param value see {@link RetrainingPolicy.Builder#referenceData}
         * @return this builder
         */
        public Builder<I, O> referenceData(Supplier<? extends List<LabelledExample<I>>> value) {
            retraining.referenceData(value);
            return this;
        }

        /**
         * @param config the shadow step's threads, queue, sampling and timeout
         * @param value how the shadow step compares answers
         * @return this builder
         */
        public Builder<I, O> shadow(ShadowConfig config, ShadowComparator<O> value) {
            this.shadowConfig = Objects.requireNonNull(config, "shadowConfig");
            this.comparator = Objects.requireNonNull(value, "shadowComparator");
            return this;
        }

        /**
         * @param value hears every rollout event (after the loop re-baselined on a promotion)
         * @return this builder
         */
        public Builder<I, O> onRollout(Consumer<? super RolloutEvent> value) {
            this.rolloutListener = Objects.requireNonNull(value, "onRollout");
            return this;
        }

        /**
         * @param value hears every retraining outcome
         * @return this builder
         */
        public Builder<I, O> onRetraining(Consumer<? super RetrainingOutcome> value) {
            this.retrainingListener = Objects.requireNonNull(value, "onRetraining");
            return this;
        }

        /**
         * @param value how often {@link ClosedLoop#start()} ticks; the plan's analysis interval by default
         * @return this builder
         */
        public Builder<I, O> tickInterval(Duration value) {
            Objects.requireNonNull(value, "tickInterval");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("tickInterval must be positive but was " + value);
            }
            this.tickInterval = value;
            return this;
        }

        /**
         * @param value the clock of rollouts and retraining
         * @return this builder
         */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Runs the loop as one replica of a fleet: only the holder of the lease retrains and ticks or
         * starts rollouts (see the class description). Tick more often than the TTL.
         *
         * @param value the fleet's lease of this loop, shared by every replica
         * @param replicaId this replica's holder id, unique per process, non-blank, at most 250
         *     characters
         * @param ttl how long a tenure lasts without renewal, at least 1 ms
         * @return this builder
         * @throws IllegalArgumentException if {@code replicaId} is blank or too long or {@code ttl} is
         *     under a millisecond, naming the value
         */
        public Builder<I, O> lease(ControllerLease value, String replicaId, Duration ttl) {
            this.lease = Objects.requireNonNull(value, "lease");
            this.replica = ControllerLease.checkHolder(replicaId);
            this.leaseTtl = ControllerLease.checkTtl(ttl);
            return this;
        }

        /**
         * How a replica of a leased loop loads the candidate of a rollout another replica started, to
         * follow it (see the class description): from the version's artifact, with the same loader the
         * service loads its champion with. Without it, the loop follows no rollout it did not start.
         *
         * @param value loads a registered version's predictor
         * @return this builder
         */
        public Builder<I, O> followWith(Function<ModelVersion, ? extends Predictor<I, O>> value) {
            this.candidateLoader = Objects.requireNonNull(value, "followWith");
            return this;
        }

        /**
         * Does the loop's work on the calling thread: alerts retrain on the monitor's thread, and
         * rollouts tick when the host calls {@link ClosedLoop#tick()}. For tests and hosts that drive
         * the loop themselves.
         *
         * @return this builder
         */
        public Builder<I, O> sameThread() {
            this.sameThread = true;
            return this;
        }

        /**
         * Builds the loop and attaches it: the monitor to the endpoint (if it is not already), the
         * loop to the monitor's alerts, and the retraining policy to the endpoint's feedback.
         *
         * @return the loop; {@link ClosedLoop#start()} it unless it runs on the same thread
         * @throws IllegalArgumentException if a setting is out of range (see {@link RetrainingPolicy.Builder})
         * @throws IllegalStateException if deferOnInputDrift is combined with an analysis of the host's own
         */
        public ClosedLoop<I, O> build() {
            if (analysis != null && !Double.isNaN(maxDriftedShare)) {
                throw new IllegalStateException("deferOnInputDrift applies to the built-in canary analysis; with an "
                        + "analysis of your own (" + analysis + "), read the monitor's drift in it instead");
            }
            ClosedLoop<I, O> loop = new ClosedLoop<>(this);
            loop.attach();
            return loop;
        }
    }
}
