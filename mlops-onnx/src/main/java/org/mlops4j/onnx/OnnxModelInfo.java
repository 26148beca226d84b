package org.mlops4j.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/**
 * What an ONNX model says about itself: its one 2-D float input and first 2-D float output (names
 * and widths), and the model's metadata properties ({@code metadata_props}). Made by
 * {@link OnnxModels#inspect(byte[])} or {@link OnnxPredictor#info()}.
 *
 * <p>mlops4j reads three metadata keys, which an exporter may write to make the model describe its
 * own signature ({@link #inferSignature()}):
 * <ul>
 *   <li>{@value #FEATURES}: the input feature names in column order, separated by commas;</li>
 *   <li>{@value #LABELS}: a classifier's labels in output column order, separated by commas;</li>
 *   <li>{@value #OUTPUT}: {@code classification} or {@code regression}; without it a model with
 *       labels is a classifier.</li>
 * </ul>
 * Names may therefore not hold a comma. Immutable and thread-safe.
 *
 * @param inputName the input tensor's name
 * @param inputWidth the input's columns, or -1 when the model leaves that dimension free
 * @param outputName the first output tensor's name
 * @param outputWidth the output's columns, or -1 when the model leaves that dimension free
 * @param metadata the model's metadata properties, sorted by key
 */
public record OnnxModelInfo(String inputName, long inputWidth, String outputName, long outputWidth,
                            Map<String, String> metadata) {

    /** The metadata key listing the input features, in column order, separated by commas. */
    public static final String FEATURES = "mlops4j.features";
    /** The metadata key listing a classifier's labels, in output column order, separated by commas. */
    public static final String LABELS = "mlops4j.labels";
    /** The metadata key naming the output kind: {@code classification} or {@code regression}. */
    public static final String OUTPUT = "mlops4j.output";

    /**
     * Freezes the metadata.
     *
     * @param inputName the input tensor's name
     * @param inputWidth the input's columns, or -1 when free
     * @param outputName the first output tensor's name
     * @param outputWidth the output's columns, or -1 when free
     * @param metadata the model's metadata properties
     */
    public OnnxModelInfo {
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        metadata = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(metadata, "metadata")));
    }

    /**
     * Reads a session's shape; fails unless it has one 2-D float input and a 2-D float first output.
     * {@code source} names the model in messages ("the ONNX model fraud.onnx").
     */
    static OnnxModelInfo of(OrtSession session, String source) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(source + " has " + inputs.size() + " inputs "
                    + inputs.keySet() + "; a signature of named features needs one 2-D float input");
        }
        Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
        Map.Entry<String, NodeInfo> out = session.getOutputInfo().entrySet().iterator().next();
        long inWidth = floatMatrix(source, "input", in.getKey(), in.getValue());
        long outWidth = floatMatrix(source, "output", out.getKey(), out.getValue());
        return new OnnxModelInfo(in.getKey(), inWidth, out.getKey(), outWidth,
                session.getMetadata().getCustomMetadata());
    }

    private static long floatMatrix(String source, String role, String name, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 2) {
            throw new IllegalArgumentException(source + "'s " + role + " '" + name + "' is "
                    + node.getInfo() + "; a 2-D float tensor [batch, columns] is needed");
        }
        return Math.max(-1, t.getShape()[1]);
    }

    /** @return the feature names the metadata lists ({@value #FEATURES}), or empty */
    public List<String> features() {
        return names(FEATURES);
    }

    /** @return the labels the metadata lists ({@value #LABELS}), or empty */
    public List<String> labels() {
        return names(LABELS);
    }

    private List<String> names(String key) {
        String v = metadata.get(key);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(",", -1));
    }

    /** @return the output kind the metadata tells ({@value #OUTPUT}, else a classifier when it lists labels) */
    public Optional<OutputKind> output() {
        String v = metadata.get(OUTPUT);
        if (v == null) {
            return labels().isEmpty() ? Optional.empty() : Optional.of(OutputKind.CLASSIFICATION);
        }
        return switch (v) {
            case "classification" -> Optional.of(OutputKind.CLASSIFICATION);
            case "regression" -> Optional.of(OutputKind.REGRESSION);
            default -> throw new IllegalArgumentException("metadata " + OUTPUT + " must be classification or "
                    + "regression but was '" + v + "'");
        };
    }

    /**
     * Lists what the model does not tell about its signature: each entry names the metadata key
     * that would tell it.
     *
     * @return the gaps; empty when {@link #inferSignature()} succeeds
     */
    public List<String> unknowns() {
        List<String> out = new ArrayList<>();
        if (features().isEmpty()) {
            out.add("the feature names (metadata " + FEATURES + "; the model only tells "
                    + (inputWidth < 0 ? "that its width is free" : inputWidth + " columns") + ")");
        }
        Optional<OutputKind> kind = output();
        if (kind.isEmpty()) {
            out.add("the output kind (metadata " + OUTPUT + " or " + LABELS + ")");
        } else if (kind.get() == OutputKind.CLASSIFICATION && labels().isEmpty()) {
            out.add("the labels (metadata " + LABELS + "; the model only tells " + outputWidth + " columns)");
        }
        return List.copyOf(out);
    }

    /**
     * Infers the model's signature from its metadata: every feature numeric and required (an ONNX
     * float input takes a number in every column), in the listed order; the output kind and labels.
     * The result is checked against the tensors' widths.
     *
     * @return the signature
     * @throws IllegalArgumentException listing {@link #unknowns()} when the metadata does not tell
     *     it all, or when it contradicts the tensors
     */
    public ModelSignature inferSignature() {
        List<String> unknown = unknowns();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cannot infer the signature of the ONNX model: it does not tell "
                    + String.join("; ", unknown));
        }
        List<Feature> features = new ArrayList<>();
        for (String name : features()) {
            features.add(Feature.numeric(name));
        }
        Schema inputs = Schema.of(features);
        ModelSignature signature = output().orElseThrow() == OutputKind.CLASSIFICATION
                ? ModelSignature.classifier(inputs, labels()) : ModelSignature.regressor(inputs);
        check(signature, "the ONNX model");
        return signature;
    }

    /**
     * Checks a signature against the model: as many features as input columns, as many labels as
     * output columns (one for regression), numeric or boolean features only, and the same feature
     * names in the same order as the metadata's, when it lists them.
     *
     * @param signature the signature the model is to be served by
     * @param source the model's file or name, for messages
     * @throws IllegalArgumentException naming what differs and both values
     */
    public void check(ModelSignature signature, String source) {
        Objects.requireNonNull(signature, "signature");
        List<String> names = signature.featureNames();
        for (Feature f : signature.inputs().features()) {
            if (f.type() == FeatureType.CATEGORICAL) {
                throw new IllegalArgumentException("feature '" + f.name() + "' of the signature is CATEGORICAL but "
                        + source + " takes numbers in a float tensor; encode it before export");
            }
        }
        if (inputWidth >= 0 && inputWidth != names.size()) {
            throw new IllegalArgumentException(source + " takes " + inputWidth + " features in '" + inputName
                    + "' but the signature names " + names.size() + ": " + names);
        }
        long expected = signature.output() == OutputKind.CLASSIFICATION ? signature.labels().size() : 1;
        if (outputWidth >= 0 && outputWidth != expected) {
            throw new IllegalArgumentException(source + " answers " + outputWidth + " columns in '" + outputName
                    + "' but the signature expects " + expected + (signature.output() == OutputKind.CLASSIFICATION
                    ? " (one per label " + signature.labels() + ")" : " (a value)"));
        }
        List<String> told = features();
        if (!told.isEmpty() && !told.equals(names)) {
            throw new IllegalArgumentException(source + " lists its features as " + told + " (metadata " + FEATURES
                    + ") but the signature names " + names);
        }
        List<String> labels = labels();
        if (!labels.isEmpty() && signature.output() == OutputKind.CLASSIFICATION && !labels.equals(signature.labels())) {
            throw new IllegalArgumentException(source + " lists its labels as " + labels + " (metadata " + LABELS
                    + ") but the signature names " + signature.labels());
        }
    }

    @Override
    public String toString() {
        return "OnnxModelInfo[" + inputName + " " + Arrays.toString(new long[] {-1, inputWidth}) + " -> " + outputName
                + " " + Arrays.toString(new long[] {-1, outputWidth}) + ", metadata " + metadata.keySet() + "]";
    }
}
