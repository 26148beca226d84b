package org.mlops4j.examples.guide;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.Clock;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSink;
import org.mlops4j.monitoring.micrometer.MicrometerTargetBinder;
import org.mlops4j.monitoring.report.MonitoringReport;
import org.mlops4j.monitoring.scoping.ScopingTargets;
import org.mlops4j.monitoring.scoping.TargetCheck;
import org.mlops4j.monitoring.scoping.Target;
import org.mlops4j.tracking.BaselineComparison;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.PerformanceBaseline;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunBaselines;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrivialBaselines;

/**
 * The code of the scoping snippets: baselines in {@code docs/tracking.md} and scoping targets in
 * {@code docs/monitoring.md}, kept here so that it compiles with every build; {@code ScopingGuideTest}
 * runs them.
 */
public final class ScopingGuide {

    private ScopingGuide() {
    }

    /**
     * docs/tracking.md "Baselines": records what the model must beat in its run and compares.
     *
     * @param tracker the tracker
     * @param run the model's run, which logged {@code accuracy}
     * @param previousRunId the run of the model it would replace
     * @param trainLabels the training labels
     * @param testLabels the test labels
     * @return the model's accuracy against each baseline, ordered by baseline name
     */
    public static List<BaselineComparison> baselines(Tracker tracker, Run run, String previousRunId,
                                                     List<String> trainLabels, List<String> testLabels) {
        // tag::tracking-baselines[]
        RunBaselines.log(run, PerformanceBaseline.humanLevel("human", Map.of("accuracy", 0.95),
                "3 fraud analysts on 500 transactions"));
        RunBaselines.log(run, TrivialBaselines.majorityClass(trainLabels, testLabels));   // "majority"
        RunBaselines.log(run, PerformanceBaseline.previousModel("previous", tracker, previousRunId,
                List.of("accuracy", "macro_f1")));
        List<BaselineComparison> vs = RunBaselines.compare(run.info(), "accuracy", Goal.MAX);
        // vs.get(1): accuracy 0.9100 vs majority (TRIVIAL) 0.8300: +0.08000 (+9.6% better), beats it
        // end::tracking-baselines[]
        return vs;
    }

    /**
     * docs/monitoring.md "Scoping targets": the promises, checked as the monitor's windows close,
     * alerting, exported and reported.
     *
     * @param monitor the endpoint's monitor
     * @param sinks where alerts go
     * @param registry the Micrometer registry
     * @return the targets and the report that shows them
     */
    public static Scoped scopingTargets(ModelMonitor<?> monitor, List<AlertSink> sinks, MeterRegistry registry) {
        // tag::monitoring-scoping-targets[]
        List<Target> promised = List.of(
                Target.accuracyAtLeast(0.78).withAtRiskMargin(0.02),      // at risk below 0.80
                Target.latencyP99AtMost(Duration.ofMillis(5)).withAtRiskMargin(0.001),  // seconds
                Target.throughputAtLeast(500));                            // predictions per second
        AlertEvaluator alerts = AlertEvaluator.of(Clock.system(), List.of(
                AlertRule.targetMissed("accuracy"), AlertRule.targetAtRisk("latency_p99")), sinks);
        ScopingTargets targets = ScopingTargets.builder().targets(promised).endpoint("fraud")
                .alerts(alerts).build()
                .watch(monitor);                           // re-checked as each window closes
        MicrometerTargetBinder.of(targets).bindTo(registry);  // mlops.target.value / status / threshold
        targets.check("accuracy").ifPresent(c -> System.out.println(c.status()));  // MET, AT_RISK, MISSED, UNKNOWN
        MonitoringReport report = MonitoringReport.builder().monitor(monitor).targets(targets).build();
        // end::monitoring-scoping-targets[]
        return new Scoped(targets, report.targets(), report.toHtml());
    }

    /**
     * What {@link #scopingTargets} built.
     *
     * @param targets the targets, watching the monitor
     * @param checks the report's checks of the targets
     * @param html the report as HTML
     */
    public record Scoped(ScopingTargets targets, List<TargetCheck> checks, String html) {

        /**
         * Freezes the checks.
         *
         * @param targets the targets, watching the monitor
         * @param checks the report's checks of the targets
         * @param html the report as HTML
         */
        public Scoped {
            checks = List.copyOf(checks);
        }
    }
}
