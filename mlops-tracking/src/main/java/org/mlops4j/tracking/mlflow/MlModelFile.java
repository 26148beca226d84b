package org.mlops4j.tracking.mlflow;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code MLmodel} file written next to a registered model file, so that MLflow's clients and
 * UI see a version's source as the model directory they expect. It declares one flavor,
 * {@value #FLAVOR}, naming the model file, its SHA-256 and size, and its format when the file name
 * tells it ({@code .tribuo}: a Tribuo model; {@code .onnx}: an ONNX model). MLflow's Python
 * clients can download such a model ({@code mlflow.artifacts.download_artifacts("models:/fraud@champion")})
 * but not load it with {@code mlflow.pyfunc}: it is a Java model, loaded with an mlops4j
 * {@code ModelLoader}. The content is a function of the file alone, so the directory can be shared
 * by every version registered with the same bytes and name.
 */
final class MlModelFile {

    /** The file name MLflow looks for in a model directory. */
    static final String NAME = "MLmodel";
    /** The flavor mlops4j declares. */
    static final String FLAVOR = "mlops4j";

    private MlModelFile() {
    }

    /**
     * Writes the file's content.
     *
     * @param modelFile the model file's name in the directory
     * @param sha256 its lower-case hex SHA-256
     * @param sizeBytes its size
     * @return the YAML text
     */
    static String content(String modelFile, String sha256, long sizeBytes) {
        StringBuilder out = new StringBuilder()
                .append("flavors:\n")
                .append("  ").append(FLAVOR).append(":\n");
        format(modelFile).ifPresent(f -> out.append("    format: ").append(f).append('\n'));
        return out.append("    model_file: '").append(modelFile.replace("'", "''")).append("'\n")
                .append("    sha256: '").append(sha256).append("'\n")
                .append("    size_bytes: ").append(sizeBytes).append('\n')
                .append("model_size_bytes: ").append(sizeBytes).append('\n')
                .toString();
    }

    private static Optional<String> format(String modelFile) {
        String lower = modelFile.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tribuo")) {
            return Optional.of("tribuo");
        }
        if (lower.endsWith(".onnx")) {
            return Optional.of("onnx");
        }
        return Optional.empty();
    }
}
