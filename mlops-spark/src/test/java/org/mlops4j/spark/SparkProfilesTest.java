package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.monitoring.profile.WindowDriftCheck;

/**
 * A reference profile of 200,000 rows in 4 partitions, built by Spark in local[2], against the
 * single-JVM profile of the same rows.
 */
class SparkProfilesTest {

    private static final int ROWS = 200_000;
    /** ProfileConfig's documented normalized rank error of a KLL sketch at k = 200. */
    private static final double RANK_ERROR = 0.0133;
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "ES", "IT"};
    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("hour"),
            Feature.numeric("velocity"), Feature.anyCategory("country"), Feature.bool("weekend"));

    private static SparkSession spark;
    private static Dataset<Row> data;
    private static List<Map<String, Object>> rows;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("mlops4j-profiles-test");
        // Nulls in velocity and country, an integer column of 24 values (ties), a boolean.
        data = spark.range(0, ROWS, 1, 4).selectExpr(
                "exp(randn(1) * 0.8 + 3) AS amount",
                "cast(floor(rand(2) * 24) AS INT) AS hour",
                "CASE WHEN rand(3) < 0.05 THEN NULL ELSE rand(4) * 9 END AS velocity",
                "CASE WHEN rand(5) < 0.02 THEN NULL ELSE element_at(array('DE', 'FR', 'US', 'GB', 'ES', 'IT'),"
                        + " cast(floor(pow(rand(6), 2) * 6) AS INT) + 1) END AS country",
                "rand(7) < 0.3 AS weekend")
                .cache();
        String[] names = data.columns();
        rows = new ArrayList<>(ROWS);
        for (Row r : data.collectAsList()) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                row.put(names[i], r.get(i));
            }
            rows.add(row);
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void mergedPartitionProfilesEqualTheSingleJvmProfileWithinTheRankError() {
        ReferenceProfile single = ReferenceProfile.of(SCHEMA, rows);
        ReferenceProfile distributed = SparkProfiles.reference(data, SCHEMA);

        assertThat(distributed.rows()).isEqualTo(ROWS).isEqualTo(single.rows());
        assertThat(distributed.schema()).isEqualTo(SCHEMA);
        for (String name : new String[] {"amount", "hour", "velocity"}) {
            FeatureProfile d = distributed.feature(name).orElseThrow();
            FeatureProfile s = single.feature(name).orElseThrow();
            assertThat(d.count()).as(name).isEqualTo(s.count()).isEqualTo(ROWS);
            assertThat(d.missing()).as(name).isEqualTo(s.missing());
            assertThat(d.invalid()).as(name).isEqualTo(s.invalid());
            assertThat(d.valid()).as(name).isEqualTo(s.valid());
            assertThat(d.min()).as(name).isEqualTo(s.min());
            assertThat(d.max()).as(name).isEqualTo(s.max());
            assertThat(d.mean()).as(name).isCloseTo(s.mean(), within(Math.abs(s.mean()) * 1e-12));
            assertThat(d.variance()).as(name).isCloseTo(s.variance(), within(s.variance() * 1e-9));
            double[] sorted = rows.stream().map(r -> r.get(name)).filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
            assertThat(sorted).hasSize((int) s.valid());
            for (int k = 1; k < 100; k++) {
                double q = k / 100.0;
                assertWithinRank(sorted, d.quantile(q), q, name);
                assertWithinRank(sorted, s.quantile(q), q, name);
                // Both within the error of the exact rank, hence of each other's: their tie spans are.
                assertThat(rankBelow(sorted, d.quantile(q)) - rank(sorted, s.quantile(q))).as("%s at %s", name, q)
                        .isLessThanOrEqualTo(2 * RANK_ERROR);
                assertThat(rankBelow(sorted, s.quantile(q)) - rank(sorted, d.quantile(q))).as("%s at %s", name, q)
                        .isLessThanOrEqualTo(2 * RANK_ERROR);
            }
        }
        assertThat(distributed.feature("velocity").orElseThrow().missing()).isBetween(9_000L, 11_000L);
        for (String name : new String[] {"country", "weekend"}) {
            FeatureProfile d = distributed.feature(name).orElseThrow();
            FeatureProfile s = single.feature(name).orElseThrow();
            assertThat(d.categoryCounts()).as(name).isEqualTo(s.categoryCounts());
            assertThat(d.otherCount()).as(name).isEqualTo(s.otherCount()).isZero();
            assertThat(d.missing()).as(name).isEqualTo(s.missing());
        }
        assertThat(distributed.feature("country").orElseThrow().categoryCounts()).containsOnlyKeys(COUNTRIES);
        assertThat(distributed.feature("country").orElseThrow().missing()).isBetween(3_500L, 4_500L);
    }

    @Test
    void invalidValuesAreCountedAsTheSingleJvmCountsThem() {
        // Text and booleans where numbers are expected, numbers where text is: invalid values.
        Schema wrong = Schema.of(Feature.numeric("country"), Feature.numeric("weekend"), Feature.anyCategory("hour"));
        ReferenceProfile distributed = SparkProfiles.reference(data, wrong);
        ReferenceProfile single = ReferenceProfile.of(wrong, rows);
        for (String name : new String[] {"country", "weekend", "hour"}) {
            FeatureProfile d = distributed.feature(name).orElseThrow();
            assertThat(d.invalid()).as(name).isEqualTo(single.feature(name).orElseThrow().invalid())
                    .isEqualTo(ROWS - d.missing()).isPositive();
            assertThat(d.valid()).as(name).isZero();
        }
        assertThat(distributed.feature("country").orElseThrow().missing())
                .isEqualTo(single.feature("country").orElseThrow().missing()).isPositive();
    }

    @Test
    void theJsonLoadsAndDecidesDriftAsTheSingleJvmProfileDoes() {
        ReferenceProfile single = ReferenceProfile.of(SCHEMA, rows);
        ReferenceProfile loaded = ReferenceProfile.fromJson(SparkProfiles.reference(data, SCHEMA).toJson());
        ReferenceProfile singleLoaded = ReferenceProfile.fromJson(single.toJson());
        WindowDriftCheck check = WindowDriftCheck.ofDefaults();

        for (boolean drifted : new boolean[] {false, true}) {
            SampledProfile window = SampledProfile.of(SCHEMA, window(drifted, 8_000), WindowConfig.ofDefaults());
            DatasetDriftReport fromSpark = check.compare(loaded, window);
            DatasetDriftReport fromJvm = check.compare(singleLoaded, window);
            assertThat(fromSpark.verdict()).as("drifted=%s", drifted).isEqualTo(fromJvm.verdict())
                    .isEqualTo(drifted ? Verdict.DRIFT : Verdict.NO_DRIFT);
            assertThat(fromSpark.driftedFeatures()).isEqualTo(fromJvm.driftedFeatures());
            for (int i = 0; i < fromSpark.features().size(); i++) {
                FeatureDrift a = fromSpark.features().get(i);
                FeatureDrift b = fromJvm.features().get(i);
                assertThat(a.verdict()).as(a.feature()).isEqualTo(b.verdict());
                assertThat(a.referenceSize()).as(a.feature()).isEqualTo(b.referenceSize());
            }
        }
    }

    @Test
    void aFeatureWithoutAColumnIsRefusedAndNoRowsGiveAnEmptyProfile() {
        assertThatThrownBy(() -> SparkProfiles.reference(data, Schema.of(Feature.numeric("amount"),
                Feature.numeric("tip")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tip'").hasMessageContaining("amount");
        ReferenceProfile empty = SparkProfiles.reference(data.limit(0), Schema.of(Feature.numeric("amount")),
                new ProfileConfig(64, 10));
        assertThat(empty.rows()).isZero();
        assertThat(empty.config()).isEqualTo(new ProfileConfig(64, 10));
    }

    /** Rows drawn as the reference's (drifted: larger amounts, mostly one country). */
    private static List<Map<String, Object>> window(boolean drifted, int n) {
        Random rnd = new Random(drifted ? 99 : 42);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("amount", Math.exp(rnd.nextGaussian() * 0.8 + 3 + (drifted ? 0.5 : 0)));
            row.put("hour", rnd.nextInt(24));
            row.put("velocity", rnd.nextDouble() < 0.05 ? null : rnd.nextDouble() * (drifted ? 12 : 9));
            int c = (int) Math.floor(Math.pow(rnd.nextDouble(), drifted ? 0.5 : 2) * 6);
            row.put("country", COUNTRIES[c]);
            row.put("weekend", rnd.nextDouble() < 0.3);
            out.add(row);
        }
        return out;
    }

    /** The share of values at or below x. */
    private static double rank(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return (-i - 1) / (double) sorted.length;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == x) {
            i++;
        }
        return (i + 1) / (double) sorted.length;
    }

    /** The share of values strictly below x. */
    private static double rankBelow(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return (-i - 1) / (double) sorted.length;
        }
        while (i > 0 && sorted[i - 1] == x) {
            i--;
        }
        return i / (double) sorted.length;
    }

    /** x is a q-quantile up to the rank error: q lies within the ranks its ties span, widened by it. */
    private static void assertWithinRank(double[] sorted, double x, double q, String name) {
        assertThat(q).as("%s quantile %s = %s", name, q, x)
                .isBetween(rankBelow(sorted, x) - RANK_ERROR, rank(sorted, x) + RANK_ERROR);
    }
}
