package org.mlops4j.monitoring.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.monitoring.alert.MetricSample;

class MetricsSamplerTest {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void sampleNowReturnsPlausibleValuesStampedByTheClock() {
        ManualClock clock = ManualClock.startingAtEpoch2024();
        try (MetricsSampler sampler = MetricsSampler.start(LONG, m -> { }, clock)) {
            SystemMetrics m = sampler.sampleNow();

            assertThat(m.timestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
            assertThat(m.heapUsedBytes()).isPositive();
            assertThat(m.heapMaxBytes()).satisfiesAnyOf(v -> assertThat(v).isEqualTo(-1L),
                    v -> assertThat(v).isGreaterThanOrEqualTo(m.heapUsedBytes()));
            assertThat(m.heapUsedRatio()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
            assertThat(m.nonHeapUsedBytes()).isPositive();
            assertThat(m.availableProcessors()).isGreaterThanOrEqualTo(1);
            assertThat(m.liveThreads()).isGreaterThanOrEqualTo(1);
            assertThat(m.gcCount()).isNotNegative();
            assertThat(m.gcTimeMillis()).isNotNegative();
            assertLoad(m.processCpuLoad());
            assertLoad(m.systemCpuLoad());
            assertThat(Double.isNaN(m.systemLoadAverage()) || m.systemLoadAverage() >= 0.0).isTrue();
        }
    }

    private static void assertLoad(double load) {
        assertThat(Double.isNaN(load) || (load >= 0.0 && load <= 1.0))
                .as("load %s is NaN or in [0, 1]", load).isTrue();
    }

    @Test
    void scheduleCallsTheSinkRepeatedly() throws InterruptedException {
        CountDownLatch three = new CountDownLatch(3);
        try (MetricsSampler sampler = MetricsSampler.start(Duration.ofMillis(20), m -> three.countDown())) {
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sampler.delivered()).isGreaterThanOrEqualTo(2);
            assertThat(sampler.isRunning()).isTrue();
        }
    }

    @Test
    void throwingSinkIsCountedAndSamplingContinues() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch afterFailures = new CountDownLatch(4);
        try (MetricsSampler sampler = MetricsSampler.start(Duration.ofMillis(20), m -> {
            afterFailures.countDown();
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("sink down");
            }
        })) {
            assertThat(afterFailures.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sampler.sinkFailures()).isEqualTo(2);
            assertThat(sampler.delivered()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void closeStopsTheSchedule() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        MetricsSampler sampler = MetricsSampler.start(Duration.ofMillis(5), m -> {
            calls.incrementAndGet();
            first.countDown();
        });
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        sampler.close();
        int atClose = calls.get();
        Thread.sleep(100);

        assertThat(sampler.isRunning()).isFalse();
        assertThat(calls.get()).isEqualTo(atClose);
        sampler.close();
    }

    @Test
    void samplerReadsTheGivenSourceOnItsScheduleAndForSampleNow() throws InterruptedException {
        SystemMetrics fixed = new SystemMetrics(Instant.parse("2024-01-01T00:00:00Z"), 100, 1_000, 0.1, 10,
                0.25, 0.5, 1.5, 4, 12, 3, 40);
        BlockingQueue<SystemMetrics> delivered = new LinkedBlockingQueue<>();
        try (MetricsSampler sampler = MetricsSampler.start(LONG, delivered::add, () -> fixed)) {
            assertThat(delivered.poll(10, TimeUnit.SECONDS)).isSameAs(fixed);
            assertThat(sampler.sampleNow()).isSameAs(fixed);
        }
    }

    @Test
    void throwingSourceIsCountedAndSamplingContinues() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch delivered = new CountDownLatch(1);
        SystemMetricsSource mxBeans = SystemMetricsSource.mxBeans(ManualClock.startingAtEpoch2024());
        SystemMetricsSource flaky = () -> {
            if (reads.incrementAndGet() <= 2) {
                throw new IllegalStateException("registry gone");
            }
            return mxBeans.read();
        };
        try (MetricsSampler sampler = MetricsSampler.start(Duration.ofMillis(20), m -> delivered.countDown(), flaky)) {
            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sampler.sinkFailures()).isEqualTo(2);
            assertThat(sampler.isRunning()).isTrue();
        }
    }

    @Test
    void unknownCountsBecomeNaNSamples() {
        SystemMetrics m = new SystemMetrics(Instant.parse("2024-01-01T00:00:00Z"), -1, -1, Double.NaN, -1,
                Double.NaN, Double.NaN, Double.NaN, 2, -1, -1, -1);

        var byName = m.toSamples("").stream().collect(Collectors.toMap(MetricSample::metric, MetricSample::value));

        assertThat(byName).hasSize(11);
        assertThat(byName).allSatisfy((name, value) -> {
            if (name.equals(SystemMetrics.AVAILABLE_PROCESSORS)) {
                assertThat(value).isEqualTo(2.0);
            } else {
                assertThat(value).as(name).isNaN();
            }
        });
    }

    @Test
    void nullSourceIsRejected() {
        assertThatThrownBy(() -> MetricsSampler.start(LONG, m -> { }, (SystemMetricsSource) null))
                .isInstanceOf(NullPointerException.class).hasMessage("source");
    }

    @Test
    void zeroOrNegativePeriodIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> MetricsSampler.start(Duration.ZERO, m -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> MetricsSampler.start(Duration.ofSeconds(-3), m -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-3S");
        assertThatThrownBy(() -> MetricsSampler.start(null, m -> { }))
                .isInstanceOf(NullPointerException.class).hasMessage("period");
    }

    @Test
    void toSamplesNamesEveryValueForAlertRules() {
        SystemMetrics m = new SystemMetrics(Instant.parse("2024-01-01T00:00:00Z"), 100, -1, 0.5, 10,
                0.25, Double.NaN, 1.5, 4, 12, 3, 40);

        List<MetricSample> samples = m.toSamples("churn");

        assertThat(samples).allSatisfy(s -> {
            assertThat(s.endpoint()).isEqualTo("churn");
            assertThat(s.timestamp()).isEqualTo(m.timestamp());
        });
        var byName = samples.stream().collect(Collectors.toMap(MetricSample::metric, MetricSample::value));
        assertThat(byName).hasSize(11)
                .containsEntry(SystemMetrics.HEAP_USED_RATIO, 0.5)
                .containsEntry("mlops.process.cpu.load", 0.25)
                .containsEntry("mlops.system.load.average", 1.5)
                .containsEntry(SystemMetrics.GC_TIME_MILLIS, 40.0);
        assertThat(byName.get(SystemMetrics.HEAP_MAX_BYTES)).isNaN();
        assertThat(byName.get(SystemMetrics.SYSTEM_CPU_LOAD)).isNaN();
    }

    @Test
    void metricsRejectFewerThanOneProcessor() {
        assertThatThrownBy(() -> new SystemMetrics(Instant.EPOCH, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("availableProcessors").hasMessageContaining("0");
    }
}
