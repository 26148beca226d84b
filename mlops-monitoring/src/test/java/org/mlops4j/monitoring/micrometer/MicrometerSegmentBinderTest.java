package org.mlops4j.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentFunction;
import org.mlops4j.monitoring.segment.SegmentMetrics;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.segment.Segmentation;

class MicrometerSegmentBinderTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"));
    private static final ModelRef MODEL = new ModelRef("churn", 3);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));

    private static Map<String, Object> row(String city, double x) {
        Map<String, Object> row = new HashMap<>();
        row.put("city", city);
        row.put("x", x);
        return row;
    }

    private ModelMonitor<String> monitor(int topK) {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            reference.add(row("city-" + (i % 7), (i % 10) / 10.0));
        }
        return ModelMonitor.builder(OutputReader.<String>classifier(s -> s))
                .reference(ReferenceProfile.of(SCHEMA, reference))
                .segments(Segmentation.builder(SegmentFunction.mapKey("city")).topK(topK)
                        .reference(SCHEMA, reference).build())
                .windowSize(50).clock(clock).sameThreadAnalysis().build();
    }

    @Test
    void anUnboundedStreamOfSegmentNamesGivesAtMostKPlusOneTagValues() {
        ModelMonitor<String> monitor = monitor(3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerSegmentBinder binder = MicrometerSegmentBinder.of(monitor);
        binder.bindTo(registry);
        for (int i = 0; i < 5_000; i++) {
            // Every prediction names a city never seen before, and a few name the kept ones.
            String city = i % 5 == 0 ? "city-" + (i % 7) : "new-city-" + i;
            monitor.onPrediction(PredictionEvent.success("p" + i, clock.now(), "api", "v1", MODEL,
                    row(city, (i % 10) / 10.0), "stay", 0.9, 1_000));
        }
        Set<String> segments = registry.find(SegmentMetrics.SHARE).gauges().stream()
                .map(g -> g.getId().getTag(MicrometerSegmentBinder.SEGMENT_TAG)).collect(Collectors.toSet());
        assertThat(segments).hasSize(4).contains(Segmentation.OTHER);
        assertThat(monitor.segmentation().orElseThrow().segments()).containsExactlyInAnyOrderElementsOf(segments);
        for (String name : List.of(SegmentMetrics.SHARE, SegmentMetrics.PREDICTIONS, SegmentMetrics.ERROR_RATIO,
                SegmentMetrics.DRIFT_SHARE, SegmentMetrics.DRIFTED_FEATURES)) {
            assertThat(registry.find(name).gauges()).as(name).hasSize(4);
        }
        assertThat(binder.refusedSegments()).isZero();
        binder.close();
    }

    @Test
    void gaugesReadTheLatestWindowOfTheirSegment() {
        ModelMonitor<String> monitor = monitor(2);
        for (int i = 0; i < 50; i++) {
            monitor.onPrediction(i < 10
                    ? PredictionEvent.failure("f" + i, clock.now(), "api", "v1", MODEL, row("city-0", 0.5), 1_000,
                            new IllegalStateException())
                    : PredictionEvent.success("p" + i, clock.now(), "api", "v1", MODEL,
                            row(i % 2 == 0 ? "city-0" : "elsewhere", (i % 10) / 10.0), "stay", 0.9, 1_000));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerSegmentBinder binder = MicrometerSegmentBinder.of(monitor);
        binder.bindTo(registry);
        binder.bindTo(registry);
        SegmentWindow w = monitor.recentSegmentWindows().get(0);
        SegmentFigures city0 = w.segment("city-0").orElseThrow();
        assertThat(city0.predictions()).isEqualTo(30);
        assertThat(gauge(registry, SegmentMetrics.PREDICTIONS, "city-0")).isEqualTo(30.0);
        assertThat(gauge(registry, SegmentMetrics.SHARE, "city-0")).isEqualTo(0.6);
        assertThat(gauge(registry, SegmentMetrics.ERROR_RATIO, "city-0")).isEqualTo(10 / 30.0);
        assertThat(gauge(registry, SegmentMetrics.SHARE, "other")).isEqualTo(0.4);
        assertThat(gauge(registry, SegmentMetrics.DRIFT_SHARE, "city-0")).isEqualTo(city0.driftedShare());
        // city-1 had no predictions: its share is 0, its error ratio undecided.
        assertThat(gauge(registry, SegmentMetrics.SHARE, "city-1")).isZero();
        assertThat(gauge(registry, SegmentMetrics.ERROR_RATIO, "city-1")).isNaN();
        assertThat(gauge(registry, SegmentMetrics.DRIFTED_FEATURES, "city-1")).isNaN();
        assertThat(registry.find("mlops.monitor.segment.failures").functionCounter().count()).isZero();
        assertThat(registry.find(SegmentMetrics.SHARE).gauges()).hasSize(3);
        assertThat(registry.find(SegmentMetrics.SHARE).tag("model_version", "churn/3").tag("endpoint", "api")
                .tag("variant", "v1").gauges()).hasSize(3);
    }

    @Test
    void theBinderItselfRefusesMoreSegmentsThanTheSegmentationHas() {
        ModelMonitor<String> monitor = monitor(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerSegmentBinder binder = MicrometerSegmentBinder.of(monitor);
        binder.bindTo(registry);
        List<SegmentFigures> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(new SegmentFigures("s" + i, 1, 0.2, 0.0, Map.of(), 0, Double.NaN, List.of(), Optional.empty()));
        }
        // A window naming more segments than the segmentation keeps (not one the monitor makes).
        SegmentWindow forged = new SegmentWindow("api", "v1", "churn/3", 1, clock.now(), clock.now(), 5, 0, many);
        binder.offer(forged);
        assertThat(registry.find(SegmentMetrics.SHARE).gauges()).hasSize(2);
        assertThat(binder.refusedSegments()).isEqualTo(3);
    }

    @Test
    void aSecondRegistryGetsEverySeriesAndAnOlderWindowNeverReplacesANewerOne() {
        ModelMonitor<String> monitor = monitor(1);
        MicrometerSegmentBinder binder = MicrometerSegmentBinder.of(monitor);
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        binder.bindTo(first);
        SegmentFigures newer = new SegmentFigures("city-0", 10, 0.5, 0.1, Map.of(), 0, 0.0, List.of(),
                Optional.empty());
        SegmentFigures older = new SegmentFigures("city-0", 99, 0.9, 0.9, Map.of(), 0, 1.0, List.of(),
                Optional.empty());
        binder.offer(new SegmentWindow("api", "v1", "churn/3", 7, clock.now(), clock.now(), 20, 0, List.of(newer)));
        binder.offer(new SegmentWindow("api", "v1", "churn/3", 6, clock.now(), clock.now(), 110, 0, List.of(older)));
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        binder.bindTo(second);
        for (SimpleMeterRegistry r : List.of(first, second)) {
            assertThat(gauge(r, SegmentMetrics.PREDICTIONS, "city-0")).isEqualTo(10.0);
            assertThat(gauge(r, SegmentMetrics.DRIFTED_FEATURES, "city-0")).isZero();
            assertThat(r.find("mlops.monitor.segment.failures").functionCounter()).isNotNull();
        }
        binder.close();
        binder.close();
        // Closed: the monitor's next windows no longer reach the series.
        for (int i = 0; i < 50; i++) {
            monitor.onPrediction(PredictionEvent.success("p" + i, clock.now(), "api", "v1", MODEL,
                    row("city-0", 0.5), "stay", 0.9, 1_000));
        }
        assertThat(gauge(first, SegmentMetrics.PREDICTIONS, "city-0")).isEqualTo(10.0);
    }

    @Test
    void aMonitorWithoutSegmentsPublishesOnlyTheFailureCounter() {
        ModelMonitor<String> plain = ModelMonitor.builder(OutputReader.<String>classifier(s -> s)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerSegmentBinder.of(plain).bindTo(registry);
        assertThat(registry.find(SegmentMetrics.SHARE).gauges()).isEmpty();
        assertThat(registry.find("mlops.monitor.segment.failures").functionCounter().count()).isZero();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String segment) {
        Gauge g = registry.find(name).tag(MicrometerSegmentBinder.SEGMENT_TAG, segment).gauge();
        assertThat(g).as(name + " " + segment).isNotNull();
        return g.value();
    }
}
