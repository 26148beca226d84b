package org.mlops4j.examples.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlops4j.examples.FraudData;
import org.mlops4j.examples.service.FraudScoringService;
import org.mlops4j.examples.service.ScoringController;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot fraud-scoring service of the examples ({@link FraudScoringService}) on 127.0.0.1
 * and a random port, driven over HTTP as its clients drive it: the scrape target of
 * {@link PrometheusEndToEndTest} is its real {@code /actuator/prometheus}. Its windows are small
 * (100 predictions) so that a thousand requests make full windows for both variants of its 10%
 * canary, its closed loop does not tick during a test (the rollout stays where the test puts it),
 * and the Actuator write operations are granted so the test can roll back as an operator would.
 */
final class MonitoredFraudService implements AutoCloseable {

    /** The endpoint's name, the {@code endpoint} label of every series. */
    static final String ENDPOINT = "fraud";
    /** Predictions per window. */
    static final int WINDOW = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConfigurableApplicationContext context;
    private final URI base;
    private final Map<String, Long> served = new TreeMap<>();

    private MonitoredFraudService(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://127.0.0.1:" + ((ServletWebServerApplicationContext) context).getWebServer()
                .getPort());
    }

    /**
     * Starts the service on a fresh store.
     *
     * @return the running service
     * @throws IOException if the store's directory cannot be made
     */
    static MonitoredFraudService start() throws IOException {
        String store = Files.createTempDirectory("fraud-service-prometheus-").toString();
        return new MonitoredFraudService(FraudScoringService.application().run("--server.port=0",
                "--server.address=127.0.0.1", "--mlops.store.path=" + store, "--mlops.monitor.window-size=" + WINDOW,
                "--mlops.monitor.window-duration=1h", "--fraud.loop.tick=1h",
                "--management.endpoint.mlops.access=unrestricted"));
    }

    /** @return the service's Prometheus scrape URL */
    URI metricsUrl() {
        return base.resolve("/actuator/prometheus");
    }

    /**
     * Scores transactions over HTTP, each routed by its customer, and posts each one's true label
     * as feedback, so the monitor computes accuracy per feedback window.
     *
     * @param transactions the requests
     * @throws IOException if a call fails
     * @throws InterruptedException if interrupted
     */
    void serve(List<FraudData.Transaction> transactions) throws IOException, InterruptedException {
        for (FraudData.Transaction tx : transactions) {
            JsonNode answer = JSON.readTree(post("/score", new LinkedHashMap<>(tx.features()), tx.customerId(), 200));
            served.merge(answer.get("variant").asText(), 1L, Long::sum);
            post("/feedback/" + answer.get("predictionId").asText(), Map.of("label", tx.label()), null, 202);
        }
    }

    /**
     * Waits until the service's monitor has analysed every full window of the requests served so
     * far, read through {@code /actuator/mlops}: each variant's latest window number reaches its
     * requests over {@link #WINDOW}. The last, partial window of each variant stays open, so every
     * series reads a full window.
     *
     * @param limit how long to wait
     * @throws IOException if a call fails
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the windows are not analysed in time
     */
    void awaitFullWindows(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode fraud = JSON.readTree(get("/actuator/mlops/" + ENDPOINT));
            boolean done = true;
            for (Map.Entry<String, Long> e : served.entrySet()) {
                long expected = e.getValue() / WINDOW;
                long latest = 0;
                for (JsonNode v : fraud.path("variants")) {
                    if (v.path("name").asText().equals(e.getKey()) && v.path("window").isObject()) {
                        latest = v.path("window").path("number").asLong();
                    }
                }
                done &= latest >= expected;
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("windows of " + served + " requests per variant not analysed within "
                        + limit + ": " + fraud);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Rolls the canary back as an operator does, through the Actuator write operation.
     *
     * @throws IOException if the call fails
     * @throws InterruptedException if interrupted
     */
    void rollBack() throws IOException, InterruptedException {
        post("/actuator/mlops/" + ENDPOINT, Map.of("action", "rollback", "reason", "rolled back by the test"), null,
                200);
    }

    private String post(String path, Object body, String routingKey, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (routingKey != null) {
            b.header(ScoringController.ROUTING_HEADER, routingKey);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ", not " + expected + ": "
                    + r.body());
        }
        return r.body();
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        context.close();
    }
}
