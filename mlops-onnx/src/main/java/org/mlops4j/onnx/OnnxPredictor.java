package org.mlops4j.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model exported to ONNX (from scikit-learn, XGBoost, PyTorch, Tribuo...), served by ONNX Runtime
 * on rows of named features. The {@link OnnxSignature} says which feature goes in which column of
 * the model's one 2-D float input, and how to read its first output. The session is checked against
 * the signature when the model loads (one input; it and the first output 2-D float tensors as wide as
 * the features and the labels), so a mismatch fails at load, not on the first request.
 *
 * <p>Thread-safe: ONNX Runtime runs concurrent requests on one session. Close it with the
 * endpoint (a variant's predictor is closed when the rollout that loaded it is rolled back).
 * A row whose feature is missing, not a number, or NaN (unless {@link OnnxConfig#allowNaN()}) is
 * refused with an {@link InvalidInputException} naming the feature, before the model runs.
 */
public final class OnnxPredictor implements Predictor<Map<String, ?>, OnnxPrediction>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxPredictor.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final OnnxSignature signature;
    private final OnnxConfig config;
    private final String input;
    private final String source;

    private OnnxPredictor(OrtEnvironment environment, OrtSession session, OnnxSignature signature, OnnxConfig config,
                          String source) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.config = config;
        this.source = source;
        this.input = check(session, signature, source);
    }

    /**
     * Loads a model file.
     *
     * @param file the ONNX file
     * @param signature its inputs and outputs
     * @param config how ONNX Runtime runs it
     * @return the predictor; close it when done
     * @throws IllegalArgumentException naming the file and the reason when it is not a model ONNX
     *     Runtime can load, or its inputs and outputs do not match the signature
     */
    public static OnnxPredictor load(Path file, OnnxSignature signature, OnnxConfig config) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(config, "config");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = options(config)) {
            session = env.createSession(file.toString(), options);
            return new OnnxPredictor(env, session, signature, config, file.toString());
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IllegalArgumentException("cannot load the ONNX model " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OrtSession.SessionOptions options(OnnxConfig config) throws OrtException {
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

    /** Checks the session's one input and one output against the signature; returns the input's name. */
    private static String check(OrtSession session, OnnxSignature signature, String source) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the ONNX model " + source + " has " + inputs.size() + " inputs "
                    + inputs.keySet() + "; a signature of named features needs one 2-D float input");
        }
        Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
        long[] inShape = floatMatrix(source, "input", in.getKey(), in.getValue());
        if (inShape[1] >= 0 && inShape[1] != signature.features().size()) {
            throw new IllegalArgumentException("the ONNX model " + source + " takes " + inShape[1] + " features in '"
                    + in.getKey() + "' but the signature names " + signature.features().size() + ": "
                    + signature.features());
        }
        Map.Entry<String, NodeInfo> out = outputs.entrySet().iterator().next();
        long[] outShape = floatMatrix(source, "output", out.getKey(), out.getValue());
        long expected = signature.kind() == OutputKind.CLASSIFICATION ? signature.labels().size() : 1;
        if (outShape[1] >= 0 && outShape[1] != expected) {
            throw new IllegalArgumentException("the ONNX model " + source + " answers " + outShape[1] + " columns in '"
                    + out.getKey() + "' but the signature expects " + expected + (signature.kind()
                    == OutputKind.CLASSIFICATION ? " (one per label " + signature.labels() + ")" : " (a value)"));
        }
        return in.getKey();
    }

    private static long[] floatMatrix(String source, String role, String name, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT
                || t.getShape().length != 2) {
            throw new IllegalArgumentException("the ONNX model " + source + "'s " + role + " '" + name + "' is "
                    + node.getInfo() + "; a 2-D float tensor [batch, columns] is needed");
        }
        return t.getShape();
    }

    /**
     * Scores one row.
     *
     * @param row the features by name; others are ignored
     * @return the label and probabilities, or the value
     * @throws InvalidInputException naming the feature when one is missing, not a number, or NaN
     *     (unless allowed)
     * @throws IllegalStateException when ONNX Runtime fails (after close, for example)
     */
    @Override
    public OnnxPrediction predict(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        List<String> features = signature.features();
        float[][] x = new float[1][features.size()];
        for (int i = 0; i < x[0].length; i++) {
            x[0][i] = value(row, features.get(i));
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, x);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            OnnxValue first = result.get(0);
            float[] y = ((float[][]) first.getValue())[0];
            return answer(y);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the model " + source + ": " + e.getMessage(), e);
        }
    }

    private float value(Map<String, ?> row, String feature) {
        Object v = row.get(feature);
        if (v == null) {
            throw new InvalidInputException("feature " + SafeText.quote(feature) + " is missing; the model "
                    + source + " needs " + signature.features());
        }
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof Boolean b) {
            d = b ? 1.0 : 0.0;
        } else {
            throw new InvalidInputException("feature " + SafeText.quote(feature) + " must be a number but was "
                    + SafeText.quote(String.valueOf(v)) + " (" + v.getClass().getSimpleName() + ")");
        }
        if (Double.isNaN(d) && !config.allowNaN()) {
            throw new InvalidInputException("feature " + SafeText.quote(feature) + " is NaN, which this model does "
                    + "not take (OnnxConfig.allowNaN)");
        }
        return (float) d;
    }

    private OnnxPrediction answer(float[] y) {
        if (signature.kind() == OutputKind.REGRESSION) {
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
    public OnnxSignature signature() {
        return signature;
    }

    /** Closes the ONNX Runtime session; later calls fail. Idempotent. */
    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
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
        return "OnnxPredictor[" + source + ", " + signature.kind() + ", " + signature.features().size() + " features]";
    }
}
