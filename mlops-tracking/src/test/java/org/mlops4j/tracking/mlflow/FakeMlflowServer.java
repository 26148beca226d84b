package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mlops4j.core.Clock;

/**
 * An in-process stand-in for an MLflow tracking server, on 127.0.0.1 and an ephemeral port:
 * MLflow's REST API 2.0 endpoints that the MLflow tracker and registry use, with MLflow's JSON
 * shapes, validation rules and error responses ({@code {"error_code", "message"}}; 400 for
 * {@code INVALID_PARAMETER_VALUE} and {@code RESOURCE_ALREADY_EXISTS}, 404 for
 * {@code RESOURCE_DOES_NOT_EXIST}), plus the artifact proxy.
 *
 * <p>For tests it records every request, can require an {@code Authorization} header (401
 * otherwise), and can fail the next requests with a given status and {@code Retry-After}. Creation
 * times come from the injected clock. State lives in memory; artifacts in a directory.
 */
final class FakeMlflowServer implements AutoCloseable {

    /**
     * One request as the server saw it.
     *
     * @param method the HTTP method
     * @param path the decoded path
     * @param query the decoded query parameters
     * @param body the body as UTF-8 text
     * @param bodyBytes the body's size in bytes
     * @param authorization the {@code Authorization} header, if sent
     */
    record RecordedRequest(String method, String path, Map<String, String> query, String body, int bodyBytes,
                           Optional<String> authorization) {

        /** @return the body parsed as JSON */
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        /** @return the REST endpoint, such as {@code runs/log-batch}, or the path for other requests */
        String endpoint() {
            return path.startsWith(API) ? path.substring(API.length()) : path;
        }
    }

    private record Failure(int remaining, int status, int retryAfterSeconds) {
    }

    static {
        // Without TCP_NODELAY, small responses wait on delayed ACKs: about 40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final String API = "/api/2.0/mlflow/";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final FakeTrackingApi tracking;
    private final FakeRegistryApi registry;
    private final FakeArtifactStore artifacts;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private Failure failure = new Failure(0, 0, -1);
    private final Map<String, FakeApiError> answers = new HashMap<>();
    private volatile String expectedAuthorization;

    /**
     * Starts a server.
     *
     * @param clock the clock of creation times
     * @param artifactRoot the directory artifacts are stored in
     * @throws IOException if the server cannot bind
     */
    FakeMlflowServer(Clock clock, Path artifactRoot) throws IOException {
        this.tracking = new FakeTrackingApi(json, clock);
        this.registry = new FakeRegistryApi(json, clock);
        this.artifacts = new FakeArtifactStore(json, artifactRoot);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the server's base URI */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return every request so far, oldest first */
    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return the requests to one REST endpoint, such as {@code runs/log-batch} */
    List<RecordedRequest> requests(String endpoint) {
        return requests().stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    }

    /** Forgets the requests recorded so far. */
    synchronized void clearRequests() {
        requests.clear();
    }

    /**
     * Fails the next requests, before they reach any endpoint.
     *
     * @param count how many
     * @param status the HTTP status, such as 429 or 503
     * @param retryAfterSeconds the {@code Retry-After} to send, or -1 for none
     */
    synchronized void failNext(int count, int status, int retryAfterSeconds) {
        failure = new Failure(count, status, retryAfterSeconds);
    }

    /** Requires {@code Authorization: Bearer <token>} on every request. */
    void requireBearer(String token) {
        expectedAuthorization = "Bearer " + token;
    }

    /** Requires HTTP basic auth with these credentials on every request. */
    void requireBasic(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the stored file behind an {@code mlflow-artifacts:/} URI */
    Path artifactFile(String location) {
        return artifacts.resolve(location.substring("mlflow-artifacts:/".length()));
    }

    /** @return the directory artifacts are stored in */
    Path artifactRoot() {
        return artifacts.root();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Answers the next request to one REST endpoint with an error, as a server of another version
     * or in another state would; the endpoint still records the request but does not act.
     *
     * @param route the method and endpoint, such as {@code GET registered-models/get}
     * @param status the HTTP status
     * @param code MLflow's {@code error_code}
     * @param message MLflow's {@code message}
     */
    synchronized void answerNext(String route, int status, String code, String message) {
        answers.put(route, new FakeApiError(status, code, message));
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Failure injected;
            synchronized (this) {
                requests.add(new RecordedRequest(method, path, query, new String(body, StandardCharsets.UTF_8),
                        body.length, Optional.ofNullable(auth)));
                injected = failure;
                if (failure.remaining() > 0) {
                    failure = new Failure(failure.remaining() - 1, failure.status(), failure.retryAfterSeconds());
                }
            }
            String expected = expectedAuthorization;
            if (expected != null && !expected.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mlflow\"");
                sendError(ex, new FakeApiError(401, "UNAUTHENTICATED", "You are not authenticated. Please see the"
                        + " documentation for details."));
                return;
            }
            if (injected.remaining() > 0) {
                if (injected.retryAfterSeconds() >= 0) {
                    ex.getResponseHeaders().add("Retry-After", Integer.toString(injected.retryAfterSeconds()));
                }
                sendError(ex, new FakeApiError(injected.status(), injected.status() == 429 ? "REQUEST_LIMIT_EXCEEDED"
                        : "TEMPORARILY_UNAVAILABLE", "injected failure"));
                return;
            }
            try {
                if (path.equals(ARTIFACTS) || path.startsWith(ARTIFACTS + "/")) {
                    artifact(ex, method, path, query, body);
                } else if (path.startsWith(API)) {
                    api(ex, method, path.substring(API.length()), query, body);
                } else {
                    sendError(ex, new FakeApiError(404, "ENDPOINT_NOT_FOUND", "No endpoint " + path));
                }
            } catch (FakeApiError e) {
                sendError(ex, e);
            } catch (RuntimeException e) {
                sendError(ex, new FakeApiError(500, "INTERNAL_ERROR", e.toString()));
            }
        } finally {
            ex.close();
        }
    }

    private void api(HttpExchange ex, String method, String endpoint, Map<String, String> query, byte[] body)
            throws IOException {
        JsonNode node = json.createObjectNode();
        if (!method.equals("GET") && body.length > 0) {
            try {
                node = json.readTree(body);
            } catch (IOException e) {
                throw FakeApiError.invalid("Malformed request: " + e.getMessage());
            }
        }
        FakeRequest request = new FakeRequest(method, query, node);
        String route = method + " " + endpoint;
        FakeApiError answer;
        synchronized (this) {
            answer = answers.remove(route);
        }
        if (answer != null) {
            throw answer;
        }
        JsonNode result = tracking.handle(route, request, body.length);
        if (result == null) {
            result = registry.handle(route, request);
        }
        if (result == null) {
            throw new FakeApiError(404, "ENDPOINT_NOT_FOUND", "No API endpoint " + route);
        }
        send(ex, 200, "application/json", json.writeValueAsBytes(result));
    }

    private void artifact(HttpExchange ex, String method, String path, Map<String, String> query, byte[] body)
            throws IOException {
        if (path.equals(ARTIFACTS) && method.equals("GET")) {
            send(ex, 200, "application/json", json.writeValueAsBytes(artifacts.list(query.getOrDefault("path", ""))));
            return;
        }
        String relative = path.length() > ARTIFACTS.length() ? path.substring(ARTIFACTS.length() + 1) : "";
        if (relative.isEmpty()) {
            throw FakeApiError.invalid("Invalid path");
        }
        switch (method) {
            case "PUT":
                artifacts.put(relative, body);
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            case "GET":
                send(ex, 200, "application/octet-stream", artifacts.get(relative));
                return;
            default:
                throw new FakeApiError(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path);
        }
    }

    private void sendError(HttpExchange ex, FakeApiError e) throws IOException {
        byte[] body = json.writeValueAsBytes(json.createObjectNode().put("error_code", e.code)
                .put("message", e.getMessage()));
        send(ex, e.status, "application/json", body);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }
}
