package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.segment.SegmentFunction;
import org.mlops4j.monitoring.segment.Segmentation;

/** A monitor with segments: its figures in the Actuator view (and so the live dashboard) and in Micrometer. */
class MlopsSegmentsTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"));

    private static Map<String, Object> row(String channel, double x) {
        Map<String, Object> row = new HashMap<>();
        row.put("channel", channel);
        row.put("x", x);
        return row;
    }

    private static ModelMonitor<String> monitor(ManualClock clock) {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reference.add(row(i % 4 == 0 ? "app" : "web", (i % 10) / 10.0));
        }
        ModelMonitor<String> m = ModelMonitor.builder(OutputReader.<String>classifier(s -> s))
                .reference(ReferenceProfile.of(SCHEMA, reference))
                .segments(Segmentation.builder(SegmentFunction.mapKey("channel")).reference(SCHEMA, reference).build())
                .windowSize(200).clock(clock).sameThreadAnalysis().build();
        for (int i = 0; i < 400; i++) {
            m.onPrediction(PredictionEvent.success("p" + i, clock.now(), "scorer", "champion", new ModelRef("s", 1),
                    row(i % 4 == 0 ? "app" : "web", i % 4 == 0 ? 9.0 : (i % 10) / 10.0), "yes", 0.9, 1_000));
        }
        return m;
    }

    @Test
    void theViewListsTheLatestSegmentFiguresOfEachVariant() {
        ModelMonitor<String> m = monitor(new ManualClock(Instant.parse("2026-08-01T00:00:00Z")));
        List<Object> view = MlopsView.segments(m, "scorer");
        assertThat(view).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = (Map<String, Object>) view.get(0);
        assertThat(latest).containsEntry("variant", "champion").containsEntry("model", "s/1")
                .containsEntry("window", 2L).containsEntry("unassigned", 0L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) latest.get("segments");
        assertThat(rows).extracting(r -> r.get("segment")).containsExactly("web", "app", "other");
        assertThat(rows.get(1)).containsEntry("predictions", 50L).containsEntry("share", 0.25)
                .containsEntry("driftedFeatures", List.of("x"));
        assertThat(rows.get(0)).containsEntry("driftedFeatures", List.of());
        assertThat(rows.get(2).get("errorRatio")).isNull();
        assertThat(MlopsView.segments(m, "elsewhere")).isEmpty();
    }

    @Test
    void theStartersMetersBindTheSegmentSeriesOfAMonitorWithSegments() {
        ModelMonitor<String> m = monitor(new ManualClock(Instant.parse("2026-08-01T00:00:00Z")));
        ModelMonitor<Object> plain = ModelMonitor.builder().build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MlopsMeters meters = new MlopsMeters(new MlopsEndpoints(List.of(), List.of(), List.of(m, plain),
                Map.of()))) {
            meters.bindTo(registry);
            assertThat(registry.find("mlops.segment.share").gauges()).hasSize(3);
            assertThat(registry.get("mlops.segment.drifted_features").tag("segment", "app").gauge().value())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void aSegmentationBeanGivesTheStartersMonitorSegmentsWhenItHasTheReference(@org.junit.jupiter.api.io.TempDir
                                                                               java.nio.file.Path dir) {
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reference.add(row(i % 2 == 0 ? "app" : "web", i));
        }
        Segmentation segments = Segmentation.builder(SegmentFunction.mapKey("channel")).reference(SCHEMA, reference)
                .build();
        org.springframework.boot.test.context.runner.ApplicationContextRunner runner =
                new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                        .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                                MlopsStoreAutoConfiguration.class, MlopsMonitorAutoConfiguration.class))
                        .withBean(org.mlops4j.core.registry.ModelRegistry.class,
                                org.mlops4j.core.registry.InMemoryModelRegistry::new)
                        .withPropertyValues("mlops.store.path=" + dir)
                        .withBean(Segmentation.class, () -> segments);
        runner.withBean(ReferenceProfile.class, () -> ReferenceProfile.of(SCHEMA, reference)).run(c ->
                assertThat(((ModelMonitor<?>) c.getBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN)).segmentation())
                        .contains(segments));
        // Without a reference profile there is nothing to compare a segment with: no segments.
        runner.run(c -> assertThat(((ModelMonitor<?>) c.getBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN))
                .segmentation()).isEmpty());
    }
}
