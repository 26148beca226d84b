package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;

/**
 * Each rule of {@link ShadowStrategy} on its own: which answers are mirrored, what a sampled-out
 * call returns, what the summary counts, the shadow's threads, and what a failure reports (the
 * rules PIT checks; see docs/testing.md).
 */
class ShadowStrategyRulesTest {

    private static final ModelRef CHAMPION_MODEL = new ModelRef("m", 1);
    private static final Variant<Integer, Integer> PRIMARY = Variant.of("champion", x -> x * 2, CHAMPION_MODEL);
    private static final Variant<Integer, Integer> CANDIDATE = Variant.of("candidate", x -> x * 2, new ModelRef("m", 2));

    private static PredictionEvent<Integer, Integer> answered(String variant, int input) {
        return PredictionEvent.success("p-" + input, Instant.EPOCH, "shadowed", variant, CHAMPION_MODEL, input,
                input * 2, Double.NaN, 1_000L);
    }

    private static PredictionEvent<Integer, Integer> failed(String variant, int input) {
        return PredictionEvent.failure("p-" + input, Instant.EPOCH, "shadowed", variant, CHAMPION_MODEL, input,
                1_000L, new IllegalStateException("champion down"));
    }

    /** Waits until {@code n} shadow calls have an outcome (compared, failed or timed out). */
    private static void awaitOutcomes(ShadowStrategy<?, ?> s, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.summary().compared() + s.summary().errors() + s.summary().timeouts() < n) {
            assertThat(System.nanoTime()).as("shadow summary %s", s.summary()).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> Integer sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void onlyThePrimarysSuccessfulAnswersAreMirrored() throws Exception {
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, CANDIDATE, ShadowConfig.ofDefaults(),
                ShadowComparator.equality());
        try {
            Integer output = 4_000;
            // A failed primary call (a strategy may be told of one) and another variant's answer (a
            // fallback's, say) are returned as they are and never reach the shadow.
            assertThat(shadow.onAnswer(failed("champion", 1), output)).isSameAs(output);
            assertThat(shadow.onAnswer(answered("other", 2), output)).isSameAs(output);
            assertThat(shadow.onAnswer(failed("other", 3), output)).isSameAs(output);
            assertThat(shadow.onAnswer(answered("champion", 4), output)).isSameAs(output);
            awaitOutcomes(shadow, 1);
            ShadowSummary s = shadow.summary();
            assertThat(s.mirrored()).isEqualTo(1);
            assertThat(s.compared()).isEqualTo(1);
            // The shadow answered 8 for input 4, the primary's answer handed in was 4,000.
            assertThat(s.agreed()).isZero();
            assertThat(s.dropped()).isZero();
        } finally {
            shadow.close();
        }
    }

    @Test
    void anAnswerLeftOutOfTheSampleIsReturnedAsItIs() throws Exception {
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, CANDIDATE,
                ShadowConfig.ofDefaults().withSampleRate(0.01), ShadowComparator.equality());
        try {
            for (int i = 0; i < 500; i++) {
                Integer output = 1_000_000 + i;
                assertThat(shadow.onAnswer(answered("champion", i), output)).isSameAs(output);
            }
            // 1% of 500: 5 expected, at most 30 is over 11 sigma away.
            assertThat(shadow.summary().mirrored() + shadow.summary().dropped()).isLessThan(30);
        } finally {
            shadow.close();
        }
    }

    /**
     * The summary's means: the score difference over the comparisons that have a score only, the
     * latency over every completed call (each as its result reported it).
     */
    @Test
    void theMeanScoreDifferenceCountsOnlyComparisonsThatHaveAScore() throws Exception {
        Variant<Integer, Integer> identity = Variant.of("candidate", x -> x, new ModelRef("m", 2));
        // The shadow's even answers score 2.0 apart; its odd answers have no score (NaN).
        ShadowComparator<Integer> comparator = (primaryAnswer, shadowAnswer) ->
                new ShadowComparison(shadowAnswer % 2 == 0, shadowAnswer % 2 == 0 ? 2.0 : Double.NaN);
        List<ShadowResult> results = Collections.synchronizedList(new ArrayList<>());
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, identity, ShadowConfig.ofDefaults(),
                comparator, results::add);
        try {
            for (int i = 0; i < 4; i++) {
                shadow.onAnswer(answered("champion", i), i * 2);
            }
            awaitOutcomes(shadow, 4);
            // The listener hears of a call just after the counters.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (results.size() < 4) {
                assertThat(System.nanoTime()).as("results %s", results).isLessThan(deadline);
                Thread.sleep(2);
            }
            ShadowSummary s = shadow.summary();
            assertThat(s.compared()).isEqualTo(4);
            assertThat(s.agreed()).isEqualTo(2);
            assertThat(s.meanScoreDifference()).isEqualTo(2.0);
            long latencies = 0;
            synchronized (results) {
                for (ShadowResult r : results) {
                    latencies += r.latencyNanos();
                }
            }
            assertThat(latencies).isPositive();
            assertThat(s.meanShadowLatencyNanos()).isEqualTo(latencies / 4.0);
        } finally {
            shadow.close();
        }
    }

    @Test
    void aFailingShadowIsReportedWithTheTimeItTookAndACheckedExceptionIsWrapped() throws Exception {
        IOException gone = new IOException("model file gone");
        Variant<Integer, Integer> broken = Variant.of("candidate", x -> x == 0 ? sneakyThrow(gone)
                : sneakyThrow(new IllegalArgumentException("bad input " + x)), new ModelRef("m", 2));
        List<ShadowResult> results = Collections.synchronizedList(new ArrayList<>());
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, broken,
                ShadowConfig.ofDefaults().withThreads(1), ShadowComparator.equality(), results::add);
        try {
            long before = System.nanoTime();
            shadow.onAnswer(answered("champion", 0), 0);
            shadow.onAnswer(answered("champion", 1), 2);
            awaitOutcomes(shadow, 2);
            long elapsed = System.nanoTime() - before;
            assertThat(shadow.summary().errors()).isEqualTo(2);
            assertThat(shadow.summary().timeouts()).isZero();
            assertThat(results).hasSize(2).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(ShadowResult.Outcome.FAILED);
                assertThat(r.shadow()).isEqualTo("candidate");
                assertThat(r.latencyNanos()).isBetween(0L, elapsed);
                assertThat(r.comparison()).isEmpty();
            });
            // One shadow thread: the results come in call order.
            assertThat(results.get(0).predictionId()).isEqualTo("p-0");
            assertThat(results.get(0).error()).get().isInstanceOfSatisfying(IllegalStateException.class, e -> {
                assertThat(e).hasMessage("shadow 'candidate' threw java.io.IOException: model file gone");
                assertThat(e.getCause()).isSameAs(gone);
            });
            // An unchecked exception is reported as it was thrown.
            assertThat(results.get(1).error()).get().isInstanceOf(IllegalArgumentException.class)
                    .hasFieldOrPropertyWithValue("message", "bad input 1");
        } finally {
            shadow.close();
        }
    }

    /**
     * A shadow call gives its permit back before its answer is published: the thread that waited
     * for it takes the next queued call with the permit free, so a burst of quick calls (answers
     * and failures) on one thread, two permits, is never dropped.
     */
    @Test
    void aBurstOfQuickShadowCallsIsNeverDropped() throws Exception {
        Variant<Integer, Integer> quick = Variant.of("candidate", x -> x % 2 == 0 ? x * 2
                : sneakyThrow(new IllegalArgumentException("odd " + x)), new ModelRef("m", 2));
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, quick,
                // A long timeout: no call is abandoned (an abandoned call keeps its permit a while).
                ShadowConfig.ofDefaults().withThreads(1).withTimeout(Duration.ofSeconds(30)),
                ShadowComparator.equality());
        try {
            int calls = 4_000;
            for (int i = 0; i < calls; i++) {
                shadow.onAnswer(answered("champion", i), i * 2);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (shadow.summary().compared() + shadow.summary().errors() + shadow.summary().dropped() < calls) {
                assertThat(System.nanoTime()).as("shadow summary %s", shadow.summary()).isLessThan(deadline);
                Thread.sleep(2);
            }
            ShadowSummary s = shadow.summary();
            assertThat(s.dropped()).isZero();
            assertThat(s.compared()).isEqualTo(calls / 2);
            assertThat(s.agreed()).isEqualTo(calls / 2);
            assertThat(s.errors()).isEqualTo(calls / 2);
        } finally {
            shadow.close();
        }
    }

    /**
     * A call that answered gives its permit back once: shadows that then hang for good still pin
     * at most {@code 2 x threads} runner threads.
     */
    @Test
    void answeredCallsGiveTheirPermitBackOnceSoHungShadowsStillPinAtMostTwiceTheThreads() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Variant<Integer, Integer> hangsFromTen = Variant.of("late", x -> {
            while (x >= 10) {
                try {
                    never.await();
                    break;
                } catch (InterruptedException swallowed) {
                    // deliberately ignored: this shadow cannot be stopped
                }
            }
            return x * 2;
        }, new ModelRef("m", 2));
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, hangsFromTen,
                ShadowConfig.ofDefaults().withThreads(1).withTimeout(Duration.ofMillis(200)),
                ShadowComparator.equality());
        try {
            for (int i = 0; i < 3; i++) {
                shadow.onAnswer(answered("champion", i), i * 2);
            }
            awaitOutcomes(shadow, 3);
            assertThat(shadow.summary().agreed()).isEqualTo(3);
            for (int i = 10; i < 20; i++) {
                shadow.onAnswer(answered("champion", i), i * 2);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (shadow.summary().timeouts() + shadow.summary().dropped() < 10) {
                assertThat(System.nanoTime()).as("shadow summary %s", shadow.summary()).isLessThan(deadline);
                Thread.sleep(5);
            }
            ShadowSummary s = shadow.summary();
            assertThat(s.timeouts()).isEqualTo(2);
            assertThat(s.dropped()).isEqualTo(8);
        } finally {
            never.countDown();
            shadow.close();
        }
    }

    @Test
    void theShadowsThreadsAreDaemonThreadsEvenWhenTheCallerIsNot() throws Exception {
        CompletableFuture<Thread> shadowThread = new CompletableFuture<>();
        CompletableFuture<Thread> resultThread = new CompletableFuture<>();
        Variant<Integer, Integer> watched = Variant.of("candidate", x -> {
            shadowThread.complete(Thread.currentThread());
            return x * 2;
        }, new ModelRef("m", 2));
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, watched, ShadowConfig.ofDefaults(),
                ShadowComparator.equality(), r -> resultThread.complete(Thread.currentThread()));
        try {
            // The shadow's threads are started by the first call, on the caller's thread: a thread
            // inherits its creator's daemon flag, so the caller here is not a daemon.
            Thread caller = new Thread(() -> shadow.onAnswer(answered("champion", 3), 6), "non-daemon-caller");
            caller.setDaemon(false);
            caller.start();
            caller.join(TimeUnit.SECONDS.toMillis(30));
            Thread runner = shadowThread.get(30, TimeUnit.SECONDS);
            Thread worker = resultThread.get(30, TimeUnit.SECONDS);
            // Either of the two shadow threads (the defaults) may take the call.
            assertThat(worker.getName()).matches("mlops-shadow-candidate-[12]");
            assertThat(runner.getName()).isEqualTo("mlops-shadow-candidate-run-1");
            assertThat(worker.isDaemon()).as("the thread that takes the queued shadow calls").isTrue();
            assertThat(runner.isDaemon()).as("the thread that runs the shadow model").isTrue();
        } finally {
            shadow.close();
        }
    }

    @Test
    void theStrategyRoutesEveryCallToThePrimary() {
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, CANDIDATE, ShadowConfig.ofDefaults(),
                ShadowComparator.equality());
        try {
            assertThat(shadow.select("any-user")).isSameAs(PRIMARY);
            assertThat(shadow.fallback()).isSameAs(PRIMARY);
            assertThat(shadow.shadow()).isSameAs(CANDIDATE);
            assertThat(shadow.variants()).containsExactly(PRIMARY, CANDIDATE);
            assertThat(shadow.observesAnswers()).isTrue();
            assertThat(shadow).hasToString("shadow(primary=champion(m/1), shadow=candidate(m/2))");
        } finally {
            shadow.close();
        }
    }

    /**
     * A shadow answer that arrives after its timeout but before the waiting thread noticed is a
     * timeout too, never compared. With a 1 ns timeout every call is late; some answers are in before
     * the wait gives up (the shadow answers at once), and they are counted as timeouts with their
     * latency in the mean.
     */
    @Test
    void anAnswerThatArrivesAfterTheTimeoutIsATimeoutEvenIfTheWaitHadNotEnded() throws Exception {
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, CANDIDATE,
                ShadowConfig.ofDefaults().withThreads(1).withTimeout(Duration.ofNanos(1)),
                ShadowComparator.equality());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int calls = 0;
            // Until one late answer was waited for (it alone gives the mean latency a value).
            while (Double.isNaN(shadow.summary().meanShadowLatencyNanos()) && System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    shadow.onAnswer(answered("champion", i), i * 2);
                }
                calls += 100;
                // A call is dropped when both permits are still held by runners handing back calls.
                while (shadow.summary().timeouts() + shadow.summary().dropped() < calls) {
                    assertThat(System.nanoTime()).as("shadow summary %s", shadow.summary()).isLessThan(deadline);
                    Thread.sleep(2);
                }
            }
            ShadowSummary s = shadow.summary();
            System.out.println("late answers over " + calls + " calls: " + s);
            assertThat(s.meanShadowLatencyNanos()).as("a late answer was waited for").isNotNaN();
            assertThat(s.timeouts() + s.dropped()).isEqualTo(calls);
            assertThat(s.compared()).isZero();
            assertThat(s.errors()).isZero();
        } finally {
            shadow.close();
        }
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    /**
     * Closing stops the shadow: the calls still queued are discarded and counted as dropped, the
     * running call is interrupted, the shadow's threads end, and later answers are dropped and
     * counted without starting a thread.
     */
    @Test
    void closingDiscardsTheQueuedCallsCountsThemAsDroppedAndEndsTheThreads() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Variant<Integer, Integer> hanging = Variant.of("closing", x -> {
            hung.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return x;
        }, new ModelRef("m", 2));
        List<ShadowResult> results = Collections.synchronizedList(new ArrayList<>());
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, hanging,
                ShadowConfig.ofDefaults().withThreads(1).withQueueCapacity(10), ShadowComparator.equality(),
                results::add);
        shadow.onAnswer(answered("champion", 0), 0);
        assertThat(hung.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 7; i++) {
            assertThat(shadow.onAnswer(answered("champion", i), i * 2)).isEqualTo(i * 2);
        }
        assertThat(shadow.summary().mirrored()).isEqualTo(8);
        assertThat(shadow.summary().dropped()).isZero();
        List<Thread> threads = threadsNamed("mlops-shadow-closing-");
        assertThat(threads).hasSize(2);   // the shadow thread and the runner of the hung call

        shadow.close();

        // The seven queued calls at once; the running one once its thread saw the close.
        assertThat(shadow.summary().dropped()).isBetween(7L, 8L);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the running call was interrupted").isTrue();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
        }
        ShadowSummary s = shadow.summary();
        assertThat(s.dropped()).isEqualTo(8);
        assertThat(s.mirrored()).isZero();
        // The interrupted call is not reported: the shadow was closed, not slow or broken.
        assertThat(s.compared() + s.timeouts() + s.errors()).isZero();
        assertThat(results).isEmpty();
        Integer late = 18;
        assertThat(shadow.onAnswer(answered("champion", 9), late)).isSameAs(late);
        assertThat(shadow.summary().dropped()).isEqualTo(9);
        assertThat(shadow.summary().mirrored()).isZero();
        assertThat(threadsNamed("mlops-shadow-closing-")).isEmpty();
    }

    @Test
    void aShadowClosedBeforeItsFirstCallNeverStartsAThread() {
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, Variant.of("unused", x -> x,
                new ModelRef("m", 2)), ShadowConfig.ofDefaults(), ShadowComparator.equality());
        assertThat(threadsNamed("mlops-shadow-unused-")).isEmpty();
        shadow.close();
        for (int i = 0; i < 3; i++) {
            shadow.onAnswer(answered("champion", i), i * 2);
        }
        assertThat(shadow.summary().dropped()).isEqualTo(3);
        assertThat(shadow.summary().mirrored()).isZero();
        assertThat(threadsNamed("mlops-shadow-unused-")).isEmpty();
    }

    /** The shadow's threads start with the first mirrored call, not when the strategy is built. */
    @Test
    void theShadowThreadsStartWithTheFirstMirroredCall() throws Exception {
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, Variant.of("lazy", x -> x * 2,
                new ModelRef("m", 2)), ShadowConfig.ofDefaults().withThreads(3), ShadowComparator.equality());
        try {
            assertThat(threadsNamed("mlops-shadow-lazy-")).isEmpty();
            shadow.onAnswer(answered("champion", 1), 2);
            awaitOutcomes(shadow, 1);
            assertThat(threadsNamed("mlops-shadow-lazy-")).extracting(Thread::getName)
                    .contains("mlops-shadow-lazy-1", "mlops-shadow-lazy-2", "mlops-shadow-lazy-3");
            assertThat(shadow.summary().agreed()).isEqualTo(1);
        } finally {
            shadow.close();
        }
    }

    /**
     * A running shadow call that fails because the close interrupted it is dropped, not an error of
     * the shadow: closing is not the candidate's fault.
     */
    @Test
    void aCallThatFailsBecauseTheCloseInterruptedItIsDroppedNotAnError() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        Variant<Integer, Integer> fragile = Variant.of("fragile", x -> {
            hung.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return x;
        }, new ModelRef("m", 2));
        List<ShadowResult> results = Collections.synchronizedList(new ArrayList<>());
        ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(PRIMARY, fragile,
                ShadowConfig.ofDefaults().withThreads(1), ShadowComparator.equality(), results::add);
        shadow.onAnswer(answered("champion", 1), 2);
        assertThat(hung.await(30, TimeUnit.SECONDS)).isTrue();
        List<Thread> threads = threadsNamed("mlops-shadow-fragile-");
        shadow.close();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        ShadowSummary s = shadow.summary();
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.errors()).isZero();
        assertThat(s.mirrored()).isZero();
        assertThat(results).isEmpty();
    }
}
