package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A {@link PerformanceEstimation} bean reaches the starter's monitor as a {@code Segmentation} bean
 * does: the monitor then estimates each window without labels, and the starter's meters export the
 * {@code mlops.estimated.*} series.
 */
class MlopsEstimationBeanTest {

    @TempDir
    Path dir;

    /** Reference scores of a calibrated model: a row of score s is positive with probability s. */
    private static PerformanceEstimation<Object> calibrated() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 2_000;
        double[] scores = new double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            scores[i] = rnd.nextDouble();
            labels[i] = rnd.nextDouble() < scores[i] ? "fraud" : "legit";
        }
        return PerformanceEstimation.binary("fraud", scores, labels);
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MlopsStoreAutoConfiguration.class,
                        MlopsMonitorAutoConfiguration.class))
                .withBean(ModelRegistry.class, InMemoryModelRegistry::new)
                .withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=200",
                        "mlops.monitor.window-duration=1h")
                // answers are the probability of fraud: label fraud at 0.5 or more, confidence the larger side
                .withBean(OutputReader.class, () -> OutputReader.<Double>classifier(p -> p >= 0.5 ? "fraud" : "legit")
                        .withConfidence(p -> Math.max(p, 1 - p)));
    }

    /**
     * Serves 400 answers (two windows of 200) to the monitor, each at the system clock's time as an
     * endpoint stamps it (the monitor's window intervals are of that clock, and a label counts in the
     * window whose interval holds its prediction's time), waits for their analysis, then sends each
     * answer's true label (drawn with the answer's probability of fraud).
     */
    @SuppressWarnings("unchecked")
    private static ModelMonitor<Object> served(org.springframework.context.ApplicationContext c) {
        ModelMonitor<Object> m = (ModelMonitor<Object>) c.getBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN);
        SplittableRandom rnd = new SplittableRandom(12);
        List<PredictionEvent<Object, Object>> events = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            PredictionEvent<Object, Object> e = PredictionEvent.success("p" + i, Instant.now(), "fraud", "champion",
                    new ModelRef("fraud", 1), (Object) i, (Object) rnd.nextDouble(), Double.NaN, 1_000);
            m.onPrediction(e);
            events.add(e);
        }
        m.flush();
        for (PredictionEvent<Object, Object> e : events) {
            double p = (Double) e.output().orElseThrow();
            m.onFeedback(new FeedbackEvent<>(e, GroundTruth.label(rnd.nextDouble() < p ? "fraud" : "legit"),
                    Instant.now()));
        }
        return m;
    }

    @Test
    void aPerformanceEstimationBeanMakesTheStartersMonitorEstimateAndTheMetersExportIt() {
        runner().withBean(PerformanceEstimation.class, MlopsEstimationBeanTest::calibrated).run(c -> {
            ModelMonitor<Object> m = served(c);
            List<EstimatedWindow> estimates = m.recentEstimates();
            assertThat(estimates).extracting(EstimatedWindow::window).containsExactly(1L, 2L);
            assertThat(estimates).allSatisfy(w -> {
                assertThat(w.predictions()).isEqualTo(200);
                assertThat(w.unreadable()).isZero();
                // a prediction stamped at the very instant its window closed counts in the next one
                assertThat(w.realised().labelled()).isBetween(195L, 205L);
            });
            assertThat(estimates.stream().mapToLong(w -> w.realised().labelled()).sum()).isEqualTo(400);
            assertThat(m.unattributedLabels()).isZero();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            c.getBean(MlopsMeters.class).bindTo(registry);
            double accuracy = registry.get("mlops.estimated.accuracy").tag("endpoint", "fraud")
                    .tag("variant", "champion").tag("model_version", "fraud/1").gauge().value();
            double upper = registry.get("mlops.estimated.accuracy.upper").gauge().value();
            double lower = registry.get("mlops.estimated.accuracy.lower").gauge().value();
            // uniform calibrated scores: the expected accuracy is E[max(s, 1 - s)] = 0.75
            assertThat(accuracy).isBetween(0.70, 0.80);
            assertThat(lower).isLessThan(accuracy);
            assertThat(upper).isGreaterThan(accuracy);
        });
    }

    @Test
    void withoutTheBeanTheStartersMonitorDoesNotEstimate() {
        runner().run(c -> assertThat(served(c).recentEstimates()).isEmpty());
    }
}
