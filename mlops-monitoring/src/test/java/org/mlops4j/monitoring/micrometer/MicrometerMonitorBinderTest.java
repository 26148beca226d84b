package org.mlops4j.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.feedback.FeedbackConfig;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.MonitorListener;
import org.mlops4j.monitoring.WindowMetrics;

class MicrometerMonitorBinderTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount").withRange(0, 1_000),
            Feature.categorical("country", Set.of("DE", "FR", "US")));
    private static final ModelRef MODEL = new ModelRef("fraud", 1);
    private static final Tags KEY = Tags.of("endpoint", "fraud", "variant", "champion", "model_version", "fraud/1");
    private static final Tags CHALLENGER = Tags.of("endpoint", "fraud", "variant", "challenger", "model_version",
            "fraud/2");
    private static final String PROMETHEUS_KEY = "endpoint=\"fraud\",model_version=\"fraud/1\",variant=\"champion\"";

    private final ManualClock clock = new ManualClock(Instant.parse("2025-08-01T00:00:00Z"));
    private final ModelMonitor<Object> monitor = ModelMonitor.builder().schema(SCHEMA).windowSize(100)
            .analysisExecutor(Runnable::run).build();
    private final FeedbackJoin<Object, Object> feedback = FeedbackJoin.of(FeedbackConfig.ofDefaults(), clock);
    private long ids;

    {
        feedback.addListener(monitor);
    }

    /**
     * Serves n predictions: every {@code failEvery}-th fails, every 10th lacks its amount, every
     * 20th has an unknown country, answers alternate between two labels.
     */
    private void serve(String variant, ModelRef model, int n, int failEvery, long latencyMillis) {
        serve(variant, model, n, failEvery, latencyMillis, i -> i % 3 == 0 ? "fraud" : "legit");
    }

    private void serve(String variant, ModelRef model, int n, int failEvery, long latencyMillis,
                       IntFunction<String> answer) {
        serve(monitor, variant, model, n, failEvery, latencyMillis, answer);
    }

    /** Serves n predictions to a monitor as above, the i-th answering {@code answer.apply(i)}. */
    private void serve(ModelMonitor<Object> target, String variant, ModelRef model, int n, int failEvery, long latencyMillis,
                       IntFunction<String> answer) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> input = new HashMap<>();
            if (i % 10 != 0) {
                input.put("amount", 100.0 + i);
            }
            input.put("country", i % 20 == 5 ? "XX" : "DE");
            clock.advance(Duration.ofMillis(10));
            String id = "p" + (ids++);
            long latency = Duration.ofMillis(latencyMillis + i % 5).toNanos();
            if (i % failEvery == 0) {
                target.onPrediction(PredictionEvent.failure(id, clock.now(), "fraud", variant, model, input, latency,
                        new IllegalStateException("boom")));
            } else {
                PredictionEvent<Map<String, Object>, Object> e = PredictionEvent.success(id, clock.now(), "fraud",
                        variant, model, input, answer.apply(i), i % 4 == 0 ? 0.3 : 0.9, latency);
                target.onPrediction(e);
                if (target == monitor) {
                    feedback.onPrediction(e);
                }
            }
        }
    }

    /**
     * Labels the last {@code count} successful predictions of {@link #serve(String, ModelRef, int, int, long)}
     * with failEvery 10: the first {@code wrong} of them (the most recent) wrongly, the rest rightly.
     */
    private void labelLast(int count, int wrong) {
        int labelled = 0;
        for (long id = ids - 1; id >= 0 && labelled < count; id--) {
            boolean failed = id % 10 == 0;
            if (failed) {
                continue;
            }
            String answer = (id % 3 == 0) ? "fraud" : "legit";
            String truth = labelled < wrong ? (answer.equals("fraud") ? "legit" : "fraud") : answer;
            if (feedback.record("p" + id, GroundTruth.label(truth))) {
                labelled++;
            }
        }
    }

    private final List<MicrometerMonitorBinder> binders = new ArrayList<>();

    @AfterEach
    void closeBinders() {
        // Each binder holds GC notification listeners of the JVM until closed.
        binders.forEach(MicrometerMonitorBinder::close);
    }

    private MicrometerMonitorBinder bind(MeterRegistry registry) {
        return bind(MicrometerMonitorBinder.of(monitor), registry);
    }

    private MicrometerMonitorBinder bind(MicrometerMonitorBinder binder, MeterRegistry registry) {
        binders.add(binder);
        binder.bindTo(registry);
        return binder;
    }

    private WindowMetrics latest(String variant) {
        List<WindowMetrics> windows = monitor.recentWindows();
        for (int i = windows.size() - 1; i >= 0; i--) {
            if (windows.get(i).variant().equals(variant)) {
                return windows.get(i);
            }
        }
        throw new AssertionError("no window of " + variant);
    }

    private static double gauge(MeterRegistry registry, String name, Tags tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void feedbackFiguresAreGaugesAndCountersOfTheirKey() {
        serve("champion", MODEL, 250, 10, 5);
        // The first 80 of the last 100 successful predictions labelled right, the last 20 wrong.
        labelLast(100, 20);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(registry);

        assertThat(gauge(registry, "mlops.performance.accuracy", KEY)).isEqualTo(0.8);
        assertThat(gauge(registry, "mlops.performance.rmse", KEY)).isNaN();
        assertThat(registry.get("mlops.feedback.labelled").tags(KEY).functionCounter().count()).isEqualTo(100.0);
        assertThat(monitor.feedbackMetrics("fraud", "champion", MODEL.toString()).orElseThrow().accuracy())
                .isEqualTo(0.8);
        assertThat(monitor.feedbackMetrics("fraud", "nobody", MODEL.toString())).isEmpty();
    }

    @Test
    void gaugesReadTheLatestWindowOfEachKeyWithItsTags() {
        serve("champion", MODEL, 250, 10, 5);
        WindowMetrics last = latest("champion");
        assertThat(last.window()).isEqualTo(2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        bind(registry);

        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(last.errorRatio()).isPositive();
        assertThat(gauge(registry, "mlops.prediction.latency.p50", KEY)).isEqualTo(last.latencyP50Seconds());
        assertThat(gauge(registry, "mlops.prediction.latency.p95", KEY)).isEqualTo(last.latencyP95Seconds());
        assertThat(gauge(registry, "mlops.prediction.latency.p99", KEY)).isEqualTo(last.latencyP99Seconds())
                .isBetween(0.005, 0.01);
        assertThat(registry.get("mlops.prediction.latency.p99").gauge().getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(gauge(registry, "mlops.prediction.throughput", KEY)).isEqualTo(last.throughputPerSecond());
        assertThat(gauge(registry, "mlops.prediction.count", KEY)).isEqualTo(100.0);
        assertThat(gauge(registry, "mlops.input.nonfinite", KEY)).isEqualTo(last.nonFinite());
        assertThat(gauge(registry, "mlops.input.missing.ratio", KEY.and("feature", "amount")))
                .isEqualTo(last.missingRatio().get("amount")).isPositive();
        assertThat(gauge(registry, "mlops.input.missing.ratio", KEY.and("feature", "country")))
                .isEqualTo(last.missingRatio().get("country"));
        assertThat(gauge(registry, "mlops.input.unseen_category.ratio", KEY.and("feature", "country")))
                .isEqualTo(last.unseenCategoryRatio().get("country")).isPositive();
        assertThat(gauge(registry, "mlops.input.out_of_range.ratio", KEY.and("feature", "country")))
                .isEqualTo(last.outOfRangeRatio().get("country")).isZero();
        assertThat(gauge(registry, "mlops.prediction.timeout.ratio", KEY)).isEqualTo(last.timeoutRatio());
        assertThat(gauge(registry, "mlops.output.confidence.p50", KEY)).isEqualTo(last.confidenceP50())
                .isBetween(0.0, 1.0);
        assertThat(gauge(registry, "mlops.output.null.ratio", KEY)).isEqualTo(last.nullOutputRatio());
        assertThat(gauge(registry, "mlops.output.low_confidence.ratio", KEY))
                .isEqualTo(last.lowConfidenceRatio()).isPositive();
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "fraud")))
                .isEqualTo(last.predictionShares().get("fraud")).isPositive();
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "legit")))
                .isEqualTo(last.predictionShares().get("legit"));
        assertThat(gauge(registry, "mlops.drift.dataset.share", KEY)).isNaN();
        assertThat(gauge(registry, "mlops.drift.feature.count", KEY)).isZero();
    }

    @Test
    void keyFeatureAndLabelThatAppearAfterBindingAreRegisteredWithoutARefresh() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(registry);
        assertThat(registry.find("mlops.prediction.error.ratio").gauges()).isEmpty();

        serve("champion", MODEL, 100, 10, 5);

        WindowMetrics last = latest("champion");
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);
        assertThat(gauge(registry, "mlops.input.missing.ratio", KEY.and("feature", "amount")))
                .isEqualTo(last.missingRatio().get("amount")).isPositive();
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "fraud")))
                .isEqualTo(last.predictionShares().get("fraud")).isPositive();
        assertThat(registry.find("mlops.input.missing.ratio").gauges()).hasSize(2);

        serve("challenger", new ModelRef("fraud", 2), 100, 2, 20);

        assertThat(gauge(registry, "mlops.prediction.error.ratio", CHALLENGER)).isEqualTo(0.5);
        assertThat(gauge(registry, "mlops.prediction.latency.p50", CHALLENGER))
                .isEqualTo(latest("challenger").latencyP50Seconds());
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);
        assertThat(registry.find("mlops.prediction.error.ratio").gauges()).hasSize(2);
        assertThat(registry.find("mlops.input.missing.ratio").gauges()).hasSize(4);
    }

    @Test
    void aLabelNewToAKeyGetsASeriesThatReadsZeroOnceTheLatestWindowLacksIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(registry);
        serve("champion", MODEL, 100, 10, 5);
        assertThat(registry.find("mlops.output.prediction.share").tags(KEY.and("label", "review")).gauge()).isNull();

        serve("champion", MODEL, 100, 10, 5, i -> i % 2 == 0 ? "review" : "legit");
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "review")))
                .isEqualTo(latest("champion").predictionShares().get("review")).isPositive();
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "fraud"))).isZero();

        serve("champion", MODEL, 100, 10, 5);
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "review"))).isZero();
        assertThat(gauge(registry, "mlops.output.prediction.share", KEY.and("label", "fraud"))).isPositive();
    }

    @Test
    void seriesFollowEachNewerWindow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(registry);

        serve("champion", MODEL, 100, 10, 5);
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);
        serve("champion", MODEL, 100, 4, 5);
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.25);
        serve("champion", MODEL, 100, 2, 40);
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.5);
        assertThat(gauge(registry, "mlops.prediction.latency.p50", KEY))
                .isEqualTo(latest("champion").latencyP50Seconds()).isGreaterThan(0.04);
    }

    @Test
    void aSeriesReadsTheLatestWindowEvenWhenAnOlderOneIsAnalysedLast() {
        List<Runnable> analyses = new ArrayList<>();
        ModelMonitor<Object> pooled = ModelMonitor.builder().schema(SCHEMA).windowSize(100).analysisExecutor(analyses::add)
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(MicrometerMonitorBinder.of(pooled), registry);
        serve(pooled, "champion", MODEL, 100, 10, 5, i -> "legit");
        serve(pooled, "champion", MODEL, 100, 4, 5, i -> "legit");
        assertThat(analyses).hasSize(2);

        analyses.get(1).run();
        analyses.get(0).run();

        assertThat(pooled.recentWindows()).extracting(WindowMetrics::window).containsExactly(2L, 1L);
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.25);
        assertThat(gauge(registry, "mlops.prediction.count", KEY)).isEqualTo(100.0);
    }

    @Test
    void oneBinderPublishesToTwoRegistries() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMonitorBinder binder = bind(simple);
        serve("champion", MODEL, 100, 10, 5);
        binder.bindTo(prometheus);
        binder.bindTo(simple);

        serve("challenger", new ModelRef("fraud", 2), 100, 2, 20);

        assertThat(gauge(simple, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);
        assertThat(gauge(simple, "mlops.prediction.error.ratio", CHALLENGER)).isEqualTo(0.5);
        assertThat(simple.find("mlops.prediction.error.ratio").gauges()).hasSize(2);
        String text = prometheus.scrape();
        assertThat(value(text, "mlops_prediction_error_ratio{" + PROMETHEUS_KEY + "}")).isEqualTo(0.1);
        assertThat(value(text, "mlops_prediction_error_ratio{endpoint=\"fraud\",model_version=\"fraud/2\","
                + "variant=\"challenger\"}")).isEqualTo(0.5);
        assertThat(monitor.listenerFailures()).isZero();
    }

    @Test
    void closeStopsUpdatesAndKeepsTheLastValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMonitorBinder binder = bind(registry);
        serve("champion", MODEL, 100, 10, 5);

        binder.close();
        serve("champion", MODEL, 100, 4, 5);
        serve("challenger", new ModelRef("fraud", 2), 100, 2, 20);

        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);
        assertThat(registry.find("mlops.prediction.error.ratio").tags(CHALLENGER).gauge()).isNull();
        binder.close();
        assertThatThrownBy(() -> binder.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void feedbackSeriesAppearWithTheFirstFeedbackWindowAfterBinding() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(registry);
        serve("champion", MODEL, 250, 10, 5);
        assertThat(registry.find("mlops.performance.accuracy").gauges()).isEmpty();

        labelLast(100, 20);

        assertThat(gauge(registry, "mlops.performance.accuracy", KEY)).isEqualTo(0.8);
        assertThat(gauge(registry, "mlops.output.rejected.ratio", KEY)).isNaN();
        assertThat(registry.get("mlops.feedback.labelled").tags(KEY).functionCounter().count()).isEqualTo(100.0);
        assertThat(registry.get("mlops.concept.drifts").tags(KEY).functionCounter().count()).isNotNegative();
    }

    @Test
    void listenerFailuresOfTheMonitorAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(registry);
        monitor.addListener(new MonitorListener() {
            @Override
            public void onWindow(WindowMetrics metrics) {
                throw new IllegalStateException("listener down");
            }
        });

        serve("champion", MODEL, 100, 10, 5);

        assertThat(registry.get("mlops.monitor.listener.failures").functionCounter().count()).isEqualTo(1.0);
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);
    }

    @Test
    void newSeriesAppearInThePrometheusScrapeWithoutARefresh() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bind(registry);
        assertThat(registry.scrape()).doesNotContain("mlops_prediction_error_ratio{");

        serve("champion", MODEL, 100, 10, 5);
        String first = registry.scrape();
        serve("champion", MODEL, 100, 4, 5, i -> i % 2 == 0 ? "review" : "legit");
        String second = registry.scrape();

        assertThat(value(first, "mlops_prediction_error_ratio{" + PROMETHEUS_KEY + "}")).isEqualTo(0.1);
        assertThat(value(first, "mlops_input_unseen_category_ratio{endpoint=\"fraud\",feature=\"country\","
                + "model_version=\"fraud/1\",variant=\"champion\"}")).isCloseTo(0.05, within(1e-12));
        assertThat(first).doesNotContain("label=\"review\"");
        assertThat(value(second, "mlops_prediction_error_ratio{" + PROMETHEUS_KEY + "}")).isEqualTo(0.25);
        assertThat(value(second, "mlops_output_prediction_share{endpoint=\"fraud\",label=\"review\","
                + "model_version=\"fraud/1\",variant=\"champion\"}"))
                .isCloseTo(latest("champion").predictionShares().get("review"), within(1e-12));
    }

    @Test
    void scrapesWhileWindowsArriveNeverMissASeries() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bind(registry);
        serve("champion", MODEL, 100, 10, 5);
        String champion = "mlops_prediction_error_ratio{" + PROMETHEUS_KEY + "}";
        CountDownLatch scraping = new CountDownLatch(1);
        AtomicBoolean serving = new AtomicBoolean(true);
        ExecutorService scraper = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> scrapes = scraper.submit(() -> {
                int n = 0;
                do {
                    String text = registry.scrape();
                    assertThat(text).contains(champion);
                    n++;
                    scraping.countDown();
                } while (serving.get());
                return n;
            });
            assertThat(scraping.await(10, TimeUnit.SECONDS)).isTrue();
            for (int version = 2; version <= 30; version++) {
                serve("champion", MODEL, 100, 4, 5, i -> i % 3 == 0 ? "fraud" : "legit");
                serve("v" + version, new ModelRef("fraud", version), 100, 2, 5);
            }
            serving.set(false);

            assertThat(scrapes.get(30, TimeUnit.SECONDS)).isPositive();
        } finally {
            scraper.shutdownNow();
        }
        assertThat(value(registry.scrape(), champion)).isEqualTo(0.25);
        assertThat(registry.find("mlops.prediction.error.ratio").gauges()).hasSize(30);
    }

    @Test
    void feedbackCountersFollowTheMonitor() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(MicrometerMonitorBinder.builder(monitor).tags(Tags.of("service", "checkout")).feedback(feedback).build(),
                registry);
        serve("champion", MODEL, 20, 10, 5);

        feedback.record("unknown-1", GroundTruth.label("fraud"));
        feedback.record("unknown-2", GroundTruth.label("legit"));
        feedback.record("p1", GroundTruth.label("legit"));
        feedback.record("p1", GroundTruth.label("legit"));

        assertThat(registry.get("mlops.feedback.unmatched").tag("service", "checkout").functionCounter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("mlops.feedback.joined").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("mlops.feedback.duplicates").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("mlops.feedback.evicted").functionCounter().count()).isZero();
        assertThat(registry.get("mlops.feedback.pending").gauge().value()).isEqualTo(18.0);
        assertThat(registry.get("mlops.monitor.alert.failures").functionCounter().count()).isZero();
        assertThat(registry.get("mlops.monitor.unreadable.inputs").functionCounter().count()).isZero();
    }

    @Test
    void prometheusScrapeExposesTheSeriesWithTheirValues() {
        serve("champion", MODEL, 200, 10, 5);
        WindowMetrics last = latest("champion");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bind(registry);

        String text = registry.scrape();

        String key = "endpoint=\"fraud\",model_version=\"fraud/1\",variant=\"champion\"";
        assertThat(value(text, "mlops_prediction_error_ratio{" + key + "}")).isCloseTo(last.errorRatio(), within(1e-12));
        assertThat(value(text, "mlops_prediction_latency_p99_seconds{" + key + "}"))
                .isCloseTo(last.latencyP99Seconds(), within(1e-12));
        assertThat(value(text, "mlops_input_missing_ratio{endpoint=\"fraud\",feature=\"amount\","
                + "model_version=\"fraud/1\",variant=\"champion\"}")).isCloseTo(0.1, within(1e-12));
        assertThat(value(text, "mlops_output_prediction_share{endpoint=\"fraud\",label=\"fraud\","
                + "model_version=\"fraud/1\",variant=\"champion\"}"))
                .isCloseTo(last.predictionShares().get("fraud"), within(1e-12));
        assertThat(value(text, "mlops_monitor_alert_failures_total")).isZero();
        assertThat(text).contains("# TYPE mlops_prediction_error_ratio gauge");
    }

    @Test
    void jvmBindersAreBoundByDefaultWithoutTheBindersTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(MicrometerMonitorBinder.builder(monitor).tags(Tags.of("service", "checkout")).build(), registry);

        assertThat(registry.find("jvm.memory.used").tag("area", "heap").gauges()).isNotEmpty()
                .allSatisfy(g -> assertThat(g.getId().getTag("service")).isNull());
        assertThat(registry.get("jvm.threads.live").gauge().value()).isPositive();
        assertThat(registry.get("system.cpu.count").gauge().value())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(registry.get("jvm.classes.loaded").gauge().value()).isPositive();
        assertThat(registry.find("jvm.gc.memory.allocated").counter()).isNotNull();
        assertThat(registry.get("mlops.monitor.alert.failures").functionCounter().getId().getTag("service"))
                .isEqualTo("checkout");
    }

    @Test
    void jvmBindersCanBeTurnedOff() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bind(MicrometerMonitorBinder.builder(monitor).jvmMetrics(false).build(), registry);

        assertThat(registry.getMeters()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getId().getName()).startsWith("mlops."));
    }

    @Test
    void bindingWhereTheHostAlreadyBoundTheJvmBindersAddsNoMeterAndRecordsEachPauseOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // What Spring Boot's auto-configuration binds before the application's own binders.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        try (JvmGcMetrics hostGc = new JvmGcMetrics()) {
            hostGc.bindTo(registry);
            Set<Meter.Id> host = jvmMeters(registry);

            bind(registry);

            assertThat(jvmMeters(registry)).isEqualTo(host);
            assertThat(recordingsPerExplicitGcNotification(registry)).isEqualTo(1);
        }
    }

    @Test
    void closeStopsRecordingGcPauses() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMonitorBinder binder = bind(registry);
        assertThat(recordingsPerExplicitGcNotification(registry)).isEqualTo(1);

        binder.close();

        assertThat(recordingsPerExplicitGcNotification(registry)).isZero();
    }

    /** Every meter that is not ours, except GC timers, which appear with the collections. */
    private static Set<Meter.Id> jvmMeters(MeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId)
                .filter(id -> !id.getName().startsWith("mlops.") && !id.getName().startsWith("jvm.gc.pause")
                        && !id.getName().startsWith("jvm.gc.concurrent"))
                .collect(Collectors.toSet());
    }

    /** Pauses and concurrent phases of explicit collections the registry recorded. */
    private static long explicitGcRecordings(MeterRegistry registry) {
        return Stream.concat(registry.find("jvm.gc.pause").tag("cause", "System.gc()").timers().stream(),
                        registry.find("jvm.gc.concurrent.phase.time").tag("cause", "System.gc()").timers().stream())
                .mapToLong(Timer::count).sum();
    }

    /**
     * Runs {@code System.gc()} twice and returns how many times the registry recorded one GC
     * notification: {@link #explicitGcRecordings} is read by a listener added after Micrometer's,
     * on two consecutive explicit-GC notifications. The JVM hands each notification to the
     * listeners one after the other, in the order they were added, on one thread, so between the
     * two readings each bound {@code JvmGcMetrics} recorded exactly the second notification, once.
     * (One collection may send several notifications: ZGC and Shenandoah report each pause.)
     */
    private static long recordingsPerExplicitGcNotification(MeterRegistry registry) throws InterruptedException {
        assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+DisableExplicitGC"),
                "explicit GC is disabled");
        List<Long> readings = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        NotificationListener last = (notification, handback) -> {
            if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)
                    && "System.gc()".equals(GarbageCollectionNotificationInfo
                    .from((CompositeData) notification.getUserData()).getGcCause())) {
                readings.add(explicitGcRecordings(registry));
                two.countDown();
            }
        };
        List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(NotificationEmitter.class::isInstance).map(NotificationEmitter.class::cast).toList();
        collectors.forEach(c -> c.addNotificationListener(last, null, null));
        try {
            System.gc();
            System.gc();
            assertThat(two.await(30, TimeUnit.SECONDS)).as("two System.gc() notifications").isTrue();
            return readings.get(1) - readings.get(0);
        } finally {
            for (NotificationEmitter c : collectors) {
                try {
                    c.removeNotificationListener(last);
                } catch (ListenerNotFoundException e) {
                    throw new AssertionError("listener added above", e);
                }
            }
        }
    }

    /** The value of one series in Prometheus text format. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
