package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
