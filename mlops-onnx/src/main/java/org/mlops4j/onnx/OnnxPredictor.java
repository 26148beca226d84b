package org.mlops4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.DenseBatch;
import org.mlops4j.serving.RowResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model exported to ONNX (from scikit-learn, XGBoost, PyTorch, Tribuo...), served by ONNX Runtime
 * on inputs of named features: maps by default, records and beans through a
 * {@link FeatureExtractor}. The {@link ModelSignature} says which feature goes in which column of
 * the model's one 2-D float input (its inputs in column order), and how to read the model's first
 * output (a classifier's labels in column order, or a value). The session is checked against the
 * signature when the model loads ({@link OnnxModelInfo#check}), so a mismatch fails at load, not on
 * the first request.
 *
 * <p>Thread-safe: ONNX Runtime runs concurrent requests on one session. Close it with the
 * endpoint (a variant's predictor is closed when the rollout that loaded it is rolled back).
 * An input whose feature is missing, not a number, shaped as a tensor, or NaN (unless
 * {@link OnnxConfig#allowNaN()}) is refused with an {@link InvalidInputException} naming the
 * feature, before the model runs.
 *
 * @param <I> the input type: {@code Map<String, ?>} from the {@code load} methods without an extractor
 */
public final class OnnxPredictor<I> implements Predictor<I, OnnxPrediction>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxPredictor.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelSignature signature;
    private final OnnxModelInfo info;
    private final OnnxRows<I> rows;
    private final String source;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxPredictor(OrtEnvironment environment, OrtSession session, ModelSignature signature, OnnxConfig config,
                          FeatureExtractor<I> extractor, String source) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.source = source;
        this.info = OnnxModelInfo.of(session, "the ONNX model " + source);
        info.check(signature, "the ONNX model " + source);
        this.rows = new OnnxRows<>(extractor.bind(signature.featureNames()), config.allowNaN(), source);
    }

    /**
     * Loads a model file that scores maps of feature name to value.
     *
     * @param file the ONNX file
     * @param signature its inputs (in column order) and outputs
     * @param config how ONNX Runtime runs it
     * @return the predictor; close it when done
     * @throws IllegalArgumentException naming the file and the reason when it is not a model ONNX
     *     Runtime can load, or its inputs and outputs do not match the signature
     */
    public static OnnxPredictor<Map<String, ?>> load(Path file, ModelSignature signature, OnnxConfig config) {
        return load(file, signature, config, FeatureExtractor.maps());
    }

    /**
     * Loads a model file that scores inputs read by an extractor: records, beans, protobuf messages.
     *
     * @param file the ONNX file
     * @param signature its inputs (in column order) and outputs
     * @param config how ONNX Runtime runs it
     * @param extractor reads the signature's features out of an input, e.g. {@code FeatureExtractor.auto()}
     * @param <I> the input type
     * @return the predictor; close it when done
     * @throws IllegalArgumentException naming the file and the reason when it cannot be read, is not
     *     a model ONNX Runtime can load, or does not match the signature
     */
    public static <I> OnnxPredictor<I> load(Path file, ModelSignature signature, OnnxConfig config,
                                            FeatureExtractor<I> extractor) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load the ONNX model " + file + ": " + e, e);
        }
        return load(bytes, file.toString(), signature, config, extractor);
    }

    /**
     * Loads a model from its bytes (the verified bytes of a registry version, for example).
     *
     * @param model the ONNX model's bytes
     * @param source the model's file or name, for messages
     * @param signature its inputs (in column order) and outputs
     * @param config how ONNX Runtime runs it
     * @param extractor reads the signature's features out of an input ({@code FeatureExtractor.maps()}
     *     for maps)
     * @param <I> the input type
     * @return the predictor; close it when done
     * @throws IllegalArgumentException naming the source and the reason when the bytes are not a
     *     model ONNX Runtime can load, or do not match the signature
     */
    public static <I> OnnxPredictor<I> load(byte[] model, String source, ModelSignature signature, OnnxConfig config,
                                            FeatureExtractor<I> extractor) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(extractor, "extractor");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = options(config)) {
            session = env.createSession(model, options);
            return new OnnxPredictor<>(env, session, signature, config, extractor, source);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IllegalArgumentException("cannot load the ONNX model " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    static OrtSession.SessionOptions options(OnnxConfig config) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(config.intraOpThreads());
        o.setInterOpNumThreads(config.interOpThreads());
        o.setOptimizationLevel(switch (config.optimization()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        });
        return o;
    }

    /**
     * Scores one input.
     *
     * @param input the input; features the signature does not name are ignored
     * @return the label and probabilities, or the value
     * @throws InvalidInputException naming the feature when one is missing, not a number, shaped as
     *     a tensor, or NaN (unless allowed), or when the input cannot be read
     * @throws IllegalStateException when ONNX Runtime fails (after close, for example)
     */
    @Override
    public OnnxPrediction predict(I input) {
        float[] x = new float[rows.width()];
        rows.read(input, x, 0);
        return run(x, 1)[0];
    }

    /**
     * Scores many inputs with one call into ONNX Runtime, on a {@code [n, features]} tensor: far
     * cheaper per row than {@link #predict} when rows arrive together. A bad input is refused in
     * its own result, naming the feature, and the others are scored; the model runs only on the
     * good ones (not at all when none is).
     *
     * @param inputs the inputs
     * @return one result per input, in the same order
     * @throws IllegalStateException when ONNX Runtime fails (after close, for example)
     */
    public List<RowResult<OnnxPrediction>> predictBatch(List<? extends I> inputs) {
        return DenseBatch.score(inputs, rows.width(), rows::read, (x, n) -> Arrays.asList(run(x, n)));
    }

    private OnnxPrediction[] run(float[] x, int n) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(x, 0, n * rows.width()),
                new long[] {n, rows.width()});
             OrtSession.Result result = session.run(Map.of(info.inputName(), tensor))) {
            float[][] y = (float[][]) result.get(0).getValue();
            OnnxPrediction[] out = new OnnxPrediction[n];
            for (int i = 0; i < n; i++) {
                out[i] = answer(y[i]);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the model " + source + ": " + e.getMessage(), e);
        }
    }

    private OnnxPrediction answer(float[] y) {
        if (signature.output() == OutputKind.REGRESSION) {
            return new OnnxPrediction(null, Map.of(), y[0]);
        }
        List<String> labels = signature.labels();
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < labels.size(); i++) {
            scores.put(labels.get(i), (double) y[i]);
            if (y[i] > y[best]) {
                best = i;
            }
        }
        return new OnnxPrediction(labels.get(best), scores, Double.NaN);
    }

    /** @return the signature the model is served by */
    public ModelSignature signature() {
        return signature;
    }

    /** @return what the model says about itself: its tensors' names and widths, its metadata */
    public OnnxModelInfo info() {
        return info;
    }

    /** Closes the ONNX Runtime session; later calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(session);
        }
    }

    static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException | IllegalStateException e) {
            LOG.warn("closing an ONNX Runtime session failed", e);
        }
    }

    @Override
    public String toString() {
        return "OnnxPredictor[" + source + ", " + signature.output() + ", " + rows.width() + " features]";
    }
}
