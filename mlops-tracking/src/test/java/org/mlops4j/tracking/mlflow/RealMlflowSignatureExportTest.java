package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.tracking.InMemoryTracker;

/**
 * A version's signature registered on a real MLflow server, exported with {@link MlflowExport},
 * and read back by MLflow's own Python client from the exported model directory
 * ({@code mlflow.models.Model.load(dir).signature} and {@code load_input_example}, script
 * {@code src/test/resources/mlflow/read_signature.py}); skipped unless {@value RealMlflowServer#ENV}
 * and {@value MlflowPython#ENV} are set.
 */
class RealMlflowSignatureExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-02-03T04:05:06Z"));

    @Test
    void mlflowsOwnClientReadsTheExportedSignatureAndInputExample() throws Exception {
        RealMlflowServer.uri();
        MlflowPython.packagePath();
        RealMlflowServer.reset();
        MlflowModelRegistry registry = new MlflowModelRegistry(RealMlflowServer.config(clock));
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("amount", 125.75);
        example.put("country", "FR");
        example.put("first_purchase", true);
        example.put("items", 3);
        ModelSignature classifier = new ModelSignature(Schema.of(Feature.numeric("amount").withRange(0, 1e6),
                Feature.categorical("country", Set.of("DE", "FR")), Feature.bool("first_purchase"),
                Feature.numeric("items"), Feature.anyCategory("note").optional()),
                OutputKind.CLASSIFICATION, List.of("spam", "ham"), example);
        ModelSignature regressor = ModelSignature.regressor(Schema.of(Feature.numeric("x"), Feature.numeric("y").optional()));
        Path weights = Files.writeString(dir.resolve("weights.bin"), "model-bytes");
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights)).signature(classifier)
                .build());
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights)).signature(regressor)
                .build());
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(weights)).build());

        Path out = dir.resolve("mlruns");
        MlflowExport.export(new InMemoryTracker(), registry, out);

        JsonNode v1 = python(out.resolve("models/fraud/version-1/artifacts"));
        assertThat(v1.get("signature").get("inputs")).isEqualTo(JSON.readTree("["
                + "{\"type\":\"double\",\"name\":\"amount\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"country\",\"required\":true},"
                + "{\"type\":\"boolean\",\"name\":\"first_purchase\",\"required\":true},"
                + "{\"type\":\"double\",\"name\":\"items\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"note\",\"required\":false}]"));
        assertThat(v1.get("signature").get("outputs")).isEqualTo(JSON.readTree("[{\"type\":\"string\",\"required\":true}]"));
        assertThat(v1.get("signature").get("input_names")).isEqualTo(
                JSON.readTree("[\"amount\",\"country\",\"first_purchase\",\"items\",\"note\"]"));
        assertThat(v1.get("example_columns")).isEqualTo(JSON.readTree("[\"amount\",\"country\",\"first_purchase\",\"items\"]"));
        assertThat(v1.get("example").get("amount").asDouble()).isEqualTo(125.75);
        assertThat(v1.get("example").get("country").asText()).isEqualTo("FR");
        assertThat(v1.get("example").get("first_purchase").asBoolean()).isTrue();
        assertThat(v1.get("example").get("items").asDouble()).isEqualTo(3.0);
        assertThat(out.resolve("models/fraud/version-1/artifacts/" + MlModelFile.INPUT_EXAMPLE)).exists();

        JsonNode v2 = python(out.resolve("models/fraud/version-2/artifacts"));
        assertThat(v2.get("signature").get("outputs")).isEqualTo(JSON.readTree("[{\"type\":\"double\",\"required\":true}]"));
        assertThat(v2.get("signature").get("inputs").get(1).get("required").asBoolean()).isFalse();
        assertThat(v2.get("example").isNull()).isTrue();
        assertThat(out.resolve("models/fraud/version-2/artifacts/" + MlModelFile.INPUT_EXAMPLE)).doesNotExist();

        JsonNode v3 = python(out.resolve("models/fraud/version-3/artifacts"));
        assertThat(v3.get("signature").isNull()).isTrue();
    }

    private JsonNode python(Path modelDir) throws Exception {
        Path script = MlflowPython.script("read_signature.py", dir);
        Map<String, String> env = new HashMap<>();
        env.put("MLFLOW_TRACKING_URI", null);
        return JSON.readTree(MlflowPython.run(dir, Duration.ofSeconds(300), env,
                List.of(script.toString(), modelDir.toString())));
    }
}
