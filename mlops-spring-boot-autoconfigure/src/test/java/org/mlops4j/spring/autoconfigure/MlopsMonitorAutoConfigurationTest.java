package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.AlertSink;
import org.mlops4j.monitoring.alert.WebhookAlertSink;
import org.mlops4j.monitoring.alert.WebhookConfig;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;

/**
 * The monitor, sinks, endpoints, health and shutdown of the starter in real application contexts,
 * with endpoints whose models answer, fail or return nothing on purpose.
 */
class MlopsMonitorAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MlopsStoreAutoConfiguration.class,
                    MlopsMonitorAutoConfiguration.class, MlopsActuatorAutoConfiguration.class))
            .withBean(ModelRegistry.class, InMemoryModelRegistry::new);

    /** An endpoint whose model answers {@code x * 2}, fails on every {@code failEvery}-th input, or answers null. */
    private static ModelEndpoint<Integer, Integer> endpoint(String name, int failEvery, boolean nulls) {
        return ModelEndpoint.<Integer, Integer>builder(name).strategy(DeploymentStrategy.single(Variant.of("champion",
                x -> {
                    if (failEvery > 0 && x % failEvery == 0) {
                        throw new IllegalStateException("broken model");
                    }
                    return nulls ? null : x * 2;
                }, new ModelRef(name, 1)))).build();
    }

    private static void serve(ModelEndpoint<Integer, Integer> e, int n) {
        for (int i = 1; i <= n; i++) {
            try {
                e.predict(i, "k" + i);
            } catch (RuntimeException expected) {
                // a failing model: counted by the endpoint and the monitor
            }
        }
    }

    @Test
    void badPropertiesFailTheStartupNamingThePropertyAndTheValue() {
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=0").run(c -> assertThat(c)
                .hasFailed().getFailure().rootCause().hasMessage("mlops.monitor.window-size must be at least 1 but was 0"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.alerts.drift-share=1.5").run(c -> assertThat(c)
                .hasFailed().getFailure().rootCause().hasMessage("mlops.alerts.drift-share must be in [0, 1] but was 1.5"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.alerts.webhook.url=ftp://alerts").run(c ->
                assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessage("mlops.alerts.webhook.url must be an http or https URL but was ftp://alerts"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.tick-interval=0s").run(c -> assertThat(c)
                .hasFailed().getFailure().rootCause()
                .hasMessage("mlops.monitor.tick-interval must be a positive duration but was PT0S"));
    }

    @Test
    void everyEndpointBeanIsWatchedByTheStartersMonitorUnlessExcluded() {
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=10",
                        "mlops.endpoints.internal.monitored=false")
                .withBean("scoring", ModelEndpoint.class, () -> endpoint("scoring", 0, false))
                .withBean("internal", ModelEndpoint.class, () -> endpoint("internal", 0, false))
                .run(c -> {
                    ModelMonitor<?> monitor = c.getBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN, ModelMonitor.class);
                    MlopsEndpoints found = c.getBean(MlopsEndpoints.class);
                    assertThat(found.names()).containsExactlyInAnyOrder("scoring", "internal");
                    assertThat(found.monitor("scoring")).containsSame(monitor);
                    assertThat(found.monitor("internal")).isEmpty();
                    @SuppressWarnings("unchecked")
                    ModelEndpoint<Integer, Integer> scoring = c.getBean("scoring", ModelEndpoint.class);
                    @SuppressWarnings("unchecked")
                    ModelEndpoint<Integer, Integer> internal = c.getBean("internal", ModelEndpoint.class);
                    serve(scoring, 20);
                    serve(internal, 20);
                    monitor.flush();
                    awaitWindows(monitor, 2);
                    assertThat(monitor.recentWindows()).extracting(w -> w.endpoint()).containsOnly("scoring");
                });
    }

    @Test
    void theApplicationsOwnMonitorWinsAndTheStarterAttachesNothing() {
        ModelMonitor<Object> own = ModelMonitor.builder().sameThreadAnalysis().build();
        runner.withPropertyValues("mlops.store.path=" + dir)
                .withBean("own", ModelMonitor.class, () -> own)
                .withBean("scoring", ModelEndpoint.class, () -> endpoint("scoring", 0, false))
                .run(c -> {
                    assertThat(c).doesNotHaveBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN);
                    assertThat(c.getBean(MlopsEndpoints.class).monitors()).containsExactly(own);
                    assertThat(c.getBean(MlopsEndpoints.class).monitor("scoring")).isEmpty();
                });
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.enabled=false").run(c ->
                assertThat(c).doesNotHaveBean(ModelMonitor.class).hasSingleBean(MlopsEndpoints.class));
    }

    @Test
    void alertsGoToASignedWebhookWithItsSecretAndToEveryAlertSinkBean() throws Exception {
        BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[] {new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst(WebhookConfig.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst("X-Team")});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        List<Alert> mine = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=10",
                            "mlops.alerts.hold-for=1", "mlops.alerts.webhook.url=" + url,
                            "mlops.alerts.webhook.secret=s3cret", "mlops.alerts.webhook.headers.X-Team=fraud-ops")
                    .withBean("nulls", ModelEndpoint.class, () -> endpoint("nulls", 0, true))
                    .withBean("mine", AlertSink.class, () -> mine::add)
                    .run(c -> {
                        assertThat(c).hasSingleBean(WebhookAlertSink.class);
                        @SuppressWarnings("unchecked")
                        ModelEndpoint<Integer, Integer> nulls = c.getBean("nulls", ModelEndpoint.class);
                        serve(nulls, 10);
                        String[] hook = received.poll(20, TimeUnit.SECONDS);
                        assertThat(hook).as("the webhook received the alert").isNotNull();
                        assertThat(hook[0]).contains("\"rule\":\"null-output-fraction\"").contains("\"endpoint\":\"nulls\"");
                        assertThat(hook[1]).isEqualTo("sha256=" + hmac("s3cret", hook[0]));
                        assertThat(hook[2]).isEqualTo("fraud-ops");
                        assertThat(mine).extracting(Alert::rule).contains("null-output-fraction");
                        assertThat(c.getBean(FiringAlerts.class).firing("nulls")).extracting(Alert::rule)
                                .containsExactly("null-output-fraction");
                    });
        } finally {
            server.stop(0);
        }
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Test
    void healthIsDownWhenAnEndpointCannotAnswerAndOutOfServiceOnCriticalAlertsOnlyWhenAsked() {
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=10", "mlops.alerts.log=false")
                .withBean("broken", ModelEndpoint.class, () -> endpoint("broken", 1, false))
                .run(c -> {
                    @SuppressWarnings("unchecked")
                    ModelEndpoint<Integer, Integer> broken = c.getBean("broken", ModelEndpoint.class);
                    MlopsHealthIndicator health = c.getBean(MlopsHealthIndicator.class);
                    assertThat(health.health().getStatus()).as("no window yet").isEqualTo(Status.UP);
                    serve(broken, 10);
                    awaitWindows(c.getBean(ModelMonitor.class), 1);
                    var h = health.health();
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(h.getDetails().get("down")).isEqualTo(List.of("broken"));
                    assertThat(h.getDetails().get("broken").toString())
                            .contains("every request of the latest window (10) failed");
                });
        for (boolean outOfService : new boolean[] {false, true}) {
            runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=10", "mlops.alerts.log=false",
                            "mlops.alerts.hold-for=1", "mlops.health.critical-alerts-out-of-service=" + outOfService)
                    .withBean("flaky", ModelEndpoint.class, () -> endpoint("flaky", 2, false))
                    .run(c -> {
                        @SuppressWarnings("unchecked")
                        ModelEndpoint<Integer, Integer> flaky = c.getBean("flaky", ModelEndpoint.class);
                        serve(flaky, 10);
                        awaitWindows(c.getBean(ModelMonitor.class), 1);
                        awaitFiring(c.getBean(FiringAlerts.class));
                        var h = c.getBean(MlopsHealthIndicator.class).health();
                        assertThat(h.getStatus()).isEqualTo(outOfService ? Status.OUT_OF_SERVICE : Status.UP);
                        assertThat(h.getDetails().get("criticalAlerts").toString()).contains("error-rate");
                    });
        }
    }

    @Test
    void shutdownStopsAfterTheWebServerClosingLoopsEndpointsThenMonitorsWithTheirLastWindows() {
        assertThat(MlopsLifecycle.PHASE).as("stopped after the web server's graceful shutdown and stop")
                .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024);
        ModelMonitor<?>[] monitor = new ModelMonitor<?>[1];
        List<ClosedLoop<?, ?>> loop = new java.util.ArrayList<>();
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=1000")
                .withBean("scoring", ModelEndpoint.class, () -> endpoint("scoring", 0, false))
                .withBean("loop", ClosedLoop.class, () -> {
                    ModelMonitor<Object> m = ModelMonitor.builder().build();
                    return ClosedLoop.builder(endpoint("looped", 0, false), m, new InMemoryModelRegistry()).build();
                })
                .run(c -> {
                    monitor[0] = c.getBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN, ModelMonitor.class);
                    loop.add(c.getBean(ClosedLoop.class));
                    assertThat(c.getBean(MlopsEndpoints.class).names()).containsExactlyInAnyOrder("scoring", "looped");
                    assertThat(c.getBean(MlopsLifecycle.class).isRunning()).isTrue();
                    @SuppressWarnings("unchecked")
                    ModelEndpoint<Integer, Integer> scoring = c.getBean("scoring", ModelEndpoint.class);
                    serve(scoring, 37);
                    assertThat(monitor[0].recentWindows()).as("a partial window stays open").isEmpty();
                });
        // Stopped with the context: the partial window of 37 was analysed, the loop closed.
        assertThat(monitor[0].recentWindows()).singleElement().satisfies(w -> assertThat(w.predictions()).isEqualTo(37));
        assertThatThrownBy(loop.get(0)::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    private static void awaitWindows(ModelMonitor<?> monitor, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (monitor.recentWindows().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(monitor.recentWindows()).hasSizeGreaterThanOrEqualTo(n);
    }

    private static void awaitFiring(FiringAlerts alerts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (alerts.firing().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static InMemoryModelRegistry registryWith(Path dir, String model, String content) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        Path file = java.nio.file.Files.writeString(dir.resolve(model + ".txt"), content);
        var v = registry.register(org.mlops4j.core.registry.ModelRegistration.builder(model)
                .artifact(org.mlops4j.core.registry.ModelArtifact.of(file)).build());
        registry.setAlias(model, "champion", v.version(), org.mlops4j.core.registry.Attribution.by("test", "first"));
        return registry;
    }

    @Test
    void anEndpointDeclaredFromPropertiesServesTheRegistrysModelInItsFormatMonitoredByItsOwnMonitor() throws Exception {
        InMemoryModelRegistry registry = registryWith(dir, "tripler", "3");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MlopsStoreAutoConfiguration.class,
                        MlopsMonitorAutoConfiguration.class, MlopsActuatorAutoConfiguration.class))
                .withBean(ModelRegistry.class, () -> registry)
                .withPropertyValues("mlops.store.path=" + dir, "mlops.monitor.window-size=10", "mlops.alerts.log=false",
                        "mlops.alerts.hold-for=1", "mlops.endpoints.triple.model-uri=models:/tripler@champion",
                        "mlops.endpoints.triple.format=Test-Multiplier")
                .withBean("scoring", ModelEndpoint.class, () -> endpoint("scoring", 0, false))
                .run(c -> {
                    assertThat(c).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    ModelEndpoint<Integer, Integer> triple = c.getBean("triple", ModelEndpoint.class);
                    assertThat(triple.predict(7)).isEqualTo(21);
                    assertThat(triple.strategy().variants().get(0).model()).isEqualTo(new ModelRef("tripler", 1));
                    MlopsEndpoints found = c.getBean(MlopsEndpoints.class);
                    assertThat(found.names()).containsExactlyInAnyOrder("scoring", "triple");
                    ModelMonitor<?> own = found.monitor("triple").orElseThrow();
                    assertThat(own).isNotSameAs(c.getBean(MlopsMonitorAutoConfiguration.MONITOR_BEAN));
                    assertThat(found.monitors()).contains(own);
                    for (int i = 1; i <= 10; i++) {
                        triple.predict(i % 2 == 0 ? -i : i);
                    }
                    awaitWindows(own, 1);
                    // The window: the first call (7) and 1, -2, 3, ..., -8, 9: four null answers of ten.
                    assertThat(own.recentWindows().get(0).nullOutputRatio()).as("read in the format's type")
                            .isEqualTo(0.4);
                    awaitFiring(c.getBean(FiringAlerts.class));
                    assertThat(c.getBean(FiringAlerts.class).firing("triple")).extracting(Alert::rule)
                            .contains("null-output-fraction");
                });
    }

    @Test
    void aDeclaredEndpointsMonitorTakesItsSchemaFromTheServedVersionsSignature() throws Exception {
        org.mlops4j.core.schema.Schema inputs = org.mlops4j.core.schema.Schema.of(
                org.mlops4j.core.schema.Feature.numeric("x").withRange(0, 10));
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        var v = registry.register(org.mlops4j.core.registry.ModelRegistration.builder("tripler")
                .signature(org.mlops4j.core.schema.ModelSignature.regressor(inputs))
                .artifact(org.mlops4j.core.registry.ModelArtifact.of(java.nio.file.Files.writeString(dir.resolve("t.txt"), "3")))
                .build());
        registry.setAlias("tripler", "champion", v.version(), org.mlops4j.core.registry.Attribution.by("test", "first"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MlopsStoreAutoConfiguration.class, MlopsMonitorAutoConfiguration.class))
                .withBean(ModelRegistry.class, () -> registry)
                .withPropertyValues("mlops.store.path=" + dir, "mlops.alerts.log=false",
                        "mlops.endpoints.triple.model-uri=models:/tripler@champion",
                        "mlops.endpoints.triple.format=Test-Multiplier")
                .run(c -> {
                    assertThat(c).hasNotFailed();
                    ModelMonitor<?> own = c.getBean(MlopsEndpoints.class).monitor("triple").orElseThrow();
                    assertThat(own.schema()).contains(inputs);
                });
    }

    @Test
    void anEndpointFromPropertiesNeedsAKnownFormatAndAFreeName() {
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.endpoints.triple.model-uri=models:/tripler@champion")
                .run(c -> assertThat(root(c.getStartupFailure())).hasMessage(
                        "mlops.endpoints.triple.format must be set with model-uri models:/tripler@champion; the class "
                                + "path has [test-multiplier]"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.endpoints.triple.model-uri=models:/tripler@champion",
                        "mlops.endpoints.triple.format=onnx")
                .run(c -> assertThat(root(c.getStartupFailure())).hasMessage(
                        "no model format is named 'onnx'; the class path has [test-multiplier]"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.endpoints.triple.model-uri=models:/tripler@champion",
                        "mlops.endpoints.triple.format= ")
                .run(c -> assertThat(root(c.getStartupFailure())).hasMessageStartingWith(
                        "mlops.endpoints.triple.format must be set with model-uri"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.endpoints.triple.model-uri= ",
                        "mlops.endpoints.triple.format=test-multiplier")
                .run(c -> assertThat(root(c.getStartupFailure())).hasMessageEndingWith(
                        "the starter needs both to declare the endpoint"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.endpoints.triple.format=test-multiplier")
                .run(c -> assertThat(root(c.getStartupFailure())).hasMessage(
                        "mlops.endpoints.triple.format is set but mlops.endpoints.triple.model-uri is not: the starter "
                                + "needs both to declare the endpoint"));
        runner.withPropertyValues("mlops.store.path=" + dir, "mlops.endpoints.scoring.model-uri=models:/x@champion",
                        "mlops.endpoints.scoring.format=test-multiplier")
                .withBean("scoring", ModelEndpoint.class, () -> endpoint("scoring", 0, false))
                .run(c -> assertThat(root(c.getStartupFailure())).hasMessage(
                        "mlops.endpoints.scoring.model-uri declares a bean named 'scoring', but the application already "
                                + "has one"));
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) {
            r = r.getCause();
        }
        return r;
    }
}
