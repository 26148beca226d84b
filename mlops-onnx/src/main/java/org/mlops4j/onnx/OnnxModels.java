package org.mlops4j.onnx;

import java.nio.file.Path;
import java.util.Objects;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.registry.ModelLoader;

/** Loading ONNX models from the registry, and reading their answers. */
public final class OnnxModels {

    private OnnxModels() {
    }

    /**
     * A loader of registry versions holding ONNX files, for {@code registry.load(version, loader)}
     * and {@code ModelEndpoint.Builder.fromRegistry(registry, uri, loader, p -> p)}: the file's
     * SHA-256 is verified by the registry before ONNX Runtime reads a byte.
     *
     * @param signature the model's inputs and outputs
     * @param config how ONNX Runtime runs it
     * @return the loader
     */
    public static ModelLoader<OnnxPredictor> loader(OnnxSignature signature, OnnxConfig config) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(config, "config");
        return (Path artifact) -> OnnxPredictor.load(artifact, signature, config);
    }

    /**
     * How a monitor reads an ONNX model's answers: a classifier's label with its probability as the
     * confidence, or a regression value.
     *
     * @param signature the model's signature
     * @return the reader
     */
    public static OutputReader<OnnxPrediction> outputs(OnnxSignature signature) {
        return switch (signature.kind()) {
            case CLASSIFICATION -> OutputReader.<OnnxPrediction>classifier(OnnxPrediction::label)
                    .withConfidence(OnnxPrediction::confidence);
            case REGRESSION -> OutputReader.regressor(OnnxPrediction::value);
            default -> throw new IllegalArgumentException("kind must be CLASSIFICATION or REGRESSION but was "
                    + signature.kind());
        };
    }
}
