package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ShadowStrategy} runs its shadow: on a bounded executor that never delays or fails
 * the caller.
 *
 * @param threads shadow threads, at least 1
 * @param queueCapacity shadow calls waiting for a thread; when full, new ones are dropped and counted
 * @param sampleRate the share of requests mirrored to the shadow, in (0, 1]
 * @param timeout how long a shadow call may take; when it fires the call is counted as a timeout,
 *     interrupted and abandoned, and its answer is not compared (a shadow that ignores interrupts
 *     keeps running: at most {@code 2 x threads} such calls at once, beyond which calls are dropped)
 */
public record ShadowConfig(int threads, int queueCapacity, double sampleRate, Duration timeout) {

    /**
     * Validates the configuration.
     *
     * @param threads shadow threads, at least 1
     * @param queueCapacity shadow calls waiting for a thread; when full, new ones are dropped and counted
     * @param sampleRate the share of requests mirrored to the shadow, in (0, 1]
     * @param timeout how long a shadow call may take; when it fires the call is counted as a timeout,
     *     interrupted and abandoned, and its answer is not compared (a shadow that ignores interrupts
     *     keeps running: at most {@code 2 x threads} such calls at once, beyond which calls are dropped)
     * @throws IllegalArgumentException naming the setting and its value
     */
    public ShadowConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1 but was " + queueCapacity);
        }
        if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1] but was " + sampleRate);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
    }

    /**
     * Returns the defaults, sized for a service of up to some 50,000 requests per second per
     * instance with a shadow as fast as its primary (measured in benchmarks/README.md): 2 threads,
     * a queue of 10,000, every request mirrored, a 1 s timeout. A faster service samples
     * ({@link #withSampleRate}) or adds threads; a slow shadow needs threads in proportion to its
     * latency.
     *
     * @return the default configuration
     */
    public static ShadowConfig ofDefaults() {
        return new ShadowConfig(2, 10_000, 1.0, Duration.ofSeconds(1));
    }

    /**
     * @param value shadow threads
     * @return a new config
     */
    public ShadowConfig withThreads(int value) {
        return new ShadowConfig(value, queueCapacity, sampleRate, timeout);
    }

    /**
     * @param value queue capacity
     * @return a new config
     */
    public ShadowConfig withQueueCapacity(int value) {
        return new ShadowConfig(threads, value, sampleRate, timeout);
    }

    /**
     * @param value share mirrored
     * @return a new config
     */
    public ShadowConfig withSampleRate(double value) {
        return new ShadowConfig(threads, queueCapacity, value, timeout);
    }

    /**
     * @param value shadow timeout
     * @return a new config
     */
    public ShadowConfig withTimeout(Duration value) {
        return new ShadowConfig(threads, queueCapacity, sampleRate, value);
    }
}
