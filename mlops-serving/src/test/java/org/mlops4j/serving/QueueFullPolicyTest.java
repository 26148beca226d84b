package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewStore;

/** What a full review queue does, by policy, and that each case is counted. */
class QueueFullPolicyTest {

    private static final Variant<Integer, String> MODEL = Variant.of("champion", x -> "yes@" + x, new ModelRef("m", 1));

    private static ModelEndpoint<Integer, String> endpoint(HumanReviewStrategy<Integer, String> s) {
        return ModelEndpoint.<Integer, String>builder("loans").strategy(s).build();
    }

    private static HumanReviewStrategy<Integer, String> shadow(ReviewQueue<Integer, String> queue, QueueFullPolicy p) {
        return HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue, Interim.defer("pending"))
                .withAutomation(AutomationLevel.SHADOW).whenFull(p);
    }

    @Test
    void rejectNewKeepsTheInterimAnswerAndCountsEachRefusal() {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(1);
        HumanReviewStrategy<Integer, String> s = shadow(queue, QueueFullPolicy.rejectNew());
        ModelEndpoint<Integer, String> e = endpoint(s);
        assertThat(e.predict(1)).isEqualTo("pending");
        assertThat(e.predict(2)).isEqualTo("pending");
        assertThat(e.predict(3)).isEqualTo("pending");
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 3, 1, 0, 2, 0, 0));
        assertThat(queue.refused()).isEqualTo(2);
        assertThat(s.fullQueuePolicy()).isEqualTo(QueueFullPolicy.rejectNew());
    }

    @Test
    void answerByModelGivesTheModelsAnswerWhenNoRoomAndCountsIt() {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(1);
        HumanReviewStrategy<Integer, String> s = shadow(queue, QueueFullPolicy.answerByModel());
        ModelEndpoint<Integer, String> e = endpoint(s);
        assertThat(e.predict(1)).isEqualTo("pending");
        assertThat(e.predict(2)).isEqualTo("yes@2");
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 2, 1, 0, 0, 1, 0));
    }

    @Test
    void blockWaitsUpToItsBoundThenRejects() {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(1);
        HumanReviewStrategy<Integer, String> s = shadow(queue, QueueFullPolicy.block(Duration.ofMillis(20)));
        ModelEndpoint<Integer, String> e = endpoint(s);
        assertThat(e.predict(1)).isEqualTo("pending");
        assertThat(e.predict(2)).isEqualTo("pending");
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 2, 1, 1, 1, 0, 0));
    }

    @Test
    void blockQueuesOnceAReviewerMakesRoom() throws Exception {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(1);
        HumanReviewStrategy<Integer, String> s = shadow(queue, QueueFullPolicy.block(Duration.ofSeconds(30)));
        ModelEndpoint<Integer, String> e = endpoint(s);
        e.predict(1);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> e.predict(2));
        while (s.stats().blockedWhenFull() == 0) {
            Thread.onSpinWait();
        }
        assertThat(queue.poll(Duration.ZERO).orElseThrow().input()).isEqualTo(1);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("pending");
        assertThat(queue.poll(Duration.ZERO).orElseThrow().input()).isEqualTo(2);
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 2, 2, 1, 0, 0, 0));
    }

    @Test
    void aDurableQueueCountsItsCapacityInTheStoreAndBlocksWithABound() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
        ReviewStore store = ReviewStore.inMemory(clock);
        ReviewQueue<Integer, String> queue = ReviewQueue.durable(store, "loans", TextCodec.of(String::valueOf,
                Integer::valueOf), TextCodec.strings(), 2, Duration.ofHours(1));
        HumanReviewStrategy<Integer, String> s = shadow(queue, QueueFullPolicy.block(Duration.ofMillis(30)));
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("loans").strategy(s).clock(clock)
                .build();
        for (int i = 0; i < 3; i++) {
            assertThat(e.predict(i)).isEqualTo("pending");
        }
        assertThat(queue.size()).isEqualTo(2);
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 3, 2, 1, 1, 0, 0));
        assertThat(queue.refused()).isEqualTo(1);
        assertThat(queue.offered()).isEqualTo(3);
    }

    @Test
    void policiesAreValidated() {
        assertThatThrownBy(() -> QueueFullPolicy.block(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bound of a blocking queue-full policy must be positive but was PT0S");
        assertThatThrownBy(() -> QueueFullPolicy.block(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("but was PT-1S");
        assertThatThrownBy(() -> new QueueFullPolicy(QueueFullPolicy.Action.ANSWER_BY_MODEL, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bound must be zero for ANSWER_BY_MODEL but was PT-1S");
        assertThat(QueueFullPolicy.block(Duration.ofNanos(1)).bound()).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> new QueueFullPolicy(QueueFullPolicy.Action.REJECT_NEW, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bound must be zero for REJECT_NEW but was PT1S");
        assertThatThrownBy(() -> ReviewQueue.of(1).offer(new ReviewItem<>("p", 1, "a", 0.1, new ModelRef("m", 1),
                Instant.EPOCH), Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wait must not be negative but was PT-0.001S");
    }

    @Test
    void anInterruptEndsABlockedOfferRefusedWithTheThreadStillInterrupted() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
        ReviewQueue<Integer, String> durable = ReviewQueue.durable(ReviewStore.inMemory(clock), "loans",
                TextCodec.of(String::valueOf, Integer::valueOf), TextCodec.strings(), 1, Duration.ofHours(1));
        for (ReviewQueue<Integer, String> queue : java.util.List.of(ReviewQueue.<Integer, String>of(1), durable)) {
            assertThat(queue.offer(new ReviewItem<>("p0", 0, "a", 0.1, new ModelRef("m", 1), clock.now()))).isTrue();
            java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Boolean[]> blocked = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                boolean queued = queue.offer(new ReviewItem<>("p1", 1, "a", 0.1, new ModelRef("m", 1), clock.now()),
                        Duration.ofMinutes(5), waiting::countDown);
                blocked.complete(new Boolean[] {queued, Thread.currentThread().isInterrupted()});
            });
            t.start();
            assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
            t.interrupt();
            assertThat(blocked.get(30, TimeUnit.SECONDS)).as(queue.toString()).containsExactly(false, true);
            assertThat(queue.refused()).isEqualTo(1);
        }
    }
}
