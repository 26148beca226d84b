package org.mlops4j.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mlops4j.core.OutputKind;

/**
 * The contract of a model version: the inputs it takes (a {@link Schema}: names, types, whether
 * required, ranges and category sets, in the model's column order), what it answers (a
 * classifier's labels in output column order, or a regression value), and optionally an input
 * example, one valid row. The counterpart of MLflow's model signature and input example.
 *
 * <p>A registry version can carry one ({@code ModelRegistration.Builder.signature}); an endpoint
 * refuses a candidate whose signature is {@linkplain #differencesFrom incompatible} with the
 * version it serves, and a monitor takes its schema from it when given none.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputs the input features, in the model's column order
 * @param output {@link OutputKind#CLASSIFICATION} or {@link OutputKind#REGRESSION}
 * @param labels the class labels in output column order (classification); empty for regression
 * @param inputExample one valid input row (feature name to a number, string or boolean); empty
 *     when none was recorded
 */
public record ModelSignature(Schema inputs, OutputKind output, List<String> labels, Map<String, Object> inputExample) {

    /**
     * Validates and freezes the signature.
     *
     * @param inputs the input features, in the model's column order
     * @param output classification or regression
     * @param labels the class labels in output column order; empty for regression
     * @param inputExample one valid row, or empty
     * @throws IllegalArgumentException naming the field and the value when the output kind is
     *     neither classification nor regression, a classifier has fewer than 2 labels or repeats
     *     one, a regression model is given labels, or the example holds a value that is not a
     *     number, string or boolean
     * @throws org.mlops4j.core.InvalidInputException if the example breaks the input schema
     */
    public ModelSignature {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(output, "output");
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        Objects.requireNonNull(inputExample, "inputExample");
        if (output != OutputKind.CLASSIFICATION && output != OutputKind.REGRESSION) {
            throw new IllegalArgumentException("output must be CLASSIFICATION or REGRESSION but was " + output);
        }
        if (output == OutputKind.CLASSIFICATION && labels.size() < 2) {
            throw new IllegalArgumentException("labels of a classifier must hold at least 2 labels but were " + labels);
        }
        if (output == OutputKind.REGRESSION && !labels.isEmpty()) {
            throw new IllegalArgumentException("labels of a regression model must be empty but were " + labels);
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (label.isEmpty() || !seen.add(label)) {
                throw new IllegalArgumentException("labels must be unique and non-empty but were " + labels);
            }
        }
        Map<String, Object> example = new LinkedHashMap<>();
        inputExample.forEach((name, value) -> {
            Objects.requireNonNull(name, "inputExample feature name");
            if (value != null && !(value instanceof Number || value instanceof String || value instanceof Boolean)) {
                throw new IllegalArgumentException("inputExample value of feature '" + name
                        + "' must be a number, string or boolean but was a " + value.getClass().getName());
            }
            example.put(name, value);
        });
        if (!example.isEmpty()) {
            inputs.requireValid(example);
        }
        inputExample = Collections.unmodifiableMap(example);
    }

    /**
     * A classifier's signature with no input example.
     *
     * @param inputs the input features, in column order
     * @param labels the class labels, in output column order
     * @return the signature
     */
    public static ModelSignature classifier(Schema inputs, List<String> labels) {
        return new ModelSignature(inputs, OutputKind.CLASSIFICATION, labels, Map.of());
    }

    /**
     * A regression model's signature with no input example.
     *
     * @param inputs the input features, in column order
     * @return the signature
     */
    public static ModelSignature regressor(Schema inputs) {
        return new ModelSignature(inputs, OutputKind.REGRESSION, List.of(), Map.of());
    }

    /**
     * Returns a copy with an input example.
     *
     * @param example one valid row; its order is kept
     * @return a new signature
     * @throws org.mlops4j.core.InvalidInputException if the row breaks the input schema
     */
    public ModelSignature withInputExample(Map<String, ?> example) {
        return new ModelSignature(inputs, output, labels, new LinkedHashMap<>(example));
    }

    /** @return the input feature names, in the model's column order */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Feature f : inputs.features()) {
            names.add(f.name());
        }
        return Collections.unmodifiableList(names);
    }

    /** @return the input example, if one was recorded */
    public Optional<Map<String, Object>> example() {
        return inputExample.isEmpty() ? Optional.empty() : Optional.of(inputExample);
    }

    /**
     * Lists why this signature (a candidate's) cannot take the traffic sent to a model with
     * {@code served}'s signature: every input row valid for {@code served} must be valid for this
     * one, and the answers must mean the same. Each difference is one sentence naming the feature
     * or field and both values:
     * <ul>
     *   <li>a feature this one requires that {@code served} does not (or only optionally) takes;</li>
     *   <li>a feature {@code served} takes that this one does not, unless this one allows
     *       unexpected features;</li>
     *   <li>a feature of another type, a category {@code served} accepts that this one refuses, or a
     *       range of {@code served} not inside this one's;</li>
     *   <li>another output kind, or other labels (order aside: a classifier's label columns may be
     *       ordered differently).</li>
     * </ul>
     * Column order is not a difference: features are passed by name.
     *
     * @param served the signature of the version serving the traffic now
     * @return the differences; empty when this signature is compatible
     */
    public List<String> differencesFrom(ModelSignature served) {
        Objects.requireNonNull(served, "served");
        List<String> out = new ArrayList<>();
        for (Feature mine : inputs.features()) {
            Optional<Feature> theirs = served.inputs.feature(mine.name());
            if (theirs.isEmpty()) {
                if (mine.required()) {
                    out.add("feature '" + mine.name() + "' is required by the candidate but not taken by the served model");
                }
                continue;
            }
            compare(theirs.get(), mine, out);
        }
        if (!inputs.allowsUnexpectedFeatures()) {
            for (Feature theirs : served.inputs.features()) {
                if (inputs.feature(theirs.name()).isEmpty()) {
                    out.add("feature '" + theirs.name() + "' is taken by the served model but not by the candidate");
                }
            }
        }
        if (output != served.output) {
            out.add("output is " + served.output + " for the served model but " + output + " for the candidate");
        } else if (!new TreeSet<>(labels).equals(new TreeSet<>(served.labels))) {
            out.add("labels are " + served.labels + " for the served model but " + labels + " for the candidate");
        }
        return List.copyOf(out);
    }

    private static void compare(Feature served, Feature candidate, List<String> out) {
        String name = "feature '" + candidate.name() + "'";
        if (served.type() != candidate.type()) {
            out.add(name + " is " + served.type() + " for the served model but " + candidate.type() + " for the candidate");
            return;
        }
        if (candidate.required() && !served.required()) {
            out.add(name + " is optional for the served model but required by the candidate");
        }
        if (!candidate.categories().isEmpty()) {
            if (served.categories().isEmpty()) {
                out.add(name + " takes any category for the served model but only " + candidate.categories()
                        + " for the candidate");
            } else if (!candidate.categories().containsAll(served.categories())) {
                Set<String> missing = new TreeSet<>(served.categories());
                missing.removeAll(candidate.categories());
                out.add(name + " takes " + served.categories() + " for the served model but the candidate refuses "
                        + missing);
            }
        }
        if (served.min() < candidate.min() || served.max() > candidate.max()) {
            out.add(name + " ranges over [" + served.min() + ", " + served.max() + "] for the served model but only ["
                    + candidate.min() + ", " + candidate.max() + "] for the candidate");
        }
    }
}
