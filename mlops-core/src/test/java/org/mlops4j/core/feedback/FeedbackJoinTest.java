package org.mlops4j.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;

class FeedbackJoinTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final ModelRef model = new ModelRef("fraud", 1);

    private PredictionEvent<Map<String, Object>, String> answered(String id, String requestId) {
        return PredictionEvent.success(id, requestId, "user-1", T0, "fraud", "champion", model,
                Map.of("amount", 12.0), "legit", 0.9, 1_000, false);
    }

    @Test
    void groundTruthReachesEveryListenerJoinedToItsPrediction() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<FeedbackEvent<?, ?>> a = new ArrayList<>();
        List<FeedbackEvent<?, ?>> b = new ArrayList<>();
        join.addListener(a::add);
        join.addListener(b::add);
        join.onPrediction(answered("p1", "tx-1"));
        clock.advanceNanos(5_000_000_000L);

        assertThat(join.record("p1", GroundTruth.label("fraud"))).isTrue();

        assertThat(a).singleElement().satisfies(e -> {
            assertThat(e.prediction().predictionId()).isEqualTo("p1");
            assertThat(e.prediction().output().map(Object::toString)).hasValue("legit");
            assertThat(e.prediction().requestId()).hasValue("tx-1");
            assertThat(e.feedback()).isEqualTo(GroundTruth.label("fraud"));
            assertThat(e.receivedAt()).isEqualTo(T0.plusSeconds(5));
        });
        assertThat(b).hasSize(1);
        assertThat(join.stats().joined()).isEqualTo(1);
    }

    @Test
    void feedbackJoinsByTheCallersRequestIdToo() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<FeedbackEvent<?, ?>> seen = new ArrayList<>();
        join.addListener(seen::add);
        join.onPrediction(answered("p1", "tx-1"));
        assertThat(join.recordForRequest("tx-1", UserSignal.REJECTED)).isTrue();
        assertThat(join.recordForRequest("tx-unknown", UserSignal.REJECTED)).isFalse();
        assertThat(seen).extracting(e -> e.prediction().predictionId()).containsExactly("p1");
        assertThat(join.stats().unmatched()).isEqualTo(1);
    }

    @Test
    void aPredictionTakesOneGroundTruthAndOneRewardButManySignals() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<FeedbackEvent<?, ?>> seen = new ArrayList<>();
        join.addListener(seen::add);
        join.onPrediction(answered("p1", null));
        assertThat(join.record("p1", GroundTruth.label("legit"))).isTrue();
        assertThat(join.record("p1", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.record("p1", Reward.SUCCESS)).isTrue();
        assertThat(join.record("p1", Reward.FAILURE)).isFalse();
        assertThat(join.record("p1", UserSignal.ACCEPTED)).isTrue();
        assertThat(join.record("p1", UserSignal.USEFUL)).isTrue();
        assertThat(seen).extracting(FeedbackEvent::feedback).containsExactly(GroundTruth.label("legit"), Reward.SUCCESS,
                UserSignal.ACCEPTED, UserSignal.USEFUL);
        assertThat(join.stats().duplicates()).isEqualTo(2);
    }

    @Test
    void failedAttemptsAndPredictionsBeforeAnyListenerAreNotRemembered() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        join.onPrediction(answered("early", null));
        join.addListener(e -> { });
        join.onPrediction(PredictionEvent.failure("failed", T0, "fraud", "champion", model, Map.of(), 10,
                new IllegalStateException("boom")));
        assertThat(join.record("early", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.record("failed", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.stats().pending()).isZero();
        assertThat(join.active()).isTrue();
    }

    @Test
    void theOldestPredictionIsForgottenAtCapacityAndCountedWhenItNeverGotFeedback() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(3, false), clock);
        join.addListener(e -> { });
        for (int i = 1; i <= 3; i++) {
            join.onPrediction(answered("p" + i, "r" + i));
        }
        assertThat(join.record("p2", UserSignal.ACCEPTED)).isTrue();
        join.onPrediction(answered("p4", "r4"));
        join.onPrediction(answered("p5", "r5"));
        assertThat(join.record("p1", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.recordForRequest("r1", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.record("p2", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.record("p3", GroundTruth.label("fraud"))).isTrue();
        // p1 left without feedback (evicted), p2 had a signal (forgotten, not counted as evicted).
        assertThat(join.stats().evicted()).isEqualTo(1);
        assertThat(join.stats().pending()).isEqualTo(3);
    }

    @Test
    void inputsAreDroppedUnlessKept() {
        FeedbackJoin<Map<String, Object>, String> slim = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        FeedbackJoin<Map<String, Object>, String> keeping = FeedbackJoin.of(
                FeedbackConfig.ofDefaults().withKeepInputs(true), clock);
        List<Object> inputs = new ArrayList<>();
        slim.addListener(e -> inputs.add(String.valueOf(e.prediction().input())));
        keeping.addListener(e -> inputs.add(e.prediction().input()));
        slim.onPrediction(answered("p", null));
        keeping.onPrediction(answered("p", null));
        slim.record("p", GroundTruth.label("fraud"));
        keeping.record("p", GroundTruth.label("fraud"));
        assertThat(inputs).containsExactly("null", Map.of("amount", 12.0));
    }

    @Test
    void aMismatchReachesTheCallerAfterEveryListenerHadTheFeedbackAndOtherFailuresAreCounted() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<String> calls = new ArrayList<>();
        join.addListener(e -> {
            calls.add("strict");
            throw new FeedbackMismatchException("a value for a classifier");
        });
        join.addListener(e -> {
            calls.add("buggy");
            throw new IllegalStateException("bug");
        });
        join.addListener(e -> calls.add("fine"));
        join.onPrediction(answered("p1", null));

        assertThatThrownBy(() -> join.record("p1", GroundTruth.value(3.0)))
                .isInstanceOf(FeedbackMismatchException.class).hasMessageContaining("classifier");
        assertThat(calls).containsExactly("strict", "buggy", "fine");
        assertThat(join.stats().mismatches()).isEqualTo(1);
        assertThat(join.stats().listenerFailures()).isEqualTo(1);
    }

    @Test
    void removingTheLastListenerStopsRememberingPredictions() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        FeedbackListener<Object, Object> l = e -> { };
        join.addListener(l);
        assertThat(join.removeListener(l)).isTrue();
        assertThat(join.removeListener(l)).isFalse();
        join.onPrediction(answered("p1", null));
        assertThat(join.stats().pending()).isZero();
        assertThat(join.active()).isFalse();
    }

    @Test
    void stripedJoinStaysWithinItsCapacityUnderManyThreads() throws Exception {
        int capacity = 4_096;
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(capacity, false), clock);
        List<FeedbackEvent<?, ?>> seen = Collections.synchronizedList(new ArrayList<>());
        join.addListener(seen::add);
        int threads = 8;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    join.onPrediction(answered("t" + thread + "-" + i, null));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        FeedbackStats stats = join.stats();
        assertThat(stats.pending()).isEqualTo(capacity);
        assertThat(stats.evicted()).isEqualTo((long) threads * perThread - capacity);
        // Whatever threads served before, the most recent predictions (a quarter of the capacity,
        // far within any ring's share) are all remembered.
        for (int i = 0; i < capacity / 4; i++) {
            join.onPrediction(answered("late-" + i, null));
        }
        for (int i = 0; i < capacity / 4; i++) {
            assertThat(join.record("late-" + i, UserSignal.ACCEPTED)).as("late-" + i).isTrue();
        }
        assertThat(join.stats().pending()).isEqualTo(capacity);
    }

    @Test
    void badFeedbackIsRefusedWhenItIsMade() {
        assertThatThrownBy(() -> GroundTruth.label(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> GroundTruth.value(Double.NaN)).hasMessageContaining("finite but was NaN");
        assertThatThrownBy(() -> new GroundTruth("x", 1.0)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Reward.of(1.5)).hasMessageContaining("[0, 1] but was 1.5");
        assertThatThrownBy(() -> new FeedbackConfig(0, false)).hasMessageContaining("capacity must be >= 1 but was 0");
        assertThat(UserSignal.NOT_USEFUL.negative()).isTrue();
        assertThat(UserSignal.USEFUL.negative()).isFalse();
        assertThat(GroundTruth.value(2.5).isLabel()).isFalse();
    }

    @Test
    void aRepeatedPredictionIdIsForgottenOnlyWithItsLatestEntry() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(2, false), clock);
        join.addListener(e -> { });
        join.onPrediction(answered("p1", null));
        join.onPrediction(answered("p1", null));
        // p2 displaces the first p1 entry, which no longer owns the id: nothing is forgotten or counted.
        join.onPrediction(answered("p2", null));
        assertThat(join.stats().evicted()).isZero();
        assertThat(join.stats().pending()).isEqualTo(2);
        // p3 displaces the second p1 entry, the one the id leads to: p1 is forgotten without feedback.
        join.onPrediction(answered("p3", null));
        assertThat(join.stats().evicted()).isEqualTo(1);
        assertThat(join.record("p1", GroundTruth.label("fraud"))).isFalse();
        assertThat(join.record("p2", GroundTruth.label("fraud"))).isTrue();
    }

    @Test
    void theFirstMismatchReachesTheCallerWithTheLaterOnesSuppressed() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        join.addListener(e -> {
            throw new FeedbackMismatchException("first: a value for a classifier");
        });
        join.addListener(e -> {
            throw new FeedbackMismatchException("second: no label for a regressor");
        });
        join.onPrediction(answered("p1", null));

        assertThatThrownBy(() -> join.record("p1", GroundTruth.value(3.0)))
                .isInstanceOf(FeedbackMismatchException.class)
                .hasMessageContaining("first")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessageContaining("second")));
        assertThat(join.stats().mismatches()).isEqualTo(2);
        assertThat(join.stats().joined()).isEqualTo(1);
    }

    @Test
    void removingAListenerFromTheMiddleKeepsTheOthersInOrder() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(3, false), clock);
        List<String> calls = new ArrayList<>();
        FeedbackListener<Object, Object> a = e -> calls.add("a");
        FeedbackListener<Object, Object> b = e -> calls.add("b");
        FeedbackListener<Object, Object> c = e -> calls.add("c");
        FeedbackListener<Object, Object> never = e -> calls.add("never");
        join.addListener(a);
        join.addListener(b);
        join.addListener(c);

        assertThat(join.removeListener(never)).isFalse();
        assertThat(join.removeListener(b)).isTrue();
        assertThat(join).hasToString("FeedbackJoin[capacity=3, stripes=1, listeners=2]");
        join.onPrediction(answered("p1", null));
        join.record("p1", UserSignal.ACCEPTED);
        assertThat(calls).containsExactly("a", "c");

        assertThat(join.removeListener(a)).isTrue();
        assertThat(join.removeListener(c)).isTrue();
        assertThat(join.removeListener(c)).isFalse();
        assertThat(join.active()).isFalse();
    }

    @Test
    void theDefaultJoinKeepsAHundredThousandPredictionsWithoutInputs() {
        FeedbackJoin<Object, Object> join = FeedbackJoin.of();
        assertThat(join.config()).isEqualTo(FeedbackConfig.ofDefaults());
        assertThat(join.config().capacity()).isEqualTo(100_000);
        assertThat(join.config().keepInputs()).isFalse();
        assertThat(FeedbackJoin.of(new FeedbackConfig(3, false), clock))
                .hasToString("FeedbackJoin[capacity=3, stripes=1, listeners=0]");
    }

    @Test
    void aStripedJoinFedByOneThreadRemembersAboutItsWholeCapacity() {
        FeedbackJoin<Map<String, Object>, String> single = FeedbackJoin.of(new FeedbackConfig(1_023, false), clock);
        FeedbackJoin<Map<String, Object>, String> striped = FeedbackJoin.of(new FeedbackConfig(10_000, false), clock);
        single.addListener(e -> { });
        striped.addListener(e -> { });
        for (int i = 0; i < 1_023; i++) {
            single.onPrediction(answered("p" + i, null));
        }
        assertThat(single.toString()).contains("stripes=1,");
        // The documented stripe count: min(64, 2 x the highest power of two not above 4 x processors - 1).
        int processors = Runtime.getRuntime().availableProcessors();
        int stripes = Math.min(64, Integer.highestOneBit(processors * 4 - 1) * 2);
        assertThat(FeedbackJoin.of(new FeedbackConfig(1_024, false), clock).toString())
                .contains("stripes=" + stripes + ",");
        assertThat(striped.toString()).contains("stripes=" + stripes + ",");
        assertThat(single.stats().pending()).isEqualTo(1_023);
        assertThat(single.record("p0", UserSignal.ACCEPTED)).isTrue();

        // One serving thread (an event loop, a single worker) must not see capacity / stripes: the
        // stripe is chosen by the prediction id, so one thread's predictions fill every ring.
        for (int i = 0; i < 10_000; i++) {
            striped.onPrediction(answered("p" + i, null));
        }
        assertThat(striped.toString()).doesNotContain("stripes=1,");
        assertThat(striped.stats().pending()).isBetween(9_500L, 10_000L);
        assertThat(striped.record("p5000", UserSignal.ACCEPTED)).isTrue();   // 5,000 predictions old
        assertThat(striped.record("p9999", UserSignal.ACCEPTED)).isTrue();
        for (int i = 10_000; i < 30_000; i++) {
            striped.onPrediction(answered("p" + i, null));
        }
        assertThat(striped.record("p5001", UserSignal.ACCEPTED)).isFalse();  // 25,000 old: gone
        assertThat(striped.stats().pending()).isBetween(9_500L, 10_000L);
    }

    @Test
    void theStripesTogetherHoldExactlyTheCapacityWhenItDoesNotDivideEvenly() throws Exception {
        int capacity = 1_027; // 3 more than a multiple of every stripe count (a power of two up to 64)
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(capacity, false), clock);
        join.addListener(e -> { });
        // Threads whose ids cover every residue modulo 64 write to every stripe, whatever the stripe count.
        Map<Long, Thread> byResidue = new HashMap<>();
        while (byResidue.size() < 64) {
            Thread t = new Thread(() -> {
                String name = Thread.currentThread().getName();
                for (int i = 0; i < 300; i++) {
                    join.onPrediction(answered(name + "-" + i, null));
                }
            });
            byResidue.putIfAbsent(t.getId() & 63, t);
        }
        for (Thread t : byResidue.values()) {
            t.start();
            t.join();
        }
        assertThat(join.stats().pending()).isEqualTo(capacity);
        assertThat(join.stats().evicted()).isEqualTo(64L * 300 - capacity);
    }

    @Test
    void exactlyOneOfTwoSimultaneousGroundTruthsForAPredictionIsAccepted() throws Exception {
        int predictions = 1_000; // below 1024: one ring, so every prediction stays remembered
        int threads = 2;
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(predictions, false),
                clock);
        AtomicInteger delivered = new AtomicInteger();
        join.addListener(e -> delivered.incrementAndGet());
        String[] ids = new String[predictions];
        for (int i = 0; i < predictions; i++) {
            ids[i] = "p" + i;
            join.onPrediction(answered(ids[i], null));
        }
        // A spinning barrier releases both threads within nanoseconds of each other, so that their
        // ground truths for the same prediction race on its flags as often as possible.
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread racer = new Thread(() -> {
                for (int i = 0; i < predictions; i++) {
                    arrived.incrementAndGet();
                    while (arrived.get() < (i + 1) * threads) {
                        Thread.onSpinWait();
                    }
                    if (join.record(ids[i], GroundTruth.label("fraud"))) {
                        accepted.incrementAndGet();
                    }
                }
                done.countDown();
            });
            racer.setDaemon(true);
            racer.start();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted.get()).isEqualTo(predictions);
        assertThat(delivered.get()).isEqualTo(predictions);
        assertThat(join.stats().duplicates()).isEqualTo((long) predictions * (threads - 1));
    }
}
