package org.mlops4j.monitoring.system;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.mlops4j.monitoring.alert.MetricSample;

/**
 * One reading of the process's and host's resources, taken by a {@link MetricsSampler} from a
 * {@link SystemMetricsSource}.
 *
 * <p>Values the source cannot give are {@code NaN} (for loads and ratios) or {@code -1} (for byte
 * counts and counts), never a made-up zero. Immutable and thread-safe.
 *
 * @param timestamp when the reading was taken
 * @param heapUsedBytes heap memory in use, in bytes, or {@code -1} when unknown
 * @param heapMaxBytes the most heap the JVM will use, in bytes, or {@code -1} when undefined
 * @param heapUsedRatio {@code heapUsedBytes / heapMaxBytes}, or relative to the committed heap when
 *     the maximum is undefined; in [0, 1], or {@code NaN} when neither is known
 * @param nonHeapUsedBytes non-heap memory (metaspace, code cache) in use, in bytes, or {@code -1}
 *     when unknown
 * @param processCpuLoad this JVM's recent CPU usage in [0, 1] of all processors, or {@code NaN}
 *     when unavailable (no {@code com.sun.management} bean, or not yet measured)
 * @param systemCpuLoad the whole host's recent CPU usage in [0, 1], or {@code NaN} when unavailable
 * @param systemLoadAverage the host's load average over the last minute, or {@code NaN} when
 *     unavailable (for example on Windows)
 * @param availableProcessors processors available to the JVM, at least 1
 * @param liveThreads live threads, daemon and non-daemon, or {@code -1} when unknown
 * @param gcCount garbage collections, summed over collectors that report it, or {@code -1} when
 *     unknown; since the JVM started for the MX-bean source (the Micrometer source counts what its
 *     registry recorded)
 * @param gcTimeMillis time spent in garbage collection, in milliseconds, summed over collectors
 *     that report it, or {@code -1} when unknown; counted like {@code gcCount}
 */
public record SystemMetrics(Instant timestamp, long heapUsedBytes, long heapMaxBytes, double heapUsedRatio,
                            long nonHeapUsedBytes, double processCpuLoad, double systemCpuLoad,
                            double systemLoadAverage, int availableProcessors, int liveThreads, long gcCount,
                            long gcTimeMillis) {

    /** Metric name of {@link #heapUsedBytes()}. */
    public static final String HEAP_USED_BYTES = "mlops.process.heap.used.bytes";
    /** Metric name of {@link #heapMaxBytes()}. */
    public static final String HEAP_MAX_BYTES = "mlops.process.heap.max.bytes";
    /** Metric name of {@link #heapUsedRatio()}. */
    public static final String HEAP_USED_RATIO = "mlops.process.heap.used.ratio";
    /** Metric name of {@link #nonHeapUsedBytes()}. */
    public static final String NON_HEAP_USED_BYTES = "mlops.process.nonheap.used.bytes";
    /** Metric name of {@link #processCpuLoad()}. */
    public static final String PROCESS_CPU_LOAD = "mlops.process.cpu.load";
    /** Metric name of {@link #systemCpuLoad()}. */
    public static final String SYSTEM_CPU_LOAD = "mlops.system.cpu.load";
    /** Metric name of {@link #systemLoadAverage()}. */
    public static final String SYSTEM_LOAD_AVERAGE = "mlops.system.load.average";
    /** Metric name of {@link #availableProcessors()}. */
    public static final String AVAILABLE_PROCESSORS = "mlops.system.processors";
    /** Metric name of {@link #liveThreads()}. */
    public static final String LIVE_THREADS = "mlops.process.threads.live";
    /** Metric name of {@link #gcCount()}. */
    public static final String GC_COUNT = "mlops.process.gc.count";
    /** Metric name of {@link #gcTimeMillis()}. */
    public static final String GC_TIME_MILLIS = "mlops.process.gc.time.millis";

    /**
     * Validates the reading.
     *
     * @param availableProcessors processors available to the JVM, at least 1
     * @param liveThreads live threads, daemon and non-daemon, or {@code -1} when unknown
     * @param gcCount garbage collections, summed over collectors that report it, or {@code -1} when
     *     unknown; since the JVM started for the MX-bean source (the Micrometer source counts what its
     *     registry recorded)
     * @param gcTimeMillis time spent in garbage collection, in milliseconds, summed over collectors
     *     that report it, or {@code -1} when unknown; counted like {@code gcCount}
     * @param timestamp when the reading was taken
     * @param heapUsedBytes heap memory in use, in bytes, or {@code -1} when unknown
     * @param heapMaxBytes the most heap the JVM will use, in bytes, or {@code -1} when undefined
     * @param heapUsedRatio {@code heapUsedBytes / heapMaxBytes}, or relative to the committed heap when
     *     the maximum is undefined; in [0, 1], or {@code NaN} when neither is known
     * @param nonHeapUsedBytes non-heap memory (metaspace, code cache) in use, in bytes, or {@code -1}
     *     when unknown
     * @param processCpuLoad this JVM's recent CPU usage in [0, 1] of all processors, or {@code NaN}
     *     when unavailable (no {@code com.sun.management} bean, or not yet measured)
     * @param systemCpuLoad the whole host's recent CPU usage in [0, 1], or {@code NaN} when unavailable
     * @param systemLoadAverage the host's load average over the last minute, or {@code NaN} when
     *     unavailable (for example on Windows)
     * @throws NullPointerException if {@code timestamp} is null
     * @throws IllegalArgumentException if {@code availableProcessors < 1}
     */
    public SystemMetrics {
        Objects.requireNonNull(timestamp, "timestamp");
        if (availableProcessors < 1) {
            throw new IllegalArgumentException("availableProcessors must be at least 1 but was "
                    + availableProcessors);
        }
    }

    /**
     * Converts the reading into one {@link MetricSample} per value, named by the constants of this
     * class, so that alert rules can watch them. Undefined values ({@code -1} counts included)
     * become {@code NaN}, which the alert evaluator ignores. The samples carry no model and no window.
     *
     * @param endpoint the endpoint to attribute the samples to; may be empty for the whole process
     * @return the samples, in the order of this record's components
     * @throws NullPointerException if {@code endpoint} is null
     */
    public List<MetricSample> toSamples(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return List.of(
                sample(HEAP_USED_BYTES, count(heapUsedBytes), endpoint),
                sample(HEAP_MAX_BYTES, count(heapMaxBytes), endpoint),
                sample(HEAP_USED_RATIO, heapUsedRatio, endpoint),
                sample(NON_HEAP_USED_BYTES, count(nonHeapUsedBytes), endpoint),
                sample(PROCESS_CPU_LOAD, processCpuLoad, endpoint),
                sample(SYSTEM_CPU_LOAD, systemCpuLoad, endpoint),
                sample(SYSTEM_LOAD_AVERAGE, systemLoadAverage, endpoint),
                sample(AVAILABLE_PROCESSORS, availableProcessors, endpoint),
                sample(LIVE_THREADS, count(liveThreads), endpoint),
                sample(GC_COUNT, count(gcCount), endpoint),
                sample(GC_TIME_MILLIS, count(gcTimeMillis), endpoint));
    }

    /** A count or byte count as a sample value: {@code -1} (unknown) becomes {@code NaN}. */
    private static double count(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private MetricSample sample(String metric, double value, String endpoint) {
        return new MetricSample(metric, value, timestamp, endpoint, "", "", List.of());
    }
}
