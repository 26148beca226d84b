package org.mlops4j.monitoring.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.mlops4j.core.PredictionListener;
import org.mlops4j.core.feedback.FeedbackListener;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;

/**
 * Captures labelled production data for retraining: a sampled share of an endpoint's answered
 * predictions and the ground truth that later comes back for them, written as JSON lines into a
 * directory that {@link CapturedData#read} reads back (and Spark's {@code PredictionLogs} too).
 *
 * <pre>{@code
 * ProductionCapture capture = ProductionCapture.open(dir, CaptureConfig.ofDefaults().withSampling(0.2, 7));
 * endpoint.addListener(capture);   // also subscribes it to endpoint.feedback()
 * }</pre>
 *
 * <p><b>Layout.</b> {@code predictions/predictions-<yyyyMMdd-HHmmss>-<n>.jsonl}, one line per
 * prediction in {@link PredictionLog}'s format; {@code labels/labels-<yyyyMMdd-HHmmss>-<n>.jsonl},
 * one line per label: {@code predictionId}, {@code label} (a class) or {@code value} (a number),
 * {@code time} (ISO-8601) and {@code source} ({@code "feedback"} for ground truth from the
 * endpoint's feedback join, or what {@link #recordLabel} was given, {@code "review"} say); and
 * {@code manifest.json}: the format version, every sealed file with its kind, rows, bytes, first
 * and last timestamps and SHA-256, and the files and rows dropped by the bounds. A file is sealed
 * when it reaches {@code maxFileRows} or {@code maxFileBytes}, and on {@link #close()}; the
 * manifest is then rewritten atomically (a temporary file moved over it). Files being written are
 * not in the manifest; after a crash, {@link #open} seals them (a torn last line is left for the
 * reader to skip and count).
 *
 * <p><b>Sampling.</b> A hash of the prediction id and the seed decides, with no lock, on the
 * calling thread; labels go through the same decision, so exactly the labels of kept predictions
 * are kept. Only answered predictions are captured (a failure has no answer to learn from).
 *
 * <p><b>Bounds.</b> Beyond {@code maxTotalBytes} or {@code maxFiles}, the oldest sealed files are
 * deleted: their files and rows are counted ({@link #droppedFiles()}, {@link #droppedRows()}), kept
 * in the manifest and logged at WARN. Kept events wait in a bounded queue for one daemon writer
 * thread named {@code mlops-production-capture}; a full queue drops the event and counts it. I/O
 * failures are logged and counted, never thrown to the caller. Thread-safe.
 */
public interface ProductionCapture extends PredictionListener<Object, Object>, FeedbackListener<Object, Object>,
        AutoCloseable {

    /** The label source of ground truth that arrives through a feedback join. */
    String FEEDBACK = "feedback";

    /**
     * Opens a capture writing into a directory, creating it if needed, continuing an earlier
     * capture's manifest and sealing the files a crash left open.
     *
     * @param directory where the capture's files go
     * @param config sampling, bounds and queue
     * @return the open capture
     * @throws NullPointerException if an argument is null
     * @throws UncheckedIOException if the directory cannot be created or its manifest cannot be read
     */
    static ProductionCapture open(Path directory, CaptureConfig config) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(directory);
            return new JsonLinesCapture(directory, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open production capture in " + directory, e);
        }
    }

    /** @return none: a label line needs only the prediction id, which the join always keeps */
    @Override
    default Set<PredictionField> reads() {
        return PredictionField.none();
    }

    /**
     * Records a label that did not come through the feedback join (a reviewer's, a batch job's),
     * timed by the config's clock; kept only when the prediction id is sampled.
     *
     * @param predictionId the prediction's id
     * @param truth its true outcome
     * @param source where the label came from, e.g. {@code "review"}; not blank
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code source} is blank
     */
    void recordLabel(String predictionId, GroundTruth truth, String source);

    /** @return the directory the capture writes into */
    Path directory();

    /**
     * Blocks until every event queued before this call is written and flushed to its file (not
     * sealed: {@link CapturedData#read} reads files being written too).
     *
     * @throws IllegalStateException if the capture is closed
     */
    void flush();

    /** Writes every queued event, seals the files, updates the manifest and stops the writer. Idempotent. */
    @Override
    void close();

    /** @return how many predictions the sampling kept since opening */
    long sampledPredictions();

    /** @return how many labels the sampling kept since opening */
    long sampledLabels();

    /** @return how many lines (predictions and labels) were written since opening */
    long written();

    /** @return how many kept events were dropped (queue full, capture closed, line larger than a file) */
    long dropped();

    /** @return how many sealed files the bounds deleted, in this directory's whole history (from the manifest) */
    long droppedFiles();

    /** @return how many rows the deleted files held, in this directory's whole history */
    long droppedRows();

    /** @return how many I/O or serialisation operations failed since opening */
    long ioErrors();
}
