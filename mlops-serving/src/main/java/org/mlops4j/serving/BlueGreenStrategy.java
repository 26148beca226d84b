package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
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

    private BlueGreenStrategy(Variant<I, O> live) {
        this.state = new AtomicReference<>(new State<>(Objects.requireNonNull(live, "live"), null, null, null));
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
        return new BlueGreenStrategy<>(live);
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
     *         back since, or released)
     */
    public Variant<I, O> switchToStaged() {
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
     *         then the one switched to, and rolling back is impossible, which the caller must know)
     */
    public Variant<I, O> rollback() {
        State<I, O> before;
        State<I, O> after;
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
