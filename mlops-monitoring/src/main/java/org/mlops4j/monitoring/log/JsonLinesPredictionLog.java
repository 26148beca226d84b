package org.mlops4j.monitoring.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.PredictionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link PredictionLog} writing JSON lines on one writer thread. */
final class JsonLinesPredictionLog implements PredictionLog {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesPredictionLog.class);

    /** What the writer thread takes from the queue. */
    private sealed interface Item permits Event, Flush, Stop {
    }

    private record Event(PredictionEvent<?, ?> event) implements Item {
    }

    private record Flush(CountDownLatch done) implements Item {
    }

    private record Stop() implements Item {
    }

    private final Path directory;
    private final IdSampler sampler;
    private final BlockingQueue<Item> queue;
    private final RotatingFiles files;
    private final PredictionLines lines;
    private final Thread writer;
    private final LongAdder sampled = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder ioErrors = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final long maxLineBytes;
    private volatile boolean closed;

    JsonLinesPredictionLog(Path directory, PredictionLogConfig config) {
        this.directory = directory;
        this.sampler = new IdSampler(config.sampleRate(), config.seed());
        // Events are offered (dropped when full); control items from flush() and close() are put,
        // waiting for the writer to make room.
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.files = new RotatingFiles(directory, config.maxFileBytes(), config.maxFiles(), config.clock());
        this.maxLineBytes = config.maxFileBytes() - 1;   // and its newline
        this.lines = new PredictionLines(fallbacks, config.features());
        this.writer = new Thread(this::run, "mlops-prediction-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void onPrediction(PredictionEvent<?, ?> event) {
        if (!sampler.keeps(event.predictionId())) {
            return;
        }
        sampled.increment();
        if (closed || !queue.offer(new Event(event))) {
            dropped.increment();
        }
    }

    private void run() {
        try {
            while (true) {
                Item item = queue.take();
                if (item instanceof Event e) {
                    write(e.event());
                    if (queue.isEmpty()) {
                        flushFiles();
                    }
                } else if (item instanceof Flush f) {
                    flushFiles();
                    f.done().countDown();
                } else {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                files.close();
            } catch (IOException e) {
                ioError("close", e);
            }
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
        if (closed) {
            throw new IllegalStateException("prediction log in " + directory + " is closed");
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.put(new Flush(done));
            // Stop waiting if close() or a fatal error ended the writer before it reached the item.
            while (!done.await(100, TimeUnit.MILLISECONDS) && writer.isAlive()) {
                // Keep waiting: the writer is still working through earlier events.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(new Stop());
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Events that raced past the closed check after the stop item are dropped, not lost silently.
        for (Item item : queue) {
            if (item instanceof Event) {
                dropped.increment();
            } else if (item instanceof Flush f) {
                f.done().countDown();
            }
        }
        queue.clear();
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
