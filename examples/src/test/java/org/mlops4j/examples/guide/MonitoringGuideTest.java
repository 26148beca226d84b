package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.signal.SignalKind;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.examples.FraudData;
import org.mlops4j.examples.ReadmeSnippets;
import org.mlops4j.examples.guide.MonitoringGuide.Payment;
import org.mlops4j.examples.guide.MonitoringGuide.Score;
import org.mlops4j.monitoring.FeedbackMetrics;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.review.ReviewMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.alert.Severity;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DetectorState;
import org.mlops4j.monitoring.concept.DriftState;
import org.mlops4j.monitoring.concept.PageHinkleyConfig;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.log.PredictionLog;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SketchDrift;
import org.mlops4j.monitoring.system.MetricsSampler;
import org.mlops4j.monitoring.system.SystemMetrics;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionFailedException;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.Variant;

class MonitoringGuideTest {

    private static final ModelRef FRAUD_1 = new ModelRef("fraud", 1);

    @TempDir
    Path dir;

    private static Payment payment(Map<String, Object> row) {
        return new Payment(((Number) row.get("amount")).doubleValue(), (Integer) row.get("hour"),
                (String) row.get("country"), (String) row.get("channel"), (Boolean) row.get("new_customer"),
                (Integer) row.get("tx_last_24h"));
    }

    private static List<Payment> payments(List<FraudData.Transaction> txs) {
        return txs.stream().map(tx -> payment(tx.features())).toList();
    }

    private static double amount(Map<String, ?> row) {
        return ((Number) row.get("amount")).doubleValue();
    }

    @Test
    void recordInputsAreReadByComponentAndDriftIsFound() {
        List<Payment> training = payments(FraudData.generate(3_000, 1));
        List<Payment> traffic = new ArrayList<>(payments(FraudData.generate(1_000, 2)));
        traffic.addAll(payments(FraudData.generateDrifted(500, 3)));

        ModelMonitor<Score> monitor = MonitoringGuide.monitorRecords(
                p -> new Score(p.amount() > 300 ? "fraud" : "legit", 0.9), training, traffic);
        try {
            List<WindowMetrics> windows = monitor.recentWindows();
            assertThat(windows).extracting(WindowMetrics::predictions).containsExactly(500L, 500L, 500L);
            for (int w = 0; w < 3; w++) {
                WindowMetrics m = windows.get(w);
                long unknownVelocity = traffic.subList(500 * w, 500 * (w + 1)).stream()
                        .filter(p -> p.txLast24h() == null).count();
                assertThat(m.missingRatio()).as("tx_last_24h read through txLast24h()")
                        .containsEntry("tx_last_24h", unknownVelocity / 500.0)
                        .containsEntry("new_customer", 0.0).containsEntry("amount", 0.0);
                assertThat(m.unreadableInputRatio()).isZero();
                assertThat(m.confidenceP50()).isCloseTo(0.9, within(1e-9));
                assertThat(m.lowConfidenceRatio()).isZero();
            }
            assertThat(unknownVelocityOf(traffic)).as("the data has missing values to count").isPositive();
            assertThat(windows.get(0).driftedFeatures()).isEmpty();
            assertThat(windows.get(1).driftedFeatures()).isEmpty();
            assertThat(windows.get(2).driftedFeatures()).extracting(DriftedFeature::feature)
                    .contains("amount", "country", "new_customer");
            assertThat(windows.get(2).driftedShare()).isGreaterThanOrEqualTo(0.75);
            assertThat(monitor.unreadableInputs()).isZero();
        } finally {
            monitor.close();
        }
    }

    private static long unknownVelocityOf(List<Payment> payments) {
        return payments.stream().filter(p -> p.txLast24h() == null).count();
    }

    @Test
    void regressionFeedbackGivesRmseAndMae() {
        List<Map<String, Object>> rows = FraudData.rows(FraudData.generate(1_000, 4));
        double[] actuals = new double[rows.size()];
        for (int i = 0; i < actuals.length; i++) {
            actuals[i] = amount(rows.get(i)) / 10 + (i % 2 == 0 ? 2.0 : -2.0);
        }
        double[] validation = FraudData.rows(FraudData.generate(800, 5)).stream()
                .mapToDouble(r -> amount(r) / 10).toArray();

        FeedbackMetrics figures = MonitoringGuide.monitorRegression(row -> amount(row) / 10, validation, rows, actuals);

        assertThat(figures.labelled()).isEqualTo(1_000);
        assertThat(figures.rmse()).isCloseTo(2.0, within(1e-9));
        assertThat(figures.mae()).isCloseTo(2.0, within(1e-9));
        assertThat(figures.accuracy()).as("no accuracy for a regression model").isNaN();
        assertThat(figures.conceptDrifts()).isZero();
    }

    @Test
    void aListenerHearsWindowsAndFiguresCountRoutedRequests() {
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s)).build();
        ModelEndpoint<Map<String, ?>, String> endpoint = ModelEndpoint.<Map<String, ?>, String>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion", row -> {
                    if ("IN".equals(row.get("country"))) {
                        throw new IllegalStateException("no model for IN");
                    }
                    return amount(row) > 300 ? "fraud" : "legit";
                }, FRAUD_1)))
                .listener(monitor).build();
        List<Map<String, Object>> rows = FraudData.rows(FraudData.generate(300, 6));
        long failing = rows.stream().filter(r -> "IN".equals(r.get("country"))).count();
        for (Map<String, Object> row : rows) {
            try {
                endpoint.predict(row);
            } catch (PredictionFailedException e) {
                // counted by the monitor
            }
        }
        List<WindowMetrics> heard = new CopyOnWriteArrayList<>();
        Schema other = Schema.of(Feature.numeric("amount"));
        try {
            VariantFigures champion = MonitoringGuide.followMonitor(monitor, heard,
                    ReferenceProfile.of(other, List.of(Map.of("amount", 1.0))));

            assertThat(failing).isPositive();
            assertThat(heard).hasSize(1);
            assertThat(heard.get(0).predictions()).isEqualTo(300);
            assertThat(heard.get(0).errorRatio()).isCloseTo(failing / 300.0, within(1e-12));
            assertThat(champion.requests()).isEqualTo(300);
            assertThat(champion.errors()).isEqualTo(failing);
            assertThat(champion.errorRate()).isCloseTo(failing / 300.0, within(1e-12));
            assertThat(monitor.schema()).as("the new baseline's schema").contains(other);
        } finally {
            monitor.close();
        }
    }

    private static PredictionEvent<Map<String, Object>, Object> event(int i, Map<String, Object> row, Object out) {
        return PredictionEvent.success("p" + i, Instant.parse("2025-08-01T00:00:00Z"), "fraud", "champion", FRAUD_1,
                row, out, Double.NaN, 1_000_000);
    }

    @Test
    void driftSettingsDecideTheMonitorsWindows() {
        Schema schema = ReadmeSnippets.schema();
        List<Map<String, Object>> training = FraudData.rows(FraudData.generate(3_000, 7));
        ReferenceProfile reference = ReferenceProfile.of(schema, training);
        List<Map<String, Object>> drifted = FraudData.rows(FraudData.generateDrifted(1_000, 8));

        ModelMonitor<Object> monitor = MonitoringGuide.driftSettings(reference);
        try {
            for (int i = 0; i < drifted.size(); i++) {
                monitor.onPrediction(event(i, drifted.get(i), "legit"));
            }
            List<Map<String, Object>> few = FraudData.rows(FraudData.generate(50, 9));
            for (int i = 0; i < few.size(); i++) {
                monitor.onPrediction(event(1_000 + i, few.get(i), "legit"));
            }
            monitor.flush();
            List<WindowMetrics> windows = monitor.recentWindows();
            assertThat(windows).extracting(WindowMetrics::predictions).containsExactly(1_000L, 50L);

            WindowMetrics shifted = windows.get(0);
            assertThat(shifted.driftedFeatures()).extracting(DriftedFeature::feature)
                    .contains("amount", "country", "new_customer");
            double psi = SketchDrift.psi(reference.feature("amount").orElseThrow(),
                    ReferenceProfile.of(schema, drifted).feature("amount").orElseThrow(), 0.2).statistic();
            DriftedFeature amount = shifted.driftedFeatures().stream().filter(f -> f.feature().equals("amount"))
                    .findFirst().orElseThrow();
            assertThat(amount.statistic()).as("the PSI of the sketches, above 0.2").isGreaterThan(0.2)
                    .isCloseTo(psi, within(0.05));
            DriftedFeature country = shifted.driftedFeatures().stream().filter(f -> f.feature().equals("country"))
                    .findFirst().orElseThrow();
            assertThat(country.statistic()).as("Jensen-Shannon on the category counts").isGreaterThan(0.15)
                    .isCloseTo(DriftTests.categorical("jensenshannon").testCounts(
                            reference.feature("country").orElseThrow().categoryCounts(),
                            ReferenceProfile.of(schema, drifted).feature("country").orElseThrow().categoryCounts())
                            .statistic(), within(1e-12));
            assertThat(windows.get(1).driftedShare()).as("50 rows are fewer than minCurrentSize 100").isNaN();
        } finally {
            monitor.close();
        }
    }

    @Test
    void aSlidingWindowRunsTheExactTestsOnItsLastRows() {
        Schema schema = ReadmeSnippets.schema();
        List<Map<String, Object>> training = FraudData.rows(FraudData.generate(3_000, 10));
        List<Map<String, Object>> drifted = FraudData.rows(FraudData.generateDrifted(2_000, 12));
        List<Map<String, Object>> live = new ArrayList<>(FraudData.rows(FraudData.generate(1_000, 11)));
        live.addAll(drifted);

        DatasetDriftReport report = MonitoringGuide.slidingWindow(schema, training, live);

        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
        FeatureDrift amount = report.features().get(0);
        double[] ref = training.stream().mapToDouble(MonitoringGuideTest::amount).toArray();
        double[] cur = drifted.stream().mapToDouble(MonitoringGuideTest::amount).toArray();
        DriftResult exact = DriftTests.auto(ref).test(ref, cur);
        assertThat(exact.method()).as("more than 1,000 reference values").isEqualTo("wasserstein_norm");
        assertThat(amount.result()).contains(exact);
        FeatureDrift country = report.features().get(2);
        assertThat(country.result().orElseThrow().method()).isEqualTo("jensenshannon");
        assertThat(country.currentSize()).as("the last 2,000 rows").isEqualTo(2_000);
        assertThat(report.driftedFeatures()).contains("amount", "country", "new_customer");
    }

    @Test
    void aSavedDetectorContinuesExactlyAndTheMonitorsDetectorFires() {
        double[] errors = new double[1_000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i < 500 ? 0.1 : 1.0;
        }
        List<DetectorState> saved = new ArrayList<>();

        ModelMonitor<Score> monitor = MonitoringGuide.conceptDetectors(errors, saved::add);
        try {
            DetectorState state = saved.get(0);
            assertThat(state.format()).isEqualTo(DetectorState.FORMAT).isEqualTo(1);
            assertThat(state.detector()).isEqualTo("PageHinkley");
            ConceptDriftDetector fresh = ConceptDriftDetectors.pageHinkley(
                    new PageHinkleyConfig(30, 0.005, 20.0, 0.9999, PageHinkleyConfig.Mode.UP));
            int firstDrift = -1;
            for (int i = 0; i < errors.length; i++) {
                if (fresh.update(errors[i]) == DriftState.DRIFT && firstDrift < 0) {
                    firstDrift = i;
                }
            }
            assertThat(firstDrift).as("the change at 500 is found within 50 errors").isBetween(500, 550);
            ConceptDriftDetector restored = ConceptDriftDetectors.restore(state);
            for (int i = 0; i < 300; i++) {
                double x = i % 7 == 0 ? 2.0 : 0.2;
                assertThat(restored.update(x)).isEqualTo(fresh.update(x));
            }

            FeedbackJoin<Object, Score> join = FeedbackJoin.of();
            join.addListener(monitor);
            for (int i = 0; i < 2_000; i++) {
                PredictionEvent<Object, Score> e = PredictionEvent.success("c" + i, Instant.EPOCH, "fraud", "champion",
                        FRAUD_1, Map.of(), new Score("legit", 0.9), 0.9, 1_000);
                monitor.onPrediction(e);
                join.onPrediction(e);
                join.record(e.predictionId(), GroundTruth.label(i < 1_000 || i % 2 == 0 ? "legit" : "fraud"));
            }
            FeedbackMetrics f = monitor.feedbackMetrics("fraud", "champion", "fraud/1").orElseThrow();
            assertThat(f.labelled()).isEqualTo(2_000);
            assertThat(f.conceptDrifts()).as("errors from 0% to 50%").isPositive();
            assertThat(f.accuracy()).as("the latest window of 1,000 labels").isEqualTo(0.5);
        } finally {
            monitor.close();
        }
    }

    @Test
    void aCustomRuleHoldsFifteenMinutesAndClearsPastItsClearThreshold() {
        ManualClock clock = new ManualClock(Instant.parse("2025-08-01T00:00:00Z"));
        List<Alert> paged = new CopyOnWriteArrayList<>();

        AlertEvaluator alarms = MonitoringGuide.customRule(clock, FRAUD_1, paged);

        assertThat(paged).as("held for 0 of 15 minutes").isEmpty();
        clock.advance(Duration.ofMinutes(14));
        alarms.evaluate(MetricSample.of("shop.conversion.rate", 0.011, clock.now(), "checkout", FRAUD_1, "last hour"));
        assertThat(paged).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        alarms.evaluate(MetricSample.of("shop.conversion.rate", 0.015, clock.now(), "checkout", FRAUD_1, "last hour"));
        assertThat(paged).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(Alert.Kind.FIRED);
            assertThat(a.value()).isEqualTo(0.015);
            assertThat(a.signal()).isEqualTo(SignalKind.PERFORMANCE_DROP);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        });
        alarms.evaluate(MetricSample.of("shop.conversion.rate", 0.022, clock.now(), "checkout", FRAUD_1, "last hour"));
        assertThat(paged).as("0.022 is above 0.02 but below the clear threshold").hasSize(1);
        alarms.evaluate(MetricSample.of("shop.conversion.rate", 0.03, clock.now(), "checkout", FRAUD_1, "last hour"));
        assertThat(paged).last().satisfies(a -> assertThat(a.kind()).isEqualTo(Alert.Kind.RESOLVED));

        alarms.evaluate(MetricSample.of("mlops.input.unreadable.ratio", 0.05, clock.now(), "checkout", FRAUD_1, "w"));
        assertThat(paged).last().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("unreadable-input-fraction");
            assertThat(a.signal()).isEqualTo(SignalKind.DATA_QUALITY);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    @SuppressWarnings("try") // the guide's binder is held open for the block, never called in it
    void theBinderPublishesTaggedSeriesAndFeedbackCountersWithoutJvmMeters() {
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s)).windowSize(100)
                .build();
        ModelEndpoint<Map<String, ?>, String> endpoint = ModelEndpoint.<Map<String, ?>, String>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion",
                        row -> amount(row) > 300 ? "fraud" : "legit", FRAUD_1)))
                .listener(monitor).build();
        List<FraudData.Transaction> txs = FraudData.generate(350, 13);
        long correct = 0;
        for (int i = 0; i < 250; i++) {
            PredictionResult<String> r = endpoint.serve(txs.get(i).features());
            if (i < 100) {
                endpoint.feedback().record(r.predictionId(), GroundTruth.label(txs.get(i).label()));
                correct += r.output().equals(txs.get(i).label()) ? 1 : 0;
            }
        }
        endpoint.feedback().record("no-such-prediction", GroundTruth.label("fraud"));
        monitor.flush();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (MicrometerMonitorBinder binder = MonitoringGuide.micrometerBinder(monitor, endpoint, registry)) {
            assertThat(registry.get("mlops.prediction.count").tags("service", "checkout", "endpoint", "fraud",
                    "variant", "champion", "model_version", "fraud/1").gauge().value()).isEqualTo(50.0);
            assertThat(registry.get("mlops.performance.accuracy").tag("service", "checkout").gauge().value())
                    .isCloseTo(correct / 100.0, within(1e-12));
            assertThat(registry.get("mlops.feedback.joined").functionCounter().count()).isEqualTo(100.0);
            assertThat(registry.get("mlops.feedback.unmatched").functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.find("jvm.memory.used").meter()).as("jvmMetrics(false)").isNull();

            for (int i = 250; i < 350; i++) {
                endpoint.predict(txs.get(i).features());
            }
            monitor.flush();
            assertThat(registry.get("mlops.prediction.count").tag("service", "checkout").gauge().value())
                    .as("the next window, with nothing to call").isEqualTo(100.0);
        } finally {
            monitor.close();
        }
    }

    @Test
    void theCaptureReadsBackASampleOfPredictionsJoinedWithTheirLabels() {
        ModelEndpoint<Map<String, ?>, String> endpoint = ModelEndpoint.<Map<String, ?>, String>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion",
                        row -> amount(row) > 300 ? "fraud" : "legit", FRAUD_1)))
                .build();
        List<FraudData.Transaction> txs = FraudData.generate(2_000, 15);
        Map<Map<String, Object>, String> truth = new java.util.IdentityHashMap<>();
        txs.forEach(tx -> truth.put(tx.features(), tx.label()));
        java.time.Instant from = java.time.Instant.now().minusSeconds(60);

        var data = MonitoringGuide.productionCapture(endpoint, FraudData.rows(txs), truth::get, dir.resolve("capture"),
                from, java.time.Instant.now().plusSeconds(60));

        assertThat(data.rows()).as("about 20% of 2,000").hasSizeBetween(320, 480);
        assertThat(data.lineage().labelCoverage()).isEqualTo(1.0);
        assertThat(data.malformed()).isEmpty();
        assertThat(data.rows().get(0).input()).containsOnlyKeys("amount", "country");
        assertThat(data.rows()).allSatisfy(r -> assertThat(r.label().orElseThrow().source()).isEqualTo("feedback"));
        assertThat(Files.exists(dir.resolve("capture").resolve("manifest.json"))).isTrue();
    }

    @Test
    void thePredictionLogWritesASampleOfFeatureRows() throws Exception {
        Schema schema = ReadmeSnippets.schema();
        ModelEndpoint<Map<String, ?>, String> endpoint = ModelEndpoint.<Map<String, ?>, String>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion",
                        row -> amount(row) > 300 ? "fraud" : "legit", FRAUD_1)))
                .build();
        List<Map<String, Object>> rows = FraudData.rows(FraudData.generate(2_000, 14));

        PredictionLog log = MonitoringGuide.predictionLog(endpoint, schema, rows, dir.resolve("log"));

        assertThat(log.sampled()).as("about 10% of 2,000").isBetween(120L, 280L);
        assertThat(log.written()).isEqualTo(log.sampled());
        assertThat(log.dropped()).isZero();
        assertThat(log.ioErrors()).isZero();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path f : files.toList()) {
                assertThat(f.getFileName().toString()).startsWith("predictions-").endsWith(".jsonl");
                lines.addAll(Files.readAllLines(f));
            }
        }
        assertThat(lines).hasSize((int) log.written());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.has("input")).isFalse();
        assertThat(first.get("features").has("new_customer")).isTrue();
        assertThat(first.get("model").asText()).isEqualTo("fraud/1");
        assertThat(first.get("output").asText()).isIn("fraud", "legit");
    }

    @Test
    void theSamplerFeedsMicrometersJvmFiguresToTheRules() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new JvmMemoryMetrics().bindTo(registry);
        InMemoryAlertSink sink = AlertSinks.inMemory();
        AlertEvaluator alarms = AlertEvaluator.of(org.mlops4j.core.Clock.system(),
                List.of(AlertRule.above("heap", SystemMetrics.HEAP_USED_RATIO, 0.0)), List.of(sink));

        try (MetricsSampler sampler = MonitoringGuide.systemMetrics(registry, alarms)) {
            SystemMetrics now = sampler.sampleNow();
            assertThat(now.heapUsedBytes()).isPositive();
            assertThat(now.heapUsedRatio()).isBetween(0.0, 1.0);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sink.alerts().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sink.alerts()).as("the first sample is taken at once").singleElement().satisfies(a -> {
                assertThat(a.metric()).isEqualTo("mlops.process.heap.used.ratio");
                assertThat(a.signal()).isEqualTo(SignalKind.SOFTWARE);
                assertThat(a.endpoint()).isEqualTo("checkout");
            });
            assertThat(sampler.delivered()).isPositive();
        }
    }

    @Test
    void theReviewMonitorAlertsOnAnExpiredItemAndPublishesTheQueue() {
        ManualClock clock = new ManualClock(Instant.parse("2024-06-01T08:00:00Z"));
        ReviewStore store = ReviewStore.inMemory(clock);
        for (int i = 0; i < 3; i++) {
            store.add("fraud", new NewReview("p" + i, "{}", "fraud", 0.55, "fraud/1", clock.now(), 0,
                    clock.now().plus(Duration.ofMinutes(i == 0 ? 5 : 60))), 1_000);
        }
        List<Alert> paged = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (ReviewMonitor reviews = MonitoringGuide.reviewQueue(store, clock, scheduler, registry, paged)) {
            reviews.readNow();
            clock.advance(Duration.ofMinutes(6));      // p0 is overdue
            reviews.readNow();

            assertThat(paged).first().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(Alert.Kind.FIRED);
                assertThat(a.rule()).isEqualTo("review-expired");
                assertThat(a.endpoint()).isEqualTo("fraud");
                assertThat(a.signal()).isEqualTo(SignalKind.SOFTWARE);
            });
            assertThat(registry.get("mlops.review.queue.depth").tags("endpoint", "fraud", "queue", "fraud").gauge()
                    .value()).isEqualTo(2.0);
            assertThat(registry.get("mlops.review.age.p99").gauge().value()).isEqualTo(360.0);
            assertThat(registry.get("mlops.review.expired").gauge().value()).isEqualTo(1.0);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
