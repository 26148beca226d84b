package org.mlops4j.core;

/**
 * A model as the rest of mlops4j sees it: something that turns an input into an output.
 *
 * <p>Any model can be wrapped: a Tribuo model ({@code org.mlops4j.tribuo.TribuoPredictor}, in mlops-tribuo), an
 * ONNX session, a lambda, or a call to a remote service. Endpoints, strategies and monitors work
 * only with this interface.
 *
 * <p>Implementations used by an endpoint are called from many threads at once and must be
 * thread-safe. An implementation signals bad input with {@link InvalidInputException} and any
 * other failure with an unchecked exception; it never returns {@code null} unless its output type
 * documents {@code null} as a valid answer.
 *
 * @param <I> the input type, for example {@code Map<String, ?>} for a tabular row
 * @param <O> the output type, for example a Tribuo {@code Prediction<Label>}
 */
@FunctionalInterface
public interface Predictor<I, O> {

    /**
     * Computes the model's answer for one input.
     *
     * @param input the input; never {@code null}
     * @return the model's output
     * @throws InvalidInputException when the input is not one the model can score
     */
    O predict(I input);
}
