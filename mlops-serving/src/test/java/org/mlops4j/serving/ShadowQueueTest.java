package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;

/**
 * The shadow's queue: offers never wait, a full queue refuses, nothing offered and accepted is lost
 * or taken twice by many producers and consumers, idle consumers park and are woken, and a close
 * discards and counts what was queued.
 */
class ShadowQueueTest {

    private static final ModelRef MODEL = new ModelRef("m", 1);

    private static PredictionEvent<Integer, Integer> event(int input) {
        return PredictionEvent.success("p-" + input, Instant.EPOCH, "shadowed", "champion", MODEL, input, input * 2,
                Double.NaN, 1L);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void aQueueHoldsExactlyItsCapacityAndRefusesTheNextOfferAtOnce() {
        for (int capacity : new int[] {1, 2, 3, 5, 8, 1_000}) {
            ShadowQueue<Integer, Integer> q = new ShadowQueue<>(capacity, 1, new LongAdder());
            for (int i = 0; i < capacity; i++) {
                assertThat(q.offer(event(i), i * 2)).as("offer %d of %d", i, capacity).isTrue();
            }
            assertThat(q.size()).isEqualTo(capacity);
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                assertThat(q.offer(event(-1), -1)).as("capacity %d full", capacity).isFalse();
            }
            // A thousand refusals without waiting (a blocking offer would take at least one park each).
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
            assertThat(q.size()).isEqualTo(capacity);
            // Taking one frees exactly one slot.
            ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
            assertThat(q.poll(t)).isTrue();
            assertThat(t.event.input()).isZero();
            assertThat(q.offer(event(capacity), capacity * 2)).isTrue();
            assertThat(q.offer(event(-1), -1)).isFalse();
        }
    }

    @Test
    void callsComeOutInTheOrderTheyWentInLapAfterLap() {
        // Capacity 3: positions jump from the end of a lap of 4 to the next; 10 laps round the ring.
        ShadowQueue<Integer, Integer> q = new ShadowQueue<>(3, 1, new LongAdder());
        ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 10; round++) {
            while (q.offer(event(next), next * 2 + 1)) {
                next++;
            }
            for (int i = 0; i < 2; i++) {
                assertThat(q.poll(t)).isTrue();
                assertThat(t.event.input()).isEqualTo(expected);
                assertThat(t.answer).isEqualTo(expected * 2 + 1);
                expected++;
            }
        }
        while (q.poll(t)) {
            assertThat(t.event.input()).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(next).isEqualTo(3 + 9 * 2);
        assertThat(q.poll(t)).isFalse();
        assertThat(q.size()).isZero();
        assertThat(q.empty()).isTrue();
    }

    @Test
    void positionsStepWithinALapAndJumpToTheNextOne() {
        ShadowQueue<Integer, Integer> three = new ShadowQueue<>(3, 1, new LongAdder());
        assertThat(three.next(0)).isEqualTo(1);
        assertThat(three.next(1)).isEqualTo(2);
        assertThat(three.next(2)).isEqualTo(4);
        assertThat(three.next(4)).isEqualTo(5);
        assertThat(three.next(6)).isEqualTo(8);
        ShadowQueue<Integer, Integer> four = new ShadowQueue<>(4, 1, new LongAdder());
        assertThat(four.next(3)).isEqualTo(4);
        assertThat(four.next(7)).isEqualTo(8);
        // One slot: laps of two, so that a held slot never looks free to the next position.
        ShadowQueue<Integer, Integer> one = new ShadowQueue<>(1, 1, new LongAdder());
        assertThat(one.next(0)).isEqualTo(2);
        assertThat(one.next(2)).isEqualTo(4);
        assertThat(one.capacity()).isEqualTo(1);
    }

    @Test
    void takingLetsGoOfTheCallsReferences() {
        ShadowQueue<Integer, Integer> q = new ShadowQueue<>(4, 1, new LongAdder());
        q.offer(event(1), 2);
        ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
        assertThat(q.poll(t)).isTrue();
        t.clear();
        assertThat(t.event).isNull();
        assertThat(t.answer).isNull();
    }

    /**
     * Four producers offer 50,000 calls each to a queue of 64 that two consumers take from: every
     * accepted call is taken exactly once, and every refused one was refused because the queue was
     * full at that moment (the producers retry nothing, so refusals are counted, not lost).
     */
    @Test
    void manyProducersAndConsumersLoseNothingAcceptedAndTakeNothingTwice() throws Exception {
        int producers = 4;
        int each = 50_000;
        ShadowQueue<Integer, Integer> q = new ShadowQueue<>(64, 2, new LongAdder());
        BitSet accepted = new BitSet(producers * each);
        BitSet[] taken = {new BitSet(producers * each), new BitSet(producers * each)};
        AtomicLong duplicates = new AtomicLong();
        AtomicLong mismatched = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(producers + 2);
        try {
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                int me = c;
                consumers.add(pool.submit(() -> {
                    ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
                    while (q.take(me, t)) {
                        int i = t.event.input();
                        if (t.answer != i * 2) {
                            mismatched.incrementAndGet();
                        }
                        if (taken[me].get(i)) {
                            duplicates.incrementAndGet();
                        }
                        taken[me].set(i);
                        t.clear();
                    }
                    return null;
                }));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BitSet>> offered = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * each;
                offered.add(pool.submit(() -> {
                    go.await();
                    BitSet mine = new BitSet();
                    for (int i = base; i < base + each; i++) {
                        if (q.offer(event(i), i * 2)) {
                            mine.set(i);
                        }
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<BitSet> f : offered) {
                accepted.or(f.get(60, TimeUnit.SECONDS));
            }
            await("consumers drained the queue", q::empty);
            assertThat(q.close()).isZero();
            for (Future<?> f : consumers) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        BitSet both = (BitSet) taken[0].clone();
        both.and(taken[1]);
        assertThat(both.cardinality()).as("taken by both consumers").isZero();
        assertThat(duplicates.get()).isZero();
        assertThat(mismatched.get()).isZero();
        BitSet all = (BitSet) taken[0].clone();
        all.or(taken[1]);
        assertThat(all).isEqualTo(accepted);
        assertThat(accepted.cardinality()).isPositive();
    }

    /** While the queue never fills, nothing is refused: 100,000 calls, paced below the consumer's speed. */
    @Test
    void whileTheQueueHasRoomEveryCallIsAcceptedAndTaken() throws Exception {
        ShadowQueue<Integer, Integer> q = new ShadowQueue<>(100_000, 1, new LongAdder());
        LongAdder taken = new LongAdder();
        Thread consumer = new Thread(() -> {
            ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
            while (q.take(0, t)) {
                taken.increment();
            }
        });
        consumer.start();
        for (int i = 0; i < 100_000; i++) {
            assertThat(q.offer(event(i), i)).isTrue();
        }
        await("every call taken", () -> taken.sum() == 100_000);
        q.close();
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(consumer.isAlive()).isFalse();
    }

    @Test
    void anIdleConsumerParksAndAnOfferWakesIt() throws Exception {
        ShadowQueue<Integer, Integer> q = new ShadowQueue<>(8, 2, new LongAdder());
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int me = c;
            Thread t = new Thread(() -> {
                ShadowQueue.Taken<Integer, Integer> taken = new ShadowQueue.Taken<>();
                while (q.take(me, taken)) {
                    seen.add(taken.event.input());
                }
            });
            t.setDaemon(true);
            t.start();
            consumers.add(t);
        }
        await("both consumers parked", () -> q.parked() == 2);
        for (Thread t : consumers) {
            await("parked in take", () -> t.getState() == Thread.State.WAITING);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(q.offer(event(i), i)).isTrue();
            int n = i + 1;
            await("call " + i + " taken", () -> seen.size() == n);
            // Each call woke one consumer, which parked again once the queue was empty.
            await("parked again after call " + i, () -> q.parked() == 2);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        q.close();
        for (Thread t : consumers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as("a parked consumer ends on close").isFalse();
        }
        assertThat(q.parked()).isZero();
    }

    @Test
    void closingDiscardsAndCountsWhatIsQueuedAndRefusesLaterOffers() throws Exception {
        LongAdder dropped = new LongAdder();
        ShadowQueue<Integer, Integer> q = new ShadowQueue<>(10, 1, dropped);
        for (int i = 0; i < 7; i++) {
            q.offer(event(i), i);
        }
        assertThat(q.closed()).isFalse();
        assertThat(q.close()).isEqualTo(7);
        assertThat(q.closed()).isTrue();
        assertThat(dropped.sum()).isEqualTo(7);
        assertThat(q.size()).isZero();
        assertThat(q.offer(event(8), 8)).isFalse();
        ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
        // A consumer that comes after the close stops at once.
        assertThat(q.take(0, t)).isFalse();
        assertThat(q.close()).isZero();
        assertThat(dropped.sum()).isEqualTo(7);
    }

    /**
     * Producers offering while the queue closes: each call they were told was accepted is taken by
     * the consumer or discarded and counted, none is left queued.
     */
    @Test
    void aCloseRacingWithOffersLeavesNothingQueuedUncounted() throws Exception {
        for (int round = 0; round < 20; round++) {
            LongAdder discarded = new LongAdder();
            ShadowQueue<Integer, Integer> q = new ShadowQueue<>(256, 1, discarded);
            LongAdder taken = new LongAdder();
            Thread consumer = new Thread(() -> {
                ShadowQueue.Taken<Integer, Integer> t = new ShadowQueue.Taken<>();
                while (q.take(0, t)) {
                    taken.increment();
                    // A slow shadow, so that calls queue up.
                    long end = System.nanoTime() + 2_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }
            });
            consumer.start();
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder accepted = new LongAdder();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                Thread t = new Thread(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        if (q.offer(event(i), i)) {
                            accepted.increment();
                        }
                        i++;
                    }
                });
                t.start();
                producers.add(t);
            }
            Thread.sleep(5);
            q.close();
            stop.set(true);
            for (Thread t : producers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            consumer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(consumer.isAlive()).isFalse();
            assertThat(q.size()).as("round %d", round).isZero();
            assertThat(taken.sum() + discarded.sum()).as("round %d", round).isEqualTo(accepted.sum());
        }
    }

    @Test
    void badSizesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ShadowQueue<Integer, Integer>(0, 1, new LongAdder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> new ShadowQueue<Integer, Integer>(4, 0, new LongAdder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("consumers must be >= 1 but was 0");
    }
}
