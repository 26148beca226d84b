package org.mlops4j.monitoring.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.PredictionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link PredictionLog} writing JSON lines on one writer thread. */
final class JsonLinesPredictionLog implements PredictionLog {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesPredictionLog.class);

    private final Path directory;
    private final IdSampler sampler;
    private final SingleWriterQueue<PredictionEvent<?, ?>> queue;
    private final RotatingFiles files;
    private final PredictionLines lines;
    private final LongAdder sampled = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder ioErrors = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final long maxLineBytes;

    JsonLinesPredictionLog(Path directory, PredictionLogConfig config) {
        this.directory = directory;
        this.sampler = new IdSampler(config.sampleRate(), config.seed());
        this.files = new RotatingFiles(directory, config.maxFileBytes(), config.maxFiles(), config.clock());
        this.maxLineBytes = config.maxFileBytes() - 1;   // and its newline
        this.lines = new PredictionLines(fallbacks, config.features());
        // Last: the writer thread starts here and reads the fields above.
        this.queue = new SingleWriterQueue<>("prediction log in " + directory, "mlops-prediction-log",
                config.queueCapacity(), dropped, this::write, this::flushFiles, this::closeFiles);
    }

    @Override
    public void onPrediction(PredictionEvent<?, ?> event) {
        if (!sampler.keeps(event.predictionId())) {
            return;
        }
        sampled.increment();
        queue.offer(event);
    }

    private void closeFiles() {
        try {
            files.close();
        } catch (IOException e) {
            ioError("close", e);
        }
    }

    private void write(PredictionEvent<?, ?> event) {
        String line;
        try {
            line = lines.toLine(event);
        } catch (IOException | RuntimeException e) {
            ioError("serialise prediction " + event.predictionId(), e);
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxLineBytes) {
            // One event larger than a file (a huge input) would make a file past the rotation size:
            // its line is written without its input and output, marked, and counted.
            truncated.increment();
            try {
                bytes = lines.truncatedLine(event, bytes.length).getBytes(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                ioError("serialise prediction " + event.predictionId(), e);
                return;
            }
            if (bytes.length > maxLineBytes) {
                dropped.increment();
                LOG.debug("prediction {} does not fit in a log file of {} bytes even truncated; dropped",
                        event.predictionId(), maxLineBytes + 1);
                return;
            }
        }
        try {
            files.write(bytes);
            written.increment();
        } catch (IOException | RuntimeException e) {
            files.abandonCurrent();
            ioError("write prediction " + event.predictionId(), e);
        }
    }

    private void flushFiles() {
        try {
            files.flush();
        } catch (IOException e) {
            files.abandonCurrent();
            ioError("flush", e);
        }
    }

    private void ioError(String what, Exception e) {
        ioErrors.increment();
        LOG.warn("Prediction log in {} could not {}: {}", directory, what, e.toString(), e);
    }

    @Override
    public void flush() {
        queue.flush();
    }

    @Override
    public void close() {
        queue.close();
    }

    @Override
    public long sampled() {
        return sampled.sum();
    }

    @Override
    public long written() {
        return written.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long ioErrors() {
        return ioErrors.sum();
    }

    @Override
    public long truncated() {
        return truncated.sum();
    }

    @Override
    public long serializationFallbacks() {
        return fallbacks.sum();
    }

    @Override
    public String toString() {
        return "PredictionLog[" + directory + ", written=" + written.sum() + ", dropped=" + dropped.sum() + "]";
    }
}
