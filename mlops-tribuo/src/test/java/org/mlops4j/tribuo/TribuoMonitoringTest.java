package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.feedback.FeedbackMismatchException;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.Variant;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * A Tribuo classifier behind an endpoint, watched by a monitor, with labels coming back through the
 * endpoint's feedback path: the monitor reads Tribuo answers through {@link TribuoOutputs} and
 * Tribuo examples through {@link TribuoFeatures}, and refuses to compare answers it cannot label.
 */
class TribuoMonitoringTest {

    private static final ModelRef MODEL = new ModelRef("fixture", 1);

    @Test
    void accuracyOfATribuoClassifierIsMeasuredFromGroundTruthLabels() {
        Model<Label> model = TribuoFixtures.classifier();
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier()).windowSize(500)
                .sameThreadAnalysis().build();
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fixture")
                .strategy(DeploymentStrategy.single(Variant.of("champion", TribuoPredictor.of(model), MODEL)))
                .outputs(TribuoOutputs.classifier()).listener(monitor).build();
        int correct = 0;
        List<Map<String, Object>> rows = TribuoFixtures.rows(500, 99);
        for (Map<String, Object> row : rows) {
            PredictionResult<Prediction<Label>> r = endpoint.serve(row, null, null);
            String truth = TribuoFixtures.truth(row);
            correct += TribuoPredictions.label(r.output()).equals(truth) ? 1 : 0;
            assertThat(endpoint.feedback().record(r.predictionId(), GroundTruth.label(truth))).isTrue();
        }
        FeedbackMetrics f = monitor.feedbackMetrics("fixture", "champion", MODEL.toString()).orElseThrow();
        assertThat(f.labelled()).isEqualTo(500);
        assertThat(f.accuracy()).isEqualTo(correct / 500.0).isGreaterThan(0.8);
        WindowMetrics w = monitor.recentWindows().get(0);
        assertThat(w.predictionShares()).containsOnlyKeys("pos", "neg");
        assertThat(w.confidenceP50()).isBetween(0.5, 1.0);
    }

    @Test
    void aMonitorThatCannotLabelTribuoAnswersRefusesGroundTruthInsteadOfReportingZeroAccuracy() {
        Model<Label> model = TribuoFixtures.classifier();
        ModelMonitor<Object> undeclared = ModelMonitor.builder().sameThreadAnalysis().build();
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint
                .<Map<String, ?>, Prediction<Label>>builder("fixture")
                .strategy(DeploymentStrategy.single(Variant.of("champion", TribuoPredictor.of(model), MODEL)))
                .listener(undeclared).build();
        Map<String, Object> row = TribuoFixtures.rows(1, 5).get(0);
        PredictionResult<Prediction<Label>> r = endpoint.serve(row, null, "tx-1");
        assertThatThrownBy(() -> endpoint.feedback().recordForRequest("tx-1", GroundTruth.label("pos")))
                .isInstanceOf(FeedbackMismatchException.class).hasMessageContaining("org.tribuo.Prediction")
                .hasMessageContaining("TribuoOutputs.classifier()");
        assertThat(r.fallback()).isFalse();
        assertThat(undeclared.feedbackMetrics()).isEmpty();
    }

    @Test
    void examplesAreReadAsTheirDecodedRows() {
        List<Map<String, Object>> rows = TribuoFixtures.rows(300, 7);
        Schema schema = TribuoSchemas.infer(TribuoFixtures.classification(300, 7))
                .with(org.mlops4j.core.schema.Feature.bool("flag"));
        ModelMonitor<Object> monitor = ModelMonitor.builder().schema(schema).features(TribuoFeatures.examples(schema))
                .windowSize(300).sameThreadAnalysis().build();
        for (int i = 0; i < rows.size(); i++) {
            Example<Label> example = TribuoExamples.example(rows.get(i), LabelFactory.UNKNOWN_LABEL);
            monitor.onPrediction(org.mlops4j.core.PredictionEvent.success("p" + i, java.time.Instant.EPOCH, "fixture",
                    "champion", MODEL, example, "pos", 0.9, 1_000));
        }
        WindowMetrics w = monitor.recentWindows().get(0);
        assertThat(w.unreadableInputRatio()).isZero();
        assertThat(w.maxMissingRatio()).isZero();
        assertThat(w.unseenCategoryRatio()).containsEntry("colour", 0.0);
        assertThat(monitor.unreadableInputs()).isZero();
    }
}
