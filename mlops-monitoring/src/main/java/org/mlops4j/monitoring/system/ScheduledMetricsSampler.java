package org.mlops4j.monitoring.system;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link MetricsSampler} on a single-thread scheduled executor. */
final class ScheduledMetricsSampler implements MetricsSampler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledMetricsSampler.class);
    private static final String THREAD_NAME = "mlops-metrics-sampler";

    private final Consumer<? super SystemMetrics> sink;
    private final SystemMetricsSource source;
    private final ScheduledExecutorService executor;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean running = true;

    ScheduledMetricsSampler(Duration period, Consumer<? super SystemMetrics> sink, SystemMetricsSource source) {
        this.sink = sink;
        this.source = source;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleAndDeliver, 0L, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void sampleAndDeliver() {
        if (!running) {
            return;
        }
        try {
            sink.accept(source.read());
            delivered.increment();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The source and the sink are user code; an exception escaping here would cancel the schedule.
            failures.increment();
            LOG.warn("Metrics source {} or sink {} failed: {}", source, sink, e.toString(), e);
        }
    }

    @Override
    public SystemMetrics sampleNow() {
        return source.read();
    }

    @Override
    public long delivered() {
        return delivered.sum();
    }

    @Override
    public long sinkFailures() {
        return failures.sum();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Metrics sampler did not stop within 5 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MetricsSampler[running=" + running + ", delivered=" + delivered.sum()
                + ", sinkFailures=" + failures.sum() + "]";
    }
}
