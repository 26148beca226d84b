package org.mlops4j.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mlops4j.examples.FraudData;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The fraud-scoring service over real HTTP on a random port: scoring with sticky canary routing,
 * feedback joined to predictions, the canary rollout the closed loop started, Actuator, Prometheus
 * and the dashboard. The tests run in order on one service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FraudScoringServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ConfigurableApplicationContext service;
    private static String base;
    private static final Map<String, String> variantOf = new HashMap<>();
    private static final Map<String, String> labelOf = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path store = Files.createTempDirectory("fraud-service-");
        service = FraudScoringService.application().run("--server.port=0", "--server.address=127.0.0.1",
                "--mlops.store.path=" + store, "--fraud.loop.tick=300ms",
                // Windows close at 500 predictions only: the service's 1-minute slot closed a window of 297
                // when a loaded machine (CI beside other builds) took longer than a minute for the 1,500 requests.
                "--mlops.monitor.window-duration=1h");
        base = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) service).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static HttpResponse<String> post(String path, Object body, String routingKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (routingKey != null) {
            b.header(ScoringController.ROUTING_HEADER, routingKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void scoresTransactionsStickyByCustomerWithTheCanaryTakingItsShare() throws Exception {
        List<FraudData.Transaction> txs = FraudData.generate(1_500, 2024);
        Set<String> challengerCustomers = new HashSet<>();
        for (int i = 0; i < txs.size(); i++) {
            FraudData.Transaction tx = txs.get(i);
            Map<String, Object> body = new LinkedHashMap<>(tx.features());
            String header = null;
            if (i % 2 == 0) {
                header = tx.customerId();
            } else {
                body.put("userId", tx.customerId());
            }
            HttpResponse<String> r = post("/score", body, header);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.get("label").asText()).isIn("fraud", "legit");
            assertThat(answer.get("fraudProbability").asDouble()).isBetween(0.0, 1.0);
            String variant = answer.get("variant").asText();
            assertThat(variant).isIn("champion", "challenger");
            assertThat(answer.get("model").asText()).isEqualTo(variant.equals("champion") ? "fraud/1" : "fraud/2");
            variantOf.put(tx.customerId(), variant);
            labelOf.put(answer.get("predictionId").asText(), tx.label());
            if (variant.equals("challenger")) {
                challengerCustomers.add(tx.customerId());
            }
        }
        // A 10% canary by sticky bucket of the customer: binomial(1500, 0.1) is within 95..205 with
        // probability above 1 - 1e-6.
        assertThat(challengerCustomers.size()).isBetween(95, 205);
        FraudData.Transaction again = txs.get(3);
        Map<String, Object> body = new LinkedHashMap<>(again.features());
        JsonNode repeat = JSON.readTree(post("/score", body, again.customerId()).body());
        assertThat(repeat.get("variant").asText()).as("the same customer, the same variant")
                .isEqualTo(variantOf.get(again.customerId()));
    }

    @Test
    @Order(2)
    void feedbackJoinsItsPredictionAndBadFeedbackIsRefused() throws Exception {
        int joined = 0;
        for (Map.Entry<String, String> e : labelOf.entrySet()) {
            HttpResponse<String> r = post("/feedback/" + e.getKey(), Map.of("label", e.getValue()), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            joined++;
        }
        assertThat(joined).isEqualTo(1_500);
        HttpResponse<String> unknown = post("/feedback/no-such-prediction", Map.of("label", "fraud"), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> bad = post("/feedback/" + labelOf.keySet().iterator().next(), Map.of("label", "maybe"),
                null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("label must be 'fraud' or 'legit' but was maybe");
    }

    @Test
    @Order(3)
    void actuatorShowsTheCanaryRolloutItsFiguresAndTheRegistry() throws Exception {
        HttpResponse<String> r = get("/actuator/mlops/fraud");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode fraud = JSON.readTree(r.body());
        assertThat(fraud.get("strategy").asText()).isEqualTo("canary");
        JsonNode rollout = fraud.get("rollout");
        assertThat(rollout.get("candidate").asText()).isEqualTo("fraud/2");
        assertThat(rollout.get("champion").asText()).isEqualTo("fraud/1");
        assertThat(rollout.get("steps").asInt()).isEqualTo(3);
        assertThat(rollout.get("status").asText()).isIn("RUNNING", "AWAITING_APPROVAL", "ROLLED_BACK");
        JsonNode challenger = fraud.get("variants").get(1);
        assertThat(challenger.get("name").asText()).isEqualTo("challenger");
        assertThat(challenger.get("share").asDouble()).isEqualTo(0.1);
        long challengerRequests = variantOf.values().stream().filter("challenger"::equals).count();
        assertThat(challenger.get("totals").get("requests").asLong()).isGreaterThanOrEqualTo(challengerRequests);
        JsonNode champion = fraud.get("variants").get(0);
        assertThat(champion.get("window").get("requests").asLong()).isEqualTo(500);
        assertThat(champion.get("window").get("missingInputRatio").get("tx_last_24h").asDouble()).isBetween(0.0, 0.1);
        assertThat(champion.get("feedback").get("accuracy").asDouble()).isBetween(0.5, 1.0);
        // The performance estimate (CBPE) of each closed window, before its labels.
        JsonNode estimates = champion.get("estimates");
        assertThat(estimates.size()).isEqualTo(2);
        JsonNode estimated = estimates.get(1).get("estimated").get("accuracy");
        assertThat(estimated.get("value").asDouble()).isBetween(estimated.get("lower").asDouble(),
                estimated.get("upper").asDouble()).isBetween(0.5, 1.0);
        assertThat(estimates.get(1).get("predictions").asLong()).isEqualTo(500);
        // The labels sent over HTTP reached the windows of their predictions: the realised figure
        // beside each estimate (every prediction of a closed window was labelled above; attribution is
        // by time interval, so a prediction stamped in the same millisecond as a neighbour window's
        // predictions may count with the neighbour: 499 or 501 seen).
        for (JsonNode w : estimates) {
            JsonNode realised = w.get("realised");
            assertThat(realised.get("labelled").asLong()).isBetween(490L, 510L);
            double gap = Math.abs(realised.get("accuracy").asDouble()
                    - w.get("estimated").get("accuracy").get("value").asDouble());
            assertThat(gap).as("estimated vs realised accuracy of a 500-row window").isLessThan(0.08);
        }
        assertThat(fraud.get("registry").get("fraud").get("champion").asInt()).isEqualTo(1);
        assertThat(fraud.get("registry").get("fraud").get("challenger").asInt()).isEqualTo(2);

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("mlops").get("details").get("fraud").get("live").asText())
                .isEqualTo("fraud/1");
        HttpResponse<String> write = post("/actuator/mlops/fraud", Map.of("action", "approve"), null);
        assertThat(write.statusCode()).as("write operations are off unless the service grants them")
                .isIn(404, 405);
    }

    @Test
    @Order(4)
    void prometheusAndTheDashboardAreServed() throws Exception {
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("mlops_endpoint_requests_total{endpoint=\"fraud\"")
                .contains("mlops_rollout_candidate_share{endpoint=\"fraud\"} 0.1")
                .contains("mlops_performance_accuracy{").contains("mlops_input_missing_ratio{")
                .contains("mlops_estimated_accuracy{").contains("mlops_estimated_accuracy_upper{")
                .contains("mlops_realised_accuracy{");
        HttpResponse<String> dashboard = get("/mlops/dashboard/index.html");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("mlops4j live dashboard");
        assertThat(get("/mlops/dashboard/dashboard.js").statusCode()).isEqualTo(200);
    }
}
