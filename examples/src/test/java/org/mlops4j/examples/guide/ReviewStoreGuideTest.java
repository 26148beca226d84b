package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.review.ReviewException;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewRecord;
import org.mlops4j.core.review.ReviewStatus;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.tracking.jdbc.JdbcReviewStore;
import org.mlops4j.tracking.jdbc.JdbcStore;

/** The durable review store guide's code resolves the item it added, and the file keeps it. */
class ReviewStoreGuideTest {

    @TempDir
    Path dir;

    @Test
    void theBackOfficeClaimsAndResolvesTheDeferredPrediction() {
        Path file = dir.resolve("reviews.db");
        Instant deferred = Instant.now().minusSeconds(30);
        ReviewFigures figures = ReviewStoreGuide.backOffice(file, "tx-42", "{\"amount\":980.0}", "\"fraud\"", deferred);
        assertThat(figures.pending()).isZero();
        assertThat(figures.resolved()).isEqualTo(1);
        assertThat(figures.agreementRate()).isEqualTo(1.0);
        try (JdbcStore jdbc = JdbcStore.sqlite(file); ReviewStore reopened = new JdbcReviewStore(jdbc)) {
            ReviewRecord record = reopened.find("claims", "tx-42").orElseThrow();
            assertThat(record.status()).isEqualTo(ReviewStatus.RESOLVED);
            assertThat(record.decision().orElseThrow().reviewer()).isEqualTo("ann@example.com");
            assertThat(record.decision().orElseThrow().comment()).contains("receipt checked");
            assertThat(reopened.resolvedSince("claims", deferred, 10)).containsExactly(record);
            assertThat(record.age(record.resolvedAt().orElseThrow())).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            assertThatThrownBy(() -> reopened.resolve("claims", "tx-42", record.decision().orElseThrow(),
                    OptionalLong.empty())).isInstanceOfSatisfying(ReviewException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReviewException.Reason.ALREADY_RESOLVED));
        }
    }
}
