package org.mlops4j.monitoring.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SingleWriterQueueTest {

    private final List<String> written = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger seals = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();

    private SingleWriterQueue<String> queue(int capacity, CountDownLatch entered, CountDownLatch release) {
        return new SingleWriterQueue<>("test log in /tmp/x", "test-writer", capacity, dropped, item -> {
            Thread t = Thread.currentThread();
            threads.add(t.getName() + (t.isDaemon() ? " daemon" : ""));
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(item);
        }, flushes::incrementAndGet, seals::incrementAndGet);
    }

    @Test
    void aFullQueueDropsAndCountsWhileTheWriterWorksOnOneItem() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SingleWriterQueue<String> queue = queue(1, entered, release);
        queue.offer("a");
        entered.await();            // the writer holds "a", the queue is empty
        queue.offer("b");           // fills the one slot
        queue.offer("c");           // dropped
        assertThat(dropped.sum()).isEqualTo(1);
        release.countDown();
        queue.flush();

        assertThat(written).containsExactly("a", "b");
        assertThat(threads).containsOnly("test-writer daemon");
        // For flush(), and after "b" when the writer drained the queue before flush() put its item.
        assertThat(flushes.get()).isBetween(1, 2);
        queue.close();
        assertThat(seals.get()).isEqualTo(1);
        assertThat(dropped.sum()).isEqualTo(1);
    }

    @Test
    void closeWritesWhatIsQueuedSealsOnceAndLaterOffersAreDropped() {
        CountDownLatch open = new CountDownLatch(0);
        SingleWriterQueue<String> queue = queue(100, open, open);
        for (int i = 0; i < 50; i++) {
            queue.offer("i" + i);
        }
        queue.close();
        queue.close();

        assertThat(written).hasSize(50).startsWith("i0", "i1").endsWith("i49");
        assertThat(seals.get()).isEqualTo(1);
        queue.offer("late");
        assertThat(dropped.sum()).isEqualTo(1);
        assertThat(written).hasSize(50);
        assertThatThrownBy(queue::flush).isInstanceOf(IllegalStateException.class)
                .hasMessage("test log in /tmp/x is closed");
    }

    @Test
    void flushWaitsForTheWriterToReachItsItem() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SingleWriterQueue<String> queue = queue(10, entered, release);
        queue.offer("a");
        entered.await();
        Thread flusher = new Thread(queue::flush);
        flusher.start();
        flusher.join(200);
        assertThat(flusher.isAlive()).as("flush() returned while the writer still held \"a\"").isTrue();
        release.countDown();
        flusher.join();

        assertThat(written).containsExactly("a");
        assertThat(flushes.get()).isPositive();
        queue.close();
    }

    @Test
    void aWriterEndedByAFailureReleasesFlushAndCloseCountsWhatItLeft() {
        SingleWriterQueue<String> queue = new SingleWriterQueue<>("test log in /tmp/x", "test-writer", 10, dropped,
                item -> {
                    if (item.equals("boom")) {
                        throw new IllegalStateException("handler failed on purpose");
                    }
                    written.add(item);
                }, flushes::incrementAndGet, seals::incrementAndGet);
        queue.offer("a");
        queue.offer("boom");
        queue.flush();                    // returns although the writer ended before its flush item
        assertThat(seals.get()).isEqualTo(1);
        queue.offer("left");              // queued, but no writer takes it

        queue.close();
        assertThat(written).containsExactly("a");
        assertThat(dropped.sum()).isEqualTo(1);
        assertThat(seals.get()).isEqualTo(1);
    }
}
