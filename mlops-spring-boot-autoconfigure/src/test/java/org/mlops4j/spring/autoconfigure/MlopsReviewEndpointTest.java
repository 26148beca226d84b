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
import org.mlops4j.core.review.NewReview;
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
            TextCodec.of(String::valueOf, t -> t.equals("none") ? null : Integer.valueOf(t)), 10, Duration.ofMinutes(30),
            item -> item.input() != null && item.input().startsWith("!") ? 2 : 0);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void aPrincipalListsGetsClaimsTheNextReleasesAndResolvesWithAStaleTokenRefused() {
        String first = endpoint.serve("abcd").predictionId();
        clock.advance(Duration.ofSeconds(30));
        String urgent = endpoint.serve("!xyz12").predictionId();
        // an item without input or model answer, queued directly (a HUMAN_ONLY item from another service)
        store.add("scores", new NewReview("bare", "", "", Double.NaN, "m/3", clock.now(), 0,
                clock.now().plus(Duration.ofMinutes(30))), 10);
        clock.advance(Duration.ofSeconds(60));
        Principal fay = () -> "fay";

        WebEndpointResponse<Map<String, Object>> list = review.pending("scores", null);
        assertThat(list.getStatus()).isEqualTo(200);
        List<Map<String, Object>> items = ((List<?>) list.getBody().get("items")).stream()
                .map(MlopsReviewEndpointTest::map).toList();
        assertThat(items).extracting(m -> m.get("predictionId")).containsExactly(urgent, first, "bare");
        assertThat(items.get(0)).containsEntry("status", "PENDING").containsEntry("priority", 2)
                .containsEntry("input", "!xyz12").containsEntry("modelAnswer", "6").containsEntry("confidence", 0.25)
                .containsEntry("model", "m/3").containsEntry("enqueuedAt", "2026-12-06T10:00:30Z")
                .containsEntry("ageSeconds", 60.0).containsEntry("deadline", "2026-12-06T10:30:30Z")
                .containsEntry("claimedBy", null).containsEntry("claimedUntil", null).containsEntry("decision", null);
        assertThat(items.get(1)).containsEntry("ageSeconds", 90.0).containsEntry("modelAnswer", "4");
        assertThat(items.get(2)).containsEntry("input", null).containsEntry("modelAnswer", null)
                .containsEntry("confidence", null);
        Map<String, Object> figures = map(list.getBody().get("figures"));
        assertThat(figures).containsEntry("pending", 3).containsEntry("claimed", 0).containsEntry("resolved", 0L)
                .containsEntry("ageP50Seconds", 60.0).containsEntry("ageP99Seconds", 90.0);
        assertThat((List<?>) review.pending("scores", 2).getBody().get("items")).hasSize(2);
        assertThat(review.review("scores", first).getBody()).containsEntry("predictionId", first)
                .containsEntry("input", "abcd");
        assertThat(review.review("scores", "nope").getStatus()).isEqualTo(404);

        WebEndpointResponse<Map<String, Object>> next = review.next("scores", "Claim-Next", null, "fay", fay);
        assertThat(next.getStatus()).isEqualTo(200);
        assertThat(map(next.getBody().get("claim"))).containsEntry("predictionId", urgent)
                .containsEntry("reviewer", "fay").containsEntry("until", "2026-12-06T10:11:30Z");
        assertThat(map(next.getBody().get("review"))).containsEntry("status", "CLAIMED")
                .containsEntry("claimedBy", "fay").containsEntry("claimedUntil", "2026-12-06T10:11:30Z");
        long stale = (Long) map(next.getBody().get("claim")).get("token");
        WebEndpointResponse<Map<String, Object>> released = review.act("scores", urgent, "release", null, stale, null,
                null, null, fay);
        assertThat(released.getStatus()).isEqualTo(200);
        assertThat(map(released.getBody().get("review"))).containsEntry("status", "PENDING");
        assertThat(desk.find(urgent).orElseThrow().claimedBy()).isEmpty();

        long live = (Long) map(review.act("scores", urgent, "claim", 86_400L, null, null, null, null, fay).getBody()
                .get("claim")).get("token");
        WebEndpointResponse<Map<String, Object>> lost = review.act("scores", urgent, "resolve", null, stale, "5", null,
                null, fay);
        assertThat(lost.getStatus()).isEqualTo(409);
        assertThat(lost.getBody()).containsEntry("reason", "CLAIM_LOST");
        assertThat(review.act("scores", urgent, "resolve", null, live, "none", null, null, fay).getBody())
                .containsEntry("field", "decision").containsEntry("value", "none");
        assertThat(review.act("scores", urgent, "resolve", null, live, "", null, null, fay).getBody())
                .containsEntry("field", "decision").containsEntry("value", "");
        WebEndpointResponse<Map<String, Object>> done = review.act("scores", urgent, "resolve", null, live, "6", null,
                null, fay);
        assertThat(done.getStatus()).isEqualTo(200);
        assertThat(map(map(done.getBody().get("review")).get("decision"))).containsEntry("agreesWithModel", true)
                .containsEntry("comment", null).containsEntry("resolvedAt", "2026-12-06T10:01:30Z");
        assertThat(review.toString()).isEqualTo("MlopsReviewEndpoint[scores]");
    }

    @Test
    void theReviewerAndTheActionAreChecked() {
        Principal fay = () -> "fay";
        assertThat(MlopsReviewEndpoint.reviewer("q", "p", null, fay)).isEqualTo("fay");
        assertThat(MlopsReviewEndpoint.reviewer("q", "p", "fay", fay)).isEqualTo("fay");
        assertThat(MlopsReviewEndpoint.reviewer("q", "p", "gus", null)).isEqualTo("gus");
        assertThat(MlopsReviewEndpoint.reviewer("q", "p", "g".repeat(200), () -> null)).hasSize(200);
        assertThat(review.act("scores", "p", "claim", null, null, null, null, "g".repeat(201), null).getBody())
                .containsEntry("field", "reviewer");
        assertThat(review.act("scores", "p", "claim", null, null, null, null, "gus", fay).getBody())
                .containsEntry("field", "reviewer").containsEntry("value", "gus");
        assertThat(review.act("scores", "p", null, null, null, null, null, null, fay).getBody())
                .containsEntry("field", "action").containsEntry("value", null);
        assertThat(review.act("scores", "p", " ", null, null, null, null, null, fay).getBody())
                .containsEntry("field", "action").containsEntry("value", " ");
        assertThat(review.act("scores", "p", "claim", 86_401L, null, null, null, null, fay).getBody())
                .containsEntry("field", "leaseSeconds").containsEntry("value", "86401");
        assertThat(review.act("scores", "p", "claim", null, null, null, null, null, null).getBody())
                .containsEntry("error", "reviewer must be non-blank and at most 200 characters when the request is "
                        + "not authenticated, but was absent");
        assertThat(review.act("scores", "p", "release", null, null, null, null, null, fay).getBody())
                .containsEntry("field", "token").containsEntry("value", null);
        assertThat(review.act("scores", "p", "resolve", null, null, null, null, null, fay).getBody())
                .containsEntry("field", "decision").containsEntry("value", null);
        assertThat(review.pending("scores", 0).getBody()).containsEntry("field", "limit").containsEntry("value", "0");
    }
}
