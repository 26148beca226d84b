package org.mlops4j.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VariantAggregateTest {

    private static VariantAggregate random(SplittableRandom r) {
        long requests = r.nextLong(1, 500);
        long errors = r.nextLong(0, requests + 1);
        long timeouts = r.nextLong(0, errors + 1);
        double[] latencies = new double[(int) r.nextLong(0, requests - errors + 1)];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = Math.exp(r.nextDouble(-8, 12));
        }
        Map<String, Long> labels = r.nextBoolean() ? Map.of("a", r.nextLong(1, 9)) : Map.of("a", 2L, "b", 5L);
        long labelled = r.nextLong(0, 40);
        List<String> profiles = r.nextBoolean() ? List.of() : List.of("p" + r.nextInt(5), "q" + r.nextInt(5));
        return new VariantAggregate(requests, errors, timeouts, r.nextLong(0, 50), LatencySketch.of(latencies), labels,
                labelled, r.nextLong(0, labelled + 1), profiles, r.nextBoolean() ? List.of() : List.of("o"));
    }

    @Test
    void mergeIsAssociativeAndCommutativeWithEmptyAsIdentity() {
        SplittableRandom r = new SplittableRandom(18);
        for (int trial = 0; trial < 200; trial++) {
            VariantAggregate a = random(r);
            VariantAggregate b = random(r);
            VariantAggregate c = random(r);
            assertThat(a.merge(b)).isEqualTo(b.merge(a));
            assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
            assertThat(a.merge(VariantAggregate.empty())).isEqualTo(a);
            assertThat(VariantAggregate.empty().merge(a)).isEqualTo(a);
        }
    }

    @Test
    void mergeAddsEveryCountAndLabel() {
        VariantAggregate a = new VariantAggregate(10, 4, 1, 3, LatencySketch.of(1, 2), Map.of("cat", 4L, "dog", 1L));
        VariantAggregate b = new VariantAggregate(7, 2, 2, 5, LatencySketch.of(2, 300, 4000), Map.of("dog", 2L,
                "eel", 1L));
        VariantAggregate m = a.merge(b);
        assertThat(m.requests()).isEqualTo(17);
        assertThat(m.errors()).isEqualTo(6);
        assertThat(m.timeouts()).isEqualTo(3);
        assertThat(m.fallbacks()).isEqualTo(8);
        assertThat(m.latency()).isEqualTo(LatencySketch.of(1, 2, 2, 300, 4000));
        assertThat(m.predictedLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("cat", 4L, "dog", 3L, "eel", 1L));
    }

    @Test
    void mergeOfSketchesEqualsSketchOfAllValues() {
        SplittableRandom r = new SplittableRandom(7);
        double[] all = new double[3000];
        for (int i = 0; i < all.length; i++) {
            all[i] = Math.exp(r.nextDouble(-3, 9));
        }
        LatencySketch merged = LatencySketch.of(Arrays.copyOfRange(all, 0, 1000))
                .merge(LatencySketch.of(Arrays.copyOfRange(all, 1000, 1700)))
                .merge(LatencySketch.of(Arrays.copyOfRange(all, 1700, 3000)));
        assertThat(merged).isEqualTo(LatencySketch.of(all)).hasSameHashCodeAs(LatencySketch.of(all));
        assertThat(merged.count()).isEqualTo(3000);
    }

    @Test
    void quantilesAreWithinTheRelativeAccuracy() {
        SplittableRandom r = new SplittableRandom(3);
        double[] all = new double[20_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = Math.exp(r.nextDouble(-6, 14));
        }
        LatencySketch sketch = LatencySketch.of(all);
        Arrays.sort(all);
        for (double q : new double[] {0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1}) {
            double exact = all[(int) Math.floor(q * (all.length - 1))];
            assertThat(sketch.quantile(q)).as("q=%s", q).isCloseTo(exact,
                    org.assertj.core.data.Offset.offset(exact * LatencySketch.RELATIVE_ACCURACY));
        }
        assertThat(LatencySketch.empty().quantile(0.5)).isNaN();
    }

    @Test
    void quantileOfSmallSketchesPicksTheBucketAtTheRank() {
        LatencySketch s = LatencySketch.of(10, 20, 30, 40);
        assertThat(s.quantile(0)).isCloseTo(10, org.assertj.core.data.Offset.offset(0.1));
        assertThat(s.quantile(0.34)).isCloseTo(20, org.assertj.core.data.Offset.offset(0.2));
        assertThat(s.quantile(0.66)).isCloseTo(20, org.assertj.core.data.Offset.offset(0.2));
        assertThat(s.quantile(0.67)).isCloseTo(30, org.assertj.core.data.Offset.offset(0.3));
        assertThat(s.quantile(1)).isCloseTo(40, org.assertj.core.data.Offset.offset(0.4));
        assertThat(LatencySketch.of(0, 0.0005, 1e-3).quantile(1)).isEqualTo(LatencySketch.MIN_MILLIS);
        assertThat(LatencySketch.of(1e12).bucketIndices()).containsExactly(LatencySketch.BUCKETS - 1);
        assertThat(LatencySketch.bucket(1.0000001e-3)).isEqualTo(1);
    }

    /** Bytes of format 1 as its writer made them (commit e0a9876), which stores of schema version 5 hold. */
    private static final String FORMAT_1_FIXTURE = "01"
            + "000000000000000c" + "0000000000000003" + "0000000000000001" + "0000000000000002"
            + "00000003" + "0137" + "0000000000000001" + "0191" + "0000000000000002" + "026e" + "0000000000000001"
            + "00000002" + "00026e6f" + "0000000000000002" + "0003796573" + "0000000000000005";

    @Test
    void encodingRoundTripsAndIsStable() {
        VariantAggregate a = new VariantAggregate(12, 3, 1, 2, LatencySketch.of(0.5, 3, 3, 250), Map.of("yes", 5L,
                "no", 2L), 9, 7, List.of("{\"b\"}", "{\"a\"}"), List.of("é"));
        byte[] bytes = a.encode();
        assertThat(VariantAggregate.decode(bytes)).isEqualTo(a);
        assertThat(VariantAggregate.decode(VariantAggregate.empty().encode())).isEqualTo(VariantAggregate.empty());
        // Golden bytes: a change of the format must bump FORMAT and keep reading this one.
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("02"
                + "000000000000000c" + "0000000000000003" + "0000000000000001" + "0000000000000002"
                + "00000003" + "0137" + "0000000000000001" + "0191" + "0000000000000002" + "026e" + "0000000000000001"
                + "00000002" + "00026e6f" + "0000000000000002" + "0003796573" + "0000000000000005"
                + "0000000000000009" + "0000000000000007"
                + "00000002" + "00000005" + "7b2261227d" + "00000005" + "7b2262227d"
                + "00000001" + "00000002" + "c3a9");
        assertThat(bytes).hasSize(65 + 3 * 10 + (10 + 2) + (10 + 3) + 2 * (4 + 5) + (4 + 2));
    }

    @Test
    void readsTheFirstFormatWithoutFeedbackOrProfiles() {
        VariantAggregate old = VariantAggregate.decode(HexFormat.of().parseHex(FORMAT_1_FIXTURE));
        assertThat(old).isEqualTo(new VariantAggregate(12, 3, 1, 2, LatencySketch.of(0.5, 3, 3, 250),
                Map.of("yes", 5L, "no", 2L)));
        assertThat(old.labelled()).isZero();
        assertThat(old.correct()).isZero();
        assertThat(old.inputProfiles()).isEmpty();
        assertThat(old.outputProfiles()).isEmpty();
        // Re-encoding writes the current format.
        assertThat(old.encode()[0]).isEqualTo(VariantAggregate.FORMAT);
        assertThatThrownBy(() -> VariantAggregate.decode(HexFormat.of().parseHex(FORMAT_1_FIXTURE + "00")))
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void mergeAddsFeedbackAndKeepsEveryWindowsProfileSorted() {
        VariantAggregate a = new VariantAggregate(10, 0, 0, 0, LatencySketch.empty(), Map.of(), 6, 5,
                List.of("in-b"), List.of("out-a"));
        VariantAggregate b = new VariantAggregate(4, 0, 0, 0, LatencySketch.empty(), Map.of(), 3, 1,
                List.of("in-a", "in-c"), List.of());
        VariantAggregate m = a.merge(b);
        assertThat(m.labelled()).isEqualTo(9);
        assertThat(m.correct()).isEqualTo(6);
        assertThat(m.inputProfiles()).containsExactly("in-a", "in-b", "in-c");
        assertThat(m.outputProfiles()).containsExactly("out-a");
        assertThat(b.merge(a)).isEqualTo(m);
        assertThat(m.withProfiles(List.of("x"), List.of())).isEqualTo(new VariantAggregate(14, 0, 0, 0,
                LatencySketch.empty(), Map.of(), 9, 6, List.of("x"), List.of()));
        assertThatThrownBy(() -> a.merge(new VariantAggregate(0, 0, 0, 0, LatencySketch.empty(), Map.of(),
                Long.MAX_VALUE, 0, List.of(), List.of()))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> a.merge(new VariantAggregate(0, 0, 0, 0, LatencySketch.empty(), Map.of(),
                Long.MAX_VALUE, Long.MAX_VALUE, List.of(), List.of()))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void decodeRefusesForeignOrBrokenBytes() {
        byte[] good = new VariantAggregate(1, 0, 0, 0, LatencySketch.of(1), Map.of()).encode();
        byte[] format = good.clone();
        format[0] = 3;
        assertThatThrownBy(() -> VariantAggregate.decode(format)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format must be 1 or 2 but was 3");
        assertThatThrownBy(() -> VariantAggregate.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> VariantAggregate.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 trailing bytes");
    }

    @Test
    void emptySketchesAreTheOneEmptyInstanceAndEqualityReadsBucketsAndCounts() {
        assertThat(LatencySketch.of()).isSameAs(LatencySketch.empty());
        assertThat(LatencySketch.empty().merge(LatencySketch.empty())).isSameAs(LatencySketch.empty());
        assertThat(LatencySketch.ofBuckets(new int[0], new long[0])).isSameAs(LatencySketch.empty());
        LatencySketch a = LatencySketch.of(1, 5);
        assertThat(a).isEqualTo(LatencySketch.of(5, 1)).isNotEqualTo(LatencySketch.of(1, 6))
                .isNotEqualTo(LatencySketch.of(1, 5, 5)).isNotEqualTo("1, 5").isNotEqualTo(null);
        assertThat(a.hashCode()).isEqualTo(LatencySketch.of(5, 1).hashCode())
                .isNotEqualTo(LatencySketch.of(1, 6).hashCode()).isNotEqualTo(LatencySketch.of(1, 5, 5).hashCode())
                .isEqualTo(31 * java.util.Arrays.hashCode(a.bucketIndices()) + java.util.Arrays.hashCode(a.bucketCounts()));
        assertThat(a.toString()).isEqualTo("LatencySketch[count=2, buckets=2]");
    }

    @Test
    void everyBucketFromFirstToLastRoundTrips() {
        int[] all = new int[LatencySketch.BUCKETS];
        long[] ones = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
            ones[i] = 1;
        }
        LatencySketch every = LatencySketch.ofBuckets(all, ones);
        assertThat(every.count()).isEqualTo(LatencySketch.BUCKETS);
        VariantAggregate a = new VariantAggregate(LatencySketch.BUCKETS, 0, 0, 0, every, Map.of());
        assertThat(VariantAggregate.decode(a.encode())).isEqualTo(a);
        assertThat(every.quantile(0)).isEqualTo(LatencySketch.MIN_MILLIS);
        assertThat(every.quantile(1)).isEqualTo(LatencySketch.value(LatencySketch.BUCKETS - 1));
    }

    @Test
    void decodeRefusesImpossibleSizes() {
        byte[] good = new VariantAggregate(1, 0, 0, 0, LatencySketch.of(1), Map.of("a", 1L)).encode();
        // Offsets: format 1 byte, four counts 32 bytes, bucket count at 33, one bucket 10 bytes, label count at 47.
        byte[] negativeBuckets = good.clone();
        negativeBuckets[33] = (byte) 0xff;
        assertThatThrownBy(() -> VariantAggregate.decode(negativeBuckets)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket count must be in [0, 1200] but was -");
        byte[] tooManyBuckets = good.clone();
        tooManyBuckets[35] = 0x04;
        tooManyBuckets[36] = (byte) 0xb1;
        assertThatThrownBy(() -> VariantAggregate.decode(tooManyBuckets)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket count must be in [0, 1200] but was 1201");
        byte[] negativeLabels = good.clone();
        negativeLabels[47] = (byte) 0xff;
        assertThatThrownBy(() -> VariantAggregate.decode(negativeLabels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label count must be in [0, " + good.length + "] but was -");
        byte[] tooManyLabels = good.clone();
        tooManyLabels[49] = 0x01;
        assertThatThrownBy(() -> VariantAggregate.decode(tooManyLabels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label count must be in [0, " + good.length + "] but was 257");
        // Then: label (2 + 1 + 8 bytes) at 51, feedback (16) at 62, input profile count at 78, its length at 82.
        byte[] withProfile = new VariantAggregate(1, 0, 0, 0, LatencySketch.of(1), Map.of("a", 1L), 0, 0,
                List.of("xy"), List.of()).encode();
        byte[] negativeProfiles = withProfile.clone();
        negativeProfiles[78] = (byte) 0xff;
        assertThatThrownBy(() -> VariantAggregate.decode(negativeProfiles))
                .hasMessageContaining("profile count must be in [0, " + withProfile.length + "] but was -");
        byte[] tooManyProfiles = withProfile.clone();
        tooManyProfiles[80] = 0x01;
        assertThatThrownBy(() -> VariantAggregate.decode(tooManyProfiles))
                .hasMessageContaining("profile count must be in [0, " + withProfile.length + "] but was 257");
        byte[] longProfile = withProfile.clone();
        longProfile[85] = 0x09;
        assertThatThrownBy(() -> VariantAggregate.decode(longProfile))
                .hasMessageContaining("profile length must be in [0, 6] but was 9");
        byte[] negativeLength = withProfile.clone();
        negativeLength[82] = (byte) 0x80;
        assertThatThrownBy(() -> VariantAggregate.decode(negativeLength))
                .hasMessageContaining("profile length must be in [0, 6] but was -");
        assertThat(VariantAggregate.decode(withProfile).inputProfiles()).containsExactly("xy");
    }

    @Test
    void refusesInconsistentCounts() {
        LatencySketch none = LatencySketch.empty();
        assertThatThrownBy(() -> new VariantAggregate(-1, 0, 0, 0, none, Map.of()))
                .hasMessageContaining("requests=-1");
        assertThatThrownBy(() -> new VariantAggregate(0, -1, 0, 0, none, Map.of())).hasMessageContaining("errors=-1");
        assertThatThrownBy(() -> new VariantAggregate(5, 2, -1, 0, none, Map.of()))
                .hasMessageContaining("timeouts=-1");
        assertThatThrownBy(() -> new VariantAggregate(5, 2, 1, -1, none, Map.of()))
                .hasMessageContaining("fallbacks=-1");
        assertThat(new VariantAggregate(3, 1, 1, 0, LatencySketch.of(1, 2), Map.of()).errors()).isEqualTo(1);
        assertThatThrownBy(() -> new VariantAggregate(1, 2, 0, 0, none, Map.of())).hasMessageContaining("errors=2");
        assertThatThrownBy(() -> new VariantAggregate(2, 1, 2, 0, none, Map.of())).hasMessageContaining("timeouts=2");
        assertThatThrownBy(() -> new VariantAggregate(2, 1, 0, 0, LatencySketch.of(1, 2), Map.of()))
                .hasMessageContaining("latencies=2");
        assertThatThrownBy(() -> new VariantAggregate(2, 0, 0, 0, none, Map.of("a", 0L)))
                .hasMessageContaining("a was 0");
        assertThatThrownBy(() -> new VariantAggregate(2, 0, 0, 0, none, Map.of(), 3, 4, List.of(), List.of()))
                .hasMessageContaining("labelled=3, correct=4");
        assertThatThrownBy(() -> new VariantAggregate(2, 0, 0, 0, none, Map.of(), 3, -1, List.of(), List.of()))
                .hasMessageContaining("correct=-1");
        assertThatThrownBy(() -> new VariantAggregate(2, 0, 0, 0, none, Map.of(), -1, -1, List.of(), List.of()))
                .hasMessageContaining("labelled=-1");
        assertThat(new VariantAggregate(2, 0, 0, 0, none, Map.of(), 3, 3, List.of(), List.of()).correct())
                .isEqualTo(3);
        assertThat(new VariantAggregate(2, 0, 0, 0, none, Map.of(), 3, 0, List.of(), List.of()).correct())
                .isZero();
        java.util.List<String> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new VariantAggregate(2, 0, 0, 0, none, Map.of(), 0, 0, withNull, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("inputProfiles element");
        assertThatThrownBy(() -> LatencySketch.of(-1)).hasMessageContaining("was -1.0");
        assertThatThrownBy(() -> LatencySketch.of(Double.NaN)).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> LatencySketch.of(Double.POSITIVE_INFINITY)).hasMessageContaining("was Infinity");
        assertThatThrownBy(() -> LatencySketch.ofBuckets(new int[] {3, 3}, new long[] {1, 1}))
                .hasMessageContaining("bucket 1 was 3");
        assertThatThrownBy(() -> LatencySketch.ofBuckets(new int[] {LatencySketch.BUCKETS}, new long[] {1}))
                .hasMessageContaining("bucket 0 was " + LatencySketch.BUCKETS);
        assertThatThrownBy(() -> LatencySketch.ofBuckets(new int[] {-1}, new long[] {1}))
                .hasMessageContaining("bucket 0 was -1");
        assertThatThrownBy(() -> LatencySketch.ofBuckets(new int[] {1}, new long[] {0}))
                .hasMessageContaining("count 0 was 0");
        assertThatThrownBy(() -> LatencySketch.ofBuckets(new int[] {1}, new long[0]))
                .hasMessageContaining("had 1 and 0");
        assertThatThrownBy(() -> LatencySketch.of(1).quantile(1.5)).hasMessageContaining("was 1.5");
        assertThatThrownBy(() -> LatencySketch.of(1).quantile(-0.1)).hasMessageContaining("was -0.1");
    }
}
