package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.CategoricalDriftTest;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SketchDrift;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of {@link SparkDrift} above the exact cutoff: numeric features through merged sketches,
 * categorical ones (and numeric ones of few distinct values) through exact category counts, then
 * the correction and the dataset's verdict as {@code DatasetDriftDetector} decides them.
 */
final class SketchedDrift {

    private static final Logger LOG = LoggerFactory.getLogger(SketchedDrift.class);
    private static final int TREE_DEPTH = 2;

    private final Schema schema;
    private final DriftCheckConfig config;
    private final ProfileConfig sketches;
    private final Optional<CategoricalDriftTest> namedCategorical;

    SketchedDrift(Schema schema, DriftCheckConfig config, ProfileConfig sketches,
                  Optional<CategoricalDriftTest> namedCategorical) {
        this.schema = schema;
        this.config = config;
        this.sketches = sketches;
        this.namedCategorical = namedCategorical;
    }

    /** One feature's samples as the test sees them: a sketch profile or category counts per side. */
    private static final class Sides {
        final FeatureProfile refProfile;
        final FeatureProfile curProfile;
        final Map<String, Long> refCounts;
        final Map<String, Long> curCounts;
        final long refSize;
        final long curSize;

        Sides(FeatureProfile refProfile, FeatureProfile curProfile, Map<String, Long> refCounts,
              Map<String, Long> curCounts, long refSize, long curSize) {
            this.refProfile = refProfile;
            this.curProfile = curProfile;
            this.refCounts = refCounts;
            this.curCounts = curCounts;
            this.refSize = refSize;
            this.curSize = curSize;
        }
    }

    DatasetDriftReport detect(Dataset<Row> ref, Dataset<Row> cur) {
        List<Feature> features = schema.features();
        List<String> numeric = features.stream().filter(f -> f.type() == FeatureType.NUMERIC)
                .map(Feature::name).toList();
        List<String> continuous = new ArrayList<>();
        Map<String, FeatureProfile> refSketches = new HashMap<>();
        Map<String, FeatureProfile> curSketches = new HashMap<>();
        if (!numeric.isEmpty()) {
            NumericSketches refNumbers = sketch(ref, numeric);
            LOG.debug("reference sketched");
            for (int k = 0; k < numeric.size(); k++) {
                if (refNumbers.distinct(k) >= NumericSketches.DISTINCT_CAP) {
                    continuous.add(numeric.get(k));
                }
            }
            if (!continuous.isEmpty()) {
                ReferenceProfile refProfile = refNumbers.profile();
                ReferenceProfile curProfile = sketch(cur, continuous).profile();
                LOG.debug("current sketched");
                for (String name : continuous) {
                    refSketches.put(name, refProfile.feature(name).orElseThrow());
                    curSketches.put(name, curProfile.feature(name).orElseThrow());
                }
            }
        }
        List<String> counted = features.stream().map(Feature::name).filter(n -> !continuous.contains(n)).toList();
        boolean[] asNumbers = new boolean[counted.size()];
        for (int i = 0; i < asNumbers.length; i++) {
            asNumbers[i] = numeric.contains(counted.get(i));
        }
        List<Map<String, Long>> refCounts = CategoryTally.count(ref, counted, asNumbers);
        List<Map<String, Long>> curCounts = CategoryTally.count(cur, counted, asNumbers);

        LOG.debug("categories counted");
        DriftResult[] results = new DriftResult[features.size()];
        boolean[] failed = new boolean[features.size()];
        long[][] sizes = new long[features.size()][];
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            int k = counted.indexOf(f.name());
            Sides sides = k >= 0
                    ? new Sides(null, null, refCounts.get(k), curCounts.get(k), total(refCounts.get(k)),
                            total(curCounts.get(k)))
                    : sides(refSketches.get(f.name()), curSketches.get(f.name()));
            sizes[i] = new long[] {sides.refSize, sides.curSize};
            if (sides.refSize == 0) {
                throw new IllegalArgumentException("reference holds no value of feature '" + f.name() + "'");
            }
            if (sides.curSize < config.minCurrentSize()) {
                continue;
            }
            try {
                results[i] = k >= 0 ? counted(f, sides) : sketched(f, sides);
            } catch (RuntimeException e) {
                failures.add(f.name() + ": " + e.getMessage());
                failed[i] = true;
            }
        }
        if (!failures.isEmpty()) {
            LOG.warn("drift tests failed for {} of {} features: {}", failures.size(), features.size(), failures);
        }
        return DatasetDriftReport.of(features, results, failed, sizes, config.correction(), config.shareThreshold());
    }

    private static Sides sides(FeatureProfile r, FeatureProfile c) {
        return new Sides(r, c, null, null, r.count() - r.missing(), c.count() - c.missing());
    }

    private DriftResult counted(Feature f, Sides s) {
        if (f.type() == FeatureType.NUMERIC) {
            // The detector turns values into text and refuses NaN (an infinity is a category).
            refuseNaN(s.refCounts, "reference");
            refuseNaN(s.curCounts, "current");
            return DriftTests.auto(s.refCounts).testCounts(s.refCounts, s.curCounts);
        }
        CategoricalDriftTest test = namedCategorical.orElseGet(() -> DriftTests.auto(s.refCounts));
        return test.testCounts(s.refCounts, s.curCounts);
    }

    private static void refuseNaN(Map<String, Long> counts, String side) {
        Long n = counts.get(Double.toString(Double.NaN));
        if (n != null) {
            throw new IllegalArgumentException(side + " sample holds NaN " + n + " times");
        }
    }

    private DriftResult sketched(Feature f, Sides s) {
        refuseNonFinite(s.refProfile, "reference");
        refuseNonFinite(s.curProfile, "current");
        double threshold = config.sketchThreshold();
        return config.sketchTest() == DriftCheckConfig.SketchTest.KS
                ? SketchDrift.ks(s.refProfile, s.curProfile, threshold)
                : SketchDrift.psi(s.refProfile, s.curProfile, threshold);
    }

    private static void refuseNonFinite(FeatureProfile p, String side) {
        if (p.nonFinite() > 0) {
            throw new IllegalArgumentException(side + " sample must be finite but holds " + p.nonFinite()
                    + " NaN or infinite values");
        }
    }

    private NumericSketches sketch(Dataset<Row> frame, List<String> columns) {
        Column[] selected = columns.stream().map(functions::col).toArray(Column[]::new);
        return frame.select(selected).javaRDD()
                .mapPartitions(new NumericSketches.Partition(columns, sketches.quantileK()))
                .treeReduce(NumericSketches::merge, TREE_DEPTH);
    }

    private static long total(Map<String, Long> counts) {
        long n = 0;
        for (long c : counts.values()) {
            n += c;
        }
        return n;
    }

    /** A size in the report, capped at {@link Integer#MAX_VALUE} as the report's sizes are ints. */
    static int size(long n) {
        return (int) Math.min(n, Integer.MAX_VALUE);
    }
}
