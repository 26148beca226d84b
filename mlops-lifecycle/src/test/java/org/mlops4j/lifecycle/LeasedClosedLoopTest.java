package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.signal.VariantFiguresSource;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/** Two replicas' closed loops on one lease: only the holder retrains and starts or ticks rollouts. */
class LeasedClosedLoopTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ControllerLease lease = ControllerLease.inMemory("loop:fraud", clock);
    private final AtomicInteger retrainings = new AtomicInteger();
    private InMemoryModelRegistry registry;
    private final List<ClosedLoop<Integer, Integer>> loops = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        for (String replica : List.of("replica-1", "replica-2")) {
            Variant<Integer, Integer> champion = Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow());
            ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();
            ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder("fraud")
                    .strategy(DeploymentStrategy.single(champion)).clock(clock).build();
            Retrainer<Integer, Integer> retrainer = request -> {
                retrainings.incrementAndGet();
                throw new IllegalStateException("no data here");
            };
            loops.add(ClosedLoop.builder(endpoint, monitor, registry).clock(clock).retraining(retrainer, p -> 0.5)
                    .retrainEvery(Duration.ofMinutes(1)).cooldown(Duration.ofSeconds(1))
                    .lease(lease, replica, TTL).sameThread().build());
        }
    }

    @Test
    void onlyTheHolderRetrainsOnItsScheduleAndAFollowerTakesOverAfterTheTtl() {
        for (int second = 0; second <= 61; second++) {
            loops.get(0).tick();
            loops.get(1).tick();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(loops.get(0).controls()).isTrue();
        assertThat(loops.get(1).controls()).isFalse();
        assertThat(retrainings).hasValue(1);
        // replica-1 stops ticking: after its TTL replica-2 holds the lease and retrains on its schedule.
        for (int second = 0; second < 3; second++) {
            loops.get(1).tick();
            assertThat(loops.get(1).controls()).isEqualTo(second >= 1);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(loops.get(0).controls()).isFalse();
        assertThat(retrainings).hasValue(2);
    }

    @Test
    void aFollowerRefusesToStartARolloutAndTheHolderStartsOne() {
        loops.get(0).tick();
        loops.get(1).tick();
        Variant<Integer, Integer> candidate = Variant.of("candidate", x -> x + 2, registry.get("fraud", 2).orElseThrow());
        assertThatThrownBy(() -> loops.get(1).rollout(candidate, Baseline.none()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replica-2")
                .hasMessageContaining("loop:fraud");
        assertThat(registry.get("fraud", 2).orElseThrow().tags()).isEmpty();
        assertThat(loops.get(0).rollout(candidate, Baseline.none()).status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void badLeaseSettingsAreRefusedNamingTheValue() {
        ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder("x")
                .strategy(DeploymentStrategy.single(Variant.of("champion", x -> x, registry.get("fraud", 1)
                        .orElseThrow()))).build();
        ClosedLoop.Builder<Integer, Integer> b = ClosedLoop.builder(endpoint, ModelMonitor.builder().build(), registry);
        assertThatThrownBy(() -> b.lease(lease, "", TTL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holder").hasMessageContaining("''");
        assertThatThrownBy(() -> b.lease(lease, "r", Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl").hasMessageContaining("PT-0.005S");
    }
    @Test
    void theLoopsRolloutsReadTheFiguresSourceItIsGivenInsteadOfItsMonitor() {
        Variant<Integer, Integer> champion = Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow());
        ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder("fraud")
                .strategy(DeploymentStrategy.single(champion)).clock(clock).build();
        List<String> asked = new ArrayList<>();
        VariantFiguresSource fleet = (name, variant, model) -> {
            asked.add(name + "/" + variant + "/" + model.version());
            return Optional.empty();
        };
        ClosedLoop<Integer, Integer> loop = ClosedLoop.builder(endpoint, ModelMonitor.builder().build(), registry)
                .clock(clock).figures(fleet).sameThread().build();
        Variant<Integer, Integer> candidate = Variant.of("candidate", x -> x + 2, registry.get("fraud", 2).orElseThrow());
        Rollout<Integer, Integer> rollout = loop.rollout(candidate, Baseline.none());
        rollout.tick();
        assertThat(asked).contains("fraud/champion/1", "fraud/candidate/2");
        assertThatThrownBy(() -> ClosedLoop.builder(endpoint, ModelMonitor.builder().build(), registry).figures(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("figures");
    }
}
