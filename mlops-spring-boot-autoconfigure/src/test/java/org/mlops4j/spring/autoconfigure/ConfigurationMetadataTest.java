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

        assertThat(properties).containsOnlyKeys("mlops.store.type", "mlops.store.path", "mlops.store.mlflow.url",
                "mlops.store.mlflow.token");
        assertThat(properties.get("mlops.store.type").path("defaultValue").asText()).isEqualTo("local");
        assertThat(properties.get("mlops.store.path").path("defaultValue").asText()).isEqualTo("mlops");
        assertThat(properties.get("mlops.store.mlflow.url").path("type").asText()).isEqualTo("java.net.URI");
        properties.forEach((name, p) -> assertThat(p.path("description").asText()).as(name)
                .isNotBlank().doesNotContain("{@").endsWith("."));
    }
}
