package org.mlops4j.serving;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.mlops4j.core.PredictionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow deployment: the primary answers every request; a sample of the inputs is also sent to the
 * shadow on its own bounded queue and threads, and each shadow answer is compared with the primary's.
 *
 * <p>The shadow never delays, fails or changes the caller's answer: the caller only offers the call
 * (its event and answer, no task object) to the shadow's bounded lock-free queue
 * ({@link ShadowQueue}), waking a shadow thread only when one is parked; when the queue is full the
 * shadow call is dropped and counted, never waited for; a shadow that throws, hangs or is slow
 * affects only shadow counters. The shadow threads start with the first mirrored call. A shadow call that
 * exceeds its timeout is counted as a timeout when the timeout fires, interrupted and abandoned, and
 * its shadow thread takes the next call; at most {@code 2 x threads} calls run at once, so shadows
 * that hang for good pin a bounded number of threads (with all of them pinned, calls are dropped). Comparisons are
 * summarised ({@link #summary()}) and passed to an optional listener (guarded: a listener that
 * throws is logged and ignored). Inputs are handed to the shadow as they are: callers must not
 * mutate an input after {@code predict} returns.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ShadowStrategy<I, O> implements DeploymentStrategy<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowStrategy.class);

    private final Variant<I, O> primary;
    private final Variant<I, O> shadow;
    private final ShadowConfig config;
    private final ShadowComparator<O> comparator;
    private final Consumer<? super ShadowResult> listener;
    /** The calls waiting for a shadow thread; the threads start with the first call. */
    private final ShadowQueue<I, O> queue;
    private final Object startLock = new Object();
    private volatile boolean started;
    private Thread[] threads = new Thread[0];
    /** How many of {@link #threads} have started (under {@link #startLock}). */
    private int startedThreads;
    /**
     * Where each shadow call runs, so that the shadow thread can stop waiting for it when its
     * timeout fires and take the next call: at most {@code 2 x threads} runners, so that shadows
     * that hang for good and ignore interrupts pin a bounded number of threads; with every runner
     * pinned, calls are dropped and counted.
     */
    private final ThreadPoolExecutor runners;
    /** One permit per shadow call running or abandoned while it still runs: {@code 2 x threads}. */
    private final Semaphore running;
    private final long timeoutNanos;

    private final LongAdder submitted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder compared = new LongAdder();
    private final LongAdder agreed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder scored = new LongAdder();
    private final DoubleAdder scoreDifferences = new DoubleAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();

    private ShadowStrategy(Variant<I, O> primary, Variant<I, O> shadow, ShadowConfig config,
                           ShadowComparator<O> comparator, Consumer<? super ShadowResult> listener) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.config = Objects.requireNonNull(config, "config");
        this.comparator = Objects.requireNonNull(comparator, "comparator");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (primary.name().equals(shadow.name())) {
            throw new IllegalArgumentException("primary and shadow must have different names but both are '"
                    + primary.name() + "'");
        }
        this.timeoutNanos = config.timeout().toNanos();
        this.queue = new ShadowQueue<>(config.queueCapacity(), config.threads(), dropped);
        AtomicInteger runnerNumber = new AtomicInteger();
        this.running = new Semaphore(2 * config.threads());
        this.runners = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "mlops-shadow-" + shadow.name() + "-run-" + runnerNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Creates a shadow deployment.
     *
     * @param primary the variant that answers
     * @param shadow the variant that only watches
     * @param config threads, queue, sample rate and timeout
     * @param comparator how the answers are compared
     * @param listener receives every shadow result, on a shadow thread
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy; {@link #close()} it (or let the endpoint replace it) to stop its threads
     * @throws IllegalArgumentException if both variants share a name
     */
    public static <I, O> ShadowStrategy<I, O> of(Variant<I, O> primary, Variant<I, O> shadow, ShadowConfig config,
                                                 ShadowComparator<O> comparator,
                                                 Consumer<? super ShadowResult> listener) {
        return new ShadowStrategy<>(primary, shadow, config, comparator, listener);
    }

    /**
     * Creates a shadow deployment without a result listener.
     *
     * @param primary the variant that answers
     * @param shadow the variant that only watches
     * @param config threads, queue, sample rate and timeout
     * @param comparator how the answers are compared
     * @param <I> the input type
     * @param <O> the output type
     * @return the strategy
     */
    public static <I, O> ShadowStrategy<I, O> of(Variant<I, O> primary, Variant<I, O> shadow, ShadowConfig config,
                                                 ShadowComparator<O> comparator) {
        return of(primary, shadow, config, comparator, r -> { });
    }

    @Override
    public boolean observesAnswers() {
        return true;
    }

    @Override
    public Variant<I, O> select(String routingKey) {
        return primary;
    }

    @Override
    public Variant<I, O> fallback() {
        return primary;
    }

    @Override
    public List<Variant<I, O>> variants() {
        return List.of(primary, shadow);
    }

    /** @return the shadow variant */
    public Variant<I, O> shadow() {
        return shadow;
    }

    @Override
    public O onAnswer(PredictionEvent<I, O> event, O output) {
        if (!event.succeeded() || !event.variant().equals(primary.name())) {
            return output;
        }
        if (config.sampleRate() < 1.0 && ThreadLocalRandom.current().nextDouble() >= config.sampleRate()) {
            return output;
        }
        submitted.increment();
        if (!started) {
            start();
        }
        // The event goes as it is: its id is formatted on the shadow thread, if at all.
        if (!queue.offer(event, output)) {
            dropped.increment();
        }
        return output;
    }

    /** Starts the shadow threads, once; none after {@link #close()}. */
    private void start() {
        synchronized (startLock) {
            if (started) {
                return;
            }
            Thread[] made = threads;
            if (made.length == 0) {
                made = new Thread[config.threads()];
                for (int i = 0; i < made.length; i++) {
                    int consumer = i;
                    Thread t = new Thread(() -> work(consumer), "mlops-shadow-" + shadow.name() + "-" + (i + 1));
                    t.setDaemon(true);
                    made[i] = t;
                }
                threads = made;
            }
            // One thread per consumer: after a failed start (no memory for a native thread) the next
            // call starts only those not yet running, never a second thread for the same consumer.
            for (; startedThreads < made.length; startedThreads++) {
                made[startedThreads].start();
            }
            this.started = true;
        }
    }

    /** A shadow thread: takes the queued calls one by one until the strategy closes. */
    private void work(int consumer) {
        ShadowQueue.Taken<I, O> call = new ShadowQueue.Taken<>();
        while (true) {
            // An interrupt meant for the last call (its timeout, or the close) must not end the wait for the next.
            Thread.interrupted();
            if (!queue.take(consumer, call)) {
                return;
            }
            try {
                runShadow(call.event.predictionId(), call.event.input(), call.answer);
            } catch (Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                // The result listener is user code (its exceptions are caught where it is called):
                // an error it throws is logged, and this thread takes the next call.
                LOG.warn("shadow '{}': the result listener failed on prediction {}", shadow.name(),
                        call.event.predictionId(), e);
            } finally {
                call.clear();
            }
        }
    }

    private void runShadow(String predictionId, I input, O primaryAnswer) {
        long start = System.nanoTime();
        ShadowResult result;
        if (!running.tryAcquire()) {
            // Every permit is held by a shadow call that hangs and ignores interrupts: drop this call.
            dropped.increment();
            return;
        }
        PermitTask<O> call = new PermitTask<>(() -> shadow.predictor().predict(input), running::release);
        try {
            runners.execute(call);
        } catch (RejectedExecutionException e) {
            // The strategy is closing.
            running.release();
            dropped.increment();
            return;
        }
        try {
            O answer = await(call);
            if (queue.closed()) {
                // The call ran into the close: not reported, counted as dropped like the queued ones.
                dropped.increment();
                return;
            }
            long latency = System.nanoTime() - start;
            completed.increment();
            latencyNanos.add(latency);
            if (latency > timeoutNanos) {
                timeouts.increment();
                result = new ShadowResult(predictionId, shadow.name(), latency, ShadowResult.Outcome.TIMED_OUT,
                        Optional.empty(), Optional.empty());
            } else {
                ShadowComparison c = comparator.compare(primaryAnswer, answer);
                compared.increment();
                if (c.agree()) {
                    agreed.increment();
                }
                if (!Double.isNaN(c.scoreDifference())) {
                    scored.increment();
                    scoreDifferences.add(c.scoreDifference());
                }
                result = new ShadowResult(predictionId, shadow.name(), latency, ShadowResult.Outcome.COMPARED,
                        Optional.of(c), Optional.empty());
            }
        } catch (TimeoutException e) {
            // The timeout fires: the call is interrupted and abandoned, and this thread takes the next one.
            call.cancel(true);
            if (queue.closed()) {
                dropped.increment();
                return;
            }
            timeouts.increment();
            result = new ShadowResult(predictionId, shadow.name(), System.nanoTime() - start,
                    ShadowResult.Outcome.TIMED_OUT, Optional.empty(), Optional.empty());
        } catch (InterruptedException e) {
            // The strategy is closing: the call is abandoned and counted as dropped.
            call.cancel(true);
            dropped.increment();
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException | Error e) {
            if (queue.closed()) {
                // Failed as the close interrupted it: dropped, not the shadow's error.
                dropped.increment();
                return;
            }
            // The shadow is user code: its failure is counted and reported, never propagated.
            errors.increment();
            result = new ShadowResult(predictionId, shadow.name(), System.nanoTime() - start,
                    ShadowResult.Outcome.FAILED, Optional.empty(), Optional.of(e));
        }
        try {
            listener.accept(result);
        } catch (RuntimeException e) {
            LOG.warn("shadow result listener failed for prediction {}", predictionId, e);
        }
    }

    /** Waits for the shadow's answer until its timeout; rethrows what the shadow threw. */
    private O await(PermitTask<O> call) throws TimeoutException, InterruptedException {
        try {
            return call.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw TaskFailures.rethrow(e, cause -> new IllegalStateException("shadow '" + shadow.name() + "' threw "
                    + cause, cause));
        }
    }

    /** @return the counters and means so far */
    public ShadowSummary summary() {
        long n = scored.sum();
        long done = completed.sum();
        long drops = dropped.sum();
        // A comparison counts compared before agreed: reading agreed first keeps agreed <= compared
        // while comparisons complete during the reads (read the other way, a snapshot could show
        // more agreements than comparisons, which ShadowCounts refuses).
        long agreements = agreed.sum();
        long comparisons = compared.sum();
        return new ShadowSummary(submitted.sum() - drops, drops, comparisons, agreements, timeouts.sum(),
                errors.sum(), n == 0 ? Double.NaN : scoreDifferences.sum() / n,
                done == 0 ? Double.NaN : (double) latencyNanos.sum() / done);
    }

    /**
     * Stops the shadow threads: later calls are dropped, the calls still queued are discarded and
     * counted as dropped ({@link #summary()}, logged at INFO when there were any), and shadow calls
     * running now are interrupted, not reported, and counted as dropped once their thread sees the
     * close. So every call sampled for the shadow ends up compared, timed out, failed or dropped.
     * Does not wait for the threads to end.
     */
    @Override
    public void close() {
        int discarded;
        synchronized (startLock) {
            discarded = queue.close();
            // No thread starts after the close, and later calls skip the lock.
            started = true;
            for (Thread t : threads) {
                t.interrupt();
            }
        }
        runners.shutdownNow();
        if (discarded > 0) {
            LOG.info("shadow '{}' closed: {} queued shadow calls discarded (counted as dropped)", shadow.name(),
                    discarded);
        }
    }

    @Override
    public String toString() {
        return "shadow(primary=" + primary + ", shadow=" + shadow + ")";
    }
}
