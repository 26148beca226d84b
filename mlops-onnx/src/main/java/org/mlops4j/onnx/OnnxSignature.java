package org.mlops4j.onnx;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlops4j.core.OutputKind;

/**
 * What an ONNX model takes and answers: the names of the features in the order of the columns of
 * its one 2-D float input tensor ({@code [batch, features]}), and its output: a classifier's class
 * probabilities ({@code [batch, labels]}, labels in column order), or a regression value
 * ({@code [batch, 1]}).
 *
 * @param features the feature names, in input column order
 * @param kind {@link OutputKind#CLASSIFICATION} or {@link OutputKind#REGRESSION}
 * @param labels the class labels in output column order (classification); empty for regression
 */
public record OnnxSignature(List<String> features, OutputKind kind, List<String> labels) {

    /**
     * Validates and freezes the signature.
     *
     * @param features the feature names, in input column order
     * @param kind classification or regression
     * @param labels the class labels in output column order; empty for regression
     * @throws IllegalArgumentException naming the field and the value when a list is empty or holds a
     *     repeat, or the kind is neither
     */
    public OnnxSignature {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        Objects.requireNonNull(kind, "kind");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features must not be empty");
        }
        unique("features", features);
        unique("labels", labels);
        if (kind == OutputKind.CLASSIFICATION && labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 labels but has " + labels);
        }
        if (kind == OutputKind.REGRESSION && !labels.isEmpty()) {
            throw new IllegalArgumentException("a regression model has no labels but was given " + labels);
        }
        if (kind != OutputKind.CLASSIFICATION && kind != OutputKind.REGRESSION) {
            throw new IllegalArgumentException("kind must be CLASSIFICATION or REGRESSION but was " + kind);
        }
    }

    /**
     * A classifier's signature.
     *
     * @param features the feature names, in input column order
     * @param labels the class labels, in output column order
     * @return the signature
     */
    public static OnnxSignature classifier(List<String> features, List<String> labels) {
        return new OnnxSignature(features, OutputKind.CLASSIFICATION, labels);
    }

    /**
     * A regression model's signature.
     *
     * @param features the feature names, in input column order
     * @return the signature
     */
    public static OnnxSignature regressor(List<String> features) {
        return new OnnxSignature(features, OutputKind.REGRESSION, List.of());
    }

    private static void unique(String field, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(Objects.requireNonNull(n, field + " element"))) {
                throw new IllegalArgumentException(field + " must be unique but '" + n + "' appears twice");
            }
        }
    }
}
