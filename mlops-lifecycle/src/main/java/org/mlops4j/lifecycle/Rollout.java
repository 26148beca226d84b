package org.mlops4j.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mlops4j.core.Clock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseGrant;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.core.signal.VariantFiguresSource;
import org.mlops4j.lifecycle.RolloutMachine.Effect;
import org.mlops4j.lifecycle.RolloutMachine.Transition;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.Variant;
import org.mlops4j.core.schema.IncompatibleSignatureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RolloutPlan} for a candidate model against a {@link ModelEndpoint}: each step
 * deploys the candidate in shadow or as a sticky canary, and every {@link #tick()} (on a schedule,
 * see {@link #schedule}) asks the {@link RolloutAnalysis} for PASS, FAIL or INCONCLUSIVE, giving it
 * what champion and candidate did in the step and in the whole rollout, as counted by a
 * {@link VariantFiguresSource} (the endpoint's {@code ModelMonitor}).
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
 * {@link #promoteNow} and {@link #abort} are a human's overrides at any step. A rollback sends all
 * traffic to the champion, closes the candidate's predictor when it is {@link AutoCloseable}, and
 * emits a {@link RolloutEvent.Kind#ROLLED_BACK} event (map it to an alert). The durable state
 * ({@link RolloutState}) is written to the candidate version's tags after every change:
 * {@link Builder#resume()} continues after a restart, and another replica calling
 * {@link #refresh()} routes exactly the same way, because canary routing is a pure function of
 * (step weight, salt, routing key).
 *
 * <p><b>A state machine.</b> Every decision is a pure function ({@code RolloutMachine}) of the
 * state and what was observed, giving the next state and the effects to carry out: route traffic,
 * write the state, move an alias, close the candidate, tell the listener. Decisions are taken under
 * a private lock that guards nothing but the state; the analysis is asked, and every effect runs,
 * outside any lock, one at a time and in decision order. So a listener may call back into the
 * rollout, and a slow registry never blocks a caller reading {@link #state()}. A call such as
 * {@link #abort} returns once its own effects ran.
 *
 * <p><b>A fleet.</b> Replicas of a service run the same rollout, each built with
 * {@link Builder#lease(ControllerLease, String, Duration) lease(lease, replica, ttl)} and
 * {@link #schedule scheduled}: every period each renews or asks for the lease; the holder ticks
 * (every {@link RolloutPlan#analysisInterval()}), the others {@link #refresh()}. The holder writes the
 * state under its lease's fencing epoch and readers take the highest epoch's, so a holder paused past
 * its TTL cannot have a stale decision followed; a replica that takes over re-reads and re-writes the
 * state under its own epoch first, and finishes a promotion whose alias move its predecessor made.
 * Give every replica the fleet's figures ({@code FleetFigures}) so that the analysis counts all
 * replicas' traffic.
 *
 * <p>Thread-safe.
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
    /**
     * The prefix of the candidate version's tags recording people's actions on a rollout: the key
     * ends with the action's time (epoch milliseconds, zero-padded) and a sequence number, the
     * value reads {@code "<time> <action> by <actor>: <reason>"}.
     */
    public static final String AUDIT_TAG_PREFIX = "mlops.audit.";
    /**
     * The prefix of the champion version's tag through which a leased rollout tells the fleet which
     * candidate it rolls out on an endpoint: the key ends with the endpoint's name, the value reads
     * {@code "<candidate version> <candidate variant name>"}. Written by {@link Builder#start()} of a
     * leased rollout; a {@link ClosedLoop} on another replica reads it to follow the rollout.
     */
    public static final String CANDIDATE_TAG_PREFIX = "mlops.rollout.candidate.";

    private final ModelEndpoint<I, O> endpoint;
    private final RolloutPlan plan;
    private final RolloutAnalysis analysis;
    private final ModelRegistry registry;
    private final VariantFiguresSource figures;
    private final Clock clock;
    private final Consumer<? super RolloutEvent> listener;
    private final Variant<I, O> champion;
    private final Variant<I, O> candidate;
    private final ShadowConfig shadowConfig;
    private final ShadowComparator<O> comparator;
    private final String actor;
    private final LongAdder persistFailures = new LongAdder();
    private final LongAdder fencedWrites = new LongAdder();
    private final RolloutFence fence;
    private final Duration settling;
    /** The fencing epoch this replica took control under (0: unleased, or not the controller yet). */
    private volatile long controlledEpoch;
    private volatile long lastTickNanos;
    private volatile boolean ticked;
    private final AtomicLong auditSequence = new AtomicLong();

    /** Guards {@link #state}, the effect queue and its counters; held only while deciding or queueing. */
    private final Object lock = new Object();
    private volatile RolloutState state;
    private final ArrayDeque<Queued> effects = new ArrayDeque<>();
    private long queued;
    private long done;
    private Thread runner;

    private volatile AnalysisResult lastAnalysis;
    private volatile ShadowStrategy<I, O> shadow;
    private volatile Baselines baselines;
    private volatile ScheduledFuture<?> scheduled;

    /** An effect and the fencing epoch of the decision that asked for it. */
    private record Queued(Effect effect, long epoch) {
    }

    /** The figures at the start of the step and of the rollout: what the analysis's figures count from. */
    private record Baselines(int step, VariantFigures championStep, VariantFigures candidateStep,
                             VariantFigures championRollout, VariantFigures candidateRollout, long countFromNanos,
                             boolean counting) {
    }

    private Rollout(Builder<I, O> b, RolloutState initial) {
        this.endpoint = b.endpoint;
        this.plan = b.plan;
        this.analysis = b.analysis;
        this.registry = b.registry;
        this.figures = b.figures;
        this.clock = b.clock;
        this.listener = b.listener;
        this.champion = b.champion;
        this.candidate = b.candidate;
        this.shadowConfig = b.shadowConfig;
        this.comparator = b.comparator;
        this.actor = b.actor;
        this.fence = b.fence();
        this.settling = b.settling != null ? b.settling
                : fence.leased() ? fence.period(plan.analysisInterval()).multipliedBy(2) : Duration.ZERO;
        this.state = initial;
        VariantFigures c = figuresOf(champion);
        VariantFigures k = figuresOf(candidate);
        this.baselines = new Baselines(initial.step(), c, k, c, k, clock.nanoTime(), true);
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

    /** @return the durable state, read without locking */
    public RolloutState state() {
        return state;
    }

    /** @return the current status */
    public RolloutStatus status() {
        return state.status();
    }

    /** @return the current step */
    public RolloutStep currentStep() {
        return plan.steps().get(Math.min(state.step(), plan.steps().size() - 1));
    }

    /** @return the candidate's model version */
    public ModelRef candidate() {
        return candidate.model();
    }

    /** @return the champion's model version */
    public ModelRef champion() {
        return champion.model();
    }

    /** @return the latest analysis, empty before the first tick of the rollout */
    public Optional<AnalysisResult> lastAnalysis() {
        return Optional.ofNullable(lastAnalysis);
    }

    /** @return the candidate's requests (or shadow calls, in a shadow step) counted in the current step */
    public long stepSamples() {
        RolloutState s = state;
        if (plan.steps().get(Math.min(s.step(), plan.steps().size() - 1)).shadow()) {
            return shadowCounts().calls();
        }
        Baselines b = baselines;
        return b.counting() ? figuresOf(candidate).since(b.candidateStep()).requests() : 0;
    }

    /** @return state writes to the registry that failed (logged); the next change writes again */
    public long persistFailures() {
        return persistFailures.sum();
    }

    /** @return the plan: its steps and limits */
    public RolloutPlan plan() {
        return plan;
    }

    /** @return the endpoint whose traffic the rollout routes */
    public ModelEndpoint<I, O> endpoint() {
        return endpoint;
    }

    /**
     * Analyses the current step once and acts on the result (see the class description). Does
     * nothing unless RUNNING. The analysis runs outside any lock; if the state changed meanwhile (a
     * human aborted), its result is not acted on. A leased rollout decides only while this replica
     * holds the lease ({@link #controls()}); {@link #tickOrFollow()} renews it.
     *
     * @return the state after the tick
     */
    public RolloutState tick() {
        RolloutState asked = state;
        long epoch = controlledEpoch;
        if (asked.status() != RolloutStatus.RUNNING || !fence.holds(epoch)) {
            return asked;
        }
        countStepFromSettling();
        Instant now = clock.now();
        RolloutContext context = context(asked, now);
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
        long samples = context.shadowStep() ? context.shadow().calls() : context.candidateStep().requests();
        AnalysisResult r = result;
        // The analysis may have taken long: a replica whose tenure ran out meanwhile takes no decision.
        decide(s -> s == asked && fence.holds(epoch)
                ? RolloutMachine.tick(plan, s, r, samples, context.elapsed(), now, actor) : Transition.stay(s));
        return state;
    }

    /**
     * A human's go-ahead: passes the manual gate of a step that waits for it, or resumes a paused
     * rollout (its inconclusive count reset). Attributed to this rollout's actor; a person's approval
     * is {@link #approve(Attribution)}.
     *
     * @throws IllegalStateException if the rollout neither waits at a gate nor is paused
     */
    public void approve() {
        approve(Attribution.by(actor, "approved"));
    }

    /**
     * A person's go-ahead: passes the manual gate of a step that waits for it, or resumes a paused
     * rollout (its inconclusive count reset). Recorded in the registry as an {@link #AUDIT_TAG_PREFIX
     * audit tag} of the candidate version; a promotion after the last gate moves the champion alias
     * in their name.
     *
     * @param by who approved, and why
     * @throws IllegalStateException if the rollout neither waits at a gate nor is paused
     */
    public void approve(Attribution by) {
        Objects.requireNonNull(by, "by");
        Instant now = clock.now();
        requireControl("approve");
        decide(s -> RolloutMachine.approve(plan, s, now, by, candidate.model()));
    }

    /**
     * A person's resumption of a paused rollout (its inconclusive count reset); unlike
     * {@link #approve(Attribution)}, it never passes a manual gate. Recorded as an audit tag.
     *
     * @param by who resumed it, and why
     * @throws IllegalStateException if the rollout is not paused
     */
    public void resume(Attribution by) {
        Objects.requireNonNull(by, "by");
        Instant now = clock.now();
        requireControl("resume");
        decide(s -> RolloutMachine.resume(plan, s, now, by, candidate.model()));
    }

    /**
     * A person's pause: the rollout stops analysing and keeps its current routing until
     * {@link #approve(Attribution) approved} (resumed) or {@link #abort(Attribution) aborted}. Other
     * replicas follow the stored state. Recorded in the registry as an audit tag.
     *
     * @param by who paused it, and why
     * @throws IllegalStateException if the rollout is not running
     */
    public void pause(Attribution by) {
        Objects.requireNonNull(by, "by");
        requireControl("pause");
        decide(s -> RolloutMachine.pause(s, by, candidate.model()));
    }

    /**
     * Rolls back now, whatever the analysis says.
     *
     * @param reason why, recorded in the state and the event
     * @throws IllegalStateException if the rollout already finished
     */
    public void abort(String reason) {
        Objects.requireNonNull(reason, "reason");
        abort(Attribution.by(actor, reason));
    }

    /**
     * A person's rollback, now, whatever the analysis says. Recorded in the state, the event and the
     * registry's audit tags.
     *
     * @param by who rolled back, and why
     * @throws IllegalStateException if the rollout already finished
     */
    public void abort(Attribution by) {
        Objects.requireNonNull(by, "by");
        requireControl("abort");
        decide(s -> RolloutMachine.abort(s, by, candidate.model()));
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
        promoteNow(Attribution.by(actor, reason));
    }

    /**
     * A person's override: promotes the candidate now, whatever step the rollout is at. The champion
     * alias moves by compare-and-set in their name (the alias history names them), and the action is
     * recorded as an audit tag.
     *
     * @param by who promoted, and why
     * @throws IllegalStateException if the rollout already finished
     */
    public void promoteNow(Attribution by) {
        Objects.requireNonNull(by, "by");
        requireControl("promoteNow");
        decide(s -> RolloutMachine.promoteNow(s, by, candidate.model()));
    }

    /**
     * The people's actions on this rollout recorded in the registry (approve, resume, pause,
     * rollback, promote), oldest first, read from the candidate version's audit tags.
     *
     * @return the actions, each {@code "<time> <action> by <actor>: <reason>"}
     */
    public List<String> audit() {
        return registry.get(candidate.model().name(), candidate.model().version())
                .map(v -> v.tags().entrySet().stream().filter(e -> e.getKey().startsWith(AUDIT_TAG_PREFIX))
                        .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList())
                .orElse(List.of());
    }

    /**
     * Follows the state another replica wrote to the registry: when the status or step changed,
     * routes this endpoint accordingly. Call it on the replicas that do not run the analysis.
     *
     * @return the state now
     */
    public RolloutState refresh() {
        RolloutState stored = read(registry, candidate.model()).orElse(null);
        if (stored != null) {
            decide(s -> RolloutMachine.follow(s, stored));
        }
        return state;
    }

    /**
     * One round of a leased rollout: renews or asks for the lease; the holder (after taking control
     * when its tenure is new: see the class description) ticks when an analysis interval has passed
     * since its last tick, the others {@link #refresh()}. When the rollout has finished, the holder
     * releases the lease. An unleased rollout just ticks.
     *
     * @return the state after the round
     * @throws StoreException if the lease or the registry cannot be reached (a holder's tenure then
     *     runs out on its own; the next round tries again)
     */
    public RolloutState tickOrFollow() {
        if (!fence.leased()) {
            return tick();
        }
        Optional<LeaseGrant> grant = fence.renew();
        if (grant.isEmpty()) {
            if (controlledEpoch != 0) {
                LOG.warn("rollout of {} on '{}': {} lost the controller lease (epoch {}); following the stored state",
                        candidate.model(), endpoint.name(), fence.replica(), controlledEpoch);
                controlledEpoch = 0;
            }
            return refresh();
        }
        long epoch = grant.get().epoch();
        if (epoch != controlledEpoch) {
            takeOver(epoch);
        }
        RolloutState s = state;
        long now = clock.nanoTime();
        if (s.status() == RolloutStatus.RUNNING && (!ticked || now - lastTickNanos >= plan.analysisInterval().toNanos())) {
            ticked = true;
            lastTickNanos = now;
            s = tick();
        }
        if (s.status().finished() && awaitEffectsQuietly()) {
            fence.release();
            controlledEpoch = 0;
        }
        return s;
    }

    /**
     * Takes control under a new epoch: adopts the stored state of the highest epoch and writes it
     * under this one, then finishes a promotion whose alias move the previous holder made but whose
     * state it did not write (it died, or paused past its tenure, in between).
     */
    private void takeOver(long epoch) {
        RolloutState stored = read(registry, candidate.model()).orElseThrow(() -> new IllegalStateException(
                "candidate " + candidate.model() + " has no rollout state to take control of"));
        boolean aliasMoved = !stored.status().finished() && registry.getByAlias(candidate.model().name(), CHAMPION)
                .map(v -> v.version() == candidate.model().version()).orElse(false);
        LOG.info("rollout of {} on '{}': {} took control at epoch {} ({} at step {})", candidate.model(),
                endpoint.name(), fence.replica(), epoch, stored.status(), stored.step());
        controlledEpoch = epoch;
        ticked = false;
        decide(s -> RolloutMachine.takeOver(s, stored));
        if (aliasMoved) {
            String why = "promotion finished at takeover: the champion alias already points at " + candidate.model();
            decide(s -> RolloutMachine.promoted(s, why, null, why));
        }
    }

    private boolean awaitEffectsQuietly() {
        try {
            return awaitEffects(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether this replica decides now: always for an unleased rollout; for a leased one, while it
     * holds the lease under the epoch it took control with, by its own monotonic clock.
     *
     * @return true when this replica is the controller
     */
    public boolean controls() {
        return fence.holds(controlledEpoch);
    }

    /**
     * @return state writes a leased rollout skipped because this replica no longer held the tenure
     *     they were decided under (each logged)
     */
    public long fencedWrites() {
        return fencedWrites.sum();
    }

    private void requireControl(String action) {
        if (!controls()) {
            throw new IllegalStateException(action + "() on the rollout of " + candidate.model() + " needs the "
                    + "controller: " + fence + " does not hold the lease now; call it on the holder ("
                    + fence.lease().flatMap(l -> l.holder().map(t -> "'" + t.holder() + "' at epoch " + t.epoch()))
                    .orElse("none now") + ")");
        }
    }

    /**
     * Ticks on a schedule, every {@link RolloutPlan#analysisInterval()}, until the rollout finishes
     * or is closed. A tick that throws is logged and the schedule goes on. A leased rollout runs
     * {@link #tickOrFollow()} instead, every third of the TTL (or every analysis interval when that
     * is shorter): a follower routes as the controller decided within that period plus the store's
     * latency.
     *
     * @param scheduler the scheduler
     * @return the scheduled task
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        long period = fence.period(plan.analysisInterval()).toNanos();
        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (tickOrFollow().status().finished()) {
                    close();
                }
            } catch (RuntimeException e) {
                LOG.error("rollout of {} on '{}': tick failed", candidate.model(), endpoint.name(), e);
            }
        }, period, period, TimeUnit.NANOSECONDS);
        scheduled = task;
        return task;
    }

    /**
     * Waits until the effects of every decision taken so far (the routing, the stored state, the
     * alias moves, the events) have been carried out: a status is set when it is decided, its effects
     * follow. Whatever starts from the endpoint's routing after this rollout finished (the next
     * rollout's champion is the endpoint's live variant) calls it first. Returns at once on the thread
     * that carries the effects out (a listener deciding again).
     *
     * @param limit how long to wait at most
     * @return true when every effect decided so far has run
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitEffects(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            if (runner == Thread.currentThread()) {
                return done >= queued;
            }
            while (done < queued) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Stops the schedule; leaves the endpoint's routing as it is. A leased rollout's controller also
     * releases the lease, so that another replica takes control at its next round instead of after
     * the TTL (the lease keeps its epoch, so the successor's is higher).
     */
    @Override
    public void close() {
        ScheduledFuture<?> task = scheduled;
        if (task != null) {
            task.cancel(false);
        }
        if (fence.leased() && controlledEpoch != 0) {
            try {
                fence.release();
            } catch (RuntimeException e) {
                LOG.warn("rollout of {} on '{}': releasing the controller lease failed; it runs out after its TTL",
                        candidate.model(), endpoint.name(), e);
            }
            controlledEpoch = 0;
        }
    }

    /**
     * Takes a decision under the lock, queues its effects, then carries out every effect queued up
     * to them, outside the lock.
     */
    private void decide(Function<RolloutState, Transition> decision) {
        long ticket;
        synchronized (lock) {
            Transition t = decision.apply(state);
            state = t.state();
            long epoch = controlledEpoch;
            for (Effect e : t.effects()) {
                effects.add(new Queued(e, epoch));
            }
            queued += t.effects().size();
            ticket = queued;
        }
        runEffects(ticket);
    }

    /**
     * Runs queued effects, one at a time and in decision order, until those up to {@code ticket}
     * have run. One thread runs effects at a time; the others wait for it without holding the lock.
     * An effect that decides again (a listener calling back, a promotion's outcome) carries out the
     * new effects on its own thread, after whatever was queued before them.
     */
    private void runEffects(long ticket) {
        boolean nested;
        synchronized (lock) {
            nested = runner == Thread.currentThread();
            if (!nested) {
                while (runner != null && done < ticket) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        LOG.warn("interrupted while waiting for the rollout of {} to carry out its decisions",
                                candidate.model());
                        return;
                    }
                }
                if (done >= ticket) {
                    return;
                }
                runner = Thread.currentThread();
            }
        }
        try {
            while (true) {
                Queued next;
                synchronized (lock) {
                    if (done >= ticket) {
                        return;
                    }
                    next = effects.poll();
                    if (next == null) {
                        return;
                    }
                }
                try {
                    run(next);
                } finally {
                    synchronized (lock) {
                        done++;
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            if (!nested) {
                synchronized (lock) {
                    runner = null;
                    lock.notifyAll();
                }
            }
        }
    }

    private void run(Queued queued) {
        Effect effect = queued.effect();
        if (effect instanceof RolloutMachine.Route r) {
            route(r.state());
        } else if (effect instanceof RolloutMachine.Persist p) {
            persist(p.state(), queued.epoch());
        } else if (effect instanceof RolloutMachine.StartStep s) {
            startStep(s.state());
        } else if (effect instanceof RolloutMachine.Publish p) {
            publish(p);
        } else if (effect instanceof RolloutMachine.Promote p) {
            promote(p.actor(), p.why(), p.analysis(), queued.epoch());
        } else if (effect instanceof RolloutMachine.Audit a) {
            audit(a.action(), a.by());
        } else if (effect instanceof RolloutMachine.MarkPrevious m) {
            markPrevious(m.why());
        } else if (effect instanceof RolloutMachine.CloseCandidate) {
            closeCandidate();
        } else {
            throw new AssertionError("unknown effect " + effect);
        }
    }

    /**
     * Moves the champion alias by compare-and-set, then decides on the outcome. A leased rollout first
     * confirms its tenure with the store: no epoch can fence an alias move, so a replica that lost the
     * lease does not move it (a pause between the confirmation and the move is the one window left;
     * then the move happens once, by compare-and-set, and the new holder finishes the promotion).
     */
    private void promote(String by, String why, AnalysisResult result, long epoch) {
        String model = candidate.model().name();
        boolean moved;
        try {
            if (!fence.confirm(epoch)) {
                fencedWrites.increment();
                LOG.warn("rollout of {}: {} no longer holds the controller lease of epoch {}; not moving the champion "
                        + "alias, following the stored state instead", candidate.model(), fence.replica(), epoch);
                return;
            }
            moved = registry.compareAndSetAlias(model, CHAMPION, OptionalInt.of(champion.model().version()),
                    candidate.model().version(), Attribution.by(by, why))
                    // A promotion that moved the alias and then failed (or a crash before its state was
                    // written) is finished, not undone: the alias already points at the candidate.
                    || registry.getByAlias(model, CHAMPION).map(v -> v.version() == candidate.model().version())
                    .orElse(false);
        } catch (RuntimeException e) {
            LOG.error("rollout of {}: moving the champion alias failed; the rollout stays where it is and the next "
                    + "tick tries again", candidate.model(), e);
            return;
        }
        if (moved) {
            decide(s -> RolloutMachine.promoted(s, why, result, "champion alias moved from " + champion.model() + " to "
                    + candidate.model() + "; " + PREVIOUS + " = " + champion.model() + "; compare-and-set "
                    + registry.aliasAtomicity().description()));
        } else {
            decide(s -> RolloutMachine.promotionRefused(s, "the champion alias of '" + model
                    + "' no longer points at " + champion.model() + "; not promoting over someone else's change",
                    result));
        }
    }

    /**
     * The key of an audit tag: {@link #AUDIT_TAG_PREFIX}, the time in epoch milliseconds
     * (zero-padded to 13 digits) and a sequence number (4 digits), so that the keys sort in time order.
     *
     * @param at when the action was taken
     * @param sequence the writer's count of its audit tags
     * @return the key
     */
    public static String auditTagKey(Instant at, long sequence) {
        return String.format(Locale.ROOT, "%s%013d.%04d", AUDIT_TAG_PREFIX, at.toEpochMilli(), sequence % 10_000);
    }

    /**
     * The value of an audit tag: {@code "<time> <action> by <actor>: <reason>"} (no colon and reason
     * when the reason is empty).
     *
     * @param at when the action was taken
     * @param action what was done, for example {@code approve} or {@code switch to green on 'ranker'}
     * @param by who did it, and why
     * @return the text
     */
    public static String auditTagText(Instant at, String action, Attribution by) {
        return at + " " + action + " by " + RolloutMachine.said(by);
    }

    /** Writes a person's action as an audit tag of the candidate version; a failure is logged and counted. */
    private void audit(String action, Attribution by) {
        Instant now = clock.now();
        String key = auditTagKey(now, auditSequence.getAndIncrement());
        String text = auditTagText(now, action, by);
        try {
            registry.setTag(candidate.model().name(), candidate.model().version(), key, text);
        } catch (RuntimeException e) {
            persistFailures.increment();
            LOG.error("rollout of {}: could not record '{}' in the registry", candidate.model(), text, e);
        }
    }

    private void markPrevious(String why) {
        try {
            registry.setAlias(candidate.model().name(), PREVIOUS, champion.model().version(), Attribution.by(actor, why));
        } catch (RuntimeException e) {
            persistFailures.increment();
            LOG.error("rollout of {}: the champion alias moved but setting '{}' to {} failed; set it by hand for a "
                    + "manual rollback", candidate.model(), PREVIOUS, champion.model(), e);
        }
    }

    /** The candidate as the endpoint serves it after promotion: under the champion's variant name. */
    private Variant<I, O> promoted() {
        return candidate.named(champion.name());
    }

    /** Routes the endpoint for a state. */
    private void route(RolloutState s) {
        if (s.status() == RolloutStatus.PROMOTED) {
            shadow = null;
            endpoint.deploy(DeploymentStrategy.single(promoted()), "rollout: promoted " + candidate.model());
            return;
        }
        if (s.status() == RolloutStatus.ROLLED_BACK) {
            shadow = null;
            endpoint.deploy(DeploymentStrategy.single(champion), "rollout: rolled back " + candidate.model());
            return;
        }
        RolloutStep step = plan.steps().get(s.step());
        if (step.shadow()) {
            ShadowStrategy<I, O> next = ShadowStrategy.of(champion, candidate, shadowConfig, comparator);
            shadow = next;
            endpoint.deploy(next, "rollout step " + s.step() + ": " + step);
        } else {
            shadow = null;
            endpoint.deploy(DeploymentStrategy.canary(champion, candidate, step.weightBasisPoints(), s.salt()),
                    "rollout step " + s.step() + ": " + step);
        }
    }

    /**
     * After the step's routing is live: the analysis hears of it, and its figures count from here or,
     * leased, from {@link #settling()} later, when every follower routes by it.
     */
    private void startStep(RolloutState s) {
        Baselines b = baselines;
        Duration settle = settling();
        Baselines next = new Baselines(s.step(), figuresOf(champion), figuresOf(candidate), b.championRollout(),
                b.candidateRollout(), clock.nanoTime() + settle.toNanos(), settle.isZero());
        synchronized (lock) {
            baselines = next;
        }
        try {
            analysis.stepStarted(context(s, clock.now()));
        } catch (RuntimeException e) {
            LOG.warn("rollout of {}: analysis failed to start step {}", candidate.model(), s.step(), e);
        }
    }

    /**
     * How long after a step began its figures start counting (see {@link Builder#settling}).
     *
     * @return the delay
     */
    Duration settling() {
        return settling;
    }

    /** Starts counting the step's figures once the settling delay after its start has passed. */
    private void countStepFromSettling() {
        Baselines b = baselines;
        if (b.counting() || clock.nanoTime() - b.countFromNanos() < 0) {
            return;
        }
        Baselines next = new Baselines(b.step(), figuresOf(champion), figuresOf(candidate), b.championRollout(),
                b.candidateRollout(), b.countFromNanos(), true);
        synchronized (lock) {
            if (baselines == b) {
                baselines = next;
            }
        }
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

    private void persist(RolloutState s, long epoch) {
        if (fence.leased() && !fence.holds(epoch)) {
            // Decided under a tenure that has run out: whoever holds the lease now decides instead.
            fencedWrites.increment();
            LOG.warn("rollout of {}: {} no longer holds the controller lease of epoch {}; not writing {}",
                    candidate.model(), fence.replica(), epoch, s);
            return;
        }
        try {
            registry.setTag(candidate.model().name(), candidate.model().version(), FencedStates.key(epoch), s.encode());
        } catch (RuntimeException e) {
            persistFailures.increment();
            LOG.error("rollout of {}: could not persist its state {}; it goes on in memory", candidate.model(), s, e);
        }
    }

    private void publish(RolloutMachine.Publish p) {
        RolloutEvent event = new RolloutEvent(p.kind(), endpoint.name(), champion.model(), candidate.model(), p.step(),
                plan.steps().get(Math.min(p.step(), plan.steps().size() - 1)).name(), p.detail(),
                Optional.ofNullable(p.analysis()), clock.now());
        if (p.kind() == RolloutEvent.Kind.ROLLED_BACK) {
            LOG.warn("{}", event);
        } else {
            LOG.info("{}", event);
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("rollout listener failed on {}", event, e);
        }
    }

    private RolloutContext context(RolloutState s, Instant now) {
        RolloutStep step = plan.steps().get(Math.min(s.step(), plan.steps().size() - 1));
        Baselines b = baselines;
        VariantFigures c = figuresOf(champion);
        VariantFigures k = figuresOf(candidate);
        boolean sameStep = b.step() == s.step() && b.counting();
        return new RolloutContext(endpoint.name(), champion.name(), champion.model(), candidate.name(),
                candidate.model(), s.step(), step.name(), step.shadow(), step.weightBasisPoints(), s.stepStarted(), now,
                shadowCounts(), sameStep ? c.since(b.championStep()) : VariantFigures.none(endpoint.name(),
                champion.name(), champion.model()), sameStep ? k.since(b.candidateStep())
                : VariantFigures.none(endpoint.name(), candidate.name(), candidate.model()),
                c.since(b.championRollout()), k.since(b.candidateRollout()));
    }

    private ShadowCounts shadowCounts() {
        ShadowStrategy<I, O> s = shadow;
        if (s == null) {
            return ShadowCounts.NONE;
        }
        ShadowSummary summary = s.summary();
        return new ShadowCounts(summary.compared(), summary.agreed(), summary.errors(), summary.timeouts());
    }

    private VariantFigures figuresOf(Variant<I, O> v) {
        return figures.figures(endpoint.name(), v.name(), v.model())
                .orElseGet(() -> VariantFigures.none(endpoint.name(), v.name(), v.model()));
    }

    /** The stored state of the highest fencing epoch (see {@link FencedStates}). */
    private static Optional<RolloutState> read(ModelRegistry registry, ModelRef candidate) {
        Optional<ModelVersion> v = registry.get(candidate.name(), candidate.version());
        return v.flatMap(mv -> FencedStates.latest(mv.tags())).map(FencedStates.Fenced::state);
    }

    /**
     * Describes a {@link Rollout}; not thread-safe. {@link #start()} and {@link #resume()} copy
     * what they need.
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
        private VariantFiguresSource figures;
        private Clock clock = Clock.system();
        private Consumer<? super RolloutEvent> listener = e -> { };
        private ShadowConfig shadowConfig = ShadowConfig.ofDefaults();
        private ShadowComparator<O> comparator = ShadowComparator.equality();
        private String salt;
        private String actor = "rollout";
        private ControllerLease lease;
        private String replica;
        private Duration ttl;
        private Duration settling;

        private Builder(ModelEndpoint<I, O> endpoint, RolloutPlan plan) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.plan = Objects.requireNonNull(plan, "plan");
            this.salt = endpoint.name();
        }

        /**
         * @param value the model serving now (its version must hold the champion alias)
         * @return this builder
         */
        public Builder<I, O> champion(Variant<I, O> value) {
            this.champion = Objects.requireNonNull(value, "champion");
            return this;
        }

        /**
         * @param value the model on trial, a version of the same registered model
         * @return this builder
         */
        public Builder<I, O> candidate(Variant<I, O> value) {
            this.candidate = Objects.requireNonNull(value, "candidate");
            return this;
        }

        /**
         * @param value judges each step
         * @return this builder
         */
        public Builder<I, O> analysis(RolloutAnalysis value) {
            this.analysis = Objects.requireNonNull(value, "analysis");
            return this;
        }

        /**
         * @param value what champion and candidate did: the {@code ModelMonitor} listening to the
         *     endpoint (one replica), or a store merging a fleet's figures
         * @return this builder
         */
        public Builder<I, O> figures(VariantFiguresSource value) {
            this.figures = Objects.requireNonNull(value, "figures");
            return this;
        }

        /**
         * @param value holds the aliases and the persisted state
         * @return this builder
         */
        public Builder<I, O> registry(ModelRegistry value) {
            this.registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /**
         * @param value the clock of steps and events
         * @return this builder
         */
        public Builder<I, O> clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value receives every rollout event, in order, outside the rollout's lock (it may
         *     call back into the rollout)
         * @return this builder
         */
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

        /**
         * @param value the canary bucketing salt, the endpoint's name by default
         * @return this builder
         */
        public Builder<I, O> salt(String value) {
            this.salt = Objects.requireNonNull(value, "salt");
            return this;
        }

        /**
         * @param value who the registry records as moving aliases
         * @return this builder
         */
        public Builder<I, O> actor(String value) {
            this.actor = Objects.requireNonNull(value, "actor");
            return this;
        }

        /**
         * Runs the rollout as one replica of a fleet: only the holder of the lease decides, under the
         * lease's fencing epoch, and the other replicas follow the stored state (see the class
         * description and {@link Rollout#tickOrFollow()}). Build every replica alike, with the same
         * plan, variants, salt and lease name, and the fleet's figures.
         *
         * @param value the fleet's lease of this rollout, shared by every replica
         * @param replicaId this replica's holder id: unique per process, non-blank, at most 250
         *     characters
         * @param tenure how long a tenure lasts without renewal: a dead controller is replaced after at
         *     most this long; at least 1 ms
         * @return this builder
         * @throws IllegalArgumentException if {@code replicaId} is blank or too long or {@code tenure}
         *     is under a millisecond, naming the value
         */
        public Builder<I, O> lease(ControllerLease value, String replicaId, Duration tenure) {
            this.lease = Objects.requireNonNull(value, "lease");
            this.replica = ControllerLease.checkHolder(replicaId);
            this.ttl = ControllerLease.checkTtl(tenure);
            return this;
        }

        /**
         * How long after a step begins its figures start counting, so that the followers' traffic at
         * the step before (they route by a new step at their next refresh) does not count in it. The
         * step's minimum samples are counted from then; its minimum duration still runs from its
         * start. By default zero unleased and, leased, two periods of {@link Rollout#schedule} (one
         * for the followers' refresh, one for the store's latency and a late round); the first round
         * at or after the delay takes the step's baseline. Zero counts at once: for figures of this
         * replica only.
         *
         * @param value the delay, not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative, naming it
         */
        public Builder<I, O> settling(Duration value) {
            Objects.requireNonNull(value, "settling");
            if (value.isNegative()) {
                throw new IllegalArgumentException("settling must not be negative but was " + value);
            }
            this.settling = value;
            return this;
        }

        private RolloutFence fence() {
            return lease == null ? RolloutFence.none() : RolloutFence.of(lease, replica, ttl, clock);
        }

        /**
         * Starts a new rollout at its first step: writes its state and deploys it. A leased rollout
         * starts only on the replica that acquires the lease.
         *
         * @return the running rollout
         * @throws IllegalStateException if the champion alias does not point at the champion's
         *     version, the candidate already has a rollout state (use {@link #resume()}), or, leased,
         *     another replica holds the lease
         * @throws IncompatibleSignatureException if both versions carry a signature and the
         *     candidate's cannot take the champion's traffic (unless the endpoint's
         *     {@linkplain ModelEndpoint#signatureCheck() check} is off); nothing is written then
         * @throws IllegalArgumentException if a part is missing or the two variants are not two
         *     versions of one model with distinct variant names
         */
        public Rollout<I, O> start() {
            check();
            ModelVersion registered = registry.get(candidate.model().name(), candidate.model().version())
                    .orElseThrow(() -> new IllegalStateException("candidate " + candidate.model() + " is not registered: "
                            + "its rollout state and promotion need a registered version"));
            if (registered.status() != ModelStatus.READY) {
                throw new IllegalStateException("candidate " + candidate.model() + " is " + registered.status()
                        + ", not READY: only a READY version may be rolled out");
            }
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
            checkSignatures(registered, current.get());
            RolloutState initial = new RolloutState(RolloutStatus.RUNNING, 0, clock.now(), 0, 0, salt, "");
            Rollout<I, O> r = new Rollout<>(this, initial);
            if (r.fence.leased()) {
                LeaseGrant g = r.fence.renew().orElseThrow(() -> new IllegalStateException("replica '" + replica
                        + "' cannot start the rollout of " + candidate.model() + ": the lease '" + lease.name()
                        + "' is held by " + lease.holder().map(t -> "'" + t.holder() + "' at epoch " + t.epoch())
                        .orElse("another replica") + "; start it there, or resume() to follow"));
                r.controlledEpoch = g.epoch();
                registry.setTag(champion.model().name(), champion.model().version(),
                        CANDIDATE_TAG_PREFIX + endpoint.name(), candidate.model().version() + " " + candidate.name());
            }
            r.decide(s -> RolloutMachine.start(s, "rollout of " + candidate.model() + ": " + plan.describe()));
            return r;
        }

        /**
         * Continues a rollout from the state persisted on the candidate version (after a restart, or
         * on another replica): routes the endpoint for its step, or for its end when it finished. A
         * leased rollout resumes as a follower; {@link Rollout#tickOrFollow()} takes control when the
         * lease is free.
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
            r.decide(s -> new Transition(s, RolloutMachine.resumeEffects(s)));
            LOG.info("resumed rollout of {} on '{}' at step {} ({})", candidate.model(), endpoint.name(),
                    stored.step(), stored.status());
            return r;
        }

        /** Refuses, before any state is written, a candidate whose registered signature cannot take the champion's traffic. */
        private void checkSignatures(ModelVersion registered, ModelVersion served) {
            if (!endpoint.signatureCheck() || registered.signature().isEmpty() || served.signature().isEmpty()) {
                return;
            }
            List<String> differences = registered.signature().get().differencesFrom(served.signature().get());
            if (!differences.isEmpty()) {
                throw new IncompatibleSignatureException(registered.uri(), served.uri(), differences);
            }
        }

        private void check() {
            if (champion == null || candidate == null || analysis == null || registry == null || figures == null) {
                throw new IllegalArgumentException("a rollout needs champion, candidate, analysis, registry and figures; "
                        + "missing: " + (champion == null ? "champion " : "") + (candidate == null ? "candidate " : "")
                        + (analysis == null ? "analysis " : "") + (registry == null ? "registry " : "")
                        + (figures == null ? "figures" : "").trim());
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
        RolloutState s = state;
        return "Rollout[" + candidate.model() + " on '" + endpoint.name() + "', " + s.status() + " at step " + s.step()
                + "]";
    }
}
