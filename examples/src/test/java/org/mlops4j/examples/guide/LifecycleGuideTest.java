package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.core.rollout.RolloutAnalysis;
import org.mlops4j.core.rollout.RolloutContext;
import org.mlops4j.core.rollout.ShadowCounts;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.examples.FraudData;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.RetrainingOutcome;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutEvent;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStatus;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.lifecycle.analysis.CanaryAnalysis;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.AsyncTracker;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Run;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoPredictor;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;

/**
 * Runs the snippets of {@code docs/lifecycle.md} and {@code docs/operations.md} ({@link LifecycleGuide})
 * on synthetic transactions ({@link FraudData}) with real Tribuo models, a real monitor and the
 * real canary analysis, and checks what each one does.
 */
class LifecycleGuideTest {

    @TempDir
    Path dir;

    private InMemoryModelRegistry registry;
    private Model<Label> championModel;
    private Model<Label> candidateModel;

    @BeforeEach
    void registerChampionAndCandidate() {
        registry = new InMemoryModelRegistry();
        championModel = new CARTClassificationTrainer(6).train(FraudData.dataset(FraudData.generate(2_000, 1),
                "before the drift"));
        candidateModel = new CARTClassificationTrainer(6).train(FraudData.dataset(FraudData.generate(2_000, 2),
                "another sample"));
        registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(championModel, dir.resolve("v1.tribuo"))).build());
        registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(candidateModel, dir.resolve("v2.tribuo"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first model"));
    }

    private Variant<Map<String, ?>, Prediction<Label>> champion() {
        return Variant.of("champion", TribuoPredictor.of(championModel), registry.get("fraud", 1).orElseThrow());
    }

    private Variant<Map<String, ?>, Prediction<Label>> candidate() {
        return Variant.of("candidate", TribuoPredictor.of(candidateModel), registry.get("fraud", 2).orElseThrow());
    }

    private static ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint(String name,
            Variant<Map<String, ?>, Prediction<Label>> champion, FeedbackConfig feedback) {
        return ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder(name)
                .strategy(DeploymentStrategy.single(champion)).feedback(feedback).build();
    }

    private static ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint(
            Variant<Map<String, ?>, Prediction<Label>> champion) {
        return endpoint("fraud", champion, FeedbackConfig.ofDefaults());
    }

    /** A monitor that analyses on the calling thread, so that every run is the same. */
    private static ModelMonitor<Prediction<Label>> monitor() {
        return ModelMonitor.builder(TribuoOutputs.classifier()).windowSize(1_000).sameThreadAnalysis().build();
    }

    /** Serves transactions in batches, ticking the loop after each, until the condition holds or traffic runs out. */
    private static int serveUntil(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, Runnable tick,
                                  List<FraudData.Transaction> traffic, int from, int batch, BooleanSupplier done) {
        int i = from;
        while (!done.getAsBoolean() && i + batch <= traffic.size()) {
            for (FraudData.Transaction tx : traffic.subList(i, i + batch)) {
                try {
                    endpoint.predict(tx.features(), tx.customerId());
                } catch (RuntimeException e) {
                    // only when the fallback failed too
                }
            }
            i += batch;
            tick.run();
        }
        return i;
    }

    private static double accuracy(List<FraudData.Transaction> holdout,
                                   Predictor<Map<String, ?>, Prediction<Label>> m) {
        long correct = holdout.stream()
                .filter(tx -> TribuoPredictions.label(m.predict(tx.features())).equals(tx.label())).count();
        return (double) correct / holdout.size();
    }

    @Test
    void theGateWaitsForAPersonAndTheApprovalMovesTheRolloutOn() {
        var endpoint = endpoint(champion());
        Queue<RolloutEvent> toApprove = new ConcurrentLinkedQueue<>();
        var loop = LifecycleGuide.gatedLoop(endpoint, monitor(), registry, toApprove).sameThread().build();
        var rollout = loop.rollout(candidate(), Baseline.none());
        List<FraudData.Transaction> traffic = FraudData.generate(20_000, 7);

        int next = serveUntil(endpoint, loop::tick, traffic, 0, 500, () -> rollout.status() != RolloutStatus.RUNNING);
        assertThat(rollout.status()).as(String.valueOf(rollout.lastAnalysis()))
                .isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertThat(rollout.currentStep().name()).isEqualTo("canary 50%");
        assertThat(toApprove).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RolloutEvent.Kind.AWAITING_APPROVAL);
            assertThat(e.stepName()).isEqualTo("canary 50%");
            assertThat(e.candidate()).isEqualTo(new ModelRef("fraud", 2));
        });

        // Traffic goes on at 50% and the loop keeps ticking: the gate holds.
        serveUntil(endpoint, loop::tick, traffic.subList(0, next + 1_500), next, 500, () -> false);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertThat(rollout.state().step()).isEqualTo(1);

        assertThat(LifecycleGuide.approve(loop, toApprove.peek())).isTrue();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(rollout.currentStep().name()).isEqualTo("canary 100%");

        List<FraudData.Transaction> more = FraudData.generate(5_000, 8);
        serveUntil(endpoint, loop::tick, more, 0, 500, () -> rollout.status().finished());
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.getByAlias("fraud", "previous").orElseThrow().version()).isEqualTo(1);
        assertThat(LifecycleGuide.approve(loop, toApprove.poll())).as("nothing waits any more").isFalse();
    }

    @Test
    void aRollbackPagesWithTheReasonAndTheChampionServesAlone() {
        var endpoint = endpoint(champion());
        // The candidate fails on every transaction before 7 am (its feature service is down at night): 7 in 24.
        Predictor<Map<String, ?>, Prediction<Label>> flaky = row -> {
            if (((Number) row.get("hour")).intValue() < 7) {
                throw new IllegalStateException("feature service timed out");
            }
            return TribuoPredictor.of(candidateModel).predict(row);
        };
        List<String> pages = new ArrayList<>();
        var loop = ClosedLoop.builder(endpoint, monitor(), registry)
                .plan(RolloutPlan.builder().step(RolloutStep.canary(50).minSamples(5_000))
                        .step(RolloutStep.canary(100).minSamples(5_000)).build())
                .onRollout(LifecycleGuide.rolloutEvents(pages::add)).sameThread().build();
        var rollout = loop.rollout(Variant.of("candidate", flaky, registry.get("fraud", 2).orElseThrow()),
                Baseline.none());

        serveUntil(endpoint, loop::tick, FraudData.generate(20_000, 9), 0, 100, () -> rollout.status().finished());

        assertThat(rollout.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(rollout.stepSamples()).as("stopped by the sequential test, long before the step's 5,000")
                .isLessThan(1_000);
        assertThat(pages).hasSize(1);
        assertThat(pages.get(0)).startsWith("'fraud' rolled back fraud/2 at step 'canary 50%': critical check failed")
                .contains("error rate=FAIL");
        assertThat(endpoint.strategy().variants()).extracting(Variant::name).containsExactly("champion");
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(1);
    }

    /** Figures of a variant that answered {@code n} requests, {@code fraud} of them "fraud", in about 1 ms each. */
    private static VariantFigures figures(String variant, int version, int n, int fraud, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] latencies = new double[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = 1.0 + 0.2 * rnd.nextDouble();
        }
        Map<String, Long> labels = fraud == 0 ? Map.of("legit", (long) n) : Map.of("fraud", (long) fraud,
                "legit", (long) (n - fraud));
        return new VariantFigures("fraud", variant, new ModelRef("fraud", version), n, 0, 0, 0, n, latencies, labels,
                0, 0);
    }

    private static AnalysisResult analyse(RolloutAnalysis analysis, int candidateAnswers, int candidateFraud) {
        VariantFigures champion = figures("champion", 1, 2_000, 60, 1);
        VariantFigures candidate = figures("candidate", 2, candidateAnswers, candidateFraud, 2);
        Instant start = Instant.parse("2025-11-01T00:00:00Z");
        return analysis.analyse(new RolloutContext("fraud", "champion", new ModelRef("fraud", 1), "candidate",
                new ModelRef("fraud", 2), 0, "canary 50%", false, 5_000, start, start.plusSeconds(600),
                ShadowCounts.NONE, champion, candidate, champion, candidate));
    }

    private static CheckResult check(AnalysisResult result, String name) {
        return result.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theOwnCheckJoinsTheCanaryChecksAndFailsAboveItsCeiling() {
        AnalysisResult ok = analyse(LifecycleGuide.withFraudFlagCeiling(0.05), 2_000, 60);
        assertThat(ok.outcome()).as(ok.summary()).isEqualTo(AnalysisOutcome.PASS);
        assertThat(ok.checks()).extracting(CheckResult::name)
                .containsExactly("sample ratio", "error rate", "latency", "fraud flags");
        assertThat(check(ok, "fraud flags").detail()).isEqualTo("0.0300 of 2000 answers flagged (max 0.0500)");

        AnalysisResult tooMany = analyse(LifecycleGuide.withFraudFlagCeiling(0.05), 2_000, 200);
        assertThat(check(tooMany, "fraud flags").outcome()).isEqualTo(AnalysisOutcome.FAIL);
        assertThat(tooMany.outcome()).isEqualTo(AnalysisOutcome.FAIL);
        assertThat(tooMany.criticalFailure()).as("a non-critical failure is counted, not acted on at once").isFalse();

        AnalysisResult early = analyse(LifecycleGuide.withFraudFlagCeiling(0.05), 150, 30);
        assertThat(check(early, "fraud flags").outcome()).isEqualTo(AnalysisOutcome.INCONCLUSIVE);
        assertThat(check(early, "fraud flags").detail()).isEqualTo("150 of 200 answers");

        // In a shadow step the candidate answers nobody: only the shadow check judges, and it passes.
        VariantFigures none = VariantFigures.none("fraud", "candidate", new ModelRef("fraud", 2));
        VariantFigures champion = figures("champion", 1, 2_000, 60, 1);
        Instant start = Instant.parse("2025-11-01T00:00:00Z");
        AnalysisResult shadow = LifecycleGuide.withFraudFlagCeiling(0.05).analyse(new RolloutContext("fraud",
                "champion", new ModelRef("fraud", 1), "candidate", new ModelRef("fraud", 2), 0, "shadow", true, 0,
                start, start.plusSeconds(600), new ShadowCounts(200, 190, 0, 0), champion, none, champion, none));
        assertThat(shadow.checks()).extracting(CheckResult::name).containsExactly("shadow agreement");
        assertThat(shadow.outcome()).isEqualTo(AnalysisOutcome.PASS);
    }

    @Test
    void theRetrainerLearnsFromProductionLabelsAndItsBaselineBecomesTheMonitorsReference() {
        Schema schema = Schema.of(Feature.numeric("amount"), Feature.numeric("hour"),
                Feature.categorical("country", Set.of("BR", "DE", "FR", "IN", "US")),
                Feature.categorical("channel", Set.of("app", "pos", "web")), Feature.bool("new_customer"),
                Feature.numeric("tx_last_24h").optional());
        var endpoint = endpoint("fraud", champion(), FeedbackConfig.ofDefaults().withKeepInputs(true));
        var monitor = monitor();
        List<FraudData.Transaction> holdout = FraudData.generateDrifted(2_000, 100);
        List<RetrainingOutcome> outcomes = new ArrayList<>();
        var loop = ClosedLoop.builder(endpoint, monitor, registry)
                .retraining(LifecycleGuide.retrainer(schema, dir), model -> accuracy(holdout, model))
                .keepLabelled(2_000).cooldown(Duration.ZERO)
                .plan(RolloutPlan.builder().step(RolloutStep.canary(50).minSamples(300))
                        .step(RolloutStep.canary(100).minSamples(300)).build())
                .onRetraining(outcomes::add).sameThread().build();

        // Drifted production traffic whose truth comes back later, keyed by transaction id.
        List<FraudData.Transaction> traffic = FraudData.generateDrifted(3_300, 101);
        for (int i = 0; i < traffic.size(); i++) {
            FraudData.Transaction tx = traffic.get(i);
            endpoint.serve(tx.features(), tx.customerId(), "tx-" + i);
            endpoint.feedback().recordForRequest("tx-" + i, GroundTruth.label(tx.label()));
            if (i == 299) {
                RetrainingOutcome tooFew = loop.retrainNow("weekly review");
                assertThat(tooFew.status()).isEqualTo(RetrainingOutcome.Status.FAILED);
                assertThat(tooFew.detail()).contains("only 300 labelled examples, 500 needed");
                assertThat(registry.versions("fraud")).hasSize(2);
            }
        }

        RetrainingOutcome outcome = loop.retrainNow("weekly review");
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(outcome.request().labelled()).as("the most recent keepLabelled").hasSize(2_000);
        assertThat(outcome.request().labelled().get(0).input()).isEqualTo(traffic.get(1_300).features());
        assertThat(outcome.candidateScore()).isGreaterThan(outcome.championScore());
        ModelVersion challenger = registry.getByAlias("fraud", "challenger").orElseThrow();
        assertThat(challenger.version()).isEqualTo(3);
        assertThat(challenger.tags()).containsEntry("mlops.retrain.trigger", "MANUAL");
        assertThat(monitor.schema()).as("no reference before the promotion").isEmpty();

        var rollout = loop.rollout().orElseThrow();
        serveUntil(endpoint, loop::tick, FraudData.generateDrifted(10_000, 102), 0, 500,
                () -> rollout.status().finished());
        assertThat(rollout.status()).as(String.valueOf(rollout.lastAnalysis())).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(3);
        assertThat(monitor.schema()).as("re-baselined on the retrainer's data").contains(schema);
        assertThat(outcomes).extracting(RetrainingOutcome::status).containsExactly(RetrainingOutcome.Status.FAILED,
                RetrainingOutcome.Status.ROLLOUT_STARTED);
    }

    @Test
    void theRetrainerLearnsFromTheCapturedDataAloneAndItsRunRecordsTheDatasetLineage() {
        var endpoint = endpoint(champion());              // the feedback join keeps no inputs: labelled() is empty
        var monitor = monitor();
        List<FraudData.Transaction> holdout = FraudData.generateDrifted(2_000, 110);
        org.mlops4j.tracking.InMemoryTracker tracker = new org.mlops4j.tracking.InMemoryTracker();
        List<RetrainingOutcome> outcomes = new ArrayList<>();
        var capture = LifecycleGuide.captureForRetraining(endpoint, monitor, registry,
                LifecycleGuide.capturedRetrainer(tracker, dir), model -> accuracy(holdout, model),
                dir.resolve("capture"), loop -> {
                    List<FraudData.Transaction> traffic = FraudData.generateDrifted(3_000, 111);
                    for (int i = 0; i < traffic.size(); i++) {
                        FraudData.Transaction tx = traffic.get(i);
                        endpoint.serve(tx.features(), tx.customerId(), "tx-" + i);
                        endpoint.feedback().recordForRequest("tx-" + i, GroundTruth.label(tx.label()));
                    }
                    outcomes.add(loop.retrainNow("weekly review"));
                });
        capture.close();

        RetrainingOutcome outcome = outcomes.get(0);
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
        assertThat(outcome.request().labelled()).isEmpty();
        var lineage = outcome.dataset().orElseThrow();
        assertThat(lineage.rows()).as("about half of 3,000").isBetween(1_350L, 1_650L);
        assertThat(lineage.labelCoverage()).isEqualTo(1.0);
        assertThat(outcome.candidateScore()).isGreaterThan(outcome.championScore());
        var run = tracker.run(registry.getByAlias("fraud", "challenger").orElseThrow().tags()
                .get("mlops.retrain.run_id")).orElseThrow();
        assertThat(run.params()).containsEntry("dataset.sha256", lineage.sha256())
                .containsEntry("dataset.rows", Long.toString(lineage.rows()))
                .containsEntry("dataset.label_coverage", "1.0");
        assertThat(registry.getByAlias("fraud", "challenger").orElseThrow().tags())
                .containsEntry("dataset.sha256", lineage.sha256());
    }

    @Test
    void aReplicaResumesTheRolloutRoutesTheSameAndFollowsItToTheEnd() throws Exception {
        RolloutPlan plan = RolloutPlan.builder().step(RolloutStep.canary(10).minSamples(100))
                .step(RolloutStep.canary(100).minSamples(100)).build();
        var leaderEndpoint = endpoint(champion());
        var leaderMonitor = monitor();
        leaderEndpoint.addListener(leaderMonitor);
        Rollout<Map<String, ?>, Prediction<Label>> leader = Rollout.builder(leaderEndpoint, plan)
                .champion(champion()).candidate(candidate()).analysis(CanaryAnalysis.ofDefaults())
                .figures(leaderMonitor).registry(registry).start();

        var replica = endpoint(champion());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            var follower = LifecycleGuide.follow(replica, plan, champion(), candidate(), monitor(), registry, scheduler,
                    Duration.ofMillis(20));
            assertThat(follower.state()).isEqualTo(leader.state());
            List<FraudData.Transaction> customers = FraudData.generate(2_000, 11);
            int onCandidate = 0;
            for (FraudData.Transaction tx : customers) {
                String there = leaderEndpoint.serve(tx.features(), tx.customerId(), null).variant();
                assertThat(replica.serve(tx.features(), tx.customerId(), null).variant()).isEqualTo(there);
                onCandidate += there.equals("candidate") ? 1 : 0;
            }
            assertThat(onCandidate).as("10% of 2,000 customers, by their hash").isBetween(150, 250);

            serveUntil(leaderEndpoint, leader::tick, FraudData.generate(20_000, 12), 0, 500,
                    () -> leader.status().finished());
            assertThat(leader.status()).as(String.valueOf(leader.lastAnalysis())).isEqualTo(RolloutStatus.PROMOTED);

            long deadline = System.nanoTime() + 5_000_000_000L;
            ModelRef promoted = new ModelRef("fraud", 2);
            while (!(replica.strategy().variants().size() == 1
                    && replica.strategy().fallback().model().equals(promoted)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(follower.status()).isEqualTo(RolloutStatus.PROMOTED);
            assertThat(replica.strategy().variants()).as("the promoted model alone").hasSize(1);
            assertThat(replica.serve(customers.get(0).features(), "anyone", null).model()).isEqualTo(promoted);
            assertThat(replica.strategy().fallback().name()).as("under the champion's variant name")
                    .isEqualTo("champion");
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void shutdownAnalysesTheLastWindowWritesTheQueuedMetricsAndStopsEveryThread() {
        var endpoint = endpoint("fraud-shutdown", champion(), FeedbackConfig.ofDefaults());
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier()).windowSize(1_000)
                .build();                                              // its own analysis thread
        var loop = ClosedLoop.builder(endpoint, monitor, registry).build().start();
        var binder = MicrometerMonitorBinder.of(monitor);
        binder.bindTo(new SimpleMeterRegistry());
        String runId;
        try (Mlops mlops = Mlops.local(dir.resolve("store"))) {
            AsyncTracker tracker = AsyncTracker.wrap(mlops.tracker());
            Run run = tracker.startRun("shutdown");
            runId = run.id();
            List<FraudData.Transaction> traffic = FraudData.generate(1_250, 13);
            for (FraudData.Transaction tx : traffic.subList(0, 250)) {
                endpoint.predict(tx.features(), tx.customerId());
            }
            run.logMetric("served", 250);
            assertThat(threadAlive("mlops-closed-loop-fraud-shutdown")).isTrue();
            assertThat(monitor.recentWindows()).as("250 of 1,000: the window is still open").isEmpty();

            LifecycleGuide.shutdown(loop, endpoint, monitor, binder, tracker);

            assertThat(monitor.recentWindows()).extracting(WindowMetrics::predictions).containsExactly(250L);
            assertThat(threadAlive("mlops-closed-loop-fraud-shutdown")).isFalse();
            for (FraudData.Transaction tx : traffic.subList(250, 1_250)) {
                endpoint.predict(tx.features(), tx.customerId());
            }
            assertThat(monitor.droppedWindows()).as("a window closing after close() is dropped and counted")
                    .isEqualTo(1);
        }
        try (Mlops reopened = Mlops.local(dir.resolve("store"))) {
            assertThat(reopened.tracker().metricHistory(runId, "served")).singleElement()
                    .satisfies(m -> assertThat(m.value()).isEqualTo(250.0));
        }
    }
}
