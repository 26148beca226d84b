package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.feedback.Reward;
import org.mlops4j.core.fleet.FleetState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-armed bandit over variants: traffic moves to the arm that earns the most reward while the
 * others keep being tried in proportion to the chance that they are better. Each request goes to
 * the arm with the largest draw from its {@code Beta(alpha + successes, beta + failures)} posterior
 * (Thompson sampling; Chapelle and Li, "An Empirical Evaluation of Thompson Sampling", NIPS 2011).
 *
 * <pre>{@code
 * BanditStrategy<Row, Offer> bandit = BanditStrategy.of(List.of(a, b, c), BanditConfig.ofDefaults());
 * ModelEndpoint<Row, Offer> endpoint = ModelEndpoint.<Row, Offer>builder("offers").strategy(bandit).build();
 * PredictionResult<Offer> shown = endpoint.serve(row, userId, impressionId);
 * // ... when the user clicked (1), ignored (0), or converted partially (a value in between):
 * endpoint.feedback().recordForRequest(impressionId, Reward.of(1.0));
 * }</pre>
 *
 * <p><b>Delayed rewards.</b> Rewards come through the endpoint's one feedback path: the
 * {@link org.mlops4j.core.feedback.FeedbackJoin} remembers the most recent answered predictions
 * (bounded, see {@link org.mlops4j.core.feedback.FeedbackConfig}) and delivers a {@link Reward} to
 * this strategy while it is deployed, joined to the prediction: the reward goes to the arm that
 * answered, so when the selected arm failed and the endpoint's fallback answered, to the fallback
 * arm. A prediction takes one reward; other feedback (ground truth, user signals) is ignored here.
 *
 * <p><b>Warm-up.</b> The first {@code minExposure * arms} selections go round-robin, so each arm is
 * served exactly {@link BanditConfig#minExposure()} times before sampling decides.
 *
 * <p><b>Routing keys are ignored.</b> A bandit trades stickiness for learning: the same user may
 * see different arms on consecutive calls. Use a canary or an A/B test where a user must stay on one
 * variant.
 *
 * <p><b>A fleet.</b> {@link #shared} merges the posteriors of every replica: every
 * {@link FleetSync#refresh()} a replica publishes its cumulative successes and failures per arm to
 * the fleet's {@link FleetState} counters (its totals, not increments, so a retried publication
 * counts once) and reads every other replica's totals; sampling, the fallback and {@link #stats()}
 * then use this replica's counts, which are current, plus the others' as of the last refresh. The
 * sum is exact: what each replica earned, counted once. A replica restarted with the same id
 * continues from the totals it had published. Warm-up and the served counts stay per replica. When
 * the store cannot be reached, sampling keeps the others' counts of the last refresh (failures are
 * logged and counted in {@link #refreshFailures()}). {@link #of} keeps everything in this JVM.
 *
 * <p>Thread-safe. {@link #select} is lock-free and allocates nothing: per-arm counters are adders
 * and each thread draws from its own generator, seeded from {@link BanditConfig#seed()} and the
 * order in which threads first select. Decorators wrap it like any strategy, for example
 * {@code HumanReviewStrategy.of(bandit, ...)}; rewards still go to this object.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class BanditStrategy<I, O> implements DeploymentStrategy<I, O> {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final String SUCCESSES = ".successes";
    private static final String FAILURES = ".failures";
    private static final Logger LOG = LoggerFactory.getLogger(BanditStrategy.class);

    private final List<Variant<I, O>> arms;
    private final Map<String, Integer> indexByName;
    private final double priorAlpha;
    private final double priorBeta;
    private final LongAdder[] served;
    private final DoubleAdder[] successes;
    private final DoubleAdder[] failures;
    private final long warmupSelections;
    private final AtomicLong warmupTicket = new AtomicLong();
    private volatile boolean warmedUp;
    private final AtomicLong streams = new AtomicLong();
    private final ThreadLocal<RandomGenerator> random;
    private final LongAdder rewarded = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    /** The other replicas' counts (and this replica's from before a restart), as of the last refresh. */
    private volatile FleetCounts fleetCounts;
    private final FleetSync sync;
    private final String scope;
    private final FleetRefresher refresher;

    /**
     * Counts read from the fleet: {@code base} is what this replica published before it started
     * (a restart), {@code others} the sum of every other replica's totals, per arm.
     */
    private record FleetCounts(double[] baseSuccesses, double[] baseFailures, double[] otherSuccesses,
                               double[] otherFailures) {
    }

    private BanditStrategy(List<Variant<I, O>> arms, BanditConfig config, FleetSync sync, String scope) {
        Objects.requireNonNull(arms, "arms");
        Objects.requireNonNull(config, "config");
        this.arms = List.copyOf(arms);
        if (this.arms.size() < 2) {
            throw new IllegalArgumentException("a bandit needs at least 2 arms but got " + this.arms.size());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.arms.size(); i++) {
            String name = this.arms.get(i).name();
            if (index.putIfAbsent(name, i) != null) {
                throw new IllegalArgumentException("arm names must be unique but '" + name + "' appears twice");
            }
        }
        this.indexByName = Map.copyOf(index);
        this.priorAlpha = config.priorAlpha();
        this.priorBeta = config.priorBeta();
        int n = this.arms.size();
        this.served = new LongAdder[n];
        this.successes = new DoubleAdder[n];
        this.failures = new DoubleAdder[n];
        for (int i = 0; i < n; i++) {
            served[i] = new LongAdder();
            successes[i] = new DoubleAdder();
            failures[i] = new DoubleAdder();
        }
        this.warmupSelections = (long) config.minExposure() * n;
        this.warmedUp = warmupSelections == 0;
        long seed = config.seed();
        this.random = ThreadLocal.withInitial(
                () -> new SplittableRandom(mix64(seed + GOLDEN_GAMMA * streams.getAndIncrement())));
        this.fleetCounts = new FleetCounts(new double[n], new double[n], new double[n], new double[n]);
        this.sync = sync;
        if (sync == null) {
            this.scope = null;
            this.refresher = null;
            return;
        }
        this.scope = FleetState.checkName("scope", "bandit/" + FleetState.checkName("scope", scope));
        for (Variant<I, O> arm : this.arms) {
            FleetState.checkName("counter", arm.name() + SUCCESSES);
        }
        refresh();
        this.refresher = new FleetRefresher(this.scope, sync, this::refresh);
    }

    /** Whether {@link #refresh} has read this replica's own totals from before a restart; guarded by this. */
    private boolean baseLoaded;

    /**
     * Creates a bandit.
     *
     * @param arms the variants to choose between, at least 2, with unique names; the first wins ties
     * @param config warm-up, prior and seed
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     * @throws NullPointerException if an argument or an arm is null
     * @throws IllegalArgumentException if there are fewer than 2 arms or two share a name
     */
    public static <I, O> BanditStrategy<I, O> of(List<Variant<I, O>> arms, BanditConfig config) {
        return new BanditStrategy<>(arms, config, null, null);
    }

    /**
     * Creates a bandit whose posteriors the replicas of a fleet merge (see the class comment). Reads
     * the fleet's counts once at once, then publishes and reads every {@link FleetSync#refresh()} on
     * a daemon thread until {@link #close()}.
     *
     * @param arms the variants to choose between, at least 2, with unique names, the same on every
     *     replica
     * @param config warm-up, prior and seed
     * @param sync the fleet's store, this replica's id and the refresh interval
     * @param scope the bandit's name in the fleet, usually the endpoint's name; the counters live
     *     under {@code "bandit/" + scope}
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     * @throws IllegalArgumentException as {@link #of}, or if {@code scope} or an arm's name is blank
     *     or too long for a counter name
     * @throws org.mlops4j.core.StoreException if the first read fails
     */
    public static <I, O> BanditStrategy<I, O> shared(List<Variant<I, O>> arms, BanditConfig config, FleetSync sync,
                                                     String scope) {
        return new BanditStrategy<>(arms, config, Objects.requireNonNull(sync, "sync"), scope);
    }

    /**
     * Publishes this replica's cumulative counts and reads the other replicas': what the refresh
     * thread does every {@link FleetSync#refresh()}; call it to merge at once (tests, shutdown).
     *
     * @throws IllegalStateException if this bandit is not {@link #shared}
     * @throws org.mlops4j.core.StoreException if the store fails; sampling keeps the last counts read
     */
    public synchronized void refresh() {
        if (sync == null) {
            throw new IllegalStateException("refresh() needs a shared bandit (BanditStrategy.shared)");
        }
        Map<String, Map<String, Double>> all = sync.state().counters(scope);
        int n = arms.size();
        FleetCounts last = fleetCounts;
        double[] baseS = last.baseSuccesses();
        double[] baseF = last.baseFailures();
        if (!baseLoaded) {
            Map<String, Double> mine = all.getOrDefault(sync.replica(), Map.of());
            baseS = new double[n];
            baseF = new double[n];
            for (int i = 0; i < n; i++) {
                baseS[i] = mine.getOrDefault(arms.get(i).name() + SUCCESSES, 0.0);
                baseF[i] = mine.getOrDefault(arms.get(i).name() + FAILURES, 0.0);
            }
        }
        double[] otherS = new double[n];
        double[] otherF = new double[n];
        for (Map.Entry<String, Map<String, Double>> replica : all.entrySet()) {
            if (replica.getKey().equals(sync.replica())) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                otherS[i] += replica.getValue().getOrDefault(arms.get(i).name() + SUCCESSES, 0.0);
                otherF[i] += replica.getValue().getOrDefault(arms.get(i).name() + FAILURES, 0.0);
            }
        }
        Map<String, Double> totals = new HashMap<>();
        for (int i = 0; i < n; i++) {
            totals.put(arms.get(i).name() + SUCCESSES, baseS[i] + successes[i].sum());
            totals.put(arms.get(i).name() + FAILURES, baseF[i] + failures[i].sum());
        }
        sync.state().publishCounters(scope, sync.replica(), totals);
        baseLoaded = true;
        fleetCounts = new FleetCounts(baseS, baseF, otherS, otherF);
        LOG.debug("{}: merged the counts of {} other replicas", scope, all.size() - (all.containsKey(sync.replica()) ? 1 : 0));
    }

    /** @return refreshes that failed (the store was unreachable); 0 for a bandit in one JVM */
    public long refreshFailures() {
        return refresher == null ? 0 : refresher.failures();
    }

    /** Stops the refresh thread of a shared bandit. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.close();
        }
    }

    /** @return true: rewards reach the arms through the endpoint's feedback join */
    @Override
    public boolean observesFeedback() {
        return true;
    }

    /** @return none: a reward is credited to the variant that answered, which the join always keeps */
    @Override
    public Set<PredictionField> feedbackReads() {
        return PredictionField.none();
    }

    /**
     * Picks the arm for a request: round-robin during warm-up, then the arm with the largest draw
     * from its Beta posterior.
     *
     * @param routingKey ignored: a bandit is not sticky
     * @return the arm
     */
    @Override
    public Variant<I, O> select(String routingKey) {
        if (!warmedUp) {
            long ticket = warmupTicket.getAndIncrement();
            if (ticket < warmupSelections) {
                int arm = (int) (ticket % arms.size());
                served[arm].increment();
                return arms.get(arm);
            }
            warmedUp = true;
        }
        RandomGenerator rng = random.get();
        FleetCounts fleet = fleetCounts;
        int best = 0;
        double bestDraw = -1.0;
        for (int i = 0; i < served.length; i++) {
            double draw = BetaSampler.beta(rng, priorAlpha + successesOf(fleet, i), priorBeta + failuresOf(fleet, i));
            if (draw > bestDraw) {
                bestDraw = draw;
                best = i;
            }
        }
        served[best].increment();
        return arms.get(best);
    }

    /** @return the arm with the highest posterior mean now (the first of equals) */
    @Override
    public Variant<I, O> fallback() {
        FleetCounts fleet = fleetCounts;
        int best = 0;
        double bestMean = -1.0;
        for (int i = 0; i < served.length; i++) {
            double mean = posteriorMean(successesOf(fleet, i), failuresOf(fleet, i));
            if (mean > bestMean) {
                bestMean = mean;
                best = i;
            }
        }
        return arms.get(best);
    }

    @Override
    public List<Variant<I, O>> variants() {
        return arms;
    }

    /** @return each arm's share of the selections so far; equal shares before the first */
    @Override
    public Map<String, Double> trafficShares() {
        long total = 0;
        for (LongAdder s : served) {
            total += s.sum();
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            shares.put(arms.get(i).name(), total == 0 ? 1.0 / arms.size() : served[i].sum() / (double) total);
        }
        return shares;
    }

    /**
     * Credits a prediction's reward to the arm that answered it: the reward is the probability of
     * success, so 1 adds a success, 0 a failure, and a value in between adds {@code reward}
     * pseudo-successes and {@code 1 - reward} pseudo-failures. Feedback other than a
     * {@link Reward} is ignored; a reward for a prediction answered by a variant that is not one of
     * this bandit's arms (one served before it was deployed) is counted in
     * {@link BanditStats#unmatchedRewards()}.
     *
     * @param event the feedback and the prediction it joined
     */
    @Override
    public void onFeedback(FeedbackEvent<? extends I, ? extends O> event) {
        if (!(event.feedback() instanceof Reward reward)) {
            return;
        }
        Integer arm = indexByName.get(event.prediction().variant());
        if (arm == null) {
            unmatched.increment();
            return;
        }
        successes[arm].add(reward.value());
        failures[arm].add(1.0 - reward.value());
        rewarded.increment();
    }

    /**
     * @return each arm's counters and posterior mean (in a fleet: the successes and failures of the
     *     whole fleet as of the last refresh, this replica's current), and the reward counters (this
     *     replica's)
     */
    public BanditStats stats() {
        FleetCounts fleet = fleetCounts;
        List<BanditStats.Arm> result = new ArrayList<>(arms.size());
        for (int i = 0; i < arms.size(); i++) {
            double s = successesOf(fleet, i);
            double f = failuresOf(fleet, i);
            result.add(new BanditStats.Arm(arms.get(i).name(), served[i].sum(), s, f, posteriorMean(s, f)));
        }
        return new BanditStats(result, rewarded.sum(), unmatched.sum());
    }

    /** This replica's successes of an arm plus, in a fleet, its published base and the other replicas'. */
    private double successesOf(FleetCounts fleet, int arm) {
        return successes[arm].sum() + fleet.baseSuccesses()[arm] + fleet.otherSuccesses()[arm];
    }

    private double failuresOf(FleetCounts fleet, int arm) {
        return failures[arm].sum() + fleet.baseFailures()[arm] + fleet.otherFailures()[arm];
    }

    private double posteriorMean(double s, double f) {
        return (priorAlpha + s) / (priorAlpha + priorBeta + s + f);
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads consecutive stream numbers apart. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "bandit" + arms;
    }
}
