package org.mlops4j.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.mlops4j.core.OutputReader;
import org.mlops4j.serving.RowResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one partition on an executor: loads the broadcast model once, answers the rows as Spark
 * pulls them, a chunk of {@code chunkSize} rows per batch call (a partition is never held in
 * memory, one chunk is), and closes the predictor when the task ends, whether it succeeded or
 * failed. A row the model refuses (or fails on) gets its error column set and the job goes on.
 */
final class PartitionScorer<O> implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionScorer.class);

    private final Broadcast<ShippedModel> model;
    private final ExecutorModelLoader<O> loader;
    private final String[] columns;
    private final LongAccumulator scored;
    private final LongAccumulator failed;
    private final LongAccumulator batches;
    private final int chunkSize;

    PartitionScorer(Broadcast<ShippedModel> model, ExecutorModelLoader<O> loader, String[] columns, int chunkSize,
            ScoringCounters counters) {
        this.model = model;
        this.loader = loader;
        this.columns = columns.clone();
        this.chunkSize = chunkSize;
        this.scored = counters.scored();
        this.failed = counters.failed();
        this.batches = counters.batches();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ShippedModel shipped = model.value();
        ScoringModel<O> loaded = load(shipped);
        if (loaded.predictor() instanceof AutoCloseable closeable) {
            TaskContext task = TaskContext.get();
            if (task == null) {
                throw new IllegalStateException("scoring runs in a Spark task, but there is none on this thread");
            }
            task.addTaskCompletionListener(new TaskCompletionListener() {
                @Override
                public void onTaskCompletion(TaskContext context) {
                    close(closeable, shipped);
                }
            });
        }
        return new ChunkIterator(rows, loaded, shipped.version());
    }

    /** Pulls up to {@code chunkSize} rows, answers them in one batch call, then hands them out. */
    private final class ChunkIterator implements Iterator<Row> {

        private final Iterator<Row> rows;
        private final ScoringModel<O> loaded;
        private final int version;
        private final List<Row> chunk = new ArrayList<>();
        private final Deque<Row> answered = new ArrayDeque<>();

        ChunkIterator(Iterator<Row> rows, ScoringModel<O> loaded, int version) {
            this.rows = rows;
            this.loaded = loaded;
            this.version = version;
        }

        @Override
        public boolean hasNext() {
            return !answered.isEmpty() || rows.hasNext();
        }

        @Override
        public Row next() {
            if (answered.isEmpty()) {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException("the partition has no more rows");
                }
                chunk.clear();
                while (chunk.size() < chunkSize && rows.hasNext()) {
                    chunk.add(rows.next());
                }
                answer(chunk, loaded, version, answered);
            }
            return answered.removeFirst();
        }
    }

    private static void close(AutoCloseable closeable, ShippedModel shipped) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Every row is answered by now: a failed close costs a native resource, not the task.
            LOG.warn("closing the predictor of {} failed", shipped.uri(), e);
        }
    }

    private ScoringModel<O> load(ShippedModel shipped) {
        ScoringModel<O> loaded;
        try {
            loaded = loader.load(shipped.bytes());
        } catch (RuntimeException e) {
            // A model that cannot load is no bad row: every row would fail, so the job does.
            throw new IllegalStateException("cannot load " + shipped.uri() + " (sha256 " + shipped.sha256()
                    + ", " + shipped.size() + " bytes) on an executor: " + e.getMessage(), e);
        }
        if (loaded == null) {
            throw new IllegalStateException("the loader of " + shipped.uri() + " returned null");
        }
        LOG.debug("loaded {} for a partition", shipped.uri());
        return loaded;
    }
    private void answer(List<Row> chunk, ScoringModel<O> loaded, int version, Deque<Row> out) {
        List<Map<String, ?>> features = new ArrayList<>(chunk.size());
        for (Row row : chunk) {
            Map<String, Object> map = new HashMap<>();
            for (int i = 0; i < columns.length; i++) {
                map.put(columns[i], row.get(i));
            }
            features.add(map);
        }
        List<RowResult<O>> results;
        try {
            results = loaded.batch().predictBatch(features);
        } catch (RuntimeException e) {
            // The whole call failed (a runtime error, one row the batch call cannot skip): each row
            // then gets its own answer or error from the row-by-row predictor.
            LOG.debug("a batch of {} rows failed as a whole; answering them one by one", chunk.size(), e);
            results = ChunkPredictor.perRow(loaded.predictor()).predictBatch(features);
        }
        if (results == null || results.size() != chunk.size()) {
            throw new IllegalStateException("the batch predictor must answer each of " + chunk.size()
                    + " rows but gave " + (results == null ? "null" : results.size() + " results"));
        }
        for (int i = 0; i < chunk.size(); i++) {
            RowResult<O> result = results.get(i);
            if (result == null || result.index() != i) {
                throw new IllegalStateException("the batch predictor's result " + i + " must be row " + i
                        + " but was " + (result == null ? "null" : "row " + result.index()));
            }
            out.addLast(row(chunk.get(i), result, loaded.outputs(), version));
        }
        batches.add(1);
    }

    private Row row(Row row, RowResult<O> result, OutputReader<O> outputs, int version) {
        Object[] values = new Object[columns.length + ScoreColumns.COUNT];
        for (int i = 0; i < columns.length; i++) {
            values[i] = row.get(i);
        }
        int at = columns.length;
        values[at + 3] = version;
        try {
            if (result.error().isPresent()) {
                throw result.error().get();
            }
            O answer = result.output().orElseThrow(() -> new IllegalStateException("the predictor returned null"));
            values[at] = outputs.label(answer);
            values[at + 1] = orNull(outputs.value(answer));
            values[at + 2] = orNull(outputs.confidence(answer));
        } catch (RuntimeException e) {
            // One bad row must not fail the job: its reason goes to the error column.
            values[at] = null;
            values[at + 1] = null;
            values[at + 2] = null;
            values[at + 4] = e.getClass().getSimpleName() + ": " + e.getMessage();
            failed.add(1);
        }
        scored.add(1);
        return RowFactory.create(values);
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
