package org.mlops4j.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The review value types refuse bad values naming the field and value. */
class ReviewTypesTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static NewReview item(String id, Instant deadline) {
        return new NewReview(id, "in", "out", 0.5, "m/1", T0, 0, deadline);
    }

    @Test
    void newReviewChecksEveryField() {
        assertThatThrownBy(() -> item(" ", T0)).hasMessage("predictionId must be non-blank and at most 200 characters but was ' '");
        assertThatThrownBy(() -> item(null, T0)).hasMessage("predictionId must be non-blank and at most 200 characters but was null");
        String longId = "x".repeat(201);
        assertThatThrownBy(() -> item(longId, T0)).hasMessage("predictionId must be non-blank and at most 200 characters but was '"
                + "x".repeat(40) + "...'");
        assertThat(item("x".repeat(200), T0).predictionId()).hasSize(200);
        assertThat(item("x".repeat(40), T0).predictionId()).hasSize(40);
        assertThatThrownBy(() -> new NewReview("p", null, "o", 0.5, "m/1", T0, 0, T0)).isInstanceOf(NullPointerException.class)
                .hasMessage("inputText");
        assertThatThrownBy(() -> new NewReview("p", "i", "x".repeat(ReviewLimits.MAX_TEXT + 1), 0.5, "m/1", T0, 0, T0))
                .hasMessage("modelAnswerText must be at most 1048576 characters but had 1048577");
        assertThat(new NewReview("p", "", "x".repeat(ReviewLimits.MAX_TEXT), 0.5, "m/1", T0, 0, T0).inputText()).isEmpty();
        assertThatThrownBy(() -> new NewReview("p", "i", "o", Double.POSITIVE_INFINITY, "m/1", T0, 0, T0))
                .hasMessage("confidence must be finite or NaN but was Infinity");
        assertThatThrownBy(() -> new NewReview("p", "i", "o", Double.NEGATIVE_INFINITY, "m/1", T0, 0, T0))
                .hasMessage("confidence must be finite or NaN but was -Infinity");
        assertThat(new NewReview("p", "i", "o", Double.NaN, "m/1", T0, 0, T0).confidence()).isNaN();
        assertThat(new NewReview("p", "i", "o", -3.5, "m/1", T0, 0, T0).confidence()).isEqualTo(-3.5);
        assertThatThrownBy(() -> new NewReview("p", "i", "o", 0.5, "", T0, 0, T0)).hasMessageStartingWith("model must be");
        assertThatThrownBy(() -> new NewReview("p", "i", "o", 0.5, "m/1", null, 0, T0)).hasMessage("enqueuedAt");
        assertThatThrownBy(() -> new NewReview("p", "i", "o", 0.5, "m/1", T0, 0, null)).hasMessage("deadline");
        assertThatThrownBy(() -> item("p", T0.minusMillis(1))).hasMessage(
                "deadline must not be before enqueuedAt 2024-01-01T00:00:00Z but was 2023-12-31T23:59:59.999Z");
        NewReview due = item("p", T0.plusSeconds(1));
        assertThat(due.isOverdue(T0.plusSeconds(1))).isFalse();
        assertThat(due.isOverdue(T0.plusSeconds(1).plusNanos(1))).isTrue();
    }

    @Test
    void decisionAndClaimCheckTheirFields() {
        assertThat(new ReviewDecision("", "ann", Optional.of("x".repeat(10_000)), true).comment().orElseThrow()).hasSize(10_000);
        assertThatThrownBy(() -> new ReviewDecision("d", "ann", Optional.of("x".repeat(10_001)), true))
                .hasMessage("comment must be at most 10000 characters but had 10001");
        assertThatThrownBy(() -> new ReviewDecision("d", "", Optional.empty(), true)).hasMessageStartingWith("reviewer must be");
        assertThatThrownBy(() -> new ReviewDecision(null, "ann", Optional.empty(), true)).hasMessage("decisionText");
        assertThatThrownBy(() -> new ReviewDecision("d", "ann", null, true)).hasMessage("comment");
        assertThatThrownBy(() -> new ReviewClaim("q", "p", "ann", 1, null)).hasMessage("until");
        assertThatThrownBy(() -> new ReviewClaim("", "p", "ann", 1, T0)).hasMessageStartingWith("queue must be");
        assertThatThrownBy(() -> new ReviewClaim("q", "", "ann", 1, T0)).hasMessageStartingWith("predictionId must be");
        assertThatThrownBy(() -> new ReviewClaim("q", "p", "", 1, T0)).hasMessageStartingWith("reviewer must be");
    }

    @Test
    void limitsAcceptTheirBoundsAndRefuseBeyond() {
        assertThat(ReviewLimits.checkName("queue", "claims")).isEqualTo("claims");
        assertThat(ReviewLimits.checkText("inputText", "{}", 2)).isEqualTo("{}");
        String blank40 = " ".repeat(40);
        assertThatThrownBy(() -> ReviewLimits.checkName("queue", blank40)).hasMessage(
                "queue must be non-blank and at most 200 characters but was '" + blank40 + "'");
        assertThat(ReviewLimits.checkLease(Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
        assertThat(ReviewLimits.checkLease(Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> ReviewLimits.checkLease(Duration.ofSeconds(-1))).hasMessage(
                "lease must be in (0, 1 day] but was PT-1S");
        assertThatThrownBy(() -> ReviewLimits.checkLease(Duration.ofDays(1).plusNanos(1)))
                .hasMessageStartingWith("lease must be in (0, 1 day]");
        assertThatThrownBy(() -> ReviewLimits.checkLease(null)).hasMessage("lease");
        assertThat(ReviewLimits.checkLimit(1)).isEqualTo(1);
        assertThat(ReviewLimits.checkLimit(10_000)).isEqualTo(10_000);
        assertThat(ReviewLimits.checkCapacity(1)).isEqualTo(1);
        assertThatThrownBy(() -> ReviewLimits.checkCapacity(-5)).hasMessage("capacity must be >= 1 but was -5");
    }

    @Test
    void recordAndStateRefuseContradictoryOptionals() {
        NewReview item = item("p", T0.plusSeconds(60));
        ReviewDecision decision = new ReviewDecision("d", "ann", Optional.empty(), true);
        assertThatThrownBy(() -> new ReviewRecord("q", item, ReviewStatus.PENDING, Optional.of("ann"), Optional.empty(),
                Optional.empty(), Optional.empty())).hasMessageContaining("claimedBy/claimedUntil must be present exactly when CLAIMED");
        assertThatThrownBy(() -> new ReviewRecord("q", item, ReviewStatus.CLAIMED, Optional.of("ann"), Optional.empty(),
                Optional.empty(), Optional.empty())).hasMessageContaining("claimedBy/claimedUntil");
        assertThatThrownBy(() -> new ReviewRecord("q", item, ReviewStatus.PENDING, Optional.empty(), Optional.empty(),
                Optional.of(decision), Optional.empty())).hasMessageContaining("decision must be present exactly when RESOLVED");
        assertThatThrownBy(() -> new ReviewRecord("q", item, ReviewStatus.RESOLVED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(T0))).hasMessageContaining("decision must be present");
        assertThatThrownBy(() -> new ReviewRecord("q", item, ReviewStatus.RESOLVED, Optional.empty(), Optional.empty(),
                Optional.of(decision), Optional.empty())).hasMessage("resolvedAt must be present when RESOLVED");
        ReviewRecord pending = new ReviewRecord("q", item, ReviewStatus.PENDING, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(pending.age(T0.minusSeconds(5))).isEqualTo(Duration.ZERO);
        assertThat(pending.age(T0.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new ReviewState("q", item, ReviewStatus.PENDING, Optional.of("a"), Optional.of(T0), 0,
                Optional.empty(), Optional.empty())).hasMessageContaining("exactly when stored CLAIMED");
        assertThatThrownBy(() -> new ReviewState("q", item, ReviewStatus.PENDING, Optional.of("a"), Optional.empty(), 0,
                Optional.empty(), Optional.empty())).hasMessageContaining("exactly when stored CLAIMED");
        assertThatThrownBy(() -> new ReviewState("q", item, ReviewStatus.CLAIMED, Optional.of("a"), Optional.empty(), 0,
                Optional.empty(), Optional.empty())).hasMessageContaining("exactly when stored CLAIMED");
        assertThatThrownBy(() -> new ReviewState("q", item, ReviewStatus.EXPIRED, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty())).hasMessage("decision/resolvedAt contradict stored status EXPIRED");
        assertThatThrownBy(() -> new ReviewState("q", item, ReviewStatus.PENDING, Optional.empty(), Optional.empty(), 0,
                Optional.of(decision), Optional.empty())).hasMessage("decision/resolvedAt contradict stored status PENDING");
        assertThatThrownBy(() -> new ReviewState("q", item, ReviewStatus.PENDING, Optional.empty(), Optional.empty(), -1,
                Optional.empty(), Optional.empty())).hasMessage("token must be >= 0 but was -1");
        assertThatThrownBy(() -> ReviewState.added("q", item).claimOf()).isInstanceOf(IllegalStateException.class)
                .hasMessage("review item 'p' is not claimed but PENDING");
        assertThat(ReviewStatus.PENDING.isWaiting()).isTrue();
        assertThat(ReviewStatus.CLAIMED.isWaiting()).isTrue();
        assertThat(ReviewStatus.RESOLVED.isWaiting()).isFalse();
        assertThat(ReviewStatus.EXPIRED.isWaiting()).isFalse();
    }

    @Test
    void figuresUseNearestRankAndRefuseInconsistentCounts() {
        Duration[] ages = {Duration.ofMinutes(4), Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(2)};
        ReviewFigures f = ReviewFigures.of("q", T0, 1, 4, 2, 3, ages);
        assertThat(f).isEqualTo(new ReviewFigures("q", T0, 4, 1, 4, 2, 3, Duration.ofMinutes(2), Duration.ofMinutes(4)));
        assertThat(f.agreementRate()).isEqualTo(0.75);
        assertThat(ages[0]).isEqualTo(Duration.ofMinutes(4));
        Duration[] one = {Duration.ofSeconds(7)};
        assertThat(ReviewFigures.nearestRank(one, 50)).isEqualTo(Duration.ofSeconds(7));
        assertThat(ReviewFigures.nearestRank(one, 99)).isEqualTo(Duration.ofSeconds(7));
        Duration[] three = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)};
        assertThat(ReviewFigures.nearestRank(three, 50)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReviewFigures.nearestRank(three, 34)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReviewFigures.nearestRank(three, 33)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReviewFigures.nearestRank(new Duration[0], 99)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 1, 2, 0, 0, 0, Duration.ZERO, Duration.ZERO))
                .hasMessage("claimed must be in [0, pending=1] but was 2");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, -1, -1, 0, 0, 0, Duration.ZERO, Duration.ZERO))
                .hasMessageStartingWith("claimed must be in [0, pending=-1]");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, -1, 0, 0, 0, Duration.ZERO, Duration.ZERO))
                .hasMessageStartingWith("claimed must be");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, 0, -1, 0, 0, Duration.ZERO, Duration.ZERO))
                .hasMessage("resolved and expired must be >= 0 but were -1, 0");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, 0, 0, -1, 0, Duration.ZERO, Duration.ZERO))
                .hasMessage("resolved and expired must be >= 0 but were 0, -1");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, 0, 1, 0, 2, Duration.ZERO, Duration.ZERO))
                .hasMessage("agreed must be in [0, resolved=1] but was 2");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, 0, 1, 0, -1, Duration.ZERO, Duration.ZERO))
                .hasMessage("agreed must be in [0, resolved=1] but was -1");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, 0, 0, 0, 0, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessageStartingWith("ages must satisfy 0 <= ageP50 <= ageP99");
        assertThatThrownBy(() -> new ReviewFigures("q", T0, 0, 0, 0, 0, 0, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("ages must satisfy");
        assertThat(new ReviewFigures("q", T0, 1, 1, 1, 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)).agreementRate())
                .isEqualTo(1.0);
    }
}
