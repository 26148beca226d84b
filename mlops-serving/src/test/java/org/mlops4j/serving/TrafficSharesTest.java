package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.registry.ModelRef;

/** Each strategy's traffic split as dashboards and the traffic-split series read it. */
class TrafficSharesTest {

    private static Variant<Integer, Integer> variant(String name, int version) {
        return Variant.of(name, x -> x + version, new ModelRef("fraud", version));
    }

    private final Variant<Integer, Integer> champion = variant("champion", 1);
    private final Variant<Integer, Integer> candidate = variant("candidate", 2);

    @Test
    void aSingleModelAnswersEverything() {
        assertThat(DeploymentStrategy.single(champion).trafficShares()).containsExactly(entry("champion", 1.0));
    }

    @Test
    void aCanarySplitsByItsWeightInBasisPoints() {
        assertThat(DeploymentStrategy.canary(champion, candidate, 500, "s").trafficShares())
                .containsExactly(entry("champion", 0.95), entry("candidate", 0.05));
        assertThat(DeploymentStrategy.canary(champion, candidate, 10_000, "s").trafficShares())
                .containsExactly(entry("champion", 0.0), entry("candidate", 1.0));
    }

    @Test
    void anAbTestSplitsByEachVariantsWeight() {
        Map<Variant<Integer, Integer>, Integer> weights = new LinkedHashMap<>();
        weights.put(champion, 5_000);
        weights.put(candidate, 3_000);
        weights.put(variant("third", 3), 2_000);
        assertThat(DeploymentStrategy.abTest(weights, "s").trafficShares())
                .containsExactly(entry("champion", 0.5), entry("candidate", 0.3), entry("third", 0.2));
    }

    @Test
    void blueGreenAndShadowGiveEverythingToTheLiveVariantAndReviewKeepsItsDelegates() {
        BlueGreenStrategy<Integer, Integer> blueGreen = BlueGreenStrategy.of(champion);
        blueGreen.stage(candidate, List.of(), c -> { });
        assertThat(blueGreen.trafficShares()).containsExactly(entry("champion", 1.0), entry("candidate", 0.0));
        blueGreen.switchToStaged();
        assertThat(blueGreen.trafficShares()).containsEntry("candidate", 1.0).containsEntry("champion", 0.0);
        try (ShadowStrategy<Integer, Integer> shadow = ShadowStrategy.of(champion, candidate, ShadowConfig.ofDefaults(),
                ShadowComparator.equality())) {
            assertThat(shadow.trafficShares()).containsExactly(entry("champion", 1.0), entry("candidate", 0.0));
        }
        HumanReviewStrategy<Integer, Integer> review = HumanReviewStrategy.of(
                DeploymentStrategy.canary(champion, candidate, 2_500, "s"), 0.5, ReviewQueue.of(10), Interim.modelAnswer());
        assertThat(review.trafficShares()).containsExactly(entry("champion", 0.75), entry("candidate", 0.25));
    }

    @Test
    void aBanditReportsEachArmsShareOfItsSelections() {
        BanditStrategy<Integer, Integer> bandit = BanditStrategy.of(List.of(champion, candidate), BanditConfig.ofDefaults());
        assertThat(bandit.trafficShares()).containsExactly(entry("champion", 0.5), entry("candidate", 0.5));
        for (int i = 0; i < 3; i++) {
            bandit.select("k" + i);
        }
        // The warm-up goes round-robin: two selections of the first arm, one of the second.
        assertThat(bandit.stats().arms().get(0).served()).isEqualTo(2);
        assertThat(bandit.trafficShares()).containsExactly(entry("champion", 2 / 3.0), entry("candidate", 1 / 3.0));
    }
}
