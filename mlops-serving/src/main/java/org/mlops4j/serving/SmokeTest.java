package org.mlops4j.serving;

import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.mlops4j.core.Predictor;

/**
 * A check a candidate must pass before it may take traffic, for example the predictions of a
 * golden dataset. {@link BlueGreenStrategy#stage} runs it on the green variant before any switch.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface SmokeTest<I, O> {

    /**
     * Checks a candidate.
     *
     * @param candidate the model to check
     * @throws IllegalStateException when the candidate fails the check (any other exception fails
     *     it too)
     */
    void check(Predictor<I, O> candidate);

    /**
     * A golden-dataset check: the candidate must agree with the expected outputs on at least a
     * share of the inputs.
     *
     * @param inputs the golden inputs
     * @param expected the expected output of each, in the same order
     * @param matches whether an output matches its expected value
     * @param minAgreement the share that must match, in (0, 1]
     * @param <I> the input type
     * @param <O> the output type
     * @return the smoke test
     * @throws IllegalArgumentException if the lists are empty or differ in size, or the share is out of range
     */
    static <I, O> SmokeTest<I, O> golden(List<I> inputs, List<O> expected, BiPredicate<? super O, ? super O> matches,
                                         double minAgreement) {
        List<I> in = List.copyOf(inputs);
        List<O> out = List.copyOf(expected);
        Objects.requireNonNull(matches, "matches");
        if (in.isEmpty() || in.size() != out.size()) {
            throw new IllegalArgumentException("golden inputs and expected outputs must be non-empty and the same size"
                    + " but were " + in.size() + " and " + out.size());
        }
        if (!(minAgreement > 0.0 && minAgreement <= 1.0)) {
            throw new IllegalArgumentException("minAgreement must be in (0, 1] but was " + minAgreement);
        }
        return candidate -> {
            int agree = 0;
            for (int i = 0; i < in.size(); i++) {
                if (matches.test(candidate.predict(in.get(i)), out.get(i))) {
                    agree++;
                }
            }
            double share = (double) agree / in.size();
            if (share < minAgreement) {
                throw new IllegalStateException("smoke test failed: the candidate matched " + agree + " of " + in.size()
                        + " golden predictions (" + share + "), below the required " + minAgreement);
            }
        };
    }
}
