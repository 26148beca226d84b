package org.mlops4j.serving;

import java.util.Objects;

/**
 * What the caller gets while a prediction waits for review.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface Interim<I, O> {

    /**
     * Chooses the interim answer.
     *
     * @param input the input
     * @param modelAnswer what the model answered
     * @return the answer the caller gets now
     */
    O answer(I input, O modelAnswer);

    /**
     * Defer: answer with a fixed value that means "pending review" (for example a Label
     * {@code "review"}); the decision comes later from a person.
     *
     * @param pending the value
     * @param <I> the input type
     * @param <O> the output type
     * @return the interim policy
     */
    static <I, O> Interim<I, O> defer(O pending) {
        Objects.requireNonNull(pending, "pending");
        return (input, model) -> pending;
    }

    /**
     * AI-assisted: the caller gets the model's answer now, and a person reviews it.
     *
     * @param <I> the input type
     * @param <O> the output type
     * @return the interim policy
     */
    static <I, O> Interim<I, O> modelAnswer() {
        return (input, model) -> model;
    }

    /**
     * Fallback: the caller gets another model's answer (usually the champion's, for a candidate
     * that is not trusted on low-confidence inputs).
     *
     * @param fallback the model answering meanwhile
     * @param <I> the input type
     * @param <O> the output type
     * @return the interim policy
     */
    static <I, O> Interim<I, O> fallback(Variant<I, O> fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return (input, model) -> fallback.predictor().predict(input);
    }
}
