package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.Clock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link ProductionCapture} writing JSON lines on one writer thread. */
final class JsonLinesCapture implements ProductionCapture {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesCapture.class);

    /** What the writer thread writes. */
    private sealed interface Item permits Prediction, Label {
    }

    private record Prediction(PredictionEvent<?, ?> event) implements Item {
    }

    private record Label(String predictionId, GroundTruth truth, Instant time, String source) implements Item {
    }

    private final Path directory;
    private final IdSampler sampler;
    private final Clock clock;
    private final SingleWriterQueue<Item> queue;
    private final CaptureFiles files;
    private final PredictionLines lines;
    private final ObjectMapper mapper = new ObjectMapper();
    private final LongAdder sampledPredictions = new LongAdder();
    private final LongAdder sampledLabels = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder ioErrors = new LongAdder();
    private volatile long droppedFiles;
    private volatile long droppedRows;

    JsonLinesCapture(Path directory, CaptureConfig config) throws IOException {
        this.directory = directory;
        this.sampler = new IdSampler(config.sampleRate(), config.seed());
        this.clock = config.clock();
        this.files = new CaptureFiles(directory, config);
        this.droppedFiles = files.droppedFiles();
        this.droppedRows = files.droppedRows();
        this.lines = new PredictionLines(new LongAdder(), Optional.empty());
        // Last: the writer thread starts here and reads the fields above.
        this.queue = new SingleWriterQueue<>("production capture in " + directory, "mlops-production-capture",
                config.queueCapacity(), dropped, this::writeItem, this::flushFiles, this::seal);
    }

    @Override
    public void onPrediction(PredictionEvent<?, ?> event) {
        if (event.output().isEmpty() || !sampler.keeps(event.predictionId())) {
            return;
        }
        sampledPredictions.increment();
        queue.offer(new Prediction(event));
    }

    @Override
    public void onFeedback(FeedbackEvent<?, ?> event) {
        if (event.feedback() instanceof GroundTruth truth) {
            label(event.prediction().predictionId(), truth, event.receivedAt(), FEEDBACK);
        }
    }

    @Override
    public void recordLabel(String predictionId, GroundTruth truth, String source) {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank but was '" + source + "'");
        }
        label(predictionId, truth, clock.now(), source);
    }

    private void label(String predictionId, GroundTruth truth, Instant time, String source) {
        if (!sampler.keeps(predictionId)) {
            return;
        }
        sampledLabels.increment();
        queue.offer(new Label(predictionId, truth, time, source));
    }

    private void writeItem(Item item) {
        if (item instanceof Prediction p) {
            writePrediction(p.event());
        } else if (item instanceof Label l) {
            writeLabel(l);
        }
    }

    private void seal() {
        try {
            files.close();
        } catch (IOException | RuntimeException e) {
            ioError("seal its files", e);
        }
        counts();
    }

    private void writePrediction(PredictionEvent<?, ?> event) {
        String line;
        try {
            line = lines.toLine(event);
        } catch (IOException | RuntimeException e) {
            ioError("serialise prediction " + event.predictionId(), e);
            return;
        }
        write(CaptureManifest.PREDICTIONS, line, event.timestamp(), event.predictionId());
    }

    private void writeLabel(Label label) {
        ObjectNode node = mapper.createObjectNode();
        node.put("predictionId", label.predictionId());
        if (label.truth().isLabel()) {
            node.put("label", label.truth().label());
        } else {
            node.put("value", label.truth().value());
        }
        node.put("time", label.time().toString());
        node.put("source", label.source());
        String line;
        try {
            line = mapper.writeValueAsString(node);
        } catch (IOException e) {
            ioError("serialise the label of " + label.predictionId(), e);
            return;
        }
        write(CaptureManifest.LABELS, line, label.time(), label.predictionId());
    }

    private void write(String kind, String line, Instant time, String id) {
        try {
            if (files.write(kind, line.getBytes(StandardCharsets.UTF_8), time)) {
                written.increment();
            } else {
                dropped.increment();
                LOG.warn("Production capture in {} dropped the {} line of {}: larger than a file", directory, kind, id);
            }
        } catch (IOException | RuntimeException e) {
            files.abandon(kind);
            ioError("write the " + kind + " line of " + id, e);
        }
        counts();
    }

    private void counts() {
        droppedFiles = files.droppedFiles();
        droppedRows = files.droppedRows();
    }

    private void flushFiles() {
        try {
            files.flush();
        } catch (IOException e) {
            ioError("flush", e);
        }
    }

    private void ioError(String what, Exception e) {
        ioErrors.increment();
        LOG.warn("Production capture in {} could not {}: {}", directory, what, e.toString(), e);
    }

    @Override
    public Path directory() {
        return directory;
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
    public long sampledPredictions() {
        return sampledPredictions.sum();
    }

    @Override
    public long sampledLabels() {
        return sampledLabels.sum();
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
    public long droppedFiles() {
        return droppedFiles;
    }

    @Override
    public long droppedRows() {
        return droppedRows;
    }

    @Override
    public long ioErrors() {
        return ioErrors.sum();
    }

    @Override
    public String toString() {
        return "ProductionCapture[" + directory + ", written=" + written.sum() + ", dropped=" + dropped.sum() + "]";
    }
}
