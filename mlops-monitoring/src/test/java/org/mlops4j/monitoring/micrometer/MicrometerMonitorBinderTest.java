package org.mlops4j.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.feedback.FeedbackJoin;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;

class MicrometerMonitorBinderTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount").withRange(0, 1_000),
            Feature.categorical("country", Set.of("DE", "FR", "US")));
    private static final ModelRef MODEL = new ModelRef("fraud", 1);
    private static final Tags KEY = Tags.of("endpoint", "fraud", "variant", "champion", "model_version", "fraud/1");

    private final ManualClock clock = new ManualClock(Instant.parse("2025-08-01T00:00:00Z"));
    private final ModelMonitor<Object> monitor = ModelMonitor.builder().schema(SCHEMA).windowSize(100)
            .sameThreadAnalysis().build();
    private final FeedbackJoin<Object, Object> feedback = join(monitor);
    private long ids;

    private static FeedbackJoin<Object, Object> join(ModelMonitor<Object> monitor) {
        FeedbackJoin<Object, Object> join = FeedbackJoin.create();
        join.addListener(monitor);
        return join;
    }

    /**
     * Serves n predictions: every {@code failEvery}-th fails, every 10th lacks its amount, every
     * 20th has an unknown country, answers alternate between two labels.
     */
    private void serve(String variant, ModelRef model, int n, int failEvery, long latencyMillis) {
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
                monitor.onPrediction(PredictionEvent.failure(id, clock.now(), "fraud", variant, model, input, latency,
                        new IllegalStateException("boom")));
            } else {
                PredictionEvent<Map<String, Object>, Object> e = PredictionEvent.success(id, clock.now(), "fraud",
                        variant, model, input, i % 3 == 0 ? "fraud" : "legit", i % 4 == 0 ? 0.3 : 0.9, latency);
                monitor.onPrediction(e);
                feedback.onPrediction(e);
            }
        }
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
        // Label the last 100 successful predictions: the first 80 right, the last 20 wrong.
        int labelled = 0;
        for (long id = ids - 1; id >= 0 && labelled < 100; id--) {
            boolean failed = id % 10 == 0;
            if (failed) {
                continue;
            }
            String answer = (id % 3 == 0) ? "fraud" : "legit";
            String truth = labelled < 20 ? (answer.equals("fraud") ? "legit" : "fraud") : answer;
            if (feedback.record("p" + id, GroundTruth.label(truth))) {
                labelled++;
            }
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MicrometerMonitorBinder(monitor).bindTo(registry);

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

        new MicrometerMonitorBinder(monitor).bindTo(registry);

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
    void registeredGaugesFollowNewWindowsAndRefreshAddsNewKeys() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerMonitorBinder binder = new MicrometerMonitorBinder(monitor);
        binder.bindTo(registry);
        assertThat(registry.find("mlops.prediction.error.ratio").gauges()).isEmpty();

        serve("champion", MODEL, 100, 10, 5);
        binder.refresh();
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.1);

        // A new window changes the value without a refresh; a new key appears only after one.
        serve("champion", MODEL, 100, 4, 5);
        serve("challenger", new ModelRef("fraud", 2), 100, 2, 20);
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.25);
        Tags challenger = Tags.of("endpoint", "fraud", "variant", "challenger", "model_version", "fraud/2");
        assertThat(registry.find("mlops.prediction.error.ratio").tags(challenger).gauge()).isNull();

        binder.refresh();
        assertThat(gauge(registry, "mlops.prediction.error.ratio", challenger)).isEqualTo(0.5);
        assertThat(gauge(registry, "mlops.prediction.latency.p50", challenger))
                .isEqualTo(latest("challenger").latencyP50Seconds());
        assertThat(gauge(registry, "mlops.prediction.error.ratio", KEY)).isEqualTo(0.25);
        assertThat(registry.find("mlops.prediction.error.ratio").gauges()).hasSize(2);

        binder.refresh();
        assertThat(registry.find("mlops.input.missing.ratio").gauges()).hasSize(4);
    }

    @Test
    void feedbackCountersFollowTheMonitor() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MicrometerMonitorBinder(monitor, Tags.of("service", "checkout")).bindTo(registry);

        assertThat(registry.get("mlops.monitor.alert.failures").tag("service", "checkout").functionCounter().count())
                .isZero();
    }

    @Test
    void prometheusScrapeExposesTheSeriesWithTheirValues() {
        serve("champion", MODEL, 200, 10, 5);
        WindowMetrics last = latest("champion");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerMonitorBinder(monitor).bindTo(registry);

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

    /** The value of one series in Prometheus text format. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
