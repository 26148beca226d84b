package org.mlops4j.monitoring.system;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.mlops4j.core.Clock;

/**
 * Samples process memory (heap used and max, non-heap), CPU load, system load average, threads
 * and garbage collection on a fixed schedule, and hands each {@link SystemMetrics} to a sink, for
 * example one that feeds {@link SystemMetrics#toSamples(String)} to an alert evaluator.
 *
 * <p>The figures come from a {@link SystemMetricsSource}: the JVM's MX beans by default
 * ({@link SystemMetricsSource#mxBeans(org.mlops4j.core.Clock)}), or a Micrometer registry the host
 * already fills with Micrometer's JVM binders
 * ({@code MicrometerSystemMetrics.source(registry, clock)} in
 * {@code org.mlops4j.monitoring.micrometer}), so that alerts and dashboards read the same numbers.
 *
 * <p>Sampling runs on one daemon thread named {@code mlops-metrics-sampler}, with a fixed delay
 * between samples, the first taken at once. The source and the sink are guarded: if either throws,
 * the failure is logged and counted and sampling continues. Thread-safe. {@link #close()} stops the
 * schedule.
 */
public interface MetricsSampler extends AutoCloseable {

    /**
     * Starts sampling with the system clock.
     *
     * @param period the delay between the end of one sample and the start of the next; positive
     * @param sink what receives each sample, on the sampler's thread
     * @return the running sampler
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    static MetricsSampler start(Duration period, Consumer<? super SystemMetrics> sink) {
        return start(period, sink, Clock.system());
    }

    /**
     * Starts sampling the MX beans, stamping each sample with the given clock.
     *
     * @param period the delay between the end of one sample and the start of the next; positive
     * @param sink what receives each sample, on the sampler's thread
     * @param clock where sample timestamps come from
     * @return the running sampler
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    static MetricsSampler start(Duration period, Consumer<? super SystemMetrics> sink, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return start(period, sink, SystemMetricsSource.mxBeans(clock));
    }

    /**
     * Starts sampling a source, for example a Micrometer registry the host already publishes JVM
     * figures to.
     *
     * @param period the delay between the end of one sample and the start of the next; positive
     * @param sink what receives each sample, on the sampler's thread
     * @param source where each sample is read, on the sampler's thread (and on the caller's for
     *     {@link #sampleNow()}); it stamps the samples
     * @return the running sampler
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    static MetricsSampler start(Duration period, Consumer<? super SystemMetrics> sink, SystemMetricsSource source) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(source, "source");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive but was " + period);
        }
        return new ScheduledMetricsSampler(period, sink, source);
    }

    /**
     * Takes a sample now, on the caller's thread, without passing it to the sink.
     *
     * @return the sample
     * @throws RuntimeException whatever the source throws (not counted)
     */
    SystemMetrics sampleNow();

    /**
     * Returns how many samples the sink accepted without throwing.
     *
     * @return the count since the start
     */
    long delivered();

    /**
     * Returns how many scheduled samples failed: the source's read or the sink's call threw.
     *
     * @return the count since the start
     */
    long sinkFailures();

    /**
     * Returns whether the schedule is still running.
     *
     * @return false once {@link #close()} has been called
     */
    boolean isRunning();

    /**
     * Stops the schedule and waits briefly for a sample in progress to finish. Idempotent; a sample
     * in progress is allowed to finish, and no sink call starts afterwards.
     */
    @Override
    void close();
}
