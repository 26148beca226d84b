package org.mlops4j.core.review;

import java.util.Objects;
import java.util.Optional;

/**
 * What a person decided about one review item.
 *
 * @param decisionText the encoded correct answer (the typed layer encodes it), at most
 *                     {@link ReviewLimits#MAX_TEXT} characters
 * @param reviewer who decided; non-blank, at most {@value ReviewLimits#MAX_NAME} characters
 * @param comment an optional note, at most {@value ReviewLimits#MAX_COMMENT} characters
 * @param agreesWithModel whether the reviewer agreed with the model's answer (feeds
 *                        {@link ReviewFigures#agreementRate()})
 */
public record ReviewDecision(String decisionText, String reviewer, Optional<String> comment,
        boolean agreesWithModel) {

    /**
     * Validates the decision.
     *
     * @param decisionText the encoded correct answer (the typed layer encodes it), at most {@link
     *     ReviewLimits#MAX_TEXT} characters
     * @param reviewer who decided; non-blank, at most {@value ReviewLimits#MAX_NAME} characters
     * @param comment an optional note, at most {@value ReviewLimits#MAX_COMMENT} characters
     * @param agreesWithModel whether the reviewer agreed with the model's answer (feeds {@link
     *     ReviewFigures#agreementRate()})
     * @throws IllegalArgumentException naming the field and value when one is out of range
     * @throws NullPointerException when the text or the comment optional is null
     */
    public ReviewDecision {
        ReviewLimits.checkText("decisionText", decisionText, ReviewLimits.MAX_TEXT);
        ReviewLimits.checkName("reviewer", reviewer);
        Objects.requireNonNull(comment, "comment");
        comment.ifPresent(c -> ReviewLimits.checkText("comment", c, ReviewLimits.MAX_COMMENT));
    }
}
