package org.mlops4j.monitoring.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.Clock;
import org.mlops4j.monitoring.system.SystemMetrics;
import org.mlops4j.monitoring.system.SystemMetricsSource;

/**
 * A {@link SystemMetricsSource} that reads the meters Micrometer's own JVM binders publish to a
 * registry, so that a {@code MetricsSampler}'s alert rules and the host's dashboards see the same
 * numbers. Bind the binders first: the host's (Spring Boot binds them), or a
 * {@link MicrometerMonitorBinder}'s (on by default). Each field comes from:
 * <ul>
 *   <li>{@code heapUsedBytes}: the sum of {@code jvm.memory.used} tagged {@code area=heap} over the
 *       memory pools;</li>
 *   <li>{@code heapMaxBytes}: the sum of {@code jvm.memory.max} tagged {@code area=heap} over the
 *       pools that define a maximum (G1's young pools do not, its old generation spans the heap),
 *       or {@code -1} when none does;</li>
 *   <li>{@code heapUsedRatio}: used / max, or used / the sum of {@code jvm.memory.committed}
 *       ({@code area=heap}) when the maximum is undefined;</li>
 *   <li>{@code nonHeapUsedBytes}: the sum of {@code jvm.memory.used} tagged {@code area=nonheap};</li>
 *   <li>{@code processCpuLoad} and {@code systemCpuLoad}: {@code process.cpu.usage} and
 *       {@code system.cpu.usage};</li>
 *   <li>{@code systemLoadAverage}: {@code system.load.average.1m};</li>
 *   <li>{@code availableProcessors}: {@code system.cpu.count}, or
 *       {@link Runtime#availableProcessors()} when the registry lacks it (the field cannot be
 *       unknown);</li>
 *   <li>{@code liveThreads}: {@code jvm.threads.live};</li>
 *   <li>{@code gcCount} and {@code gcTimeMillis}: the count and total time of the
 *       {@code jvm.gc.pause} timers summed over their tags, {@code 0} when {@code JvmGcMetrics} is
 *       bound but no pause was recorded yet. Unlike the MX-bean source these count the pauses
 *       recorded since the binder was bound, not concurrent cycles, and in a step registry (one that
 *       publishes deltas) only the last step.</li>
 * </ul>
 * A meter the registry lacks reads as {@code NaN} (loads and ratios) or {@code -1} (byte counts and
 * counts), following {@link SystemMetrics}; a negative load, as the platform reports when it cannot
 * tell, reads as {@code NaN}, and a load above 1 as 1.
 *
 * <p>Thread-safe: a read only looks meters up and reads them.
 */
public final class MicrometerSystemMetrics implements SystemMetricsSource {

    private final MeterRegistry registry;
    private final Clock clock;

    private MicrometerSystemMetrics(MeterRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns a source that reads the JVM meters of a registry.
     *
     * @param registry the registry Micrometer's JVM binders are bound to
     * @param clock where reading timestamps come from
     * @return the source
     * @throws NullPointerException if an argument is null
     */
    public static SystemMetricsSource source(MeterRegistry registry, Clock clock) {
        return new MicrometerSystemMetrics(registry, clock);
    }

    /**
     * Reads the registry's JVM meters now.
     *
     * @return the reading, stamped with the clock
     */
    @Override
    public SystemMetrics read() {
        double heapUsed = sum(memory("jvm.memory.used", "heap"));
        double heapMax = sum(memory("jvm.memory.max", "heap"));
        double heapCommitted = sum(memory("jvm.memory.committed", "heap"));
        double ratio;
        if (Double.isNaN(heapUsed)) {
            ratio = Double.NaN;
        } else if (heapMax > 0) {
            ratio = heapUsed / heapMax;
        } else if (heapCommitted > 0) {
            ratio = heapUsed / heapCommitted;
        } else {
            ratio = Double.NaN;
        }
        double loadAverage = gauge("system.load.average.1m");
        double processors = gauge("system.cpu.count");
        double threads = gauge("jvm.threads.live");
        long gcCount = -1;
        long gcMillis = -1;
        Collection<Timer> pauses = registry.find("jvm.gc.pause").timers();
        if (!pauses.isEmpty() || registry.find("jvm.gc.memory.allocated").meter() != null) {
            gcCount = 0;
            double millis = 0;
            for (Timer t : pauses) {
                gcCount += t.count();
                millis += t.totalTime(TimeUnit.MILLISECONDS);
            }
            gcMillis = Math.round(millis);
        }
        return new SystemMetrics(clock.now(), bytes(heapUsed), bytes(heapMax), ratio,
                bytes(sum(memory("jvm.memory.used", "nonheap"))), load(gauge("process.cpu.usage")),
                load(gauge("system.cpu.usage")), loadAverage >= 0 ? loadAverage : Double.NaN,
                processors >= 1 ? (int) processors : Math.max(1, Runtime.getRuntime().availableProcessors()),
                threads >= 0 ? (int) threads : -1, gcCount, gcMillis);
    }

    @Override
    public String toString() {
        return "MicrometerSystemMetrics[" + registry + "]";
    }

    private Collection<Gauge> memory(String name, String area) {
        return registry.find(name).tag("area", area).gauges();
    }

    /** @return the gauge's value, NaN when the registry lacks it */
    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    /**
     * Sums the pools that report a value: a negative value (an undefined maximum) or NaN (a pool
     * that could not be read) is left out.
     *
     * @return the sum, NaN when no pool reports one
     */
    private static double sum(Collection<Gauge> pools) {
        double sum = 0;
        boolean any = false;
        for (Gauge g : pools) {
            double v = g.value();
            if (v >= 0) {
                sum += v;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    private static long bytes(double value) {
        return Double.isNaN(value) ? -1 : (long) value;
    }

    private static double load(double value) {
        return value < 0 || Double.isNaN(value) ? Double.NaN : Math.min(1.0, value);
    }
}
