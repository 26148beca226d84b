package org.mlops4j.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.mlops4j.core.schema.ModelSignature;

/** Loading ONNX models from the registry, reading what they say about themselves, and reading their answers. */
public final class OnnxModels {

    private OnnxModels() {
    }

    /**
     * A loader of registry versions holding ONNX files, scoring maps of feature name to value, for
     * {@code registry.load(version, loader)} and
     * {@code ModelEndpoint.Builder.fromRegistry(registry, uri, loader, p -> p)}: the file's SHA-256
     * is verified by the registry, and ONNX Runtime parses those verified bytes (no temporary file).
     * A version's own signature is {@code version.signature()}.
     *
     * @param signature the model's inputs (in column order) and outputs
     * @param config how ONNX Runtime runs it
     * @return the loader
     */
    public static ModelLoader<OnnxPredictor<Map<String, ?>>> loader(ModelSignature signature, OnnxConfig config) {
        return loader(signature, config, FeatureExtractor.maps());
    }

    /**
     * A loader of registry versions holding ONNX files, scoring inputs read by an extractor
     * (records, beans, protobuf messages).
     *
     * @param signature the model's inputs (in column order) and outputs
     * @param config how ONNX Runtime runs it
     * @param extractor reads the signature's features out of an input
     * @param <I> the input type
     * @return the loader
     */
    public static <I> ModelLoader<OnnxPredictor<I>> loader(ModelSignature signature, OnnxConfig config,
                                                           FeatureExtractor<I> extractor) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(extractor, "extractor");
        return new ModelLoader<>() {
            @Override
            public OnnxPredictor<I> load(Path artifact) {
                return OnnxPredictor.load(artifact, signature, config, extractor);
            }

            @Override
            public OnnxPredictor<I> load(VerifiedArtifact artifact) {
                return OnnxPredictor.load(artifact.toByteArray(), artifact.file().toString(), signature, config,
                        extractor);
            }
        };
    }

    /**
     * Reads what an ONNX model says about itself without serving it: its input and output widths
     * and its metadata, from which {@link OnnxModelInfo#inferSignature()} infers a signature.
     *
     * @param model the model's bytes
     * @return what it says
     * @throws IllegalArgumentException when the bytes are not a model ONNX Runtime can load, or it
     *     has not one 2-D float input and a 2-D float output
     */
    public static OnnxModelInfo inspect(byte[] model) {
        return inspect(model, "(bytes)");
    }

    /**
     * Reads what an ONNX file says about itself; see {@link #inspect(byte[])}.
     *
     * @param file the ONNX file
     * @return what it says
     * @throws IllegalArgumentException naming the file when it cannot be read or loaded, or has not
     *     one 2-D float input and a 2-D float output
     */
    public static OnnxModelInfo inspect(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return inspect(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the ONNX model " + file + ": " + e, e);
        }
    }

    private static OnnxModelInfo inspect(byte[] model, String source) {
        Objects.requireNonNull(model, "model");
        OrtSession session = null;
        try (OrtSession.SessionOptions options = OnnxPredictor.options(
                OnnxConfig.ofDefaults().withOptimization(OnnxConfig.Optimization.NONE))) {
            session = OrtEnvironment.getEnvironment().createSession(model, options);
            return OnnxModelInfo.of(session, "the ONNX model " + source);
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot load the ONNX model " + source + ": " + e.getMessage(), e);
        } finally {
            OnnxPredictor.closeQuietly(session);
        }
    }

    /**
     * Infers an ONNX model's signature from its metadata ({@link OnnxModelInfo#FEATURES},
     * {@link OnnxModelInfo#LABELS}, {@link OnnxModelInfo#OUTPUT}).
     *
     * @param model the model's bytes
     * @return the signature: numeric required features in column order, the output kind and labels
     * @throws IllegalArgumentException saying what the model does not tell, when it does not tell it all
     */
    public static ModelSignature inferSignature(byte[] model) {
        return inspect(model).inferSignature();
    }

    /**
     * Infers an ONNX file's signature from its metadata; see {@link #inferSignature(byte[])}.
     *
     * @param file the ONNX file
     * @return the signature
     * @throws IllegalArgumentException naming the file and saying what it does not tell
     */
    public static ModelSignature inferSignature(Path file) {
        try {
            return inspect(file).inferSignature();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * How a monitor reads an ONNX model's answers: a classifier's label with its probability as the
     * confidence, or a regression value.
     *
     * @param signature the model's signature
     * @return the reader
     */
    public static OutputReader<OnnxPrediction> outputs(ModelSignature signature) {
        return outputs(signature.output());
    }

    /** The reader of one output kind; the kind is checked by whoever built the signature. */
    static OutputReader<OnnxPrediction> outputs(OutputKind kind) {
        return switch (kind) {
            case CLASSIFICATION -> OutputReader.<OnnxPrediction>classifier(OnnxPrediction::label)
                    .withConfidence(OnnxPrediction::confidence);
            case REGRESSION -> OutputReader.regressor(OnnxPrediction::value);
            default -> throw new IllegalArgumentException("output must be CLASSIFICATION or REGRESSION but was "
                    + kind);
        };
    }
}
