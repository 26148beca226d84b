package org.mlops4j.monitoring.log;

import java.util.Objects;
import org.mlops4j.core.Clock;

/**
 * Settings of a {@link ProductionCapture}: which predictions it keeps and how much disk it may use.
 *
 * @param sampleRate the share of predictions kept, in (0, 1]; the choice is a deterministic function
 *     of the prediction id and {@code seed}, so the labels of a kept prediction are kept too
 * @param seed the seed of the sampling hash
 * @param maxFileRows the lines a file holds before it is sealed and a new one started; at least 1
 * @param maxFileBytes the bytes a file may reach before it is sealed; positive (a single line larger
 *     than this is dropped and counted)
 * @param maxTotalBytes the bytes all the capture's files may take together; the oldest sealed files
 *     are deleted (and counted) to stay under it; at least {@code maxFileBytes}
 * @param maxFiles how many files the capture keeps, sealed ones and the two being written; the
 *     oldest sealed ones are deleted (and counted) beyond it; at least 2
 * @param queueCapacity how many kept events may wait for the writer thread; beyond it they are
 *     dropped and counted; at least 1
 * @param clock where file-name timestamps and the time of {@link ProductionCapture#recordLabel}
 *     labels come from
 */
public record CaptureConfig(double sampleRate, long seed, long maxFileRows, long maxFileBytes, long maxTotalBytes,
                            int maxFiles, int queueCapacity, Clock clock) {

    /**
     * Validates the config.
     *
     * @param sampleRate the share of predictions kept, in (0, 1]
     * @param seed the seed of the sampling hash
     * @param maxFileRows the lines a file holds before it is sealed; at least 1
     * @param maxFileBytes the bytes a file may reach before it is sealed; positive
     * @param maxTotalBytes the bytes all files may take together; at least {@code maxFileBytes}
     * @param maxFiles how many files the capture keeps; at least 2
     * @param queueCapacity how many kept events may wait for the writer; at least 1
     * @param clock where file-name timestamps come from
     * @throws NullPointerException if {@code clock} is null
     * @throws IllegalArgumentException if a number is out of its range (the message names it)
     */
    public CaptureConfig {
        if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1] but was " + sampleRate);
        }
        if (maxFileRows < 1) {
            throw new IllegalArgumentException("maxFileRows must be at least 1 but was " + maxFileRows);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive but was " + maxFileBytes);
        }
        if (maxTotalBytes < maxFileBytes) {
            throw new IllegalArgumentException("maxTotalBytes must be at least maxFileBytes (" + maxFileBytes
                    + ") but was " + maxTotalBytes);
        }
        if (maxFiles < 2) {
            throw new IllegalArgumentException("maxFiles must be at least 2 but was " + maxFiles);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1 but was " + queueCapacity);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the defaults: every prediction, seed 0, files of 100,000 lines or 64 MiB, 10 GiB and
     * 1,000 files in all, a queue of 10,000 and the system clock.
     *
     * @return the default config
     */
    public static CaptureConfig ofDefaults() {
        return new CaptureConfig(1.0, 0L, 100_000, 64L << 20, 10L << 30, 1_000, 10_000, Clock.system());
    }

    /**
     * Returns a copy with another sampling rate and seed.
     *
     * @param rate the share of predictions kept, in (0, 1]
     * @param newSeed the seed of the sampling hash
     * @return the new config
     * @throws IllegalArgumentException if {@code rate} is outside (0, 1]
     */
    public CaptureConfig withSampling(double rate, long newSeed) {
        return new CaptureConfig(rate, newSeed, maxFileRows, maxFileBytes, maxTotalBytes, maxFiles, queueCapacity,
                clock);
    }

    /**
     * Returns a copy with other per-file bounds.
     *
     * @param rows the lines a file holds before it is sealed, at least 1
     * @param bytes the bytes a file may reach before it is sealed, positive and at most {@code maxTotalBytes}
     * @return the new config
     * @throws IllegalArgumentException if a value is out of range
     */
    public CaptureConfig withFileBounds(long rows, long bytes) {
        return new CaptureConfig(sampleRate, seed, rows, bytes, maxTotalBytes, maxFiles, queueCapacity, clock);
    }

    /**
     * Returns a copy with other bounds on all the files together.
     *
     * @param bytes the bytes all files may take, at least {@code maxFileBytes}
     * @param files how many files to keep, at least 2
     * @return the new config
     * @throws IllegalArgumentException if a value is out of range
     */
    public CaptureConfig withTotalBounds(long bytes, int files) {
        return new CaptureConfig(sampleRate, seed, maxFileRows, maxFileBytes, bytes, files, queueCapacity, clock);
    }

    /**
     * Returns a copy with another queue capacity.
     *
     * @param capacity how many events may wait for the writer, at least 1
     * @return the new config
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public CaptureConfig withQueueCapacity(int capacity) {
        return new CaptureConfig(sampleRate, seed, maxFileRows, maxFileBytes, maxTotalBytes, maxFiles, capacity,
                clock);
    }

    /**
     * Returns a copy with another clock.
     *
     * @param newClock where file-name timestamps and recorded labels' times come from
     * @return the new config
     * @throws NullPointerException if {@code newClock} is null
     */
    public CaptureConfig withClock(Clock newClock) {
        return new CaptureConfig(sampleRate, seed, maxFileRows, maxFileBytes, maxTotalBytes, maxFiles, queueCapacity,
                newClock);
    }
}
