package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutStatus;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.report.Chromium;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.mlops4j.spring.autoconfigure.app.ScoringApp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real Spring Boot web application on a random port, called over real HTTP:
 * the endpoints picked up and monitored, the Prometheus series, the {@code mlops} Actuator endpoint
 * and its write operations in the authenticated user's name, the health indicator, and the live
 * dashboard rendered in headless Chromium. The tests run in order on one application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlopsWebApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ConfigurableApplicationContext app;
    private static String base;
    private static Path storeDir;

    @BeforeAll
    static void start() throws Exception {
        storeDir = Files.createTempDirectory("mlops-web-");
        app = new SpringApplication(ScoringApp.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--mlops.store.path=" + storeDir,
                "--mlops.monitor.window-size=100", "--mlops.alerts.hold-for=1", "--mlops.alerts.drift-share=0.3",
                "--management.endpoints.web.exposure.include=health,mlops,prometheus",
                "--management.endpoint.mlops.access=unrestricted", "--management.endpoint.health.show-details=always");
        int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static ModelEndpoint<Map<String, Object>, Double> endpoint(String name) {
        return app.getBean(name, ModelEndpoint.class);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode mlops(String endpoint) throws Exception {
        HttpResponse<String> r = get("/actuator/mlops/" + endpoint);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void serve(String endpoint, List<Map<String, Object>> rows) {
        ModelEndpoint<Map<String, Object>, Double> e = endpoint(endpoint);
        int i = 0;
        for (Map<String, Object> row : rows) {
            e.predict(row, "user-" + i++);
        }
        app.getBean(ModelMonitor.class).flush();
    }

    private static void awaitWindows(String endpoint, int windows) throws InterruptedException {
        ModelMonitor<?> monitor = app.getBean(ModelMonitor.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (monitor.recentWindows().stream().filter(w -> w.endpoint().equals(endpoint)).count() < windows
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    @Order(1)
    void theEndpointsArePickedUpAndWatchedByTheStartersMonitorOrTheirLoops() throws Exception {
        MlopsEndpoints found = app.getBean(MlopsEndpoints.class);
        assertThat(found.names()).containsExactlyInAnyOrder("scorer", "ranker");
        assertThat(found.monitor("scorer")).containsSame(app.getBean(ModelMonitor.class));
        assertThat(found.monitor("ranker")).containsSame(app.getBean(ModelMonitor.class));
        assertThat(found.loop("scorer")).isPresent();

        serve("scorer", ScoringApp.rows(300, 7, false));
        awaitWindows("scorer", 3);
        JsonNode scorer = mlops("scorer");
        assertThat(scorer.get("strategy").asText()).isEqualTo("single");
        JsonNode champion = scorer.get("variants").get(0);
        assertThat(champion.get("name").asText()).isEqualTo("champion");
        assertThat(champion.get("model").asText()).isEqualTo("scorer/1");
        assertThat(champion.get("share").asDouble()).isEqualTo(1.0);
        assertThat(champion.get("totals").get("requests").asLong()).isEqualTo(300);
        JsonNode window = champion.get("window");
        assertThat(window.get("requests").asLong()).isEqualTo(100);
        assertThat(window.get("nonNullOutputRatio").asDouble()).isEqualTo(1.0);
        // About one row in ten has no age: the window's missing ratio is the monitor's, per feature.
        double age = window.get("missingInputRatio").get("age").asDouble();
        assertThat(age).isBetween(0.02, 0.25);
        assertThat(window.get("missingInputRatio").get("amount").asDouble()).isZero();
        ModelMonitor<?> monitor = app.getBean(ModelMonitor.class);
        assertThat(monitor.recentWindows().stream()
                .filter(w -> w.endpoint().equals("scorer")).reduce((a, b) -> b).orElseThrow().missingRatio().get("age"))
                .isEqualTo(age);
        assertThat(window.get("driftedFeatures")).isEmpty();
        assertThat(scorer.get("registry").get("scorer").get("champion").asInt()).isEqualTo(1);
        assertThat(scorer.get("rollout").isNull()).isTrue();
        assertThat(scorer.get("stats").get("requests").asLong()).isEqualTo(300);
    }

    @Test
    @Order(2)
    void theSeriesReachPrometheusWithoutAnyRefresh() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        String text = r.body();
        assertThat(value(text, "mlops_endpoint_requests_total", "endpoint=\"scorer\"")).isEqualTo(300.0);
        assertThat(value(text, "mlops_prediction_count", "endpoint=\"scorer\"")).isEqualTo(100.0);
        assertThat(value(text, "mlops_input_missing_ratio", "feature=\"amount\"")).isZero();
        assertThat(value(text, "mlops_rollout_candidate_share", "endpoint=\"scorer\"")).isZero();
        assertThat(value(text, "mlops_rollout_rollbacks_total", "endpoint=\"scorer\"")).isZero();
        assertThat(text).contains("jvm_memory_used_bytes");
    }

    /** The value of the first sample of a series whose labels contain {@code label}. */
    static double value(String exposition, String series, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{([^}]*)\\} (\\S+)").matcher(exposition);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + series + " with " + label + " in:\n" + exposition);
    }

    @Test
    @Order(3)
    void driftedTrafficFiresTheDriftAlertNamingTheFeaturesShownByActuatorAndHealth() throws Exception {
        serve("scorer", ScoringApp.rows(200, 8, true));
        awaitWindows("scorer", 5);
        JsonNode scorer = mlops("scorer");
        JsonNode window = scorer.get("variants").get(0).get("window");
        assertThat(window.get("driftedShare").asDouble()).isGreaterThan(0.3);
        assertThat(window.get("driftedFeatures").findValuesAsText("feature")).contains("amount", "country");
        JsonNode amount = null;
        for (JsonNode f : window.get("featureDrift")) {
            if (f.get("feature").asText().equals("amount")) {
                amount = f;
            }
        }
        assertThat(amount).as("every feature's drift check").isNotNull();
        assertThat(amount.get("verdict").asText()).isEqualTo("DRIFT");
        assertThat(amount.get("test").asText()).isNotBlank();
        assertThat(window.get("featureDrift").findValuesAsText("feature")).containsExactlyInAnyOrder("amount",
                "country", "age");
        JsonNode alerts = scorer.get("alerts");
        assertThat(alerts.findValuesAsText("rule")).contains("dataset-drift");
        JsonNode all = JSON.readTree(get("/actuator/mlops").body());
        assertThat(all.get("alerts").findValuesAsText("endpoint")).contains("scorer");
        assertThat(all.get("jvm").get("heapUsedBytes").asLong()).isPositive();

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        assertThat(health.get("components").get("mlops").get("status").asText())
                .as("an alert does not take the pod out unless asked").isEqualTo("UP");
        assertThat(health.get("components").get("mlops").get("details").get("firingAlerts").asInt()).isPositive();
    }

    @Test
    @Order(4)
    void writeOperationsNeedAnOperatorAndAreRecordedInTheirName() throws Exception {
        @SuppressWarnings("unchecked")
        ClosedLoop<Map<String, Object>, Double> loop = app.getBean("scorerLoop", ClosedLoop.class);
        ModelRegistry registry = app.getBean(ModelRegistry.class);
        Rollout<Map<String, Object>, Double> rollout = loop.rollout(Variant.of("candidate", row -> 0.5,
                registry.get("scorer", 2).orElseThrow()), Baseline.none());
        serve("scorer", ScoringApp.rows(40, 10, false));
        loop.tick();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        assertThat(mlops("scorer").get("variants").get(1).get("share").asDouble()).isEqualTo(0.25);
        assertThat(mlops("scorer").get("rollout").get("status").asText()).isEqualTo("AWAITING_APPROVAL");

        assertThat(post("/actuator/mlops/scorer", null, "{\"action\":\"approve\"}").statusCode()).isEqualTo(401);
        assertThat(post("/actuator/mlops/scorer", "carol", "{\"action\":\"approve\"}").statusCode()).isEqualTo(403);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        HttpResponse<String> wrong = post("/actuator/mlops/scorer", "alice", "{\"action\":\"launch\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("action must be one of approve, pause, resume, promote, rollback, switch but "
                + "was 'launch'");
        HttpResponse<String> notPaused = post("/actuator/mlops/scorer", "alice", "{\"action\":\"resume\"}");
        assertThat(notPaused.statusCode()).isEqualTo(400);
        assertThat(notPaused.body()).contains("cannot resume on 'scorer'").contains("AWAITING_APPROVAL");

        HttpResponse<String> approved = post("/actuator/mlops/scorer", "alice",
                "{\"action\":\"approve\",\"reason\":\"canary looks fine\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(approved.body());
        assertThat(body.get("actor").asText()).isEqualTo("alice");
        assertThat(body.get("endpoint").get("rollout").get("step").asInt()).isEqualTo(1);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(post("/actuator/mlops/scorer", "bob", "{\"action\":\"pause\",\"reason\":\"checking logs\"}")
                .statusCode()).isEqualTo(200);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(post("/actuator/mlops/scorer", "bob", "{\"action\":\"resume\"}").statusCode()).isEqualTo(200);
        assertThat(post("/actuator/mlops/scorer", "alice", "{\"action\":\"promote\",\"reason\":\"ship it\"}")
                .statusCode()).isEqualTo(200);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PROMOTED);

        AliasChange last = registry.aliasHistory("scorer").stream().filter(c -> c.alias().equals("champion"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.newVersion()).hasValue(2);
        assertThat(last.attribution().actor()).isEqualTo("alice");
        assertThat(rollout.audit()).hasSize(4).satisfiesExactly(
                a -> assertThat(a).endsWith(" approve by alice: canary looks fine"),
                a -> assertThat(a).endsWith(" pause by bob: checking logs"),
                a -> assertThat(a).endsWith(" resume by bob"),
                a -> assertThat(a).endsWith(" promote by alice: ship it"));
        JsonNode after = mlops("scorer");
        assertThat(after.get("rollout").get("audit")).hasSize(4);
        assertThat(after.get("registry").get("scorer").get("champion").asInt()).isEqualTo(2);
        assertThat(after.get("registry").get("scorer").get("previous").asInt()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aBlueGreenSwitchAndRollbackAreAuditedOnTheModelThatWentLive() throws Exception {
        HttpResponse<String> noRollout = post("/actuator/mlops/ranker", "alice", "{\"action\":\"approve\"}");
        assertThat(noRollout.statusCode()).isEqualTo(400);
        assertThat(noRollout.body()).contains("no ClosedLoop bean drives it");
        assertThat(post("/actuator/mlops/scorer", "alice", "{\"action\":\"switch\"}").body())
                .contains("not blue-green");
        assertThat(post("/actuator/mlops/ranker", "bob", "{\"action\":\"switch\",\"reason\":\"green passed\"}")
                .statusCode()).isEqualTo(200);
        JsonNode ranker = mlops("ranker");
        assertThat(ranker.get("strategy").asText()).isEqualTo("blue-green");
        assertThat(ranker.get("variants").findValuesAsText("name")).contains("green");
        for (JsonNode v : ranker.get("variants")) {
            assertThat(v.get("share").asDouble()).isEqualTo(v.get("name").asText().equals("green") ? 1.0 : 0.0);
        }
        assertThat(post("/actuator/mlops/ranker", "alice", "{\"action\":\"rollback\"}").statusCode()).isEqualTo(200);
        ModelRegistry registry = app.getBean(ModelRegistry.class);
        assertThat(registry.get("ranker", 2).orElseThrow().tags().entrySet()).filteredOn(e -> e.getKey()
                .startsWith(Rollout.AUDIT_TAG_PREFIX)).singleElement().satisfies(e -> assertThat(e.getValue())
                .endsWith("switch to green on 'ranker' by bob: green passed"));
        assertThat(registry.get("ranker", 1).orElseThrow().tags().values()).anySatisfy(v -> assertThat(v)
                .endsWith("blue-green rollback to blue on 'ranker' by alice"));
        assertThat(get("/actuator/mlops/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = post("/actuator/mlops/nothing", "alice", "{\"action\":\"approve\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no model endpoint is named 'nothing'; there are [");
    }

    @Test
    @Order(6)
    void theDashboardRedirectsAndRendersTheActuatorsNumbersInChromium() throws Exception {
        HttpResponse<String> redirect = get("/mlops/dashboard");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/mlops/dashboard/index.html"));
        HttpResponse<String> page = get("/mlops/dashboard/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("dashboard.js").doesNotContain("http://").doesNotContain("https://");

        serve("scorer", ScoringApp.rows(150, 9, false));
        awaitWindows("scorer", 6);
        Path target = Path.of("target", "dashboard-chromium").toAbsolutePath();
        Files.createDirectories(target);
        Chromium chromium = Chromium.orSkip(target);
        String dom = chromium.dumpDom(base + "/mlops/dashboard/index.html");
        JsonNode scorer = mlops("scorer");
        assertThat(dom).contains("data-rendered=");
        JsonNode champion = scorer.get("variants").get(0);
        assertThat(DashboardDom.field(dom, "requests", "scorer", champion.get("name").asText()))
                .isEqualTo(String.format(java.util.Locale.US, "%,d", champion.get("totals").get("requests").asLong()));
        assertThat(DashboardDom.field(dom, "share", "scorer", "champion")).isEqualTo("100.0%");
        JsonNode throughput = champion.get("window").get("throughputPerSecond");
        assertThat(DashboardDom.field(dom, "throughput", "scorer", "champion")).as("the request rate")
                .isEqualTo(throughput.isNull() ? "–" : String.format(java.util.Locale.US, "%.1f", throughput.asDouble()));
        assertThat(DashboardDom.field(dom, "rolloutStatus", "scorer", null)).isEqualTo("PROMOTED");
        assertThat(dom).contains("data-field=\"alert\"").contains("dataset-drift");
        assertThat(dom).contains("data-feature=\"age\"");
        JsonNode lastDrift = scorer.get("variants").get(0).get("window").get("featureDrift");
        assertThat(lastDrift).isNotEmpty();
        assertThat(DashboardDom.field(dom, "verdict", null, null)).isEqualTo(lastDrift.get(0).get("verdict").asText());
        Path png = target.resolve("mlops-dashboard.png");
        chromium.screenshot(base + "/mlops/dashboard/index.html", png, 1366, 2200);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
