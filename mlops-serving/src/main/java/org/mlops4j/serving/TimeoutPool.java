package org.mlops4j.serving;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.mlops4j.core.PredictionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of an endpoint with a variant timeout: each call runs on a pool thread so the caller
 * can stop waiting at the limit (a time limiter with a bounded executor, like resilience4j's
 * {@code TimeLimiter} over a {@code ThreadPoolBulkhead}).
 *
 * <p><b>One bounded lane per variant.</b> Every variant gets its own pool of at most
 * {@code threadsPerVariant} threads, and at most that many of its calls in flight. A call that
 * finds them all busy is refused at once with a {@link VariantBusyException} (counted, no waiting,
 * no stack trace) and the endpoint's fallback answers it. Lanes are separate so a model that hangs
 * and ignores interrupts can pin only its own threads: with one shared pool, a hung candidate
 * would take every thread and the champion could no longer answer its fallback calls. A call that
 * times out is cancelled with an interrupt; if the model ignores it, the thread stays busy until
 * the model returns, which is exactly what the bound is for.
 *
 * <p>Lanes are keyed by the {@link Variant} (name, predictor and model), so a reloaded model with
 * the same variant name starts with fresh threads. A lane whose variant the endpoint no longer
 * routes to is retired ({@link #retainDeployed()}, also run whenever a lane opens): it takes no
 * new calls, its idle threads end, and it no longer keeps the variant's model reachable.
 *
 * <p>Thread-safe. Calls take no lock; opening, retiring and closing lanes synchronize on this pool.
 */
final class TimeoutPool {

    private static final Logger LOG = LoggerFactory.getLogger(TimeoutPool.class);
    private static final long KEEP_ALIVE_SECONDS = 60;

    private final String endpoint;
    private final Duration limit;
    private final long limitNanos;
    private final int threadsPerVariant;
    private final Supplier<? extends Collection<? extends Variant<?, ?>>> deployed;
    private final Map<Variant<?, ?>, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile boolean closed;

    /**
     * @param endpoint the endpoint's name, for thread names and messages
     * @param limit how long a call may take
     * @param threadsPerVariant the most threads, and calls in flight, of one variant
     * @param deployed the variants the endpoint routes to now; lanes of other variants are retired
     */
    TimeoutPool(String endpoint, Duration limit, int threadsPerVariant,
                Supplier<? extends Collection<? extends Variant<?, ?>>> deployed) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.limitNanos = limit.toNanos();
        this.threadsPerVariant = threadsPerVariant;
        this.deployed = Objects.requireNonNull(deployed, "deployed");
    }

    /**
     * The default number of threads per variant: {@code max(4, 2 * availableProcessors())}. A call
     * holds its thread while the model runs, so twice the processors lets CPU-bound models use every
     * core with calls overlapping brief waits (hand-offs, GC, a little I/O); the floor of 4 keeps a
     * one- or two-CPU container from refusing calls under modest concurrency; and the bound means a
     * hung model pins at most that many threads before its calls go straight to the fallback.
     *
     * @return the default
     */
    static int defaultThreadsPerVariant() {
        return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * Calls a variant on its lane and waits at most the limit.
     *
     * @return the model's answer
     * @throws PredictionTimeoutException if it did not answer within the limit
     * @throws VariantBusyException if all the variant's threads were busy
     * @throws IllegalStateException if the pool is closed
     * @throws RuntimeException what the model threw (an Error or a checked exception too, as it was thrown)
     */
    <I, O> O call(Variant<I, O> v, I input) {
        return call(v, input, deadline());
    }

    /** @return the deadline of a call starting now, in {@link System#nanoTime()} */
    long deadline() {
        return System.nanoTime() + limitNanos;
    }

    /**
     * Calls a variant within what is left of a call's time: a fallback tried after the routed
     * variant failed gets the rest of the limit, not a limit of its own, so the caller never waits
     * much longer than the limit in all.
     *
     * @param deadline when the call's time is up, in {@link System#nanoTime()}
     * @return the model's answer
     * @throws PredictionTimeoutException if it did not answer in time, or no time was left
     * @throws VariantBusyException if all the variant's threads were busy
     * @throws IllegalStateException if the pool is closed
     * @throws RuntimeException what the model threw (an Error or a checked exception too, as it was thrown)
     */
    <I, O> O call(Variant<I, O> v, I input, long deadline) {
        if (deadline - System.nanoTime() <= 0) {
            timeouts.increment();
            throw new PredictionTimeoutException("variant '" + v.name() + "' (no time left after the call's earlier "
                    + "attempt)", limit);
        }
        Callable<O> task = () -> v.predictor().predict(input);
        // Two tries: a lane retired by a concurrent deploy refuses the call, and a fresh lane takes it.
        for (int attempt = 0; ; attempt++) {
            Lane lane = lanes.get(v);
            if (lane == null) {
                lane = open(v);
            }
            if (!lane.tryAcquire()) {
                rejected.increment();
                throw new VariantBusyException(v.name(), threadsPerVariant, limit);
            }
            Call<O> call = new Call<>(task, lane);
            lane.executor.execute(call);
            if (!call.refused) {
                return await(v, call, deadline);
            }
            lane.release();
            if (closed) {
                throw closedException();
            }
            if (attempt == 1) {
                throw new IllegalStateException("endpoint '" + endpoint + "': variant '" + v.name()
                        + "' is no longer deployed");
            }
        }
    }

    private <O> O await(Variant<?, ?> v, Call<O> call, long deadline) {
        try {
            return call.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            timeouts.increment();
            throw new PredictionTimeoutException("variant '" + v.name() + "'", limit);
        } catch (ExecutionException e) {
            // A checked exception thrown sneakily reaches the endpoint as it was, to be handled as a variant failure.
            throw TaskFailures.rethrow(e, TaskFailures::sneaky);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for variant '" + v.name() + "'", e);
        }
    }

    private synchronized Lane open(Variant<?, ?> v) {
        if (closed) {
            throw closedException();
        }
        Lane lane = lanes.get(v);
        if (lane == null) {
            retire();
            lane = new Lane(v.name());
            lanes.put(v, lane);
        }
        return lane;
    }

    /** Retires the lanes of variants the endpoint no longer routes to. */
    synchronized void retainDeployed() {
        retire();
    }

    private void retire() {
        Collection<? extends Variant<?, ?>> live;
        try {
            live = deployed.get();
        } catch (RuntimeException e) {
            // variants() is strategy code: if it fails, keep every lane rather than fail the call.
            LOG.warn("endpoint '{}': could not list the deployed variants; timeout lanes kept", endpoint, e);
            return;
        }
        for (Iterator<Map.Entry<Variant<?, ?>, Lane>> it = lanes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Variant<?, ?>, Lane> e = it.next();
            if (!live.contains(e.getKey())) {
                // shutdown, not shutdownNow: calls already running finish and are answered.
                e.getValue().executor.shutdown();
                it.remove();
            }
        }
    }

    /** Stops every lane: idle threads end and running calls are interrupted; later calls fail. */
    synchronized void close() {
        closed = true;
        for (Lane lane : lanes.values()) {
            lane.executor.shutdownNow();
        }
        lanes.clear();
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("endpoint '" + endpoint + "' is closed");
    }

    /** @return calls that exceeded the limit */
    long timeouts() {
        return timeouts.sum();
    }

    /** @return calls refused because all their variant's threads were busy */
    long rejected() {
        return rejected.sum();
    }

    /** @return how many variants have a lane now */
    int lanes() {
        return lanes.size();
    }

    /** The threads and the in-flight count of one variant. */
    private final class Lane {
        final ThreadPoolExecutor executor;
        final AtomicInteger busy = new AtomicInteger();

        Lane(String variant) {
            // core = max = the bound, so a new call starts a thread until there are that many; the
            // queue can never hold more than the bound since busy admits no more calls than that,
            // and an admitted call waits in it only for a thread that is handing back its last call.
            this.executor = new ThreadPoolExecutor(threadsPerVariant, threadsPerVariant, KEEP_ALIVE_SECONDS,
                    TimeUnit.SECONDS, new ArrayBlockingQueue<>(threadsPerVariant), r -> {
                        Thread t = new Thread(r, "mlops-endpoint-" + endpoint + "-" + variant + "-"
                                + threadNumber.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, (r, pool) -> ((Call<?>) r).refused = true);
            executor.allowCoreThreadTimeOut(true);
        }

        boolean tryAcquire() {
            for (;;) {
                int n = busy.get();
                if (n >= threadsPerVariant) {
                    return false;
                }
                if (busy.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            busy.decrementAndGet();
        }
    }

    /**
     * A call that frees its slot as soon as its model returned, before the result is published, so
     * a caller that has its answer finds the slot free for its next call; or, when it was cancelled
     * before the model started, once the pool thread skips it. A cancelled call whose model ignores
     * the interrupt keeps its slot until the model returns, so a hung model cannot exceed the bound.
     */
    private static final class Call<O> extends PermitTask<O> {
        /** Set by the rejection handler, which runs on the submitting thread: no volatile needed. */
        boolean refused;

        Call(Callable<O> task, Lane lane) {
            super(task, lane::release);
        }
    }
}
