package org.mlops4j.monitoring;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * What a monitor compares live traffic with: the profile of the data the serving model was trained
 * or validated on (input drift), and its predictions on that data (prediction drift: label counts
 * for a classifier, predicted values for a regression model). Every part is optional. A monitor
 * starts from one ({@link ModelMonitor.Builder#baseline}) and is re-baselined in place when another
 * model takes over ({@link ModelMonitor#rebaseline}). Immutable.
 *
 * <pre>{@code
 * Baseline.of(ReferenceProfile.of(schema, trainingRows)).withPredictions(Map.of("fraud", 120L, "legit", 1880L))
 * }</pre>
 */
public final class Baseline {

    private static final Baseline NONE = new Baseline(null, null, null);

    private final ReferenceProfile reference;
    private final Map<String, Long> predictions;
    private final double[] outputs;

    private Baseline(ReferenceProfile reference, Map<String, Long> predictions, double[] outputs) {
        this.reference = reference;
        this.predictions = predictions;
        this.outputs = outputs;
    }

    /** @return a baseline with no part: no drift is tested */
    public static Baseline none() {
        return NONE;
    }

    /**
     * A baseline of the inputs.
     *
     * @param reference the reference profile (its schema becomes the monitor's schema)
     * @return the baseline
     */
    public static Baseline of(ReferenceProfile reference) {
        return NONE.withReference(reference);
    }

    /**
     * @param value the reference profile of the inputs
     * @return a copy with it
     */
    public Baseline withReference(ReferenceProfile value) {
        return new Baseline(Objects.requireNonNull(value, "reference"), predictions, outputs);
    }

    /**
     * Enables prediction-distribution drift for a classifier: each window's label counts are tested
     * against these (the test {@link DriftTests#auto(Map)} picks).
     *
     * @param labelCounts count of each predicted label on the reference data
     * @return a copy with them, and without reference outputs
     * @throws IllegalArgumentException if the counts are empty or one is negative
     */
    public Baseline withPredictions(Map<String, Long> labelCounts) {
        Objects.requireNonNull(labelCounts, "predictions");
        DriftTests.auto(labelCounts);
        return new Baseline(reference, Map.copyOf(labelCounts), null);
    }

    /**
     * Enables prediction-distribution drift for a regression model: each window's predicted values
     * (a uniform sample of up to 5,000) are tested against these with the test
     * {@link DriftTests#auto(double[])} picks.
     *
     * @param values predicted values on the reference data, finite
     * @return a copy with them, and without reference label counts
     * @throws IllegalArgumentException if there are none or one is not finite, naming its index
     */
    public Baseline withOutputs(double[] values) {
        Objects.requireNonNull(values, "outputs");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("outputs[" + i + "] must be finite but was " + values[i]);
            }
        }
        DriftTests.auto(values);
        return new Baseline(reference, null, values.clone());
    }

    /** @return the reference profile of the inputs */
    public Optional<ReferenceProfile> reference() {
        return Optional.ofNullable(reference);
    }

    /** @return the reference label counts of a classifier */
    public Optional<Map<String, Long>> predictions() {
        return Optional.ofNullable(predictions);
    }

    /** @return a copy of the reference predicted values of a regression model */
    public Optional<double[]> outputs() {
        return Optional.ofNullable(outputs).map(double[]::clone);
    }

    double[] outputsOrNull() {
        return outputs;
    }

    @Override
    public String toString() {
        return "Baseline[" + (reference == null ? "no reference" : reference.rows() + " reference rows")
                + (predictions == null ? "" : ", predictions " + predictions)
                + (outputs == null ? "" : ", " + outputs.length + " reference outputs") + "]";
    }
}
