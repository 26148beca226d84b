package org.mlops4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.mlops4j.core.Clock;
import org.mlops4j.tracking.AsyncTracker;
import org.mlops4j.tracking.AsyncTrackerConfig;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.QueueFullPolicy;
import org.mlops4j.tracking.RunConfig;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The tail of {@link AsyncTracker#logMetric}'s cost on the caller's thread against the tail of the
 * platform itself, in one loop: each round times one {@code logMetric} and, between the same two
 * clock reads, two floors, an empty call (the clock reads alone, and whatever the machine does to
 * the thread meanwhile) and the allocation of the same {@link Metric} record {@code logMetric}
 * builds (without the queue), while the writer feeds a busy store (the same slowed store as
 * {@link AsyncTrackerBenchmark#logMetricBusyStore}). The calls alternate, so that all three meet
 * the same moments of the machine; the caller spins between them (the fourth argument's
 * {@code consumeCPU} tokens, three times per round). After three untimed rounds, prints p50,
 * p90, p99 and p99.9 of each, in nanoseconds, per round.
 *
 * <p>With {@code peer} as the fifth argument, each round also runs the same loop against the peer,
 * JCTools' {@link MpscArrayQueue} (65,536 slots, as the tracker's ring): the caller offers the
 * same {@link Metric}, built in the timed call as {@code logMetric} builds its own, and one consumer
 * thread drains up to 1,000 at a time and holds its core (or sleeps) per batch as the slowed store
 * does. The two phases alternate in order from round to round; one consumer runs at a time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.AsyncTailHarness
 * [spinning|sleeping] [rounds] [callsPerRound] [callerTokens] [peer]} (defaults spinning, 5,
 * 2,000,000, and 128 tokens of {@link Blackhole#consumeCPU} between calls, 512 with the sleeping
 * store).
 */
public final class AsyncTailHarness {

    /** Untimed rounds first: the JIT settles the loop over a few million calls. */
    private static final int WARMUP_ROUNDS = 3;

    private AsyncTailHarness() {
    }

    /**
     * Runs the rounds and prints the percentiles.
     *
     * @param args optional: the store's mode, the number of rounds, the calls per round
     * @throws Exception if the temporary directory cannot be made
     */
    public static void main(String[] args) throws Exception {
        boolean sleeping = args.length > 0 && args[0].equals("sleeping");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        // The sleeping store takes at most 1,000 entries per 2 ms call: the caller must pause longer.
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : sleeping ? 512 : 128;
        Path artifacts = Files.createTempDirectory("mlops4j-tail-");
        AsyncTrackerBenchmark.DiscardingTracker store = sleeping
                ? new AsyncTrackerBenchmark.DiscardingTracker(new InMemoryTracker(Clock.system(), artifacts), 0, 0,
                        TimeUnit.MILLISECONDS.toNanos(2))
                : new AsyncTrackerBenchmark.DiscardingTracker(new InMemoryTracker(Clock.system(), artifacts),
                        TimeUnit.MICROSECONDS.toNanos(50), 500, 0);
        // A full queue drops, and the run then fails: the figures must be the hand-off, not a caller
        // waiting for space because it outran the store.
        AsyncTracker tracker = new AsyncTracker(store,
                AsyncTrackerConfig.ofDefaults().withQueueFullPolicy(QueueFullPolicy.DROP).withQueueFullWait(Duration.ZERO));
        String runId = tracker.startRun("tail", RunConfig.ofDefaults().recordSource(false)).id();
        Instant timestamp = Instant.now();
        Blackhole sink = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        long[] log = new long[calls];
        long[] empty = new long[calls];
        long[] record = new long[calls];
        boolean peer = args.length > 4 && args[4].equals("peer");
        MpscArrayQueue<Metric> queue = new MpscArrayQueue<>(65_536);
        AtomicBoolean peerOn = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(queue, peerOn, store), "peer-consumer");
        consumer.setDaemon(true);
        if (peer) {
            consumer.start();
        }
        long[] offers = new long[calls];
        long step = 0;
        System.out.printf(Locale.ROOT, "store %s, %d calls per round (ns: p50 / p90 / p99 / p99.9)%n",
                sleeping ? "sleeping 2 ms per call" : "spinning 50 us + 500 ns per entry", calls);
        for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
            for (int phase = 0; phase < (peer ? 2 : 1); phase++) {
                boolean peerPhase = peer && (phase == 0) == ((r & 1) == 1);
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    if (peerPhase) {
                        if (!queue.offer(new Metric("loss", 0.25, step++, timestamp))) {
                            throw new IllegalStateException("the peer's queue was full: raise the caller's tokens");
                        }
                    } else {
                        tracker.logMetric(runId, "loss", 0.25, step++, timestamp);
                    }
                    long t1 = System.nanoTime();
                    Blackhole.consumeCPU(tokens);
                    long t2 = System.nanoTime();
                    long t3 = System.nanoTime();
                    Blackhole.consumeCPU(tokens);
                    long t4 = System.nanoTime();
                    sink.consume(new Metric("loss", 0.25, step, timestamp));
                    long t5 = System.nanoTime();
                    Blackhole.consumeCPU(tokens);
                    (peerPhase ? offers : log)[i] = t1 - t0;
                    empty[i] = t3 - t2;
                    record[i] = t5 - t4;
                }
                if (r >= 0) {
                    System.out.printf(Locale.ROOT, "round %d: %s %s | empty %s | record %s%n", r + 1,
                            peerPhase ? "jctools offer" : "logMetric", percentiles(peerPhase ? offers : log),
                            percentiles(empty), percentiles(record));
                }
            }
        }
        peerOn.set(false);
        tracker.close();
        AsyncTracker.Stats stats = tracker.stats();
        if (stats.written() != stats.enqueued() || stats.dropped() != 0) {
            throw new IllegalStateException("writes dropped: the caller outran the store, so the figures are of a"
                    + " full queue; raise the caller's tokens (fourth argument). " + stats);
        }
    }

    /**
     * The peer's consumer: drains up to 1,000 at a time and is held by each batch as the slowed
     * store holds the tracker's writer for one {@code logBatch} of as many entries; naps 1 ms when
     * the queue is empty, as the tracker's writer lingers.
     */
    private static void consume(MpscArrayQueue<Metric> queue, AtomicBoolean on,
                                AsyncTrackerBenchmark.DiscardingTracker store) {
        long[] taken = new long[1];
        while (on.get()) {
            taken[0] = 0;
            int n = queue.drain(m -> taken[0] += m.step(), 1_000);
            if (n == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            } else {
                store.spend(n);
            }
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%d / %d / %d / %d", at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
                at(sorted, 0.999));
    }

    private static long at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
