package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.ModelRef;

/** The five levels of automation, and moving along them at run time with an audit. */
class AutomationLadderTest {

    /** Answers "yes@x" with confidence x / 100. */
    private static final Variant<Integer, String> MODEL = Variant.of("champion", x -> "yes@" + x, new ModelRef("m", 1));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final List<DeploymentChange> audit = new ArrayList<>();

    private ModelEndpoint<Integer, String> endpoint(HumanReviewStrategy<Integer, String> s) {
        return ModelEndpoint.<Integer, String>builder("loans").strategy(s).clock(clock)
                .confidence(out -> Integer.parseInt(out.substring(4)) / 100.0).deploymentListener(audit::add).build();
    }

    private static HumanReviewStrategy<Integer, String> at(AutomationLevel level, ReviewQueue<Integer, String> queue) {
        return HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue, Interim.defer("pending"))
                .withAutomation(level);
    }

    private static List<ReviewItem<Integer, String>> drain(ReviewQueue<Integer, String> queue) throws Exception {
        List<ReviewItem<Integer, String>> out = new ArrayList<>();
        for (Optional<ReviewItem<Integer, String>> i = queue.poll(Duration.ZERO); i.isPresent();
             i = queue.poll(Duration.ZERO)) {
            out.add(i.get());
        }
        return out;
    }

    @Test
    void humanOnlyDefersEverythingAndHidesTheModelsAnswerFromTheReviewer() throws Exception {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(10);
        HumanReviewStrategy<Integer, String> s = at(AutomationLevel.HUMAN_ONLY, queue);
        ModelEndpoint<Integer, String> e = endpoint(s);
        assertThat(e.predict(95)).isEqualTo("pending");
        assertThat(e.predict(40)).isEqualTo("pending");
        assertThat(drain(queue)).extracting(ReviewItem::input, ReviewItem::modelAnswer, ReviewItem::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(95, null, 0.95),
                        org.assertj.core.groups.Tuple.tuple(40, null, 0.4));
        assertThat(s.stats()).isEqualTo(new HumanReviewStats(0, 2, 2, 0, 0, 0, 0));
    }

    @Test
    void shadowDefersEverythingAndKeepsTheModelsAnswerInTheItem() throws Exception {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(10);
        ModelEndpoint<Integer, String> e = endpoint(at(AutomationLevel.SHADOW, queue));
        assertThat(e.predict(95)).isEqualTo("pending");
        assertThat(e.predict(40)).isEqualTo("pending");
        assertThat(drain(queue)).extracting(ReviewItem::modelAnswer).containsExactly("yes@95", "yes@40");
    }

    @Test
    void aiAssistanceAnswersWithTheModelAndReviewsEverythingWhateverTheInterim() throws Exception {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(10);
        HumanReviewStrategy<Integer, String> s = at(AutomationLevel.AI_ASSISTANCE, queue);
        ModelEndpoint<Integer, String> e = endpoint(s);
        assertThat(e.predict(95)).isEqualTo("yes@95");
        assertThat(e.predict(40)).isEqualTo("yes@40");
        assertThat(drain(queue)).extracting(ReviewItem::modelAnswer).containsExactly("yes@95", "yes@40");
        assertThat(s.deferred()).isEqualTo(2);
        assertThat(s.automated()).isZero();
    }

    @Test
    void partialDefersOnlyBelowTheThresholdAndFullReviewsNothing() throws Exception {
        ReviewQueue<Integer, String> partialQueue = ReviewQueue.of(10);
        ModelEndpoint<Integer, String> partial = endpoint(at(AutomationLevel.PARTIAL, partialQueue));
        assertThat(partial.predict(95)).isEqualTo("yes@95");
        assertThat(partial.predict(80)).isEqualTo("yes@80");
        assertThat(partial.predict(79)).isEqualTo("pending");
        assertThat(drain(partialQueue)).extracting(ReviewItem::input).containsExactly(79);

        ReviewQueue<Integer, String> fullQueue = ReviewQueue.of(10);
        HumanReviewStrategy<Integer, String> full = at(AutomationLevel.FULL, fullQueue);
        ModelEndpoint<Integer, String> e = endpoint(full);
        assertThat(e.predict(1)).isEqualTo("yes@1");
        assertThat(fullQueue.offered()).isZero();
        assertThat(full.stats()).isEqualTo(new HumanReviewStats(1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void everyLevelButPartialIgnoresTheConfidenceEvenWhenThereIsNone() {
        for (AutomationLevel level : AutomationLevel.values()) {
            ReviewQueue<Integer, String> queue = ReviewQueue.of(10);
            HumanReviewStrategy<Integer, String> s = at(level, queue).automateWithoutConfidence();
            ModelEndpoint<Integer, String> e = ModelEndpoint.<Integer, String>builder("x").strategy(s).build();
            e.predict(10);
            assertThat(queue.size()).as(level.name()).isEqualTo(level.reviewsEverything() ? 1 : 0);
        }
        assertThat(AutomationLevel.PARTIAL.reviewsEverything()).isFalse();
        assertThat(AutomationLevel.FULL.reviewsEverything()).isFalse();
    }

    @Test
    void movingAlongTheLadderAtRunTimeIsAuditedWithWhoWhyAndWhen() {
        ReviewQueue<Integer, String> queue = ReviewQueue.of(10);
        HumanReviewStrategy<Integer, String> s = HumanReviewStrategy.of(DeploymentStrategy.single(MODEL), 0.8, queue,
                Interim.defer("pending"));
        ModelEndpoint<Integer, String> e = endpoint(s);
        assertThat(s.automation()).isEqualTo(AutomationLevel.PARTIAL);
        assertThat(e.predict(95)).isEqualTo("yes@95");

        clock.advance(Duration.ofMinutes(5));
        s.automate(AutomationLevel.HUMAN_ONLY, "alice", "drift on the new region");
        assertThat(e.predict(95)).isEqualTo("pending");
        assertThat(audit).containsExactly(new DeploymentChange("loans",
                "humanReview(single(champion(m/1)), automation=PARTIAL(threshold=0.8))",
                "humanReview(single(champion(m/1)), automation=HUMAN_ONLY)",
                "automation PARTIAL(threshold=0.8) -> HUMAN_ONLY by alice: drift on the new region",
                Instant.parse("2026-12-05T10:05:00Z")));

        clock.advance(Duration.ofMinutes(1));
        s.automatePartially(0.5, "controller", "agreement 97% over 1,000 reviews");
        assertThat(s.threshold()).isEqualTo(0.5);
        assertThat(e.predict(60)).isEqualTo("yes@60");
        assertThat(e.predict(49)).isEqualTo("pending");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(1).reason())
                .isEqualTo("automation HUMAN_ONLY -> PARTIAL(threshold=0.5) by controller: agreement 97% over 1,000 reviews");
        assertThat(audit.get(1).timestamp()).isEqualTo(Instant.parse("2026-12-05T10:06:00Z"));
    }

    @Test
    void aStrategyNoLongerDeployedChangesWithoutReachingTheEndpointsAudit() {
        HumanReviewStrategy<Integer, String> s = at(AutomationLevel.PARTIAL, ReviewQueue.of(10));
        ModelEndpoint<Integer, String> e = endpoint(s);
        e.deploy(DeploymentStrategy.single(MODEL), "review off");
        s.automate(AutomationLevel.FULL, "bob", "late change");
        assertThat(audit).extracting(DeploymentChange::reason).containsExactly("review off");
        assertThat(s.automation()).isEqualTo(AutomationLevel.FULL);
    }

    @Test
    void aFailingAuditSinkNeverUndoesTheChange() {
        HumanReviewStrategy<Integer, String> s = at(AutomationLevel.PARTIAL, ReviewQueue.of(10));
        s.attach((before, after, reason) -> {
            throw new IllegalStateException("audit down");
        });
        s.automate(AutomationLevel.SHADOW, "alice", "trial");
        assertThat(s.automation()).isEqualTo(AutomationLevel.SHADOW);
    }

    @Test
    void badChangesAreRefusedNamingTheField() {
        HumanReviewStrategy<Integer, String> s = at(AutomationLevel.PARTIAL, ReviewQueue.of(10));
        assertThatThrownBy(() -> s.automate(AutomationLevel.FULL, " ", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("who must not be blank but was ' '");
        assertThatThrownBy(() -> s.automate(AutomationLevel.FULL, "alice", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("why must not be blank but was ''");
        assertThatThrownBy(() -> s.automatePartially(-0.5, "alice", "why"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be >= 0 (above 1 reviews everything) but was -0.5");
        assertThatThrownBy(() -> s.automatePartially(Double.NaN, "alice", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThat(s.automation()).isEqualTo(AutomationLevel.PARTIAL);
        assertThat(s.threshold()).isEqualTo(0.8);
    }
}
