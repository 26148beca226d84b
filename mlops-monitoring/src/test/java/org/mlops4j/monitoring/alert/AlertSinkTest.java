package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertSinkTest {

    private static final WebhookConfig FAST = new WebhookConfig(4, Duration.ofMillis(1), 2.0,
            Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(5), 10);

    private HttpServer server;
    private final java.util.concurrent.ExecutorService serverThreads =
            java.util.concurrent.Executors.newSingleThreadExecutor();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    private URI start(IntSupplier status, CountDownLatch received, CountDownLatch release) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alerts", (HttpExchange exchange) -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.incrementAndGet();
            received.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.setExecutor(serverThreads);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    private URI start(IntSupplier status) throws IOException {
        return start(status, new CountDownLatch(0), new CountDownLatch(0));
    }

    private static Alert alert(String rule) {
        return new Alert(Alert.Kind.FIRED, rule, Severity.CRITICAL, "mlops.drift.dataset.share", 0.6, 0.5,
                "2024-01-01T00:00Z/PT1H", "churn-api", "churn/3",
                List.of(new DriftedFeature("age", 0.41), new DriftedFeature("income", 0.22)),
                Instant.parse("2024-01-01T01:00:00Z"), org.mlops4j.core.signal.SignalKind.DATA_DRIFT);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
    }

    @Test
    void inMemorySinkKeepsAlertsInOrder() {
        InMemoryAlertSink sink = AlertSinks.inMemory();
        sink.send(alert("a"));
        sink.send(alert("b"));
        assertThat(sink.alerts()).extracting(Alert::rule).containsExactly("a", "b");
        sink.clear();
        assertThat(sink.alerts()).isEmpty();
    }

    @Test
    void logSinkAcceptsEverySeverity() {
        AlertSink log = AlertSinks.log();
        for (Severity s : Severity.values()) {
            Alert a = alert("r");
            log.send(new Alert(a.kind(), a.rule(), s, a.metric(), a.value(), a.threshold(), a.window(),
                    a.endpoint(), a.model(), a.topDriftedFeatures(), a.timestamp(), a.signal()));
        }
    }

    @Test
    void callbackSinkPassesTheAlert() {
        List<Alert> got = new CopyOnWriteArrayList<>();
        AlertSinks.callback(got::add).send(alert("a"));
        assertThat(got).extracting(Alert::rule).containsExactly("a");
    }

    @Test
    void webhookPostsJsonWithEveryField() throws Exception {
        URI uri = start(() -> 200);
        try (WebhookAlertSink sink = AlertSinks.webhook(uri, FAST)) {
            sink.send(alert("dataset-drift"));
            awaitUntil(() -> sink.delivered() == 1);
        }
        JsonNode json = new ObjectMapper().readTree(bodies.get(0));
        assertThat(json.get("kind").asText()).isEqualTo("FIRED");
        assertThat(json.get("rule").asText()).isEqualTo("dataset-drift");
        assertThat(json.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(json.get("metric").asText()).isEqualTo("mlops.drift.dataset.share");
        assertThat(json.get("value").asDouble()).isEqualTo(0.6);
        assertThat(json.get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(json.get("window").asText()).isEqualTo("2024-01-01T00:00Z/PT1H");
        assertThat(json.get("endpoint").asText()).isEqualTo("churn-api");
        assertThat(json.get("model").asText()).isEqualTo("churn/3");
        assertThat(json.get("timestamp").asText()).isEqualTo("2024-01-01T01:00:00Z");
        JsonNode features = json.get("topDriftedFeatures");
        assertThat(features).hasSize(2);
        assertThat(features.get(0).get("feature").asText()).isEqualTo("age");
        assertThat(features.get(0).get("statistic").asDouble()).isEqualTo(0.41);
        assertThat(features.get(1).get("feature").asText()).isEqualTo("income");
    }

    @Test
    void webhookRetriesServiceUnavailableUntilDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        URI uri = start(() -> calls.incrementAndGet() <= 2 ? 503 : 200);
        try (WebhookAlertSink sink = AlertSinks.webhook(uri, FAST)) {
            sink.send(alert("r"));
            awaitUntil(() -> sink.delivered() == 1);
            assertThat(sink.retries()).isEqualTo(2);
            assertThat(sink.failed()).isZero();
        }
        assertThat(requests).hasValue(3);
    }

    @Test
    void webhookGivesUpAfterMaxAttemptsAndCountsAFailure() throws Exception {
        URI uri = start(() -> 500);
        try (WebhookAlertSink sink = AlertSinks.webhook(uri, FAST)) {
            sink.send(alert("r"));
            awaitUntil(() -> sink.failed() == 1);
            assertThat(sink.delivered()).isZero();
        }
        assertThat(requests).hasValue(FAST.maxAttempts());
    }

    @Test
    void aWebhookNeverShowsTheSecretInItsAddress() {
        URI slack = URI.create("https://hooks.slack.com/services/T0001/B0002/s3cr3tT0ken?channel=ops");
        try (WebhookAlertSink sink = AlertSinks.webhook(slack, FAST)) {
            assertThat(sink.toString()).isEqualTo("WebhookAlertSink[https://hooks.slack.com/...]")
                    .doesNotContain("s3cr3t").doesNotContain("channel");
        }
        assertThat(HttpWebhookSink.redacted(URI.create("http://127.0.0.1:8080"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(HttpWebhookSink.redacted(URI.create("mailto:ops@example.org"))).isEqualTo("mailto:...");
        assertThatThrownBy(() -> AlertSinks.webhook(URI.create("mailto:ops@example.org"), WebhookConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri must be an absolute http or https URI but was mailto:...");
        assertThat(HttpWebhookSink.redacted(URI.create("http://127.0.0.1:8080/"))).isEqualTo("http://127.0.0.1:8080");
        assertThat(HttpWebhookSink.redacted(URI.create("https://alice:pw@alerts.internal/hook")))
                .isEqualTo("https://alerts.internal/...");
        assertThat(HttpWebhookSink.redacted(URI.create("https://alerts.internal?key=k")))
                .isEqualTo("https://alerts.internal/...");
    }

    @Test
    void webhookDoesNotRetryClientErrors() throws Exception {
        URI uri = start(() -> 400);
        try (WebhookAlertSink sink = AlertSinks.webhook(uri, FAST)) {
            sink.send(alert("r"));
            awaitUntil(() -> sink.failed() == 1);
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void webhookCountsDropsWhenTheQueueIsFullWithoutBlockingTheCaller() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        URI uri = start(() -> 200, received, release);
        WebhookConfig oneSlot = new WebhookConfig(1, Duration.ZERO, 1.0, Duration.ZERO,
                Duration.ofSeconds(2), Duration.ofSeconds(10), 1);
        try (WebhookAlertSink sink = AlertSinks.webhook(uri, oneSlot)) {
            sink.send(alert("in-flight"));
            assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            sink.send(alert("queued"));
            sink.send(alert("dropped-1"));
            sink.send(alert("dropped-2"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(sink.dropped()).isEqualTo(2);
            release.countDown();
            awaitUntil(() -> sink.delivered() == 2);
        }
        assertThat(bodies).hasSize(2);
    }

    @Test
    void webhookDropsAlertsSentAfterClose() throws Exception {
        URI uri = start(() -> 200);
        WebhookAlertSink sink = AlertSinks.webhook(uri, FAST);
        sink.close();
        sink.send(alert("late"));
        assertThat(sink.dropped()).isEqualTo(1);
        sink.close();
    }

    @Test
    void webhookRejectsNonHttpUri() {
        assertThatThrownBy(() -> AlertSinks.webhook(URI.create("ftp://example.org/x"), WebhookConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri must be an absolute http or https URI but was ftp://example.org/...");
        assertThatThrownBy(() -> AlertSinks.webhook(URI.create("hooks/s3cr3t"), WebhookConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri must be an absolute http or https URI but was a relative URI");
    }
}
