package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.mlops4j.tracking.jdbc.JdbcTracker;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncTrackerTest {

    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path artifacts;

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private ScriptedStore store;
    private final List<AsyncTracker.WriteFailure> failures = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private AsyncTracker tracker;
    private String runId;

    @BeforeEach
    void setUp() {
        store = new ScriptedStore(new InMemoryTracker(clock, artifacts));
        runId = store.startRun("exp", RunConfig.ofDefaults().recordSource(false)).id();
    }

    @AfterEach
    void tearDown() {
        store.open();
        if (tracker != null) {
            tracker.close();
        }
    }

    private AsyncTracker async(AsyncTrackerConfig config) {
        tracker = new AsyncTracker(store, config.withFailureListener(failures::add), pauses::add);
        return tracker;
    }

    private AsyncTracker async() {
        return async(AsyncTrackerConfig.ofDefaults());
    }

    /**
     * A tracker whose writer is held in the store by its first write (metric "loss" at step 0),
     * until {@code store.release} counts down: what is logged meanwhile waits in the queue.
     */
    private AsyncTracker withWriterHeld(AsyncTrackerConfig config) throws InterruptedException {
        store.gateFirstCall();
        AsyncTracker t = async(config);
        t.logMetric(runId, "loss", 0, 0, now());
        assertThat(store.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return t;
    }

    private Instant now() {
        return clock.now();
    }

    @Test
    void writesReachTheStoreAfterFlushInOrder() {
        AsyncTracker t = async();
        for (int i = 0; i < 100; i++) {
            t.logMetric(runId, "loss", 100 - i, 0, now());
        }
        t.logMetric(runId, "acc", 0.9, 7, now());
        t.logParam(runId, "epochs", "10");
        t.setTag(runId, "team", "risk");

        t.flush();

        // Equal step and timestamp: the store keeps arrival order, so the history shows queue order.
        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::value)
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> (double) (100 - i)).toList());
        assertThat(store.inner.metricHistory(runId, "acc")).singleElement()
                .satisfies(m -> assertThat(m.step()).isEqualTo(7))
                .satisfies(m -> assertThat(m.value()).isEqualTo(0.9));
        RunInfo info = store.inner.run(runId).orElseThrow();
        assertThat(info.params()).containsEntry("epochs", "10");
        assertThat(info.tags()).containsEntry("team", "risk");
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(103, 103, 0, 0, 0));
        assertThat(t.stats().pending()).isZero();
    }

    @Test
    void readsFlushFirstSoACallerSeesItsOwnWrites() {
        AsyncTracker t = async();
        t.logMetric(runId, "loss", 0.5, 3, now());
        assertThat(t.metricHistory(runId, "loss")).extracting(Metric::value).containsExactly(0.5);

        t.setTag(runId, "stage", "eval");
        assertThat(t.run(runId).orElseThrow().tags()).containsEntry("stage", "eval");

        t.logMetric(runId, "loss", 0.25, 4, now());
        String experimentId = t.experiment("exp").orElseThrow().id();
        assertThat(t.searchRuns(RunQuery.in(experimentId)).runs()).singleElement()
                .satisfies(r -> assertThat(r.latestMetrics().get("loss").value()).isEqualTo(0.25));
        assertThat(t.bestRun("exp", "loss", Goal.MIN)).map(RunInfo::runId).contains(runId);
    }

    @Test
    void runHandleLogsThroughTheAsyncTrackerAndEndsAfterItsWritesLand() {
        AsyncTracker t = async();
        Run run = t.startRun("exp", RunConfig.ofDefaults().recordSource(false));
        assertThat(run.tracker()).isSameAs(t);
        for (int i = 0; i < 500; i++) {
            run.logMetric("loss", i, i);
        }
        run.logParam("lr", 0.1);

        run.close();

        assertThat(store.inner.metricHistory(run.id(), "loss")).hasSize(500);
        assertThat(store.inner.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(failures).isEmpty();
    }

    @Test
    void batchingMergesManyWritesIntoFewStoreCalls() throws Exception {
        store.gateFirstCall();
        AsyncTracker t = async();
        for (int i = 0; i < 10_000; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        assertThat(store.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        store.release.countDown();

        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).hasSize(10_000);
        // Writer held on its first call while 10,000 writes queued: then they go 1,000 a call.
        assertThat(store.calls).hasSizeLessThanOrEqualTo(12);
        assertThat(store.calls).allSatisfy(c -> assertThat(c.metrics()).isLessThanOrEqualTo(1000));
    }

    @Test
    void largeWritesAreSplitWithinMlflowLimitsPerCall() {
        AsyncTracker t = async();
        List<Metric> metrics = IntStream.range(0, 2_500).mapToObj(i -> new Metric("m", i, i, now())).toList();
        List<Param> params = IntStream.range(0, 150).mapToObj(i -> new Param("p" + i, "v")).toList();
        List<Tag> tags = IntStream.range(0, 150).mapToObj(i -> new Tag("t" + i, "v")).toList();

        t.logBatch(runId, metrics, params, tags);
        t.flush();

        assertThat(store.calls).allSatisfy(c -> {
            assertThat(c.metrics()).isLessThanOrEqualTo(1000);
            assertThat(c.params()).isLessThanOrEqualTo(100);
            assertThat(c.tags()).isLessThanOrEqualTo(100);
            assertThat(c.metrics() + c.params() + c.tags()).isLessThanOrEqualTo(1000);
        });
        RunInfo info = store.inner.run(runId).orElseThrow();
        assertThat(store.inner.metricHistory(runId, "m")).hasSize(2_500);
        assertThat(info.params()).hasSize(150);
        assertThat(info.tags()).containsKeys("t0", "t149");
        assertThat(t.stats().written()).isEqualTo(2_800);
    }

    @Test
    void maxBatchSizeCapsEveryStoreCall() throws Exception {
        store.gateFirstCall();
        AsyncTracker t = async(AsyncTrackerConfig.ofDefaults().withMaxBatchSize(7));
        for (int i = 0; i < 100; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        assertThat(store.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        store.release.countDown();
        t.flush();

        assertThat(store.calls).allSatisfy(c -> assertThat(c.metrics()).isLessThanOrEqualTo(7));
        assertThat(store.inner.metricHistory(runId, "loss")).hasSize(100);
    }

    @Test
    void storeFailureIsRetriedWithBackoffAndEventuallySucceeds() {
        store.failFirst(3);
        AsyncTracker t = async();

        t.logMetric(runId, "loss", 0.5, 1, now());
        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::value).containsExactly(0.5);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(1, 1, 0, 0, 3));
        assertThat(failures).isEmpty();
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        store.failFirst(Integer.MAX_VALUE);
        AsyncTracker t = async(AsyncTrackerConfig.ofDefaults().withMaxRetries(6)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));

        t.logMetric(runId, "loss", 0.5, 1, now());
        t.flush();

        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void persistentStoreFailureIsReportedAndNeverThrownToTheCaller() {
        store.failFirst(Integer.MAX_VALUE);
        AsyncTracker t = async(AsyncTrackerConfig.ofDefaults().withMaxRetries(2));

        assertThatCode(() -> {
            t.logBatch(runId, List.of(new Metric("loss", 0.5, 1, now())), List.of(), List.of(new Tag("stage", "eval")));
            t.flush();
        }).doesNotThrowAnyException();

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.runId()).isEqualTo(runId);
            assertThat(f.metrics()).extracting(Metric::value).containsExactly(0.5);
            assertThat(f.tags()).containsExactly(new Tag("stage", "eval"));
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.error()).isInstanceOf(StoreException.class);
        });
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(2, 0, 0, 2, 2));
        assertThat(t.stats().pending()).isZero();
    }

    @Test
    void failedWriteDoesNotStopLaterWrites() {
        store.failFirst(Integer.MAX_VALUE);
        AsyncTracker t = async(AsyncTrackerConfig.ofDefaults().withMaxRetries(0));
        t.logMetric(runId, "loss", 1, 1, now());
        t.flush();

        store.failFirst(0);
        t.logMetric(runId, "loss", 2, 2, now());
        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::value).containsExactly(2.0);
        assertThat(t.stats().failed()).isEqualTo(1);
        assertThat(t.stats().written()).isEqualTo(1);
    }

    @Test
    void paramConflictIsReportedNotRetriedAndFailsOnlyItsOwnWrite() {
        AsyncTracker t = async();
        t.logParam(runId, "lr", "0.1");
        t.logMetric(runId, "loss", 1, 1, now());
        t.logParam(runId, "lr", "0.2");
        t.logMetric(runId, "loss", 2, 2, now());

        t.flush();

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isInstanceOf(ParamConflictException.class);
            assertThat(f.attempts()).isEqualTo(1);
            assertThat(f.params()).containsExactly(new Param("lr", "0.2"));
        });
        assertThat(t.stats().retried()).isZero();
        assertThat(pauses).isEmpty();
        assertThat(store.inner.run(runId).orElseThrow().params()).containsEntry("lr", "0.1");
        assertThat(store.inner.metricHistory(runId, "loss")).hasSize(2);
    }

    @Test
    void writesToAnEndedOrUnknownRunAreReportedNotRetried() {
        AsyncTracker t = async();
        t.endRun(runId, RunStatus.FINISHED);

        t.logMetric(runId, "loss", 1, 1, now());
        t.logMetric("no-such-run", "loss", 1, 1, now());
        t.flush();

        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).error()).isInstanceOf(IllegalStateException.class);
        assertThat(failures.get(1).error()).isInstanceOf(RunNotFoundException.class);
        assertThat(t.stats().retried()).isZero();
    }

    @Test
    void throwingFailureListenerDoesNotStopTheWriter() {
        store.failFirst(1);
        tracker = new AsyncTracker(store, AsyncTrackerConfig.ofDefaults().withMaxRetries(0)
                .withFailureListener(f -> {
                    throw new IllegalStateException("listener bug");
                }), pauses::add);

        tracker.logMetric(runId, "loss", 1, 1, now());
        tracker.logMetric(runId, "loss", 2, 2, now());
        tracker.flush();
        tracker.logMetric(runId, "loss", 3, 3, now());
        tracker.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::value).contains(3.0);
        assertThat(tracker.stats().pending()).isZero();
    }

    @Test
    void tagsOfOneKeyMergedInOneStoreCallCountAsWrittenSoNothingStaysPending() throws Exception {
        AsyncTracker t = withWriterHeld(AsyncTrackerConfig.ofDefaults());
        // Queued while the writer is held: taken together, merged into one call with phase=eval.
        t.setTag(runId, "phase", "fit");
        t.logBatch(runId, List.of(), List.of(), List.of(new Tag("phase", "eval"), new Tag("owner", "ann")));
        t.setTag(runId, "owner", "bob");
        store.release.countDown();
        t.flush();
        assertThat(store.inner.run(runId).orElseThrow().tags()).containsEntry("phase", "eval")
                .containsEntry("owner", "bob");
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(5, 5, 0, 0, 0));
        assertThat(t.stats().pending()).isZero();
    }

    @Test
    void statsCountEntriesOfBatchesNotWritesAndNeverFlushesOrRefusals() throws Exception {
        AsyncTracker t = withWriterHeld(AsyncTrackerConfig.ofDefaults().withQueueCapacity(3)
                .withQueueFullPolicy(QueueFullPolicy.DROP).withQueueFullWait(Duration.ZERO));
        // The writer holds the first write; two batches (3 and 2 entries) and a metric fill the queue.
        List<Metric> three = List.of(new Metric("a", 1, 1, now()), new Metric("b", 1, 1, now()),
                new Metric("c", 1, 1, now()));
        t.logBatch(runId, three, List.of(), List.of());
        t.logBatch(runId, List.of(), List.of(new Param("p", "1")), List.of(new Tag("t", "1")));
        t.logMetric(runId, "loss", 1, 1, now());
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(7, 0, 0, 0, 0));
        // Full: a batch of three is dropped whole, and counted dropped, not enqueued.
        t.logBatch(runId, three, List.of(), List.of());
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(7, 0, 3, 0, 0));
        store.release.countDown();
        t.flush();
        t.flush();
        assertThat(t.stats()).as("flushes hold no entries").isEqualTo(new AsyncTracker.Stats(7, 7, 3, 0, 0));
        t.close();
        assertThatThrownBy(() -> t.logBatch(runId, three, List.of(), List.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(t.stats()).as("refused after close: not counted").isEqualTo(new AsyncTracker.Stats(7, 7, 3, 0, 0));
    }

    @Test
    void statsNeverShowMoreWrittenThanEnqueuedWhileWritesAndFlushesRace() throws Exception {
        AsyncTracker t = async();
        AtomicBoolean done = new AtomicBoolean();
        List<String> violations = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                AsyncTracker.Stats s = t.stats();
                if (s.written() + s.failed() > s.enqueued()) {
                    violations.add(s.toString());
                }
            }
        });
        reader.start();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (i % 3 == 0) {
                            t.logBatch(runId, List.of(new Metric("w" + writer, i, i, now()),
                                    new Metric("v" + writer, i, i, now())), List.of(), List.of());
                        } else {
                            t.logMetric(runId, "w" + writer, i, i, now());
                        }
                        if (i % 500 == 0) {
                            t.flush();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        t.flush();
        done.set(true);
        reader.join();
        assertThat(violations).isEmpty();
        // Per writer: 667 batches of two and 1,333 single metrics.
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(3 * (667 * 2 + 1_333), 3 * (667 * 2 + 1_333), 0, 0, 0));
    }

    @Test
    void dropPolicyDropsAndCountsExactlyTheOverflow() throws Exception {
        AsyncTracker t = withWriterHeld(AsyncTrackerConfig.ofDefaults().withQueueCapacity(4)
                .withQueueFullPolicy(QueueFullPolicy.DROP).withQueueFullWait(Duration.ZERO));

        // The writer holds the first write in the store; four fill the queue and ten overflow it.
        for (int i = 1; i <= 14; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        assertThat(t.stats().dropped()).isEqualTo(10);
        store.release.countDown();
        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::value)
                .containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(5, 5, 10, 0, 0));
    }

    @Test
    void blockPolicyBlocksTheCallerUntilSpaceFrees() throws Exception {
        AsyncTracker t = withWriterHeld(AsyncTrackerConfig.ofDefaults().withQueueCapacity(2)
                .withQueueFullPolicy(QueueFullPolicy.BLOCK));
        t.logMetric(runId, "loss", 1, 1, now());
        t.logMetric(runId, "loss", 2, 2, now());

        CountDownLatch returned = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            t.logMetric(runId, "loss", 3, 3, now());
            returned.countDown();
        });
        caller.start();
        awaitState(caller, Thread.State.WAITING);
        assertThat(returned.getCount()).isEqualTo(1);

        store.release.countDown();
        assertThat(returned.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::value)
                .containsExactly(0.0, 1.0, 2.0, 3.0);
        assertThat(t.stats().dropped()).isZero();
    }

    /**
     * A real SQLite store locked by another connection for 5 s, a queue of 4 writes, the default
     * settings: before, the 6th logging call waited for the lock (about 5 s, as long as it lasted).
     */
    @Test
    void aLockedStoreDelaysALoggingCallAtMostTheQueueFullWait() throws Exception {
        Path db = artifacts.resolve("locked.db");
        JdbcTracker sqlite = new JdbcTracker(JdbcStore.sqlite(db), artifacts.resolve("sqlite-artifacts"), clock);
        String run = sqlite.startRun("exp", RunConfig.ofDefaults().recordSource(false)).id();
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement s = c.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                locked.countDown();
                Thread.sleep(5_000);
                s.execute("COMMIT");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lock-holder");
        holder.start();
        assertThat(locked.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        long longest = 0;
        try (AsyncTracker t = new AsyncTracker(sqlite, AsyncTrackerConfig.ofDefaults().withQueueCapacity(4))) {
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                t.logMetric(run, "loss", i, i, now());
                longest = Math.max(longest, System.nanoTime() - start);
            }
            holder.join();
            t.flush();

            AsyncTracker.Stats stats = t.stats();
            assertThat(Duration.ofNanos(longest)).as("longest logging call, default wait 100 ms")
                    .isLessThan(Duration.ofMillis(1_500));
            assertThat(stats.dropped()).isPositive();
            assertThat(stats.enqueued() + stats.dropped()).isEqualTo(20);
            assertThat(stats.written()).isEqualTo(stats.enqueued());
            assertThat(stats.failed()).isZero();
            assertThat(sqlite.metricHistory(run, "loss")).hasSize((int) stats.written());
        }
    }

    /**
     * 20 good metrics and one with {@code Instant.MAX} queued together: before, the call took the bad
     * one, the store refused the merged batch, and 0 of the 20 were stored.
     */
    @Test
    void aTimestampOutOfRangeIsRefusedAtTheCallAndTheGoodMetricsOfItsBatchAreStored() throws Exception {
        store.gateFirstCall();
        AsyncTracker t = async();
        t.setTag(runId, "warm-up", "1");
        assertThat(store.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        assertThatThrownBy(() -> t.logMetric(runId, "loss", -1, 99, Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'loss'")
                .hasMessageContaining("+1000000000-12-31T23:59:59.999999999Z");
        for (int i = 10; i < 20; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        store.release.countDown();
        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).hasSize(20);
        assertThat(t.stats().failed()).isZero();
    }

    /**
     * A store that refuses one metric of a merged batch (a value it cannot hold): before, the
     * batch was given up on whole, 21 entries lost for one bad one.
     */
    @Test
    void aMergedBatchTheStoreRefusesIsRetriedEntryByEntrySoOnlyTheBadOneIsLost() throws Exception {
        store.gateFirstCall();
        store.refuseMetric("bad");
        AsyncTracker t = async();
        t.setTag(runId, "warm-up", "1");
        assertThat(store.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        t.logMetric(runId, "bad", 1, 0, now());
        t.setTag(runId, "stage", "train");
        for (int i = 10; i < 20; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }
        store.release.countDown();
        t.flush();

        assertThat(store.inner.metricHistory(runId, "loss")).extracting(Metric::step)
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> (long) i).toList());
        assertThat(store.inner.metricHistory(runId, "bad")).isEmpty();
        assertThat(store.inner.run(runId).orElseThrow().tags()).containsEntry("stage", "train");
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.metrics()).extracting(Metric::key).containsExactly("bad");
            assertThat(f.entries()).isEqualTo(1);
            assertThat(f.error()).isInstanceOf(IllegalArgumentException.class);
        });
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(23, 22, 0, 1, 0));
    }

    @Test
    void flushWithTimeoutReportsWhetherItFinished() throws Exception {
        AsyncTracker t = withWriterHeld(AsyncTrackerConfig.ofDefaults());

        assertThat(t.flush(Duration.ZERO)).isFalse();
        store.release.countDown();
        assertThat(t.flush(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThatThrownBy(() -> t.flush(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    }

    @Test
    void closeDrainsEverythingClosesTheStoreAndIsIdempotent() {
        AsyncTracker t = async();
        for (int i = 0; i < 5_000; i++) {
            t.logMetric(runId, "loss", i, i, now());
        }

        t.close();
        t.close();

        assertThat(store.inner.metricHistory(runId, "loss")).hasSize(5_000);
        assertThat(store.closes.get()).isEqualTo(1);
        assertThat(t.stats().pending()).isZero();
        assertThat(t.flush(Duration.ZERO)).isTrue();
    }

    @Test
    void writesAfterCloseThrowIllegalStateException() {
        AsyncTracker t = async();
        t.close();

        assertThatThrownBy(() -> t.logMetric(runId, "loss", 1, 1, now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> t.logParam(runId, "lr", "0.1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> t.setTag(runId, "k", "v")).isInstanceOf(IllegalStateException.class);
        assertThat(t.stats().enqueued()).isZero();
    }

    @Test
    void writesRacingCloseAreEitherStoredOrRefusedNeverLost() throws Exception {
        AsyncTracker t = async(AsyncTrackerConfig.ofDefaults().withQueueCapacity(64));
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch writing = new CountDownLatch(threads);
        try {
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                long base = w * 1_000_000L;
                accepted.add(pool.submit(() -> {
                    int n = 0;
                    writing.countDown();
                    while (true) {
                        try {
                            t.logMetric(runId, "loss", n, base + n, now());
                        } catch (IllegalStateException closed) {
                            return n;
                        }
                        n++;
                    }
                }));
            }
            assertThat(writing.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            t.close();

            int total = 0;
            for (Future<Integer> f : accepted) {
                total += f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(store.inner.metricHistory(runId, "loss")).hasSize(total);
            assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(total, total, 0, 0, 0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidKeyIsThrownSynchronouslyAndNothingIsQueued() {
        AsyncTracker t = async();

        assertThatThrownBy(() -> t.logMetric(runId, "bad key!", 1, 1, now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad key!");
        assertThatThrownBy(() -> t.logParam(runId, "../up", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../up");
        assertThatThrownBy(() -> t.logMetric(null, "loss", 1, 1, now()))
                .isInstanceOf(NullPointerException.class).hasMessage("runId");
        assertThat(t.stats().enqueued()).isZero();
    }

    @Test
    void flushFromTheFailureListenerIsRefusedNotDeadlocked() {
        store.failFirst(1);
        List<Throwable> listenerErrors = new CopyOnWriteArrayList<>();
        AsyncTracker[] self = new AsyncTracker[1];
        tracker = new AsyncTracker(store, AsyncTrackerConfig.ofDefaults().withMaxRetries(0).withFailureListener(f -> {
            try {
                self[0].flush();
            } catch (IllegalStateException e) {
                listenerErrors.add(e);
            }
        }), pauses::add);
        self[0] = tracker;

        tracker.logMetric(runId, "loss", 1, 1, now());
        tracker.flush();

        assertThat(listenerErrors).singleElement().satisfies(e ->
                assertThat(e).hasMessageContaining("failure listener"));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        AsyncTracker t = async();
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int base = w * perThread;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        t.logMetric(runId, "loss", base + i, base + i, now());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Metric> history = t.metricHistory(runId, "loss");

        assertThat(history).hasSize(threads * perThread);
        assertThat(history).extracting(Metric::step).doesNotHaveDuplicates();
        assertThat(t.stats()).isEqualTo(new AsyncTracker.Stats(40_000, 40_000, 0, 0, 0));
    }

    @Test
    void configValidationNamesTheArgumentAndValue() {
        AsyncTrackerConfig d = AsyncTrackerConfig.ofDefaults();
        assertThatThrownBy(() -> d.withQueueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queueCapacity must be in [1, 1073741824] but was 0");
        assertThatThrownBy(() -> d.withQueueCapacity((1 << 30) + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queueCapacity must be in [1, 1073741824] but was 1073741825");
        assertThatThrownBy(() -> d.withMaxBatchSize(1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchSize must be in [1, 1000] but was 1001");
        assertThatThrownBy(() -> d.withMaxBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchSize").hasMessageEndingWith("0");
        assertThatThrownBy(() -> d.withMaxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRetries must not be negative but was -1");
        assertThatThrownBy(() -> d.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initialBackoff must be positive but was PT0S");
        assertThatThrownBy(() -> d.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBackoff must be at least initialBackoff (PT2S) but was PT1S");
        assertThatThrownBy(() -> d.withQueueFullWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("queueFullWait must not be negative but was PT-0.001S");
        assertThatThrownBy(() -> d.withQueueFullWait(null))
                .isInstanceOf(NullPointerException.class).hasMessage("queueFullWait");
        assertThatThrownBy(() -> d.withQueueFullPolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("queueFullPolicy");
        assertThatThrownBy(() -> d.withFailureListener(null))
                .isInstanceOf(NullPointerException.class).hasMessage("failureListener");
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        AsyncTrackerConfig d = AsyncTrackerConfig.ofDefaults();
        assertThat(d.queueCapacity()).isEqualTo(65_536);
        assertThat(d.maxBatchSize()).isEqualTo(1000);
        assertThat(d.queueFullPolicy()).isEqualTo(QueueFullPolicy.DROP);
        assertThat(d.queueFullWait()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.maxRetries()).isEqualTo(5);
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        try (AsyncTracker t = AsyncTracker.wrap(store)) {
            assertThat(t.config()).isSameAs(d);
            assertThat(t.clock()).isSameAs(clock);
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("thread %s never reached %s", thread.getName(), state).isLessThan(deadline);
            Thread.onSpinWait();
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** One logBatch call the store accepted. */
    record Call(int metrics, int params, int tags) {
    }

    /**
     * An in-memory store that can fail its next logBatch calls with a StoreException, or hold its
     * first call until released; it records every call it accepts and counts closes.
     */
    static final class ScriptedStore extends ForwardingTracker {

        final InMemoryTracker inner;
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger failuresLeft = new AtomicInteger();
        private volatile boolean gated;
        private volatile String refusedMetric;

        ScriptedStore(InMemoryTracker inner) {
            super(inner);
            this.inner = inner;
        }

        /** Refuses, with an IllegalArgumentException, every call that holds a metric with this key. */
        void refuseMetric(String key) {
            refusedMetric = key;
        }

        void failFirst(int n) {
            failuresLeft.set(n);
        }

        void gateFirstCall() {
            gated = true;
        }

        /** Lets a held call go, so that teardown's close never waits on a test that failed midway. */
        void open() {
            release.countDown();
        }

        @Override
        public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
            if (gated) {
                gated = false;
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (metrics.stream().anyMatch(m -> m.key().equals(refusedMetric))) {
                throw new IllegalArgumentException("metric '" + refusedMetric + "' refused (scripted)");
            }
            if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new StoreException("store down (scripted)");
            }
            inner.logBatch(runId, metrics, params, tags);
            calls.add(new Call(metrics.size(), params.size(), tags.size()));
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }

    }
}
