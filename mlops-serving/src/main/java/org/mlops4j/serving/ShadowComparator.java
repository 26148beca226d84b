package org.mlops4j.serving;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Compares a shadow's answer with the primary's for the same input.
 *
 * @param <O> the output type
 */
@FunctionalInterface
public interface ShadowComparator<O> {

    /**
     * Compares two answers.
     *
     * @param primary the primary's answer, which the caller got
     * @param shadow the shadow's answer
     * @return whether they agree, and by how much their scores differ
     */
    ShadowComparison compare(O primary, O shadow);

    /**
     * Agreement is {@code Objects.equals}; no score difference.
     *
     * @param <O> the output type
     * @return the comparator
     */
    static <O> ShadowComparator<O> equality() {
        return (p, s) -> new ShadowComparison(Objects.equals(p, s), Double.NaN);
    }

    /**
     * Agreement is equality of the predicted labels (for classifiers).
     *
     * @param label reads the label out of an answer
     * @param <O> the output type
     * @return the comparator
     */
    static <O> ShadowComparator<O> labels(Function<? super O, String> label) {
        Objects.requireNonNull(label, "label");
        return (p, s) -> new ShadowComparison(Objects.equals(label.apply(p), label.apply(s)), Double.NaN);
    }

    /**
     * Agreement is a score within tolerance: {@code |p - s| <= absolute + relative * |p|} (for
     * regressors, or a classifier's score of one class).
     *
     * @param score reads the score out of an answer
     * @param absolute the absolute tolerance, >= 0
     * @param relative the relative tolerance, >= 0
     * @param <O> the output type
     * @return the comparator; the score difference reported is {@code s - p}
     * @throws IllegalArgumentException if a tolerance is negative or NaN
     */
    static <O> ShadowComparator<O> scores(ToDoubleFunction<? super O> score, double absolute, double relative) {
        Objects.requireNonNull(score, "score");
        if (!(absolute >= 0) || !(relative >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0 but were absolute=" + absolute
                    + ", relative=" + relative);
        }
        return (p, s) -> {
            double a = score.applyAsDouble(p);
            double b = score.applyAsDouble(s);
            double diff = b - a;
            return new ShadowComparison(Math.abs(diff) <= absolute + relative * Math.abs(a), diff);
        };
    }
}
