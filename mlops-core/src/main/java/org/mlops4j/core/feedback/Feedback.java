package org.mlops4j.core.feedback;

/**
 * What came back about a served prediction after it was answered: its true outcome
 * ({@link GroundTruth}, a class label or a value), what the user did with the answer
 * ({@link UserSignal}), or a reward in [0, 1] ({@link Reward}, for a bandit).
 *
 * <p>Sent once to a {@link FeedbackJoin}, keyed by the prediction id or the caller's request id;
 * the join fans it out, joined to its prediction, to every {@link FeedbackListener}: the monitor
 * (accuracy, RMSE, concept drift, rejected ratio), the canary analysis through the monitor's
 * figures, a bandit's arms, and the retraining data.
 */
public sealed interface Feedback permits GroundTruth, UserSignal, Reward {
}
