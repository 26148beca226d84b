package org.mlops4j.monitoring.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.mlops4j.core.PredictionListener;

/**
 * A sampled log of predictions for offline analysis: one JSON object per line, in files named
 * {@code predictions-<yyyyMMdd-HHmmss>-<n>.jsonl} (UTC) that rotate by size, keeping the newest
 * {@link PredictionLogConfig#maxFiles()}: newest by {@code <n>}, a sequence that only grows (it
 * continues from the files in the directory), not by the time in the name, which goes back with
 * the clock.
 *
 * <p>Each line has {@code predictionId}, {@code requestId} and {@code routingKey} (when the caller
 * gave them), {@code timestamp} (ISO-8601), {@code endpoint}, {@code variant}, {@code fallback}
 * (only when true: the fallback answered), {@code model} ({@code name/version}),
 * {@code latencyNanos}, {@code confidence} (or null), {@code input} (or {@code features}, an object
 * of the features read, when the config has a feature reader that reads the input) and
 * {@code output} as Jackson serialises them (or as {@code String.valueOf} when Jackson cannot), and
 * {@code error} (the failure's {@code toString()}, or null).
 *
 * <p>{@link #onPrediction} decides on the caller's thread whether to keep the event (a hash of its
 * id and the seed, no lock) and hands kept events to a bounded queue; one daemon thread named
 * {@code mlops-prediction-log} serialises and writes them. When the queue is full the event is
 * dropped and counted. I/O and serialisation problems are logged and counted, never thrown to the
 * caller. Thread-safe.
 */
public interface PredictionLog extends PredictionListener<Object, Object>, AutoCloseable {

    /**
     * Opens a log writing into a directory, creating the directory if needed.
     *
     * @param directory where the log files go
     * @param config sampling, rotation and queue config
     * @return the open log
     * @throws NullPointerException if an argument is null
     * @throws UncheckedIOException if the directory cannot be created
     */
    static PredictionLog open(Path directory, PredictionLogConfig config) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create prediction log directory " + directory, e);
        }
        return new JsonLinesPredictionLog(directory, config);
    }

    /**
     * Blocks until every event queued before this call is written and flushed to the file.
     *
     * @throws IllegalStateException if the log is closed
     */
    void flush();

    /**
     * Writes every queued event, closes the current file and stops the writer thread. Events that
     * arrive afterwards are dropped and counted. Idempotent.
     */
    @Override
    void close();

    /**
     * Returns how many events the sampling kept (whether or not they were written since).
     *
     * @return the count since opening
     */
    long sampled();

    /**
     * Returns how many lines were written.
     *
     * @return the count since opening
     */
    long written();

    /**
     * Returns how many kept events were dropped because the queue was full or the log was closed.
     *
     * @return the count since opening
     */
    long dropped();

    /**
     * Returns how many I/O operations (write, open, rotate, delete) failed.
     *
     * @return the count since opening
     */
    long ioErrors();

    /**
     * Returns how many inputs or outputs Jackson could not serialise and were written with
     * {@code String.valueOf} instead.
     *
     * @return the count since opening
     */
    long serializationFallbacks();

    /**
     * Returns how many events' lines were larger than a file ({@code maxFileBytes}) and were written
     * without their input, output and error, with {@code "truncated"} giving the size of the whole
     * line (an event that does not fit even so is dropped and counted in {@link #dropped()}).
     *
     * @return the count since opening
     */
    long truncated();
}
