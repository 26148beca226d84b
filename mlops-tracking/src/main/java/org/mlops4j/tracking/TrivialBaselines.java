package org.mlops4j.tracking;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of trivial models, computed exactly: what any model must beat before its own figures
 * mean anything. Each method takes what the trivial model is fitted on and what it is scored on
 * (usually the training and the test labels), or one list for both.
 *
 * <ul>
 *   <li>{@link #majorityClass}: always predict the most frequent training label (ties go to the
 *       smallest label by {@code String.valueOf} order, as scikit-learn's
 *       {@code DummyClassifier(strategy="most_frequent")} does). Metrics {@code accuracy},
 *       {@code micro_f1} (equal to accuracy for single-label classes), {@code macro_f1} and
 *       {@code weighted_f1}, as scikit-learn's {@code f1_score} computes them with
 *       {@code zero_division=0}: the majority class m, predicted for all n test rows of which c
 *       are m, has F1 = 2c / (n + c); every other class has F1 0; the macro average divides by the
 *       number of classes among the test labels and m, the weighted one weighs by test support.</li>
 *   <li>{@link #meanPredictor}: always predict the mean of the training values. Metrics
 *       {@code rmse} (the root of the mean squared error) and {@code mae} (the mean absolute
 *       error) on the test values, the keys the regression autolog uses.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class TrivialBaselines {

    private TrivialBaselines() {
    }

    /**
     * The majority-class predictor fitted and scored on the same labels.
     *
     * @param labels the labels, compared with {@code equals}
     * @return a {@link PerformanceBaseline.Kind#TRIVIAL} baseline named {@code majority}
     * @throws IllegalArgumentException if there are no labels or one is null
     */
    public static PerformanceBaseline majorityClass(List<?> labels) {
        return majorityClass(labels, labels);
    }

    /**
     * The majority-class predictor: fitted on {@code fit} (its most frequent label) and scored on
     * {@code test}.
     *
     * @param fit the labels the majority is taken from (the training labels)
     * @param test the labels it is scored on (the test labels)
     * @return a {@link PerformanceBaseline.Kind#TRIVIAL} baseline named {@code majority}, its source
     *     naming the label it predicts
     * @throws IllegalArgumentException if a list is empty or holds a null, naming it
     */
    public static PerformanceBaseline majorityClass(List<?> fit, List<?> test) {
        check(fit, "fit");
        check(test, "test");
        Map<Object, Long> counts = new HashMap<>();
        for (Object label : fit) {
            counts.merge(label, 1L, Long::sum);
        }
        Object majority = null;
        long best = -1;
        for (Map.Entry<Object, Long> e : counts.entrySet()) {
            long n = e.getValue();
            if (n > best || n == best && order(e.getKey(), majority) < 0) {
                majority = e.getKey();
                best = n;
            }
        }
        Map<Object, Long> support = new HashMap<>();
        for (Object label : test) {
            support.merge(label, 1L, Long::sum);
        }
        double n = test.size();
        double c = support.getOrDefault(majority, 0L);
        double f1 = 2 * c / (n + c);
        // scikit-learn averages over the classes of the true labels and the predicted one. When the
        // majority class is not among the test labels every F1 is 0, so the count only matters when it is.
        int classes = support.size();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", c / n);
        metrics.put("micro_f1", c / n);
        metrics.put("macro_f1", f1 / classes);
        metrics.put("weighted_f1", f1 * c / n);
        return PerformanceBaseline.trivial("majority", metrics, "always predicts the majority class '"
                + abbreviate(String.valueOf(majority)) + "' (" + best + " of " + fit.size() + " fitted labels)");
    }

    /**
     * The mean predictor fitted and scored on the same values.
     *
     * @param values the target values
     * @return a {@link PerformanceBaseline.Kind#TRIVIAL} baseline named {@code mean}
     * @throws IllegalArgumentException if there are no values or one is NaN or infinite
     */
    public static PerformanceBaseline meanPredictor(double[] values) {
        return meanPredictor(values, values);
    }

    /**
     * The mean predictor: fitted on {@code fit} (its mean) and scored on {@code test}. Sums are
     * compensated (Kahan-Babuska), so the figures are exact to a few ulps.
     *
     * @param fit the values whose mean is predicted (the training targets)
     * @param test the values it is scored on (the test targets)
     * @return a {@link PerformanceBaseline.Kind#TRIVIAL} baseline named {@code mean} with
     *     {@code rmse} and {@code mae}, its source naming the mean
     * @throws IllegalArgumentException if an array is empty or holds NaN or an infinity, naming it
     *     and the index
     */
    public static PerformanceBaseline meanPredictor(double[] fit, double[] test) {
        check(fit, "fit");
        check(test, "test");
        double mean = sum(fit, Double.NaN, false) / fit.length;
        double squared = sum(test, mean, true) / test.length;
        double absolute = sum(test, mean, false) / test.length;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", Math.sqrt(squared));
        metrics.put("mae", absolute);
        return PerformanceBaseline.trivial("mean", metrics, "always predicts the mean " + mean + " of "
                + fit.length + " fitted values");
    }

    /**
     * A compensated sum (Neumaier's variant of Kahan summation) of the values, or of their squared
     * or absolute deviations from {@code centre} when it is not NaN.
     */
    private static double sum(double[] values, double centre, boolean squared) {
        double sum = 0;
        double compensation = 0;
        for (double v : values) {
            double x = Double.isNaN(centre) ? v : squared ? (v - centre) * (v - centre) : Math.abs(v - centre);
            double t = sum + x;
            compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return sum + compensation;
    }

    /** Natural order for labels of one comparable class (numbers as numbers), else by {@code String.valueOf}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int order(Object a, Object b) {
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static void check(List<?> labels, String name) {
        Objects.requireNonNull(labels, name);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(name + " labels must not be empty");
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null) {
                throw new IllegalArgumentException(name + " label " + i + " must not be null");
            }
        }
    }

    private static void check(double[] values, String name) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " values must not be empty");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " value " + i + " must be finite but was " + values[i]);
            }
        }
    }

    private static String abbreviate(String label) {
        return label.length() <= 100 ? label : label.substring(0, 100) + "...";
    }
}
