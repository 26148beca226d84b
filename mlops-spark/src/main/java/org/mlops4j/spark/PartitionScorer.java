package org.mlops4j.spark;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.mlops4j.core.OutputReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one partition on an executor: loads the broadcast model once, answers the rows as Spark
 * pulls them (a partition is never held in memory), and closes the predictor when the task ends,
 * whether it succeeded or failed. A row the model refuses (or fails on) gets its error column set
 * and the job goes on.
 */
final class PartitionScorer<O> implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionScorer.class);

    private final Broadcast<ShippedModel> model;
    private final ExecutorModelLoader<O> loader;
    private final String[] columns;
    private final LongAccumulator scored;
    private final LongAccumulator failed;

    PartitionScorer(Broadcast<ShippedModel> model, ExecutorModelLoader<O> loader, String[] columns,
            LongAccumulator scored, LongAccumulator failed) {
        this.model = model;
        this.loader = loader;
        this.columns = columns.clone();
        this.scored = scored;
        this.failed = failed;
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
        int version = shipped.version();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return score(rows.next(), loaded, version);
            }
        };
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
    private Row score(Row row, ScoringModel<O> loaded, int version) {
        Map<String, Object> features = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            features.put(columns[i], row.get(i));
        }
        Object[] values = new Object[columns.length + ScoreColumns.COUNT];
        for (int i = 0; i < columns.length; i++) {
            values[i] = row.get(i);
        }
        int at = columns.length;
        values[at + 3] = version;
        try {
            O answer = loaded.predictor().predict(features);
            if (answer == null) {
                throw new IllegalStateException("the predictor returned null");
            }
            OutputReader<O> outputs = loaded.outputs();
            values[at] = outputs.label(answer);
            values[at + 1] = orNull(outputs.value(answer));
            values[at + 2] = orNull(outputs.confidence(answer));
        } catch (RuntimeException e) {
            // One bad row must not fail the job: its reason goes to the error column.
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
