package org.mlops4j.serving;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.mlops4j.core.Clock;

/**
 * How a {@link BatchPredictor} scores: how many threads, how many rows per task, how many tasks'
 * rows may be held at once, and how progress is reported.
 *
 * @param parallelism scoring threads, at least 1
 * @param chunkSize rows per task, at least 1: larger chunks cost less coordination, smaller ones
 *     balance uneven rows better
 * @param maxChunksInFlight chunks read from the input and not yet delivered, at least
 *     {@code parallelism}: at most {@code maxChunksInFlight * chunkSize} inputs and results are held
 *     at once, however long the input
 * @param progressInterval how often progress is reported while scoring (a progress line at INFO and a
 *     call to {@code progressListener}); zero reports after every chunk; the end is always reported
 * @param clock the clock of elapsed times and the progress interval
 * @param progressListener receives progress on the calling thread; guarded: a listener that throws is
 *     logged and the batch goes on
 */
public record BatchConfig(int parallelism, int chunkSize, int maxChunksInFlight, Duration progressInterval,
                          Clock clock, Consumer<? super BatchProgress> progressListener) {

    /**
     * Validates the configuration.
     *
     * @param parallelism scoring threads, at least 1
     * @param chunkSize rows per task, at least 1: larger chunks cost less coordination, smaller ones
     *     balance uneven rows better
     * @param maxChunksInFlight chunks read from the input and not yet delivered, at least
     *     {@code parallelism}: at most {@code maxChunksInFlight * chunkSize} inputs and results are held
     *     at once, however long the input
     * @param progressInterval how often progress is reported while scoring (a progress line at INFO and a
     *     call to {@code progressListener}); zero reports after every chunk; the end is always reported
     * @param clock the clock of elapsed times and the progress interval
     * @param progressListener receives progress on the calling thread; guarded: a listener that throws is
     *     logged and the batch goes on
     * @throws NullPointerException if the interval, clock or listener is null
     * @throws IllegalArgumentException naming the setting and its value
     */
    public BatchConfig {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 but was " + parallelism);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1 but was " + chunkSize);
        }
        if (maxChunksInFlight < parallelism) {
            throw new IllegalArgumentException("maxChunksInFlight must be >= parallelism (" + parallelism
                    + ") so that no thread idles but was " + maxChunksInFlight);
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("progressInterval must not be negative but was " + progressInterval);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(progressListener, "progressListener");
    }

    /**
     * Returns the defaults: one thread per available processor, chunks of 256 rows, twice as many
     * chunks in flight as threads, progress every 10 seconds, the system clock, no listener.
     *
     * @return the default configuration
     */
    public static BatchConfig ofDefaults() {
        int processors = Runtime.getRuntime().availableProcessors();
        return new BatchConfig(processors, 256, 2 * processors, Duration.ofSeconds(10), Clock.system(), p -> { });
    }

    /**
     * Sets the threads, and the chunks in flight to twice as many (their default ratio); call
     * {@link #withMaxChunksInFlight} afterwards to choose another bound.
     *
     * @param value scoring threads
     * @return a new config
     */
    public BatchConfig withParallelism(int value) {
        return new BatchConfig(value, chunkSize, (int) Math.min(Integer.MAX_VALUE, 2L * Math.max(value, 0)),
                progressInterval, clock, progressListener);
    }

    /**
     * @param value rows per task
     * @return a new config
     */
    public BatchConfig withChunkSize(int value) {
        return new BatchConfig(parallelism, value, maxChunksInFlight, progressInterval, clock, progressListener);
    }

    /**
     * @param value chunks read and not yet delivered, at least the parallelism
     * @return a new config
     */
    public BatchConfig withMaxChunksInFlight(int value) {
        return new BatchConfig(parallelism, chunkSize, value, progressInterval, clock, progressListener);
    }

    /**
     * @param value how often progress is reported; zero after every chunk
     * @return a new config
     */
    public BatchConfig withProgressInterval(Duration value) {
        return new BatchConfig(parallelism, chunkSize, maxChunksInFlight, value, clock, progressListener);
    }

    /**
     * @param value the clock of elapsed times
     * @return a new config
     */
    public BatchConfig withClock(Clock value) {
        return new BatchConfig(parallelism, chunkSize, maxChunksInFlight, progressInterval, value, progressListener);
    }

    /**
     * @param value receives progress on the calling thread
     * @return a new config
     */
    public BatchConfig withProgressListener(Consumer<? super BatchProgress> value) {
        return new BatchConfig(parallelism, chunkSize, maxChunksInFlight, progressInterval, clock, value);
    }
}
