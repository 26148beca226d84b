package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.examples.FraudData;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoRows;
import org.mlops4j.tribuo.TribuoSchemas;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

class TribuoGuideTest {

    @TempDir
    Path dir;

    private record Fixture(MutableDataset<Label> train, Model<Label> model, ModelVersion version) {
    }

    private Fixture fixture() {
        MutableDataset<Label> train = FraudData.dataset(FraudData.generate(3_000, 31), "guide train");
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        ModelVersion version = new InMemoryModelRegistry().register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(model, dir.resolve("fraud.tribuo"))).build());
        return new Fixture(train, model, version);
    }

    @Test
    void aServedTribuoModelIsMonitoredForAccuracyAndInputDrift() {
        Fixture f = fixture();
        List<FraudData.Transaction> today = FraudData.generate(1_000, 32);
        List<FraudData.Transaction> drifted = FraudData.generateDrifted(1_000, 33);
        FraudData.Transaction firstTx = today.get(0);

        TribuoGuide.Served<Map<String, ?>> served = TribuoGuide.serveAndMonitor(f.model(), f.version(), f.train(),
                firstTx.features(), firstTx.customerId(), "tx-0", firstTx.label());
        try (ModelMonitor<Prediction<Label>> monitor = served.monitor()) {
            int correct = TribuoPredictions.label(served.first().output()).equals(firstTx.label()) ? 1 : 0;
            for (int i = 1; i < today.size(); i++) {
                FraudData.Transaction tx = today.get(i);
                PredictionResult<Prediction<Label>> r = served.endpoint().serve(tx.features(), tx.customerId(), "tx-" + i);
                correct += TribuoPredictions.label(r.output()).equals(tx.label()) ? 1 : 0;
                served.endpoint().feedback().record(r.predictionId(), GroundTruth.label(tx.label()));
            }
            for (FraudData.Transaction tx : drifted) {
                served.endpoint().serve(tx.features(), tx.customerId(), null);
            }
            monitor.flush();

            FeedbackMetrics feedback = monitor.feedbackMetrics("fraud", "champion", "fraud/1").orElseThrow();
            assertThat(feedback.labelled()).isEqualTo(1_000);
            assertThat(feedback.accuracy()).isEqualTo(correct / 1_000.0).isGreaterThan(0.7);

            List<WindowMetrics> windows = monitor.recentWindows();
            assertThat(windows).hasSize(2);
            WindowMetrics same = windows.get(0);
            WindowMetrics shifted = windows.get(1);
            assertThat(same.predictions()).isEqualTo(1_000);
            assertThat(same.unreadableInputRatio()).isZero();
            assertThat(same.predictionShares().keySet()).isSubsetOf("fraud", "legit");
            assertThat(same.confidenceP50()).isBetween(0.5, 1.0);
            assertThat(same.missingRatio().get("tx_last_24h")).isBetween(0.0, 0.1);
            assertThat(shifted.driftedFeatures()).extracting(DriftedFeature::feature)
                    .contains("amount", "country", "new_customer");
            assertThat(shifted.driftedShare()).isGreaterThan(same.driftedShare());
            assertThat(shifted.outOfRangeRatio().get("amount")).isGreaterThan(same.outOfRangeRatio().get("amount"));
        }
    }

    @Test
    void examplesAreMonitoredThroughTribuoFeaturesAndAreUnreadableWithoutThem() {
        Fixture f = fixture();
        List<FraudData.Transaction> today = FraudData.generate(1_000, 34);
        TribuoGuide.Served<org.tribuo.Example<Label>> served = TribuoGuide.monitorExamples(f.model(), f.version(),
                f.train(), TribuoExamples.example(today.get(0).features(), LabelFactory.UNKNOWN_LABEL));
        ModelMonitor<Prediction<Label>> plain = ModelMonitor.builder(TribuoOutputs.classifier())
                .baseline(Baseline.of(TribuoRows.referenceProfile(f.train(),
                        TribuoSchemas.infer(f.train()).with(Feature.bool("new_customer")))))
                .sameThreadAnalysis().build();
        served.endpoint().addListener(plain);
        try (ModelMonitor<Prediction<Label>> monitor = served.monitor()) {
            for (int i = 1; i < today.size(); i++) {
                served.endpoint().serve(TribuoExamples.example(today.get(i).features(), LabelFactory.UNKNOWN_LABEL),
                        null, null);
            }
            monitor.flush();
            plain.flush();

            WindowMetrics w = monitor.recentWindows().get(0);
            assertThat(w.predictions()).isEqualTo(1_000);
            assertThat(monitor.unreadableInputs()).isZero();
            assertThat(w.unreadableInputRatio()).isZero();
            assertThat(w.unseenCategoryRatio()).containsEntry("country", 0.0).containsEntry("channel", 0.0);
            assertThat(w.maxMissingRatio()).isZero();

            // Without TribuoFeatures the monitor cannot read an Example: counted, not taken for missing values.
            assertThat(plain.unreadableInputs()).isEqualTo(999);
            assertThat(plain.recentWindows().get(0).unreadableInputRatio()).isEqualTo(1.0);
        }
    }

    @Test
    void julRecordsReachSlf4jOnceAndTribuoChatterBelowWarnIsDropped() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        java.util.logging.Logger tribuo = java.util.logging.Logger.getLogger("org.tribuo.guide");
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            TribuoGuide.bridgeJulToSlf4j();
            TribuoGuide.bridgeJulToSlf4j();   // idempotent: one bridge, no console handler

            Handler[] handlers = java.util.logging.Logger.getLogger("").getHandlers();
            assertThat(handlers).singleElement().isInstanceOf(SLF4JBridgeHandler.class);
            tribuo.log(Level.WARNING, "weights diverged");
            tribuo.log(Level.INFO, "epoch 3 loss 0.41");
        } finally {
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("weights diverged").doesNotContain("epoch 3");
        assertThat(Arrays.stream(out.split("\n")).filter(l -> l.contains("weights diverged"))).hasSize(1);
    }
}
