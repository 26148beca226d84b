/**
 * The data-plane SPI for the human review loop: a durable {@link org.mlops4j.core.review.ReviewStore}
 * of the predictions people must check. An item is added ({@link org.mlops4j.core.review.NewReview}),
 * listed for a back-office UI by priority and age, claimed by one reviewer under a lease
 * ({@link org.mlops4j.core.review.ReviewClaim}, whose token changes on every claim), resolved with a
 * {@link org.mlops4j.core.review.ReviewDecision} or released, and expired when its deadline passes.
 * Every refused transition throws {@link org.mlops4j.core.review.ReviewException} with a
 * {@link org.mlops4j.core.review.ReviewException.Reason}; nothing is dropped silently.
 * {@link org.mlops4j.core.review.ReviewFigures} summarise a queue for monitoring.
 *
 * <p>The store holds text: the typed layer in {@code mlops-serving} encodes inputs and answers.
 * Module {@code mlops-core}: the SPI and {@link org.mlops4j.core.review.ReviewStore#inMemory}; the
 * SQLite/PostgreSQL store is {@code JdbcReviewStore} in {@code mlops-tracking}.
 */
package org.mlops4j.core.review;
