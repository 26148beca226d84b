package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.fleet.FleetState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blue-green deployment: the live colour takes all traffic while the other is staged (loaded,
 * warmed up and smoke-tested), then one atomic switch moves every request to it. The colour that
 * was live stays loaded as the standby, so {@link #rollback()} is instant, until {@link #release()}.
 *
 * <pre>{@code
 * BlueGreenStrategy<Row, Prediction<Label>> bg = BlueGreenStrategy.of(blue);
 * endpoint.deploy(bg, "blue-green, blue live");
 * bg.stage(green, goldenInputs, SmokeTest.golden(goldenInputs, expected, Objects::equals, 0.99));
 * bg.switchToStaged();   // green is live, blue is the standby
 * bg.rollback();         // blue is live again, at once; green is dropped
 * bg.rollback();         // no-op: blue stays live
 * }</pre>
 *
 * <p><b>States.</b> Besides the live colour there is at most one other: a staged colour
 * ({@link #stage}), which {@link #switchToStaged()} makes live, or a standby (the colour that was
 * live before the switch), which {@link #rollback()} makes live again. A rollback drops the colour
 * it rolled back from: it is no longer a switch or rollback target, so rolling back twice never puts
 * it live again; to retry it, {@link #stage} it again. {@link #release()} drops the staged or
 * standby colour without changing what serves.
 *
 * <p><b>Announcements.</b> Deployed on a {@link ModelEndpoint}, it announces each
 * {@link #switchToStaged()} and each effective {@link #rollback()} to the endpoint's deployment
 * listeners as a {@link DeploymentChange} whose {@code before} and {@code after} describe this
 * strategy ({@code blueGreen(live=..., standby=...)}); staging, releasing and a no-op rollback
 * change no routing and announce nothing. See {@link #attach}.
 *
 * <p><b>A fleet.</b> {@link #shared} keeps the live colour's name in a {@link FleetState} register
 * as well: a switch or rollback on one replica first moves the register with compare-and-set (of two
 * replicas switching at once, one wins and the other gets an {@link IllegalStateException}), and
 * every replica reads the register every {@link FleetSync#refresh()} and follows it, switching to its
 * staged colour or rolling back to its standby when that colour has the register's name. So stage the
 * colour on every replica before switching on one. A replica that has no colour of that name keeps
 * serving its live one, logs a warning once per change and counts it in {@link #unknownColours()}.
 * When the store cannot be read, routing keeps the last colour (counted in
 * {@link #refreshFailures()}); a switch or rollback then fails with the store's exception and changes
 * nothing. {@link #of} keeps everything in this JVM, as before.
 *
 * <p>Thread-safe: routing reads one volatile reference; switches are atomic, so a request is
 * served entirely by one colour and none fails during a switch. Announcements run after the switch,
 * on the thread that made it.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class BlueGreenStrategy<I, O> implements DeploymentStrategy<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenStrategy.class);

    /**
     * The live colour, and at most one of a staged colour and a standby. {@code rolledBackFrom}
     * names the colour the last rollback dropped, while nothing has been switched since: it makes a
     * second rollback a no-op (a name, not the variant, so the dropped model can be collected).
     */
    private record State<I, O>(Variant<I, O> live, Variant<I, O> staged, Variant<I, O> standby,
                               String rolledBackFrom) {
    }

    private final AtomicReference<State<I, O>> state;
    private volatile RoutingChangeSink sink = RoutingChangeSink.none();
    /** The register holding the fleet's live colour, and what refreshes it; both null in one JVM. */
    private final FleetState fleet;
    private final String key;
    private final FleetRefresher refresher;
    private final LongAdder unknownColours = new LongAdder();
    private volatile long unknownVersion;

    private BlueGreenStrategy(Variant<I, O> live, FleetSync sync, String key) {
        this.state = new AtomicReference<>(new State<>(Objects.requireNonNull(live, "live"), null, null, null));
        if (sync == null) {
            this.fleet = null;
            this.key = null;
            this.refresher = null;
            return;
        }
        this.fleet = sync.state();
        this.key = FleetState.checkName("key", "blue-green/" + FleetState.checkName("key", key));
        refresh();
        this.refresher = new FleetRefresher(this.key, sync, this::refresh);
    }

    /**
     * Starts with one live colour and nothing staged.
     *
     * @param live the variant serving now (blue)
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     */
    public static <I, O> BlueGreenStrategy<I, O> of(Variant<I, O> live) {
        return new BlueGreenStrategy<>(live, null, null);
    }

    /**
     * Starts a blue-green deployment whose live colour the replicas of a fleet share (see the class
     * comment). Reads the register {@code "blue-green/" + key} at once: when it is empty it is set to
     * {@code live}'s name; when it names another colour, this replica serves {@code live} until it
     * has that colour staged and a refresh follows it. Then refreshes every
     * {@link FleetSync#refresh()} on a daemon thread until {@link #close()}.
     *
     * @param live the variant to serve now
     * @param sync the fleet's store and the refresh interval
     * @param key the deployment's name in the fleet, usually the endpoint's name
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     * @throws IllegalArgumentException if {@code key} is blank or too long
     * @throws org.mlops4j.core.StoreException if the register cannot be read or created
     */
    public static <I, O> BlueGreenStrategy<I, O> shared(Variant<I, O> live, FleetSync sync, String key) {
        return new BlueGreenStrategy<>(live, Objects.requireNonNull(sync, "sync"), key);
    }

    /**
     * Stages the next colour: warms it up on the given inputs, runs the smoke test, and keeps it
     * ready to switch to. Traffic is not affected. Replaces a standby or a previously staged one.
     *
     * @param next the variant to stage (green)
     * @param warmUpInputs inputs to run through it once each before it takes traffic (JIT, caches)
     * @param smokeTest the check it must pass
     * @throws IllegalArgumentException if {@code next} has the live variant's name
     * @throws RuntimeException what the smoke test threw; {@code next} is then not staged
     */
    public void stage(Variant<I, O> next, List<I> warmUpInputs, SmokeTest<I, O> smokeTest) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(warmUpInputs, "warmUpInputs");
        Objects.requireNonNull(smokeTest, "smokeTest");
        checkNotLive(next, state.get());
        for (I input : warmUpInputs) {
            next.predictor().predict(input);
        }
        smokeTest.check(next.predictor());
        State<I, O> staged = state.updateAndGet(s -> {
            checkNotLive(next, s);
            return new State<>(s.live(), next, null, s.rolledBackFrom());
        });
        LOG.info("staged {} next to live {}", next, staged.live());
    }

    private static void checkNotLive(Variant<?, ?> next, State<?, ?> s) {
        if (next.name().equals(s.live().name())) {
            throw new IllegalArgumentException("the staged variant must not have the live variant's name '"
                    + next.name() + "'");
        }
    }

    /**
     * Switches all traffic to the staged colour, atomically; the old live colour becomes the standby.
     *
     * @return the variant now live
     * @throws IllegalStateException if nothing is staged (never staged, already switched, rolled
     *         back since, or released); when shared, also if the fleet's live colour is not this
     *         replica's or another replica changed it meanwhile (nothing changes; this replica follows
     *         the fleet at its next refresh)
     * @throws org.mlops4j.core.StoreException when shared and the store fails (nothing changes)
     */
    public Variant<I, O> switchToStaged() {
        if (fleet != null) {
            State<I, O> s = state.get();
            switched(s);
            publish(s.live().name(), s.staged().name());
            return follow(s.staged().name(), "switched to staged");
        }
        State<I, O> before = state.getAndUpdate(BlueGreenStrategy::switched);
        State<I, O> after = switched(before);
        LOG.info("switched to {}; {} stands by", after.live(), after.standby());
        announce(before, after, "blue-green: switched to staged " + after.live() + "; " + after.standby()
                + " stands by");
        return after.live();
    }

    private static <I, O> State<I, O> switched(State<I, O> s) {
        if (s.staged() == null) {
            throw new IllegalStateException("nothing is staged: call stage(...) before switching");
        }
        return new State<>(s.staged(), null, s.live(), null);
    }

    /**
     * Switches all traffic back to the standby colour, atomically, and drops the colour rolled back
     * from: it is no longer a switch or rollback target.
     *
     * <p>Idempotent: when the live colour is already the result of a rollback (and nothing was
     * switched since), this is a no-op that logs at INFO and returns the live variant, so a retried
     * or duplicated rollback never puts the rolled-back colour live again.
     *
     * @return the variant now live
     * @throws IllegalStateException if there is no standby and the live colour does not come from a
     *         rollback: nothing was switched yet, or the standby was released (the live colour is
     *         then the one switched to, and rolling back is impossible, which the caller must know);
     *         when shared, also if the fleet's live colour is neither this replica's live colour nor
     *         its standby, or another replica changed it meanwhile
     * @throws org.mlops4j.core.StoreException when shared and the store fails (nothing changes)
     */
    public Variant<I, O> rollback() {
        State<I, O> before;
        State<I, O> after;
        if (fleet != null) {
            State<I, O> s = state.get();
            if (s.standby() != null) {
                publish(s.live().name(), s.standby().name());
                return follow(s.standby().name(), "rolled back");
            }
        }
        do {
            before = state.get();
            if (before.standby() == null) {
                if (before.rolledBackFrom() != null) {
                    LOG.info("already rolled back from {} to {}: nothing to do", before.rolledBackFrom(),
                            before.live());
                    return before.live();
                }
                throw new IllegalStateException("no standby colour to roll back to (nothing was switched, or it "
                        + "was released); live is " + before.live());
            }
            after = new State<>(before.standby(), null, null, before.live().name());
        } while (!state.compareAndSet(before, after));
        LOG.warn("rolled back from {} to {}", before.live(), after.live());
        announce(before, after, "blue-green: rolled back from " + before.live() + " to " + after.live());
        return after.live();
    }

    /**
     * Drops the staged or standby colour; the live one keeps serving, so routing does not change.
     * After it, {@link #switchToStaged()} needs a new {@link #stage}, and {@link #rollback()} throws
     * unless the live colour already comes from a rollback. A no-op when nothing is staged or
     * standing by (as after a rollback, which drops the colour it rolled back from).
     */
    public void release() {
        State<I, O> before = state.getAndUpdate(s -> new State<>(s.live(), null, null, s.rolledBackFrom()));
        if (before.staged() != null || before.standby() != null) {
            LOG.info("released {}; {} stays live", before.staged() != null ? before.staged() : before.standby(),
                    before.live());
        }
    }

    /**
     * Moves the fleet's register from {@code expectedLive} to {@code next} with compare-and-set; does
     * nothing when it already names {@code next} (another replica made the same change).
     */
    private void publish(String expectedLive, String next) {
        FleetState.Register r = fleet.read(key).orElseThrow(() -> new IllegalStateException(
                "the fleet's register " + key + " is missing; it was created when this strategy started"));
        if (r.value().equals(next)) {
            return;
        }
        if (!r.value().equals(expectedLive)) {
            throw new IllegalStateException("the fleet's live colour (" + key + ") is '" + r.value() + "', not this"
                    + " replica's '" + expectedLive + "': refresh() follows it; nothing was changed");
        }
        if (!fleet.compareAndSet(key, r.version(), next)) {
            throw new IllegalStateException("another replica changed the fleet's live colour (" + key
                    + ") meanwhile: refresh() follows it, then retry; nothing was changed");
        }
        LOG.info("{}: the fleet's live colour is now {} (was {})", key, next, expectedLive);
    }

    /**
     * Reads the fleet's live colour and follows it: switches to the staged colour or rolls back to
     * the standby when that one has the register's name. Called every {@link FleetSync#refresh()} on
     * the refresh thread; call it to follow at once. When the register is empty, sets it to this
     * replica's live colour.
     *
     * @return the variant live on this replica now
     * @throws IllegalStateException if this strategy is not {@link #shared}
     * @throws org.mlops4j.core.StoreException if the store fails; routing keeps the last colour
     */
    public Variant<I, O> refresh() {
        if (fleet == null) {
            throw new IllegalStateException("refresh() needs a shared blue-green deployment (BlueGreenStrategy.shared)");
        }
        Optional<FleetState.Register> read = fleet.read(key);
        if (read.isEmpty()) {
            String live = state.get().live().name();
            if (fleet.compareAndSet(key, 0, live)) {
                LOG.info("{}: the fleet's live colour starts as {}", key, live);
                return state.get().live();
            }
            read = fleet.read(key);
        }
        FleetState.Register r = read.orElseThrow(() -> new IllegalStateException(key + " vanished"));
        String colour = r.value();
        Variant<I, O> live = follow(colour, "followed the fleet to");
        if (!live.name().equals(colour)) {
            unknownColours.increment();
            if (unknownVersion != r.version()) {
                unknownVersion = r.version();
                LOG.warn("{}: the fleet's live colour is '{}' but this replica has no such colour staged or standing"
                        + " by; it keeps serving {}", key, colour, live);
            }
        }
        return live;
    }

    /** Makes the colour of this name live locally when it is the staged or standby one; announces the change. */
    private Variant<I, O> follow(String colour, String how) {
        State<I, O> before;
        State<I, O> after;
        do {
            before = state.get();
            if (before.live().name().equals(colour)) {
                return before.live();
            }
            if (before.staged() != null && before.staged().name().equals(colour)) {
                after = switched(before);
            } else if (before.standby() != null && before.standby().name().equals(colour)) {
                after = new State<>(before.standby(), null, null, before.live().name());
            } else {
                return before.live();
            }
        } while (!state.compareAndSet(before, after));
        LOG.info("{}: {} {}; standby {}", key, how, after.live(), after.standby());
        announce(before, after, "blue-green: " + how + " " + after.live() + " (fleet " + key + ")");
        return after.live();
    }

    /** @return refreshes that failed (the store was unreachable); 0 in one JVM */
    public long refreshFailures() {
        return refresher == null ? 0 : refresher.failures();
    }

    /** @return refreshes that found a fleet colour this replica does not have; 0 in one JVM */
    public long unknownColours() {
        return unknownColours.sum();
    }

    /** Stops the refresh thread of a shared deployment; the variants stay as they are. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.close();
        }
    }

    /**
     * Keeps the sink where switches and rollbacks are announced, replacing the previous one.
     *
     * @param sink the endpoint's sink
     */
    @Override
    public void attach(RoutingChangeSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Tells the sink; it is another component's code, so its failure is logged and never undoes the switch. */
    private void announce(State<I, O> before, State<I, O> after, String reason) {
        try {
            sink.routingChanged(describe(before), describe(after), reason);
        } catch (RuntimeException e) {
            LOG.warn("blue-green: announcing '{}' failed", reason, e);
        }
    }

    /** @return the variant serving now */
    public Variant<I, O> live() {
        return state.get().live();
    }

    @Override
    public Variant<I, O> select(String routingKey) {
        return state.get().live();
    }

    @Override
    public Variant<I, O> fallback() {
        return state.get().live();
    }

    @Override
    public List<Variant<I, O>> variants() {
        State<I, O> s = state.get();
        List<Variant<I, O>> out = new ArrayList<>(2);
        out.add(s.live());
        if (s.staged() != null) {
            out.add(s.staged());
        }
        if (s.standby() != null) {
            out.add(s.standby());
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return describe(state.get());
    }

    private static String describe(State<?, ?> s) {
        return "blueGreen(live=" + s.live() + (s.staged() != null ? ", staged=" + s.staged() : "")
                + (s.standby() != null ? ", standby=" + s.standby() : "") + ")";
    }
}
