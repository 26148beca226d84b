package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which MLflow answers {@link MlflowErrors#isMissingAlias} reads as "no such alias". */
class MlflowErrorsTest {

    private static RuntimeException answer(int status, String code, String message) {
        return MlflowErrors.of(new com.fasterxml.jackson.databind.ObjectMapper(), "GET registered-models/alias",
                status, ("{\"error_code\": \"" + code + "\", \"message\": \"" + message + "\"}").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), 1);
    }

    @Test
    void mlflowsAnswersForAMissingAliasAreMissingAliases() {
        assertThat(MlflowErrors.isMissingAlias(answer(400, "INVALID_PARAMETER_VALUE",
                "Registered model alias champion not found."))).isTrue();
        assertThat(MlflowErrors.isMissingAlias(answer(404, "RESOURCE_DOES_NOT_EXIST",
                "Registered Model with name=fraud not found"))).isTrue();
    }

    @Test
    void otherRefusalsAreNot() {
        assertThat(MlflowErrors.isMissingAlias(answer(400, "INVALID_PARAMETER_VALUE", "Invalid alias name"))).isFalse();
        assertThat(MlflowErrors.isMissingAlias(answer(400, "INVALID_PARAMETER_VALUE",
                "Registered model alias champion is reserved"))).isFalse();
        assertThat(MlflowErrors.isMissingAlias(answer(400, "BAD_REQUEST",
                "Registered model alias champion not found."))).isFalse();
        assertThat(MlflowErrors.isMissingAlias(answer(403, "PERMISSION_DENIED",
                "Registered model alias champion not found."))).isFalse();
        assertThat(MlflowErrors.isMissingAlias(new IllegalArgumentException("Registered model alias x not found.")))
                .isFalse();
        assertThat(MlflowErrors.isMissingAlias(new IllegalStateException("Registered model alias x not found.")))
                .isFalse();
    }
}
