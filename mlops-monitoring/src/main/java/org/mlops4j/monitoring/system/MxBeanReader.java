package org.mlops4j.monitoring.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Objects;
import org.mlops4j.core.Clock;

/** Reads one {@link SystemMetrics} from the platform MX beans. Thread-safe: the beans are. */
final class MxBeanReader implements SystemMetricsSource {

    private final Clock clock;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    MxBeanReader(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SystemMetrics read() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long used = heap.getUsed();
        long max = heap.getMax();
        double ratio;
        if (max > 0) {
            ratio = (double) used / max;
        } else if (heap.getCommitted() > 0) {
            ratio = (double) used / heap.getCommitted();
        } else {
            ratio = Double.NaN;
        }
        double processCpu = Double.NaN;
        double systemCpu = Double.NaN;
        // The com.sun.management extension is present on HotSpot and OpenJ9 but not guaranteed.
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            processCpu = load(sun.getProcessCpuLoad());
            systemCpu = load(sun.getCpuLoad());
        }
        double loadAverage = os.getSystemLoadAverage();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            // -1 means the collector does not report the value.
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new SystemMetrics(clock.now(), used, max < 0 ? -1 : max, ratio,
                memory.getNonHeapMemoryUsage().getUsed(), processCpu, systemCpu,
                loadAverage < 0 ? Double.NaN : loadAverage, Math.max(1, os.getAvailableProcessors()),
                threads.getThreadCount(), gcCount, gcMillis);
    }

    @Override
    public String toString() {
        return "SystemMetricsSource.mxBeans";
    }

    private static double load(double value) {
        // The beans report a negative value when the load is not available.
        return value < 0 || Double.isNaN(value) ? Double.NaN : Math.min(1.0, value);
    }
}
