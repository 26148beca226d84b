package org.mlops4j.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.mlops4j.core.schema.ModelSignature;

/**
 * A {@link ModelFormat} of models read by a {@link ModelSignature} (ONNX, XGBoost): each registered
 * version is loaded from its verified bytes with its own signature ({@code version.signature()}),
 * or, for a version registered without one, with the signature the model file gives
 * ({@link #inferSignature}); a signature of another output kind than the format's is refused naming
 * the version. Inputs are feature maps. Subclasses say how to infer and how to load.
 *
 * @param <O> the answer type
 */
public abstract class SignedModelFormat<O> implements ModelFormat<Map<String, ?>, O> {

    private final String name;
    private final OutputKind kind;
    private final OutputReader<O> outputs;

    /**
     * Creates the format.
     *
     * @param name the format's name, for example {@code onnx-classification}
     * @param kind the output kind of the models it serves
     * @param outputs how a monitor reads its answers
     */
    protected SignedModelFormat(String name, OutputKind kind, OutputReader<O> outputs) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    /**
     * Infers a signature from a model file, for versions registered without one.
     *
     * @param model the model's verified bytes
     * @return its signature
     * @throws IllegalArgumentException when the file does not say enough
     */
    protected abstract ModelSignature inferSignature(byte[] model);

    /**
     * Loads a model's predictor.
     *
     * @param model the model's verified bytes
     * @param source where they came from, for messages
     * @param signature the signature to read it by
     * @return the predictor
     */
    protected abstract Predictor<Map<String, ?>, O> load(byte[] model, String source, ModelSignature signature);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ModelEndpoint.Builder<Map<String, ?>, O> endpoint(String endpoint, ModelRegistry registry, String uri) {
        return ModelEndpoint.<Map<String, ?>, O>builder(endpoint)
                .fromRegistry(registry, uri, (reg, version) -> reg.load(version, loader(version)))
                .outputs(outputs);
    }

    /** Reads a version by its signature, or by its file's when it was registered without one. */
    private ModelLoader<Predictor<Map<String, ?>, O>> loader(ModelVersion version) {
        return new ModelLoader<>() {
            @Override
            public Predictor<Map<String, ?>, O> load(Path artifact) throws IOException {
                return predictor(Files.readAllBytes(artifact), artifact.toString());
            }

            @Override
            public Predictor<Map<String, ?>, O> load(VerifiedArtifact artifact) {
                return predictor(artifact.toByteArray(), artifact.file().toString());
            }

            private Predictor<Map<String, ?>, O> predictor(byte[] model, String source) {
                ModelSignature signature = version.signature().orElseGet(() -> inferSignature(model));
                if (signature.output() != kind) {
                    throw new IllegalArgumentException("format " + name + " serves " + kind
                            + " models but the signature of " + version.uri() + " says " + signature.output());
                }
                return SignedModelFormat.this.load(model, source, signature);
            }
        };
    }

    @Override
    public final OutputReader<O> outputs() {
        return outputs;
    }

    @Override
    public final String toString() {
        return name;
    }
}
