package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataset drift between two Spark DataFrames (a training set and a day of logged predictions, say),
 * feature by feature, with the tests, the multiple-testing correction and the report of
 * {@link DatasetDriftDetector}.
 *
 * <pre>{@code
 * DatasetDriftReport report = SparkDrift.builder(schema).build().detect(training, today);
 * }</pre>
 *
 * <p>Both frames are counted first. When each has at most {@link Builder#exactCutoff(long)} rows
 * (100,000 by default), the schema's columns are collected to the driver and compared by a
 * {@link DatasetDriftDetector} configured from the {@link DriftCheckConfig}: the report is the one
 * the detector gives on the same rows. Above the cutoff nothing is collected row by row:
 * <ul>
 *   <li>a categorical or boolean feature, and a numeric one whose reference holds at most
 *       {@value DriftTests#AUTO_NUMERIC_UNIQUE} distinct values (which the detector tests as
 *       categories), is tested on its exact category counts (one pass and one shuffle per frame),
 *       ordered as in the collected rows: the same result as the detector's, at any size;</li>
 *   <li>any other numeric feature is summarised per partition (counts, moments and an Apache
 *       DataSketches KLL sketch of parameter {@link Builder#quantileK(int)}), the summaries merged
 *       ({@code treeReduce}), and compared by the {@link DriftCheckConfig#sketchTest()} through
 *       {@link org.mlops4j.monitoring.profile.SketchDrift}, as a monitor compares its windows:
 *       {@code ks_sketch} by default, whose statistic is within e_ref + e_cur of the exact
 *       Kolmogorov-Smirnov D (e is a sketch's normalized rank error, about 0.0133 at k = 200 with
 *       99% confidence, 0 while a sketch holds every value) and whose p-value is the asymptotic
 *       Kolmogorov one at D - e_ref - e_cur, so that sketch error alone does not declare drift.</li>
 * </ul>
 * P-values are corrected for multiple testing and the dataset drifts when the share of drifted
 * features reaches the threshold, as the detector decides (every feature weighs 1). Below the
 * cutoff each frame is read twice (count, collect); above it up to three times (count, sketches,
 * category counts): cache a frame that is expensive to compute.
 *
 * <p>Missing values ({@code null}) are left out. A current frame of fewer than
 * {@link DriftCheckConfig#minCurrentSize()} rows, and a feature with fewer non-missing current
 * values, is {@link Verdict#INSUFFICIENT_DATA}; a feature with NaN or an infinity among values it
 * tests as numbers is {@link Verdict#TEST_FAILED} (logged at WARN), as in the detector.
 *
 * <p>Immutable and thread-safe; the Spark jobs run on the calling thread.
 */
public final class SparkDrift {

    private static final Logger LOG = LoggerFactory.getLogger(SparkDrift.class);
    /** The default {@link Builder#exactCutoff(long)}. */
    public static final long DEFAULT_EXACT_CUTOFF = 100_000;

    private final Schema schema;
    private final DriftCheckConfig config;
    private final long exactCutoff;
    private final ProfileConfig sketches;
    private final DatasetDriftDetector detector;

    private SparkDrift(Builder b) {
        this.schema = b.schema;
        this.config = b.config;
        this.exactCutoff = b.exactCutoff;
        this.sketches = b.sketches;
        DatasetDriftDetector.Builder d = DatasetDriftDetector.builder(schema)
                .correction(config.correction())
                .shareThreshold(config.shareThreshold())
                .minCurrentSize(config.minCurrentSize());
        namedCategorical().ifPresent(t -> schema.features().stream()
                .filter(f -> f.type() != FeatureType.NUMERIC)
                .forEach(f -> d.test(f.name(), t)));
        this.detector = d.build();
    }

    /**
     * Starts configuring a drift check over a schema's features.
     *
     * @param schema the features to test; each is a column of both frames by its name
     * @return the builder
     */
    public static Builder builder(Schema schema) {
        return new Builder(schema);
    }

    /**
     * Compares a current DataFrame with a reference DataFrame.
     *
     * @param reference the reference rows
     * @param current the current rows
     * @return the report: per feature in schema order, and the dataset's verdict
     * @throws IllegalArgumentException if a frame has no column of a feature, a column's type does
     *     not fit its feature's type (numeric for NUMERIC; string, boolean or integral for
     *     CATEGORICAL; boolean or string for BOOLEAN), a categorical column has different types in
     *     the two frames, a frame has no row, or the reference holds no value of a feature; each
     *     message names the column
     */
    public DatasetDriftReport detect(Dataset<Row> reference, Dataset<Row> current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        DriftColumns.check(schema, reference.schema(), current.schema());
        List<String> names = schema.features().stream().map(Feature::name).toList();
        Dataset<Row> ref = reference.select(columns(names));
        Dataset<Row> cur = current.select(columns(names));
        long refRows = ref.count();
        long curRows = cur.count();
        if (refRows == 0) {
            throw new IllegalArgumentException("reference DataFrame has no row (columns " + names + ")");
        }
        if (curRows == 0) {
            throw new IllegalArgumentException("current DataFrame has no row (columns " + names + ")");
        }
        if (refRows <= exactCutoff && curRows <= exactCutoff) {
            LOG.info("drift of {} features: {} reference and {} current rows, at most {} each: exact tests on the driver",
                    names.size(), refRows, curRows, exactCutoff);
            return detector.detect(maps(ref.collectAsList(), names), maps(cur.collectAsList(), names));
        }
        LOG.info("drift of {} features: {} reference and {} current rows, above {}: sketches and category counts",
                names.size(), refRows, curRows, exactCutoff);
        if (curRows < config.minCurrentSize()) {
            return insufficient(ref, cur, names);
        }
        return new SketchedDrift(schema, config, sketches, namedCategorical()).detect(ref, cur);
    }

    private Optional<CategoricalDriftTest> namedCategorical() {
        String name = config.categoricalTest();
        if (name.equals(DriftCheckConfig.AUTO)) {
            return Optional.empty();
        }
        return Optional.of(config.categoricalThreshold().isPresent()
                ? DriftTests.categorical(name, config.categoricalThreshold().getAsDouble())
                : DriftTests.categorical(name));
    }

    /** The detector's report on a current sample below the minimum size: sizes only. */
    private DatasetDriftReport insufficient(Dataset<Row> ref, Dataset<Row> cur, List<String> names) {
        long[] r = present(ref, names);
        long[] c = present(cur, names);
        List<FeatureDrift> none = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            none.add(new FeatureDrift(names.get(i), Verdict.INSUFFICIENT_DATA, Optional.empty(), Double.NaN,
                    SketchedDrift.size(r[i]), SketchedDrift.size(c[i])));
        }
        return new DatasetDriftReport(Verdict.INSUFFICIENT_DATA, Double.NaN, config.shareThreshold(),
                config.correction(), none);
    }

    /** Non-missing values per column, in one job. */
    private static long[] present(Dataset<Row> frame, List<String> names) {
        Column[] counts = names.stream().map(functions::count).toArray(Column[]::new);
        Row row = frame.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length)).first();
        long[] out = new long[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = row.getLong(i);
        }
        return out;
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(functions::col).toArray(Column[]::new);
    }

    private static List<Map<String, Object>> maps(List<Row> rows, List<String> names) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<String, Object> map = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), row.get(i));
            }
            out.add(map);
        }
        return out;
    }

    /** Configures a {@link SparkDrift}; not thread-safe. */
    public static final class Builder {

        private final Schema schema;
        private DriftCheckConfig config = DriftCheckConfig.ofDefaults();
        private long exactCutoff = DEFAULT_EXACT_CUTOFF;
        private ProfileConfig sketches = ProfileConfig.ofDefaults();

        private Builder(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            if (schema.features().isEmpty()) {
                throw new IllegalArgumentException("schema must have at least one feature but has none");
            }
        }

        /**
         * Sets how features are decided: minimum size, correction, drifted share, the numeric
         * test above the cutoff and the categorical test.
         *
         * @param value the config; {@link DriftCheckConfig#ofDefaults()} when not set
         * @return this builder
         */
        public Builder config(DriftCheckConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * Sets the most rows a frame may have for the exact tests on the driver; when either frame
         * has more, features are compared through sketches and category counts.
         *
         * @param rows at least 0 (0: always sketches); {@value #DEFAULT_EXACT_CUTOFF} when not set
         * @return this builder
         * @throws IllegalArgumentException if {@code rows} is negative
         */
        public Builder exactCutoff(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("exactCutoff must be >= 0 but was " + rows);
            }
            this.exactCutoff = rows;
            return this;
        }

        /**
         * Sets the KLL parameter k of the numeric sketches used above the cutoff: the normalized
         * rank error is about 1.33% at k = 200 (the default) and 0.3% at k = 1,000 (99% confidence).
         *
         * @param k in [8, 65535]
         * @return this builder
         * @throws IllegalArgumentException if {@code k} is out of range
         */
        public Builder quantileK(int k) {
            this.sketches = new ProfileConfig(k, ProfileConfig.ofDefaults().maxCategories());
            return this;
        }

        /** @return the drift check */
        public SparkDrift build() {
            return new SparkDrift(this);
        }
    }
}
