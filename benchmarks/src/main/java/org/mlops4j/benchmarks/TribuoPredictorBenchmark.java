package org.mlops4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tribuo.TribuoSchemas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;

/**
 * What the Tribuo adapter costs over calling Tribuo directly, for one 20-feature row (16 numeric,
 * 4 categorical): {@code tribuoDirect} scores a prebuilt example, {@code tribuoFromRow} builds the
 * example from the row as a caller of raw Tribuo must, {@code tribuoPredictor} goes through
 * {@link TribuoPredictor} (encoding plus the unknown-feature check), and {@code schemaValidate}
 * checks the row against its inferred schema.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TribuoPredictorBenchmark {

    private static final int NUMERIC = 16;
    private static final String[] CATEGORIES = {"a", "b", "c", "d"};

    private Model<Label> model;
    private TribuoPredictor<Label> predictor;
    private Schema schema;
    private Map<String, Object> row;
    private ArrayExample<Label> example;

    /** Trains a logistic regression on 2,000 generated rows. */
    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(17);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> r = row(rnd);
            rows.add(r);
            labels.add(new Label((Double) r.get("f0") + (Double) r.get("f1") > 1.0 ? "pos" : "neg"));
        }
        MutableDataset<Label> data = TribuoExamples.dataset(rows, labels, new LabelFactory(), "benchmark rows");
        model = new LogisticRegressionTrainer().train(data);
        predictor = TribuoPredictor.of(model);
        schema = TribuoSchemas.infer(data);
        row = rows.get(0);
        example = TribuoExamples.example(row, new Label("neg"));
    }

    private static Map<String, Object> row(SplittableRandom rnd) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int f = 0; f < NUMERIC; f++) {
            r.put("f" + f, 0.01 + 0.98 * rnd.nextDouble());
        }
        for (int c = 0; c < 4; c++) {
            r.put("c" + c, CATEGORIES[rnd.nextInt(CATEGORIES.length)]);
        }
        return r;
    }

    /** @return Tribuo scoring a prebuilt example: the floor. */
    @Benchmark
    public Prediction<Label> tribuoDirect() {
        return model.predict(example);
    }

    /** @return Tribuo scoring after building the example from the row by hand. */
    @Benchmark
    public Prediction<Label> tribuoFromRow() {
        return model.predict(TribuoExamples.example(row, LabelFactory.UNKNOWN_LABEL));
    }

    /** @return the adapter scoring the row. */
    @Benchmark
    public Prediction<Label> tribuoPredictor() {
        return predictor.predict(row);
    }

    /** @return the schema check of the row. */
    @Benchmark
    public int schemaValidate() {
        return schema.validate(row).size();
    }
}
