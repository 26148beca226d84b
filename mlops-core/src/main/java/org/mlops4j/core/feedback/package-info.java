/**
 * The one feedback path: {@link org.mlops4j.core.feedback.Feedback} (ground truth, user signals,
 * rewards) sent to a {@link org.mlops4j.core.feedback.FeedbackJoin} by prediction id or by the
 * caller's request id, joined to its prediction within a bounded window, and fanned out to every
 * {@link org.mlops4j.core.feedback.FeedbackListener}.
 *
 * <p>Module {@code mlops-core}, shared by both planes: the endpoint (mlops-serving) owns the join,
 * the monitor (mlops-monitoring) and the closed loop (mlops-lifecycle) listen, so the SPI lives
 * next to {@link org.mlops4j.core.PredictionListener}.
 */
package org.mlops4j.core.feedback;
