package org.mlops4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that moves only when told to: for tests and simulations of time-based logic
 * (windows, cooldowns, rollout steps) without sleeping.
 *
 * <p>The wall time and the nanosecond ticker advance together. Thread-safe: advances from several
 * threads are applied atomically and never lost.
 */
public final class ManualClock implements Clock {

    private record State(Instant now, long nanos) {
    }

    private final AtomicReference<State> state;

    /**
     * Creates a clock that starts at the given instant with a ticker at zero.
     *
     * @param start the initial wall time
     * @throws NullPointerException if {@code start} is null
     */
    public ManualClock(Instant start) {
        this.state = new AtomicReference<>(new State(Objects.requireNonNull(start, "start"), 0L));
    }

    /**
     * Creates a clock that starts at {@code 2024-01-01T00:00:00Z}.
     *
     * @return a new manual clock
     */
    public static ManualClock startingAtEpoch2024() {
        return new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Override
    public Instant now() {
        return state.get().now();
    }

    @Override
    public long nanoTime() {
        return state.get().nanos();
    }

    /**
     * Moves both the wall time and the ticker forward.
     *
     * @param amount how far to move; zero is allowed
     * @return the new wall time
     * @throws IllegalArgumentException if {@code amount} is negative (time never goes back)
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative but was " + amount);
        }
        long nanos = amount.toNanos();
        return state.updateAndGet(s -> new State(s.now().plus(amount), s.nanos() + nanos)).now();
    }

    /**
     * Moves both the wall time and the ticker forward by a number of nanoseconds.
     *
     * @param nanos how far to move, in nanoseconds
     * @return the new wall time
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public Instant advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must not be negative but was " + nanos);
        }
        return advance(Duration.ofNanos(nanos));
    }

    @Override
    public String toString() {
        State s = state.get();
        return "ManualClock[now=" + s.now() + ", nanos=" + s.nanos() + "]";
    }
}
