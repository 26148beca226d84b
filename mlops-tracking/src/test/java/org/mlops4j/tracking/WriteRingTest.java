package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lock-free queue of the async tracker: order, the exact capacity (not the rounded-up array),
 * close as a cut that no write crosses, waiting for space, and waking a sleeping writer.
 */
class WriteRingTest {

    private static QueuedWrite write(int i) {
        return new QueuedWrite.OneMetric("run", new Metric("loss", i, i, Instant.EPOCH));
    }

    private static int stepOf(QueuedWrite w) {
        return (int) ((QueuedWrite.OneMetric) w).metric().step();
    }

    @Test
    void writesComeOutInOrderAndTheCapacityIsExactEvenWhenNotAPowerOfTwo() {
        WriteRing ring = new WriteRing(5);
        for (int i = 0; i < 5; i++) {
            assertThat(ring.offer(write(i))).isEqualTo(WriteRing.OK);
        }
        assertThat(ring.offer(write(5))).isEqualTo(WriteRing.FULL);
        List<QueuedWrite> out = new ArrayList<>();
        assertThat(ring.drainTo(out, 2)).isEqualTo(2);
        assertThat(ring.offer(write(5))).isEqualTo(WriteRing.OK);
        assertThat(ring.offer(write(6))).isEqualTo(WriteRing.OK);
        assertThat(ring.offer(write(7))).isEqualTo(WriteRing.FULL);
        assertThat(ring.drainTo(out, 100)).isEqualTo(5);
        assertThat(out).extracting(WriteRingTest::stepOf).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.drainTo(out, 100)).isZero();
    }

    @Test
    void wrapsAroundManyTimesWithoutLosingOrReorderingAWrite() {
        WriteRing ring = new WriteRing(3);
        List<QueuedWrite> out = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 1000; round++) {
            while (ring.offer(write(next)) == WriteRing.OK) {
                next++;
            }
            ring.drainTo(out, 1 + round % 3);
        }
        ring.drainTo(out, Integer.MAX_VALUE);
        assertThat(out).hasSize(next);
        for (int i = 0; i < next; i++) {
            assertThat(stepOf(out.get(i))).isEqualTo(i);
        }
    }

    @Test
    void closeRefusesLaterOffersAndKeepsWhatWasAcceptedForTheWriter() {
        WriteRing ring = new WriteRing(4);
        ring.offer(write(0));
        ring.offer(write(1));
        ring.close();
        ring.close();

        assertThat(ring.isClosed()).isTrue();
        assertThat(ring.offer(write(2))).isEqualTo(WriteRing.CLOSED);
        assertThat(ring.offer(write(2), TimeUnit.SECONDS.toNanos(1))).isEqualTo(WriteRing.CLOSED);
        assertThat(ring.closedAndDrained()).isFalse();
        List<QueuedWrite> out = new ArrayList<>();
        assertThat(ring.drainTo(out, 10)).isEqualTo(2);
        assertThat(ring.closedAndDrained()).isTrue();
    }

    @Test
    void anOpenEmptyRingIsNotClosedAndDrained() {
        WriteRing ring = new WriteRing(1);
        assertThat(ring.closedAndDrained()).isFalse();
        assertThat(ring.isClosed()).isFalse();
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void aWaitingOfferIsWokenWhenTheWriterTakesAndAnotherTimesOut() throws Exception {
        WriteRing ring = new WriteRing(1);
        ring.offer(write(0));

        long start = System.nanoTime();
        assertThat(ring.offer(write(9), TimeUnit.MILLISECONDS.toNanos(50))).isEqualTo(WriteRing.FULL);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(ring.offer(write(9), 0)).isEqualTo(WriteRing.FULL);

        AtomicInteger result = new AtomicInteger(-1);
        Thread waiter = new Thread(() -> result.set(ring.offer(write(1), Long.MAX_VALUE)));
        waiter.start();
        awaitState(waiter, Thread.State.WAITING);
        List<QueuedWrite> out = new ArrayList<>();
        ring.drainTo(out, 1);
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(waiter.isAlive()).isFalse();
        assertThat(result.get()).isEqualTo(WriteRing.OK);
        ring.drainTo(out, 1);
        assertThat(out).extracting(WriteRingTest::stepOf).containsExactly(0, 1);
    }

    @Test
    void closeWakesAnOfferWaitingForSpaceWhichIsThenRefused() throws Exception {
        WriteRing ring = new WriteRing(1);
        ring.offer(write(0));
        AtomicInteger result = new AtomicInteger(-1);
        Thread waiter = new Thread(() -> result.set(ring.offer(write(1), Long.MAX_VALUE)));
        waiter.start();
        awaitState(waiter, Thread.State.WAITING);
        ring.close();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(result.get()).isEqualTo(WriteRing.CLOSED);
    }

    @Test
    void anInterruptedWaitGivesUpWithTheInterruptStatusSet() throws Exception {
        WriteRing ring = new WriteRing(1);
        ring.offer(write(0));
        AtomicInteger result = new AtomicInteger(-1);
        CountDownLatch interruptedAfter = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            result.set(ring.offer(write(1), Long.MAX_VALUE));
            if (Thread.currentThread().isInterrupted()) {
                interruptedAfter.countDown();
            }
        });
        waiter.start();
        awaitState(waiter, Thread.State.WAITING);
        waiter.interrupt();
        assertThat(interruptedAfter.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result.get()).isEqualTo(WriteRing.FULL);
        List<QueuedWrite> out = new ArrayList<>();
        assertThat(ring.drainTo(out, 10)).isEqualTo(1);
    }

    @Test
    void aSleepingWriterIsWokenByAnOfferAndDoesNotSleepWhenSomethingIsQueued() throws Exception {
        WriteRing ring = new WriteRing(8);
        CountDownLatch woke = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            ring.sleepWriter(TimeUnit.SECONDS.toNanos(60));
            woke.countDown();
        });
        writer.start();
        awaitState(writer, Thread.State.TIMED_WAITING);
        ring.offer(write(0));
        assertThat(woke.await(10, TimeUnit.SECONDS)).as("woken by the offer, not the 60 s timeout").isTrue();

        long start = System.nanoTime();
        ring.sleepWriter(TimeUnit.SECONDS.toNanos(60));
        assertThat(System.nanoTime() - start).as("returns at once: a write is queued")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void manyProducersAgainstOneTakerLoseAndDuplicateNothing() throws Exception {
        WriteRing ring = new WriteRing(16);
        int producers = 4;
        int each = 20_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    assertThat(ring.offer(write(base + i), Long.MAX_VALUE)).isEqualTo(WriteRing.OK);
                }
            });
            threads.add(t);
            t.start();
        }
        List<QueuedWrite> out = new ArrayList<>();
        int[] lastOf = new int[producers];
        java.util.Arrays.fill(lastOf, -1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.size() < producers * each && System.nanoTime() < deadline) {
            int from = out.size();
            ring.drainTo(out, 7);
            for (int k = from; k < out.size(); k++) {
                int step = stepOf(out.get(k));
                // Each producer's writes come out in its own order.
                assertThat(step).isGreaterThan(lastOf[step / each]);
                lastOf[step / each] = step;
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        Set<Integer> seen = new HashSet<>();
        out.forEach(w -> seen.add(stepOf(w)));
        assertThat(out).hasSize(producers * each);
        assertThat(seen).hasSize(producers * each);
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("thread never reached %s", state).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
