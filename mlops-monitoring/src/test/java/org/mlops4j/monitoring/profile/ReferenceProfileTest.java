package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

class ReferenceProfileTest {

    private static final Schema SCHEMA = Schema.of(
            Feature.numeric("x"),
            Feature.categorical("colour", Set.of("red", "green", "blue")),
            Feature.bool("flag"),
            Feature.numeric("age").withRange(0, 120).optional());

    private static List<Map<String, Object>> rows(long seed, int n) {
        Random random = new Random(seed);
        String[] colours = {"red", "green", "blue"};
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("x", random.nextGaussian() * 2 + 5);
            row.put("colour", colours[random.nextInt(3)]);
            row.put("flag", random.nextBoolean());
            if (i % 10 != 0) {
                row.put("age", i % 97 == 0 ? Double.NaN : (double) random.nextInt(90));
            }
            rows.add(row);
        }
        return rows;
    }

    private static double[] column(List<Map<String, Object>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).filter(v -> v instanceof Double d && Double.isFinite(d))
                .mapToDouble(v -> (Double) v).sorted().toArray();
    }

    @Test
    void mergeOfFourQuartersProfiledOnFourThreadsMatchesTheProfileOfAllRows() throws Exception {
        List<Map<String, Object>> rows = rows(11, 400_000);
        ReferenceProfile whole = ReferenceProfile.of(SCHEMA, rows);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ReferenceProfile>> parts = new ArrayList<>();
        int quarter = rows.size() / 4;
        for (int t = 0; t < 4; t++) {
            List<Map<String, Object>> slice = rows.subList(t * quarter, (t + 1) * quarter);
            parts.add(pool.submit(() -> {
                start.await();
                return ReferenceProfile.of(SCHEMA, slice);
            }));
        }
        start.countDown();
        ReferenceProfile merged = parts.get(0).get();
        for (int t = 1; t < 4; t++) {
            merged = merged.merge(parts.get(t).get());
        }
        pool.shutdown();

        assertThat(merged.rows()).isEqualTo(whole.rows()).isEqualTo(400_000);
        for (String name : List.of("x", "age")) {
            FeatureProfile m = merged.feature(name).orElseThrow();
            FeatureProfile w = whole.feature(name).orElseThrow();
            assertThat(m.count()).isEqualTo(w.count());
            assertThat(m.missing()).isEqualTo(w.missing());
            assertThat(m.nonFinite()).isEqualTo(w.nonFinite());
            assertThat(m.valid()).isEqualTo(w.valid());
            assertThat(m.min()).isEqualTo(w.min());
            assertThat(m.max()).isEqualTo(w.max());
            assertThat(m.mean()).isCloseTo(w.mean(), within(1e-9 * Math.abs(w.mean())));
            assertThat(m.variance()).isCloseTo(w.variance(), within(1e-9 * w.variance()));
            double[] sorted = column(rows, name);
            for (int k = 1; k <= 9; k++) {
                double q = k / 10.0;
                assertThat(ProfileFeatureTest.rank(sorted, m.quantile(q))).as("%s rank of q=%s", name, q)
                        .isCloseTo(q, within(0.02));
            }
        }
        assertThat(merged.feature("age").orElseThrow().missing()).isEqualTo(40_000);
        for (String name : List.of("colour", "flag")) {
            assertThat(merged.feature(name).orElseThrow().categoryCounts())
                    .isEqualTo(whole.feature(name).orElseThrow().categoryCounts());
        }
    }

    @Test
    void jsonRoundTripKeepsCountsAndQuantilesExactly() {
        ReferenceProfile profile = ReferenceProfile.of(SCHEMA, rows(5, 50_000));

        ReferenceProfile read = ReferenceProfile.fromJson(profile.toJson());

        assertThat(read.schema()).isEqualTo(SCHEMA);
        assertThat(read.rows()).isEqualTo(profile.rows());
        assertThat(read.config()).isEqualTo(profile.config());
        for (String name : List.of("x", "age")) {
            FeatureProfile a = profile.feature(name).orElseThrow();
            FeatureProfile b = read.feature(name).orElseThrow();
            assertThat(b.count()).isEqualTo(a.count());
            assertThat(b.missing()).isEqualTo(a.missing());
            assertThat(b.nonFinite()).isEqualTo(a.nonFinite());
            assertThat(b.invalid()).isEqualTo(a.invalid());
            assertThat(b.min()).isEqualTo(a.min());
            assertThat(b.max()).isEqualTo(a.max());
            assertThat(b.mean()).isEqualTo(a.mean());
            assertThat(b.variance()).isEqualTo(a.variance());
            assertThat(b.psiEdges()).containsExactly(a.psiEdges());
            for (int i = 0; i <= 100; i++) {
                assertThat(b.quantile(i / 100.0)).isEqualTo(a.quantile(i / 100.0));
            }
        }
        for (String name : List.of("colour", "flag")) {
            assertThat(read.feature(name).orElseThrow().categoryCounts())
                    .isEqualTo(profile.feature(name).orElseThrow().categoryCounts());
        }
        assertThat(read.toJson()).isEqualTo(profile.toJson());
    }

    @Test
    void jsonRoundTripOfAnEmptyFeatureKeepsItsNaNStatistics() {
        Schema schema = Schema.of(Feature.numeric("x").optional());
        ReferenceProfile profile = ReferenceProfile.builder(schema).update(Map.of()).build();

        ReferenceProfile read = ReferenceProfile.fromJson(profile.toJson());

        FeatureProfile x = read.feature("x").orElseThrow();
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.min()).isNaN();
        assertThat(x.mean()).isNaN();
        x.update(2.0);
        assertThat(x.quantile(0.5)).isEqualTo(2.0);
    }

    @Test
    void profileReadFromJsonStillMerges() {
        ReferenceProfile a = ReferenceProfile.of(SCHEMA, rows(1, 1_000));
        ReferenceProfile b = ReferenceProfile.of(SCHEMA, rows(2, 1_000));

        ReferenceProfile merged = ReferenceProfile.fromJson(a.toJson()).merge(ReferenceProfile.fromJson(b.toJson()));

        assertThat(merged.rows()).isEqualTo(2_000);
        assertThat(merged.feature("x").orElseThrow().mean()).isCloseTo(a.merge(b).feature("x").orElseThrow().mean(),
                within(1e-12));
    }

    @Test
    void fromJsonRejectsMalformedOrForeignText() {
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"format\":\"other\",\"version\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format must be mlops4j.reference-profile");
        String json = ReferenceProfile.of(SCHEMA, rows(3, 10)).toJson();
        assertThatThrownBy(() -> ReferenceProfile.fromJson(json.replace("\"missing\"", "\"lost\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'missing' is missing");
        assertThatThrownBy(() -> ReferenceProfile.fromJson(json.replace("\"rows\" : 10", "\"rows\" : 11")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one value per row");
    }

    @Test
    void absentFeaturesCountAsMissingAndUndeclaredKeysAreIgnored() {
        ReferenceProfile profile = ReferenceProfile.builder(SCHEMA)
                .update(Map.of("x", 1.0, "unknown", "whatever"))
                .update(Map.of("x", "oops", "flag", true))
                .build();

        assertThat(profile.rows()).isEqualTo(2);
        FeatureProfile x = profile.feature("x").orElseThrow();
        assertThat(x.valid()).isEqualTo(1);
        assertThat(x.invalid()).isEqualTo(1);
        assertThat(profile.feature("colour").orElseThrow().missing()).isEqualTo(2);
        assertThat(profile.feature("unknown")).isEmpty();
    }

    @Test
    void featureReturnsACopyThatCannotChangeTheProfile() {
        ReferenceProfile profile = ReferenceProfile.of(SCHEMA, rows(4, 100));

        profile.feature("x").orElseThrow().update(1e9);

        assertThat(profile.feature("x").orElseThrow().max()).isLessThan(1e9);
    }

    @Test
    void builderKeepsAddingAfterBuildWithoutChangingTheBuiltProfile() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder(SCHEMA);
        rows(6, 100).forEach(builder::update);
        ReferenceProfile first = builder.build();

        rows(7, 50).forEach(builder::update);

        assertThat(first.rows()).isEqualTo(100);
        assertThat(first.feature("x").orElseThrow().count()).isEqualTo(100);
        assertThat(builder.build().rows()).isEqualTo(150);
    }

    @Test
    void mergeRejectsAProfileOfAnotherSchema() {
        ReferenceProfile a = ReferenceProfile.of(SCHEMA, rows(1, 10));
        ReferenceProfile b = ReferenceProfile.of(Schema.of(Feature.numeric("x")), List.of(Map.of("x", 1.0)));

        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different schemas");
    }

    @Test
    void profileKeepsTheSchemaOrder() {
        ReferenceProfile profile = ReferenceProfile.of(SCHEMA, rows(8, 10));

        List<String> names = new ArrayList<>();
        profile.profiles().forEach(p -> names.add(p.feature().name()));

        assertThat(names).containsExactly("x", "colour", "flag", "age");
        assertThat(Arrays.asList(profile.toJson().indexOf("\"x\""), profile.toJson().indexOf("\"colour\"")))
                .isSorted();
    }

    /** A request as a service models it. */
    record Applicant(double income, String region) {
    }

    @Test
    void inputsOfAnyTypeAreProfiledThroughAnExtractorExactlyAsTheirRows() {
        org.mlops4j.core.schema.Schema schema = org.mlops4j.core.schema.Schema.of(
                org.mlops4j.core.schema.Feature.numeric("income"), org.mlops4j.core.schema.Feature.anyCategory("region"));
        java.util.List<Applicant> applicants = new java.util.ArrayList<>();
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            Applicant a = new Applicant(30_000 + 50_000 * rnd.nextDouble(), rnd.nextBoolean() ? "north" : "south");
            applicants.add(a);
            rows.add(java.util.Map.of("income", a.income(), "region", a.region()));
        }
        ReferenceProfile fromRecords = ReferenceProfile.of(schema, applicants,
                org.mlops4j.core.features.FeatureExtractor.reflective(Applicant.class));
        ReferenceProfile fromRows = ReferenceProfile.of(schema, rows);
        FeatureProfile a = fromRecords.feature("income").orElseThrow();
        FeatureProfile b = fromRows.feature("income").orElseThrow();
        assertThat(a.count()).isEqualTo(2_000);
        assertThat(a.mean()).isEqualTo(b.mean());
        assertThat(a.missing()).isEqualTo(b.missing());
        // KLL sketches compact at random: their medians agree within the sketch's rank error.
        assertThat(a.quantile(0.5)).isCloseTo(b.quantile(0.5), within(0.03 * 50_000));
        assertThat(fromRecords.feature("region").orElseThrow().categoryCounts())
                .isEqualTo(fromRows.feature("region").orElseThrow().categoryCounts());
        org.mlops4j.monitoring.drift.DatasetDriftReport report = org.mlops4j.monitoring.drift.DatasetDriftDetector
                .builder(schema).build().detect(applicants.subList(0, 1_000), applicants.subList(1_000, 2_000),
                        org.mlops4j.core.features.FeatureExtractor.auto());
        assertThat(report.driftedShare()).isZero();
        assertThatThrownBy(() -> ReferenceProfile.of(schema, java.util.List.of("text"),
                org.mlops4j.core.features.FeatureExtractor.auto()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs[0] of type java.lang.String");
    }
}
