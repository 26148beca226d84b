package org.mlops4j.tribuo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.core.schema.Violation;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Wraps a Tribuo {@link Model} as a {@link Predictor} of tabular rows.
 *
 * <p>A row is a {@code Map<String, ?>} from feature name to value, converted to a Tribuo example
 * like this:
 * <ul>
 *   <li>a {@link Number} becomes the feature of that name with that value (NaN and infinities are
 *       refused: Tribuo cannot score them);</li>
 *   <li>a {@link Boolean} becomes 1.0 or 0.0;</li>
 *   <li>a {@link CharSequence} is one-hot encoded as Tribuo names it: feature {@code name@value}
 *       with value 1.0;</li>
 *   <li>{@code null} means missing: the feature is left out, which Tribuo's sparse examples read as 0.</li>
 * </ul>
 * A feature the model never saw (including a category value never seen) is refused under
 * {@link UnknownFeaturePolicy#REJECT}, the default, with an {@link InvalidInputException} naming it.
 *
 * <p>Read the predicted label, value and confidence with {@link TribuoPredictions}. Thread-safe:
 * Tribuo models are immutable after training and this class holds no mutable state.
 *
 * @param <T> the Tribuo output type, for example {@link Label} or {@link Regressor}
 */
public final class TribuoPredictor<T extends Output<T>> implements Predictor<Map<String, ?>, Prediction<T>> {

    private final Model<T> model;
    private final T unknownOutput;
    private final UnknownFeaturePolicy policy;
    private final ImmutableFeatureMap features;

    private TribuoPredictor(Model<T> model, T unknownOutput, UnknownFeaturePolicy policy) {
        this.model = model;
        this.unknownOutput = unknownOutput;
        this.policy = policy;
        this.features = model.getFeatureIDMap();
    }

    /**
     * Wraps a classification or regression model, refusing unknown features.
     *
     * @param model a model whose outputs are {@link Label} or {@link Regressor}
     * @param <T> the output type
     * @return the predictor
     * @throws IllegalArgumentException if the model predicts another output type (use
     *     {@link #of(Model, OutputFactory, UnknownFeaturePolicy)})
     */
    public static <T extends Output<T>> TribuoPredictor<T> of(Model<T> model) {
        return of(model, UnknownFeaturePolicy.REJECT);
    }

    /**
     * Wraps a classification or regression model.
     *
     * @param model a model whose outputs are {@link Label} or {@link Regressor}
     * @param policy what to do with features the model never saw
     * @param <T> the output type
     * @return the predictor
     * @throws IllegalArgumentException if the model predicts another output type
     */
    @SuppressWarnings("unchecked")
    public static <T extends Output<T>> TribuoPredictor<T> of(Model<T> model, UnknownFeaturePolicy policy) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        T unknown;
        if (model.validate(Label.class)) {
            unknown = (T) LabelFactory.UNKNOWN_LABEL;
        } else if (model.validate(Regressor.class)) {
            unknown = (T) RegressionFactory.UNKNOWN_REGRESSOR;
        } else {
            throw new IllegalArgumentException("model '" + model.getName() + "' predicts neither Label nor Regressor; "
                    + "use TribuoPredictor.of(model, outputFactory, policy)");
        }
        return new TribuoPredictor<>(model, unknown, policy);
    }

    /**
     * Wraps a model of any Tribuo output type.
     *
     * @param model the model
     * @param outputFactory the factory of the model's output type (supplies the unknown output)
     * @param policy what to do with features the model never saw
     * @param <T> the output type
     * @return the predictor
     */
    public static <T extends Output<T>> TribuoPredictor<T> of(Model<T> model, OutputFactory<T> outputFactory,
                                                              UnknownFeaturePolicy policy) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outputFactory, "outputFactory");
        Objects.requireNonNull(policy, "policy");
        return new TribuoPredictor<>(model, outputFactory.getUnknownOutput(), policy);
    }

    /**
     * Scores one row.
     *
     * @param row feature name to value
     * @return Tribuo's prediction
     * @throws InvalidInputException if a value has an unsupported type or is not finite, if a
     *     feature is unknown under {@link UnknownFeaturePolicy#REJECT}, or if no feature is known
     * @throws NullPointerException if the row or one of its keys is null
     */
    @Override
    public Prediction<T> predict(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        String[] names = new String[row.size()];
        double[] values = new double[row.size()];
        int n = 0;
        List<Violation> violations = null;
        for (Map.Entry<String, ?> e : row.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "row key");
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            String name = TribuoExamples.featureName(key, value);
            if (name == null) {
                violations = add(violations, TribuoExamples.wrongType(key, value));
                continue;
            }
            double x = TribuoExamples.featureValue(value);
            if (!Double.isFinite(x)) {
                violations = add(violations, new Violation(key, value, Rule.NON_FINITE, "must be finite"));
                continue;
            }
            if (features.get(name) == null) {
                if (policy == UnknownFeaturePolicy.REJECT) {
                    violations = add(violations, value instanceof CharSequence
                            ? new Violation(key, value, Rule.UNKNOWN_CATEGORY, "the model never saw feature '" + name + "'")
                            : new Violation(key, value, Rule.UNEXPECTED_FEATURE, "the model never saw this feature"));
                }
                continue;
            }
            names[n] = name;
            values[n] = x;
            n++;
        }
        if (violations != null) {
            throw new InvalidInputException(violations);
        }
        if (n == 0) {
            throw new InvalidInputException("row has no feature known to model '" + model.getName() + "': " + row.keySet());
        }
        if (n < names.length) {
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
        }
        return model.predict(new ArrayExample<>(unknownOutput, names, values));
    }

    private static List<Violation> add(List<Violation> list, Violation v) {
        List<Violation> out = list == null ? new ArrayList<>(2) : list;
        out.add(v);
        return out;
    }

    /** @return the wrapped model */
    public Model<T> model() {
        return model;
    }

    /** @return the policy for unknown features */
    public UnknownFeaturePolicy unknownFeaturePolicy() {
        return policy;
    }

    @Override
    public String toString() {
        return "TribuoPredictor[" + model.getName() + ", features=" + features.size() + ", " + policy + "]";
    }
}
