package org.mlops4j.serving;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.Predictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a large input offline (a nightly demand forecast, a backfill): the input is read in chunks
 * on the calling thread, chunks are scored in parallel, and results are delivered in input order.
 *
 * <pre>{@code
 * BatchPredictor<Row, Forecast> batch = BatchPredictor.of(model, BatchConfig.ofDefaults().withChunkSize(512));
 * try (Stream<Row> rows = Files.lines(path).map(Row::parse)) {
 *     batch.predict(rows.iterator(), r -> writer.write(r));   // bounded memory, in order
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> A row whose prediction throws a {@link RuntimeException} (an
 * {@link InvalidInputException} included) or whose input is null gets a failed {@link RowResult} and
 * the batch goes on. An {@link Error} from the model stops the batch and is rethrown to the caller;
 * so is an exception from the input iterator or the sink.
 *
 * <p><b>Memory.</b> At most {@link BatchConfig#maxChunksInFlight()} chunks are read from the input
 * and not yet delivered to the sink, so the streaming form scores inputs of any length in
 * {@code maxChunksInFlight * chunkSize} rows of memory; the collecting forms hold every result.
 *
 * <p><b>Threads.</b> Each call runs on its own pool of {@link BatchConfig#parallelism()} daemon
 * threads, shut down when the call returns or throws. The input iterator, the sink and the progress
 * listener are called on the calling thread only, so none of them needs to be thread-safe; the
 * predictor is called from the pool's threads at once and must be. Progress is logged at INFO every
 * {@link BatchConfig#progressInterval()} and at the end.
 *
 * <p>Thread-safe: one instance may run several batches at once, each with its own pool.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class BatchPredictor<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPredictor.class);

    private final Predictor<I, O> predictor;
    private final BatchConfig config;
    private final long intervalNanos;
    private final AtomicInteger batches = new AtomicInteger();

    private BatchPredictor(Predictor<I, O> predictor, BatchConfig config) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.config = Objects.requireNonNull(config, "config");
        long nanos;
        try {
            nanos = config.progressInterval().toNanos();
        } catch (ArithmeticException e) {
            // An interval of centuries: report only at the end.
            nanos = Long.MAX_VALUE;
        }
        this.intervalNanos = nanos;
    }

    /**
     * Creates a batch predictor.
     *
     * @param predictor the model; called from several threads at once
     * @param config threads, chunks, memory bound and progress reporting
     * @param <I> the input type
     * @param <O> the output type
     * @return the batch predictor
     * @throws NullPointerException if an argument is null
     */
    public static <I, O> BatchPredictor<I, O> of(Predictor<I, O> predictor, BatchConfig config) {
        return new BatchPredictor<>(predictor, config);
    }

    /**
     * Scores every input and collects the results in input order.
     *
     * @param inputs the inputs, iterated once on the calling thread
     * @return one result per input, and the totals
     * @throws NullPointerException if {@code inputs} is null
     * @throws IllegalStateException if the calling thread is interrupted (its interrupt flag is kept)
     * @throws Error what the model threw as an {@link Error}
     */
    public BatchResult<O> predict(Iterable<? extends I> inputs) {
        return collect(Objects.requireNonNull(inputs, "inputs").iterator());
    }

    /**
     * Scores every element of a stream and collects the results in order. The stream is consumed
     * lazily through its iterator and is not closed: close it when it holds a resource.
     *
     * @param inputs the inputs
     * @return one result per input, and the totals
     * @throws NullPointerException if {@code inputs} is null
     * @throws IllegalStateException if the calling thread is interrupted (its interrupt flag is kept)
     * @throws Error what the model threw as an {@link Error}
     */
    public BatchResult<O> predict(Stream<? extends I> inputs) {
        return collect(Objects.requireNonNull(inputs, "inputs").iterator());
    }

    private BatchResult<O> collect(Iterator<? extends I> inputs) {
        List<RowResult<O>> rows = new ArrayList<>();
        BatchProgress totals = predict(inputs, rows::add);
        return new BatchResult<>(rows, totals);
    }

    /**
     * Scores every input and hands each result to {@code sink} in input order, holding at most
     * {@link BatchConfig#maxChunksInFlight()} chunks in memory: for inputs larger than memory.
     *
     * @param inputs the inputs, read on the calling thread only as fast as results are delivered
     * @param sink receives every row's result in input order, on the calling thread
     * @return the totals
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException if the calling thread is interrupted (its interrupt flag is kept)
     * @throws Error what the model threw as an {@link Error}
     */
    public BatchProgress predict(Iterator<? extends I> inputs, Consumer<? super RowResult<O>> sink) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(sink, "sink");
        int batch = batches.incrementAndGet();
        ExecutorService pool = newPool(batch);
        Progress progress = new Progress(batch);
        Deque<Future<List<RowResult<O>>>> inFlight = new ArrayDeque<>();
        boolean done = false;
        try {
            long next = 0;
            while (true) {
                while (inFlight.size() < config.maxChunksInFlight() && inputs.hasNext()) {
                    List<I> chunk = new ArrayList<>(config.chunkSize());
                    while (chunk.size() < config.chunkSize() && inputs.hasNext()) {
                        chunk.add(inputs.next());
                    }
                    long first = next;
                    next += chunk.size();
                    inFlight.addLast(pool.submit(() -> score(first, chunk)));
                }
                Future<List<RowResult<O>>> head = inFlight.pollFirst();
                if (head == null) {
                    break;
                }
                List<RowResult<O>> rows = await(head, progress);
                for (RowResult<O> row : rows) {
                    sink.accept(row);
                }
                progress.delivered(rows);
            }
            done = true;
            return progress.finish();
        } finally {
            if (done) {
                pool.shutdown();
            } else {
                // Stops the chunks still running and drops those not started.
                pool.shutdownNow();
            }
        }
    }

    private ExecutorService newPool(int batch) {
        AtomicInteger threadNumber = new AtomicInteger();
        return Executors.newFixedThreadPool(config.parallelism(), r -> {
            Thread t = new Thread(r, "mlops-batch-" + batch + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private List<RowResult<O>> score(long first, List<I> chunk) {
        List<RowResult<O>> rows = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                // Only shutdownNow interrupts the pool: the batch was abandoned.
                throw new CancellationException("batch abandoned at row " + (first + i));
            }
            long index = first + i;
            I input = chunk.get(i);
            if (input == null) {
                rows.add(RowResult.failure(index, new NullPointerException("input of row " + index + " is null")));
                continue;
            }
            try {
                rows.add(RowResult.success(index, predictor.predict(input)));
            } catch (RuntimeException e) {
                rows.add(RowResult.failure(index, e));
            }
        }
        return rows;
    }

    private List<RowResult<O>> await(Future<List<RowResult<O>>> chunk, Progress progress) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch " + progress.batch + " interrupted after " + progress.rows
                    + " rows", e);
        } catch (ExecutionException e) {
            throw TaskFailures.rethrow(e, cause -> new IllegalStateException("batch " + progress.batch + " failed after "
                    + progress.rows + " rows", cause));
        }
    }

    /** The counters of one batch and its reports; used on the calling thread only. */
    private final class Progress {
        private final int batch;
        private final long start;
        private long lastReport;
        private long rows;
        private long errors;
        private long listenerFailures;

        Progress(int batch) {
            this.batch = batch;
            this.start = config.clock().nanoTime();
            this.lastReport = start;
        }

        void delivered(List<RowResult<O>> chunk) {
            rows += chunk.size();
            for (RowResult<O> row : chunk) {
                if (!row.succeeded()) {
                    errors++;
                }
            }
            long now = config.clock().nanoTime();
            if (now - lastReport >= intervalNanos) {
                lastReport = now;
                BatchProgress p = snapshot(now, false);
                if (LOG.isInfoEnabled()) {
                    LOG.info("batch {}: {} rows scored, {} errors, {} rows/s", batch, p.rows(), p.errors(),
                            rate(p));
                }
                report(p);
            }
        }

        BatchProgress finish() {
            BatchProgress p = snapshot(config.clock().nanoTime(), true);
            if (LOG.isInfoEnabled()) {
                LOG.info("batch {} finished: {} rows scored, {} errors, in {} ({} rows/s){}", batch, p.rows(),
                        p.errors(), p.elapsed(), rate(p), listenerFailures == 0 ? ""
                                : "; the progress listener failed " + listenerFailures + " times");
            }
            report(p);
            return p;
        }

        private BatchProgress snapshot(long now, boolean finished) {
            return new BatchProgress(rows, errors, Duration.ofNanos(Math.max(0, now - start)), finished);
        }

        private String rate(BatchProgress p) {
            double r = p.rowsPerSecond();
            return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.1f", r);
        }

        private void report(BatchProgress p) {
            try {
                config.progressListener().accept(p);
            } catch (RuntimeException e) {
                // The listener is a side channel: its failure never stops the batch.
                listenerFailures++;
                if (listenerFailures == 1) {
                    LOG.warn("batch {}: progress listener failed; later failures are only counted", batch, e);
                }
            }
        }
    }
}
