package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.ModelNotFoundException;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.ParamConflictException;
import org.mlops4j.tracking.RunNotFoundException;
import org.mlops4j.tracking.RunConfig;

/** Auth headers, retries and the mapping of MLflow's error responses. */
class MlflowClientTest {

    private static final String UNKNOWN_RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tempDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private FakeMlflowServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeMlflowServer(clock, tempDir.resolve("artifacts"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private MlflowConfig config() {
        return MlflowConfig.of(server.uri()).withClock(clock).withRetries(3, Duration.ofMillis(100));
    }

    private MlflowClient client(MlflowConfig config) {
        return new MlflowClient(config, sleeps::add);
    }

    @Test
    void bearerTokenIsSentOnEveryRequest() {
        server.requireBearer("tok-3141");
        MlflowTracker tracker = new MlflowTracker(client(config().withAuth(MlflowAuth.bearer("tok-3141"))));

        tracker.getOrCreateExperiment("fraud");

        assertThat(server.requests()).hasSize(3)
                .allSatisfy(r -> assertThat(r.authorization()).contains("Bearer tok-3141"));
    }

    @Test
    void basicAuthIsSentAsBase64Credentials() {
        server.requireBasic("alice", "pw:1");
        MlflowTracker tracker = new MlflowTracker(client(config().withAuth(MlflowAuth.basic("alice", "pw:1"))));

        tracker.getOrCreateExperiment("fraud");

        assertThat(server.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.authorization()).contains("Basic YWxpY2U6cHc6MQ=="));
    }

    @Test
    void missingOrWrongCredentialsFailWith401AndAreNotRetried() {
        server.requireBearer("tok-3141");
        MlflowTracker anonymous = new MlflowTracker(client(config()));
        MlflowTracker wrong = new MlflowTracker(client(config().withAuth(MlflowAuth.bearer("tok-0000"))));

        assertThatThrownBy(() -> anonymous.experiment("fraud"))
                .isInstanceOf(MlflowRequestException.class)
                .hasMessageContaining("401").hasMessageContaining("/api/2.0/mlflow/experiments/get-by-name")
                .hasMessageContaining("MlflowAuth")
                .satisfies(e -> assertThat(((MlflowRequestException) e).statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> wrong.experiment("fraud"))
                .isInstanceOf(StoreException.class).hasMessageNotContaining("tok-0000");
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retriesOn429And503HonouringRetryAfterThenSucceeds() {
        MlflowTracker tracker = new MlflowTracker(client(config()));
        server.failNext(1, 429, 2);

        assertThat(tracker.experiment("fraud")).isEmpty();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));

        sleeps.clear();
        server.failNext(2, 503, 0);
        assertThat(tracker.experiment("fraud")).isEmpty();
        assertThat(sleeps).containsExactly(Duration.ZERO, Duration.ZERO);
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void backoffDoublesFromTheInitialWaitWithoutRetryAfter() {
        MlflowTracker tracker = new MlflowTracker(client(config()));
        server.failNext(3, 503, -1);

        assertThat(tracker.experiment("fraud")).isEmpty();

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void retryAfterIsCappedAtMaxBackoff() {
        MlflowTracker tracker = new MlflowTracker(client(config()));
        server.failNext(1, 429, 3600);

        tracker.experiment("fraud");

        assertThat(sleeps).containsExactly(MlflowConfig.MAX_BACKOFF);
    }

    @Test
    void exhaustedRetriesFailWithAStoreExceptionNamingEndpointAndStatus() {
        MlflowTracker tracker = new MlflowTracker(client(config().withRetries(2, Duration.ofMillis(1))));
        server.failNext(10, 503, -1);

        assertThatThrownBy(() -> tracker.experiment("fraud"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("GET /api/2.0/mlflow/experiments/get-by-name")
                .hasMessageContaining("HTTP 503").hasMessageContaining("TEMPORARILY_UNAVAILABLE")
                .hasMessageContaining("after 3 attempts");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aCreateThatMayHaveBeenAppliedIsNotRetriedButAReadIs() {
        MlflowTracker tracker = new MlflowTracker(client(config()));
        String experiment = tracker.getOrCreateExperiment("fraud").id();
        server.clearRequests();

        server.failNext(1, 500, -1);
        assertThatThrownBy(() -> tracker.createRun(experiment, RunConfig.ofDefaults()))
                .isInstanceOf(MlflowRequestException.class).hasMessageContaining("HTTP 500");
        assertThat(server.requests("runs/create")).hasSize(1);

        server.failNext(1, 500, -1);
        assertThat(tracker.experiment("fraud")).isPresent();
        assertThat(server.requests("experiments/get-by-name")).hasSize(2);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        MlflowConfig closed = MlflowConfig.of(URI.create("http://127.0.0.1:" + port))
                .withRetries(2, Duration.ofMillis(5));
        MlflowTracker tracker = new MlflowTracker(client(closed));

        assertThatThrownBy(() -> tracker.experiment("fraud"))
                .isInstanceOf(MlflowRequestException.class).hasMessageContaining("IO_ERROR")
                .hasMessageContaining("after 3 attempt(s)");
        assertThat(sleeps).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10));
    }

    @Test
    void resourceDoesNotExistBecomesEmptyOrTheDomainException() {
        MlflowTracker tracker = new MlflowTracker(client(config()));
        MlflowModelRegistry registry = new MlflowModelRegistry(client(config()));

        assertThat(tracker.run(UNKNOWN_RUN)).isEmpty();
        assertThatThrownBy(() -> tracker.endRun(UNKNOWN_RUN, org.mlops4j.tracking.RunStatus.FINISHED))
                .isInstanceOf(RunNotFoundException.class).hasMessageContaining(UNKNOWN_RUN);
        assertThat(registry.get("fraud", 1)).isEmpty();
        assertThatThrownBy(() -> registry.removeTag("fraud", 1, "k"))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("fraud")
                .hasCauseInstanceOf(MlflowRequestException.class);
    }

    @Test
    void invalidParameterValueBecomesIllegalArgumentCarryingTheCode() {
        MlflowClient client = client(config());
        ObjectMapper json = client.json();

        assertThatThrownBy(() -> client.post("runs/log-batch", json.createObjectNode(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run_id")
                .cause().isInstanceOf(MlflowRequestException.class)
                .satisfies(c -> assertThat(((MlflowRequestException) c).errorCode())
                        .isEqualTo("INVALID_PARAMETER_VALUE"));
    }

    @Test
    void resourceAlreadyExistsIsReportedWithItsCode() {
        MlflowClient client = client(config());
        client.post("experiments/create", client.json().createObjectNode().put("name", "fraud"), true);

        assertThatThrownBy(() -> client.post("experiments/create",
                client.json().createObjectNode().put("name", "fraud"), true))
                .isInstanceOf(MlflowRequestException.class)
                .satisfies(e -> assertThat(((MlflowRequestException) e).isAlreadyExists()).isTrue());
        assertThat(new MlflowTracker(client).getOrCreateExperiment("fraud").id()).isEqualTo("1");
    }

    @Test
    void mlflowsParamChangeRefusalIsRecognised() {
        MlflowClient client = client(config());
        MlflowTracker tracker = new MlflowTracker(client);
        String run = tracker.createRun(tracker.getOrCreateExperiment("fraud").id(), RunConfig.ofDefaults()).runId();
        tracker.logParam(run, "lr", "0.1");
        var body = client.json().createObjectNode().put("run_id", run);
        body.putArray("params").addObject().put("key", "lr").put("value", "0.2");

        assertThatThrownBy(() -> client.post("runs/log-batch", body, true))
                .isInstanceOfSatisfying(IllegalArgumentException.class,
                        e -> assertThat(MlflowErrors.isParamChange(e)).isTrue());
        assertThatThrownBy(() -> tracker.logParam(run, "lr", "0.2")).isInstanceOf(ParamConflictException.class);
    }

    @Test
    void errorBodiesThatAreNotJsonKeepTheirText() {
        RuntimeException e = MlflowErrors.of(new ObjectMapper(), "GET /api/2.0/mlflow/runs/get", 502,
                "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8), 4);

        assertThat(e).isInstanceOf(MlflowRequestException.class)
                .hasMessageContaining("HTTP 502").hasMessageContaining("HTTP_502")
                .hasMessageContaining("Bad Gateway").hasMessageContaining("after 4 attempts");
    }

    @Test
    void artifactPathsArePercentEncodedPerSegment() {
        assertThat(MlflowClient.encodePath("1/abc/artifacts/my plots/a+b#1.csv"))
                .isEqualTo("1/abc/artifacts/my%20plots/a%2Bb%231.csv");
        assertThat(MlflowClient.encodePath("ü")).isEqualTo("%C3%BC");
    }
}
