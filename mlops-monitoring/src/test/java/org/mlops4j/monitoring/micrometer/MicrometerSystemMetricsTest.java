package org.mlops4j.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.monitoring.alert.MetricSample;
import org.mlops4j.monitoring.system.MetricsSampler;
import org.mlops4j.monitoring.system.SystemMetrics;
import org.mlops4j.monitoring.system.SystemMetricsSource;

class MicrometerSystemMetricsTest {

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Binds Micrometer's JVM binders, as Spring Boot or a {@link MicrometerMonitorBinder} does. */
    private void bindJvmBinders() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
    }

    @AfterEach
    void closeGcBinder() {
        gc.close();
    }

    @Test
    void readsTheJvmBindersMetersAndAgreesWithTheMxBeans() {
        bindJvmBinders();

        SystemMetrics m = MicrometerSystemMetrics.source(registry, clock).read();
        SystemMetrics mx = SystemMetricsSource.mxBeans(clock).read();

        assertThat(m.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(m.heapUsedBytes()).isPositive();
        assertThat(m.heapMaxBytes()).satisfiesAnyOf(v -> assertThat(v).isEqualTo(-1L),
                v -> assertThat(v).isGreaterThanOrEqualTo(m.heapUsedBytes()));
        assertThat(m.heapUsedRatio()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
        if (m.heapMaxBytes() > 0 && mx.heapMaxBytes() > 0) {
            // The pools' maxima add up to the heap's, give or take a survivor space.
            assertThat((double) m.heapMaxBytes()).isCloseTo(mx.heapMaxBytes(), within(0.2 * mx.heapMaxBytes()));
        }
        assertThat(m.nonHeapUsedBytes()).isPositive();
        assertThat((double) m.nonHeapUsedBytes()).isCloseTo(mx.nonHeapUsedBytes(), within(0.2 * mx.nonHeapUsedBytes()));
        assertThat(m.availableProcessors()).isEqualTo(mx.availableProcessors());
        assertThat(m.liveThreads()).isPositive().isCloseTo(mx.liveThreads(), within(5));
        assertThat(Double.isNaN(m.systemLoadAverage())).isEqualTo(Double.isNaN(mx.systemLoadAverage()));
        assertLoad(m.processCpuLoad());
        assertLoad(m.systemCpuLoad());
        assertThat(m.gcCount()).isNotNegative();
        assertThat(m.gcTimeMillis()).isNotNegative();
    }

    private static void assertLoad(double load) {
        assertThat(Double.isNaN(load) || (load >= 0.0 && load <= 1.0))
                .as("load %s is NaN or in [0, 1]", load).isTrue();
    }

    @Test
    void aRegistryWithoutJvmMetersReadsAsUnknown() {
        SystemMetrics m = MicrometerSystemMetrics.source(registry, clock).read();

        assertThat(m.heapUsedBytes()).isEqualTo(-1);
        assertThat(m.heapMaxBytes()).isEqualTo(-1);
        assertThat(m.heapUsedRatio()).isNaN();
        assertThat(m.nonHeapUsedBytes()).isEqualTo(-1);
        assertThat(m.processCpuLoad()).isNaN();
        assertThat(m.systemCpuLoad()).isNaN();
        assertThat(m.systemLoadAverage()).isNaN();
        assertThat(m.availableProcessors()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(m.liveThreads()).isEqualTo(-1);
        assertThat(m.gcCount()).isEqualTo(-1);
        assertThat(m.gcTimeMillis()).isEqualTo(-1);
        assertThat(m.toSamples("").stream().filter(s -> !Double.isNaN(s.value())).map(MetricSample::metric)
                .collect(Collectors.toList())).containsExactly(SystemMetrics.AVAILABLE_PROCESSORS);
    }

    @Test
    void heapMaxSumsThePoolsThatDefineOneAndTheRatioFallsBackToCommitted() {
        pool("jvm.memory.used", "eden", 100);
        pool("jvm.memory.used", "old", 200);
        pool("jvm.memory.max", "eden", -1);
        pool("jvm.memory.max", "old", 1_000);
        pool("jvm.memory.committed", "eden", 150);
        pool("jvm.memory.committed", "old", 450);
        SystemMetricsSource source = MicrometerSystemMetrics.source(registry, clock);

        SystemMetrics m = source.read();
        assertThat(m.heapUsedBytes()).isEqualTo(300);
        assertThat(m.heapMaxBytes()).isEqualTo(1_000);
        assertThat(m.heapUsedRatio()).isEqualTo(0.3);

        registry.remove(registry.get("jvm.memory.max").tag("id", "old").gauge());
        SystemMetrics undefinedMax = source.read();
        assertThat(undefinedMax.heapMaxBytes()).isEqualTo(-1);
        assertThat(undefinedMax.heapUsedRatio()).isEqualTo(0.5);
    }

    private void pool(String name, String id, double value) {
        Gauge.builder(name, () -> value).tags("area", "heap", "id", id).register(registry);
    }

    @Test
    void gcFiguresSumThePauseTimersOverTheirTags() {
        Timer young = Timer.builder("jvm.gc.pause").tags("gc", "G1 Young Generation", "action", "end of minor GC",
                "cause", "G1 Evacuation Pause").register(registry);
        Timer full = Timer.builder("jvm.gc.pause").tags("gc", "G1 Old Generation", "action", "end of major GC",
                "cause", "System.gc()").register(registry);
        young.record(Duration.ofMillis(12));
        young.record(Duration.ofMillis(12));
        full.record(Duration.ofMillis(30));

        SystemMetrics m = MicrometerSystemMetrics.source(registry, clock).read();

        assertThat(m.gcCount()).isEqualTo(3);
        assertThat(m.gcTimeMillis()).isEqualTo(54);
    }

    @Test
    void negativeOrExcessiveLoadsAreNormalised() {
        Gauge.builder("process.cpu.usage", () -> -1.0).register(registry);
        Gauge.builder("system.cpu.usage", () -> 1.02).register(registry);
        Gauge.builder("system.load.average.1m", () -> -1.0).register(registry);

        SystemMetrics m = MicrometerSystemMetrics.source(registry, clock).read();

        assertThat(m.processCpuLoad()).isNaN();
        assertThat(m.systemCpuLoad()).isEqualTo(1.0);
        assertThat(m.systemLoadAverage()).isNaN();
    }

    @Test
    void aSamplerFedByTheRegistryDeliversItsReadings() throws InterruptedException {
        bindJvmBinders();
        BlockingQueue<SystemMetrics> delivered = new LinkedBlockingQueue<>();

        try (MetricsSampler sampler = MetricsSampler.start(Duration.ofHours(1), delivered::add,
                MicrometerSystemMetrics.source(registry, clock))) {
            SystemMetrics first = delivered.poll(10, TimeUnit.SECONDS);

            assertThat(first).isNotNull();
            assertThat(first.heapUsedBytes()).isPositive();
            assertThat(first.liveThreads()).isPositive();
            assertThat(sampler.sinkFailures()).isZero();
        }
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> MicrometerSystemMetrics.source(null, clock))
                .isInstanceOf(NullPointerException.class).hasMessage("registry");
        assertThatThrownBy(() -> MicrometerSystemMetrics.source(registry, null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }
}
