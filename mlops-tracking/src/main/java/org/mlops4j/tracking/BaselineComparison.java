package org.mlops4j.tracking;

import java.util.Objects;

/**
 * A model's metric next to one baseline's value of it.
 *
 * <p>{@code difference} is {@code model - baseline}. {@code improvement} is the difference in the
 * direction of the goal: {@code model - baseline} when larger is better ({@link Goal#MAX}),
 * {@code baseline - model} when smaller is better ({@link Goal#MIN}); positive means the model is
 * better. {@code relativeImprovement} is {@code improvement / |baseline|} (for an error metric, the
 * skill score {@code 1 - model / baseline}), NaN when the baseline is 0. The model beats the
 * baseline when {@code improvement > 0}: a tie does not beat it.
 *
 * @param baseline the baseline's name
 * @param kind what the baseline is
 * @param metric the metric key
 * @param goal whether larger or smaller values of the metric are better
 * @param modelValue the model's value, finite
 * @param baselineValue the baseline's value, finite
 * @param difference {@code modelValue - baselineValue}
 * @param improvement the difference signed so that positive is better
 * @param relativeImprovement {@code improvement / |baselineValue|}, NaN when the baseline is 0
 * @param beats whether {@code improvement > 0}
 */
public record BaselineComparison(String baseline, PerformanceBaseline.Kind kind, String metric, Goal goal,
                                 double modelValue, double baselineValue, double difference, double improvement,
                                 double relativeImprovement, boolean beats) {

    /**
     * Validates the components.
     *
     * @param baseline the baseline's name
     * @param kind what the baseline is
     * @param metric the metric key
     * @param goal whether larger or smaller values of the metric are better
     * @param modelValue the model's value, finite
     * @param baselineValue the baseline's value, finite
     * @param difference {@code modelValue - baselineValue}
     * @param improvement the difference signed so that positive is better
     * @param relativeImprovement {@code improvement / |baselineValue|}, NaN when the baseline is 0
     * @param beats whether {@code improvement > 0}
     * @throws IllegalArgumentException if a value is not finite
     */
    public BaselineComparison {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        finite(modelValue, "modelValue", metric);
        finite(baselineValue, "baselineValue", metric);
    }

    /**
     * Compares a model's value of a metric with a baseline's.
     *
     * @param baseline the baseline, which must have the metric
     * @param metric the metric key
     * @param modelValue the model's value
     * @param goal whether larger or smaller values are better
     * @return the comparison
     * @throws IllegalArgumentException if the baseline lacks the metric (the message lists what it
     *     has) or the model's value is NaN or infinite
     */
    public static BaselineComparison of(PerformanceBaseline baseline, String metric, double modelValue, Goal goal) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        Double b = baseline.metrics().get(metric);
        if (b == null) {
            throw new IllegalArgumentException("baseline '" + baseline.name() + "' has no metric '" + metric
                    + "'; it has " + baseline.metrics().keySet());
        }
        // The constructor refuses a model value that is not finite.
        double difference = modelValue - b;
        double improvement = goal == Goal.MAX ? difference : -difference;
        double relative = b == 0.0 ? Double.NaN : improvement / Math.abs(b);
        return new BaselineComparison(baseline.name(), baseline.kind(), metric, goal, modelValue, b, difference,
                improvement, relative, improvement > 0);
    }

    private static void finite(double value, String field, String metric) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " of metric '" + metric + "' must be finite but was " + value);
        }
    }

    /**
     * @return for example {@code accuracy 0.9100 vs majority (TRIVIAL) 0.8300: +0.08000 (+9.6% better), beats it}
     */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s %.4g vs %s (%s) %.4g: %+.4g (%s), %s", metric, modelValue,
                baseline, kind, baselineValue, difference, Double.isNaN(relativeImprovement) ? "n/a"
                        : String.format(java.util.Locale.ROOT, "%+.1f%% better", 100 * relativeImprovement),
                beats ? "beats it" : "does not beat it");
    }
}
