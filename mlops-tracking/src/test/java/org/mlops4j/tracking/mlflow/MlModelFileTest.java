package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/** The {@code MLmodel} file written next to a registered model file. */
class MlModelFileTest {

    private static final String SHA = "ab".repeat(32);

    @Test
    void theFormatFollowsTheFileNameAndEverythingElseIsTheFilesOwn() {
        assertThat(MlModelFile.content("fraud.tribuo", SHA, 1234)).isEqualTo("flavors:\n  mlops4j:\n"
                + "    format: tribuo\n    model_file: 'fraud.tribuo'\n    sha256: '" + SHA + "'\n"
                + "    size_bytes: 1234\nmodel_size_bytes: 1234\n");
        assertThat(MlModelFile.content("Scorer.ONNX", SHA, 7)).contains("    format: onnx\n")
                .contains("    model_file: 'Scorer.ONNX'\n");
        assertThat(MlModelFile.content("model.bin", SHA, 7)).doesNotContain("format")
                .startsWith("flavors:\n  mlops4j:\n    model_file: 'model.bin'\n");
        assertThat(MlModelFile.content("it's.bin", SHA, 7)).contains("    model_file: 'it''s.bin'\n");
    }

    /** A golden file: MLflow's own signature block, its column specs as quoted JSON strings, and the example's info. */
    @Test
    void aSignatureIsWrittenAsMlflowsOwnSignatureBlockWithTheInputExample() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("amount", 12.5);
        example.put("country", "it's");
        example.put("first", false);
        example.put("note", null);
        ModelSignature signature = ModelSignature.classifier(Schema.of(Feature.numeric("amount").withRange(0, 100),
                Feature.categorical("country", Set.of("DE", "it's")), Feature.bool("first"),
                Feature.anyCategory("note").optional()), List.of("no", "yes")).withInputExample(example);

        assertThat(MlModelFile.content("m.bin", SHA, 7, signature)).isEqualTo("flavors:\n  mlops4j:\n"
                + "    model_file: 'm.bin'\n    sha256: '" + SHA + "'\n    size_bytes: 7\nmodel_size_bytes: 7\n"
                + "saved_input_example_info:\n  artifact_path: input_example.json\n  pandas_orient: split\n"
                + "  type: dataframe\n"
                + "signature:\n  inputs: '[{\"type\":\"double\",\"name\":\"amount\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"country\",\"required\":true},"
                + "{\"type\":\"boolean\",\"name\":\"first\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"note\",\"required\":false}]'\n"
                + "  outputs: '[{\"type\":\"string\",\"required\":true}]'\n  params: null\n");
        assertThat(MlModelFile.inputExample(signature)).isEqualTo(
                "{\"columns\":[\"amount\",\"country\",\"first\",\"note\"],\"data\":[[12.5,\"it's\",false,null]]}");
        ModelSignature regression = ModelSignature.regressor(Schema.of(Feature.numeric("x")));
        assertThat(MlModelFile.content("m.bin", SHA, 7, regression)).doesNotContain("saved_input_example_info")
                .endsWith("signature:\n  inputs: '[{\"type\":\"double\",\"name\":\"x\",\"required\":true}]'\n"
                        + "  outputs: '[{\"type\":\"double\",\"required\":true}]'\n  params: null\n");
        assertThat(MlModelFile.content("m.bin", SHA, 7, null)).isEqualTo(MlModelFile.content("m.bin", SHA, 7));
    }
}
