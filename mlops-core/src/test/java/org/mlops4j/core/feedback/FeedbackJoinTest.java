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
    void aListenerAddedTwiceHearsEachFeedbackOnce() {
        // ModelEndpoint.addListener subscribes a prediction listener that also listens to feedback; a second
        // feedback().addListener of the same object used to deliver every label twice (a capture wrote each twice).
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<FeedbackEvent<?, ?>> heard = new ArrayList<>();
        FeedbackListener<Object, Object> listener = heard::add;
        join.addListener(listener);
        join.addListener(listener);
        join.onPrediction(answered("p1", "tx-1"));

        assertThat(join.record("p1", GroundTruth.label("fraud"))).isTrue();

        assertThat(heard).hasSize(1);
        assertThat(join.removeListener(listener)).isTrue();
        assertThat(join.active()).isFalse();
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
    void theRememberedPredictionCarriesEveryFieldButItsInput() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<PredictionEvent<?, ? extends String>> seen = new ArrayList<>();
        join.addListener(e -> seen.add(e.prediction()));
        Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
        join.onPrediction(PredictionEvent.success("p1", "r1", "user-7", at, "fraud", "canary", model,
                Map.of("amount", 12.0), "fraud", 0.75, 4_321, true));
        assertThat(join.record("p1", GroundTruth.label("fraud"))).isTrue();
        PredictionEvent<?, ? extends String> p = seen.get(0);
        assertThat(p.predictionId()).isEqualTo("p1");
        assertThat(p.requestId()).contains("r1");
        assertThat(p.routingKey()).contains("user-7");
        assertThat(p.timestamp()).isEqualTo(at);
        assertThat(p.endpoint()).isEqualTo("fraud");
        assertThat(p.variant()).isEqualTo("canary");
        assertThat(p.model()).isEqualTo(model);
        assertThat(p.input()).isNull();
        assertThat(p.output().orElseThrow()).isEqualTo("fraud");
        assertThat(p.confidence()).hasValue(0.75);
        assertThat(p.latencyNanos()).isEqualTo(4_321);
        assertThat(p.fallback()).isTrue();
        assertThat(p.succeeded()).isTrue();
    }

    /**
     * A join keeps only what its listeners read: nothing beyond the identity for listeners that read
     * nothing (a bandit, a retraining policy), the output for a monitor, everything for a listener
     * that does not say (or fails to say), each for the predictions made while that was so.
     */
    @Test
    void theJoinKeepsOnlyThePartsItsListenersRead() {
        FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
        List<PredictionEvent<?, ? extends String>> seen = new ArrayList<>();
        FeedbackListener<Map<String, Object>, String> readsNothing = new FeedbackListener<>() {
            @Override
            public void onFeedback(FeedbackEvent<? extends Map<String, Object>, ? extends String> e) {
                seen.add(e.prediction());
            }

            @Override
            public java.util.Set<PredictionField> reads() {
                return PredictionField.none();
            }
        };
        FeedbackListener<Map<String, Object>, String> readsOutput = new FeedbackListener<>() {
            @Override
            public void onFeedback(FeedbackEvent<? extends Map<String, Object>, ? extends String> e) {
            }

            @Override
            public java.util.Set<PredictionField> reads() {
                return java.util.Set.of(PredictionField.OUTPUT);
            }
        };
        FeedbackListener<Map<String, Object>, String> cannotSay = new FeedbackListener<>() {
            @Override
            public void onFeedback(FeedbackEvent<? extends Map<String, Object>, ? extends String> e) {
            }

            @Override
            public java.util.Set<PredictionField> reads() {
                throw new IllegalStateException("not configured");
            }
        };
        Instant at = Instant.parse("2026-03-04T05:06:07Z");
        join.addListener(readsNothing);
        join.onPrediction(PredictionEvent.success("p1", "r1", "user-7", at, "fraud", "canary", model,
                Map.of("amount", 12.0), "fraud", 0.75, 4_321, true));
        join.addListener(readsOutput);
        join.onPrediction(PredictionEvent.success("p2", null, "user-7", at, "fraud", "canary", model,
                Map.of("amount", 12.0), "fraud", 0.75, 4_321, false));
        join.removeListener(readsOutput);
        join.addListener(cannotSay);
        join.onPrediction(PredictionEvent.success("p3", null, "user-7", at, "fraud", "canary", model,
                Map.of("amount", 12.0), "fraud", 0.75, 4_321, false));
        join.removeListener(cannotSay);
        join.onPrediction(PredictionEvent.success("p4", null, "user-7", at, "fraud", "canary", model,
                Map.of("amount", 12.0), "fraud", 0.75, 4_321, false));
        for (String id : List.of("p1", "p2", "p3", "p4")) {
            assertThat(join.record(id, GroundTruth.label("fraud"))).isTrue();
        }
        PredictionEvent<?, ? extends String> identityOnly = seen.get(0);
        assertThat(identityOnly.predictionId()).isEqualTo("p1");
        assertThat(identityOnly.requestId()).contains("r1");
        assertThat(identityOnly.endpoint()).isEqualTo("fraud");
        assertThat(identityOnly.variant()).isEqualTo("canary");
        assertThat(identityOnly.model()).isEqualTo(model);
        assertThat(identityOnly.fallback()).isTrue();
        assertThat(identityOnly.output()).isEmpty();
        assertThat(identityOnly.routingKey()).isEmpty();
        assertThat(identityOnly.confidence()).isEmpty();
        assertThat(identityOnly.timestamp()).isEqualTo(Instant.EPOCH);
        assertThat(identityOnly.latencyNanos()).isZero();
        PredictionEvent<?, ? extends String> withOutput = seen.get(1);
        assertThat(withOutput.output().orElseThrow()).isEqualTo("fraud");
        assertThat(withOutput.routingKey()).isEmpty();
        assertThat(withOutput.confidence()).isEmpty();
        assertThat(withOutput.fallback()).isFalse();
        PredictionEvent<?, ? extends String> everything = seen.get(2);
        assertThat(everything.output().orElseThrow()).isEqualTo("fraud");
        assertThat(everything.routingKey()).contains("user-7");
        assertThat(everything.confidence()).hasValue(0.75);
        assertThat(everything.timestamp()).isEqualTo(at);
        assertThat(everything.latencyNanos()).isEqualTo(4_321);
        assertThat(seen.get(3).output()).isEmpty();
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
        assertThatThrownBy(() -> new FeedbackConfig(0, false))
                .hasMessageContaining("capacity must be between 1 and 67108864 but was 0");
        assertThatThrownBy(() -> new FeedbackConfig(FeedbackConfig.MAX_CAPACITY + 1, false))
                .hasMessageContaining("capacity must be between 1 and 67108864 but was 67108865");
        assertThat(new FeedbackConfig(FeedbackConfig.MAX_CAPACITY, false).capacity()).isEqualTo(1 << 26);
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

    /**
     * The stripe's open-addressing index against a plain model of a bounded join (a ring of entries,
     * the latest entry of an id wins), over ids whose string hashes collide ("Aa" and "BB" hash
     * alike, so every word of them lands in one probe chain) and ids that repeat: every lookup, the
     * pending count and the evicted count agree after every step, which a wrong backward shift on
     * deletion would break.
     */
    @Test
    void theStripeIndexAgreesWithAPlainModelUnderCollidingAndRepeatedIds() {
        List<String> pool = new ArrayList<>(List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "AaAaAa", "BBBBBB"));
        for (int i = 0; i < 24; i++) {
            pool.add("p" + i);
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        for (int capacity : new int[] {1, 2, 5, 7, 16}) {
            FeedbackJoin<Map<String, Object>, String> join = FeedbackJoin.of(new FeedbackConfig(capacity, false), clock);
            join.addListener(e -> { });
            // The model: the ring's tokens in arrival order, the token each id leads to, and which had feedback.
            java.util.ArrayDeque<long[]> ring = new java.util.ArrayDeque<>();
            List<String> ringIds = new ArrayList<>();
            Map<String, Long> latest = new HashMap<>();
            java.util.Set<Long> hadFeedback = new java.util.HashSet<>();
            long evicted = 0;
            for (long token = 0; token < 5_000; token++) {
                String id = pool.get(rnd.nextInt(pool.size()));
                if (rnd.nextInt(3) == 0) {
                    boolean expected = latest.containsKey(id);
                    assertThat(join.record(id, UserSignal.ACCEPTED)).as("record %s at step %d", id, token)
                            .isEqualTo(expected);
                    if (expected) {
                        hadFeedback.add(latest.get(id));
                    }
                } else {
                    join.onPrediction(answered(id, null));
                    if (ring.size() == capacity) {
                        long oldest = ring.removeFirst()[0];
                        String oldId = ringIds.remove(0);
                        if (latest.get(oldId) == oldest) {
                            latest.remove(oldId);
                            evicted += hadFeedback.contains(oldest) ? 0 : 1;
                        }
                    }
                    ring.addLast(new long[] {token});
                    ringIds.add(id);
                    latest.put(id, token);
                }
                assertThat(join.stats().pending()).as("pending at step %d", token).isEqualTo(latest.size());
                assertThat(join.stats().evicted()).as("evicted at step %d", token).isEqualTo(evicted);
            }
            for (String id : pool) {
                assertThat(join.record(id, UserSignal.ACCEPTED)).as("final record %s", id)
                        .isEqualTo(latest.containsKey(id));
            }
        }
    }
}
