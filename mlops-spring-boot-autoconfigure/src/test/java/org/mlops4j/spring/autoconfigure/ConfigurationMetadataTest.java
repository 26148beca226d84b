package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata Spring Boot's annotation processor writes into the jar, which IDEs
 * read to complete and document {@code mlops.*} properties.
 */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsListedWithItsTypeDescriptionAndDefault() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json in the jar").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        metadata.path("properties").forEach(p -> properties.put(p.path("name").asText(), p));

        assertThat(properties.keySet()).filteredOn(k -> k.startsWith("mlops.")).containsExactlyInAnyOrder(
                "mlops.store.type", "mlops.store.path", "mlops.store.mlflow.url", "mlops.store.mlflow.token",
                "mlops.monitor.enabled", "mlops.monitor.window-size", "mlops.monitor.window-duration",
                "mlops.monitor.tick-interval", "mlops.alerts.drift-share", "mlops.alerts.missing-input-ratio",
                "mlops.alerts.null-output-ratio", "mlops.alerts.error-ratio", "mlops.alerts.latency-p99",
                "mlops.alerts.min-accuracy", "mlops.alerts.hold-for", "mlops.alerts.log", "mlops.alerts.webhook.url",
                "mlops.alerts.webhook.secret", "mlops.alerts.webhook.headers", "mlops.alerts.webhook.max-attempts",
                "mlops.health.critical-alerts-out-of-service", "mlops.dashboard.enabled", "mlops.endpoints");
        assertThat(properties.get("mlops.monitor.window-size").path("defaultValue").asInt()).isEqualTo(1000);
        assertThat(properties.get("mlops.alerts.drift-share").path("defaultValue").asDouble()).isEqualTo(0.3);
        assertThat(properties.get("mlops.health.critical-alerts-out-of-service").path("defaultValue").asBoolean())
                .isFalse();
        assertThat(properties.get("management.endpoint.mlops.access").path("defaultValue").asText())
                .as("write operations are off unless the application grants them").isEqualTo("read_only");
        assertThat(properties.get("management.endpoint.mlopsreview.access").path("defaultValue").asText())
                .as("reviewers' write operations too").isEqualTo("read_only");
        assertThat(properties.get("mlops.store.type").path("defaultValue").asText()).isEqualTo("local");
        assertThat(properties.get("mlops.store.path").path("defaultValue").asText()).isEqualTo("mlops");
        assertThat(properties.get("mlops.store.mlflow.url").path("type").asText()).isEqualTo("java.net.URI");
        properties.entrySet().stream().filter(e -> e.getKey().startsWith("mlops.")).forEach(e -> assertThat(
                e.getValue().path("description").asText()).as(e.getKey())
                .isNotBlank().doesNotContain("{@").endsWith("."));
    }
}
