package org.mlops4j.examples.guide;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSink;
import org.mlops4j.monitoring.micrometer.MicrometerSegmentBinder;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.report.MonitoringReport;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentFunction;
import org.mlops4j.monitoring.segment.SegmentRules;
import org.mlops4j.monitoring.segment.SegmentWindow;
import org.mlops4j.monitoring.segment.Segmentation;

/**
 * The code of the "Drift by segment" snippets of {@code docs/monitoring.md}, kept here so that it
 * compiles with every build; {@code SegmentsGuideTest} runs it.
 */
public final class SegmentsGuide {

    private SegmentsGuide() {
    }

    /**
     * A monitor that computes its figures per channel, with a drift rule per segment.
     *
     * @param schema the model's input schema
     * @param referenceRows the labelled reference rows, each with a {@code channel} besides the features
     * @param sinks where alerts go
     * @param clock the alerts' clock
     * @return the monitor
     */
    public static ModelMonitor<String> monitorBySegment(Schema schema, List<Map<String, Object>> referenceRows,
                                                        List<AlertSink> sinks, Clock clock) {
        // tag::segments-monitor[]
        Segmentation byChannel = Segmentation.builder(SegmentFunction.mapKey("channel"))  // or input -> ...
                .topK(10)                                // the 10 busiest channels in the reference + "other"
                .reference(schema, referenceRows)        // one reference profile per kept channel
                .build();
        AlertEvaluator alerts = AlertEvaluator.of(clock, List.of(
                AlertRule.datasetDriftShareAbove(0.3),                    // the whole traffic, as before
                SegmentRules.featureDriftDetected(),                      // fires per segment
                SegmentRules.scoped(SegmentRules.errorRateAbove(0.02), "partner")), sinks);  // one segment
        ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.<String>classifier(label -> label))
                .reference(ReferenceProfile.of(schema, referenceRows))
                .segments(byChannel)
                .alerts(alerts)
                .build();
        // end::segments-monitor[]
        return monitor;
    }

    /**
     * Reads the per-segment figures, exports them and reports them.
     *
     * @param monitor a monitor with segments
     * @param registry the Micrometer registry
     * @return the report with its "Segments" table
     */
    public static MonitoringReport readSegments(ModelMonitor<String> monitor, MeterRegistry registry) {
        // tag::segments-read[]
        for (SegmentWindow w : monitor.recentSegmentWindows()) {    // or MonitorListener.onSegments
            for (SegmentFigures s : w.segments()) {
                if (!s.driftedFeatures().isEmpty()) {
                    System.out.printf("window %d: segment %s (%.1f%% of traffic) drifted on %s%n",
                            w.window(), s.segment(), 100 * s.share(), s.driftedFeatureNames());
                }
            }
        }
        MicrometerSegmentBinder.of(monitor).bindTo(registry);   // mlops.segment.* gauges, tag segment
        MonitoringReport report = MonitoringReport.builder().monitor(monitor).build();   // "Segments" table
        // end::segments-read[]
        return report;
    }
}
