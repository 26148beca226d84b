package org.mlops4j.monitoring.multivariate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;

/**
 * Turns rows into standardised numeric vectors, fitted on the reference: a numeric feature is one
 * column, a boolean one column of 0/1, a categorical feature one 0/1 column per category among its
 * {@code topCategories} most frequent in the reference (ties by name; other and missing categories
 * are all zero). Every column is then standardised with the reference's mean and population standard
 * deviation (like scikit-learn's {@code StandardScaler}; a constant column is only centred). A missing
 * or non-finite numeric or boolean value is imputed with the reference mean, so it becomes 0.
 * Immutable and thread-safe.
 */
final class FeatureEncoding {

    private final List<Feature> features;
    private final List<String> names;
    /** Per feature, its categories in column order (null for numeric and boolean features). */
    private final List<Map<String, Integer>> categories;
    private final double[] mean;
    private final double[] scale;

    private FeatureEncoding(List<Feature> features, List<String> names, List<Map<String, Integer>> categories,
                            double[] mean, double[] scale) {
        this.features = features;
        this.names = names;
        this.categories = categories;
        this.mean = mean;
        this.scale = scale;
    }

    static FeatureEncoding fit(Schema schema, List<? extends Map<String, ?>> rows, int topCategories) {
        List<Feature> features = schema.features();
        List<String> names = new ArrayList<>();
        List<Map<String, Integer>> categories = new ArrayList<>();
        for (Feature f : features) {
            if (f.type() == FeatureType.CATEGORICAL) {
                Map<String, Integer> counts = new HashMap<>();
                for (Map<String, ?> row : rows) {
                    if (row.get(f.name()) instanceof CharSequence cs) {
                        counts.merge(cs.toString(), 1, Integer::sum);
                    }
                }
                List<String> top = counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                        .limit(topCategories).map(Map.Entry::getKey).toList();
                if (top.isEmpty()) {
                    throw new IllegalArgumentException("reference holds no category of feature '" + f.name() + "'");
                }
                Map<String, Integer> index = new HashMap<>();
                for (String c : top) {
                    index.put(c, names.size());
                    names.add(f.name() + "=" + c);
                }
                categories.add(index);
            } else {
                names.add(f.name());
                categories.add(null);
            }
        }
        int p = names.size();
        double[] sum = new double[p];
        double[] sumSq = new double[p];
        long[] seen = new long[p];
        double[] raw = new double[p];
        for (Map<String, ?> row : rows) {
            raw(features, categories, row, raw, null);
            for (int j = 0; j < p; j++) {
                if (!Double.isNaN(raw[j])) {
                    sum[j] += raw[j];
                    seen[j]++;
                }
            }
        }
        double[] mean = new double[p];
        for (int j = 0; j < p; j++) {
            if (seen[j] == 0) {
                throw new IllegalArgumentException("reference holds no value of feature '" + names.get(j) + "'");
            }
            mean[j] = sum[j] / seen[j];
        }
        for (Map<String, ?> row : rows) {
            raw(features, categories, row, raw, mean);
            for (int j = 0; j < p; j++) {
                double d = raw[j] - mean[j];
                sumSq[j] += d * d;
            }
        }
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            double sd = Math.sqrt(sumSq[j] / rows.size());
            scale[j] = sd > 0 ? sd : 1.0;
        }
        return new FeatureEncoding(List.copyOf(features), List.copyOf(names), categories, mean, scale);
    }

    /** Reads a row's raw column values; a missing value is NaN, or the mean when {@code impute} is given. */
    private static void raw(List<Feature> features, List<Map<String, Integer>> categories, Map<String, ?> row,
                            double[] out, double[] impute) {
        int j = 0;
        for (int f = 0; f < features.size(); f++) {
            Feature feature = features.get(f);
            Object v = row.get(feature.name());
            Map<String, Integer> index = categories.get(f);
            if (index != null) {
                for (int k = 0; k < index.size(); k++) {
                    out[j + k] = 0.0;
                }
                Integer at = v instanceof CharSequence cs ? index.get(cs.toString()) : null;
                if (at != null) {
                    out[at] = 1.0;
                }
                j += index.size();
                continue;
            }
            double x = Double.NaN;
            if (feature.type() == FeatureType.BOOLEAN) {
                x = v instanceof Boolean b ? (b ? 1.0 : 0.0) : Double.NaN;
            } else if (v instanceof Number n) {
                x = n.doubleValue();
                x = Double.isFinite(x) ? x : Double.NaN;
            }
            out[j] = Double.isNaN(x) && impute != null ? impute[j] : x;
            j++;
        }
    }

    /** @return the encoded column names, in column order */
    List<String> names() {
        return names;
    }

    /**
     * Encodes rows.
     *
     * @param rows the rows, read by feature name
     * @return one standardised vector per row
     */
    double[][] encode(List<? extends Map<String, ?>> rows) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] x = new double[names.size()];
            raw(features, categories, rows.get(i), x, mean);
            for (int j = 0; j < x.length; j++) {
                x[j] = (x[j] - mean[j]) / scale[j];
            }
            out[i] = x;
        }
        return out;
    }
}
