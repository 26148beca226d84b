package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.review.Admission;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewClaim;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewException;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewRecord;
import org.mlops4j.core.review.ReviewStatus;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.review.ReviewStoreContract;

/** The review store contract on an SQLite file, and what survives closing and reopening it. */
class SqliteReviewStoreTest extends ReviewStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @org.junit.jupiter.api.AfterEach
    void closeStores() {
        stores.close();
    }

    @TempDir
    Path dir;

    @Override
    protected ReviewStore create(ManualClock clock) {
        return new JdbcReviewStore(stores.sqlite(dir.resolve("review.db")), clock);
    }

    @Test
    void pendingClaimsResolutionsAndFiguresSurviveAReopen() {
        Path file = dir.resolve("restart.db");
        NewReview waiting = new NewReview("w1", "{\"amount\":12.5}", "\"fraud\"", Double.NaN, "fraud/7",
                T0.minusSeconds(120), 2, T0.plusSeconds(3600));
        ReviewDecision decision = new ReviewDecision("\"ok\"", "bob", Optional.of("known customer"), false);
        ReviewClaim claim;
        ReviewRecord resolvedBefore;
        ReviewFigures figuresBefore;
        try (ReviewStore first = new JdbcReviewStore(stores.sqlite(file), clock)) {
            assertThat(first.add("claims", waiting, 10)).isEqualTo(Admission.ADDED);
            assertThat(first.add("claims", item("c1", 0, 60), 10)).isEqualTo(Admission.ADDED);
            assertThat(first.add("claims", item("r1", 0, 30), 10)).isEqualTo(Admission.ADDED);
            claim = first.claim("claims", "c1", "ann", Duration.ofMinutes(10));
            resolvedBefore = first.resolve("claims", "r1", decision, OptionalLong.empty());
            figuresBefore = first.figures("claims");
        }
        clock.advance(Duration.ofMinutes(1));
        try (ReviewStore reopened = new JdbcReviewStore(stores.sqlite(file), clock)) {
            assertThat(reopened.find("claims", "w1").orElseThrow().item()).isEqualTo(waiting);
            List<ReviewRecord> list = reopened.waiting("claims", 10);
            assertThat(list).extracting(ReviewRecord::predictionId).containsExactly("w1", "c1");
            assertThat(list.get(1).claimedBy()).contains("ann");
            assertThat(list.get(1).claimedUntil()).contains(T0.plus(Duration.ofMinutes(10)));
            assertThat(reopened.find("claims", "r1")).contains(resolvedBefore);
            assertThat(reopened.resolvedSince("claims", T0, 10)).containsExactly(resolvedBefore);
            ReviewFigures after = reopened.figures("claims");
            assertThat(after).isEqualTo(new ReviewFigures("claims", T0.plusSeconds(60), 2, 1, 1, 0, 0,
                    Duration.ofMinutes(3), Duration.ofMinutes(61)));
            assertThat(figuresBefore.pending()).isEqualTo(after.pending());
            // the claim's token is still the live one: someone else is refused, the holder resolves
            assertThatThrownBy(() -> reopened.claim("claims", "c1", "bob", Duration.ofMinutes(1)))
                    .isInstanceOfSatisfying(ReviewException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReviewException.Reason.CLAIMED_BY_OTHER));
            assertThat(reopened.resolve("claims", "c1", new ReviewDecision("x", "ann", Optional.empty(), true),
                    OptionalLong.of(claim.token())).status()).isEqualTo(ReviewStatus.RESOLVED);
            assertThat(reopened.add("claims", item("r1", 0, 1), 10)).isEqualTo(Admission.DUPLICATE);
        }
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        Instant enqueued = Instant.parse("2024-01-01T00:00:00.123456789Z");
        store.add("q", new NewReview("p", "i", "a", 0.25, "m/1", enqueued, 0, enqueued.plusSeconds(5)), 1);
        NewReview stored = store.find("q", "p").orElseThrow().item();
        assertThat(stored.enqueuedAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00.123456Z"));
        assertThat(stored.confidence()).isEqualTo(0.25);
        clock.advanceNanos(999);
        ReviewRecord resolved = store.resolve("q", "p", new ReviewDecision("d", "ann", Optional.empty(), true),
                OptionalLong.empty());
        assertThat(store.find("q", "p")).contains(resolved);
        assertThatThrownBy(() -> store.add("q", new NewReview("far", "i", "a", 0.1, "m/1", T0, 0, Instant.MAX), 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item.deadline must be within ±292,000 years of 1970 to be stored but was");
    }

    @Test
    void aDatabaseFailureIsAStoreExceptionNamingTheStore() throws Exception {
        Path file = dir.resolve("broken.db");
        JdbcStore jdbc = stores.sqlite(file);
        ReviewStore broken = new JdbcReviewStore(jdbc, clock);
        jdbc.write(c -> {
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE review_items");
            }
            return null;
        });
        assertThatThrownBy(() -> broken.add("q", item("p", 0, 1), 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("SQLite store " + file.toAbsolutePath()).hasMessageContaining("review_items");
    }
}
