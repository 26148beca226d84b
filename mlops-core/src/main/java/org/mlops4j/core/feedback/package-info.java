/**
 * The one feedback path: {@link org.mlops4j.core.feedback.Feedback} (ground truth, user signals,
 * rewards) sent to a {@link org.mlops4j.core.feedback.FeedbackJoin} by prediction id or by the
 * caller's request id, joined to its prediction within a bounded window, and fanned out to every
 * {@link org.mlops4j.core.feedback.FeedbackListener}.
 */
package org.mlops4j.core.feedback;
