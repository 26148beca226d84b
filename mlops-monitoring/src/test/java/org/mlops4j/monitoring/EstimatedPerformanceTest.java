package org.mlops4j.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.micrometer.MicrometerEstimateBinder;
import org.mlops4j.monitoring.report.MonitoringReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * CBPE inside a running monitor, on a synthetic process with a known covariate shift: the true
 * probability of fraud is sigmoid(x), the model answers sigmoid(2x) (over-confident, same decisions),
 * x ~ N(0, 2) in the reference and the stable windows and x ~ N(0, 0.6) in the shifted ones, where
 * more rows sit near the decision boundary and the true accuracy drops from about 0.79 to 0.61.
 */
class EstimatedPerformanceTest {

    /** The model's answer: its label and its probability of fraud. */
    record Score(String label, double fraud) {
    }

    static final ModelRef MODEL = new ModelRef("fraud", 1);
    static final OutputReader<Score> READER = OutputReader.classifier(Score::label)
            .withConfidence(s -> Math.max(s.fraud(), 1 - s.fraud()));
    static final int WINDOW = 1_000;
    static final int STABLE = 8;
    static final int SHIFTED = 8;

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T00:00:00Z"));
    final SplittableRandom rnd = new SplittableRandom(20);
    final InMemoryAlertSink sink = AlertSinks.inMemory();

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static Score answer(double x) {
        double p = sigmoid(2 * x);
        return new Score(p >= 0.5 ? "fraud" : "legit", p);
    }

    String truth(double x) {
        return rnd.nextDouble() < sigmoid(x) ? "fraud" : "legit";
    }

    PerformanceEstimation<Score> estimation() {
        int n = 20_000;
        double[] scores = new double[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            double x = 2 * gaussian();
            scores[i] = answer(x).fraud();
            labels[i] = truth(x);
        }
        return PerformanceEstimation.binary("fraud", scores, labels);
    }

    /** A labelled prediction, kept until its label is sent. */
    record Served(PredictionEvent<Object, Score> event, String truth) {
    }

    List<Served> serve(ModelMonitor<Score> monitor, int rows, double sd) {
        List<Served> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x = sd * gaussian();
            clock.advance(Duration.ofMillis(100));
            PredictionEvent<Object, Score> e = PredictionEvent.success("p" + clock.now().toEpochMilli(), clock.now(),
                    "fraud-api", "champion", MODEL, (Object) x, answer(x), Double.NaN, 1_000_000);
            monitor.onPrediction(e);
            out.add(new Served(e, truth(x)));
        }
        return out;
    }

    void label(ModelMonitor<Score> monitor, List<Served> served) {
        for (Served s : served) {
            monitor.onFeedback(new FeedbackEvent<>(s.event(), GroundTruth.label(s.truth()), clock.now()));
        }
    }

    ModelMonitor<Score> monitor(AlertEvaluator alerts) {
        return ModelMonitor.builder(READER).windowSize(WINDOW).estimatePerformance(estimation())
                .alerts(alerts).clock(clock).sameThreadAnalysis().build();
    }

    @Test
    void labelsThatArriveBeforeTheAnalysisThreadRegistersTheirWindowStillReachIt() {
        for (boolean reversed : new boolean[] {false, true}) {
            // The analysis "thread": tasks wait here until the test runs them (in close order, or
            // reversed as a pool may finish them); the serving thread registers nothing itself.
            List<Runnable> tasks = new ArrayList<>();
            try (ModelMonitor<Score> monitor = ModelMonitor.builder(READER).windowSize(WINDOW)
                    .estimatePerformance(estimation()).clock(clock).analysisExecutor(tasks::add).build()) {
                List<Served> served = serve(monitor, 2 * WINDOW, 2.0);
                assertThat(tasks).hasSize(2);

                label(monitor, served);
                assertThat(monitor.recentEstimates()).isEmpty();
                if (reversed) {
                    Collections.reverse(tasks);
                }
                tasks.forEach(Runnable::run);

                List<EstimatedWindow> estimated = monitor.recentEstimates();
                assertThat(estimated).hasSize(2).allSatisfy(e -> {
                    assertThat(e.realised().labelled()).isEqualTo(WINDOW);
                    assertThat(e.realised().coverage()).isEqualTo(1.0);
                });
            }
        }
    }

    @Test
    void estimatedAccuracyFollowsTheRealisedOneThroughACovariateShift() {
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(AlertRule.estimatedAccuracyBelow(0.7)), List.of(sink));
        try (ModelMonitor<Score> monitor = monitor(alerts)) {
            List<Served> served = new ArrayList<>();
            List<Long> firedAfter = new ArrayList<>();
            for (int w = 0; w < STABLE + SHIFTED; w++) {
                served.addAll(serve(monitor, WINDOW, w < STABLE ? 2.0 : 0.6));
                if (sink.alerts().stream().anyMatch(a -> a.kind() == Alert.Kind.FIRED)) {
                    firedAfter.add((long) w + 1);
                }
            }
            // Before any label: estimates only, one per window.
            List<EstimatedWindow> before = monitor.recentEstimates();
            assertThat(before).hasSize(STABLE + SHIFTED);
            assertThat(before).allSatisfy(e -> assertThat(e.realised().labelled()).isZero());
            // The rule fires at the first shifted window, not before.
            assertThat(firedAfter).first().isEqualTo((long) STABLE + 1);

            // The labels arrive late, after every window has closed.
            label(monitor, served);
            List<EstimatedWindow> after = monitor.recentEstimates();
            assertThat(after).hasSize(STABLE + SHIFTED);
            double worst = 0;
            for (EstimatedWindow e : after) {
                assertThat(e.realised().labelled()).isEqualTo(WINDOW);
                assertThat(e.realised().coverage()).isEqualTo(1.0);
                double gap = Math.abs(e.value(EstimatedMetric.ACCURACY) - e.realised().accuracy());
                worst = Math.max(worst, gap);
                // Tolerance: 0.045, three standard errors of a 1,000-row window's accuracy (about 0.013-0.015).
                assertThat(gap).as("window %d", e.window()).isLessThan(0.045);
                assertThat(e.realised().accuracy()).isBetween(e.lower(EstimatedMetric.ACCURACY),
                        e.upper(EstimatedMetric.ACCURACY));
                assertThat(Math.abs(e.value(EstimatedMetric.F1) - e.realised().f1())).isLessThan(0.06);
            }
            assertThat(worst).isGreaterThan(0.0);
            double stable = after.subList(0, STABLE).stream().mapToDouble(e -> e.realised().accuracy()).average()
                    .orElseThrow();
            double shifted = after.subList(STABLE, STABLE + SHIFTED).stream()
                    .mapToDouble(e -> e.realised().accuracy()).average().orElseThrow();
            assertThat(stable).isBetween(0.76, 0.82);
            assertThat(shifted).isBetween(0.58, 0.64);
            for (EstimatedWindow e : after) {
                boolean low = e.value(EstimatedMetric.ACCURACY) < 0.7;
                assertThat(low).as("window %d", e.window()).isEqualTo(e.window() > STABLE);
            }
            assertThat(monitor.unattributedLabels()).isZero();
        }
    }

    /**
     * The labels come through a {@link FeedbackJoin}, as an endpoint sends them: the join keeps of each
     * prediction only what its listeners read, so the monitor must read the timestamp to find the
     * window (without it the join hands over the Unix epoch and every label was unattributed).
     */
    @Test
    void labelsThroughAFeedbackJoinReachTheirWindows() {
        try (ModelMonitor<Score> monitor = monitor(AlertEvaluator.of(clock, List.of(), List.of(sink)))) {
            assertThat(monitor.reads()).contains(PredictionField.OUTPUT, PredictionField.TIMESTAMP);
            FeedbackJoin<Object, Score> join = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
            join.addListener(monitor);
            List<Served> served = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                for (Served s : serve(monitor, WINDOW, 2.0)) {
                    join.onPrediction(s.event());
                    served.add(s);
                }
            }
            for (Served s : served) {
                join.record(s.event().predictionId(), GroundTruth.label(s.truth()));
            }
            assertThat(join.stats().joined()).isEqualTo(3L * WINDOW);
            assertThat(monitor.unattributedLabels()).isZero();
            assertThat(monitor.recentEstimates()).hasSize(3).allSatisfy(e -> {
                assertThat(e.realised().labelled()).isEqualTo(WINDOW);
                assertThat(Math.abs(e.value(EstimatedMetric.ACCURACY) - e.realised().accuracy())).isLessThan(0.045);
            });
        }
        try (ModelMonitor<Score> plain = ModelMonitor.builder(READER).sameThreadAnalysis().build()) {
            assertThat(plain.reads()).containsExactly(PredictionField.OUTPUT);
        }
    }

    double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tags("endpoint", "fraud-api", "variant", "champion", "model_version", "fraud/1").gauge()
                .value();
    }

    @Test
    void micrometerShowsTheEstimateAndTheRealisedFigures() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ModelMonitor<Score> monitor = monitor(AlertEvaluator.of(clock, List.of(), List.of(sink)));
             MicrometerEstimateBinder binder = MicrometerEstimateBinder.of(monitor)) {
            List<Served> first = serve(monitor, WINDOW, 2.0);
            // Bound after the first window: the binder finds it in the monitor.
            binder.bindTo(registry);
            EstimatedWindow one = monitor.recentEstimates().get(0);
            assertThat(gauge(registry, "mlops.estimated.accuracy")).isEqualTo(one.value(EstimatedMetric.ACCURACY));
            assertThat(gauge(registry, "mlops.realised.accuracy")).isNaN();
            List<Served> second = serve(monitor, WINDOW, 0.6);
            EstimatedWindow two = monitor.recentEstimates().get(1);
            assertThat(gauge(registry, "mlops.estimated.accuracy")).isEqualTo(two.value(EstimatedMetric.ACCURACY))
                    .isLessThan(0.7);
            assertThat(gauge(registry, "mlops.estimated.accuracy.lower")).isEqualTo(two.lower(EstimatedMetric.ACCURACY));
            assertThat(gauge(registry, "mlops.estimated.accuracy.upper")).isEqualTo(two.upper(EstimatedMetric.ACCURACY));
            assertThat(gauge(registry, "mlops.estimated.roc_auc")).isEqualTo(two.value(EstimatedMetric.ROC_AUC));
            assertThat(gauge(registry, "mlops.estimated.f1")).isEqualTo(two.value(EstimatedMetric.F1));
            // The first window's labels arrive: the realised gauges show that window, the latest with labels.
            label(monitor, first);
            RealisedPerformance r1 = monitor.recentEstimates().get(0).realised();
            assertThat(gauge(registry, "mlops.realised.accuracy")).isEqualTo(r1.accuracy()).isBetween(0.75, 0.83);
            assertThat(gauge(registry, "mlops.realised.coverage")).isEqualTo(1.0);
            // Half the second window's labels arrive: now it is the latest window with labels.
            label(monitor, second.subList(0, WINDOW / 2));
            RealisedPerformance r2 = monitor.recentEstimates().get(1).realised();
            assertThat(gauge(registry, "mlops.realised.coverage")).isEqualTo(0.5);
            assertThat(gauge(registry, "mlops.realised.accuracy")).isEqualTo(r2.accuracy()).isBetween(0.55, 0.67);
            assertThat(gauge(registry, "mlops.realised.precision")).isEqualTo(r2.precision());
            assertThat(gauge(registry, "mlops.realised.recall")).isEqualTo(r2.recall());
            assertThat(gauge(registry, "mlops.realised.f1")).isEqualTo(r2.f1());
            assertThat(registry.find("mlops.realised.roc_auc").gauge()).isNull();
        }
    }

    @Test
    void theReportShowsEachEstimateBesideItsRealisedFigures() throws Exception {
        try (ModelMonitor<Score> monitor = monitor(AlertEvaluator.of(clock, List.of(), List.of(sink)))) {
            List<Served> first = serve(monitor, WINDOW, 2.0);
            serve(monitor, WINDOW, 0.6);
            label(monitor, first.subList(0, 800));
            MonitoringReport report = MonitoringReport.builder().title("CBPE").clock(clock).monitor(monitor).build();
            assertThat(report.estimatedWindows()).hasSize(2);
            EstimatedWindow one = report.estimatedWindows().get(0);
            assertThat(one.realised().labelled()).isEqualTo(800);

            JsonNode json = new ObjectMapper().readTree(report.toJson());
            JsonNode rows = json.get("estimatedWindows");
            assertThat(rows).hasSize(2);
            JsonNode j1 = rows.get(0);
            assertThat(j1.get("window").asLong()).isEqualTo(1);
            assertThat(j1.get("predictions").asLong()).isEqualTo(WINDOW);
            assertThat(j1.get("band").asDouble()).isEqualTo(3.0);
            assertThat(j1.at("/estimated/accuracy/value").asDouble()).isEqualTo(one.value(EstimatedMetric.ACCURACY));
            assertThat(j1.at("/estimated/accuracy/lower").asDouble()).isEqualTo(one.lower(EstimatedMetric.ACCURACY));
            assertThat(j1.at("/estimated/accuracy/standardError").asDouble())
                    .isEqualTo(one.estimate().standardError(EstimatedMetric.ACCURACY));
            assertThat(j1.at("/realised/accuracy").asDouble()).isEqualTo(one.realised().accuracy());
            assertThat(j1.at("/realised/labelled").asLong()).isEqualTo(800);
            assertThat(j1.at("/realised/coverage").asDouble()).isEqualTo(0.8);
            assertThat(j1.at("/realised/roc_auc").isMissingNode()).isTrue();
            // The shifted window's labels have not arrived: its realised figures are null.
            assertThat(rows.get(1).at("/realised/labelled").asLong()).isZero();
            assertThat(rows.get(1).at("/realised/accuracy").isNull()).isTrue();

            String html = report.toHtml();
            assertThat(html).contains("<h2>Estimated vs realised performance</h2>", "<th>Estimated accuracy</th>",
                    "<th>Realised accuracy</th>", "<td class=\"num\">80.0%</td>", "<td class=\"num\">0.0%</td>");
            String cell = String.format(java.util.Locale.ROOT, "%.3f", one.value(EstimatedMetric.ACCURACY)).replaceAll("0+$", "");
            assertThat(html).contains("<td class=\"num\">" + cell + " [");
        }
    }

    @Test
    void answersWhoseScoresCannotBeReadAreCountedAndShown() throws Exception {
        // The score function throws below 0.05 and gives NaN above 0.95: those answers are left out, counted.
        PerformanceEstimation<Score> estimation = estimation().withScore(s -> {
            if (s.fraud() < 0.05) {
                throw new IllegalStateException("no score");
            }
            return s.fraud() > 0.95 ? Double.NaN : s.fraud();
        });
        try (ModelMonitor<Score> monitor = ModelMonitor.builder(READER).windowSize(WINDOW)
                .estimatePerformance(estimation).clock(clock).sameThreadAnalysis().build()) {
            List<Served> served = serve(monitor, WINDOW, 2.0);
            long thrown = served.stream().filter(s -> s.event().output().orElseThrow().fraud() < 0.05).count();
            long missing = served.stream().filter(s -> s.event().output().orElseThrow().fraud() > 0.95).count();
            // x ~ N(0, 2), fraud = sigmoid(2x): |x| above 1.47 on either side, about 23% each.
            assertThat(thrown).isBetween(180L, 280L);
            assertThat(missing).isBetween(180L, 280L);
            assertThat(monitor.scoreFailures()).isEqualTo(thrown + missing);
            EstimatedWindow w = monitor.recentEstimates().get(0);
            assertThat(w.unreadable()).isEqualTo(thrown + missing);
            assertThat(w.predictions()).isEqualTo(WINDOW - thrown - missing);
            MonitoringReport report = MonitoringReport.builder().title("CBPE").clock(clock).monitor(monitor).build();
            JsonNode json = new ObjectMapper().readTree(report.toJson());
            assertThat(json.get("estimatedWindows").get(0).get("unreadable").asLong()).isEqualTo(thrown + missing);
            assertThat(report.toHtml()).contains("<th>Unreadable</th>");
        }
    }

    @Test
    void aScoreFunctionThatAlwaysFailsIsCountedAndItsLabelsDoNotWait() {
        PerformanceEstimation<Score> estimation = estimation().withScore(s -> {
            throw new IllegalStateException("no score");
        });
        try (ModelMonitor<Score> monitor = ModelMonitor.builder(READER).windowSize(WINDOW)
                .estimatePerformance(estimation).clock(clock).sameThreadAnalysis().build()) {
            List<Served> served;
            try (org.mlops4j.monitoring.testlog.CapturingLogProvider.Capture logs =
                         org.mlops4j.monitoring.testlog.CapturingLogProvider.capture()) {
                served = serve(monitor, WINDOW, 2.0);
                // One WARN naming the cause, with the score function's exception; the rest at DEBUG.
                assertThat(logs.events()).filteredOn(e -> e.level() == org.slf4j.event.Level.WARN
                        && e.logger().equals(ModelMonitor.class.getName())).singleElement().satisfies(e -> {
                            assertThat(e.message()).contains("could not read the scores").contains("Score")
                                    .contains("the score function threw");
                            assertThat(e.throwable()).contains("no score");
                        });
            }
            assertThat(monitor.recentEstimates()).isEmpty();
            assertThat(monitor.scoreFailures()).isEqualTo(WINDOW);
            // The window closed without an estimate: its labels are unattributed at once, none left waiting.
            label(monitor, served.subList(0, 10));
            assertThat(monitor.unattributedLabels()).isEqualTo(10);
        }
    }

    @Test
    void labelsOfAWindowStillBeingAnalysedCountForItOnceEstimated() {
        // Windows queue on an executor that runs them later, in reverse: the labels arrive in between.
        List<Runnable> queued = new ArrayList<>();
        try (ModelMonitor<Score> monitor = ModelMonitor.builder(READER).windowSize(WINDOW)
                .estimatePerformance(estimation()).clock(clock).analysisExecutor(queued::add).build()) {
            List<Served> first = serve(monitor, WINDOW, 2.0);
            List<Served> second = serve(monitor, WINDOW, 2.0);
            label(monitor, first.subList(0, 300));
            label(monitor, second.subList(0, 200));
            assertThat(monitor.recentEstimates()).isEmpty();
            for (int i = queued.size() - 1; i >= 0; i--) {
                queued.get(i).run();
            }
            assertThat(monitor.estimates("fraud-api", "champion", "fraud/1")).extracting(
                    e -> e.realised().labelled()).containsExactly(300L, 200L);
            assertThat(monitor.unattributedLabels()).isZero();
        }
    }
}
