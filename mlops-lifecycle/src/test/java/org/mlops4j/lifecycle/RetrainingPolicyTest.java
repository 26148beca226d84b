package org.mlops4j.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.Severity;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;

/** Triggers, cooldown, holdout comparison and hand-off to a rollout of {@link RetrainingPolicy}. */
class RetrainingPolicyTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-09-01T00:00:00Z"));
    private InMemoryModelRegistry registry;
    private ModelEndpoint<Integer, Integer> endpoint;
    private final List<RetrainingOutcome> outcomes = new ArrayList<>();
    private final List<RetrainRequest<Integer>> requests = new ArrayList<>();
    private final ModelMonitor<Object> monitor = ModelMonitor.builder(
            org.mlops4j.core.OutputReader.regressor((Object o) -> ((Number) o).doubleValue())).sameThreadAnalysis().build();
    /** The next candidate adds this to its input; the holdout scores "adds 3" best. */
    private int nextOffset = 3;
    private int trained;

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry(clock);
        registry.register(ModelRegistration.builder("demand")
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.setAlias("demand", "champion", 1, Attribution.by("test", "first"));
        endpoint = ModelEndpoint.<Integer, Integer>builder("demand")
                .strategy(DeploymentStrategy.single(Variant.of("champion", x -> x + 1,
                        registry.get("demand", 1).orElseThrow()))).clock(clock).listener(monitor).build();
    }

    private static Alert alert(Alert.Kind kind, String metric, SignalKind signal) {
        return new Alert(kind, "rule", Severity.WARNING, metric, 0.6, 0.5, "window 3", "demand", "demand/1", List.of(),
                Instant.parse("2025-09-01T00:00:00Z"), signal);
    }

    private RetrainingPolicy.Builder<Integer, Integer> builder() {
        Retrainer<Integer, Integer> retrainer = request -> {
            requests.add(request);
            int offset = nextOffset;
            trained++;
            Path file = Files.writeString(dir.resolve("candidate-" + trained), "offset " + offset);
            return new RetrainedModel<>(x -> x + offset,
                    ModelRegistration.builder("demand").artifact(ModelArtifact.of(file)).build(), "run-" + trained);
        };
        return RetrainingPolicy.builder(endpoint, registry).retrainer(retrainer).figures(monitor)
                .holdout((Predictor<Integer, Integer> p) -> -Math.abs(p.predict(10) - 13))
                .rollout(RolloutPlan.builder().step(RolloutStep.canary(100).minSamples(1)).build(),
                        context -> AnalysisResult.of(List.of(new CheckResult("ok", AnalysisOutcome.PASS, false, "ok"))))
                .cooldown(Duration.ofHours(1)).clock(clock).listener(outcomes::add);
    }

    @Test
    void aDriftAlertRetrainsAndABetterCandidateIsRolledOutAndPromoted() {
        RetrainingPolicy<Integer, Integer> policy = builder().build();
        assertThat(policy.onAlert(alert(Alert.Kind.FIRED, "mlops.prediction.latency.p99", SignalKind.SOFTWARE)))
                .as("a slow service is not a reason to retrain").isEmpty();
        assertThat(policy.onAlert(alert(Alert.Kind.FIRED, "mlops.input.missing.ratio", SignalKind.DATA_QUALITY)))
                .as("nor is a broken upstream pipeline").isEmpty();
        assertThat(policy.onAlert(alert(Alert.Kind.RESOLVED, "mlops.drift.dataset.share", SignalKind.DATA_DRIFT)))
                .isEmpty();

        RetrainingOutcome outcome = policy.onAlert(alert(Alert.Kind.FIRED, "mlops.drift.dataset.share",
                SignalKind.DATA_DRIFT)).orElseThrow();

        assertThat(outcome.status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(outcome.candidateScore()).isZero();
        assertThat(outcome.championScore()).isEqualTo(-2.0);
        assertThat(requests).extracting(RetrainRequest::trigger).containsExactly(RetrainRequest.Trigger.DATA_DRIFT);
        assertThat(requests.get(0).signal()).contains(SignalKind.DATA_DRIFT);
        var challenger = registry.getByAlias("demand", "challenger").orElseThrow();
        assertThat(challenger.version()).isEqualTo(2);
        assertThat(challenger.tags()).containsEntry("mlops.retrain.run_id", "run-1")
                .containsEntry("mlops.retrain.trigger", "DATA_DRIFT");

        Rollout<Integer, Integer> rollout = policy.rollout().orElseThrow();
        endpoint.predict(1, "k");
        rollout.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("demand", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(endpoint.predict(10, "k")).isEqualTo(13);
    }

    @Test
    void retrainingWorksAgainAfterAPromotionAndAScheduledRolloutTicksByItself() throws Exception {
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            // Here the holdout prefers larger answers, so each cycle's candidate beats the champion before it.
            RetrainingPolicy<Integer, Integer> policy = builder().cooldown(Duration.ZERO)
                    .holdout((Predictor<Integer, Integer> p) -> p.predict(10))
                    .rollout(RolloutPlan.builder().step(RolloutStep.canary(100).minSamples(1))
                            .analysisInterval(Duration.ofMillis(5)).build(),
                            context -> AnalysisResult.of(List.of(new CheckResult("ok", AnalysisOutcome.PASS, false,
                                    "ok"))))
                    .scheduler(scheduler).build();
            for (int cycle = 1; cycle <= 2; cycle++) {
                nextOffset = cycle == 1 ? 3 : 4;
                RetrainingOutcome outcome = policy.retrainNow("cycle " + cycle);
                assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
                Rollout<Integer, Integer> rollout = policy.rollout().orElseThrow();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!rollout.status().finished() && System.nanoTime() < deadline) {
                    endpoint.predict(1, "k" + System.nanoTime());
                    Thread.sleep(2);
                }
                assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
                assertThat(endpoint.strategy().fallback().name()).as("served under the champion's name")
                        .isEqualTo("champion");
                assertThat(registry.getByAlias("demand", "champion").orElseThrow().version()).isEqualTo(cycle + 1);
            }
            assertThat(endpoint.predict(10, "k")).isEqualTo(14);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aCandidateThatDoesNotBeatTheChampionIsNotRegistered() {
        nextOffset = 1;
        RetrainingPolicy<Integer, Integer> policy = builder().minImprovement(0.5).build();
        RetrainingOutcome outcome = policy.retrainNow("weekly review");
        assertThat(outcome.status()).isEqualTo(RetrainingOutcome.Status.REJECTED);
        assertThat(registry.versions("demand")).hasSize(1);
        assertThat(policy.rollout()).isEmpty();
    }

    @Test
    void triggersWithinTheCooldownOrDuringARolloutAreSkipped() {
        nextOffset = 1;
        RetrainingPolicy<Integer, Integer> policy = builder().build();
        assertThat(policy.onSignal(SignalKind.CONCEPT_DRIFT, "DDM").orElseThrow().status())
                .isEqualTo(RetrainingOutcome.Status.REJECTED);
        clock.advance(Duration.ofMinutes(59));
        assertThat(policy.onSignal(SignalKind.PERFORMANCE_DROP, "accuracy 0.7").orElseThrow().status())
                .isEqualTo(RetrainingOutcome.Status.SKIPPED_COOLDOWN);
        clock.advance(Duration.ofMinutes(1));
        nextOffset = 3;
        assertThat(policy.retrainNow("again").status()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        clock.advance(Duration.ofHours(2));
        assertThat(policy.retrainNow("once more").status()).isEqualTo(RetrainingOutcome.Status.SKIPPED_BUSY);
        assertThat(trained).isEqualTo(2);
    }

    @Test
    void scheduleAndNewLabelsTrigger() {
        nextOffset = 1;
        RetrainingPolicy<Integer, Integer> policy = builder().every(Duration.ofDays(1)).minNewLabels(1_000)
                .cooldown(Duration.ZERO).build();
        assertThat(policy.tick()).isEmpty();
        assertThat(policy.recordLabelled(999)).isEmpty();
        assertThat(policy.recordLabelled(1).orElseThrow().request().trigger())
                .isEqualTo(RetrainRequest.Trigger.NEW_LABELS);
        clock.advance(Duration.ofDays(1));
        assertThat(policy.tick().orElseThrow().request().trigger()).isEqualTo(RetrainRequest.Trigger.SCHEDULE);
        assertThat(policy.tick()).isEmpty();
        assertThat(outcomes).hasSize(2);
    }

    @Test
    void aFailingRetrainerIsReportedNotThrown() {
        RetrainingPolicy<Integer, Integer> policy = RetrainingPolicy.builder(endpoint, registry)
                .retrainer(r -> {
                    throw new java.io.IOException("feature store down");
                })
                .holdout(p -> 0.0).rollout(RolloutPlan.standard(), c -> AnalysisResult.of(List.of())).figures(monitor)
                .clock(clock).listener(outcomes::add).build();
        RetrainingOutcome outcome = policy.retrainNow("test");
        assertThat(outcome.status()).isEqualTo(RetrainingOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("feature store down");
        assertThatThrownBy(() -> policy.recordLabelled(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> RetrainingPolicy.builder(endpoint, registry).build())
                .hasMessageContaining("missing: retrainer holdout rollout");
    }

    @Test
    void groundTruthFromTheFeedbackPathIsTheRetrainersDataAndCountsTowardNewLabels() {
        endpoint = ModelEndpoint.<Integer, Integer>builder("demand")
                .strategy(DeploymentStrategy.single(Variant.of("champion", x -> x + 1,
                        registry.get("demand", 1).orElseThrow())))
                .feedback(org.mlops4j.core.feedback.FeedbackConfig.ofDefaults().withKeepInputs(true))
                .clock(clock).listener(monitor).build();
        RetrainingPolicy<Integer, Integer> policy = builder().minNewLabels(3).keepLabelled(2).cooldown(Duration.ZERO)
                .build();
        endpoint.feedback().addListener(policy);
        for (int i = 0; i < 3; i++) {
            org.mlops4j.serving.PredictionResult<Integer> r = endpoint.serve(10 + i, "k" + i, "tx-" + i);
            endpoint.feedback().recordForRequest("tx-" + i, org.mlops4j.core.feedback.GroundTruth.value(13 + i));
            endpoint.feedback().record(r.predictionId(), org.mlops4j.core.feedback.UserSignal.ACCEPTED);
        }
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RetrainRequest.Trigger.NEW_LABELS);
            assertThat(r.labelled()).extracting(LabelledExample::input).as("the most recent two").containsExactly(11, 12);
            assertThat(r.labelled()).extracting(e -> e.truth().value()).containsExactly(14.0, 15.0);
        });
        assertThat(policy.labelled()).hasSize(2);
    }
}
