package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.examples.FraudData;
import org.mlops4j.lifecycle.RetrainingOutcome;
import org.mlops4j.lifecycle.RetrainingPolicy;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tribuo.tracking.DatasetFingerprint;
import org.mlops4j.tribuo.tracking.TribuoRetraining;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/** The retraining snippets of docs/tribuo.md, on the fraud data, with a real registry, tracker and policy. */
class TribuoRetrainingGuideTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(java.time.Instant.parse("2025-03-01T00:00:00Z"));
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);

    /** The champion: the second model its trainer trained, registered as fraud v1 under the champion alias. */
    private Model<Label> champion(List<FraudData.Transaction> train) {
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer();
        trainer.train(FraudData.dataset(FraudData.generate(1_000, 40), "an earlier model"));
        Model<Label> model = trainer.train(FraudData.dataset(train, "january"));
        registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(model, dir.resolve("champion.tribuo")))
                .signature(TribuoModels.signature(model)).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("test", "first"));
        return model;
    }

    @Test
    void theChampionRetrainedOnItsOwnDataScoresExactlyAsItAndTheRunSaysWhichData() {
        List<FraudData.Transaction> january = FraudData.generate(3_000, 41);
        Model<Label> champion = champion(january);
        Tracker tracker = new InMemoryTracker(clock, dir.resolve("runs"));
        MutableDataset<Label> again = FraudData.dataset(january, "january, read again");
        URI source = URI.create("file:///data/fraud/2025-01.csv");

        ModelVersion candidate = TribuoGuide.retrainChampion(registry, tracker, again, source,
                dir.resolve("candidate.tribuo"));

        Model<Label> retrained = registry.load(candidate, TribuoModels.loader(Label.class));
        TribuoPredictor<Label> a = TribuoPredictor.of(champion);
        TribuoPredictor<Label> b = TribuoPredictor.of(retrained);
        for (FraudData.Transaction tx : FraudData.generate(1_000, 42)) {
            Map<String, Double> expected = scores(a.predict(tx.features()));
            assertThat(scores(b.predict(tx.features()))).isEqualTo(expected);
        }
        RunInfo run = tracker.run(candidate.sourceRunId().orElseThrow()).orElseThrow();
        assertThat(run.params())
                .containsEntry("dataset.train.sha256", DatasetFingerprint.of(again).sha256())
                .containsEntry("dataset.train.size", "3000")
                .containsEntry(DatasetFingerprint.SOURCE_URI_PARAM, source.toString())
                .containsEntry("trainer.train-invocation-count", "1");
        assertThat(run.tags()).containsEntry(TribuoRetraining.RETRAINED_FROM_TAG, "models:/fraud/1");
        assertThat(candidate.signature()).isEqualTo(registry.get("fraud", 1).orElseThrow().signature());
    }

    @Test
    void aRetrainingPolicyRetrainsTheChampionsRecipeOnLabelledTrafficAndRollsItOut() {
        Model<Label> champion = champion(FraudData.generate(3_000, 43));
        Tracker tracker = new InMemoryTracker(clock, dir.resolve("runs"));
        try (ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier())
                .sameThreadAnalysis().build()) {
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                    .<Map<String, ?>, Prediction<Label>>builder("fraud")
                    .strategy(DeploymentStrategy.single(Variant.of("champion", TribuoPredictor.of(champion),
                            registry.get("fraud", 1).orElseThrow())))
                    .feedback(FeedbackConfig.ofDefaults().withKeepInputs(true))
                    .clock(clock).listener(monitor).build();
            List<FraudData.Transaction> holdout = FraudData.generateDrifted(1_000, 44);
            RetrainingPolicy<Map<String, ?>, Prediction<Label>> policy = RetrainingPolicy.builder(endpoint, registry)
                    .retrainer(TribuoGuide.retrainer(registry, tracker, dir))
                    .holdout(model -> accuracy(holdout, model))
                    .rollout(RolloutPlan.builder().step(RolloutStep.canary(100).minSamples(1)).build(),
                            context -> AnalysisResult.of(List.of(new CheckResult("ok", AnalysisOutcome.PASS, false, "ok"))))
                    .figures(monitor).cooldown(Duration.ofHours(1)).clock(clock).build();
            endpoint.feedback().addListener(policy);
            // Traffic after the drift, served by the champion; its truth comes back.
            List<FraudData.Transaction> traffic = FraudData.generateDrifted(3_000, 45);
            for (int i = 0; i < traffic.size(); i++) {
                FraudData.Transaction tx = traffic.get(i);
                PredictionResult<Prediction<Label>> r = endpoint.serve(tx.features(), tx.customerId(), "tx-" + i);
                endpoint.feedback().record(r.predictionId(), GroundTruth.label(tx.label()));
            }

            RetrainingOutcome outcome = policy.retrainNow("drift seen by the on-call");

            assertThat(outcome.status()).as(outcome.detail()).isEqualTo(RetrainingOutcome.Status.ROLLOUT_STARTED);
            assertThat(outcome.candidateScore()).isGreaterThan(outcome.championScore());
            ModelVersion v2 = registry.get("fraud", 2).orElseThrow();
            String runId = v2.tags().get("mlops.retrain.run_id");
            assertThat(v2.sourceRunId()).contains(runId);
            assertThat(v2.signature()).isPresent();
            RunInfo run = tracker.run(runId).orElseThrow();
            List<Map<String, ?>> rows = new ArrayList<>();
            List<Label> labels = new ArrayList<>();
            policy.labelled().forEach(e -> {
                rows.add(e.input());
                labels.add(new Label(e.truth().label()));
            });
            assertThat(run.params())
                    .containsEntry("dataset.train.size", "3000")
                    .containsEntry("dataset.train.sha256", DatasetFingerprint.of(
                            TribuoExamples.dataset(rows, labels, new LabelFactory(), "same rows")).sha256())
                    .containsEntry("trainer.class-name", LogisticRegressionTrainer.class.getName())
                    .containsEntry("trainer.train-invocation-count", "1")
                    .doesNotContainKey(DatasetFingerprint.SOURCE_URI_PARAM);
            assertThat(run.tags()).containsEntry(TribuoRetraining.RETRAINED_FROM_TAG, "models:/fraud/1");
        }
    }

    private static Map<String, Double> scores(Prediction<Label> p) {
        Map<String, Double> out = new java.util.TreeMap<>();
        p.getOutputScores().forEach((k, v) -> out.put(k, v.getScore()));
        return out;
    }

    private static double accuracy(List<FraudData.Transaction> holdout,
                                   org.mlops4j.core.Predictor<Map<String, ?>, Prediction<Label>> model) {
        long correct = holdout.stream()
                .filter(tx -> TribuoPredictions.label(model.predict(tx.features())).equals(tx.label())).count();
        return (double) correct / holdout.size();
    }
}
