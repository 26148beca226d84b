package org.mlops4j.monitoring.log;

import java.time.Instant;
import java.util.Objects;
import org.mlops4j.core.feedback.GroundTruth;

/**
 * A label captured for a prediction: the latest one when several came.
 *
 * @param truth the true class or value
 * @param time when it was recorded
 * @param source where it came from: {@code "feedback"}, {@code "review"}, ...
 */
public record CapturedLabel(GroundTruth truth, Instant time, String source) {

    /**
     * Validates the label.
     *
     * @param truth the true class or value
     * @param time when it was recorded
     * @param source where it came from
     * @throws NullPointerException if an argument is null
     */
    public CapturedLabel {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
    }
}
