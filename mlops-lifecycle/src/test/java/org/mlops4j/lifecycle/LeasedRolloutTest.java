package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.fleet.ControllerLease;
import org.mlops4j.core.fleet.LeaseTerm;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/**
 * Three replicas (threads of one JVM here; processes on PostgreSQL in the examples' fleet test) run
 * one leased rollout on a shared registry and an in-memory lease on a manual clock: only the holder
 * decides, the others route as it did, a dead holder is replaced after its TTL, and a holder that
 * paused past its TTL has neither its state write nor its alias move followed.
 */
class LeasedRolloutTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final ControllerLease lease = ControllerLease.inMemory("rollout:fraud", clock);
    private InMemoryModelRegistry registry;
    private final List<Replica> replicas = new ArrayList<>();
    private final List<RolloutEvent> events = new ArrayList<>();
    /** What every replica's analysis answers, unless a test changes it. */
    private final AtomicReference<AnalysisResult> verdict = new AtomicReference<>(pass());
    /** Run inside the next analysis, on the asking replica's thread (a pause, a takeover). */
    private final AtomicReference<Runnable> duringAnalysis = new AtomicReference<>();

    private static AnalysisResult pass() {
        return AnalysisResult.of(List.of(new CheckResult("error rate", AnalysisOutcome.PASS, true, "scripted")));
    }

    private static AnalysisResult criticalFailure() {
        return AnalysisResult.of(List.of(new CheckResult("error rate", AnalysisOutcome.FAIL, true, "scripted")));
    }

    /** One replica: its endpoint, its monitor, its analysis (counting its calls) and its rollout. */
    private final class Replica {
        final String id;
        final ModelEndpoint<Integer, Integer> endpoint;
        final Variant<Integer, Integer> champion;
        final Variant<Integer, Integer> candidate;
        final ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();
        int analyses;
        Rollout<Integer, Integer> rollout;
        Consumer<RolloutEvent> onEvent = e -> { };

        Replica(String id) {
            this.id = id;
            champion = Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow());
            candidate = Variant.of("candidate", x -> x + 2, registry.get("fraud", 2).orElseThrow());
            endpoint = ModelEndpoint.<Integer, Integer>builder("fraud").strategy(DeploymentStrategy.single(champion))
                    .clock(clock).listener(monitor).build();
        }

        Rollout.Builder<Integer, Integer> builder(RolloutPlan plan) {
            RolloutAnalysis analysis = new RolloutAnalysis() {
                @Override
                public AnalysisResult analyse(RolloutContext context) {
                    analyses++;
                    AnalysisResult answer = verdict.get();
                    Runnable r = duringAnalysis.getAndSet(null);
                    if (r != null) {
                        r.run();
                    }
                    return answer;
                }
            };
            return Rollout.builder(endpoint, plan).champion(champion).candidate(candidate).analysis(analysis)
                    .figures(monitor).registry(registry).clock(clock).lease(lease, id, TTL)
                    // These tests are about who decides; the settling delay has its own test.
                    .settling(Duration.ZERO)
                    .listener(e -> {
                        events.add(e);
                        onEvent.accept(e);
                    });
        }

        /** The candidate's share of 1,000 customers as this replica routes them. */
        int candidateShare() {
            int cand = 0;
            for (int i = 0; i < 1000; i++) {
                cand += endpoint.predict(0, "customer-" + i) == 2 ? 1 : 0;
            }
            return cand;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        for (int i = 1; i <= 3; i++) {
            replicas.add(new Replica("replica-" + i));
        }
    }

    private static RolloutPlan plan() {
        return RolloutPlan.builder().step(RolloutStep.canary(10).minSamples(1)).step(RolloutStep.canary(50).minSamples(1))
                .analysisInterval(Duration.ofMillis(500)).build();
    }

    /** replica-1 starts the rollout and holds the lease; the others resume it as followers. */
    private void startOnFirst() {
        Replica first = replicas.get(0);
        first.rollout = first.builder(plan()).start();
        for (Replica r : replicas.subList(1, 3)) {
            r.rollout = r.builder(plan()).resume();
        }
    }

    private void round() {
        for (Replica r : replicas) {
            go(r);
        }
    }

    /** The replica serves traffic, then runs one round of its rollout. */
    private static void go(Replica r) {
        r.candidateShare();
        r.rollout.tickOrFollow();
    }

    private List<AliasChange> championMoves() {
        return registry.aliasHistory("fraud").stream().filter(c -> c.alias().equals(Rollout.CHAMPION)).toList();
    }

    @Test
    void onlyTheHolderAnalysesAndTheOthersRouteAsItDecidedWithinOneRound() {
        startOnFirst();
        assertThat(replicas).extracting(r -> r.candidateShare()).allSatisfy(s -> assertThat(s).isBetween(60, 140));
        round();
        assertThat(replicas.get(0).rollout.controls()).isTrue();
        assertThat(replicas.get(1).rollout.controls()).isFalse();
        assertThat(replicas.get(0).rollout.state().step()).isEqualTo(1);
        // The followers refreshed in the same round, after the holder wrote: all route at 50%, alike.
        assertThat(replicas).extracting(r -> r.rollout.state().step()).containsExactly(1, 1, 1);
        int share = replicas.get(0).candidateShare();
        assertThat(share).isBetween(440, 560);
        assertThat(replicas).extracting(Replica::candidateShare).containsOnly(share);
        clock.advance(Duration.ofMillis(500));
        round();
        assertThat(replicas).extracting(r -> r.rollout.status()).containsOnly(RolloutStatus.PROMOTED);
        assertThat(replicas).extracting(Replica::candidateShare).containsOnly(1000);
        assertThat(replicas).extracting(r -> r.analyses).containsExactly(2, 0, 0);
        assertThat(championMoves()).hasSize(2);
        assertThat(events).filteredOn(e -> e.kind() == RolloutEvent.Kind.PROMOTED).hasSize(1);
        // The holder released the lease once the rollout finished.
        assertThat(lease.holder()).isEmpty();
        assertThat(registry.get("fraud", 2).orElseThrow().tags()).containsKey(RolloutState.TAG + ".0000000000000000001")
                .doesNotContainKey(RolloutState.TAG);
    }

    @Test
    void aDeadHolderIsReplacedAfterItsTtlAndTheSuccessorFinishesFromTheStoredStep() {
        startOnFirst();
        round();
        assertThat(replicas.get(0).rollout.state().step()).isEqualTo(1);
        // replica-1 dies: it no longer renews. Until its tenure ends nobody else decides.
        clock.advance(Duration.ofMillis(1500));
        go(replicas.get(1));
        go(replicas.get(2));
        assertThat(replicas.get(1).analyses + replicas.get(2).analyses).isZero();
        clock.advance(Duration.ofMillis(500));
        go(replicas.get(1));
        go(replicas.get(2));
        Rollout<Integer, Integer> successor = replicas.get(1).rollout;
        assertThat(successor.status()).isEqualTo(RolloutStatus.PROMOTED);
        // It took the lease at epoch 2, finished and released it; replica-3 then took it (epoch 3) to
        // follow the finished rollout, wrote nothing and released it.
        assertThat(lease.term()).isEqualTo(new LeaseTerm("", 3, 0));
        assertThat(registry.get("fraud", 2).orElseThrow().tags()).doesNotContainKey(FencedStates.key(3));
        assertThat(replicas.get(1).analyses).isEqualTo(1);
        assertThat(replicas.get(2).rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(championMoves()).hasSize(2);
        assertThat(championMoves().get(1).newVersion()).hasValue(2);
        // The successor wrote the step it took over under its own epoch before deciding on.
        assertThat(registry.get("fraud", 2).orElseThrow().tags()).containsKey(RolloutState.TAG + ".0000000000000000002");
    }

    @Test
    void aHolderWhosePauseOutlastedItsTenureDuringTheAnalysisTakesNoDecision() {
        startOnFirst();
        verdict.set(criticalFailure());
        duringAnalysis.set(() -> {
            clock.advance(TTL);                              // a GC pause past the tenure
            verdict.set(pass());
            go(replicas.get(1));                             // replica-2 takes over meanwhile, and passes step 0
        });
        go(replicas.get(0));
        assertThat(replicas.get(0).rollout.state().status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(replicas.get(0).endpoint.strategy().variants()).hasSize(2);
        assertThat(replicas.get(1).rollout.controls()).isTrue();
        assertThat(replicas.get(1).rollout.state().step()).isEqualTo(1);
        assertThat(events).noneMatch(e -> e.kind() == RolloutEvent.Kind.ROLLED_BACK);
        go(replicas.get(0));
        assertThat(replicas.get(0).rollout.controls()).isFalse();
        assertThat(replicas.get(0).rollout.state().step()).isEqualTo(1);
    }

    @Test
    void aStateWrittenAfterTheTenureRanOutIsSkippedAndAStaleEpochsTagIsNeverFollowed() {
        startOnFirst();
        Replica first = replicas.get(0);
        // The pause falls between the decision and its state write: STEP_PASSED is published first.
        first.onEvent = e -> {
            if (e.kind() == RolloutEvent.Kind.STEP_PASSED) {
                first.onEvent = x -> { };
                clock.advance(TTL);
                lease.acquire("replica-2", TTL).orElseThrow();   // replica-2's round took the lease
            }
        };
        go(first);
        assertThat(first.rollout.fencedWrites()).isEqualTo(1);
        FencedStates.Fenced kept = FencedStates.latest(registry.get("fraud", 2).orElseThrow().tags()).orElseThrow();
        assertThat(kept.epoch()).isEqualTo(1);
        assertThat(kept.state().step()).isZero();
        go(replicas.get(1));
        RolloutState stored = FencedStates.latest(registry.get("fraud", 2).orElseThrow().tags()).orElseThrow().state();
        assertThat(stored.step()).isEqualTo(1);
        // Even a write that got through under the old epoch is not read once the new holder has written.
        registry.setTag("fraud", 2, FencedStates.key(1), stored.with(RolloutStatus.ROLLED_BACK, 0,
                stored.stepStarted(), 0, 0, "stale").encode());
        assertThat(replicas.get(2).rollout.refresh().status()).isEqualTo(RolloutStatus.RUNNING);
        // The stale holder learns it lost the lease and follows the stored state again.
        go(first);
        assertThat(first.rollout.controls()).isFalse();
        assertThat(first.rollout.state()).isEqualTo(stored);
        assertThat(first.candidateShare()).isEqualTo(replicas.get(1).candidateShare());
    }

    @Test
    void aHolderThatLostTheLeaseBeforeItsPromotionDoesNotMoveTheAliasAndTheSuccessorPromotesOnce() {
        startOnFirst();
        round();
        Replica first = replicas.get(0);
        first.onEvent = e -> {
            if (e.kind() == RolloutEvent.Kind.STEP_PASSED) {
                first.onEvent = x -> { };
                clock.advance(TTL);
                lease.acquire("replica-2", TTL).orElseThrow();   // replica-2's round took the lease
            }
        };
        clock.advance(Duration.ofMillis(500));
        go(first);
        assertThat(championMoves()).hasSize(1);
        assertThat(first.rollout.fencedWrites()).isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        round();
        go(first);
        assertThat(replicas).extracting(r -> r.rollout.status()).containsOnly(RolloutStatus.PROMOTED);
        assertThat(championMoves()).hasSize(2);
        assertThat(championMoves().get(1).attribution().actor()).isEqualTo("rollout");
        assertThat(events).filteredOn(e -> e.kind() == RolloutEvent.Kind.PROMOTED).hasSize(1);
    }

    @Test
    void aSuccessorFinishesAPromotionWhoseAliasMoveItsPredecessorMadeBeforeDying() {
        startOnFirst();
        round();
        // replica-1 moved the alias and died before writing PROMOTED.
        registry.compareAndSetAlias("fraud", Rollout.CHAMPION, java.util.OptionalInt.of(1), 2,
                Attribution.by("rollout", "promoted"));
        verdict.set(criticalFailure());
        clock.advance(TTL);
        go(replicas.get(1));
        assertThat(replicas.get(1).rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(replicas.get(1).analyses).isZero();
        assertThat(championMoves()).hasSize(2);
        assertThat(registry.getByAlias("fraud", Rollout.PREVIOUS).orElseThrow().version()).isEqualTo(1);
        go(replicas.get(2));
        assertThat(replicas.get(2).rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(replicas.get(2).candidateShare()).isEqualTo(1000);
    }

    @Test
    void onlyTheHolderStartsAndTakesPeoplesActions() {
        startOnFirst();
        Replica second = replicas.get(1);
        assertThatThrownBy(() -> second.rollout.abort(Attribution.by("alice", "looks bad")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("abort()").hasMessageContaining("replica-2")
                .hasMessageContaining("'replica-1' at epoch 1");
        assertThatThrownBy(() -> second.rollout.promoteNow("now")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("promoteNow()");
        assertThat(second.rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        replicas.get(0).rollout.abort(Attribution.by("alice", "looks bad"));
        assertThat(replicas.get(0).rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);

        Replica third = replicas.get(2);
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(dir.resolve("v1"))).build());
        Variant<Integer, Integer> v3 = Variant.of("candidate", x -> x + 3, registry.get("fraud", 3).orElseThrow());
        assertThatThrownBy(() -> third.builder(plan()).candidate(v3).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replica-3")
                .hasMessageContaining("'replica-1' at epoch 1");
        assertThat(registry.get("fraud", 3).orElseThrow().tags()).isEmpty();
    }

    @Test
    void aScheduledRoundRenewsEveryThirdOfTheTtlOrEveryAnalysisIntervalWhenShorter() {
        assertThat(RolloutFence.of(lease, "r", TTL, clock).period(Duration.ofSeconds(30)))
                .isEqualTo(Duration.ofMillis(666).plusNanos(666_666));
        assertThat(RolloutFence.of(lease, "r", TTL, clock).period(Duration.ofMillis(200)))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(RolloutFence.none().period(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> replicas.get(0).builder(plan()).lease(lease, " ", TTL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holder").hasMessageContaining("' '");
        assertThatThrownBy(() -> replicas.get(0).builder(plan()).lease(lease, "r", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl").hasMessageContaining("PT0S");
    }

    @Test
    void stateTagsAreReadByTheHighestEpochAndThePlainTagIsEpochZero() {
        RolloutState s = new RolloutState(RolloutStatus.RUNNING, 0, clock.now(), 0, 0, "salt", "");
        assertThat(FencedStates.key(0)).isEqualTo("mlops.rollout.state");
        assertThat(FencedStates.key(42)).isEqualTo("mlops.rollout.state.0000000000000000042");
        assertThat(FencedStates.epochOf("mlops.rollout.state.0000000000000000042")).hasValue(42);
        assertThat(FencedStates.epochOf("mlops.rollout.state")).hasValue(0);
        assertThat(FencedStates.epochOf("mlops.rollout.state.42")).isEmpty();
        assertThat(FencedStates.epochOf("mlops.rollout.state.00000000000000000x2")).isEmpty();
        assertThat(FencedStates.epochOf("mlops.rollout.stateX0000000000000000042")).isEmpty();
        assertThat(FencedStates.epochOf("mlops.audit.0000000000000000042")).isEmpty();
        RolloutState later = s.with(RolloutStatus.RUNNING, 1, clock.now(), 0, 0, "");
        assertThat(FencedStates.latest(Map.of("mlops.rollout.state", s.encode()))).get()
                .extracting(FencedStates.Fenced::epoch, FencedStates.Fenced::state).containsExactly(0L, s);
        assertThat(FencedStates.latest(Map.of("mlops.rollout.state", later.encode(), FencedStates.key(3), s.encode(),
                FencedStates.key(2), later.encode(), "other", "x"))).get()
                .extracting(FencedStates.Fenced::epoch, FencedStates.Fenced::state).containsExactly(3L, s);
        assertThat(FencedStates.latest(Map.of("other", "x"))).isEmpty();
    }
}
