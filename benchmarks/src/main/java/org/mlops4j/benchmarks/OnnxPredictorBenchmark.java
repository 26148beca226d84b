package org.mlops4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.onnx.OnnxConfig;
import org.mlops4j.onnx.OnnxPrediction;
import org.mlops4j.onnx.OnnxPredictor;
import org.mlops4j.serving.RowResult;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
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
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/**
 * The ONNX predictor against the Tribuo predictor on the same model: a logistic regression over 20
 * numeric features trained on 2,000 rows by Tribuo, and the same model exported to ONNX and run by
 * ONNX Runtime (one thread per operator). Each call scores one row given as a map of named features.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OnnxPredictorBenchmark {

    private static final int FEATURES = 20;

    private TribuoPredictor<Label> tribuo;
    private OnnxPredictor<Map<String, ?>> onnx;
    private Map<String, Object> row;
    private List<Map<String, Object>> batch;
    private Path file;

    /**
     * Trains the model, exports it to ONNX and loads it.
     *
     * @throws IOException if the export fails
     */
    @Setup
    public void setUp() throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                r.put("f" + f, rnd.nextDouble());
            }
            rows.add(r);
            labels.add(new Label((Double) r.get("f0") + (Double) r.get("f1") > 1.0 ? "pos" : "neg"));
        }
        MutableDataset<Label> data = TribuoExamples.dataset(rows, labels, new LabelFactory(), "benchmark rows");
        LinearSGDModel model = new LogisticRegressionTrainer().train(data);
        tribuo = TribuoPredictor.of(model);
        file = Files.createTempFile("mlops4j-benchmark-", ".onnx");
        model.saveONNXModel("org.mlops4j.benchmarks", 1, file);
        Schema inputs = Schema.of(TribuoModels.featureNames(model).stream().map(Feature::numeric).toList());
        onnx = OnnxPredictor.load(file, ModelSignature.classifier(inputs, TribuoModels.labelNames(model)),
                OnnxConfig.ofDefaults());
        row = rows.get(0);
        batch = rows.subList(0, 100);
    }

    /**
     * Closes the session and deletes the file.
     *
     * @throws IOException if the file cannot be deleted
     */
    @TearDown
    public void tearDown() throws IOException {
        onnx.close();
        Files.deleteIfExists(file);
    }

    /** @return Tribuo scoring the row through the adapter */
    @Benchmark
    public Prediction<Label> tribuoPredictor() {
        return tribuo.predict(row);
    }

    /** @return ONNX Runtime scoring the row through the ONNX predictor */
    @Benchmark
    public OnnxPrediction onnxPredictor() {
        return onnx.predict(row);
    }

    /** @return ONNX Runtime scoring 100 rows in one session run (divide by 100 for a row's share) */
    @Benchmark
    public List<RowResult<OnnxPrediction>> onnxBatchOf100() {
        return onnx.predictBatch(batch);
    }
}
