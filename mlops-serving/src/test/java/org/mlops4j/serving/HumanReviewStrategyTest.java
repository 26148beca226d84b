package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

class HumanReviewStrategyTest {

    /** Answers "yes" with confidence x / 100. */
    private static final Variant<Integer, String> MODEL = Variant.of("champion", x -> "yes@" + x, new ModelRef("m", 1));

    private static ModelEndpoint<Integer, String> endpoint(HumanReviewStrategy<Integer, String> s) {
        return ModelEndpoint.<Integer, String>builder("review").strategy(s)
                .confidence(out -> Integer.parseInt(out.substring(4)) / 100.0).build();
    }

    @Test
    void partialAutomationDefersOnlyUnsureCases() throws Exception {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(100);
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue,
                Interim.defer("pending"));
        ModelEndpoint<Integer, String> e = endpoint(s);

        assertThat(e.predict(95)).isEqualTo("yes@95");
        assertThat(e.predict(40)).isEqualTo("pending");
        assertThat(e.predict(80)).isEqualTo("yes@80");

        assertThat(s.deferred()).isEqualTo(1);
        assertThat(s.automated()).isEqualTo(2);
        ReviewItem<Integer, String> item = queue.poll(Duration.ofSeconds(1)).orElseThrow();
        assertThat(item.input()).isEqualTo(40);
        assertThat(item.modelAnswer()).isEqualTo("yes@40");
        assertThat(item.confidence()).isEqualTo(0.4);
        assertThat(item.model()).isEqualTo(new ModelRef("m", 1));
        assertThat(queue.size()).isZero();
    }

    @Test
    void theFiveDegreesOfAutomationUseTheSameCode() {
        // human only: everything waits for a person
        HumanReviewStrategy<Integer, String> human = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 1.01,
                ReviewQueue.of(10), Interim.defer("pending"));
        assertThat(endpoint(human).predict(99)).isEqualTo("pending");
        // AI-assisted: the model answers now, a person checks every case
        HumanReviewStrategy<Integer, String> assisted = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 1.01,
                ReviewQueue.of(10), Interim.modelAnswer());
        assertThat(endpoint(assisted).predict(99)).isEqualTo("yes@99");
        assertThat(assisted.queue().size()).isEqualTo(1);
        // full automation: nothing is reviewed
        HumanReviewStrategy<Integer, String> full = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.0,
                ReviewQueue.of(10), Interim.defer("pending"));
        assertThat(endpoint(full).predict(1)).isEqualTo("yes@1");
        assertThat(full.queue().offered()).isZero();
        // fallback: a low-confidence answer of the candidate is replaced by the champion's
        Variant<Integer, String> champion = Variant.of("old", x -> "old", new ModelRef("m", 3));
        HumanReviewStrategy<Integer, String> fallback = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.5,
                ReviewQueue.of(10), Interim.fallback(champion));
        assertThat(endpoint(fallback).predict(10)).isEqualTo("old");
    }

    @Test
    void aFailingInterimModelFailsTheCallOnceAndIsNotRetriedOrCountedAsAnswered() {
        Variant<Integer, String> broken = Variant.of("old", x -> {
            throw new IllegalStateException("old model unavailable");
        }, new ModelRef("m", 3));
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.5,
                ReviewQueue.of(10), Interim.fallback(broken));
        java.util.List<org.mlops4j.core.PredictionEvent<? extends Integer, ? extends String>> events =
                new java.util.ArrayList<>();
        ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("review").strategy(s)
                .confidence(out -> Integer.parseInt(out.substring(4)) / 100.0).listener(events::add).build();

        assertThatThrownBy(() -> e.predict(10))
                .isInstanceOf(PredictionFailedException.class)
                .hasMessageContaining("variant 'champion' failed")
                .hasRootCauseMessage("old model unavailable");
        assertThat(e.predict(90)).isEqualTo("yes@90");

        EndpointStats stats = e.stats();
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.predictions()).as("only the call that was answered").isEqualTo(1);
        assertThat(stats.errors()).as("the model answered").isZero();
        assertThat(stats.fallbacks()).isZero();
        // Observers saw the model's answer once per call; the unsure one still went to review.
        assertThat(events).extracting(ev -> ev.succeeded()).containsExactly(true, true);
        assertThat(s.queue().size()).isEqualTo(1);
    }

    @Test
    void aFullQueueRefusesAndCountsButTheCallerStillGetsTheInterimAnswer() {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(2);
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 1.01, queue,
                Interim.defer("pending"));
        ModelEndpoint<Integer, String> e = endpoint(s);
        for (int i = 0; i < 5; i++) {
            assertThat(e.predict(i)).isEqualTo("pending");
        }
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.offered()).isEqualTo(5);
        assertThat(queue.refused()).isEqualTo(3);
    }

    @Test
    void observersSeeQueuedItemsAndMissingConfidenceIsUnsureByDefault() {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(10);
        java.util.List<String> seen = new java.util.ArrayList<>();
        queue.observe(item -> seen.add(item.predictionId()));
        queue.observe(item -> {
            throw new IllegalStateException("observer bug");
        });
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.5, queue,
                Interim.defer("pending"));
        ModelEndpoint<Integer, String> noConfidence = ModelEndpoint.<Integer, String>builder("x").strategy(s).build();
        assertThat(noConfidence.predict(99)).isEqualTo("pending");
        assertThat(seen).hasSize(1);
        ModelEndpoint<Integer, String> automated = ModelEndpoint.<Integer, String>builder("y")
                .strategy(s.automateWithoutConfidence()).build();
        assertThat(automated.predict(99)).isEqualTo("yes@99");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> ReviewQueue.<Integer, String>of(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be >= 1 but was 0");
        assertThatThrownBy(() -> HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), -0.1, ReviewQueue.of(1),
                Interim.defer("p"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> Interim.defer(null)).isInstanceOf(NullPointerException.class);
    }
}
