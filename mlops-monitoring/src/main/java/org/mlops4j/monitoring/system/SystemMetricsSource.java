package org.mlops4j.monitoring.system;

import org.mlops4j.core.Clock;

/**
 * Where a {@link MetricsSampler} reads its {@link SystemMetrics} from: the JVM's MX beans
 * ({@link #mxBeans(Clock)}), or, when the host already publishes JVM figures to a Micrometer
 * registry, that registry ({@code org.mlops4j.monitoring.micrometer.MicrometerSystemMetrics}), so
 * that alert rules and dashboards see the same numbers.
 *
 * <p>Implementations must be thread-safe: a sampler reads on its own thread, and
 * {@link MetricsSampler#sampleNow()} on the caller's. A value the source cannot give follows the
 * conventions of {@link SystemMetrics}: {@code NaN} for loads and ratios, {@code -1} for byte counts
 * and counts.
 */
@FunctionalInterface
public interface SystemMetricsSource {

    /**
     * Reads the process's and host's resources now.
     *
     * @return the reading, stamped with the source's clock
     * @throws RuntimeException if the source fails; a sampler logs and counts the failure and
     *     keeps its schedule
     */
    SystemMetrics read();

    /**
     * Returns the source that reads the platform MX beans ({@code MemoryMXBean},
     * {@code OperatingSystemMXBean}, {@code ThreadMXBean} and the {@code GarbageCollectorMXBean}s).
     * Its garbage-collection figures count from the start of the JVM.
     *
     * @param clock where reading timestamps come from
     * @return the source, thread-safe
     * @throws NullPointerException if {@code clock} is null
     */
    static SystemMetricsSource mxBeans(Clock clock) {
        return new MxBeanReader(clock);
    }
}
