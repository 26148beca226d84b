package org.mlops4j.examples.guide;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlops4j.core.review.Admission;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewClaim;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewFigures;
import org.mlops4j.core.review.ReviewRecord;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.tracking.jdbc.JdbcReviewStore;
import org.mlops4j.tracking.jdbc.JdbcStore;

/**
 * The code of docs/serving.md's "Durable review store": the store a back-office UI calls to list,
 * claim and resolve review items, on an SQLite file (PostgreSQL through {@code JdbcStore.open}).
 */
public final class ReviewStoreGuide {

    private ReviewStoreGuide() {
    }

    /**
     * Adds one item, lists the queue, claims the first item with a lease, resolves it with the claim's
     * token, sweeps expired items and reads the queue's figures.
     *
     * @param dbFile the SQLite file
     * @param predictionId the prediction to review
     * @param inputJson the encoded input
     * @param answerJson the model's encoded answer
     * @param now when the prediction was deferred
     * @return the queue's figures after the resolution
     */
    public static ReviewFigures backOffice(Path dbFile, String predictionId, String inputJson, String answerJson,
            Instant now) {
        try (JdbcStore store = JdbcStore.sqlite(dbFile)) {
            // tag::serving-review-store[]
            // store: JdbcStore.sqlite(dbFile) or JdbcStore.open(dataSource, ...), closed by its owner
            ReviewStore reviews = new JdbcReviewStore(store);
            Admission admitted = reviews.add("claims", new NewReview(predictionId, inputJson, answerJson, 0.62,
                    "claims/3", now, 0, now.plus(Duration.ofHours(4))), 10_000);   // ADDED, DUPLICATE or FULL

            // the back-office UI: list by priority then age, claim under a lease, resolve with the claim's token
            List<ReviewRecord> page = reviews.pending("claims", 50);
            Optional<ReviewClaim> claim = reviews.claimNext("claims", "ann@example.com", Duration.ofMinutes(10));
            claim.ifPresent(c -> reviews.resolve("claims", c.predictionId(),
                    new ReviewDecision("\"approve\"", c.reviewer(), Optional.of("receipt checked"), true),
                    OptionalLong.of(c.token())));

            List<ReviewRecord> expired = reviews.expire("claims");  // a scheduled sweep: each item returned once
            ReviewFigures figures = reviews.figures("claims");      // waiting, claimed, age p50/p99, agreement
            // end::serving-review-store[]
            if (admitted != Admission.ADDED || page.isEmpty() || !expired.isEmpty()) {
                throw new IllegalStateException("unexpected: " + admitted + ", " + page + ", " + expired);
            }
            return figures;
        }
    }
}
