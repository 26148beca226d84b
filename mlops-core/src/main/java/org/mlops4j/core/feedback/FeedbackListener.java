package org.mlops4j.core.feedback;

import java.util.Set;

/**
 * Receives feedback joined to its prediction by a {@link FeedbackJoin}: the seam between the one
 * feedback entry of the library and what learns from feedback (monitors, bandits, retraining data).
 *
 * <p>Called on the thread that sent the feedback, from many threads at once: implementations must
 * be thread-safe and quick. The join guards every call: an exception is logged and counted and the
 * other listeners still receive the feedback, except {@link FeedbackMismatchException}, which says
 * the caller sent feedback that cannot be used with the prediction (a value for a classifier, a
 * label for answers that have none) and reaches the caller.
 *
 * @param <I> the input type it accepts
 * @param <O> the output type it accepts
 */
@FunctionalInterface
public interface FeedbackListener<I, O> {

    /**
     * Handles feedback about one prediction.
     *
     * @param event the feedback and the prediction it joined
     * @throws FeedbackMismatchException when this feedback cannot be used with that prediction
     */
    void onFeedback(FeedbackEvent<? extends I, ? extends O> event);

    /**
     * Tells which parts of a prediction this listener reads from {@link FeedbackEvent#prediction()}
     * beyond its identity, so that a join remembers no more than its listeners need (see
     * {@link PredictionField}). Read when the listener is added.
     *
     * @return the parts read; all of them unless overridden
     */
    default Set<PredictionField> reads() {
        return PredictionField.all();
    }
}
