package org.mlops4j.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.scoping.ScopingTargets;
import org.mlops4j.monitoring.scoping.Target;

class MicrometerTargetBinderTest {

    @Test
    void valueStatusAndThresholdPerTarget() {
        ScopingTargets targets = ScopingTargets.of(Target.accuracyAtLeast(0.78),
                Target.latencyP99AtMost(Duration.ofMillis(5)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerTargetBinder.of(targets, Tags.of("service", "checkout")).bindTo(registry);
        Tags latency = Tags.of("service", "checkout", "target", "latency_p99", "metric", "mlops.prediction.latency.p99");
        assertThat(registry.get("mlops.target.status").tags(latency).gauge().value()).isNaN();
        assertThat(registry.get("mlops.target.value").tags(latency).gauge().value()).isNaN();
        assertThat(registry.get("mlops.target.threshold").tags(latency).gauge().value()).isEqualTo(0.005);

        Instant end = Instant.parse("2025-08-01T00:01:00Z");
        targets.onWindow(new WindowMetrics("fraud", "champion", "fraud/1", 1, end.minusSeconds(60), end, 1000, 0, 0, 0,
                0.001, 0.002, 0.007, 16.7, Map.of(), Map.of(), Map.of(), 0, 0, 0, Double.NaN, Double.NaN, Map.of(),
                Map.of(), Optional.empty(), List.of(), Double.NaN));
        assertThat(registry.get("mlops.target.status").tags(latency).gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("mlops.target.value").tags(latency).gauge().value()).isEqualTo(0.007);
        assertThat(registry.get("mlops.target.status").tag("target", "accuracy").gauge().value()).isNaN();
        assertThat(registry.get("mlops.target.threshold").tag("target", "accuracy").tag("metric",
                "mlops.performance.accuracy").gauge().value()).isEqualTo(0.78);
        // One series per target and gauge, however often bound.
        MicrometerTargetBinder.of(targets, Tags.of("service", "checkout")).bindTo(registry);
        assertThat(registry.find("mlops.target.status").gauges()).hasSize(2);
        assertThat(registry.getMeters()).hasSize(6);
    }
}
