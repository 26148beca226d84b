package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured prediction read back, joined with its latest label.
 *
 * @param predictionId the prediction's id
 * @param time when it was made
 * @param variant the variant that answered
 * @param model the model that answered, {@code name/version}
 * @param input the input, decoded
 * @param output the answer, as JSON
 * @param label its latest label, if one came
 * @param <I> the input type
 */
public record CapturedRow<I>(String predictionId, Instant time, String variant, String model, I input,
                             JsonNode output, Optional<CapturedLabel> label) {

    /**
     * Validates the row.
     *
     * @param predictionId the prediction's id
     * @param time when it was made
     * @param variant the variant that answered
     * @param model the model that answered
     * @param input the input, decoded
     * @param output the answer, as JSON
     * @param label its latest label, if one came
     * @throws NullPointerException if an argument is null
     */
    public CapturedRow {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(label, "label");
    }

    /** @return whether a label came */
    public boolean labelled() {
        return label.isPresent();
    }
}
