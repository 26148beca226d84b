package org.mlops4j.core.feedback;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A part of a prediction that a {@link FeedbackListener} may read from
 * {@link FeedbackEvent#prediction()}, beyond what a {@link FeedbackJoin} always keeps (the
 * prediction and request ids, the endpoint, variant and model, and whether a fallback answered).
 *
 * <p>A join remembers each prediction for as long as its feedback may come (100,000 predictions by
 * default), so it keeps only the parts some listener reads ({@link FeedbackListener#reads()}): a
 * bandit reads none, a monitor reads the output, a listener of your own reads all of them unless it
 * says otherwise. A part no listener read when the prediction was made is empty in its feedback
 * event (the timestamp is then the Unix epoch, the latency 0).
 */
public enum PredictionField {
    /** {@link org.mlops4j.core.PredictionEvent#routingKey()}. */
    ROUTING_KEY,
    /** {@link org.mlops4j.core.PredictionEvent#timestamp()}. */
    TIMESTAMP,
    /** {@link org.mlops4j.core.PredictionEvent#output()}. */
    OUTPUT,
    /** {@link org.mlops4j.core.PredictionEvent#confidence()}. */
    CONFIDENCE,
    /** {@link org.mlops4j.core.PredictionEvent#latencyNanos()}. */
    LATENCY;

    private static final Set<PredictionField> ALL = Collections.unmodifiableSet(EnumSet.allOf(PredictionField.class));

    /** @return every part, what a listener reads unless it says otherwise */
    public static Set<PredictionField> all() {
        return ALL;
    }

    /** @return no part: the listener reads only what a join always keeps */
    public static Set<PredictionField> none() {
        return Set.of();
    }
}
