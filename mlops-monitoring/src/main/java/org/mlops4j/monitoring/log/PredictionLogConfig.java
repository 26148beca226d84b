package org.mlops4j.monitoring.log;

import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.Clock;

/**
 * Settings of a {@link PredictionLog}.
 *
 * @param sampleRate the share of predictions written, in (0, 1]; the choice is a deterministic
 *     function of the prediction id and {@code seed}, so a rerun keeps the same predictions
 * @param maxFileBytes the size, in bytes, a file may reach before the log moves on to a new one;
 *     positive (a single line larger than this still gets a file of its own)
 * @param maxFiles how many log files to keep in the directory; older ones are deleted; at least 1
 * @param queueCapacity how many sampled events may wait for the writer thread; beyond it events are
 *     dropped and counted; at least 1
 * @param clock where file-name timestamps come from
 * @param seed the seed of the sampling hash
 * @param features when present, each line's {@code features} object holds the input's features
 *     read through it (for input types JSON cannot render: protobuf messages, Tribuo examples), in
 *     place of the input as JSON
 */
public record PredictionLogConfig(double sampleRate, long maxFileBytes, int maxFiles, int queueCapacity,
                                  Clock clock, long seed, Optional<FeatureReader<?>> features) {

    /**
     * Validates the config.
     *
     * @param sampleRate the share of predictions written, in (0, 1]; the choice is a deterministic
     *     function of the prediction id and {@code seed}, so a rerun keeps the same predictions
     * @param maxFileBytes the size, in bytes, a file may reach before the log moves on to a new one;
     *     positive (a single line larger than this still gets a file of its own)
     * @param maxFiles how many log files to keep in the directory; older ones are deleted; at least 1
     * @param queueCapacity how many sampled events may wait for the writer thread; beyond it events are
     *     dropped and counted; at least 1
     * @param clock where file-name timestamps come from
     * @param seed the seed of the sampling hash
     * @param features when present, each line's {@code features} object holds the input's features
     *     read through it (for input types JSON cannot render: protobuf messages, Tribuo examples), in
     *     place of the input as JSON
     * @throws NullPointerException if {@code clock} is null
     * @throws IllegalArgumentException if a number is out of its range
     */
    public PredictionLogConfig {
        if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1] but was " + sampleRate);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive but was " + maxFileBytes);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be at least 1 but was " + maxFiles);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1 but was " + queueCapacity);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(features, "features");
    }

    /**
     * Returns the defaults: every prediction, 64 MiB files, 10 files, a queue of 10,000, the system
     * clock and seed 0.
     *
     * @return the default config
     */
    public static PredictionLogConfig ofDefaults() {
        return new PredictionLogConfig(1.0, 64L * 1024 * 1024, 10, 10_000, Clock.system(), 0L, Optional.empty());
    }

    /**
     * Returns a copy with another sample rate.
     *
     * @param rate the share of predictions written, in (0, 1]
     * @return the new config
     * @throws IllegalArgumentException if {@code rate} is outside (0, 1]
     */
    public PredictionLogConfig withSampleRate(double rate) {
        return new PredictionLogConfig(rate, maxFileBytes, maxFiles, queueCapacity, clock, seed, features);
    }

    /**
     * Returns a copy with another rotation policy.
     *
     * @param fileBytes the size at which to start a new file, positive
     * @param files how many files to keep, at least 1
     * @return the new config
     * @throws IllegalArgumentException if a value is out of range
     */
    public PredictionLogConfig withRotation(long fileBytes, int files) {
        return new PredictionLogConfig(sampleRate, fileBytes, files, queueCapacity, clock, seed, features);
    }

    /**
     * Returns a copy with another queue capacity.
     *
     * @param capacity how many events may wait for the writer, at least 1
     * @return the new config
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public PredictionLogConfig withQueueCapacity(int capacity) {
        return new PredictionLogConfig(sampleRate, maxFileBytes, maxFiles, capacity, clock, seed, features);
    }

    /**
     * Returns a copy with another clock.
     *
     * @param newClock where file-name timestamps come from
     * @return the new config
     * @throws NullPointerException if {@code newClock} is null
     */
    public PredictionLogConfig withClock(Clock newClock) {
        return new PredictionLogConfig(sampleRate, maxFileBytes, maxFiles, queueCapacity, newClock, seed, features);
    }

    /**
     * Returns a copy that writes each input as the schema's features read through an extractor
     * (the {@code features} object of a line) instead of the input rendered as JSON.
     *
     * @param schema the features to write
     * @param extractor reads them out of an input ({@link FeatureExtractor#auto()}, or one for
     *     protobuf messages or Tribuo examples)
     * @return the new config
     */
    public PredictionLogConfig withFeatures(Schema schema, FeatureExtractor<?> extractor) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(extractor, "extractor");
        FeatureReader<?> reader = extractor.bind(schema.features().stream().map(Feature::name).toList());
        return new PredictionLogConfig(sampleRate, maxFileBytes, maxFiles, queueCapacity, clock, seed,
                Optional.of(reader));
    }

    /**
     * Returns a copy with another sampling seed.
     *
     * @param newSeed the seed of the sampling hash
     * @return the new config
     */
    public PredictionLogConfig withSeed(long newSeed) {
        return new PredictionLogConfig(sampleRate, maxFileBytes, maxFiles, queueCapacity, clock, newSeed, features);
    }
}
