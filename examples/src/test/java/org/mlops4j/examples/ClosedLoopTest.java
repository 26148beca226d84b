package org.mlops4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.analysis.CanaryAnalysisConfig;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.lifecycle.RetrainedModel;
import org.mlops4j.lifecycle.RetrainingOutcome;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutEvent;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStatus;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.serving.Variant;

/**
 * The closed loop end to end through its entry point ({@link ClosedLoop}), with the real monitor and
 * analysis, fixed seeds and a simulated clock: a bad candidate rolled back as early as the
 * sequential test allows, a good one promoted through every step (with a manual gate that waits),
 * and a drift alert that retrains, rolls out, promotes and re-baselines the monitor.
 */
class ClosedLoopTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-10-01T00:00:00Z"));
    private final SplittableRandom rnd = new SplittableRandom(2025);
    private InMemoryModelRegistry registry;
    private final List<RolloutEvent> events = new ArrayList<>();

    /** A model answering "high" above a threshold, failing at a rate, taking a fixed simulated time. */
    private Predictor<Map<String, Object>, String> model(double threshold, double errorRate, long latencyNanos,
                                                         long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return row -> {
            clock.advanceNanos(latencyNanos);
            if (r.nextDouble() < errorRate) {
                throw new IllegalStateException("model failed");
            }
            return ((Number) row.get("x")).doubleValue() > threshold ? "high" : "low";
        };
    }

    private Map<String, Object> row(double shift) {
        Map<String, Object> r = new HashMap<>();
        r.put("x", rnd.nextDouble() * 100 + shift);
        return r;
    }

    @BeforeEach
    void registry() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        for (int v = 1; v <= 2; v++) {
            registry.register(ModelRegistration.builder("scorer")
                    .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v" + v), "model " + v))).build());
        }
        registry.setAlias("scorer", "champion", 1, Attribution.by("test", "first"));
    }

    private ModelEndpoint<Map<String, Object>, String> endpoint(Variant<Map<String, Object>, String> champion) {
        return ModelEndpoint.<Map<String, Object>, String>builder("scorer")
                .strategy(DeploymentStrategy.single(champion)).clock(clock).build();
    }

    /** A monitor analysing on the calling thread, so the run is reproducible. */
    private ModelMonitor<Object> monitor() {
        return ModelMonitor.builder().windowSize(500).clock(clock).sameThreadAnalysis().build();
    }

    /** Serves n requests from distinct users, then lets the loop tick. */
    private void serveAndTick(ModelEndpoint<Map<String, Object>, String> endpoint,
                              ClosedLoop<Map<String, Object>, String> loop, int n, double shift) {
        for (int i = 0; i < n; i++) {
            try {
                endpoint.predict(row(shift), "user-" + rnd.nextInt(1_000_000));
            } catch (RuntimeException e) {
                // the caller sees a failure only when the fallback failed too
            }
        }
        clock.advance(Duration.ofSeconds(30));
        loop.tick();
    }

    @Test
    void aBadCandidateIsRolledBackWithinTheSequentialTestsBound() {
        var champion = Variant.of("champion", model(50, 0.02, 1_000_000, 1), registry.get("scorer", 1).orElseThrow());
        var candidate = Variant.of("candidate", model(50, 0.10, 1_000_000, 2), registry.get("scorer", 2).orElseThrow());
        var endpoint = endpoint(champion);
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(50).minSamples(5_000))
                .step(RolloutStep.canary(100).minSamples(5_000)).build();
        var loop = ClosedLoop.builder(endpoint, monitor(), registry).plan(plan).clock(clock).onRollout(events::add)
                .sameThread().build();
        var rollout = loop.rollout(candidate, Baseline.none());

        int served = 0;
        while (rollout.status() == RolloutStatus.RUNNING && served < 20_000) {
            serveAndTick(endpoint, loop, 50, 0);
            served += 50;
        }

        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.state().reason()).startsWith("critical check failed").contains("error rate=FAIL");
        // Msprt's own test derives 819 requests per arm as the bound for 10% vs 2% at alpha 0.05;
        // at a 50% canary each arm gets about half of what was served, checked every 50 requests.
        long candidateRequests = rollout.stepSamples();
        assertThat(candidateRequests).isLessThan(819 + 50).isLessThan(5_000);
        assertThat(served).isLessThan(2 * (819 + 50));
        assertThat(registry.getByAlias("scorer", "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(RolloutEvent.Kind.ROLLED_BACK);
        assertThat(loop.rollbacks()).as("counted for the rollback alert").isEqualTo(1);
        assertThat(loop.promotions()).isZero();
        assertThat(loop.endpoint()).isSameAs(endpoint);
    }

    @Test
    void aGoodCandidateIsPromotedThroughEveryStepAndTheGateWaitsForApproval() {
        var champion = Variant.of("champion", model(50, 0.02, 1_000_000, 1), registry.get("scorer", 1).orElseThrow());
        var candidate = Variant.of("candidate", model(50.5, 0.02, 1_000_000, 2), registry.get("scorer", 2).orElseThrow());
        var endpoint = endpoint(champion);
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.shadow(300))
                .step(RolloutStep.canary(10).minSamples(300)).step(RolloutStep.canary(50).minSamples(300)
                        .withManualGate()).step(RolloutStep.canary(100).minSamples(300)).build();
        var loop = ClosedLoop.builder(endpoint, monitor(), registry).plan(plan)
                .analysis(CanaryAnalysisConfig.builder().minSamples(200).build()).clock(clock).onRollout(events::add)
                .sameThread().build();
        var rollout = loop.rollout(candidate, Baseline.none());

        int ticks = 0;
        while (rollout.status() == RolloutStatus.RUNNING && ticks++ < 200) {
            serveAndTick(endpoint, loop, 500, 0);
            waitForShadow(rollout);
        }
        assertThat(rollout.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertThat(rollout.currentStep().name()).isEqualTo("canary 50%");
        for (int i = 0; i < 5; i++) {
            serveAndTick(endpoint, loop, 500, 0);
        }
        assertThat(rollout.status()).as("the gate waits").isEqualTo(RolloutStatus.AWAITING_APPROVAL);

        rollout.approve();
        while (rollout.status() == RolloutStatus.RUNNING && ticks++ < 400) {
            serveAndTick(endpoint, loop, 500, 0);
        }
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("scorer", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.getByAlias("scorer", "previous").orElseThrow().version()).isEqualTo(1);
        assertThat(events).filteredOn(e -> e.kind() == RolloutEvent.Kind.STEP_STARTED)
                .extracting(RolloutEvent::stepName).containsExactly("shadow", "canary 10%", "canary 50%", "canary 100%");
        assertThat(events).extracting(RolloutEvent::kind).doesNotContain(RolloutEvent.Kind.ROLLED_BACK);
        assertThat(loop.promotions()).isEqualTo(1);
        assertThat(loop.rollbacks()).isZero();
        assertThat(loop.registry()).isSameAs(registry);
    }

    private static void waitForShadow(Rollout<?, ?> rollout) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (rollout.currentStep().shadow() && rollout.stepSamples() < rollout.currentStep().minSamples()
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aDriftAlertRetrainsAndTheChallengerIsRolledOutPromotedAndBecomesTheBaseline() {
        var champion = Variant.of("champion", model(50, 0.0, 1_000_000, 1), registry.get("scorer", 1).orElseThrow());
        var endpoint = endpoint(champion);
        Schema schema = Schema.of(Feature.numeric("x"));
        List<Map<String, Object>> reference = new ArrayList<>();
        List<Map<String, Object>> drifted = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            reference.add(row(0));
            drifted.add(row(20));
        }
        List<RetrainingOutcome> outcomes = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        ModelMonitor<Object> monitor = ModelMonitor.builder().reference(ReferenceProfile.of(schema, reference))
                .windowSize(500).clock(clock).sameThreadAnalysis()
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.datasetDriftShareAbove(0.5).withHoldFor(2)),
                        List.of(AlertSinks.callback(alerts::add))))
                .build();
        // After the drift the truth is "high" above 70: the retrainer learns that from recent data, and
        // hands over the profile of that data as the new baseline.
        var loop = ClosedLoop.builder(endpoint, monitor, registry)
                .retraining(request -> new RetrainedModel<>(model(70, 0.0, 1_000_000, 3),
                        ModelRegistration.builder("scorer").artifact(ModelArtifact.of(
                                Files.writeString(dir.resolve("retrained"), "threshold 70"))).build(), "run-42")
                        .withBaseline(Baseline.of(ReferenceProfile.of(schema, drifted))), p -> {
                            int correct = 0;
                            SplittableRandom h = new SplittableRandom(7);
                            for (int i = 0; i < 1_000; i++) {
                                double x = 20 + h.nextDouble() * 100;
                                correct += p.predict(Map.of("x", x)).equals(x > 70 ? "high" : "low") ? 1 : 0;
                            }
                            return correct / 1_000.0;
                        })
                .plan(RolloutPlan.builder().step(RolloutStep.canary(20).minSamples(300))
                        .step(RolloutStep.canary(100).minSamples(300)).build())
                .analysis(CanaryAnalysisConfig.builder().minSamples(200).build())
                .clock(clock).onRetraining(outcomes::add).onRollout(events::add).sameThread().build();

        for (int i = 0; i < 2_000; i++) {
            endpoint.predict(row(0), "user-" + i);
        }
        assertThat(alerts).isEmpty();
        for (int i = 0; i < 1_500 && outcomes.isEmpty(); i++) {
            endpoint.predict(row(20), "user-" + i);
        }
        assertThat(alerts).extracting(Alert::rule).containsExactly("dataset-drift");
        assertThat(alerts.get(0).signal()).isEqualTo(org.mlops4j.core.signal.SignalKind.DATA_DRIFT);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
            assertThat(o.candidateScore()).isGreaterThan(o.championScore());
        });
        Rollout<Map<String, Object>, String> rollout = loop.rollout().orElseThrow();
        int ticks = 0;
        while (rollout.status() == RolloutStatus.RUNNING && ticks++ < 100) {
            serveAndTick(endpoint, loop, 500, 20);
        }
        assertThat(rollout.status()).as(rollout.lastAnalysis().toString()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("scorer", "champion").orElseThrow().version()).isEqualTo(3);
        assertThat(registry.get("scorer", 3).orElseThrow().tags()).containsEntry("mlops.retrain.run_id", "run-42");
        assertThat(endpoint.predict(Map.of("x", 60.0), "anyone")).isEqualTo("low");

        // The monitor was re-baselined on the drifted data: today's traffic is no longer drift.
        int before = monitor.recentWindows().size();
        for (int i = 0; i < 2_000; i++) {
            endpoint.predict(row(20), "user-" + i);
        }
        List<org.mlops4j.monitoring.WindowMetrics> after = monitor.recentWindows();
        assertThat(after.subList(before, after.size())).hasSize(4)
                .allSatisfy(w -> assertThat(w.driftedFeatures()).isEmpty());
        loop.close();
    }

    @Test
    void noLockAnotherObjectCanTakeHoldsUpARollout() throws Exception {
        var champion = Variant.of("champion", model(50, 0.0, 1_000, 1), registry.get("scorer", 1).orElseThrow());
        var candidate = Variant.of("candidate", model(50, 0.0, 1_000, 2), registry.get("scorer", 2).orElseThrow());
        var endpoint = endpoint(champion);
        var loop = ClosedLoop.builder(endpoint, monitor(), registry).clock(clock)
                .retraining(request -> { throw new IllegalStateException("not in this test"); }, p -> 0.5)
                .sameThread().build();
        // Another thread holds the monitors of every public object of the loop, as a host's code may.
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (loop) {
                synchronized (loop.retraining().orElseThrow()) {
                    synchronized (loop.analysis()) {
                        held.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
        });
        holder.start();
        held.await();
        try {
            Rollout<Map<String, Object>, String> rollout = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(10), () -> loop.rollout(candidate, Baseline.none()));
            assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> serveAndTick(endpoint, loop, 200, 0));
            assertThat(loop.rollout()).containsSame(rollout);
        } finally {
            release.countDown();
            holder.join();
            loop.close();
        }
    }

    @Test
    void aRolloutByHandIsRefusedWhileARetrainingIsInProgressAndViceVersa() throws Exception {
        var champion = Variant.of("champion", model(50, 0.0, 1_000, 1), registry.get("scorer", 1).orElseThrow());
        var candidate = Variant.of("candidate", model(50, 0.0, 1_000, 2), registry.get("scorer", 2).orElseThrow());
        var endpoint = endpoint(champion);
        java.util.concurrent.CountDownLatch training = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        var loop = ClosedLoop.builder(endpoint, monitor(), registry).clock(clock)
                .retraining(request -> {
                    training.countDown();
                    finish.await();
                    throw new IllegalStateException("trainer gave up");
                }, p -> 0.5)
                .sameThread().build();
        List<RetrainingOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread retraining = new Thread(() -> outcomes.add(loop.retrainNow("operator")));
        retraining.start();
        training.await();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loop.rollout(candidate, Baseline.none()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a retraining of 'scorer' is in progress");
        assertThat(endpoint.strategy().variants()).containsExactly(champion);

        finish.countDown();
        retraining.join();
        assertThat(outcomes).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(RetrainingOutcome.Status.FAILED));
        Rollout<Map<String, Object>, String> rollout = loop.rollout(candidate, Baseline.none());
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        // And while the hand-started rollout runs, retraining is skipped as busy.
        assertThat(loop.retrainNow("again").status()).isEqualTo(RetrainingOutcome.Status.SKIPPED_BUSY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loop.rollout(candidate, Baseline.none()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is running on 'scorer'");
        loop.close();
    }

    @Test
    void deferringOnInputDriftKeepsTheRestOfTheAnalysisConfiguration() {
        var champion = Variant.of("champion", model(50, 0.0, 1_000, 1), registry.get("scorer", 1).orElseThrow());
        var loop = ClosedLoop.builder(endpoint(champion), monitor(), registry).clock(clock)
                .analysis(CanaryAnalysisConfig.builder().minSamples(321).predictionDistribution().build())
                .deferOnInputDrift(0.4).sameThread().build();

        var config = ((org.mlops4j.lifecycle.analysis.CanaryAnalysis) loop.analysis()).config();

        assertThat(config.minSamples()).isEqualTo(321);
        assertThat(config.predictionDistribution()).isTrue();
        assertThat(config.maxDriftedShare()).isEqualTo(0.4);
        assertThat(config.driftedShare().orElseThrow().getAsDouble()).isNaN();   // no window analysed yet
        loop.close();
    }

    @Test
    void aRetrainingThatNewLabelsTriggerRunsOnTheLoopsThreadNotTheCallers() throws Exception {
        var champion = Variant.of("champion", model(50, 0.0, 1_000, 1), registry.get("scorer", 1).orElseThrow());
        var endpoint = endpoint(champion);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        var loop = ClosedLoop.builder(endpoint, monitor(), registry).clock(clock)
                .retraining(request -> {
                    threads.add(Thread.currentThread().getName() + " " + request.trigger());
                    throw new IllegalStateException("not in this test");
                }, p -> 0.5)
                .minNewLabels(5).onRetraining(o -> done.countDown()).build();
        loop.start();
        try {
            for (int i = 0; i < 5; i++) {
                var answer = endpoint.serve(row(0), "user-" + i, "tx-" + i);
                endpoint.feedback().recordForRequest("tx-" + i,
                        org.mlops4j.core.feedback.GroundTruth.label(answer.output()));
            }
            assertThat(done.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(threads).containsExactly("mlops-closed-loop-scorer NEW_LABELS");
        } finally {
            loop.close();
        }
    }

    @Test
    void deferringOnInputDriftIsRefusedWithAnAnalysisOfTheHostsOwn() {
        var champion = Variant.of("champion", model(50, 0.0, 1_000, 1), registry.get("scorer", 1).orElseThrow());
        org.mlops4j.core.rollout.RolloutAnalysis own = context -> org.mlops4j.core.rollout.AnalysisResult.of(List.of());
        var builder = ClosedLoop.builder(endpoint(champion), monitor(), registry).analysis(own).deferOnInputDrift(0.5);

        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("deferOnInputDrift applies to the built-in canary analysis");
    }
}
