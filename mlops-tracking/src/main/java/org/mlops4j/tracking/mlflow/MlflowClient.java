package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.mlops4j.core.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP to an MLflow server: the one place that adds the auth header, retries, and turns
 * error responses into exceptions ({@link MlflowErrors}). Thread-safe; one instance per server.
 *
 * <p>Retries: HTTP 429 and 503 say the request was not processed, so every request is retried on
 * them; HTTP 500, 502, 504 and I/O errors other than a refused connection may come after the server
 * acted, so only requests that are safe to repeat ({@code repeatable}) are retried on those. A
 * {@code Retry-After} header in seconds sets the wait; otherwise it doubles from the configured
 * initial backoff. Waits never exceed {@link MlflowConfig#MAX_BACKOFF}.
 */
final class MlflowClient {

    /** Sleeps between attempts; replaced in tests to record the waits. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final String API = "/api/2.0/mlflow/";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private static final Logger LOG = LoggerFactory.getLogger(MlflowClient.class);
    private static final Set<Integer> ALWAYS_RETRIED = Set.of(429, 503);
    private static final Set<Integer> RETRIED_WHEN_REPEATABLE = Set.of(500, 502, 504);

    private final MlflowConfig config;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    MlflowClient(MlflowConfig config) {
        this(config, d -> Thread.sleep(d.toMillis()));
    }

    MlflowClient(MlflowConfig config, Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String uri = config.baseUri().toString();
        this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    MlflowConfig config() {
        return config;
    }

    ObjectMapper json() {
        return json;
    }

    /** GETs a REST endpoint such as {@code runs/get}; GETs are always safe to repeat. */
    JsonNode get(String endpoint, Map<String, String> query) {
        HttpRequest request = request(API + endpoint, query).GET().build();
        return parse("GET " + API + endpoint, send("GET " + API + endpoint, request, true));
    }

    /** POSTs a JSON body to a REST endpoint such as {@code runs/create}. */
    JsonNode post(String endpoint, JsonNode body, boolean repeatable) {
        HttpRequest request = request(API + endpoint, Map.of())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build();
        return parse("POST " + API + endpoint, send("POST " + API + endpoint, request, repeatable));
    }

    /** DELETEs with a JSON body, as MLflow's delete endpoints take one; deletes are safe to repeat. */
    JsonNode delete(String endpoint, JsonNode body) {
        HttpRequest request = request(API + endpoint, Map.of())
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build();
        return parse("DELETE " + API + endpoint, send("DELETE " + API + endpoint, request, true));
    }

    /** Uploads a file through the artifact proxy; a PUT of the same bytes is safe to repeat. */
    void upload(String artifactPath, Path file) {
        String path = ARTIFACTS + "/" + encodePath(artifactPath);
        HttpRequest request;
        try {
            request = request(path, Map.of()).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        } catch (FileNotFoundException e) {
            throw new StoreException("cannot read artifact file " + file + " to upload it", e);
        }
        closeQuietly(send("PUT " + ARTIFACTS + "/" + artifactPath, request, true));
    }

    /** Downloads a file through the artifact proxy; the caller closes the stream. */
    InputStream download(String artifactPath) {
        String path = ARTIFACTS + "/" + encodePath(artifactPath);
        return send("GET " + ARTIFACTS + "/" + artifactPath, request(path, Map.of()).GET().build(), true).body();
    }

    /** Lists one directory through the artifact proxy: {@code {"files": [{path, is_dir, file_size}]}}. */
    JsonNode listArtifacts(String dir) {
        HttpRequest request = request(ARTIFACTS, Map.of("path", dir)).GET().build();
        return parse("GET " + ARTIFACTS, send("GET " + ARTIFACTS, request, true));
    }

    /**
     * Tells whether a file exists behind the artifact proxy, by listing its directory: MLflow
     * answers the download of a missing file with HTTP 500, which cannot be told from a failure.
     */
    boolean artifactFileExists(String artifactPath) {
        int slash = artifactPath.lastIndexOf('/');
        String name = artifactPath.substring(slash + 1);
        for (JsonNode file : listArtifacts(slash < 0 ? "" : artifactPath.substring(0, slash)).path("files")) {
            String listed = file.path("path").asText("");
            if (listed.substring(listed.lastIndexOf('/') + 1).equals(name) && !file.path("is_dir").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + q))
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "mlops4j");
        config.auth().header().ifPresent(h -> b.header("Authorization", h));
        return b;
    }

    private HttpResponse<InputStream> send(String label, HttpRequest request, boolean repeatable) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                // A refused or timed-out connection never reached the server: always safe to repeat.
                boolean unsent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if ((repeatable || unsent) && attempt < config.maxRetries()) {
                    pause(label, attempt, Optional.empty(), e.toString());
                    continue;
                }
                throw new MlflowRequestException(label, 0, "IO_ERROR", e + " (after " + (attempt + 1)
                        + " attempt(s))", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for MLflow request " + label, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            byte[] body = readAndClose(response.body());
            boolean retryable = ALWAYS_RETRIED.contains(status)
                    || (repeatable && RETRIED_WHEN_REPEATABLE.contains(status));
            if (retryable && attempt < config.maxRetries()) {
                pause(label, attempt, response.headers().firstValue("Retry-After"), "HTTP " + status);
                continue;
            }
            throw MlflowErrors.of(json, label, status, body, attempt + 1);
        }
    }

    private void pause(String label, int attempt, Optional<String> retryAfter, String reason) {
        Duration wait = retryAfter.flatMap(MlflowClient::seconds)
                .orElseGet(() -> config.initialBackoff().multipliedBy(1L << Math.min(attempt, 20)));
        if (wait.compareTo(MlflowConfig.MAX_BACKOFF) > 0) {
            wait = MlflowConfig.MAX_BACKOFF;
        }
        LOG.debug("MLflow request {} failed ({}); retry {} of {} in {} ms", label, reason, attempt + 1,
                config.maxRetries(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to retry MLflow request " + label, e);
        }
    }

    /** Reads {@code Retry-After} in its delta-seconds form; the HTTP-date form falls back to backoff. */
    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.strip());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private JsonNode parse(String label, HttpResponse<InputStream> response) {
        byte[] body = readAndClose(response.body());
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new StoreException("MLflow request " + label + " returned a body that is not JSON", e);
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an MLflow request body", e);
        }
    }

    private static byte[] readAndClose(InputStream in) {
        try (InputStream s = in) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new StoreException("cannot read the response of an MLflow request", e);
        }
    }

    private static void closeQuietly(HttpResponse<InputStream> response) {
        readAndClose(response.body());
    }

    /** Percent-encodes each segment of a {@code /}-separated path (spaces as {@code %20}, not {@code +}). */
    static String encodePath(String path) {
        StringJoiner out = new StringJoiner("/");
        for (String segment : path.split("/", -1)) {
            out.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "MlflowClient[" + base + ", auth=" + config.auth() + "]";
    }
}
