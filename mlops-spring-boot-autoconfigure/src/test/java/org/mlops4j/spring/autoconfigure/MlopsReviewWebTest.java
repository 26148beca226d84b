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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.spring.autoconfigure.reviewapp.ReviewApp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code mlopsreview} Actuator endpoint in a real Spring Boot web application on a random port,
 * called over real HTTP by two reviewers: list, claim, a second claim refused, resolve (the decision
 * reaching the endpoint's feedback join), the refusals' statuses and bodies, and the write
 * operations refused while the application has not granted them. The tests run in order on one
 * application.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlopsReviewWebTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ConfigurableApplicationContext app;
    private static String base;
    private static final List<String> ids = new ArrayList<>();
    private static long aliceToken;

    @BeforeAll
    static void start() throws Exception {
        app = run(true);
        base = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        @SuppressWarnings("unchecked")
        ModelEndpoint<String, String> loans = app.getBean("loans", ModelEndpoint.class);
        // queued in this order, one millisecond apart: the urgent one is listed first anyway
        for (String loan : List.of("a small loan", "tiny", "urgent: a house")) {
            ids.add(loans.serve(loan).predictionId());
            Thread.sleep(2);
        }
    }

    static ConfigurableApplicationContext run(boolean writable) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--mlops.store.path=" + Files.createTempDirectory("mlops-review-web-"),
                "--management.endpoints.web.exposure.include=health,mlops,mlopsreview"));
        if (writable) {
            args.add("--management.endpoint.mlopsreview.access=unrestricted");
        }
        return new SpringApplication(ReviewApp.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static ReviewDesk<String, String> desk() {
        return app.getBean(ReviewDesk.class);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void theQueueIsListedByPriorityThenAgeWithItsItemsAsText() throws Exception {
        JsonNode all = json(get("/actuator/mlopsreview"), 200);
        assertThat(all.get("queues").get(0).get("queue").asText()).isEqualTo("loans");
        assertThat(all.get("queues").get(0).get("figures").get("pending").asInt()).isEqualTo(3);

        JsonNode list = json(get("/actuator/mlopsreview/loans?limit=10"), 200);
        JsonNode items = list.get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("predictionId").asText()).isEqualTo(ids.get(2));
        assertThat(items.get(1).get("predictionId").asText()).isEqualTo(ids.get(0));
        assertThat(items.get(2).get("predictionId").asText()).isEqualTo(ids.get(1));
        JsonNode urgent = items.get(0);
        assertThat(urgent.get("status").asText()).isEqualTo("PENDING");
        assertThat(urgent.get("priority").asInt()).isEqualTo(1);
        assertThat(urgent.get("input").asText()).isEqualTo("urgent: a house");
        assertThat(urgent.get("modelAnswer").asText()).isEqualTo("approve");
        assertThat(urgent.get("confidence").asDouble()).isEqualTo(0.5);
        assertThat(urgent.get("model").asText()).isEqualTo("loans/1");
        Instant enqueued = Instant.parse(urgent.get("enqueuedAt").asText());
        assertThat(Instant.parse(urgent.get("deadline").asText())).isEqualTo(enqueued.plus(Duration.ofHours(1)));
        assertThat(urgent.get("ageSeconds").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(urgent.get("claimedBy").isNull()).isTrue();
        assertThat(urgent.get("decision").isNull()).isTrue();
        assertThat(items.get(2).get("modelAnswer").asText()).isEqualTo("decline");

        assertThat(json(get("/actuator/mlopsreview/loans?limit=1"), 200).get("items")).hasSize(1);
        JsonNode badLimit = json(get("/actuator/mlopsreview/loans?limit=0"), 400);
        assertThat(badLimit.get("field").asText()).isEqualTo("limit");
        assertThat(badLimit.get("value").asText()).isEqualTo("0");
        assertThat(json(get("/actuator/mlopsreview/mortgages"), 404).get("queue").asText()).isEqualTo("mortgages");
    }

    @Test
    @Order(2)
    void aliceClaimsBobIsRefusedAliceResolvesAndTheDecisionReachesTheFeedbackJoin() throws Exception {
        String urgent = ids.get(2);
        String url = base + "/actuator/mlopsreview/loans/" + urgent;
        JsonNode claimed = json(post(url, "alice", "{\"action\": \"claim\", \"leaseSeconds\": 300}"), 200);
        assertThat(claimed.get("reviewer").asText()).isEqualTo("alice");
        aliceToken = claimed.get("claim").get("token").asLong();
        assertThat(claimed.get("review").get("status").asText()).isEqualTo("CLAIMED");
        assertThat(claimed.get("review").get("claimedBy").asText()).isEqualTo("alice");
        Instant until = Instant.parse(claimed.get("claim").get("until").asText());
        assertThat(until).isEqualTo(Instant.parse(claimed.get("review").get("claimedUntil").asText()));

        JsonNode taken = json(post(url, "bob", "{\"action\": \"claim\"}"), 409);
        assertThat(taken.get("reason").asText()).isEqualTo("CLAIMED_BY_OTHER");
        assertThat(taken.get("queue").asText()).isEqualTo("loans");
        assertThat(taken.get("predictionId").asText()).isEqualTo(urgent);
        JsonNode bobResolves = json(post(url, "bob", "{\"action\": \"resolve\", \"decision\": \"approve\"}"), 409);
        assertThat(bobResolves.get("reason").asText()).isEqualTo("CLAIMED_BY_OTHER");

        JsonNode resolved = json(post(url, "alice", "{\"action\": \"resolve\", \"decision\": \"decline\", "
                + "\"comment\": \"no deposit\", \"token\": " + aliceToken + "}"), 200);
        JsonNode decision = resolved.get("review").get("decision");
        assertThat(resolved.get("review").get("status").asText()).isEqualTo("RESOLVED");
        assertThat(decision.get("decision").asText()).isEqualTo("decline");
        assertThat(decision.get("reviewer").asText()).isEqualTo("alice");
        assertThat(decision.get("comment").asText()).isEqualTo("no deposit");
        assertThat(decision.get("agreesWithModel").asBoolean()).isFalse();
        assertThat(desk().stats().resolved()).isEqualTo(1);
        assertThat(desk().stats().feedbackJoined()).as("the decision joined the served prediction").isEqualTo(1);
        assertThat(json(get("/actuator/mlopsreview/loans/" + urgent), 200).get("decision").get("decision").asText())
                .isEqualTo("decline");

        JsonNode again = json(post(url, "alice", "{\"action\": \"resolve\", \"decision\": \"approve\"}"), 409);
        assertThat(again.get("reason").asText()).isEqualTo("ALREADY_RESOLVED");
        assertThat(again.get("predictionId").asText()).isEqualTo(urgent);
        assertThat(desk().stats().resolved()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void claimNextAndReleaseGiveTheItemBackAndAStaleTokenIsRefused() throws Exception {
        JsonNode next = json(post(base + "/actuator/mlopsreview/loans", "bob",
                "{\"action\": \"claim-next\", \"leaseSeconds\": 60}"), 200);
        assertThat(next.get("claim").get("predictionId").asText()).isEqualTo(ids.get(0));
        assertThat(next.get("review").get("claimedBy").asText()).isEqualTo("bob");
        long token = next.get("claim").get("token").asLong();
        String url = base + "/actuator/mlopsreview/loans/" + ids.get(0);
        JsonNode released = json(post(url, "bob", "{\"action\": \"release\", \"token\": " + token + "}"), 200);
        assertThat(released.get("review").get("status").asText()).isEqualTo("PENDING");
        assertThat(json(post(url, "bob", "{\"action\": \"release\", \"token\": " + token + "}"), 409)
                .get("reason").asText()).isEqualTo("CLAIM_LOST");
        assertThat(json(get("/actuator/mlopsreview/loans"), 200).get("items")).hasSize(2);
    }

    @Test
    @Order(4)
    void badInputIsA400NamingTheFieldAndValueAndAnUnknownPredictionA404() throws Exception {
        String url = base + "/actuator/mlopsreview/loans/" + ids.get(1);
        JsonNode lease = json(post(url, "alice", "{\"action\": \"claim\", \"leaseSeconds\": 86401}"), 400);
        assertThat(lease.get("reason").asText()).isEqualTo("BAD_INPUT");
        assertThat(lease.get("field").asText()).isEqualTo("leaseSeconds");
        assertThat(lease.get("value").asText()).isEqualTo("86401");
        JsonNode action = json(post(url, "alice", "{\"action\": \"approve\"}"), 400);
        assertThat(action.get("field").asText()).isEqualTo("action");
        assertThat(action.get("value").asText()).isEqualTo("approve");
        JsonNode impostor = json(post(url, "alice", "{\"action\": \"claim\", \"reviewer\": \"bob\"}"), 400);
        assertThat(impostor.get("field").asText()).isEqualTo("reviewer");
        assertThat(impostor.get("value").asText()).isEqualTo("bob");
        JsonNode noDecision = json(post(url, "alice", "{\"action\": \"resolve\"}"), 400);
        assertThat(noDecision.get("field").asText()).isEqualTo("decision");
        JsonNode noToken = json(post(url, "alice", "{\"action\": \"release\"}"), 400);
        assertThat(noToken.get("field").asText()).isEqualTo("token");

        JsonNode unknown = json(post(base + "/actuator/mlopsreview/loans/nope", "alice", "{\"action\": \"claim\"}"), 404);
        assertThat(unknown.get("reason").asText()).isEqualTo("UNKNOWN");
        assertThat(unknown.get("predictionId").asText()).isEqualTo("nope");
        assertThat(json(get("/actuator/mlopsreview/loans/nope"), 404).get("reason").asText()).isEqualTo("UNKNOWN");
        // carol may read but not act (the application's security), and nothing was claimed
        assertThat(post(url, "carol", "{\"action\": \"claim\"}").statusCode()).isEqualTo(403);
        assertThat(json(get("/actuator/mlopsreview/loans/" + ids.get(1)), 200).get("status").asText())
                .isEqualTo("PENDING");
    }

    @Test
    @Order(5)
    void writeOperationsAreRefusedUntilTheApplicationGrantsThem() throws Exception {
        ConfigurableApplicationContext readOnly = run(false);
        try {
            String there = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) readOnly).getWebServer().getPort();
            @SuppressWarnings("unchecked")
            ModelEndpoint<String, String> loans = readOnly.getBean("loans", ModelEndpoint.class);
            String id = loans.serve("a car").predictionId();
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(there
                    + "/actuator/mlopsreview/loans")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json(list, 200).get("items")).hasSize(1);
            HttpResponse<String> claim = post(there + "/actuator/mlopsreview/loans/" + id, "alice",
                    "{\"action\": \"claim\"}");
            assertThat(claim.statusCode()).as(claim.body()).isEqualTo(405);
            HttpResponse<String> next = post(there + "/actuator/mlopsreview/loans", "alice",
                    "{\"action\": \"claim-next\"}");
            assertThat(next.statusCode()).as(next.body()).isEqualTo(405);
            ReviewDesk<?, ?> readOnlyDesk = readOnly.getBean(ReviewDesk.class);
            assertThat(readOnlyDesk.find(id).orElseThrow().claimedBy()).isEmpty();
        } finally {
            readOnly.close();
        }
    }
}
