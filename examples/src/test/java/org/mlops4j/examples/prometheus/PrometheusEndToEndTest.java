package org.mlops4j.examples.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mlops4j.examples.FraudData;

/**
 * The shipped alerting rules and Grafana queries against a real Prometheus ({@code /usr/bin/prometheus},
 * Debian's package) on 127.0.0.1, scraping the Spring Boot example service's real
 * {@code /actuator/prometheus} ({@link MonitoredFraudService}, driven over HTTP) every second and evaluating the rules every second. It asserts through Prometheus' HTTP API that the
 * series exist, that every rule loads and the drift alert is silent on reference traffic, that every
 * dashboard query parses and returns series, and that injected drift makes the drift alert fire.
 *
 * <p>Prometheus loads the shipped rules with every {@code for:} rewritten to {@code 0s} and nothing
 * else changed, so the expressions are the shipped ones and an alert fires at the first evaluation
 * that sees its condition. Its configuration, rules, log and data are under
 * {@code target/prometheus-e2e}. Skipped only where {@code /usr/bin/prometheus} is absent (CI
 * installs it and fails when this is skipped). Each step polls with a deadline; the whole class runs
 * in some 30 seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrometheusEndToEndTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final String JOB = "mlops4j";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:\\s*)\\S+\\s*$");
    /** A metric name followed by a selector's brace: the series a query reads. */
    private static final Pattern SELECTED = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    /** Every series the rules and the dashboard read, which the target must expose. */
    private static final List<String> SERIES = List.of("mlops_drift_dataset_share", "mlops_drift_feature_count",
            "mlops_input_missing_ratio", "mlops_output_null_ratio", "mlops_prediction_error_ratio",
            "mlops_prediction_latency_p50_seconds", "mlops_prediction_latency_p99_seconds",
            "mlops_prediction_throughput", "mlops_prediction_count", "mlops_performance_accuracy",
            "mlops_endpoint_requests_total", "mlops_endpoint_fallbacks_total", "mlops_rollout_candidate_share",
            "mlops_rollout_rollbacks_total", "jvm_memory_used_bytes", "jvm_memory_max_bytes", "process_cpu_usage",
            "system_cpu_usage", "mlops_segment_drift_share", "mlops_segment_share", "mlops_estimated_accuracy",
            "mlops_estimated_accuracy_lower", "mlops_estimated_accuracy_upper", "mlops_realised_accuracy");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private MonitoredFraudService service;
    private Process prometheus;
    private Path dir;
    private URI api;
    /** When the drift share series were first seen through Prometheus. */
    private Instant seriesSeen;

    /**
     * The URL Prometheus scrapes: the one place to point at another service exposing the same
     * series (the Spring Boot example service's {@code /actuator/prometheus}).
     */
    private URI target() {
        return service.metricsUrl();
    }

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is absent: install Debian's prometheus package "
                + "(apt-get install prometheus) to run the shipped rules and dashboard queries in a real Prometheus");
        service = MonitoredFraudService.start();
        service.serve(FraudData.generate(2_000, 21));
        service.awaitFullWindows(WAIT);

        dir = Path.of("target", "prometheus-e2e").toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path rules = Files.writeString(dir.resolve("mlops4j-alerts.yml"),
                withoutHolds(Files.readString(DeployFiles.alertRules())));
        URI target = target();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + rules,
                "scrape_configs:",
                "  - job_name: " + JOB,
                "    metrics_path: " + target.getPath(),
                "    static_configs:",
                "      - targets: ['" + target.getHost() + ":" + target.getPort() + "']",
                ""));
        int port = freePort();
        api = URI.create("http://127.0.0.1:" + port);
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await("Prometheus ready at " + api, () -> {
            if (!prometheus.isAlive()) {
                throw new AssertionError("Prometheus exited with " + prometheus.exitValue() + ":\n" + log());
            }
            return get(api.resolve("/-/ready")).statusCode() == 200 ? Optional.of(true) : Optional.empty();
        });
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    /**
     * The shipped rules with every {@code for:} set to {@code 0s}, and nothing else changed.
     *
     * @param rules the shipped rules
     * @return the rules to load
     */
    static String withoutHolds(String rules) {
        long alerts = rules.lines().filter(l -> l.trim().startsWith("- alert:")).count();
        Matcher m = FOR.matcher(rules);
        StringBuilder out = new StringBuilder();
        int rewritten = 0;
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "0s"));
            rewritten++;
        }
        m.appendTail(out);
        assertThat(rewritten).as("one for: per alert").isEqualTo(alerts).isPositive();
        return out.toString();
    }

    @Test
    @Order(1)
    void prometheusScrapesTheMonitorsSeries() throws Exception {
        JsonNode drift = await("two drift share series of endpoint fraud", () -> {
            JsonNode r = query("mlops_drift_dataset_share{job=\"" + JOB + "\",endpoint=\"fraud\"}");
            return r.size() == 2 ? Optional.of(r) : Optional.empty();
        });
        seriesSeen = Instant.now();
        Set<String> variants = new TreeSet<>();
        for (JsonNode s : drift) {
            variants.add(s.path("metric").path("variant").asText() + " " + s.path("metric").path("model_version").asText());
        }
        assertThat(variants).containsExactly("challenger fraud/2", "champion fraud/1");
        for (String name : SERIES) {
            assertThat(query(name + "{job=\"" + JOB + "\"}")).as("series %s through Prometheus", name).isNotEmpty();
        }
        assertThat(value(query("mlops_rollout_candidate_share{job=\"" + JOB + "\",endpoint=\"fraud\"}"))).isEqualTo(0.1);
        assertThat(value(query("mlops_endpoint_requests_total{job=\"" + JOB + "\",endpoint=\"fraud\"}")))
                .isEqualTo(2_000);
        // The champion's performance estimate (CBPE, calibrated on its holdout scores) lies inside its band,
        // each comparison in one query so both sides come from the same scrape.
        String champion = "{job=\"" + JOB + "\",endpoint=\"fraud\",variant=\"champion\",model_version=\"fraud/1\"}";
        assertThat(value(query("mlops_estimated_accuracy" + champion))).isBetween(0.5, 1.0);
        assertThat(query("mlops_estimated_accuracy" + champion + " > mlops_estimated_accuracy_lower" + champion))
                .hasSize(1);
        assertThat(query("mlops_estimated_accuracy_upper" + champion + " > mlops_estimated_accuracy" + champion))
                .hasSize(1);
        assertThat(query("mlops_realised_accuracy" + champion)).hasSize(1);
        assertThat(query("mlops_input_missing_ratio{job=\"" + JOB + "\",variant=\"champion\"}"))
                .extracting(s -> s.path("metric").path("feature").asText())
                .containsExactlyInAnyOrder("amount", "hour", "country", "channel", "new_customer", "tx_last_24h");
    }

    @Test
    @Order(2)
    void everyRuleLoadsAndTheDriftAlertIsSilentOnReferenceTraffic() throws Exception {
        // Both variants' latest windows were tested (a NaN share compares false) and did not drift.
        assertThat(query("mlops_drift_dataset_share{job=\"" + JOB + "\"} < 0.5")).as("reference windows").hasSize(2);
        // A rule evaluated after the series were seen has seen them.
        Instant after = seriesSeen == null ? Instant.now() : seriesSeen;
        JsonNode drift = await("an evaluation of MlopsDatasetDrift after " + after, () -> {
            JsonNode rule = rules().stream().filter(r -> r.path("name").asText().equals("MlopsDatasetDrift"))
                    .findFirst().orElseThrow(() -> new AssertionError("no MlopsDatasetDrift rule:\n" + log()));
            Instant evaluated = Instant.parse(rule.path("lastEvaluation").asText());
            return evaluated.isAfter(after.plusSeconds(1)) ? Optional.of(rule) : Optional.empty();
        });
        assertThat(drift.path("state").asText()).as(drift.toString()).isEqualTo("inactive");
        assertThat(drift.path("alerts")).isEmpty();
        List<JsonNode> rules = rules();
        assertThat(rules).extracting(r -> r.path("name").asText()).containsExactlyInAnyOrder("MlopsDatasetDrift",
                "MlopsInputMissingRatioHigh", "MlopsNonNullOutputRatioLow", "MlopsPredictionErrorRatioHigh",
                "MlopsFallbackRatioHigh", "MlopsPredictionLatencyP99High", "MlopsAccuracyBelowTarget",
                "MlopsEstimatedAccuracyBelowTarget", "MlopsRolloutRolledBack");
        for (JsonNode r : rules) {
            assertThat(r.path("health").asText()).as(r.toString()).isEqualTo("ok");
            assertThat(r.path("duration").asDouble()).as(r.toString()).isZero();
        }
    }

    @Test
    @Order(3)
    void everyDashboardQueryParsesAndReturnsTheTargetsSeries() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read(DeployFiles.dashboard());
        Map<String, String> values = Map.of("job", JOB, "endpoint", "fraud", "datasource", "prometheus",
                "__rate_interval", "10s", "__range", "1m");
        Set<String> exposed = exposedNames();
        List<String> problems = new ArrayList<>();
        int returning = 0;
        for (GrafanaDashboard.Query q : dashboard.queries()) {
            String promQl = GrafanaDashboard.substitute(q.expr(), values);
            Set<String> read = new TreeSet<>();
            Matcher m = SELECTED.matcher(promQl);
            while (m.find()) {
                read.add(m.group(1));
            }
            JsonNode first = queryResponse(promQl);
            if (!first.path("status").asText().equals("success")) {
                problems.add(q.panel() + " " + q.refId() + ": " + promQl + " -> " + first);
                continue;
            }
            if (!exposed.containsAll(read)) {
                continue;   // ALERTS: Prometheus' own series, present only while an alert is active
            }
            // A rate needs two scrapes in its range: wait for them rather than fail on the first try.
            Optional<JsonNode> result = poll(Duration.ofSeconds(10), () -> {
                JsonNode r = query(promQl);
                return r.isEmpty() ? Optional.empty() : Optional.of(r);
            });
            if (result.isEmpty()) {
                problems.add(q.panel() + " " + q.refId() + ": no series for " + promQl);
            } else {
                returning++;
            }
        }
        assertThat(problems).as("dashboard queries against %s", api).isEmpty();
        assertThat(returning).isEqualTo(dashboard.queries().size() - 1);

        assertThat(query(GrafanaDashboard.asPromQl(GrafanaDashboard.substitute(dashboard.variableQuery("job"), values))))
                .extracting(s -> s.path("metric").path("job").asText()).containsExactly(JOB);
        assertThat(query(GrafanaDashboard.asPromQl(
                GrafanaDashboard.substitute(dashboard.variableQuery("endpoint"), values))))
                .extracting(s -> s.path("metric").path("endpoint").asText()).containsExactly("fraud");
    }

    @Test
    @Order(4)
    void injectedDriftMakesTheDriftAlertFire() throws Exception {
        service.serve(FraudData.generateDrifted(1_000, 22));
        service.awaitFullWindows(WAIT);

        JsonNode alert = await("MlopsDatasetDrift pending or firing for endpoint fraud", () -> alert("MlopsDatasetDrift"));

        assertThat(alert.path("state").asText()).isIn("pending", "firing");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(alert.path("labels").path("signal").asText()).isEqualTo("data_drift");
        assertThat(alert.path("labels").path("variant").asText()).isIn("champion", "challenger");
        assertThat(alert.path("value").asDouble()).isBetween(0.5, 1.0);
        assertThat(alert.path("annotations").path("description").asText())
                .contains("of the input features of endpoint fraud, variant " + alert.path("labels").path("variant").asText())
                .contains("drifted from the reference profile");
    }

    @Test
    @Order(5)
    void aRollbackMakesTheRollbackAlertFire() throws Exception {
        assertThat(alert("MlopsRolloutRolledBack")).isEmpty();

        service.rollBack();

        JsonNode alert = await("MlopsRolloutRolledBack firing for endpoint fraud", () -> alert("MlopsRolloutRolledBack"));
        assertThat(alert.path("state").asText()).isEqualTo("firing");
        assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("Rollout rolled back on endpoint fraud");
        assertThat(value(query("mlops_rollout_candidate_share{job=\"" + JOB + "\",endpoint=\"fraud\"}"))).isZero();
    }

    /** The active alert of a rule for endpoint fraud, if any. */
    private Optional<JsonNode> alert(String name) throws IOException, InterruptedException {
        JsonNode body = json.readTree(get(api.resolve("/api/v1/alerts")).body());
        for (JsonNode a : body.path("data").path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals(name)
                    && a.path("labels").path("endpoint").asText().equals("fraud")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Every alerting rule Prometheus loaded, with its state and last evaluation. */
    private List<JsonNode> rules() throws IOException, InterruptedException {
        JsonNode body = json.readTree(get(api.resolve("/api/v1/rules?type=alert")).body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : body.path("data").path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    /** The metric names the target exposes, read from its scrape as Prometheus reads it. */
    private Set<String> exposedNames() throws IOException, InterruptedException {
        HttpResponse<String> scrape = get(target());
        assertThat(scrape.statusCode()).as("scrape of %s", target()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : scrape.body().lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** An instant query's result, failing unless Prometheus accepted the query. */
    private JsonNode query(String promQl) throws IOException, InterruptedException {
        JsonNode body = queryResponse(promQl);
        assertThat(body.path("status").asText()).as("%s -> %s", promQl, body).isEqualTo("success");
        return body.path("data").path("result");
    }

    private JsonNode queryResponse(String promQl) throws IOException, InterruptedException {
        URI uri = api.resolve("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8));
        return json.readTree(get(uri).body());
    }

    /** The value of the only series of an instant query's result. */
    private static double value(JsonNode result) {
        assertThat(result).as(result.toString()).hasSize(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Something a poll reads; a connection refused (Prometheus starting) reads as nothing yet. */
    private interface Probe<T> {
        Optional<T> read() throws IOException, InterruptedException;
    }

    private <T> T await(String what, Probe<T> probe) throws InterruptedException {
        return poll(WAIT, probe).orElseThrow(() -> new AssertionError("no " + what + " within " + WAIT
                + "; Prometheus log:\n" + log()));
    }

    private static <T> Optional<T> poll(Duration limit, Probe<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                Optional<T> found = probe.read();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still failing after " + limit, e);
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(200);
        }
    }

    /** The end of Prometheus' log, for failure messages. */
    private String log() {
        try {
            String text = Files.readString(dir.resolve("prometheus.log"));
            return text.substring(Math.max(0, text.length() - 6_000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
