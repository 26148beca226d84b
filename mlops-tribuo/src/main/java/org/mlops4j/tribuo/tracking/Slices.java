package org.mlops4j.tribuo.tracking;

import java.util.List;
import java.util.Objects;
import org.tribuo.Dataset;
import org.tribuo.Output;

/**
 * A way to cut an evaluation set into {@link Slice}s for error analysis: a fixed slice (a
 * {@link Slice} is itself a {@code Slices}), or slices derived from the data, such as one per
 * value of a categorical feature ({@link #byCategoricalFeature(String)}).
 *
 * <p>Slices may overlap and need not cover the evaluation set.
 *
 * @param <T> the output type
 */
@FunctionalInterface
public interface Slices<T extends Output<T>> {

    /**
     * Returns the slices of an evaluation set.
     *
     * @param evaluation the evaluation set
     * @return the slices, in the order their metrics are logged
     */
    List<Slice<T>> slices(Dataset<T> evaluation);

    /**
     * One slice per value of a categorical feature, one-hot encoded as Tribuo and
     * {@code TribuoExamples} name it: feature {@code <feature>@<value>} with a non-zero value. The
     * slice of value {@code red} of feature {@code colour} is named {@code colour@red} (logged as
     * {@code slice.colour_red.<metric>}). Values are those present in the evaluation set, sorted.
     *
     * @param feature the feature's name before the {@code @}, for example {@code colour}
     * @param <T> the output type
     * @return the slices; none when no evaluation example has the feature
     * @throws IllegalArgumentException if the feature name is blank
     */
    static <T extends Output<T>> Slices<T> byCategoricalFeature(String feature) {
        Objects.requireNonNull(feature, "feature");
        if (feature.isBlank()) {
            throw new IllegalArgumentException("feature must not be blank but was '" + feature + "'");
        }
        return new CategoricalSlices<>(feature);
    }
}
