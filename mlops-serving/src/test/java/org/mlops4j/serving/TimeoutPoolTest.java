package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.PredictionTimeoutException;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelRef;

/**
 * The rules of {@link TimeoutPool}'s lanes, each on a real pool with real threads: when a slot is
 * free again, what an interrupted caller gets, which lanes are retired and closed and when their
 * threads end, and the retry of a call whose lane was retired under it (the rules PIT checks; see
 * docs/testing.md). Waits use latches with generous bounds, never a guessed sleep.
 */
class TimeoutPoolTest {

    private static final long WAIT_SECONDS = 30;

    private static Variant<Integer, String> answering(String name) {
        return Variant.of(name, in -> name + ":" + in, new ModelRef("fraud", 1));
    }

    private static void awaitOrFail(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
    }

    private static void awaitEnded(Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
    }

    @Test
    void aCallerInterruptedWhileWaitingFailsKeepsItsInterruptAndTheModelIsInterrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch modelInterrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Variant<Integer, String> waiting = Variant.of("waiting", in -> {
            started.countDown();
            try {
                never.await();
                return "late";
            } catch (InterruptedException e) {
                modelInterrupted.countDown();
                throw new IllegalStateException("model interrupted", e);
            }
        }, new ModelRef("fraud", 1));
        TimeoutPool pool = new TimeoutPool("interrupted", Duration.ofSeconds(WAIT_SECONDS), 1, () -> List.of(waiting));
        try {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    pool.call(waiting, 1);
                    thrown.complete(null);
                } catch (Throwable t) {
                    interruptKept.set(Thread.currentThread().isInterrupted());
                    thrown.complete(t);
                }
            }, "interrupted-caller");
            caller.start();
            awaitOrFail(started, "the model started");
            caller.interrupt();

            assertThat(thrown.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("interrupted while waiting for variant 'waiting'")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(interruptKept).as("the caller's interrupt is kept").isTrue();
            awaitOrFail(modelInterrupted, "the abandoned call is interrupted");
            assertThat(pool.timeouts()).isZero();
        } finally {
            pool.close();
            never.countDown();
        }
    }

    @Test
    void aModelThatAnsweredFreesItsSlotOnceSoTheBoundHolds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Negative inputs wait for the test; the others answer (or fail) at once.
        Variant<Integer, String> v = Variant.of("bounded", in -> {
            if (in == -2) {
                throw new IllegalArgumentException("bad input -2");
            }
            if (in < 0) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "bounded:" + in;
        }, new ModelRef("fraud", 1));
        TimeoutPool pool = new TimeoutPool("bound", Duration.ofSeconds(WAIT_SECONDS), 1, () -> List.of(v));
        try {
            // Answers and failures, one at a time: each frees the one slot exactly once.
            for (int i = 0; i < 3; i++) {
                assertThat(pool.call(v, i)).isEqualTo("bounded:" + i);
                assertThatThrownBy(() -> pool.call(v, -2)).isInstanceOf(IllegalArgumentException.class);
            }
            CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> pool.call(v, -1));
            awaitOrFail(started, "the held call started");
            assertThatThrownBy(() -> pool.call(v, 7)).isInstanceOf(VariantBusyException.class)
                    .hasMessage("variant 'bounded': all 1 timeout threads are busy");
            assertThat(pool.rejected()).isEqualTo(1);
            release.countDown();
            assertThat(held.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("bounded:-1");
        } finally {
            release.countDown();
            pool.close();
        }
    }

    /**
     * A call frees its slot before its answer is published, so a caller that has its answer can
     * call again at once, even with one thread: never refused as busy.
     */
    @Test
    void aCallerThatHasItsAnswerFindsTheSlotFreeForItsNextCall() {
        Variant<Integer, String> v = Variant.of("quick", in -> {
            if (in % 2 == 1) {
                throw new IllegalArgumentException("odd " + in);
            }
            return "quick:" + in;
        }, new ModelRef("fraud", 1));
        TimeoutPool pool = new TimeoutPool("quick", Duration.ofSeconds(WAIT_SECONDS), 1, () -> List.of(v));
        try {
            for (int i = 0; i < 20_000; i++) {
                int in = i;
                if (i % 2 == 0) {
                    assertThat(pool.call(v, i)).isEqualTo("quick:" + i);
                } else {
                    assertThatThrownBy(() -> pool.call(v, in)).isInstanceOf(IllegalArgumentException.class);
                }
            }
            assertThat(pool.rejected()).isZero();
        } finally {
            pool.close();
        }
    }

    /**
     * A call whose time is up before a thread took it is cancelled; the thread that then skips it
     * frees its slot. With a deadline microseconds away the caller gives up before the lane's
     * thread wakes (the deadlines sweep 0.25 to 50 us, so some fall between the pool's check of the
     * time left and the thread's start on any machine); the next call must find the one slot free.
     */
    @Test
    void aCallCancelledBeforeItsModelStartedFreesItsSlot() throws Exception {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        Variant<Integer, String> v = Variant.of("skipped", in -> {
            ran.add(in);
            return "skipped:" + in;
        }, new ModelRef("fraud", 1));
        TimeoutPool pool = new TimeoutPool("skipped", Duration.ofSeconds(WAIT_SECONDS), 1, () -> List.of(v));
        try {
            int skipped = 0;
            int i = 0;
            while (skipped < 3 && i < 4_000) {
                i++;
                int in = i;
                boolean started = true;
                try {
                    pool.call(v, in, System.nanoTime() + 250L * (1 + i % 200));
                } catch (PredictionTimeoutException e) {
                    // Refused before it started when the time was gone before the pool looked.
                    started = !e.getMessage().contains("no time left");
                }
                // The slot is free again once the lane's thread has run or skipped the call.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                String answer = null;
                while (answer == null) {
                    try {
                        answer = pool.call(v, -i);
                    } catch (VariantBusyException busy) {
                        assertThat(System.nanoTime()).as("slot freed after call %d", i).isLessThan(deadline);
                        Thread.sleep(1);
                    }
                }
                assertThat(answer).isEqualTo("skipped:" + -i);
                if (started && !ran.contains(i)) {
                    skipped++;
                }
            }
            assertThat(skipped).as("calls cancelled before their model started, of %d", i).isPositive();
        } finally {
            pool.close();
        }
    }

    @Test
    void aRetiredLaneAnswersItsRunningCallAndItsThreadsEndAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> laneThread = new AtomicReference<>();
        Variant<Integer, String> a = answering("a");
        Variant<Integer, String> b = Variant.of("b", in -> {
            laneThread.set(Thread.currentThread());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return "b:" + in;
        }, new ModelRef("fraud", 2));
        List<Variant<Integer, String>> deployed = new CopyOnWriteArrayList<>(List.of(a, b));
        TimeoutPool pool = new TimeoutPool("retired", Duration.ofSeconds(WAIT_SECONDS), 2, () -> deployed);
        try {
            assertThat(pool.call(a, 1)).isEqualTo("a:1");
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> pool.call(b, 2));
            awaitOrFail(started, "b's call started");
            deployed.remove(b);
            pool.retainDeployed();
            assertThat(pool.lanes()).isEqualTo(1);
            release.countDown();
            // Retired, not stopped: the running call is answered, then the lane's thread ends
            // (it would otherwise wait out its 60 s keep-alive).
            assertThat(running.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b:2");
            awaitEnded(laneThread.get());
        } finally {
            release.countDown();
            pool.close();
        }
    }

    @Test
    void closingThePoolForgetsEveryLaneAndEndsItsThreads() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Variant<Integer, String> a = Variant.of("a", in -> {
            threads.add(Thread.currentThread());
            return "a:" + in;
        }, new ModelRef("fraud", 1));
        Variant<Integer, String> b = Variant.of("b", in -> {
            threads.add(Thread.currentThread());
            return "b:" + in;
        }, new ModelRef("fraud", 2));
        TimeoutPool pool = new TimeoutPool("closing", Duration.ofSeconds(WAIT_SECONDS), 2, () -> List.of(a, b));
        assertThat(pool.call(a, 1)).isEqualTo("a:1");
        assertThat(pool.call(b, 1)).isEqualTo("b:1");
        assertThat(pool.lanes()).isEqualTo(2);
        assertThat(threads).hasSize(2).allMatch(Thread::isDaemon);

        pool.close();

        assertThat(pool.lanes()).isZero();
        for (Thread t : threads) {
            awaitEnded(t);
        }
        assertThatThrownBy(() -> pool.call(b, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint 'closing' is closed");
        assertThat(pool.lanes()).isZero();
    }

    /**
     * Calls to a variant whose lane is open take no lock: while the deployed variants are being
     * listed (strategy code, which may be slow) under the pool's lock, they are answered at once.
     */
    @Test
    void callsToAnOpenLaneAreAnsweredWhileTheDeployedVariantsAreListed() throws Exception {
        Variant<Integer, String> a = answering("a");
        AtomicBoolean slowListing = new AtomicBoolean();
        CountDownLatch listing = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        TimeoutPool pool = new TimeoutPool("unlocked", Duration.ofSeconds(WAIT_SECONDS), 2, () -> {
            if (slowListing.get()) {
                listing.countDown();
                try {
                    // Bounded, so that a call that waits for the lock ends, late, and fails below.
                    answered.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of(a);
        });
        try {
            assertThat(pool.call(a, 1)).isEqualTo("a:1");
            slowListing.set(true);
            CompletableFuture<Void> retiring = CompletableFuture.runAsync(pool::retainDeployed);
            awaitOrFail(listing, "the variants are being listed");

            CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> pool.call(a, 2));
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("a:2");
            answered.countDown();
            retiring.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(pool.lanes()).isEqualTo(1);
        } finally {
            answered.countDown();
            pool.close();
        }
    }

    /**
     * Two first calls of a variant at once open one lane: the second waits for the pool's lock
     * while the first opens it, then finds it. Closing the pool then ends the threads of both calls.
     */
    @Test
    void twoFirstCallsOfAVariantAtOnceShareOneLane() throws Exception {
        AtomicInteger listings = new AtomicInteger();
        CountDownLatch firstListing = new CountDownLatch(1);
        CountDownLatch secondWaits = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Variant<Integer, String> v = Variant.of("shared", in -> {
            threads.add(Thread.currentThread());
            bothRunning.countDown();
            try {
                bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "shared:" + in;
        }, new ModelRef("fraud", 1));
        TimeoutPool pool = new TimeoutPool("shared", Duration.ofSeconds(WAIT_SECONDS), 2, () -> {
            if (listings.incrementAndGet() == 1) {
                firstListing.countDown();
                try {
                    secondWaits.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of(v);
        });
        try {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> pool.call(v, 1));
            awaitOrFail(firstListing, "the first call opens the lane");
            AtomicReference<String> secondAnswer = new AtomicReference<>();
            Thread second = new Thread(() -> secondAnswer.set(pool.call(v, 2)), "second-caller");
            second.start();
            // The second call found no lane and waits for the lock the first holds.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (second.getState() != Thread.State.BLOCKED) {
                assertThat(System.nanoTime()).as("second call blocked; state %s", second.getState())
                        .isLessThan(deadline);
                Thread.sleep(1);
            }
            secondWaits.countDown();

            assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("shared:1");
            second.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(secondAnswer).hasValue("shared:2");
            assertThat(listings).as("the lane was opened once").hasValue(1);
            assertThat(pool.lanes()).isEqualTo(1);
            assertThat(threads).hasSize(2);
        } finally {
            secondWaits.countDown();
            pool.close();
        }
        for (Thread t : threads) {
            awaitEnded(t);
        }
    }

    /**
     * A predictor whose {@code equals} stops the armed thread until the test lets it go: a call
     * with a variant equal to, but not the same object as, the one a lane is keyed by compares
     * the two while it looks the lane up, so the test can retire or close the lane at that point.
     */
    private static final class Hooked implements Predictor<Integer, String> {
        private final Semaphore entered;
        private final Map<Thread, Semaphore> gates;

        Hooked(Semaphore entered, Map<Thread, Semaphore> gates) {
            this.entered = entered;
            this.gates = gates;
        }

        @Override
        public String predict(Integer input) {
            return "hooked:" + input;
        }

        @Override
        public boolean equals(Object o) {
            Semaphore gate = gates.get(Thread.currentThread());
            if (gate != null) {
                entered.release();
                try {
                    if (!gate.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never let the lookup go on");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return o instanceof Hooked;
        }

        @Override
        public int hashCode() {
            return 7;
        }
    }

    /** Starts a thread that calls the pool with {@code v}, stopped at each lane lookup by its gate. */
    private static CompletableFuture<Object> caller(TimeoutPool pool, Variant<Integer, String> v, int input,
                                                    Map<Thread, Semaphore> gates, Semaphore gate) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete(pool.call(v, input));
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "caller-" + input);
        gates.put(caller, gate);
        caller.start();
        return outcome;
    }

    /** What happens between the two lookups of a call whose first lane is retired under it. */
    private enum SecondLookup { FINDS_NO_LANE, FINDS_A_LANE_THEN_RETIRED, FINDS_A_LANE_THEN_CLOSED }

    /**
     * Runs a call with a variant equal to the one the pool's lane is keyed by; its first lookup
     * finds the lane, which is retired before the call goes on; what its second lookup finds
     * depends on {@code second}. Returns the call's answer or what it threw.
     */
    private static Object callWhoseLaneIsRetiredUnderIt(SecondLookup second) throws Exception {
        Semaphore entered = new Semaphore(0);
        Semaphore proceed = new Semaphore(0);
        Map<Thread, Semaphore> gates = new ConcurrentHashMap<>();
        ModelRef model = new ModelRef("fraud", 1);
        Variant<Integer, String> keyed = Variant.of("v", new Hooked(entered, gates), model);
        Variant<Integer, String> equal = Variant.of("v", new Hooked(entered, gates), model);
        assertThat(equal).isEqualTo(keyed).isNotSameAs(keyed);
        List<Variant<Integer, String>> deployed = new CopyOnWriteArrayList<>(List.of(keyed));
        // A short limit: a refused call that was waited for would time out.
        TimeoutPool pool = new TimeoutPool("retry", Duration.ofSeconds(5), 1, () -> deployed);
        try {
            assertThat(pool.call(keyed, 0)).isEqualTo("hooked:0");
            CompletableFuture<Object> outcome = caller(pool, equal, 1, gates, proceed);

            assertThat(entered.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("first lookup").isTrue();
            deployed.clear();
            pool.retainDeployed();
            assertThat(pool.lanes()).isZero();
            if (second != SecondLookup.FINDS_NO_LANE) {
                // Another caller, still routed to the variant, opens a new lane for it.
                assertThat(pool.call(keyed, 2)).isEqualTo("hooked:2");
                assertThat(pool.lanes()).isEqualTo(1);
            }
            proceed.release();
            if (second != SecondLookup.FINDS_NO_LANE) {
                assertThat(entered.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("second lookup").isTrue();
                if (second == SecondLookup.FINDS_A_LANE_THEN_RETIRED) {
                    pool.retainDeployed();
                } else {
                    pool.close();
                }
                assertThat(pool.lanes()).isZero();
                proceed.release();
            }
            return outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            gates.clear();
            proceed.release(2);
            pool.close();
        }
    }

    /** The lane a call found was retired before it could start: the call is retried on a fresh lane. */
    @Test
    void aCallWhoseLaneIsRetiredUnderItIsAnsweredOnAFreshLane() throws Exception {
        assertThat(callWhoseLaneIsRetiredUnderIt(SecondLookup.FINDS_NO_LANE)).isEqualTo("hooked:1");
    }

    /** Retired under it twice: the call fails, naming the variant no longer deployed, rather than loop. */
    @Test
    void aCallWhoseLaneIsRetiredUnderItTwiceFailsAsNoLongerDeployed() throws Exception {
        assertThat(callWhoseLaneIsRetiredUnderIt(SecondLookup.FINDS_A_LANE_THEN_RETIRED))
                .isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e)
                        .hasMessage("endpoint 'retry': variant 'v' is no longer deployed"));
    }

    /** Retired, then closed under it: the call fails as closed. */
    @Test
    void aCallWhosePoolIsClosedUnderItFailsAsClosed() throws Exception {
        assertThat(callWhoseLaneIsRetiredUnderIt(SecondLookup.FINDS_A_LANE_THEN_CLOSED))
                .isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e)
                        .hasMessage("endpoint 'retry' is closed"));
    }

    /**
     * A call refused by its retired lane gives its slot back: a second call that found the same
     * lane (one thread) is refused by it too and retried, not turned away as busy.
     */
    @Test
    void twoCallsWhoseLaneIsRetiredUnderThemAreBothAnsweredOnAFreshLane() throws Exception {
        Semaphore entered = new Semaphore(0);
        Semaphore first = new Semaphore(0);
        Semaphore second = new Semaphore(0);
        Map<Thread, Semaphore> gates = new ConcurrentHashMap<>();
        ModelRef model = new ModelRef("fraud", 1);
        Variant<Integer, String> keyed = Variant.of("v", new Hooked(entered, gates), model);
        Variant<Integer, String> equal = Variant.of("v", new Hooked(entered, gates), model);
        List<Variant<Integer, String>> deployed = new CopyOnWriteArrayList<>(List.of(keyed));
        TimeoutPool pool = new TimeoutPool("retry", Duration.ofSeconds(5), 1, () -> deployed);
        try {
            assertThat(pool.call(keyed, 0)).isEqualTo("hooked:0");
            CompletableFuture<Object> one = caller(pool, equal, 1, gates, first);
            CompletableFuture<Object> two = caller(pool, equal, 2, gates, second);
            assertThat(entered.tryAcquire(2, WAIT_SECONDS, TimeUnit.SECONDS)).as("both looked the lane up").isTrue();
            deployed.clear();
            pool.retainDeployed();

            first.release();
            assertThat(one.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hooked:1");
            second.release();
            assertThat(two.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hooked:2");
            assertThat(pool.rejected()).isZero();
            assertThat(pool.lanes()).isEqualTo(1);
        } finally {
            gates.clear();
            first.release();
            second.release();
            pool.close();
        }
    }
}
