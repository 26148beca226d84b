package org.mlops4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

class ReadmeSnippetsTest {

    @TempDir
    Path dir;

    @Test
    void registerAndServeAnswersWithALabelAndConfidence() {
        Model<Label> model = new LogisticRegressionTrainer()
                .train(FraudData.dataset(FraudData.generate(2_000, 3), "readme"));

        String answer = ReadmeSnippets.registerAndServe(model, dir);

        assertThat(answer).matches("(fraud|legit) (0\\.\\d+|1\\.0)");
    }

    @Test
    void trackExperimentLogsComparableRuns() throws Exception {
        Path matrix = java.nio.file.Files.writeString(dir.resolve("confusion.json"), "[[5,1],[2,7]]");

        org.mlops4j.tracking.RunComparison cmp = ReadmeSnippets.trackExperiment(dir.resolve("store"),
                new double[] {0.9, 0.6, 0.5, 0.45, 0.44}, matrix);

        assertThat(cmp.differingParams()).containsOnlyKeys("learning_rate");
        assertThat(cmp.latestMetrics().get("accuracy").values()).containsExactlyInAnyOrder(0.93, 0.88);
        assertThat(cmp.latestMetrics().get("loss").values()).containsExactly(0.44);
        assertThat(dir.resolve("store/mlops.db")).exists();
    }

    @Test
    void asyncLoggingLandsEveryStepBeforeTheRunEnds() {
        try (org.mlops4j.tracking.Mlops mlops = org.mlops4j.tracking.Mlops.local(dir.resolve("async"))) {
            List<String> alerts = new ArrayList<>();
            double[] losses = new double[500];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = 1.0 / (i + 1);
            }
            String runId = ReadmeSnippets.asyncLogging(mlops, losses, alerts);

            assertThat(alerts).isEmpty();
            assertThat(mlops.tracker().metricHistory(runId, "loss")).hasSize(500);
            assertThat(mlops.tracker().run(runId).orElseThrow().status())
                    .isEqualTo(org.mlops4j.tracking.RunStatus.FINISHED);
            assertThat(mlops.tracker().run(runId).orElseThrow().metric("loss")).contains(1.0 / 500);
        }
    }

    @Test
    void rolloutStartsInShadowAndThePolicyRetrainsOnADriftAlert() throws Exception {
        List<FraudData.Transaction> txs = FraudData.generate(2_000, 8);
        Model<Label> model = new LogisticRegressionTrainer().train(FraudData.dataset(txs, "readme"));
        var registry = new org.mlops4j.core.registry.InMemoryModelRegistry();
        for (int v = 1; v <= 2; v++) {
            registry.register(org.mlops4j.core.registry.ModelRegistration.builder("fraud")
                    .artifact(org.mlops4j.tribuo.TribuoModels.save(model, dir.resolve("v" + v + ".tribuo")))
                    .build());
        }
        registry.setAlias("fraud", "champion", 1, org.mlops4j.core.registry.Attribution.by("test", "first"));
        var champion = org.mlops4j.serving.Variant.of("champion", org.mlops4j.tribuo.TribuoPredictor.of(model),
                registry.get("fraud", 1).orElseThrow());
        var challenger = org.mlops4j.serving.Variant.of("challenger",
                org.mlops4j.tribuo.TribuoPredictor.of(model), registry.get("fraud", 2).orElseThrow());
        var endpoint = org.mlops4j.serving.ModelEndpoint.<Map<String, ?>, org.tribuo.Prediction<Label>>builder("fraud")
                .strategy(org.mlops4j.serving.DeploymentStrategy.single(champion)).build();
        var monitor = org.mlops4j.monitoring.ModelMonitor.builder(org.mlops4j.tribuo.TribuoOutputs.classifier())
                .windowSize(100).build();
        var both = ReadmeSnippets.rolloutAndRetrain(endpoint, challenger, registry, monitor,
                FraudData.generateDrifted(500, 3), dir);
        try (var loop = both.getKey()) {
            var rollout = both.getValue();
            assertThat(rollout.status()).isEqualTo(org.mlops4j.lifecycle.RolloutStatus.RUNNING);
            assertThat(rollout.currentStep().shadow()).isTrue();
            assertThat(endpoint.strategy()).isInstanceOf(org.mlops4j.serving.ShadowStrategy.class);
            rollout.abort("test over");

            var outcome = loop.retraining().orElseThrow().onSignal(org.mlops4j.core.signal.SignalKind.DATA_DRIFT,
                    "share 0.6").orElseThrow();
            // The tree trained on drifted data beats a champion trained before the drift.
            assertThat(outcome.status()).isEqualTo(org.mlops4j.lifecycle.RetrainingOutcome.Status.ROLLOUT_STARTED);
            assertThat(outcome.candidateScore()).isGreaterThan(outcome.championScore());
            assertThat(registry.getByAlias("fraud", "challenger").orElseThrow().version()).isEqualTo(3);
        } finally {
            monitor.close();
        }
    }

    @Test
    void postgresStoreWorksWhenAServerIsGiven() {
        String url = System.getenv("MLOPS_TEST_POSTGRES_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, "MLOPS_TEST_POSTGRES_URL is not set");
        try (org.mlops4j.tracking.Mlops mlops = ReadmeSnippets.postgres(url, dir.resolve("shared-artifacts"))) {
            String runId = mlops.tracker().run("readme-postgres", org.mlops4j.tracking.RunConfig.ofDefaults(), run -> {
                run.logMetric("accuracy", 0.9);
                return run.id();
            });
            assertThat(mlops.tracker().run(runId).orElseThrow().metric("accuracy")).contains(0.9);
            assertThat(mlops.store().toString()).contains("postgres localhost");
        }
    }

    @Test
    void mlflowExportAutologSweepDriftProfileAndConceptDriftSnippetsRun() {
        List<FraudData.Transaction> txs = FraudData.generate(1_500, 12);
        var train = FraudData.dataset(txs.subList(0, 1_000), "readme train");
        var test = FraudData.dataset(txs.subList(1_000, 1_500), "readme test");
        try (org.mlops4j.tracking.Mlops mlops = org.mlops4j.tracking.Mlops.local(dir.resolve("autolog"))) {
            java.util.Map<String, org.tribuo.Trainer<Label>> trials = new java.util.LinkedHashMap<>();
            trials.put("cart-3", new org.tribuo.classification.dtree.CARTClassificationTrainer(3));
            trials.put("cart-6", new org.tribuo.classification.dtree.CARTClassificationTrainer(6));
            var best = ReadmeSnippets.autologAndSweep(mlops, mlops.registry(), train, test, trials);
            assertThat(best.uri()).startsWith("models:/fraud/");
            assertThat(mlops.tracker().listArtifacts(best.sourceRunId().orElseThrow())).isNotEmpty();

            var summary = ReadmeSnippets.exportToMlflow(mlops, dir);
            assertThat(summary.runs()).isGreaterThanOrEqualTo(4);   // one run, a sweep parent and two children
            assertThat(dir.resolve("mlruns")).isDirectory();
        }

        List<Map<String, Object>> rows = FraudData.rows(txs);
        double[] reference = rows.subList(0, 700).stream().mapToDouble(r -> (Double) r.get("amount")).toArray();
        double[] shifted = rows.subList(700, 1_400).stream().mapToDouble(r -> 3 * (Double) r.get("amount")).toArray();
        var drift = ReadmeSnippets.detectDrift(reference, shifted, ReadmeSnippets.schema(), rows.subList(0, 700),
                rows.subList(700, 1_400));
        assertThat(drift.getKey().drifted()).isTrue();
        assertThat(drift.getValue().verdict()).isEqualTo(org.mlops4j.monitoring.drift.Verdict.NO_DRIFT);

        var profile = ReadmeSnippets.profile(ReadmeSnippets.schema(), rows.subList(0, 700),
                org.mlops4j.monitoring.profile.ReferenceProfile.of(ReadmeSnippets.schema(), rows.subList(700, 1_400)));
        assertThat(profile.getKey().count()).isEqualTo(1_400);
        assertThat(org.mlops4j.monitoring.profile.ReferenceProfile.fromJson(profile.getValue()).rows()).isEqualTo(700);

        var concept = ReadmeSnippets.conceptDrift("fraud", "legit");
        assertThat(concept.getKey()).isEqualTo(org.mlops4j.monitoring.concept.DriftState.NONE);
        assertThat(org.mlops4j.monitoring.concept.ConceptDriftDetectors.restore(concept.getValue())).isNotNull();
    }

    @Test
    void mlflowStoresAreConfiguredWithoutContactingTheServer() {
        var stores = ReadmeSnippets.mlflowStores("http://127.0.0.1:1", "secret-token");
        assertThat(stores.getKey()).isInstanceOf(org.mlops4j.tracking.mlflow.MlflowTracker.class);
        assertThat(stores.getValue().toString()).doesNotContain("secret-token");
    }

    @Test
    void alarmsHoldBeforeFiring() {
        var alarms = ReadmeSnippets.alarms(org.mlops4j.core.Clock.system(),
                new org.mlops4j.core.registry.ModelRef("fraud", 1), java.net.URI.create("http://127.0.0.1:1/hook"));
        assertThat(alarms.rules()).extracting(org.mlops4j.monitoring.alert.AlertRule::metric)
                .contains("mlops.input.missing.ratio", "mlops.performance.accuracy");
        var sample = org.mlops4j.monitoring.alert.MetricSample.of("mlops.input.missing.ratio", 0.08,
                java.time.Instant.now(), "fraud", new org.mlops4j.core.registry.ModelRef("fraud", 1), "last 1000");
        // The snippet evaluated one breaching window; the rule needs three in a row.
        assertThat(alarms.evaluate(sample)).isEmpty();
        assertThat(alarms.evaluate(sample)).singleElement()
                .satisfies(a -> assertThat(a.metric()).isEqualTo("mlops.input.missing.ratio"));
    }

    @Test
    @SuppressWarnings("try") // the README's binder is held open for the block, never called in it
    void monitorCountsEveryPredictionOfTheEndpoint() throws Exception {
        List<FraudData.Transaction> txs = FraudData.generate(2_000, 6);
        List<Map<String, Object>> rows = FraudData.rows(txs);
        Model<Label> model = new LogisticRegressionTrainer().train(FraudData.dataset(txs, "readme"));
        var champion = org.mlops4j.serving.Variant.of("champion",
                org.mlops4j.tribuo.TribuoPredictor.of(model), new org.mlops4j.core.registry.ModelRef("fraud", 1));
        org.mlops4j.serving.ModelEndpoint<Map<String, ?>, org.tribuo.Prediction<Label>> endpoint =
                org.mlops4j.serving.ModelEndpoint.<Map<String, ?>, org.tribuo.Prediction<Label>>builder("fraud")
                        .strategy(org.mlops4j.serving.DeploymentStrategy.single(champion)).build();
        var alarms = org.mlops4j.monitoring.alert.AlertEvaluator.of(org.mlops4j.core.Clock.system(),
                List.of(org.mlops4j.monitoring.alert.AlertRule.nullOutputFraction(0.05)));

        var monitor = ReadmeSnippets.monitor(ReadmeSnippets.schema(), rows, alarms, endpoint, rows.get(0), "u0",
                "tx-0");
        for (int i = 1; i < 1_000; i++) {
            endpoint.predict(rows.get(i), "u" + i);
        }
        monitor.flush();

        assertThat(monitor.recentWindows()).hasSize(1);
        assertThat(monitor.recentWindows().get(0).predictionShares()).containsKeys("fraud", "legit");
        assertThat(monitor.recentWindows().get(0).driftedFeatures()).isEmpty();
        assertThat(monitor.recentWindows().get(0).predictionDrift()).isPresent();
        assertThat(endpoint.feedback().stats().joined()).isEqualTo(2);
        assertThat(monitor.feedbackMetrics("fraud", "champion", "fraud/1").orElseThrow().labelled()).isEqualTo(1);

        // README "Export metrics and write reports", on the same monitor.
        var profile = org.mlops4j.monitoring.profile.ReferenceProfile.of(ReadmeSnippets.schema(), rows);
        var drift = org.mlops4j.monitoring.profile.WindowDriftCheck.ofDefaults().compare(profile,
                org.mlops4j.monitoring.profile.SampledProfile.sketchOnly(profile));
        writeCsv(dir.resolve("reference.csv"), rows.subList(0, 500));
        writeCsv(dir.resolve("current.csv"), rows.subList(500, 1_000));
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (var binder = ReadmeSnippets.export(monitor, registry, drift, profile, profile,
                org.mlops4j.monitoring.alert.AlertSinks.inMemory(), dir, ReadmeSnippets.schema())) {
            assertThat(registry.get("mlops.prediction.latency.p99").gauge().value()).isPositive();
            // The binder follows the monitor: the next window is published with nothing to call.
            for (int i = 1_000; i < 2_000; i++) {
                endpoint.predict(rows.get(i), "u" + i);
            }
            monitor.flush();
            var windows = monitor.recentWindows();
            assertThat(windows).hasSizeGreaterThan(1);
            assertThat(registry.get("mlops.prediction.error.ratio").gauge().value())
                    .isEqualTo(windows.get(windows.size() - 1).errorRatio());
            assertThat(registry.get("mlops.output.prediction.share").tag("label", "legit").gauge().value())
                    .isEqualTo(windows.get(windows.size() - 1).predictionShares().get("legit"));
        }
        assertThat(java.nio.file.Files.readString(dir.resolve("report.html"))).contains("<svg").contains("fraud, week 48");
        assertThat(java.nio.file.Files.readString(dir.resolve("drift.json"))).contains("\"features\"");
    }

    private static void writeCsv(Path file, List<Map<String, Object>> rows) throws java.io.IOException {
        List<String> names = ReadmeSnippets.schema().features().stream().map(f -> f.name()).toList();
        StringBuilder out = new StringBuilder(String.join(",", names)).append('\n');
        for (Map<String, Object> row : rows) {
            out.append(names.stream().map(n -> row.get(n) == null ? "" : String.valueOf(row.get(n)))
                    .collect(java.util.stream.Collectors.joining(","))).append('\n');
        }
        java.nio.file.Files.writeString(file, out);
    }

    @Test
    void schemaAcceptsGeneratedDataAndRefusesBadRows() {
        for (FraudData.Transaction t : FraudData.generate(500, 4)) {
            assertThat(ReadmeSnippets.validate(ReadmeSnippets.schema(), t.features())).isEmpty();
        }
        assertThatThrownBy(() -> ReadmeSnippets.validate(ReadmeSnippets.schema(), Map.of("amount", -1.0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("amount=-1.0 OUT_OF_RANGE")
                .hasMessageContaining("country=null MISSING");
    }
}
