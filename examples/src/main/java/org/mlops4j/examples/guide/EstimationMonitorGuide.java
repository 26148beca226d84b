package org.mlops4j.examples.guide;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.mlops4j.core.Clock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.monitoring.EstimatedWindow;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSink;
import org.mlops4j.monitoring.estimate.EstimatedMetric;
import org.mlops4j.monitoring.micrometer.MicrometerEstimateBinder;
import org.mlops4j.monitoring.report.MonitoringReport;

/**
 * Snippets of docs/monitoring.md "Performance without labels", subsection "In the monitor":
 * a monitor that estimates each window's performance before the labels arrive, alerts on the
 * estimate, and shows the realised figures beside it once the labels are in. Run by
 * {@code EstimationMonitorGuideTest}.
 */
public final class EstimationMonitorGuide {

    private EstimationMonitorGuide() {
    }

    /**
     * A fraud model's answer: the predicted label and the model's probability of fraud.
     *
     * @param label "fraud" or "legit"
     * @param fraud the probability of fraud, in [0, 1]
     */
    public record Score(String label, double fraud) {
    }

    /**
     * The monitor of docs/monitoring.md: CBPE calibrated on labelled reference data, an alert rule on
     * the estimated accuracy.
     *
     * @param referenceScores the model's probability of fraud on the reference rows
     * @param referenceLabels their true labels
     * @param sinks where alerts go
     * @return the monitor, analysing on its calling thread (for the guide's test)
     */
    public static ModelMonitor<Score> monitor(double[] referenceScores, String[] referenceLabels, List<AlertSink> sinks) {
        // tag::estimation-monitor[]
        OutputReader<Score> outputs = OutputReader.classifier(Score::label)
                .withConfidence(s -> Math.max(s.fraud(), 1 - s.fraud()));
        PerformanceEstimation<Score> cbpe = PerformanceEstimation.<Score>binary("fraud", referenceScores, referenceLabels)
                .withScore(Score::fraud)     // default: confidence of "fraud" answers, 1 - confidence otherwise
                .withThreshold(0.5);         // the model answers "fraud" at a score of 0.5 or more
        AlertEvaluator alerts = AlertEvaluator.of(Clock.system(), List.of(
                AlertRule.estimatedAccuracyBelow(0.70),        // mlops.estimated.accuracy
                AlertRule.estimatedAccuracyBandBelow(0.75)),   // mlops.estimated.accuracy.upper
                sinks);
        ModelMonitor<Score> monitor = ModelMonitor.builder(outputs)
                .windowSize(1_000)
                .estimatePerformance(cbpe)   // scores kept per window (at most 5,000 rows), estimated at close
                .alerts(alerts)
                .sameThreadAnalysis()        // a service keeps the monitor's own analysis thread
                .build();
        // end::estimation-monitor[]
        return monitor;
    }

    /**
     * Reading the estimates beside the realised figures: the monitor's list, Micrometer, the report.
     *
     * @param monitor a monitor that estimates performance
     * @param registry the Micrometer registry
     * @return the report, as HTML
     */
    public static String estimatedVersusRealised(ModelMonitor<?> monitor, MeterRegistry registry) {
        // tag::estimation-realised[]
        for (EstimatedWindow w : monitor.recentEstimates()) {     // late labels are attributed to their window
            System.out.printf("window %d: estimated accuracy %.3f [%.3f, %.3f], realised %.3f from %d labels%n",
                    w.window(), w.value(EstimatedMetric.ACCURACY), w.lower(EstimatedMetric.ACCURACY),
                    w.upper(EstimatedMetric.ACCURACY), w.realised().accuracy(), w.realised().labelled());
        }
        MicrometerEstimateBinder.of(monitor).bindTo(registry);    // mlops.estimated.* and mlops.realised.*
        String html = MonitoringReport.builder().monitor(monitor).build()
                .toHtml();                                      // "Estimated vs realised performance" table
        // end::estimation-realised[]
        return html;
    }
}
