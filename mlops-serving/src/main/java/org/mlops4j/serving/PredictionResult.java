package org.mlops4j.serving;

import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelRef;

/**
 * The answer of one call to {@link ModelEndpoint#serve}, with who gave it: the id to send feedback
 * with, the caller's own request id, the variant and model version that answered, and whether that
 * variant answered as the fallback of another one that failed.
 *
 * <pre>{@code
 * PredictionResult<Prediction<Label>> r = endpoint.serve(row, customerId, transactionId);
 * respond(r.output());
 * // later, when the truth is known (either id works):
 * endpoint.feedback().record(r.predictionId(), GroundTruth.label("fraud"));
 * }</pre>
 *
 * @param predictionId the id the endpoint gave the call; the key of its feedback
 * @param requestId the caller's id of the request, when one was given
 * @param variant the variant that answered
 * @param model the model version that answered
 * @param output the answer (what the caller gets, after the strategy's say, e.g. an interim answer
 *     while a person reviews); null only where the model's output type allows it
 * @param fallback true when the routed variant failed and {@code variant} answered in its place
 * @param <O> the output type
 */
public record PredictionResult<O>(String predictionId, Optional<String> requestId, String variant, ModelRef model,
                                  O output, boolean fallback) {

    /**
     * Validates the result.
     *
     * @param predictionId the id the endpoint gave the call; the key of its feedback
     * @param requestId the caller's id of the request, when one was given
     * @param variant the variant that answered
     * @param model the model version that answered
     * @param output the answer (what the caller gets, after the strategy's say, e.g. an interim answer
     *     while a person reviews); null only where the model's output type allows it
     * @param fallback true when the routed variant failed and {@code variant} answered in its place
     */
    public PredictionResult {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
    }
}
