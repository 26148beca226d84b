package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.report.MonitoringReport;
import org.mlops4j.monitoring.segment.SegmentWindow;

class SegmentsGuideTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("age_days"));

    /** web 60%, app 35%, partner 5%; in the traffic, the partner channel's amounts triple. */
    private static List<Map<String, Object>> rows(long seed, int n, double partnerFactor) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            String channel = u < 0.60 ? "web" : u < 0.95 ? "app" : "partner";
            Map<String, Object> row = new HashMap<>();
            row.put("channel", channel);
            row.put("amount", (50 + 20 * rnd.nextGaussian()) * (channel.equals("partner") ? partnerFactor : 1));
            row.put("age_days", 400 + 100 * rnd.nextGaussian());
            out.add(row);
        }
        return out;
    }

    @Test
    void aDriftingPartnerChannelIsFoundReportedAndExported() {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T00:00:00Z"));
        InMemoryAlertSink sink = AlertSinks.inMemory();
        try (ModelMonitor<String> monitor = SegmentsGuide.monitorBySegment(SCHEMA, rows(1, 10_000, 1.0),
                List.of(sink), clock)) {
            int i = 0;
            for (Map<String, Object> row : rows(2, 1_000, 3.0)) {
                monitor.onPrediction(PredictionEvent.success("p" + i++, clock.now(), "pay", "champion",
                        new ModelRef("fraud", 1), row, "legit", 0.9, 1_000_000));
            }
            monitor.flush();
            assertThat(monitor.segmentation().orElseThrow().segments()).containsExactly("web", "app", "partner",
                    "other");
            SegmentWindow w = monitor.recentSegmentWindows().get(0);
            assertThat(w.segment("partner").orElseThrow().driftedFeatureNames()).containsExactly("amount");
            assertThat(w.segment("web").orElseThrow().driftedFeatures()).isEmpty();
            assertThat(w.segment("app").orElseThrow().driftedFeatures()).isEmpty();
            assertThat(sink.alerts()).filteredOn(a -> a.rule().equals("segment-feature-drift"))
                    .extracting(Alert::window).singleElement().asString().startsWith("segment partner, window 1");

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MonitoringReport report = SegmentsGuide.readSegments(monitor, registry);
            assertThat(registry.get("mlops.segment.drifted_features").tag("segment", "partner").gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.find("mlops.segment.share").gauges()).hasSize(4);
            assertThat(report.toHtml()).contains("<h2>Segments</h2>").contains("<span class=\"badge DRIFT\">amount");
        }
    }
}
