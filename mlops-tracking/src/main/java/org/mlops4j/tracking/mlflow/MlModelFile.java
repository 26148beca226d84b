package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;

/**
 * The {@code MLmodel} file written next to a registered model file, so that MLflow's clients and
 * UI see a version's source as the model directory they expect. It declares one flavor,
 * {@value #FLAVOR}, naming the model file, its SHA-256 and size, and its format when the file name
 * tells it ({@code .tribuo}: a Tribuo model; {@code .onnx}: an ONNX model). MLflow's Python
 * clients can download such a model ({@code mlflow.artifacts.download_artifacts("models:/fraud@champion")})
 * but not load it with {@code mlflow.pyfunc}: it is a Java model, loaded with an mlops4j
 * {@code ModelLoader}. The content the registry uploads is a function of the file alone, so the
 * directory can be shared by every version registered with the same bytes and name;
 * {@link MlflowExport} writes one per version, with MLflow's own {@code signature} block (and input
 * example) when the version has a signature, which {@code mlflow.models.Model.load(dir).signature}
 * reads.
 */
final class MlModelFile {

    /** The file name MLflow looks for in a model directory. */
    static final String NAME = "MLmodel";
    /** The flavor mlops4j declares. */
    static final String FLAVOR = "mlops4j";
    /** The file holding a version's input example, as MLflow names it. */
    static final String INPUT_EXAMPLE = "input_example.json";

    private static final ObjectMapper JSON = new ObjectMapper();

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
        return content(modelFile, sha256, sizeBytes, null);
    }

    /**
     * Writes the file's content with MLflow's own {@code signature} block for a version that has a
     * signature, and, when it has an input example, the {@code saved_input_example_info} block
     * naming {@value #INPUT_EXAMPLE} (write that file with {@link #inputExample}).
     *
     * @param modelFile the model file's name in the directory
     * @param sha256 its lower-case hex SHA-256
     * @param sizeBytes its size
     * @param signature the version's signature, or null for none
     * @return the YAML text
     */
    static String content(String modelFile, String sha256, long sizeBytes, ModelSignature signature) {
        StringBuilder out = new StringBuilder()
                .append("flavors:\n")
                .append("  ").append(FLAVOR).append(":\n");
        format(modelFile).ifPresent(f -> out.append("    format: ").append(f).append('\n'));
        out.append("    model_file: '").append(modelFile.replace("'", "''")).append("'\n")
                .append("    sha256: '").append(sha256).append("'\n")
                .append("    size_bytes: ").append(sizeBytes).append('\n')
                .append("model_size_bytes: ").append(sizeBytes).append('\n');
        if (signature != null) {
            if (signature.example().isPresent()) {
                out.append("saved_input_example_info:\n")
                        .append("  artifact_path: ").append(INPUT_EXAMPLE).append('\n')
                        .append("  pandas_orient: split\n")
                        .append("  type: dataframe\n");
            }
            out.append("signature:\n")
                    .append("  inputs: ").append(quoted(inputs(signature))).append('\n')
                    .append("  outputs: ").append(quoted(outputs(signature))).append('\n')
                    .append("  params: null\n");
        }
        return out.toString();
    }

    /**
     * MLflow's column specs of the inputs, in column order: {@code double} for a numeric feature,
     * {@code string} for a categorical one, {@code boolean} for a flag, each with its name and
     * whether it is {@code required}. MLflow's schema has no ranges or category sets; those stay in
     * the registry's own signature.
     */
    static String inputs(ModelSignature signature) {
        ArrayNode specs = JSON.createArrayNode();
        for (Feature f : signature.inputs().features()) {
            specs.addObject().put("type", switch (f.type()) {
                case NUMERIC -> "double";
                case CATEGORICAL -> "string";
                case BOOLEAN -> "boolean";
            }).put("name", f.name()).put("required", f.required());
        }
        return write(specs);
    }

    /** MLflow's column spec of the output: a classifier's label ({@code string}) or a regression value ({@code double}). */
    static String outputs(ModelSignature signature) {
        ArrayNode specs = JSON.createArrayNode();
        specs.addObject().put("type", signature.output() == OutputKind.CLASSIFICATION ? "string" : "double")
                .put("required", true);
        return write(specs);
    }

    /**
     * The input example as MLflow saves a one-row data frame: {@code {"columns": [...], "data": [[...]]}}
     * in pandas' {@code split} orientation.
     *
     * @param signature a signature with an example
     * @return the JSON of {@value #INPUT_EXAMPLE}
     */
    static String inputExample(ModelSignature signature) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode columns = root.putArray("columns");
        ArrayNode row = root.putArray("data").addArray();
        signature.example().orElseThrow().forEach((name, value) -> {
            columns.add(name);
            row.addPOJO(value);
        });
        return write(root);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write MLflow's signature JSON", e);
        }
    }

    /** A YAML single-quoted scalar. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
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
