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
 * endpoint.deploy(bg);
 * bg.stage(green, goldenInputs, SmokeTest.golden(goldenInputs, expected, Objects::equals, 0.99));
 * bg.switchToStaged();   // green is live, blue is the standby
 * bg.rollback();         // blue is live again, at once
 * }</pre>
 *
 * <p>Thread-safe: routing reads one volatile reference; switches are atomic, so a request is
 * served entirely by one colour and none fails during a switch.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class BlueGreenStrategy<I, O> implements DeploymentStrategy<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenStrategy.class);

    /** Which variant is live, and which is staged or standing by. */
    private record State<I, O>(Variant<I, O> live, Variant<I, O> other, boolean otherIsStaged) {
    }

    private final AtomicReference<State<I, O>> state;

    private BlueGreenStrategy(Variant<I, O> live) {
        this.state = new AtomicReference<>(new State<>(Objects.requireNonNull(live, "live"), null, false));
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
        if (next.name().equals(state.get().live().name())) {
            throw new IllegalArgumentException("the staged variant must not have the live variant's name '"
                    + next.name() + "'");
        }
        for (I input : warmUpInputs) {
            next.predictor().predict(input);
        }
        smokeTest.check(next.predictor());
        state.updateAndGet(s -> new State<>(s.live(), next, true));
        LOG.info("staged {} next to live {}", next, state.get().live());
    }

    /**
     * Switches all traffic to the staged colour, atomically; the old live colour becomes the standby.
     *
     * @return the variant now live
     * @throws IllegalStateException if nothing is staged
     */
    public Variant<I, O> switchToStaged() {
        State<I, O> next = state.updateAndGet(s -> {
            if (s.other() == null || !s.otherIsStaged()) {
                throw new IllegalStateException("nothing is staged: call stage(...) before switching");
            }
            return new State<>(s.other(), s.live(), false);
        });
        LOG.info("switched to {}; {} stands by", next.live(), next.other());
        return next.live();
    }

    /**
     * Switches all traffic back to the standby colour, atomically.
     *
     * @return the variant now live
     * @throws IllegalStateException if there is no standby (nothing was switched, or it was released)
     */
    public Variant<I, O> rollback() {
        State<I, O> next = state.updateAndGet(s -> {
            if (s.other() == null || s.otherIsStaged()) {
                throw new IllegalStateException("no standby colour to roll back to");
            }
            return new State<>(s.other(), s.live(), false);
        });
        LOG.warn("rolled back to {}", next.live());
        return next.live();
    }

    /** Drops the standby or staged colour; the live one keeps serving. */
    public void release() {
        state.updateAndGet(s -> new State<>(s.live(), null, false));
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
        if (s.other() != null) {
            out.add(s.other());
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        State<I, O> s = state.get();
        return "blueGreen(live=" + s.live() + (s.other() == null ? "" : (s.otherIsStaged() ? ", staged=" : ", standby=")
                + s.other()) + ")";
    }
}
