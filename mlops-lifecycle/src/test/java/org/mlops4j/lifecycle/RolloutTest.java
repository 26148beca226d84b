package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.IncompatibleSignatureException;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/** The decision rules of {@link Rollout}, driven by a scripted analysis and a manual clock. */
class RolloutTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-09-01T00:00:00Z"));
    private InMemoryModelRegistry registry;
    private ModelEndpoint<Integer, Integer> endpoint;
    private Variant<Integer, Integer> champion;
    private Variant<Integer, Integer> candidate;
    private final List<RolloutEvent> events = new ArrayList<>();
    private final List<RolloutContext> asked = new ArrayList<>();
    private final List<RolloutContext> started = new ArrayList<>();
    private final Deque<AnalysisResult> script = new ArrayDeque<>();
    /** Counts what each variant did: the rollout reads its figures. */
    private final ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();

    private final RolloutAnalysis analysis = new RolloutAnalysis() {
        @Override
        public AnalysisResult analyse(RolloutContext context) {
            asked.add(context);
            return script.isEmpty() ? result(AnalysisOutcome.PASS, false) : script.poll();
        }

        @Override
        public void stepStarted(RolloutContext context) {
            started.add(context);
        }
    };

    private static AnalysisResult result(AnalysisOutcome outcome, boolean critical) {
        return AnalysisResult.of(List.of(new CheckResult("error rate", outcome, critical, "scripted")));
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        champion = Variant.of("champion", x -> x + 1, registry.get("fraud", 1).orElseThrow());
        candidate = Variant.of("candidate", x -> x + 2, registry.get("fraud", 2).orElseThrow());
        endpoint = ModelEndpoint.<Integer, Integer>builder("fraud").strategy(DeploymentStrategy.single(champion))
                .clock(clock).listener(monitor).build();
    }

    private Rollout.Builder<Integer, Integer> builder(RolloutPlan plan) {
        return Rollout.builder(endpoint, plan).champion(champion).candidate(candidate).analysis(analysis)
                .figures(monitor).registry(registry).clock(clock).listener(events::add);
    }

    private static RolloutPlan plan(RolloutStep... steps) {
        RolloutPlan.Builder b = RolloutPlan.builder().failureLimit(2).inconclusiveLimit(2);
        for (RolloutStep s : steps) {
            b.step(s);
        }
        return b.build();
    }

    private void serve(int n) {
        for (int i = 0; i < n; i++) {
            endpoint.predict(i, "user-" + i);
        }
    }

    private int candidateShare(int n) {
        int cand = 0;
        for (int i = 0; i < n; i++) {
            cand += endpoint.predict(0, "key-" + i) == 2 ? 1 : 0;
        }
        return cand;
    }

    @Test
    void onlyARegisteredReadyVersionIsRolledOutAndTheEndpointIsLeftAlone() {
        RolloutPlan plan = plan(RolloutStep.canary(50).minSamples(10));
        Variant<Integer, Integer> unregistered = Variant.of("candidate", x -> x + 2, new ModelRef("fraud", 7));
        assertThatThrownBy(() -> builder(plan).candidate(unregistered).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("candidate fraud/7 is not registered: its rollout state and promotion need a registered "
                        + "version");
        registry.setStatus("fraud", 2, org.mlops4j.core.registry.ModelStatus.FAILED);
        assertThatThrownBy(() -> builder(plan).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("candidate fraud/2 is FAILED, not READY: only a READY version may be rolled out");
        assertThat(endpoint.strategy().variants()).containsExactly(champion);
        assertThat(events).isEmpty();
    }

    @Test
    void aCandidateWhoseSignatureCannotTakeTheChampionsTrafficIsRefusedBeforeAnythingIsWritten() throws Exception {
        ModelSignature served = ModelSignature.regressor(Schema.of(Feature.numeric("x"), Feature.numeric("y").optional()));
        ModelSignature needsY = ModelSignature.regressor(Schema.of(Feature.numeric("x"), Feature.numeric("y")));
        InMemoryModelRegistry signed = new InMemoryModelRegistry(clock);
        ModelVersion v1 = signed.register(ModelRegistration.builder("fraud").signature(served)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("s1"), "one"))).build());
        ModelVersion v2 = signed.register(ModelRegistration.builder("fraud").signature(needsY)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("s2"), "two"))).build());
        ModelVersion v3 = signed.register(ModelRegistration.builder("fraud").signature(served)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("s3"), "three"))).build());
        signed.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        Variant<Integer, Integer> signedChampion = Variant.of("champion", x -> x + 1, v1);
        ModelEndpoint<Integer, Integer> ep = ModelEndpoint.<Integer, Integer>builder("fraud")
                .strategy(DeploymentStrategy.single(signedChampion)).clock(clock).build();
        RolloutPlan plan = plan(RolloutStep.canary(50).minSamples(10));

        assertThatThrownBy(() -> Rollout.builder(ep, plan).champion(signedChampion)
                .candidate(Variant.of("candidate", x -> x + 2, v2)).analysis(analysis).figures(monitor).registry(signed)
                .clock(clock).start())
                .isInstanceOfSatisfying(IncompatibleSignatureException.class, e -> assertThat(e.differences())
                        .containsExactly("feature 'y' is optional for the served model but required by the candidate"))
                .hasMessageContaining("models:/fraud/2").hasMessageContaining("models:/fraud/1");
        assertThat(ep.strategy().variants()).containsExactly(signedChampion);
        assertThat(signed.get("fraud", 2).orElseThrow().tags()).doesNotContainKey(RolloutState.TAG);

        Rollout<Integer, Integer> ok = Rollout.builder(ep, plan).champion(signedChampion)
                .candidate(Variant.of("candidate", x -> x + 3, v3)).analysis(analysis).figures(monitor).registry(signed)
                .clock(clock).start();
        assertThat(ok.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(ep.strategy().variants()).extracting(v -> v.model().version()).containsExactly(1, 3);
    }

    @Test
    void aPassingCandidateWalksEveryStepAndIsPromotedWithCompareAndSet() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(10).minSamples(20),
                RolloutStep.canary(50).minSamples(20), RolloutStep.canary(100).minSamples(20))).start();
        assertThat(candidateShare(10_000)).isBetween(900, 1100);

        serve(100);
        rollout.tick();
        assertThat(rollout.state().step()).isEqualTo(1);
        assertThat(candidateShare(10_000)).isBetween(4_800, 5_200);
        serve(100);
        rollout.tick();
        assertThat(candidateShare(1_000)).isEqualTo(1_000);
        serve(100);
        rollout.tick();

        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.getByAlias("fraud", "previous").orElseThrow().version()).isEqualTo(1);
        assertThat(endpoint.predict(0, "anyone")).isEqualTo(2);
        assertThat(events).extracting(RolloutEvent::kind).containsExactly(RolloutEvent.Kind.STEP_STARTED,
                RolloutEvent.Kind.STEP_PASSED, RolloutEvent.Kind.STEP_STARTED, RolloutEvent.Kind.STEP_PASSED,
                RolloutEvent.Kind.STEP_STARTED, RolloutEvent.Kind.STEP_PASSED, RolloutEvent.Kind.PROMOTED);
        // The audit says which guarantee the compare-and-set had on this registry.
        assertThat(events.get(events.size() - 1).detail()).isEqualTo("champion alias moved from fraud/1 to fraud/2;"
                + " previous = fraud/1; compare-and-set atomic for every client of the store");
        assertThat(started).extracting(RolloutContext::step).containsExactly(0, 1, 2);
        assertThat(asked).extracting(RolloutContext::candidateWeightBasisPoints).containsExactly(1_000, 5_000, 10_000);
        assertThat(RolloutState.decode(registry.get("fraud", 2).orElseThrow().tags().get(RolloutState.TAG)).status())
                .isEqualTo(RolloutStatus.PROMOTED);
    }

    @Test
    void nothingButACriticalFailureIsDecidedBeforeTheStepsMinimums() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(50).minSamples(1_000)
                .minDuration(Duration.ofMinutes(10)))).start();
        serve(100);
        script.add(result(AnalysisOutcome.FAIL, false));
        script.add(result(AnalysisOutcome.PASS, false));
        rollout.tick();
        rollout.tick();
        assertThat(rollout.state().failures()).isZero();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);

        serve(2_000);
        rollout.tick();
        assertThat(rollout.status()).as("samples met, duration not").isEqualTo(RolloutStatus.RUNNING);
        clock.advance(Duration.ofMinutes(10));
        rollout.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
    }

    @Test
    void aCriticalFailureRollsBackAtOnceAndClosesTheCandidate() {
        boolean[] closed = {false};
        class Closing implements org.mlops4j.core.Predictor<Integer, Integer>, AutoCloseable {
            @Override
            public Integer predict(Integer input) {
                return input + 2;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        }
        candidate = Variant.of("candidate", new Closing(), registry.get("fraud", 2).orElseThrow());
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(5).minSamples(1_000))).start();
        serve(10);
        script.add(result(AnalysisOutcome.FAIL, true));
        rollout.tick();

        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.state().reason()).startsWith("critical check failed");
        assertThat(candidateShare(2_000)).isZero();
        assertThat(closed[0]).isTrue();
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(RolloutEvent.Kind.ROLLED_BACK);
        rollout.tick();
        assertThat(asked).hasSize(1).as("a finished rollout no longer asks");
    }

    @Test
    void failuresUpToTheLimitRollBack() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(50).minSamples(10))).start();
        serve(100);
        script.add(result(AnalysisOutcome.FAIL, false));
        rollout.tick();
        assertThat(rollout.state().failures()).isEqualTo(1);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        script.add(result(AnalysisOutcome.FAIL, false));
        rollout.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.state().reason()).startsWith("2 failed analyses in step 'canary 50%'");
    }

    @Test
    void aManualGateWaitsForApproval() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(10).minSamples(10).withManualGate(),
                RolloutStep.canary(100).minSamples(10))).start();
        serve(200);
        rollout.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofHours(1));
            serve(200);
            rollout.tick();
        }
        assertThat(rollout.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertThat(rollout.state().step()).isZero();
        assertThat(asked).hasSize(1);

        rollout.approve();
        assertThat(rollout.state().step()).isEqualTo(1);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThatThrownBy(rollout::approve).isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void tooManyInconclusiveAnalysesPauseForAHuman() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(50).minSamples(10))).start();
        serve(100);
        for (int i = 0; i < 3; i++) {
            script.add(result(AnalysisOutcome.INCONCLUSIVE, false));
            rollout.tick();
        }
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PAUSED);
        rollout.approve();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(rollout.state().inconclusive()).isZero();
        rollout.abort("operator saw odd logs");
        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.state().reason()).isEqualTo("aborted by rollout: operator saw odd logs");
        assertThatThrownBy(() -> rollout.abort("again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theShadowStepCountsShadowCallsAndTheCandidateAnswersNobody() throws Exception {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.shadow(50), RolloutStep.canary(100)
                .minSamples(1))).start();
        for (int i = 0; i < 100; i++) {
            assertThat(endpoint.predict(i, "u" + i)).isEqualTo(i + 1);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (rollout.stepSamples() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(rollout.stepSamples()).isEqualTo(100);
        rollout.tick();
        assertThat(asked.get(0).shadowStep()).isTrue();
        assertThat(asked.get(0).shadow().compared()).isEqualTo(100);
        assertThat(asked.get(0).shadow().agreement()).isZero().as("x+2 never equals x+1");
        assertThat(rollout.state().step()).isEqualTo(1);
    }

    @Test
    void promotionRefusesToOverwriteAChampionMovedMeanwhile() throws Exception {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(100).minSamples(1))).start();
        registry.register(ModelRegistration.builder("fraud")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v3"), "three"))).build());
        registry.setAlias("fraud", "champion", 3, Attribution.by("someone", "hotfix"));
        serve(10);
        rollout.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.state().reason()).contains("no longer points at fraud/1");
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void stateSurvivesARestartAndAnotherReplicaRoutesTheSame() {
        Rollout<Integer, Integer> first = builder(plan(RolloutStep.canary(5).minSamples(10),
                RolloutStep.canary(25).minSamples(10), RolloutStep.canary(100).minSamples(10))).salt("s1").start();
        serve(1_000);
        first.tick();
        assertThat(first.state().step()).isEqualTo(1);
        first.close();

        // A new process: a fresh endpoint, serving the champion, resumes from the registry.
        ModelEndpoint<Integer, Integer> replica = ModelEndpoint.<Integer, Integer>builder("fraud")
                .strategy(DeploymentStrategy.single(champion)).clock(clock).build();
        Rollout<Integer, Integer> resumed = Rollout.builder(replica, plan(RolloutStep.canary(5).minSamples(10),
                        RolloutStep.canary(25).minSamples(10), RolloutStep.canary(100).minSamples(10)))
                .champion(champion).candidate(candidate).analysis(analysis).figures(monitor).registry(registry)
                .clock(clock).resume();
        assertThat(resumed.state()).isEqualTo(first.state());
        for (int i = 0; i < 2_000; i++) {
            assertThat(replica.predict(0, "key-" + i)).isEqualTo(endpoint.predict(0, "key-" + i));
        }
        assertThatThrownBy(() -> builder(plan(RolloutStep.canary(5))).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resume()");
    }

    @Test
    void aScheduledRolloutTicksByItselfAndStopsWhenFinished() throws Exception {
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(50).minSamples(5))
                .step(RolloutStep.canary(100).minSamples(5)).analysisInterval(Duration.ofMillis(5)).build();
        Rollout<Integer, Integer> rollout = builder(plan).start();
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            java.util.concurrent.ScheduledFuture<?> task = rollout.schedule(scheduler);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!rollout.status().finished() && System.nanoTime() < deadline) {
                serve(50);
                Thread.sleep(2);
            }
            assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
            long waitCancel = System.nanoTime() + 5_000_000_000L;
            while (!task.isCancelled() && System.nanoTime() < waitCancel) {
                Thread.sleep(2);
            }
            assertThat(task.isCancelled()).as("the schedule stops once the rollout finished").isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aPromotionInterruptedAfterTheAliasMovedCompletesInsteadOfRollingBack() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(100).minSamples(1))).start();
        // As if a previous process moved the alias and died before writing PROMOTED.
        registry.setAlias("fraud", "champion", 2, Attribution.by("rollout", "promoted, then crashed"));
        serve(10);
        rollout.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.getByAlias("fraud", "previous").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aHumanCanPromoteAPausedRolloutAndReplicasFollowToTheEnd() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(50).minSamples(10))).start();
        ModelEndpoint<Integer, Integer> replica = ModelEndpoint.<Integer, Integer>builder("fraud")
                .strategy(DeploymentStrategy.single(champion)).clock(clock).build();
        Rollout<Integer, Integer> follower = Rollout.builder(replica, plan(RolloutStep.canary(50).minSamples(10)))
                .champion(champion).candidate(candidate).analysis(analysis).figures(monitor).registry(registry)
                .clock(clock).resume();
        serve(100);
        for (int i = 0; i < 3; i++) {
            script.add(result(AnalysisOutcome.INCONCLUSIVE, false));
            rollout.tick();
        }
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PAUSED);
        rollout.promoteNow("looked at the dashboards");
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(rollout.state().reason()).contains("promoted by hand at step 0: looked at the dashboards");
        assertThat(registry.aliasHistory("fraud").get(registry.aliasHistory("fraud").size() - 2).attribution().reason())
                .contains("looked at the dashboards");

        assertThat(follower.refresh().status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(replica.predict(0, "anyone")).isEqualTo(2);
        assertThat(replica.strategy().fallback().name()).isEqualTo("champion");
        assertThatThrownBy(() -> rollout.promoteNow("again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listenersHearEventsOutsideTheRolloutsLock() throws Exception {
        java.util.List<RolloutStatus> seenFromAnotherThread = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Rollout<Integer, Integer>> holder =
                new java.util.concurrent.atomic.AtomicReference<>();
        Rollout<Integer, Integer> rollout = Rollout.builder(endpoint, plan(RolloutStep.canary(50).minSamples(10)))
                .champion(champion).candidate(candidate).analysis(analysis).figures(monitor).registry(registry)
                .clock(clock).listener(e -> {
                    if (e.kind() == RolloutEvent.Kind.ROLLED_BACK) {
                        // Another thread asks the rollout while this listener runs: it must not block.
                        Thread t = new Thread(() -> seenFromAnotherThread.add(holder.get().status()));
                        t.start();
                        try {
                            t.join(5_000);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).start();
        holder.set(rollout);
        serve(10);
        script.add(result(AnalysisOutcome.FAIL, true));
        rollout.tick();
        assertThat(seenFromAnotherThread).containsExactly(RolloutStatus.ROLLED_BACK);
    }

    @Test
    void aListenerMayApproveTheGateItHearsAndTheRolloutGoesOnInOrder() {
        java.util.concurrent.atomic.AtomicReference<Rollout<Integer, Integer>> holder =
                new java.util.concurrent.atomic.AtomicReference<>();
        Rollout<Integer, Integer> rollout = Rollout.builder(endpoint, plan(RolloutStep.canary(10).minSamples(10)
                        .withManualGate(), RolloutStep.canary(100).minSamples(10)))
                .champion(champion).candidate(candidate).analysis(analysis).figures(monitor).registry(registry)
                .clock(clock).listener(e -> {
                    events.add(e);
                    if (e.kind() == RolloutEvent.Kind.AWAITING_APPROVAL) {
                        holder.get().approve();
                    }
                }).start();
        holder.set(rollout);
        serve(200);
        rollout.tick();
        assertThat(rollout.state().step()).isEqualTo(1);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(events).extracting(RolloutEvent::kind).containsExactly(RolloutEvent.Kind.STEP_STARTED,
                RolloutEvent.Kind.STEP_PASSED, RolloutEvent.Kind.AWAITING_APPROVAL, RolloutEvent.Kind.APPROVED,
                RolloutEvent.Kind.STEP_STARTED);
        assertThat(candidateShare(1_000)).isEqualTo(1_000);
    }

    @Test
    void theCandidatesStepSamplesComeFromTheMonitorsFiguresWithoutFallbackAnswers() {
        Variant<Integer, Integer> flaky = Variant.of("candidate", x -> {
            if (x % 2 == 0) {
                throw new IllegalStateException("even inputs break the candidate");
            }
            return x + 2;
        }, registry.get("fraud", 2).orElseThrow());
        candidate = flaky;
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(100).minSamples(1_000))).start();
        for (int i = 0; i < 100; i++) {
            endpoint.predict(i, "user-" + i);
        }
        rollout.tick();
        RolloutContext seen = asked.get(0);
        assertThat(seen.candidateStep().requests()).isEqualTo(100);
        assertThat(seen.candidateStep().errors()).isEqualTo(50);
        assertThat(seen.championStep().requests()).as("fallback answers are not routed requests").isZero();
        assertThat(seen.championStep().fallbacks()).isEqualTo(50);
        assertThat(rollout.stepSamples()).isEqualTo(100);
    }

    @Test
    void theStoredStateNamesItsStatusAndCarriesItsFormat() {
        RolloutState s = new RolloutState(RolloutStatus.PAUSED, 2, Instant.parse("2025-09-01T00:00:00Z"), 1, 3,
                "salt\nwith newline", "");
        String text = s.encode();
        assertThat(text).startsWith("format=1\n").contains("status=PAUSED\n");
        assertThat(RolloutState.decode(text)).isEqualTo(s);
        assertThat(RolloutState.decode(text.replace("format=1\n", ""))).as("written before formats were versioned")
                .isEqualTo(s);
        assertThatThrownBy(() -> RolloutState.decode(text.replace("format=1", "format=2")))
                .hasMessageContaining("format 2");
    }

    @Test
    void badSetupsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Rollout.builder(endpoint, plan(RolloutStep.canary(5))).champion(champion)
                .candidate(candidate).registry(registry).figures(monitor).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing: analysis");
        registry.setAlias("fraud", "champion", 2, Attribution.by("t", "x"));
        assertThatThrownBy(() -> builder(plan(RolloutStep.canary(5))).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("points at version 2");
        assertThatThrownBy(() -> RolloutStep.canary(0)).hasMessageContaining("percent");
        assertThatThrownBy(() -> RolloutStep.canary(1.234)).hasMessageContaining("basis points");
        assertThatThrownBy(() -> plan(RolloutStep.canary(50), RolloutStep.canary(10)))
                .hasMessageContaining("must not decrease");
        assertThatThrownBy(() -> plan(RolloutStep.canary(50), RolloutStep.shadow(10)))
                .hasMessageContaining("shadow step must come before");
        assertThatThrownBy(() -> RolloutPlan.builder().build()).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> plan(RolloutStep.shadow(10), RolloutStep.shadow(20)))
                .hasMessageContaining("at most one shadow step but has 2");
        assertThatThrownBy(() -> RolloutState.decode("status=RUNNING\nstep=1"))
                .hasMessageContaining("no field 'stepStarted'");
        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(2), 1, Attribution.by("t", "y")))
                .isTrue();
    }

    @Test
    void peoplesActionsAreAttributedToThemAndRecordedInTheRegistry() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(10).minSamples(10),
                RolloutStep.canary(50).minSamples(10))).start();
        serve(100);
        rollout.pause(Attribution.by("alice", "checking the logs"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(RolloutEvent.Kind.PAUSED);
        rollout.tick();
        assertThat(asked).as("a paused rollout is not analysed").isEmpty();
        assertThat(candidateShare(10_000)).as("a pause keeps the routing").isBetween(900, 1100);
        clock.advance(Duration.ofSeconds(1));
        rollout.resume(Attribution.by("bob", "logs are fine"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        rollout.promoteNow(Attribution.by("carol", "looks good"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);

        AliasChange champion = registry.aliasHistory("fraud").stream().filter(c -> c.alias().equals("champion"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(champion.newVersion()).hasValue(2);
        assertThat(champion.attribution().actor()).as("the alias history names the person").isEqualTo("carol");
        assertThat(rollout.audit()).containsExactly(
                "2025-09-01T00:00:00Z pause by alice: checking the logs",
                "2025-09-01T00:00:01Z resume by bob: logs are fine",
                "2025-09-01T00:00:02Z promote by carol: looks good");
        assertThat(registry.get("fraud", 2).orElseThrow().tags()).containsEntry(
                "mlops.audit.1756684800000.0000", "2025-09-01T00:00:00Z pause by alice: checking the logs");
        assertThatThrownBy(() -> rollout.pause(Attribution.by("alice", "again"))).isInstanceOf(
                IllegalStateException.class).hasMessageContaining("is PROMOTED");
    }

    @Test
    void aPersonsRollbackIsAuditedAndAnAuditTheRegistryRefusesIsCountedNotThrown() {
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(10).minSamples(10))).start();
        rollout.abort(Attribution.by("dave", "odd logs"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.state().reason()).isEqualTo("aborted by dave: odd logs");
        assertThat(rollout.audit()).containsExactly("2025-09-01T00:00:00Z rollback by dave: odd logs");
        assertThat(rollout.persistFailures()).isZero();
    }

    @Test
    void aDecidedStatusIsVisibleBeforeItsEffectsAndAwaitEffectsWaitsForThem() throws Exception {
        java.util.concurrent.CountDownLatch inListener = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Rollout<Integer, Integer> rollout = builder(plan(RolloutStep.canary(50).minSamples(10))).listener(e -> {
            if (e.kind() == RolloutEvent.Kind.PROMOTED) {
                inListener.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }).start();
        Thread promoter = new Thread(() -> rollout.promoteNow(Attribution.by("alice", "now")));
        promoter.start();
        assertThat(inListener.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(rollout.awaitEffects(Duration.ofMillis(50))).as("the PROMOTED event is still being told").isFalse();
        release.countDown();
        assertThat(rollout.awaitEffects(Duration.ofSeconds(10))).isTrue();
        promoter.join(10_000);
        assertThat(endpoint.predict(0, "anyone")).isEqualTo(2);
    }
}
