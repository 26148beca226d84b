package org.mlops4j.tracking.mlflow;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mlops4j.core.Clock;

/**
 * The real MLflow server of the integration tests, named by the environment variable
 * {@value #ENV} (for example {@code http://127.0.0.1:5055}, a server started by
 * {@code ../shared/mlflow-server/start.sh}). Without it the tests are skipped with a message that
 * says how to run them; {@code .ci/run} starts a server, sets it, and fails if they were skipped.
 *
 * <p>MLflow cannot be emptied through its API, so {@link #reset} makes it look empty: registered
 * models are deleted (MLflow deletes them for good), and every experiment not yet retired, active
 * or deleted by a test (deleted ones are restored first, as MLflow renames only active ones), is
 * renamed to a unique {@value #RETIRED}... name, then deleted (MLflow keeps deleted experiments, and
 * their names, until they are purged).
 */
final class RealMlflowServer {

    static final String ENV = "MLOPS_TEST_MLFLOW_URL";
    static final String RETIRED = "mlops4j-test-retired-";

    private RealMlflowServer() {
    }

    /** The server's URI, or skips the test when none is configured. */
    static URI uri() {
        String url = System.getenv(ENV);
        assumeTrue(url != null && !url.isBlank(), "real MLflow server tests skipped: set " + ENV
                + "=http://127.0.0.1:5055 after ../shared/mlflow-server/start.sh 5055 DIR to run them"
                + " (.ci/run starts a server and sets it)");
        return URI.create(url);
    }

    /** A configuration for the real server on a clock, with short retries. */
    static MlflowConfig config(Clock clock) {
        return MlflowConfig.of(uri()).withClock(clock).withRetries(3, Duration.ofMillis(50));
    }

    /** Makes the server look empty to the tracker and the registry: see the class comment. */
    static void reset() {
        MlflowClient client = new MlflowClient(MlflowConfig.of(uri()).withRetries(3, Duration.ofMillis(50)));
        for (String model : registeredModels(client)) {
            client.delete("registered-models/delete", client.json().createObjectNode().put("name", model));
        }
        for (String id : experiments(client, "DELETED_ONLY")) {
            client.post("experiments/restore", client.json().createObjectNode().put("experiment_id", id), false);
        }
        for (String id : experiments(client, "ACTIVE_ONLY")) {
            client.post("experiments/update", client.json().createObjectNode().put("experiment_id", id)
                    .put("new_name", RETIRED + UUID.randomUUID()), true);
            client.post("experiments/delete", client.json().createObjectNode().put("experiment_id", id), true);
        }
    }

    private static List<String> registeredModels(MlflowClient client) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("max_results", "1000");
            if (token != null) {
                query.put("page_token", token);
            }
            JsonNode page = client.get("registered-models/search", query);
            page.path("registered_models").forEach(m -> out.add(m.path("name").asText()));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return out;
    }

    /** The ids of the experiments in a view that are not retired yet. */
    private static List<String> experiments(MlflowClient client, String view) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = client.json().createObjectNode().put("max_results", 1000).put("view_type", view);
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode page = client.post("experiments/search", body, true);
            for (JsonNode e : page.path("experiments")) {
                if (!e.path("name").asText().startsWith(RETIRED)) {
                    out.add(e.path("experiment_id").asText());
                }
            }
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return out;
    }
}
