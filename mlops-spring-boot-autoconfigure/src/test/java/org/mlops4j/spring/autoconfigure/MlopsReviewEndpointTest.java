package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.ReviewException;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.TextCodec;
import org.mlops4j.serving.Variant;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code mlopsreview} endpoint called directly on a manual clock (the web test calls it over
 * HTTP): the reviewer without authentication, an expired item, a decision the codec refuses, the
 * status of each refusal, and desks that clash.
 */
class MlopsReviewEndpointTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final ReviewStore store = ReviewStore.inMemory(clock);
    private final ReviewQueue<String, Integer> queue = ReviewQueue.durable(store, "scores", TextCodec.strings(),
            TextCodec.of(String::valueOf, Integer::valueOf), 10, Duration.ofMinutes(30));
    private final ModelEndpoint<String, Integer> endpoint = ModelEndpoint.<String, Integer>builder("scores")
            .strategy(HumanReviewStrategy.of(DeploymentStrategy.single(Variant.of("m", String::length,
                    new ModelRef("m", 3))), 0.8, queue, Interim.defer(-1)))
            .confidence(out -> 0.25).clock(clock).build();
    private final ReviewDesk<String, Integer> desk = ReviewDesk.builder(queue, endpoint.feedback(),
            n -> GroundTruth.label(String.valueOf(n))).clock(clock).build();
    private final MlopsReviewEndpoint review = new MlopsReviewEndpoint(List.of(desk));

    @Test
    void withoutAuthenticationTheBodyNamesTheReviewerAndMustDoSo() {
        String id = endpoint.serve("abcd").predictionId();
        WebEndpointResponse<Map<String, Object>> nobody = review.act("scores", id, "claim", null, null, null, null,
                null, null);
        assertThat(nobody.getStatus()).isEqualTo(400);
        assertThat(nobody.getBody()).containsEntry("field", "reviewer").containsEntry("value", null)
                .containsEntry("reason", "BAD_INPUT").containsEntry("predictionId", id);
        assertThat(review.act("scores", id, "claim", null, null, null, null, " ", null).getStatus()).isEqualTo(400);

        WebEndpointResponse<Map<String, Object>> dan = review.act("scores", id, "claim", 120L, null, null, null,
                "dan", null);
        assertThat(dan.getStatus()).isEqualTo(200);
        assertThat(dan.getBody()).containsEntry("reviewer", "dan").containsEntry("action", "claim");
        @SuppressWarnings("unchecked")
        Map<String, Object> claim = (Map<String, Object>) dan.getBody().get("claim");
        assertThat(claim).containsEntry("until", "2026-12-06T10:02:00Z");
        // a blank principal name counts as none
        Principal blank = () -> " ";
        WebEndpointResponse<Map<String, Object>> done = review.act("scores", id, " Resolve ", null,
                (Long) claim.get("token"), "7", "seven", "dan", blank);
        assertThat(done.getStatus()).as("%s", done.getBody()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) ((Map<String, Object>) done.getBody().get("review"))
                .get("decision");
        assertThat(decision).containsEntry("decision", "7").containsEntry("reviewer", "dan")
                .containsEntry("comment", "seven").containsEntry("agreesWithModel", false);
        assertThat(desk.find(id).orElseThrow().decision().orElseThrow().decision()).isEqualTo(7);
    }

    @Test
    void aDecisionTheCodecRefusesIsA400AndNothingIsRecorded() {
        String id = endpoint.serve("abcd").predictionId();
        WebEndpointResponse<Map<String, Object>> r = review.act("scores", id, "resolve", null, null, "seven", null,
                null, () -> "erin");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getBody()).containsEntry("field", "decision").containsEntry("value", "seven");
        assertThat(desk.find(id).orElseThrow().decision()).isEmpty();
        WebEndpointResponse<Map<String, Object>> longComment = review.act("scores", id, "resolve", null, null, "4",
                "x".repeat(10_001), null, () -> "erin");
        assertThat(longComment.getStatus()).isEqualTo(400);
        assertThat(longComment.getBody()).containsEntry("field", "comment");
        assertThat(review.act("scores", id, "resolve", null, null, "4", "x".repeat(10_000), null, () -> "erin")
                .getStatus()).isEqualTo(200);
    }

    @Test
    void anItemPastItsDeadlineIsGoneAndLeasesAndLimitsAreBounded() {
        String id = endpoint.serve("abcd").predictionId();
        clock.advance(Duration.ofMinutes(31));
        WebEndpointResponse<Map<String, Object>> late = review.act("scores", id, "claim", null, null, null, null,
                null, () -> "erin");
        assertThat(late.getStatus()).isEqualTo(410);
        assertThat(late.getBody()).containsEntry("reason", "EXPIRED").containsEntry("queue", "scores")
                .containsEntry("predictionId", id);

        assertThat(MlopsReviewEndpoint.lease("q", null, null)).isEqualTo(Duration.ofMinutes(10));
        assertThat(MlopsReviewEndpoint.lease("q", null, 1L)).isEqualTo(Duration.ofSeconds(1));
        assertThat(MlopsReviewEndpoint.lease("q", null, 86_400L)).isEqualTo(Duration.ofDays(1));
        assertThat(review.next("scores", "claim-next", 0L, null, () -> "erin").getBody())
                .containsEntry("field", "leaseSeconds").containsEntry("value", "0");
        assertThat(review.next("scores", "claim", null, null, () -> "erin").getBody())
                .containsEntry("field", "action").containsEntry("value", "claim");
        WebEndpointResponse<Map<String, Object>> none = review.next("scores", "claim-next", null, null, () -> "erin");
        assertThat(none.getStatus()).isEqualTo(200);
        assertThat(none.getBody()).containsEntry("claim", null).containsEntry("review", null);
        assertThat(review.pending("scores", 10_000).getStatus()).isEqualTo(200);
        assertThat(review.pending("scores", 10_001).getStatus()).isEqualTo(400);
        assertThat(review.pending("scores", 1).getStatus()).isEqualTo(200);
        assertThat(review.pending("nothing", null).getStatus()).isEqualTo(404);
    }

    @Test
    void eachRefusalHasItsStatus() {
        assertThat(MlopsReviewEndpoint.status(ReviewException.Reason.UNKNOWN)).isEqualTo(404);
        assertThat(MlopsReviewEndpoint.status(ReviewException.Reason.EXPIRED)).isEqualTo(410);
        assertThat(MlopsReviewEndpoint.status(ReviewException.Reason.ALREADY_RESOLVED)).isEqualTo(409);
        assertThat(MlopsReviewEndpoint.status(ReviewException.Reason.CLAIMED_BY_OTHER)).isEqualTo(409);
        assertThat(MlopsReviewEndpoint.status(ReviewException.Reason.CLAIM_LOST)).isEqualTo(409);
    }

    @Test
    void twoDesksOnOneQueueAreRefusedAndTheSameDeskTwiceIsOne() {
        ReviewDesk<String, Integer> other = ReviewDesk.builder(queue, endpoint.feedback(),
                n -> GroundTruth.label(String.valueOf(n))).build();
        assertThatThrownBy(() -> new MlopsReviewEndpoint(List.of(desk, other)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'scores'");
        assertThat((List<?>) new MlopsReviewEndpoint(List.of(desk, desk)).desks().get("queues")).hasSize(1);
    }
}
