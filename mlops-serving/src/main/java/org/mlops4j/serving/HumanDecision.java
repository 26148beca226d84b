package org.mlops4j.serving;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's decision on a reviewed prediction.
 *
 * @param decision the answer the person gave
 * @param reviewer who decided
 * @param comment what they noted, if anything
 * @param agreesWithModel whether the decision equals the model's answer (false when the item had
 *     none, at {@link AutomationLevel#HUMAN_ONLY})
 * @param resolvedAt when, by the store's clock
 * @param <O> the output type
 */
public record HumanDecision<O>(O decision, String reviewer, Optional<String> comment, boolean agreesWithModel,
                               Instant resolvedAt) {

    /**
     * Validates the decision.
     *
     * @param decision the answer the person gave
     * @param reviewer who decided
     * @param comment what they noted, if anything
     * @param agreesWithModel whether the decision equals the model's answer
     * @param resolvedAt when, by the store's clock
     */
    public HumanDecision {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
    }
}
