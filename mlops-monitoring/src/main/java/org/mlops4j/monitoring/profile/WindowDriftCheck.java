package org.mlops4j.monitoring.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.CategoryCodes;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.NumericDriftTest;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.internal.DriftTestFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a window's profile with a reference profile, feature by feature, and reports dataset
 * drift as {@link org.mlops4j.monitoring.drift.DatasetDriftDetector} does.
 *
 * <p>Per feature:
 * <ul>
 *   <li>when both sides kept their exact values ({@link SampledProfile#exact()}), the test that
 *       {@link DriftTests#auto(double[])} or {@link DriftTests#auto(String[])} picks from the
 *       reference sample runs on them, exactly as on the raw rows; a categorical or boolean
 *       feature runs the {@link DriftCheckConfig#categoricalTest()} instead when one is named;</li>
 *   <li>otherwise a numeric feature is compared through its sketches by
 *       {@link DriftCheckConfig#sketchTest()} at {@link DriftCheckConfig#sketchThreshold()}
 *       ({@link SketchDrift}), and a categorical or boolean one through its exact category counts
 *       (values beyond {@link ProfileConfig#maxCategories()} pooled in one "other" category) by
 *       {@link DriftCheckConfig#categoricalTest()}, computed on the counts
 *       ({@link CategoricalDriftTest#testCounts}): by default {@value DriftCheckConfig#AUTO}, the
 *       automatic test ({@link DriftTests#auto(Map)}: chi-square or z up to
 *       {@value DriftTests#AUTO_SMALL_REFERENCE} reference values, Jensen-Shannon above).</li>
 * </ul>
 * A profile without exact values, such as a {@link ReferenceProfile} loaded from JSON, is thus
 * always compared through sketches. P-values are corrected for multiple testing and the dataset
 * drifts when the share of drifted features reaches the threshold. A window with fewer than
 * {@code minCurrentSize} rows, and a feature with fewer valid current values (or no valid reference
 * value), is {@link Verdict#INSUFFICIENT_DATA}. A feature whose test throws a
 * {@link RuntimeException} is {@link Verdict#TEST_FAILED}, without a result, and the others are
 * decided and corrected without it; the failures of one call are logged together at WARN. Sizes in
 * the report are capped at {@link Integer#MAX_VALUE}.
 *
 * <p>Immutable and thread-safe.
 */
public final class WindowDriftCheck {

    private static final Logger LOG = LoggerFactory.getLogger(WindowDriftCheck.class);
    private static final String OTHER = "\u0000other";

    private final DriftCheckConfig config;
    private final Optional<CategoricalDriftTest> namedCategorical;

    private WindowDriftCheck(DriftCheckConfig config) {
        this.config = config;
        String name = config.categoricalTest();
        this.namedCategorical = name.equals(DriftCheckConfig.AUTO) ? Optional.empty()
                : Optional.of(config.categoricalThreshold().isPresent()
                        ? DriftTests.categorical(name, config.categoricalThreshold().getAsDouble())
                        : DriftTests.categorical(name));
    }

    /**
     * Creates a check.
     *
     * @param config how to decide
     * @return the check
     */
    public static WindowDriftCheck of(DriftCheckConfig config) {
        return new WindowDriftCheck(Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a check with {@link DriftCheckConfig#ofDefaults()}.
     *
     * @return the check
     */
    public static WindowDriftCheck ofDefaults() {
        return of(DriftCheckConfig.ofDefaults());
    }

    /**
     * Returns the settings this check decides by.
     *
     * @return the config
     */
    public DriftCheckConfig config() {
        return config;
    }

    /**
     * Compares a window with a reference that has no exact values: every feature through sketches
     * and counts.
     *
     * @param reference the reference profile
     * @param current the window's profile, of the same schema
     * @return the report
     * @throws IllegalArgumentException if the schemas differ
     */
    public DatasetDriftReport compare(ReferenceProfile reference, SampledProfile current) {
        return compare(SampledProfile.sketchOnly(reference), current);
    }

    /**
     * Compares a window with a reference.
     *
     * @param reference the reference profile
     * @param current the window's profile, of the same schema
     * @return the report; a feature whose test threw is {@link Verdict#TEST_FAILED}
     * @throws IllegalArgumentException if the schemas differ
     */
    public DatasetDriftReport compare(SampledProfile reference, SampledProfile current) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(current, "current");
        if (!reference.profile().schema().equals(current.profile().schema())) {
            throw new IllegalArgumentException("cannot compare profiles of different schemas: "
                    + reference.profile().schema() + " and " + current.profile().schema());
        }
        List<Feature> features = reference.profile().schema().features();
        boolean enoughRows = current.rows() >= config.minCurrentSize();
        DriftResult[] results = new DriftResult[features.size()];
        boolean[] failed = new boolean[features.size()];
        DriftTestFailures failures = new DriftTestFailures();
        long[][] sizes = new long[features.size()][2];
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            FeatureProfile r = reference.profile().featureView(f.name());
            FeatureProfile c = current.profile().featureView(f.name());
            sizes[i][0] = r.valid();
            sizes[i][1] = c.valid();
            if (enoughRows && r.valid() > 0 && c.valid() >= config.minCurrentSize()) {
                String test = "auto";
                try {
                    FeatureTest planned = plan(f, reference, current, r, c);
                    test = planned.name();
                    results[i] = planned.run().get();
                } catch (RuntimeException e) {
                    failed[i] = true;
                    failures.add(f.name(), test, e);
                }
            }
        }
        failures.log(LOG, features.size());
        return DatasetDriftReport.of(features, results, failed, sizes, config.correction(), config.shareThreshold());
    }

    /** A feature's test, chosen but not yet run: its name for the log, and the run. */
    private record FeatureTest(String name, Supplier<DriftResult> run) {
    }

    private FeatureTest plan(Feature f, SampledProfile reference, SampledProfile current, FeatureProfile r,
                             FeatureProfile c) {
        if (f.type() == FeatureType.NUMERIC) {
            Optional<double[]> ref = reference.numericValues(f.name());
            Optional<double[]> cur = current.numericValues(f.name());
            if (ref.isPresent() && cur.isPresent()) {
                NumericDriftTest t = DriftTests.auto(ref.get());
                if (DriftTests.numericNames().contains(t.name())) {
                    // A built-in test reads the sorted samples, each sorted once per profile: a
                    // reference compared with many windows is not sorted again.
                    return new FeatureTest(t.name(), () -> t.test(reference.sortedSample(f.name()).orElseThrow(),
                            current.sortedSample(f.name()).orElseThrow()));
                }
                // Few distinct values: the values are categories, counted in arrival order.
                return new FeatureTest(t.name(), () -> t.test(ref.get(), cur.get()));
            }
            double threshold = config.sketchThreshold();
            return config.sketchTest() == DriftCheckConfig.SketchTest.KS
                    ? new FeatureTest(SketchDrift.KS, () -> SketchDrift.ks(r, c, threshold))
                    : new FeatureTest(SketchDrift.PSI, () -> SketchDrift.psi(r, c, threshold));
        }
        Optional<CategoryCodes> ref = reference.categoryCodes(f.name());
        Optional<CategoryCodes> cur = current.categoryCodes(f.name());
        if (ref.isPresent() && cur.isPresent()) {
            // Codes encoded as the rows arrived: the test counts them and hashes no label again.
            CategoricalDriftTest t = namedCategorical.orElseGet(() -> DriftTests.auto(ref.get()));
            return new FeatureTest(t.name(), () -> t.test(ref.get(), cur.get()));
        }
        Map<String, Long> rc = counts(r);
        Map<String, Long> cc = counts(c);
        CategoricalDriftTest t = namedCategorical.orElseGet(() -> DriftTests.auto(rc));
        return new FeatureTest(t.name(), () -> t.testCounts(rc, cc));
    }

    private static Map<String, Long> counts(FeatureProfile p) {
        Map<String, Long> counts = new LinkedHashMap<>(p.categoryCounts());
        if (p.otherCount() > 0) {
            counts.put(OTHER, p.otherCount());
        }
        return counts;
    }
}
