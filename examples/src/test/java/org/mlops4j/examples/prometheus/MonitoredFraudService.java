package org.mlops4j.examples.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.examples.FraudData;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.micrometer.MicrometerMonitorBinder;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.Variant;

/**
 * A fraud-scoring endpoint in a canary split (a champion and a candidate on 20% of the keys),
 * watched by a {@link ModelMonitor} with a reference profile and small windows, whose Micrometer
 * series are served in Prometheus' text format at {@code /actuator/prometheus} by a JDK
 * {@link HttpServer} on 127.0.0.1: the scrape target of {@link PrometheusEndToEndTest} until the
 * Spring Boot example service serves the same path.
 *
 * <p>Besides the monitor's series (through {@link MicrometerMonitorBinder}) it registers the four
 * series the Spring Boot starter emits for an endpoint and its rollout, under the starter's names,
 * so that every rule and dashboard query has a series to read: {@code mlops_endpoint_requests_total},
 * {@code mlops_endpoint_fallbacks_total} (from {@link ModelEndpoint#stats()}),
 * {@code mlops_rollout_candidate_share} and {@code mlops_rollout_rollbacks_total}, each tagged
 * {@code endpoint}.
 *
 * <p>Not thread-safe for {@link #serve}: one test thread serves; the HTTP server scrapes on its own
 * thread, which the registry allows.
 */
final class MonitoredFraudService implements AutoCloseable {

    /** The endpoint's name, the {@code endpoint} label of every series. */
    static final String ENDPOINT = "fraud";
    /** Predictions per monitor window (and labelled predictions per feedback window). */
    static final int WINDOW = 200;
    /** The candidate's share of the keys, in basis points. */
    private static final int CANDIDATE_BASIS_POINTS = 2_000;

    private static final Schema SCHEMA = Schema.of(
            Feature.numeric("amount").withRange(0, 50_000),
            Feature.numeric("hour").withRange(0, 23),
            Feature.categorical("country", Set.of("BR", "DE", "FR", "IN", "US")),
            Feature.categorical("channel", Set.of("app", "pos", "web")),
            Feature.bool("new_customer"),
            Feature.numeric("tx_last_24h").optional());

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ModelMonitor<String> monitor;
    private final ModelEndpoint<Map<String, Object>, String> endpoint;
    private final MicrometerMonitorBinder binder;
    private final Variant<Map<String, Object>, String> champion;
    private final Counter rollbacks;
    /** The candidate's traffic share in [0, 1], as the starter's rollout gauge reads it. */
    private volatile double candidateShare = CANDIDATE_BASIS_POINTS / 10_000.0;
    private final ExecutorService httpThreads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "prometheus-target");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    /** Requests served per variant; only the serving thread touches it. */
    private final Map<String, Long> served = new TreeMap<>();

    private MonitoredFraudService(List<FraudData.Transaction> reference) throws IOException {
        monitor = ModelMonitor.builder(OutputReader.classifier(Function.<String>identity()))
                .baseline(Baseline.of(ReferenceProfile.of(SCHEMA, FraudData.rows(reference))))
                .windowSize(WINDOW)
                .build();
        champion = Variant.of("champion", model(250), new ModelRef("fraud", 1));
        Variant<Map<String, Object>, String> candidate = Variant.of("candidate", model(200), new ModelRef("fraud", 2));
        endpoint = ModelEndpoint.<Map<String, Object>, String>builder(ENDPOINT)
                .strategy(DeploymentStrategy.canary(champion, candidate, CANDIDATE_BASIS_POINTS, ENDPOINT))
                .listener(monitor)
                .build();
        binder = MicrometerMonitorBinder.builder(monitor).feedback(endpoint.feedback()).build();
        binder.bindTo(registry);
        FunctionCounter.builder("mlops.endpoint.requests", endpoint, e -> e.stats().predictions() + e.stats().failures())
                .tag("endpoint", ENDPOINT).description("Requests the endpoint served").register(registry);
        FunctionCounter.builder("mlops.endpoint.fallbacks", endpoint, e -> e.stats().fallbacks())
                .tag("endpoint", ENDPOINT).description("Requests answered by the fallback variant").register(registry);
        Gauge.builder("mlops.rollout.candidate.share", this, s -> s.candidateShare)
                .tag("endpoint", ENDPOINT).description("The candidate's share of traffic").register(registry);
        rollbacks = Counter.builder("mlops.rollout.rollbacks").tag("endpoint", ENDPOINT)
                .description("Rollouts rolled back").register(registry);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/prometheus", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(httpThreads);
        server.start();
    }

    /**
     * Starts the service: profiles 2,000 generated transactions as the monitor's reference and
     * starts serving the scrape.
     *
     * @return the running service; close it
     * @throws IOException if the HTTP server cannot bind
     */
    static MonitoredFraudService start() throws IOException {
        return new MonitoredFraudService(FraudData.generate(2_000, 11));
    }

    /** A rule on the amount, the country and whether the customer is new. */
    private static Predictor<Map<String, Object>, String> model(double amountThreshold) {
        return row -> {
            double amount = ((Number) row.get("amount")).doubleValue();
            boolean risky = Set.of("BR", "IN").contains(row.get("country")) && Boolean.TRUE.equals(row.get("new_customer"));
            return amount > amountThreshold || risky ? "fraud" : "legit";
        };
    }

    /**
     * The URL Prometheus scrapes.
     *
     * @return {@code http://127.0.0.1:<port>/actuator/prometheus}
     */
    URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/prometheus");
    }

    /**
     * Serves transactions, each routed by its customer, and records each one's true label as
     * feedback, so the monitor computes accuracy per feedback window.
     *
     * @param transactions the requests
     */
    void serve(List<FraudData.Transaction> transactions) {
        for (FraudData.Transaction tx : transactions) {
            PredictionResult<String> r = endpoint.serve(tx.features(), tx.customerId(),
                    "req-" + requests.incrementAndGet());
            endpoint.feedback().record(r.predictionId(), GroundTruth.label(tx.label()));
            served.merge(r.variant(), 1L, Long::sum);
        }
    }

    /**
     * Waits until the monitor has analysed every full window of the requests served so far, on its
     * own thread. Unlike {@link ModelMonitor#flush()} it leaves the last, partial window of each
     * variant open, so every series reads a full window: a partial one may be too small for the
     * drift tests, whose share would then read NaN.
     *
     * @param limit how long to wait
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the windows are not analysed in time
     */
    void awaitFullWindows(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!fullWindowsAnalysed()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("windows of " + served + " requests per variant not analysed within "
                        + limit + "; analysed: " + monitor.recentWindows().size());
            }
            Thread.sleep(20);
        }
    }

    private boolean fullWindowsAnalysed() {
        for (Map.Entry<String, Long> e : served.entrySet()) {
            long analysed = monitor.recentWindows().stream().filter(w -> w.variant().equals(e.getKey())).count();
            if (analysed < e.getValue() / WINDOW) {
                return false;
            }
        }
        return true;
    }

    /** Rolls the candidate back: the champion takes all traffic, and the starter's series say so. */
    void rollBack() {
        endpoint.deploy(DeploymentStrategy.single(champion), "rolled back by the test");
        candidateShare = 0;
        rollbacks.increment();
    }

    /**
     * The registry's scrape text, as the target serves it.
     *
     * @return the text exposition
     */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        binder.close();
        monitor.close();
        endpoint.close();
        registry.close();
    }
}
