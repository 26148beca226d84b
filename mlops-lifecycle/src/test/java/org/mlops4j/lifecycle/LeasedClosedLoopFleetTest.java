package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/**
 * Three replicas' leased closed loops (threads of one JVM, an in-memory lease on a manual clock) on
 * one registry: the holder retrains and starts a rollout, the other loops find it through the
 * champion version's candidate tag, load the candidate from its artifact and route its canary as the
 * holder does; when the holder's loop closes, it releases the lease and another loop takes the
 * rollout over at once and promotes, with one champion alias move.
 */
class LeasedClosedLoopFleetTest {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ControllerLease lease = ControllerLease.inMemory("loop:fraud", clock);
    private InMemoryModelRegistry registry;
    private final List<ClosedLoop<Integer, Integer>> loops = new ArrayList<>();
    private final List<RolloutEvent> promotions = new ArrayList<>();

    /** A model whose artifact holds the offset it adds. */
    private Predictor<Integer, Integer> load(org.mlops4j.core.registry.ModelVersion version) {
        int offset = registry.load(version, file -> Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8)));
        return x -> x + offset;
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "1"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(10).minSamples(1))
                .step(RolloutStep.canary(50).minSamples(1)).analysisInterval(SECOND).build();
        RolloutAnalysis pass = context -> AnalysisResult.of(List.of(new CheckResult("scripted", AnalysisOutcome.PASS,
                false, "pass")));
        for (String replica : List.of("replica-1", "replica-2", "replica-3")) {
            Variant<Integer, Integer> champion = Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow());
            ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();
            ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder("fraud")
                    .strategy(DeploymentStrategy.single(champion)).clock(clock).build();
            Retrainer<Integer, Integer> retrainer = request -> new RetrainedModel<>(x -> x + 2, ModelRegistration
                    .builder("fraud").artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2-" + replica), "2")))
                    .build(), "run-" + replica);
            loops.add(ClosedLoop.builder(endpoint, monitor, registry).clock(clock).plan(plan).analysis(pass)
                    .retraining(retrainer, p -> p.predict(0)).followWith(this::load)
                    .onRollout(e -> {
                        if (e.kind() == RolloutEvent.Kind.PROMOTED) {
                            promotions.add(e);
                        }
                    }).lease(lease, replica, TTL).sameThread().build());
        }
    }

    /** The customers of 1,000 the loop's endpoint sends to the candidate (it adds 2). */
    private static int candidateShare(ClosedLoop<Integer, Integer> loop) {
        int n = 0;
        for (int i = 0; i < 1000; i++) {
            n += loop.endpoint().predict(0, "customer-" + i) == 2 ? 1 : 0;
        }
        return n;
    }

    /** Every open loop serves 1,000 customers, then ticks, in replica order; then a second passes. */
    private void round(List<ClosedLoop<Integer, Integer>> open) {
        for (ClosedLoop<Integer, Integer> loop : open) {
            candidateShare(loop);
            loop.tick();
        }
        clock.advance(SECOND);
    }

    private List<AliasChange> championMoves() {
        return registry.aliasHistory("fraud").stream().filter(c -> c.alias().equals(Rollout.CHAMPION)).toList();
    }

    @Test
    void followersRouteTheHoldersRolloutAndAnotherLoopFinishesItWhenTheHolderCloses() {
        loops.forEach(ClosedLoop::tick);
        assertThat(loops).extracting(ClosedLoop::controls).containsExactly(true, false, false);
        assertThat(loops.get(0).retrainNow("test").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(registry.get("fraud", 1).orElseThrow().tags())
                .containsEntry(Rollout.CANDIDATE_TAG_PREFIX + "fraud", "2 challenger");
        int atTen = candidateShare(loops.get(0));
        assertThat(atTen).isBetween(60, 140);
        // The followers have not ticked yet: they still serve the champion alone.
        assertThat(candidateShare(loops.get(1))).isZero();
        loops.get(1).tick();
        loops.get(2).tick();
        // Within one tick each follower loaded the candidate and routes the same customers to it.
        assertThat(loops).extracting(LeasedClosedLoopFleetTest::candidateShare).containsOnly(atTen);
        assertThat(loops.get(1).rollout().orElseThrow().candidate()).isEqualTo(registry.get("fraud", 2).orElseThrow()
                .ref());
        assertThat(loops.get(1).rollout().orElseThrow().controls()).isFalse();
        clock.advance(SECOND);
        // The step's figures count from two periods (1 s each) after it began; the next tick passes it.
        for (int i = 0; i < 3 && loops.get(0).rollout().orElseThrow().state().step() == 0; i++) {
            round(loops);
        }
        assertThat(loops).extracting(l -> l.rollout().orElseThrow().state().step()).containsOnly(1);
        int atFifty = candidateShare(loops.get(0));
        assertThat(atFifty).isBetween(440, 560);
        assertThat(loops).extracting(LeasedClosedLoopFleetTest::candidateShare).containsOnly(atFifty);

        // The holder's loop closes: it releases the lease, and replica-2's next tick takes over at once.
        loops.get(0).close();
        assertThat(lease.holder()).isEmpty();
        loops.get(1).tick();
        assertThat(loops.get(1).controls()).isTrue();
        assertThat(loops.get(1).rollout().orElseThrow().controls()).isTrue();
        List<ClosedLoop<Integer, Integer>> open = loops.subList(1, 3);
        for (int i = 0; i < 5 && !loops.get(1).rollout().orElseThrow().status().finished(); i++) {
            round(open);
        }
        // The finished rollout released the lease; replica-2's loop asked again in that same tick, so
        // replica-3 (ticking right after it) never held it: one loop may retrain at a time.
        assertThat(lease.holder().orElseThrow().holder()).isEqualTo("replica-2");
        assertThat(loops).extracting(ClosedLoop::controls).containsExactly(false, true, false);
        round(open);
        assertThat(open).extracting(l -> l.rollout().orElseThrow().status()).containsOnly(RolloutStatus.PROMOTED);
        assertThat(open).extracting(LeasedClosedLoopFleetTest::candidateShare).containsOnly(1000);
        assertThat(championMoves()).hasSize(2);
        assertThat(championMoves().get(1).newVersion()).hasValue(2);
        assertThat(loops.get(0).promotions()).isZero();
        assertThat(loops.get(1).promotions()).isEqualTo(1);
        // Only the holder retrained: replica-2's and replica-3's retrainers never ran.
        assertThat(registry.versions("fraud")).hasSize(2);
    }

    @Test
    void aClosedHoldersLoopWithoutARolloutReleasesTheLeaseForTheNextTick() {
        loops.forEach(ClosedLoop::tick);
        loops.get(0).close();
        assertThat(lease.holder()).isEmpty();
        loops.get(0).tick();                                    // a closed loop asks for nothing
        assertThat(lease.holder()).isEmpty();
        loops.get(1).tick();                                    // at once, far under the 3 s TTL
        assertThat(loops).extracting(ClosedLoop::controls).containsExactly(false, true, false);
    }

    @Test
    void aFollowerWithoutALoaderFollowsNoRolloutItDidNotStart() throws Exception {
        ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();
        ModelEndpoint<Integer, Integer> endpoint = ModelEndpoint.<Integer, Integer>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion", x -> x + 1,
                        registry.get("fraud", 1).orElseThrow()))).clock(clock).build();
        ClosedLoop<Integer, Integer> blind = ClosedLoop.builder(endpoint, monitor, registry).clock(clock)
                .lease(lease, "replica-4", TTL).sameThread().build();
        loops.get(0).tick();
        loops.get(0).retrainNow("test");
        blind.tick();
        assertThat(blind.rollout()).isEmpty();
        assertThat(candidateShare(blind)).isZero();
    }
}
