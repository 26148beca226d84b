package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.scoping.TargetStatus;
import org.mlops4j.tracking.BaselineComparison;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;

class ScopingGuideTest {

    @TempDir
    Path dir;

    private static List<String> labels(int legit, int fraud) {
        List<String> out = new ArrayList<>(Collections.nCopies(legit, "legit"));
        out.addAll(Collections.nCopies(fraud, "fraud"));
        return out;
    }

    @Test
    void baselinesSnippet() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run previous = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false));
        previous.logMetrics(Map.of("accuracy", 0.88, "macro_f1", 0.70), 0L).close();
        Run run = tracker.startRun("fraud", RunConfig.ofDefaults().recordSource(false)).logMetric("accuracy", 0.91);
        List<BaselineComparison> vs = ScopingGuide.baselines(tracker, run, previous.id(), labels(80, 20),
                labels(83, 17));
        assertThat(vs).extracting(BaselineComparison::baseline).containsExactly("human", "majority", "previous");
        assertThat(vs).extracting(BaselineComparison::beats).containsExactly(false, true, true);
        assertThat(vs.get(1).toString())
                .isEqualTo("accuracy 0.9100 vs majority (TRIVIAL) 0.8300: +0.08000 (+9.6% better), beats it");
        assertThat(tracker.run(run.id()).orElseThrow().latestMetrics()).containsKeys("baseline.human.accuracy",
                "baseline.majority.accuracy", "baseline.majority.macro_f1", "baseline.previous.macro_f1");
    }

    @Test
    void scopingTargetsSnippet() {
        ManualClock clock = new ManualClock(Instant.parse("2025-08-01T00:00:00Z"));
        try (ModelMonitor<String> monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s))
                .windowSize(100).clock(clock).sameThreadAnalysis().build()) {
            InMemoryAlertSink sink = AlertSinks.inMemory();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ScopingGuide.Scoped scoped = ScopingGuide.scopingTargets(monitor, List.of(sink), registry);
            // 100 predictions of 4.5 ms, 1 ms apart: p99 within 1 ms of its 5 ms limit, about 1,010 per second.
            for (int i = 0; i < 100; i++) {
                clock.advance(Duration.ofMillis(1));
                monitor.onPrediction(PredictionEvent.success("p" + i, clock.now(), "fraud", "champion",
                        new ModelRef("fraud", 1), Map.of(), "legit", 0.9, 4_500_000));
            }
            assertThat(scoped.targets().check("throughput").orElseThrow().value()).isCloseTo(100 / 0.099,
                    org.assertj.core.api.Assertions.within(1e-6));
            assertThat(scoped.targets().check("throughput").orElseThrow().status()).isEqualTo(TargetStatus.MET);
            assertThat(scoped.targets().check("latency_p99").orElseThrow().status()).isEqualTo(TargetStatus.AT_RISK);
            assertThat(scoped.targets().check("accuracy").orElseThrow().status()).isEqualTo(TargetStatus.UNKNOWN);
            assertThat(registry.get("mlops.target.status").tag("target", "throughput").gauge().value()).isEqualTo(0.0);
            assertThat(registry.get("mlops.target.value").tag("target", "latency_p99").gauge().value())
                    .isCloseTo(0.0045, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(sink.alerts()).extracting(a -> a.rule() + " " + a.kind())
                    .containsExactly("target-latency_p99-at-risk FIRED");
            // The report was built before the window closed: every target unknown then.
            assertThat(scoped.checks()).extracting(c -> c.status()).containsOnly(TargetStatus.UNKNOWN);
            assertThat(scoped.html()).contains("<h2>Scoping targets</h2>");
        }
    }
}
