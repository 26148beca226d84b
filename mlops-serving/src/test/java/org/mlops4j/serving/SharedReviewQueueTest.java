package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.registry.ModelRef;

/** Review queues of several replicas sharing one fleet store. */
class SharedReviewQueueTest {

    private static final TextCodec<Integer> INTS = TextCodec.of(String::valueOf, Integer::valueOf);

    @Test
    void anItemOfferedOnOneReplicaIsTakenOnAnotherOnceWithEveryField() throws Exception {
        FleetState state = FleetState.inMemory();
        // A codec that cannot take null: nulls must never reach it.
        TextCodec<String> answers = TextCodec.of(String::strip, s -> s);
        ReviewQueue<Integer, String> r1 = ReviewQueue.shared(state, "ep", 10, INTS, answers);
        ReviewQueue<Integer, String> r2 = ReviewQueue.shared(state, "ep", 10, INTS, answers);
        ReviewItem<Integer, String> empty = new ReviewItem<>("p3", 0, "", 1.0, new ModelRef("m", 3),
                Instant.parse("2026-12-05T10:00:02Z"));
        ReviewItem<Integer, String> item = new ReviewItem<>("p:1", 42, "a 5:b\n-1:", Double.NaN, new ModelRef("m", 3),
                Instant.parse("2026-12-05T10:00:00.123Z"));
        ReviewItem<Integer, String> nulls = new ReviewItem<>("p2", null, null, 0.25, new ModelRef("m", 3),
                Instant.parse("2026-12-05T10:00:01Z"));
        assertThat(r1.offer(item)).isTrue();
        assertThat(r1.offer(nulls)).isTrue();
        assertThat(r2.size()).isEqualTo(2);
        assertThat(r2.poll(Duration.ZERO)).contains(item);
        assertThat(r1.poll(Duration.ZERO)).contains(nulls);
        assertThat(r1.offer(empty)).isTrue();
        assertThat(r2.poll(Duration.ZERO)).contains(empty);
        assertThat(r1.poll(Duration.ofMillis(120))).isEmpty();
        assertThat(r2.size()).isZero();
    }

    @Test
    void theCapacityBoundsTheFleetsQueue() {
        FleetState state = FleetState.inMemory();
        ReviewQueue<Integer, String> r1 = ReviewQueue.shared(state, "ep", 2, INTS, TextCodec.strings());
        ReviewQueue<Integer, String> r2 = ReviewQueue.shared(state, "ep", 2, INTS, TextCodec.strings());
        assertThat(r1.offer(item("p1"))).isTrue();
        assertThat(r2.offer(item("p2"))).isTrue();
        assertThat(r2.offer(item("p3"))).isFalse();
        assertThat(r2.refused()).isEqualTo(1);
        assertThat(r2.offered()).isEqualTo(2);
    }

    @Test
    void aWaitingPollGetsAnItemOfferedMeanwhile() throws Exception {
        FleetState state = FleetState.inMemory();
        ReviewQueue<Integer, String> r1 = ReviewQueue.shared(state, "ep", 2, INTS, TextCodec.strings());
        Thread offerer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state.offer("review/ep", "p1", new SharedReviewItems<>(state, "review/ep", 2, INTS, TextCodec.strings())
                    .encode(item("p1")), 2);
        });
        offerer.start();
        assertThat(r1.poll(Duration.ofSeconds(10)).orElseThrow().predictionId()).isEqualTo("p1");
        offerer.join();
    }

    @Test
    void aStoreFailureReachesTheQueueCallerAndTheStrategyCountsIt() {
        FailingFleetState state = new FailingFleetState(FleetState.inMemory());
        ReviewQueue<Integer, String> queue = ReviewQueue.shared(state, "ep", 10, INTS, TextCodec.strings());
        state.down = true;
        assertThatThrownBy(() -> queue.offer(item("p1"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> queue.poll(Duration.ZERO)).isInstanceOf(StoreException.class);
        HumanReviewStrategy<Integer, String> review = HumanReviewStrategy.of(
                DeploymentStrategy.single(Variant.of("m", x -> "answer", new ModelRef("m", 1))), 2.0, queue,
                Interim.defer("pending"));
        try (ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("ep").strategy(review).build()) {
            assertThat(endpoint.predict(1, null)).isEqualTo("pending");
        }
        assertThat(review.queueFailures()).isEqualTo(1);
        assertThat(review.deferred()).isEqualTo(1);
    }

    @Test
    void aMalformedRowIsAStoreException() throws Exception {
        FleetState state = FleetState.inMemory();
        ReviewQueue<Integer, String> queue = ReviewQueue.shared(state, "ep", 10, INTS, TextCodec.strings());
        state.offer("review/ep", "p9", "3:abc", 10);
        assertThatThrownBy(() -> queue.poll(Duration.ZERO)).isInstanceOf(StoreException.class)
                .hasMessageContaining("'p9'").hasMessageContaining("7 fields expected but found 1");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        FleetState state = FleetState.inMemory();
        assertThatThrownBy(() -> ReviewQueue.shared(state, " ", 10, INTS, TextCodec.strings()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name").hasMessageContaining("' '");
        assertThatThrownBy(() -> ReviewQueue.shared(state, "ep", 0, INTS, TextCodec.strings()))
                .hasMessageContaining("capacity must be >= 1 but was 0");
        assertThat(List.of(ReviewQueue.shared(state, "ep", 3, INTS, TextCodec.strings()).toString()))
                .singleElement().asString().contains("review/ep");
    }

    private static ReviewItem<Integer, String> item(String id) {
        return new ReviewItem<>(id, 1, "x", 0.5, new ModelRef("m", 1), Instant.parse("2026-12-05T10:00:00Z"));
    }
}
