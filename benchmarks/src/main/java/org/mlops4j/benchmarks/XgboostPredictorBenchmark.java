package org.mlops4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.serving.RowResult;
import org.mlops4j.xgboost.XgboostPrediction;
import org.mlops4j.xgboost.XgboostPredictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The XGBoost predictor against xgboost4j used directly, on one model: a {@code binary:logistic}
 * booster of 100 trees of depth 6 over 20 numeric features, trained on 2,000 seeded rows. Each call
 * scores one row (or 100 in the batch benchmark); the predictor reads it from a map of named
 * features, the direct calls from a float array.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XgboostPredictorBenchmark {

    private static final int FEATURES = 20;

    private Booster booster;
    private XgboostPredictor<Map<String, ?>> predictor;
    private Map<String, Object> row;
    private float[] values;
    private List<Map<String, Object>> batch;

    /**
     * Trains the booster and loads its bytes into the predictor.
     *
     * @throws XGBoostError if XGBoost fails
     */
    @Setup
    public void setUp() throws XGBoostError {
        SplittableRandom rnd = new SplittableRandom(17);
        int n = 2_000;
        float[] x = new float[n * FEATURES];
        float[] y = new float[n];
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            names.add("f" + f);
        }
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                double v = rnd.nextDouble();
                x[i * FEATURES + f] = (float) v;
                r.put(names.get(f), v);
            }
            y[i] = x[i * FEATURES] + x[i * FEATURES + 1] > 1.0 ? 1 : 0;
            rows.add(r);
        }
        DMatrix train = new DMatrix(x, n, FEATURES, Float.NaN);
        train.setLabel(y);
        booster = XGBoost.train(train, Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.1,
                "seed", 17, "nthread", 1), 100, Map.of(), null, null);
        train.dispose();
        booster.setParam("nthread", 1);
        Schema inputs = Schema.of(names.stream().map(f -> Feature.numeric(f).optional()).toList());
        predictor = XgboostPredictor.load(booster.toByteArray("ubj"), "benchmark.ubj",
                ModelSignature.classifier(inputs, List.of("neg", "pos")));
        row = rows.get(0);
        values = new float[FEATURES];
        System.arraycopy(x, 0, values, 0, FEATURES);
        batch = rows.subList(0, 100);
    }

    /** Frees both boosters. */
    @TearDown
    public void tearDown() {
        predictor.close();
        booster.dispose();
    }

    /** @return the predictor scoring one row given as a map */
    @Benchmark
    public XgboostPrediction xgboostPredictor() {
        return predictor.predict(row);
    }

    /**
     * @return xgboost4j's in-place prediction on one row's floats, what the predictor calls
     * @throws XGBoostError if XGBoost fails
     */
    @Benchmark
    public float[][] boosterInplacePredict() throws XGBoostError {
        return booster.inplace_predict(values, 1, FEATURES, Float.NaN);
    }

    /**
     * @return xgboost4j's usual path: a one-row DMatrix, predict, dispose
     * @throws XGBoostError if XGBoost fails
     */
    @Benchmark
    public float[][] boosterDMatrixPredict() throws XGBoostError {
        DMatrix m = new DMatrix(values, 1, FEATURES, Float.NaN);
        try {
            return booster.predict(m);
        } finally {
            m.dispose();
        }
    }

    /** @return the predictor scoring 100 rows in one call (divide by 100 for a row's share) */
    @Benchmark
    public List<RowResult<XgboostPrediction>> xgboostBatchOf100() {
        return predictor.predictBatch(batch);
    }
}
