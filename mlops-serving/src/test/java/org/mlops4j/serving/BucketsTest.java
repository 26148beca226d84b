package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

class BucketsTest {

    @Test
    void murmurMatchesPublishedVectors() {
        // MurmurHash3_x86_32, seed 0: "" -> 0, "hello" -> 0x248bfa47, "The quick brown fox jumps over the lazy dog" -> 0x2e4ff723.
        assertThat(Murmur3.hash(new byte[0])).isZero();
        assertThat(Murmur3.hash("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x248bfa47);
        assertThat(Murmur3.hash("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x2e4ff723);
    }

    @Test
    void streamingUtf8HashEqualsHashingTheEncodedBytes() {
        SplittableRandom rnd = new SplittableRandom(7);
        String[] alphabet = {"a", "Z", "0", ":", "é", "ß", "中", "🙂", "ñ", "\u0000", "\ud800"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder salt = new StringBuilder();
            StringBuilder key = new StringBuilder();
            for (int j = rnd.nextInt(6); j > 0; j--) {
                salt.append(alphabet[rnd.nextInt(alphabet.length)]);
            }
            for (int j = rnd.nextInt(12); j > 0; j--) {
                key.append(alphabet[rnd.nextInt(alphabet.length)]);
            }
            byte[] bytes = (salt + ":" + key).getBytes(StandardCharsets.UTF_8);
            int expected = Murmur3.hash(bytes);
            assertThat(Murmur3.hash(salt.toString(), key.toString())).as("salt=%s key=%s", salt, key)
                    .isEqualTo(expected);
        }
    }

    @Test
    void bucketIsUnsignedHashModuloTenThousand() {
        byte[] bytes = "fraud:user-42".getBytes(StandardCharsets.UTF_8);
        long unsigned = Integer.toUnsignedLong(Murmur3.hash(bytes));
        assertThat(Buckets.of("fraud", "user-42")).isEqualTo((int) (unsigned % 10_000));
        for (int i = 0; i < 10_000; i++) {
            assertThat(Buckets.of("s", "k" + i)).isBetween(0, 9_999);
        }
    }

    private static Variant<String, String> variant(String name) {
        return Variant.of(name, in -> name, new ModelRef("m", name.equals("champion") ? 1 : 2));
    }

    @Test
    void canaryIsStickyAndRoutesTheWeightWithinBinomialError() {
        DeploymentStrategy<String, String> canary = DeploymentStrategy.canary(variant("champion"), variant("canary"),
                500, "fraud");
        int keys = 100_000;
        int toCanary = 0;
        for (int i = 0; i < keys; i++) {
            String key = "user-" + i;
            String first = canary.select(key).name();
            assertThat(canary.select(key).name()).isEqualTo(first);
            if (first.equals("canary")) {
                toCanary++;
            }
        }
        // 5% of 100,000 with a 4-sigma band: sqrt(100000 * 0.05 * 0.95) = 68.9.
        assertThat(toCanary).isBetween(5_000 - 276, 5_000 + 276);
    }

    @Test
    void raisingTheWeightOnlyAddsKeys() {
        int[] ramp = {100, 500, 2_500, 5_000, 10_000};
        boolean[] wasCanary = new boolean[20_000];
        for (int weight : ramp) {
            DeploymentStrategy<String, String> s = DeploymentStrategy.canary(variant("champion"), variant("canary"),
                    weight, "salt");
            int count = 0;
            for (int i = 0; i < wasCanary.length; i++) {
                boolean now = s.select("k" + i).name().equals("canary");
                assertThat(!wasCanary[i] || now).as("key k%d moved back at weight %d", i, weight).isTrue();
                wasCanary[i] = now;
                count += now ? 1 : 0;
            }
            if (weight == 10_000) {
                assertThat(count).isEqualTo(wasCanary.length);
            }
        }
        DeploymentStrategy<String, String> none = DeploymentStrategy.canary(variant("champion"), variant("canary"), 0,
                "salt");
        for (int i = 0; i < 1_000; i++) {
            assertThat(none.select("k" + i).name()).isEqualTo("champion");
        }
    }

    @Test
    void everyReplicaAgreesBecauseAssignmentIsAPureFunction() {
        DeploymentStrategy<String, String> a = DeploymentStrategy.canary(variant("champion"), variant("canary"), 3_000,
                "fraud");
        DeploymentStrategy<String, String> b = DeploymentStrategy.canary(variant("champion"), variant("canary"), 3_000,
                "fraud");
        for (int i = 0; i < 5_000; i++) {
            assertThat(a.select("u" + i).name()).isEqualTo(b.select("u" + i).name());
        }
    }

    @Test
    void abTestSplitsByWeightsStickily() {
        java.util.Map<Variant<String, String>, Integer> weights = new java.util.LinkedHashMap<>();
        weights.put(variant("champion"), 5_000);
        weights.put(variant("b"), 3_000);
        weights.put(Variant.of("c", in -> "c", new ModelRef("m", 3)), 2_000);
        DeploymentStrategy<String, String> ab = DeploymentStrategy.abTest(weights, "exp");
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            String name = ab.select("u" + i).name();
            assertThat(ab.select("u" + i).name()).isEqualTo(name);
            counts[name.equals("champion") ? 0 : name.equals("b") ? 1 : 2]++;
        }
        assertThat(counts[0]).isBetween(50_000 - 633, 50_000 + 633);
        assertThat(counts[1]).isBetween(30_000 - 580, 30_000 + 580);
        assertThat(counts[2]).isBetween(20_000 - 506, 20_000 + 506);
        assertThat(ab.fallback().name()).isEqualTo("champion");
    }

    @Test
    void badWeightsAndVariantSetsAreRefused() {
        assertThatThrownBy(() -> DeploymentStrategy.canary(variant("champion"), variant("canary"), 12_000, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weightBasisPoints must be in [0, 10000] basis points but was 12000");
        assertThatThrownBy(() -> DeploymentStrategy.canary(variant("champion"), variant("canary"), -1, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> DeploymentStrategy.canary(variant("champion"), variant("champion"), 10, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different names");
        assertThatThrownBy(() -> DeploymentStrategy.abTest(java.util.Map.of(), "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one variant");
        assertThatThrownBy(() -> DeploymentStrategy.abTest(java.util.Map.of(variant("champion"), 9_000), "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 9000");
        assertThatThrownBy(() -> DeploymentStrategy.single(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Variant.of(" ", in -> "x", new ModelRef("m", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    /** The first key "k0", "k1", ... that falls in the given bucket (about 10,000 tries on average). */
    private static String keyInBucket(String salt, int bucket) {
        for (int i = 0; i < 1_000_000; i++) {
            if (Buckets.of(salt, "k" + i) == bucket) {
                return "k" + i;
            }
        }
        throw new AssertionError("no key of 1,000,000 falls in bucket " + bucket + " with salt " + salt);
    }

    @Test
    void aCanaryOwnsTheBucketsBelowItsWeightAndNotTheBucketAtIt() {
        String atFiveHundred = keyInBucket("fraud", 500);
        assertThat(DeploymentStrategy.canary(variant("champion"), variant("canary"), 500, "fraud")
                .select(atFiveHundred).name()).isEqualTo("champion");
        assertThat(DeploymentStrategy.canary(variant("champion"), variant("canary"), 501, "fraud")
                .select(atFiveHundred).name()).isEqualTo("canary");
    }

    @Test
    void anAbTestVariantOwnsItsRangeUpToButNotIncludingItsUpperBound() {
        java.util.Map<Variant<String, String>, Integer> weights = new java.util.LinkedHashMap<>();
        weights.put(variant("champion"), 5_000);
        weights.put(variant("b"), 3_000);
        weights.put(Variant.of("c", in -> "c", new ModelRef("m", 3)), 2_000);
        DeploymentStrategy<String, String> ab = DeploymentStrategy.abTest(weights, "exp");

        assertThat(ab.select(keyInBucket("exp", 0)).name()).isEqualTo("champion");
        assertThat(ab.select(keyInBucket("exp", 4_999)).name()).isEqualTo("champion");
        assertThat(ab.select(keyInBucket("exp", 5_000)).name()).isEqualTo("b");
        assertThat(ab.select(keyInBucket("exp", 7_999)).name()).isEqualTo("b");
        assertThat(ab.select(keyInBucket("exp", 8_000)).name()).isEqualTo("c");
        assertThat(ab.select(keyInBucket("exp", 9_999)).name()).isEqualTo("c");
    }

    @Test
    void strategiesListTheirVariantsInOrderAndNameThemInToString() {
        java.util.Map<Variant<String, String>, Integer> weights = new java.util.LinkedHashMap<>();
        weights.put(variant("champion"), 9_000);
        weights.put(variant("b"), 1_000);
        DeploymentStrategy<String, String> ab = DeploymentStrategy.abTest(weights, "exp");
        assertThat(ab.variants()).extracting(Variant::name).containsExactly("champion", "b");
        assertThat(ab).hasToString("abTest[champion(m/1), b(m/2)]");

        DeploymentStrategy<String, String> canary = DeploymentStrategy.canary(variant("champion"), variant("canary"),
                250, "fraud");
        assertThat(canary.variants()).extracting(Variant::name).containsExactly("champion", "canary");
        assertThat(canary).hasToString("canary(champion(m/1), canary(m/2) at 250 bp)");
    }

    @Test
    void anAbTestRefusesTwoVariantsWithTheSameName() {
        java.util.Map<Variant<String, String>, Integer> weights = new java.util.LinkedHashMap<>();
        weights.put(Variant.of("b", in -> "first", new ModelRef("m", 1)), 5_000);
        weights.put(Variant.of("b", in -> "second", new ModelRef("m", 2)), 5_000);
        assertThatThrownBy(() -> DeploymentStrategy.abTest(weights, "exp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("variant names must be unique but 'b' appears twice");
    }
}
