package org.mlops4j.spring.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * mlops4j's Spring Boot properties, under {@code mlops}. Each record checks its values when bound,
 * so a wrong value fails the startup with a message naming the property.
 *
 * @param store Where runs and registered models are kept.
 * @param monitor The monitor of the application's endpoints.
 * @param alerts The alert rules of the monitor and where alerts are sent.
 * @param health What the mlops health indicator reports.
 * @param dashboard The live dashboard page.
 * @param endpoints Per model endpoint (by its name), how the starter treats it.
 */
@ConfigurationProperties("mlops")
public record MlopsProperties(@DefaultValue Store store, @DefaultValue Monitor monitor, @DefaultValue Alerts alerts,
                              @DefaultValue Health health, @DefaultValue Dashboard dashboard,
                              Map<String, Endpoint> endpoints) {

    /**
     * Freezes the endpoints' map.
     *
     * @param store Where runs and registered models are kept.
     * @param monitor The monitor of the application's endpoints.
     * @param alerts The alert rules of the monitor and where alerts are sent.
     * @param health What the mlops health indicator reports.
     * @param dashboard The live dashboard page.
     * @param endpoints Per model endpoint (by its name), how the starter treats it.
     */
    public MlopsProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }

    /**
     * How the starter treats one endpoint.
     *
     * @param endpoint the endpoint's name
     * @return its settings, the defaults when none are given
     */
    public Endpoint endpoint(String endpoint) {
        return endpoints.getOrDefault(endpoint, new Endpoint(true, null, null));
    }

    /** Which store keeps runs and registered models. */
    public enum StoreType {
        /** The embedded SQLite store in {@code mlops.store.path}: zero configuration, one file. */
        LOCAL,
        /** The application's {@code DataSource} (PostgreSQL or SQLite), artifacts in {@code mlops.store.path}. */
        JDBC,
        /** An MLflow tracking server at {@code mlops.store.mlflow.url}. */
        MLFLOW
    }

    /**
     * The store.
     *
     * @param type The store: local (the embedded SQLite store), jdbc (the application's DataSource) or
     *     mlflow (an MLflow tracking server).
     * @param path The directory of the embedded store, or of the artifacts with the jdbc store.
     * @param mlflow The MLflow server of the mlflow store.
     */
    public record Store(@DefaultValue("local") StoreType type, @DefaultValue("mlops") Path path,
                        @DefaultValue Mlflow mlflow) {
    }

    /**
     * An MLflow tracking server.
     *
     * @param url The MLflow server's base URL, such as http://mlflow:5000; required with the mlflow store.
     * @param token A bearer token for the MLflow server or its proxy; take it from the environment.
     */
    public record Mlflow(URI url, String token) {
    }

    /**
     * The monitor the starter makes when the application defines none: one monitor for every
     * endpoint bean, bound to the application's MeterRegistry.
     *
     * @param enabled Whether the starter makes a monitor and attaches it to the endpoints.
     * @param windowSize Predictions per window of each endpoint, variant and model version.
     * @param windowDuration The longest a window stays open: a quiet endpoint still gets windows.
     * @param tickInterval How often quiet time windows are closed.
     */
    public record Monitor(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int windowSize,
                          @DefaultValue("5m") Duration windowDuration, @DefaultValue("10s") Duration tickInterval) {

        /**
         * Checks the values.
         *
         * @param enabled Whether the starter makes a monitor and attaches it to the endpoints.
         * @param windowSize Predictions per window of each endpoint, variant and model version.
         * @param windowDuration The longest a window stays open: a quiet endpoint still gets windows.
         * @param tickInterval How often quiet time windows are closed.
         * @throws IllegalArgumentException naming the property and the value
         */
        public Monitor {
            if (windowSize < 1) {
                throw new IllegalArgumentException("mlops.monitor.window-size must be at least 1 but was " + windowSize);
            }
            positive("mlops.monitor.window-duration", windowDuration);
            positive("mlops.monitor.tick-interval", tickInterval);
        }
    }

    /**
     * The alert rules of the starter's monitor, and where alerts go. A rule whose threshold is not
     * set is not evaluated.
     *
     * @param driftShare Fire when more than this share of the features drifted from the reference (0 to 1).
     * @param missingInputRatio Fire when a feature is missing in more than this share of the requests (0 to 1).
     * @param nullOutputRatio Fire when more than this share of the answers is null (0 to 1).
     * @param errorRatio Fire when more than this share of the requests fail (0 to 1).
     * @param latencyP99 Fire when the 99th percentile latency of a window exceeds this.
     * @param minAccuracy Fire when the accuracy on labelled feedback falls below this (0 to 1).
     * @param holdFor Windows a breach must last before its alert fires.
     * @param log Whether alerts are written to the log (SLF4J).
     * @param webhook A webhook receiving every alert as JSON.
     */
    public record Alerts(@DefaultValue("0.3") double driftShare, @DefaultValue("0.1") double missingInputRatio,
                         @DefaultValue("0.05") double nullOutputRatio, @DefaultValue("0.05") double errorRatio,
                         Duration latencyP99, Double minAccuracy, @DefaultValue("2") int holdFor,
                         @DefaultValue("true") boolean log, @DefaultValue Webhook webhook) {

        /**
         * Checks the values.
         *
         * @param driftShare Fire when more than this share of the features drifted from the reference (0 to 1).
         * @param missingInputRatio Fire when a feature is missing in more than this share of the requests (0 to 1).
         * @param nullOutputRatio Fire when more than this share of the answers is null (0 to 1).
         * @param errorRatio Fire when more than this share of the requests fail (0 to 1).
         * @param latencyP99 Fire when the 99th percentile latency of a window exceeds this.
         * @param minAccuracy Fire when the accuracy on labelled feedback falls below this (0 to 1).
         * @param holdFor Windows a breach must last before its alert fires.
         * @param log Whether alerts are written to the log (SLF4J).
         * @param webhook A webhook receiving every alert as JSON.
         * @throws IllegalArgumentException naming the property and the value
         */
        public Alerts {
            ratio("mlops.alerts.drift-share", driftShare);
            ratio("mlops.alerts.missing-input-ratio", missingInputRatio);
            ratio("mlops.alerts.null-output-ratio", nullOutputRatio);
            ratio("mlops.alerts.error-ratio", errorRatio);
            if (minAccuracy != null) {
                ratio("mlops.alerts.min-accuracy", minAccuracy);
            }
            if (latencyP99 != null) {
                positive("mlops.alerts.latency-p99", latencyP99);
            }
            if (holdFor < 1) {
                throw new IllegalArgumentException("mlops.alerts.hold-for must be at least 1 but was " + holdFor);
            }
        }
    }

    /**
     * A webhook for alerts (Slack, PagerDuty, Opsgenie or a service of the team's own).
     *
     * @param url The URL alerts are posted to; no webhook when unset.
     * @param secret The HMAC-SHA256 signing secret (the X-Mlops-Signature header); take it from the
     *     environment, for example mlops.alerts.webhook.secret=${ALERT_WEBHOOK_SECRET}.
     * @param headers Extra HTTP headers, such as an Authorization header taken from the environment.
     * @param maxAttempts Deliveries tried per alert before it is given up (and logged).
     */
    public record Webhook(URI url, String secret, Map<String, String> headers, @DefaultValue("5") int maxAttempts) {

        /**
         * Checks the values.
         *
         * @param url The URL alerts are posted to; no webhook when unset.
         * @param secret The HMAC-SHA256 signing secret (the X-Mlops-Signature header).
         * @param headers Extra HTTP headers, such as an Authorization header taken from the environment.
         * @param maxAttempts Deliveries tried per alert before it is given up (and logged).
         * @throws IllegalArgumentException naming the property and the value
         */
        public Webhook {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("mlops.alerts.webhook.url must be an http or https URL but was "
                        + url);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("mlops.alerts.webhook.max-attempts must be at least 1 but was "
                        + maxAttempts);
            }
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + (secret == null ? "none" : "***") + ", headers="
                    + headers.keySet() + ", maxAttempts=" + maxAttempts + "]";
        }
    }

    /**
     * The mlops health indicator.
     *
     * @param criticalAlertsOutOfService Whether a firing critical alert reports OUT_OF_SERVICE (which takes the
     *     pod out of a load balancer reading the health); by default it only shows in the details.
     */
    public record Health(@DefaultValue("false") boolean criticalAlertsOutOfService) {
    }

    /**
     * The live dashboard page at /mlops/dashboard.
     *
     * @param enabled Whether the application serves the dashboard page (it reads the mlops Actuator endpoint).
     */
    public record Dashboard(@DefaultValue("true") boolean enabled) {
    }

    /**
     * One endpoint: how the starter treats an endpoint bean of this name, or, with a model URI and a
     * format, an endpoint the starter declares itself.
     *
     * @param monitored Whether the starter's monitor watches this endpoint.
     * @param modelUri The registry URI the starter serves under this name, such as models:/churn@champion; the
     *     application then declares no bean of this name.
     * @param format The model format of model-uri, such as tribuo-classification (a ModelFormat on the class path).
     */
    public record Endpoint(@DefaultValue("true") boolean monitored, String modelUri, String format) {
    }

    private static void ratio(String property, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(property + " must be in [0, 1] but was " + value);
        }
    }

    private static void positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration but was " + value);
        }
    }
}
