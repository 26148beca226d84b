package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.feedback.Reward;
import org.mlops4j.core.fleet.FleetState;
import org.mlops4j.core.registry.ModelRef;

/** Bandit replicas merging their posteriors through one fleet store. */
class SharedBanditTest {

    private static final BanditConfig CONFIG = BanditConfig.ofDefaults().withMinExposure(0).withSeed(7);
    private static final Duration MANUAL = Duration.ofHours(1);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private static List<Variant<String, String>> arms() {
        return List.of(Variant.of("a", x -> "a", new ModelRef("offers-a", 1)),
                Variant.of("b", x -> "b", new ModelRef("offers-b", 1)));
    }

    private BanditStrategy<String, String> replica(FleetState state, String id) {
        BanditStrategy<String, String> bandit = BanditStrategy.shared(arms(), CONFIG, new FleetSync(state, id, MANUAL), "offers");
        opened.add(bandit);
        return bandit;
    }

    private ModelEndpoint<String, String> endpoint(BanditStrategy<String, String> bandit) {
        ModelEndpoint<String, String> e = ModelEndpoint.<String, String>builder("offers").strategy(bandit).build();
        opened.add(e);
        return e;
    }

    /** Serves {@code n} requests and rewards each with 1 when {@code rewardOf} says so for its arm. */
    private static void traffic(ModelEndpoint<String, String> endpoint, String prefix, int n, Map<String, Double> reward) {
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            String arm = endpoint.serve("x", null, id).variant();
            endpoint.feedback().recordForRequest(id, Reward.of(reward.get(arm)));
        }
    }

    @Test
    void replicasSampleFromTheSumOfTheirCountsExactly() {
        FleetState state = FleetState.inMemory();
        List<BanditStrategy<String, String>> bandits = List.of(replica(state, "r1"), replica(state, "r2"),
                replica(state, "r3"));
        List<ModelEndpoint<String, String>> endpoints = bandits.stream().map(this::endpoint).toList();
        traffic(endpoints.get(0), "r1-", 300, Map.of("a", 1.0, "b", 0.0));
        traffic(endpoints.get(1), "r2-", 200, Map.of("a", 0.0, "b", 1.0));
        traffic(endpoints.get(2), "r3-", 100, Map.of("a", 0.25, "b", 0.5));
        double[][] own = new double[3][];
        for (int r = 0; r < 3; r++) {
            BanditStats s = bandits.get(r).stats();
            own[r] = new double[] {s.arm("a").orElseThrow().successes(), s.arm("a").orElseThrow().failures(),
                s.arm("b").orElseThrow().successes(), s.arm("b").orElseThrow().failures()};
        }
        assertThat(own[0][0] + own[0][1] + own[0][2] + own[0][3]).isEqualTo(300.0);
        // Each publishes, then each reads: twice, so a republication must not count twice.
        for (int round = 0; round < 2; round++) {
            bandits.forEach(BanditStrategy::refresh);
        }
        double[] sum = new double[4];
        for (double[] o : own) {
            for (int k = 0; k < 4; k++) {
                sum[k] += o[k];
            }
        }
        for (BanditStrategy<String, String> b : bandits) {
            BanditStats s = b.stats();
            assertThat(s.arm("a").orElseThrow().successes()).isEqualTo(sum[0]);
            assertThat(s.arm("a").orElseThrow().failures()).isEqualTo(sum[1]);
            assertThat(s.arm("b").orElseThrow().successes()).isEqualTo(sum[2]);
            assertThat(s.arm("b").orElseThrow().failures()).isEqualTo(sum[3]);
            assertThat(s.arm("a").orElseThrow().posteriorMean())
                    .isEqualTo((1.0 + sum[0]) / (2.0 + sum[0] + sum[1]));
        }
        assertThat(sum[0] + sum[1] + sum[2] + sum[3]).isEqualTo(600.0);
        assertThat(state.counters("bandit/offers")).hasSize(3);
        assertThat(state.counters("bandit/offers").get("r1").get("a.successes")).isEqualTo(own[0][0]);
    }

    @Test
    void aReplicaRestartedWithItsIdContinuesFromWhatItPublished() throws Exception {
        FleetState state = FleetState.inMemory();
        BanditStrategy<String, String> first = replica(state, "r1");
        traffic(endpoint(first), "p", 50, Map.of("a", 1.0, "b", 0.0));
        double firstFailures = first.stats().arms().stream().mapToDouble(BanditStats.Arm::failures).sum();
        double firstSuccesses = first.stats().arms().stream().mapToDouble(BanditStats.Arm::successes).sum();
        assertThat(firstFailures + firstSuccesses).isEqualTo(50.0);
        first.refresh();
        first.close();
        BanditStrategy<String, String> restarted = replica(state, "r1");
        assertThat(restarted.stats().arms().stream().mapToDouble(BanditStats.Arm::successes).sum())
                .isEqualTo(firstSuccesses);
        assertThat(restarted.stats().arms().stream().mapToDouble(BanditStats.Arm::failures).sum())
                .isEqualTo(firstFailures);
        traffic(endpoint(restarted), "q", 10, Map.of("a", 1.0, "b", 1.0));
        restarted.refresh();
        restarted.refresh();
        Map<String, Double> published = state.counters("bandit/offers").get("r1");
        assertThat(published.get("a.successes") + published.get("b.successes")).isEqualTo(firstSuccesses + 10.0);
        assertThat(published.get("a.failures") + published.get("b.failures")).isEqualTo(firstFailures);
        assertThat(restarted.stats().arms().stream().mapToDouble(BanditStats.Arm::successes).sum())
                .isEqualTo(firstSuccesses + 10.0);
    }

    @Test
    void anUnreachableStoreKeepsTheLastCountsAndIsCounted() throws Exception {
        FailingFleetState state = new FailingFleetState(FleetState.inMemory());
        BanditStrategy<String, String> other = replica(state, "r2");
        traffic(endpoint(other), "o", 40, Map.of("a", 1.0, "b", 0.0));
        other.refresh();
        BanditStrategy<String, String> bandit = BanditStrategy.shared(arms(), CONFIG,
                new FleetSync(state, "r1", Duration.ofMillis(10)), "offers");
        opened.add(bandit);
        double fleet = bandit.stats().arms().stream().mapToDouble(a -> a.successes() + a.failures()).sum();
        assertThat(fleet).isEqualTo(40.0);
        state.down = true;
        assertThatThrownBy(bandit::refresh).isInstanceOf(StoreException.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bandit.refreshFailures() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(bandit.refreshFailures()).isGreaterThanOrEqualTo(2);
        assertThat(bandit.stats().arms().stream().mapToDouble(a -> a.successes() + a.failures()).sum()).isEqualTo(40.0);
        assertThat(bandit.select(null)).isNotNull();
        bandit.close();
        Thread.sleep(30);
        long failures = bandit.refreshFailures();
        Thread.sleep(100);
        assertThat(bandit.refreshFailures()).as("closed: no more refreshes").isEqualTo(failures);
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        FleetState state = FleetState.inMemory();
        assertThatThrownBy(() -> BanditStrategy.shared(arms(), CONFIG, FleetSync.of(state, "r1"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope").hasMessageContaining("''");
        List<Variant<String, String>> longNames = List.of(Variant.of("x".repeat(245), x -> "a", new ModelRef("m", 1)),
                Variant.of("b", x -> "b", new ModelRef("m", 2)));
        assertThatThrownBy(() -> BanditStrategy.shared(longNames, CONFIG, FleetSync.of(state, "r1"), "s"))
                .hasMessageContaining("counter");
        assertThatThrownBy(() -> BanditStrategy.of(arms(), CONFIG).refresh()).isInstanceOf(IllegalStateException.class);
        assertThat(BanditStrategy.of(arms(), CONFIG).refreshFailures()).isZero();
    }
}
