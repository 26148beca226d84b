package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.registry.ModelRef;

class VariantTimeoutTest {

    private static final int THREADS = 4;

    private static Variant<Integer, String> answering(String name, int version) {
        return Variant.of(name, in -> name + ":" + in, new ModelRef("fraud", version));
    }

    /** A model that never answers and swallows every interrupt, so a timed-out call keeps its thread. */
    private static Variant<Integer, String> hangingIgnoringInterrupts(String name, CountDownLatch never) {
        return Variant.of(name, in -> {
            while (true) {
                try {
                    never.await();
                    return "late";
                } catch (InterruptedException swallowed) {
                    // deliberately ignored: this model cannot be stopped
                }
            }
        }, new ModelRef("fraud", 2));
    }

    private static List<Thread> liveThreadsNamed(String prefix) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void aHungCandidatePinsAtMostItsThreadsAndTheChampionAnswersEveryCallWithTimeLeft() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        String candidatePrefix = "mlops-endpoint-hung-candidate-";
        String poolPrefix = "mlops-endpoint-hung-";
        Queue<PredictionEvent<? extends Integer, ? extends String>> candidateEvents = new ConcurrentLinkedQueue<>();
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("hung")
                .strategy(DeploymentStrategy.canary(answering("champion", 1),
                        hangingIgnoringInterrupts("candidate", never), 10_000, "salt"))
                // Generous, so a loaded machine never times out the champion; the hung calls run in parallel.
                .variantTimeout(Duration.ofSeconds(1), THREADS)
                .listener(e -> {
                    if (e.variant().equals("candidate")) {
                        candidateEvents.add(e);
                    }
                })
                .build();
        int callers = 4;
        int callsEach = 300;
        AtomicInteger wrongAnswers = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger mostCandidateThreads = new AtomicInteger();
        AtomicInteger mostPoolThreads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService load = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(load.submit(() -> {
                    start.await();
                    for (int i = 0; i < callsEach; i++) {
                        try {
                            if (!endpoint.predict(i, "user-" + i).equals("champion:" + i)) {
                                wrongAnswers.incrementAndGet();
                            }
                        } catch (PredictionFailedException e) {
                            // A call whose candidate took the whole limit has no time left for the champion.
                            assertThat(e.getCause()).isInstanceOf(PredictionTimeoutException.class);
                            timedOut.incrementAndGet();
                        }
                        mostCandidateThreads.accumulateAndGet(liveThreadsNamed(candidatePrefix).size(), Math::max);
                        mostPoolThreads.accumulateAndGet(liveThreadsNamed(poolPrefix).size(), Math::max);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }

            int calls = callers * callsEach;
            EndpointStats stats = endpoint.stats();
            assertThat(wrongAnswers).hasValue(0);
            // Each admitted candidate call hangs for good and keeps its slot: exactly THREADS time out,
            // and their callers, whose limit is spent, fail; every other call is refused by the full
            // candidate at once and answered by the champion.
            assertThat(timedOut).hasValue(THREADS);
            assertThat(stats.predictions()).isEqualTo(calls - THREADS);
            assertThat(stats.fallbacks()).isEqualTo(calls - THREADS);
            assertThat(stats.failures()).isEqualTo(THREADS);
            assertThat(stats.timeouts()).isEqualTo(THREADS);
            assertThat(stats.timeouts() + stats.rejected()).isEqualTo(calls);
            assertThat(mostCandidateThreads.get()).isBetween(1, THREADS);
            assertThat(mostPoolThreads.get()).isLessThanOrEqualTo(2 * THREADS);
            assertThat(liveThreadsNamed(poolPrefix)).allMatch(Thread::isDaemon);

            assertThat(candidateEvents).hasSize(calls).allSatisfy(e -> assertThat(e.succeeded()).isFalse())
                    .allSatisfy(e -> assertThat(PredictionTimeoutException.isTimeout(e.error().orElseThrow())).isTrue());
            assertThat(candidateEvents).filteredOn(e -> e.error().orElseThrow() instanceof VariantBusyException)
                    .hasSize((int) stats.rejected())
                    .first().satisfies(e -> assertThat(e.error().orElseThrow())
                            .hasMessage("variant 'candidate': all 4 timeout threads are busy")
                            .satisfies(t -> assertThat(t.getStackTrace()).isEmpty()));

            List<Thread> champions = liveThreadsNamed("mlops-endpoint-hung-champion-");
            assertThat(champions).isNotEmpty();
            endpoint.close();
            for (Thread t : champions) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(champions).noneMatch(Thread::isAlive);
            assertThat(liveThreadsNamed(candidatePrefix)).hasSize(THREADS);
        } finally {
            load.shutdownNow();
            endpoint.close();
            never.countDown();
        }
        for (Thread t : liveThreadsNamed(candidatePrefix)) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(liveThreadsNamed(candidatePrefix)).isEmpty();
    }

    @Test
    void aRedeployedVariantWithTheSameNameGetsFreshThreads() {
        CountDownLatch never = new CountDownLatch(1);
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("redeployed")
                .strategy(DeploymentStrategy.canary(answering("champion", 1),
                        hangingIgnoringInterrupts("candidate", never), 10_000, "salt"))
                .variantTimeout(Duration.ofSeconds(1), 1)
                .build();
        try {
            // The first call's candidate takes the whole limit (no time left for the champion); the
            // second finds the candidate's one thread still hung, is refused at once, and falls back.
            assertThatThrownBy(() -> endpoint.predict(1, "u")).isInstanceOf(PredictionFailedException.class);
            assertThat(endpoint.predict(2, "u")).isEqualTo("champion:2");
            assertThat(endpoint.stats().timeouts()).isEqualTo(1);
            assertThat(endpoint.stats().rejected()).isEqualTo(1);

            endpoint.deploy(DeploymentStrategy.canary(answering("champion", 1), answering("candidate", 3), 10_000,
                    "salt"), "fixed candidate");

            assertThat(endpoint.predict(3, "u")).isEqualTo("candidate:3");
            assertThat(endpoint.stats().rejected()).isEqualTo(1);
        } finally {
            endpoint.close();
            never.countDown();
        }
    }

    @Test
    void lanesOfVariantsNoLongerDeployedAreRetiredAndReopenedOnlyIfCalledAgain() {
        Variant<Integer, String> a = answering("a", 1);
        Variant<Integer, String> b = answering("b", 2);
        List<Variant<Integer, String>> deployed = new CopyOnWriteArrayList<>(List.of(a, b));
        TimeoutPool pool = new TimeoutPool("lanes", Duration.ofSeconds(5), 2, () -> deployed);
        try {
            assertThat(pool.call(a, 1)).isEqualTo("a:1");
            assertThat(pool.call(b, 1)).isEqualTo("b:1");
            assertThat(pool.lanes()).isEqualTo(2);

            deployed.remove(b);
            pool.retainDeployed();
            assertThat(pool.lanes()).isEqualTo(1);

            // A call that still routes to b (it read the strategy before the deploy) is answered.
            assertThat(pool.call(b, 2)).isEqualTo("b:2");
            Variant<Integer, String> c = answering("c", 3);
            deployed.add(c);
            assertThat(pool.call(c, 3)).isEqualTo("c:3");
            assertThat(pool.lanes()).as("opening c's lane retires b's again").isEqualTo(2);
        } finally {
            pool.close();
        }
        assertThatThrownBy(() -> pool.call(a, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint 'lanes' is closed");
    }

    @Test
    void aClosedEndpointFailsInsteadOfStartingThreads() throws Exception {
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("closed")
                .strategy(DeploymentStrategy.single(answering("champion", 1)))
                .variantTimeout(Duration.ofSeconds(5), 2)
                .build();
        assertThat(endpoint.predict(1)).isEqualTo("champion:1");
        endpoint.close();

        assertThatThrownBy(() -> endpoint.predict(2)).isInstanceOf(PredictionFailedException.class)
                .hasRootCauseMessage("endpoint 'closed' is closed");
        List<Thread> threads = liveThreadsNamed("mlops-endpoint-closed-");
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    @Test
    void timeoutThreadsMustBePositive() {
        assertThatThrownBy(() -> ModelEndpoint.<Integer, String>builder("x").variantTimeout(Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threadsPerVariant must be at least 1 but was 0");
        assertThat(TimeoutPool.defaultThreadsPerVariant())
                .isEqualTo(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** A model that takes {@code millis} to answer (and stops when interrupted). */
    private static Variant<Integer, String> taking(String name, int version, long millis) {
        return Variant.of(name, in -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return name + ":" + in;
        }, new ModelRef("fraud", version));
    }

    /**
     * The variant timeout bounds the caller's whole wait: the fallback gets what is left of it, not a
     * limit of its own. Before, a candidate that timed out after 200 ms handed over to a champion
     * that took 150 ms more, and the caller waited 350 ms for a 200 ms limit.
     */
    @Test
    void theTimeoutBoundsTheCallersWholeWaitNotEachVariants() {
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("bounded")
                .strategy(DeploymentStrategy.canary(taking("champion", 1, 150), taking("candidate", 2, 5_000),
                        10_000, "salt"))
                .variantTimeout(Duration.ofMillis(200), 4)
                .build()) {
            long longest = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                int call = i;
                assertThatThrownBy(() -> endpoint.predict(call, "user-" + call))
                        .isInstanceOf(PredictionFailedException.class)
                        .hasCauseInstanceOf(PredictionTimeoutException.class)
                        .hasMessageContaining("variant 'candidate'");
                longest = Math.max(longest, (System.nanoTime() - start) / 1_000_000);
            }
            // 200 ms and scheduling slack; a second limit for the champion would make it 350 ms.
            assertThat(longest).isBetween(195L, 320L);
            EndpointStats stats = endpoint.stats();
            assertThat(stats.timeouts()).isEqualTo(5);
            assertThat(stats.failures()).isEqualTo(5);
            assertThat(stats.fallbacks()).isZero();
        }
    }

    /** A routed variant that fails fast leaves the fallback nearly the whole limit. */
    @Test
    void aFallbackAfterAFastFailureGetsTheRestOfTheLimit() {
        Variant<Integer, String> failing = Variant.of("candidate", in -> {
            throw new IllegalStateException("model file gone");
        }, new ModelRef("fraud", 2));
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("bounded")
                .strategy(DeploymentStrategy.canary(taking("champion", 1, 100), failing, 10_000, "salt"))
                .variantTimeout(Duration.ofMillis(400), 4)
                .listener(e -> { })
                .build()) {
            assertThat(endpoint.predict(7, "user-7")).isEqualTo("champion:7");
            assertThat(endpoint.stats().fallbacks()).isEqualTo(1);
            assertThat(endpoint.stats().timeouts()).isZero();
        }
    }

    /** The pool refuses at once a call whose deadline has passed, counted as a timeout. */
    @Test
    void thePoolRefusesACallWithNoTimeLeft() {
        Variant<Integer, String> a = answering("a", 1);
        List<Variant<?, ?>> deployed = List.of(a);
        TimeoutPool pool = new TimeoutPool("pool", Duration.ofSeconds(1), 1, () -> deployed);
        try {
            assertThatThrownBy(() -> pool.call(a, 1, System.nanoTime() - 1))
                    .isInstanceOf(PredictionTimeoutException.class)
                    .hasMessageContaining("variant 'a' (no time left");
            assertThat(pool.timeouts()).isEqualTo(1);
            assertThat(pool.call(a, 2, System.nanoTime() + 1_000_000_000L)).isEqualTo("a:2");
        } finally {
            pool.close();
        }
    }
}
