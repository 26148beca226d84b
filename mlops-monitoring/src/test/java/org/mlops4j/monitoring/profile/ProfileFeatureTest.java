package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

class ProfileFeatureTest {

    private static final double RANK_TOLERANCE = 0.02;

    static double[] normals(long seed, int n) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 10.0 + 3.0 * random.nextGaussian();
        }
        return values;
    }

    /** Fraction of the sorted sample at or below {@code v}. */
    static double rank(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    static FeatureProfile numericOf(double[] values) {
        FeatureProfile p = FeatureProfile.of(Feature.numeric("x"));
        for (double v : values) {
            p.update(v);
        }
        return p;
    }

    @Test
    void quantilesOfAMillionNormalValuesAreWithinTheRankErrorBound() {
        double[] values = normals(42, 1_000_000);
        FeatureProfile p = numericOf(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        for (int k = 1; k <= 9; k++) {
            double q = k / 10.0;
            assertThat(rank(sorted, p.quantile(q))).as("rank of quantile %s", q).isCloseTo(q, within(RANK_TOLERANCE));
        }
        assertThat(p.quantile(0.0)).isEqualTo(sorted[0]);
        assertThat(p.quantile(1.0)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void psiEdgesAreTheNineDecilesOfTheSketch() {
        FeatureProfile p = numericOf(normals(7, 100_000));

        double[] edges = p.psiEdges();

        assertThat(edges).hasSize(9).isSorted();
        for (int k = 1; k <= 9; k++) {
            assertThat(edges[k - 1]).isEqualTo(p.quantile(k / 10.0));
        }
    }

    @Test
    void meanAndVarianceMatchATwoPassComputation() {
        double[] values = normals(1, 1_000_000);
        FeatureProfile p = numericOf(values);

        double mean = Arrays.stream(values).sum() / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double variance = ss / (values.length - 1);

        assertThat(p.count()).isEqualTo(1_000_000);
        assertThat(p.valid()).isEqualTo(1_000_000);
        assertThat(p.mean()).isCloseTo(mean, within(1e-9 * Math.abs(mean)));
        assertThat(p.variance()).isCloseTo(variance, within(1e-9 * variance));
        assertThat(p.min()).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(p.max()).isEqualTo(Arrays.stream(values).max().orElseThrow());
    }

    @Test
    void missingAndNonFiniteValuesAreCountedButKeptOutOfTheStatistics() {
        FeatureProfile p = FeatureProfile.of(Feature.numeric("x"));

        p.update(null);
        p.update(Double.NaN);
        p.update(Double.POSITIVE_INFINITY);
        p.update(Float.NEGATIVE_INFINITY);
        p.update(1);
        p.update(3.0);

        assertThat(p.count()).isEqualTo(6);
        assertThat(p.missing()).isEqualTo(1);
        assertThat(p.nonFinite()).isEqualTo(3);
        assertThat(p.valid()).isEqualTo(2);
        assertThat(p.min()).isEqualTo(1.0);
        assertThat(p.max()).isEqualTo(3.0);
        assertThat(p.mean()).isEqualTo(2.0);
        assertThat(p.variance()).isEqualTo(2.0);
        assertThat(p.quantile(1.0)).isEqualTo(3.0);
        assertThat(p.quantile(0.0)).isEqualTo(1.0);
    }

    @Test
    void wrongTypeForANumericFeatureIsCountedAsInvalidNotThrown() {
        FeatureProfile p = FeatureProfile.of(Feature.numeric("x"));

        p.update("3.5");
        p.update(Boolean.TRUE);
        p.update(2.5f);

        assertThat(p.invalid()).isEqualTo(2);
        assertThat(p.valid()).isEqualTo(1);
        assertThat(p.mean()).isEqualTo(2.5);
    }

    @Test
    void emptyNumericProfileHasNaNStatisticsAndNoQuantiles() {
        FeatureProfile p = FeatureProfile.of(Feature.numeric("x"));

        assertThat(p.min()).isNaN();
        assertThat(p.max()).isNaN();
        assertThat(p.mean()).isNaN();
        assertThat(p.variance()).isNaN();
        assertThatThrownBy(() -> p.quantile(0.5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'x' has no valid value");
        assertThatThrownBy(p::psiEdges).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void quantileOutsideZeroOneIsRejected() {
        FeatureProfile p = numericOf(new double[] {1, 2, 3});

        assertThatThrownBy(() -> p.quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("q must be in [0, 1] but was 1.5");
        assertThatThrownBy(() -> p.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serializedNumericProfileStaysUnderEightKilobytesAfterTenMillionUpdates() {
        Random random = new Random(3);
        FeatureProfile p = FeatureProfile.of(Feature.numeric("x"));
        for (int i = 0; i < 10_000_000; i++) {
            p.update(random.nextGaussian());
        }

        int sketchBytes = ((NumericProfile) p).sketchBytes().length;
        ReferenceProfile profile = new ReferenceProfile(Schema.of(p.feature()), ProfileConfig.ofDefaults(), List.of(p), p.count());
        int jsonBytes = profile.toJson().getBytes(StandardCharsets.UTF_8).length;

        assertThat(p.count()).isEqualTo(10_000_000);
        assertThat(sketchBytes).isLessThan(8 * 1024);
        assertThat(jsonBytes).isLessThan(8 * 1024);
    }

    @Test
    void mergeOfSelfDoublesTheCounts() {
        FeatureProfile p = numericOf(new double[] {1, 2, 3, 4});

        p.merge(p);

        assertThat(p.count()).isEqualTo(8);
        assertThat(p.mean()).isEqualTo(2.5);
        assertThat(p.quantile(0.5)).isEqualTo(2.0);
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        FeatureProfile p = numericOf(new double[] {1, 2});
        FeatureProfile copy = p.copy();

        copy.update(100.0);

        assertThat(p.count()).isEqualTo(2);
        assertThat(p.max()).isEqualTo(2.0);
        assertThat(copy.max()).isEqualTo(100.0);
    }

    @Test
    void categoricalProfileCountsEachValueAndItsShare() {
        FeatureProfile p = FeatureProfile.of(Feature.anyCategory("colour"));
        for (String v : new String[] {"red", "blue", "red", "green", "red", "blue"}) {
            p.update(v);
        }
        p.update(null);
        p.update(42);

        assertThat(p.count()).isEqualTo(8);
        assertThat(p.missing()).isEqualTo(1);
        assertThat(p.invalid()).isEqualTo(1);
        assertThat(p.valid()).isEqualTo(6);
        assertThat(p.nonFinite()).isZero();
        assertThat(p.categoryCounts()).containsExactly(
                Map.entry("red", 3L), Map.entry("blue", 2L), Map.entry("green", 1L));
        assertThat(p.categoryShares()).containsExactly(
                Map.entry("red", 0.5), Map.entry("blue", 2.0 / 6), Map.entry("green", 1.0 / 6));
        assertThat(p.otherCount()).isZero();
    }

    @Test
    void booleanProfileCountsTrueAndFalseAsCategories() {
        FeatureProfile p = FeatureProfile.of(Feature.bool("flag"));

        p.update(true);
        p.update(false);
        p.update(Boolean.TRUE);
        p.update("true");

        assertThat(p.categoryCounts()).containsExactly(Map.entry("true", 2L), Map.entry("false", 1L));
        assertThat(p.invalid()).isEqualTo(1);
    }

    @Test
    void categoriesBeyondTheCapGoToTheOtherBucket() {
        FeatureProfile p = FeatureProfile.of(Feature.anyCategory("c"), new ProfileConfig(200, 3));
        for (String v : new String[] {"a", "b", "c", "d", "e", "a", "d"}) {
            p.update(v);
        }

        assertThat(p.categoryCounts()).containsOnlyKeys("a", "b", "c");
        assertThat(p.categoryCounts().get("a")).isEqualTo(2L);
        assertThat(p.otherCount()).isEqualTo(3);
        assertThat(p.valid()).isEqualTo(7);
        assertThat(p.categoryShares().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(4.0 / 7, within(1e-12));
    }

    @Test
    void mergeOverTheCapKeepsTheMostFrequentCategories() {
        ProfileConfig config = new ProfileConfig(200, 2);
        FeatureProfile left = FeatureProfile.of(Feature.anyCategory("c"), config);
        FeatureProfile right = FeatureProfile.of(Feature.anyCategory("c"), config);
        for (String v : new String[] {"a", "a", "b"}) {
            left.update(v);
        }
        for (String v : new String[] {"c", "c", "c", "b", "b"}) {
            right.update(v);
        }

        left.merge(right);

        assertThat(left.categoryCounts()).containsExactly(Map.entry("b", 3L), Map.entry("c", 3L));
        assertThat(left.otherCount()).isEqualTo(2);
        assertThat(left.valid()).isEqualTo(8);
    }

    @Test
    void mergeRejectsAProfileOfAnotherFeature() {
        FeatureProfile x = FeatureProfile.of(Feature.numeric("x"));

        assertThatThrownBy(() -> x.merge(FeatureProfile.of(Feature.numeric("y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'y'").hasMessageContaining("'x'");
        assertThatThrownBy(() -> x.merge(FeatureProfile.of(Feature.anyCategory("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CATEGORICAL");
        assertThatThrownBy(() -> FeatureProfile.of(Feature.bool("b")).merge(FeatureProfile.of(Feature.anyCategory("b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numericStatisticsOfACategoricalFeatureAreMisuse() {
        FeatureProfile c = FeatureProfile.of(Feature.categorical("c", Set.of("a")));
        FeatureProfile x = FeatureProfile.of(Feature.numeric("x"));

        assertThatThrownBy(() -> c.quantile(0.5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("CATEGORICAL");
        assertThatThrownBy(c::mean).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(x::categoryShares).isInstanceOf(IllegalStateException.class).hasMessageContaining("NUMERIC");
        assertThatThrownBy(x::otherCount).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsRejectOutOfRangeValuesNamingThem() {
        assertThatThrownBy(() -> new ProfileConfig(4, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantileK must be in [8, 65535] but was 4");
        assertThatThrownBy(() -> new ProfileConfig(200, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCategories must be at least 1 but was 0");
        assertThat(ProfileConfig.ofDefaults()).isEqualTo(new ProfileConfig(200, 1_000));
    }
}
