package org.mlops4j.monitoring.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.internal.Rows;
import org.mlops4j.monitoring.internal.DriftTestFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset drift, as Evidently and Alibi Detect define it: each feature of a {@link Schema} is tested
 * (by {@link DriftTests#auto} unless a test is set for it), p-values are corrected for multiple
 * testing (Bonferroni by default, Benjamini-Hochberg on request; distances are not corrected), and
 * the dataset drifts when the share of drifted features, optionally weighted by feature
 * importance, reaches a threshold (0.5 by default).
 *
 * <p>Missing values ({@code null}) are left out of a feature's samples. When the current data has
 * fewer rows than the minimum size (30 by default), or a feature has fewer non-missing current
 * values, the answer is {@link Verdict#INSUFFICIENT_DATA}, never a guess. When a feature's test
 * throws a {@link RuntimeException} (a custom test's bug, or a sample the test cannot handle), that
 * feature alone is {@link Verdict#TEST_FAILED}, without a result, and the others are decided and
 * corrected without it; the failures of one call are logged together at WARN. A row holding a value
 * of the wrong type is still refused. Immutable and thread-safe.
 */
public final class DatasetDriftDetector {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetDriftDetector.class);

    private final Schema schema;
    private final MultipleTesting correction;
    private final double shareThreshold;
    private final int minCurrentSize;
    private final Map<String, Double> weights;
    private final Map<String, NumericDriftTest> numericTests;
    private final Map<String, CategoricalDriftTest> categoricalTests;

    private DatasetDriftDetector(Builder b) {
        this.schema = b.schema;
        this.correction = b.correction;
        this.shareThreshold = b.shareThreshold;
        this.minCurrentSize = b.minCurrentSize;
        this.weights = Map.copyOf(b.weights);
        this.numericTests = Map.copyOf(b.numericTests);
        this.categoricalTests = Map.copyOf(b.categoricalTests);
    }

    /**
     * Starts configuring a detector.
     *
     * @param schema the features to test
     * @return the builder
     */
    public static Builder builder(Schema schema) {
        return new Builder(schema);
    }

    /**
     * Compares current inputs with reference inputs of any type, read through a
     * {@link FeatureExtractor} (records, beans, protobuf messages, Tribuo examples).
     *
     * @param reference the reference inputs
     * @param current the current inputs
     * @param features reads the schema's features out of an input
     * @param <I> the input type
     * @return the report, as {@link #detect(List, List)} gives it on the inputs' rows
     * @throws IllegalArgumentException if an input cannot be read (naming its position and type),
     *     or as {@link #detect(List, List)}
     */
    public <I> DatasetDriftReport detect(List<? extends I> reference, List<? extends I> current,
                                         FeatureExtractor<? super I> features) {
        return detect(Rows.rows(schema, reference, features), Rows.rows(schema, current, features));
    }

    /**
     * Compares current rows with reference rows.
     *
     * @param reference the reference rows
     * @param current the current rows
     * @return the report; a feature whose test threw is {@link Verdict#TEST_FAILED}
     * @throws IllegalArgumentException if the reference holds no value of a feature, or a numeric
     *     feature's value is not a {@link Number}
     */
    public DatasetDriftReport detect(List<? extends Map<String, ?>> reference, List<? extends Map<String, ?>> current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        List<Feature> features = schema.features();
        if (current.size() < minCurrentSize) {
            List<FeatureDrift> none = new ArrayList<>();
            for (Feature f : features) {
                none.add(new FeatureDrift(f.name(), Verdict.INSUFFICIENT_DATA, Optional.empty(), Double.NaN,
                        countPresent(reference, f.name()), countPresent(current, f.name())));
            }
            return new DatasetDriftReport(Verdict.INSUFFICIENT_DATA, Double.NaN, shareThreshold, correction, none);
        }
        DriftResult[] results = new DriftResult[features.size()];
        boolean[] failed = new boolean[features.size()];
        DriftTestFailures failures = new DriftTestFailures();
        int[][] sizes = new int[features.size()][2];
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            sizes[i][0] = countPresent(reference, f.name());
            sizes[i][1] = countPresent(current, f.name());
            if (sizes[i][0] == 0) {
                throw new IllegalArgumentException("reference holds no value of feature '" + f.name() + "'");
            }
            if (sizes[i][1] < minCurrentSize) {
                continue;
            }
            results[i] = f.type() == FeatureType.NUMERIC
                    ? numeric(f.name(), numbers(reference, f.name()), numbers(current, f.name()), failures)
                    : categorical(f.name(), texts(reference, f.name()), texts(current, f.name()), failures);
            failed[i] = results[i] == null;
        }
        failures.log(LOG, features.size());
        double[] raw = new double[results.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = results[i] == null ? Double.NaN : results[i].pValue();
        }
        double[] adjusted = correction.adjust(raw);
        List<FeatureDrift> out = new ArrayList<>();
        double drifted = 0;
        double evaluated = 0;
        for (int i = 0; i < features.size(); i++) {
            String name = features.get(i).name();
            DriftResult r = results[i];
            if (r == null) {
                out.add(new FeatureDrift(name, failed[i] ? Verdict.TEST_FAILED : Verdict.INSUFFICIENT_DATA,
                        Optional.empty(), Double.NaN, sizes[i][0], sizes[i][1]));
                continue;
            }
            boolean drift = r.hasPValue() ? adjusted[i] < r.threshold() : r.drifted();
            double w = weights.getOrDefault(name, 1.0);
            evaluated += w;
            if (drift) {
                drifted += w;
            }
            out.add(new FeatureDrift(name, drift ? Verdict.DRIFT : Verdict.NO_DRIFT, Optional.of(r), adjusted[i],
                    sizes[i][0], sizes[i][1]));
        }
        if (evaluated == 0) {
            return new DatasetDriftReport(failures.any() ? Verdict.TEST_FAILED : Verdict.INSUFFICIENT_DATA,
                    Double.NaN, shareThreshold, correction, out);
        }
        double share = drifted / evaluated;
        return new DatasetDriftReport(share >= shareThreshold ? Verdict.DRIFT : Verdict.NO_DRIFT, share,
                shareThreshold, correction, out);
    }

    /** Runs the feature's test on its samples; on failure records it and returns null. */
    private DriftResult numeric(String feature, double[] ref, double[] cur, DriftTestFailures failures) {
        NumericDriftTest t = numericTests.get(feature);
        try {
            t = t != null ? t : DriftTests.auto(ref);
            return t.test(ref, cur);
        } catch (RuntimeException e) {
            failures.add(feature, t == null ? "auto" : t.name(), e);
            return null;
        }
    }

    /** Runs the feature's test on its samples; on failure records it and returns null. */
    private DriftResult categorical(String feature, String[] ref, String[] cur, DriftTestFailures failures) {
        CategoricalDriftTest t = categoricalTests.get(feature);
        try {
            t = t != null ? t : DriftTests.auto(ref);
            return t.test(ref, cur);
        } catch (RuntimeException e) {
            failures.add(feature, t == null ? "auto" : t.name(), e);
            return null;
        }
    }

    private static int countPresent(List<? extends Map<String, ?>> rows, String name) {
        int n = 0;
        for (Map<String, ?> row : rows) {
            if (row.get(name) != null) {
                n++;
            }
        }
        return n;
    }

    private static double[] numbers(List<? extends Map<String, ?>> rows, String name) {
        double[] out = new double[countPresent(rows, name)];
        int i = 0;
        for (Map<String, ?> row : rows) {
            Object v = row.get(name);
            if (v == null) {
                continue;
            }
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("feature '" + name + "' is NUMERIC but a row holds "
                        + v.getClass().getSimpleName() + " '" + v + "'");
            }
            out[i++] = n.doubleValue();
        }
        return out;
    }

    private static String[] texts(List<? extends Map<String, ?>> rows, String name) {
        String[] out = new String[countPresent(rows, name)];
        int i = 0;
        for (Map<String, ?> row : rows) {
            Object v = row.get(name);
            if (v != null) {
                out[i++] = v.toString();
            }
        }
        return out;
    }

    /** Configures a {@link DatasetDriftDetector}; not thread-safe. */
    public static final class Builder {
        private final Schema schema;
        private MultipleTesting correction = MultipleTesting.BONFERRONI;
        private double shareThreshold = 0.5;
        private int minCurrentSize = 30;
        private final Map<String, Double> weights = new HashMap<>();
        private final Map<String, NumericDriftTest> numericTests = new LinkedHashMap<>();
        private final Map<String, CategoricalDriftTest> categoricalTests = new LinkedHashMap<>();

        private Builder(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
        }

        /**
         * @param value the correction
         * @return this builder
         */
        public Builder correction(MultipleTesting value) {
            this.correction = Objects.requireNonNull(value, "correction");
            return this;
        }

        /**
         * @param value the drifted share that means dataset drift, in (0, 1]
         * @return this builder
         */
        public Builder shareThreshold(double value) {
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException("shareThreshold must be in (0, 1] but was " + value);
            }
            this.shareThreshold = value;
            return this;
        }

        /**
         * @param value the fewest current rows (and non-missing values per feature) to decide on, >= 1
         * @return this builder
         */
        public Builder minCurrentSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("minCurrentSize must be >= 1 but was " + value);
            }
            this.minCurrentSize = value;
            return this;
        }

        /**
         * Weighs features in the drifted share (feature importance); unlisted features weigh 1.
         *
         * @param value feature name to weight, each finite and >= 0
         * @return this builder
         */
        public Builder weights(Map<String, Double> value) {
            Objects.requireNonNull(value, "weights");
            for (Map.Entry<String, Double> e : value.entrySet()) {
                requireFeature(e.getKey());
                double w = Objects.requireNonNull(e.getValue(), "weight of " + e.getKey());
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("weight of feature '" + e.getKey()
                            + "' must be finite and >= 0 but was " + w);
                }
            }
            weights.putAll(value);
            return this;
        }

        /**
         * @param feature a numeric feature
         * @param test the test to use for it instead of the automatic choice
         * @return this builder
         */
        public Builder test(String feature, NumericDriftTest test) {
            if (requireFeature(feature).type() != FeatureType.NUMERIC) {
                throw new IllegalArgumentException("feature '" + feature + "' is not NUMERIC: give it a categorical test");
            }
            numericTests.put(feature, Objects.requireNonNull(test, "test"));
            return this;
        }

        /**
         * @param feature a categorical or boolean feature
         * @param test the test to use for it instead of the automatic choice
         * @return this builder
         */
        public Builder test(String feature, CategoricalDriftTest test) {
            if (requireFeature(feature).type() == FeatureType.NUMERIC) {
                throw new IllegalArgumentException("feature '" + feature + "' is NUMERIC: give it a numeric test");
            }
            categoricalTests.put(feature, Objects.requireNonNull(test, "test"));
            return this;
        }

        private Feature requireFeature(String name) {
            Objects.requireNonNull(name, "feature");
            return schema.feature(name).orElseThrow(() -> new IllegalArgumentException(
                    "schema has no feature '" + name + "'"));
        }

        /** @return the detector */
        public DatasetDriftDetector build() {
            return new DatasetDriftDetector(this);
        }
    }
}
