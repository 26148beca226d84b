package org.mlops4j.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mlops4j.monitoring.testlog.CapturingLogProvider;
import org.junit.jupiter.api.Test;

/** Webhook delivery against a real local server: deadlines, Retry-After, headers, signatures, redaction. */
class WebhookDeliveryTest {

    private static Alert alert(String rule) {
        return new Alert(Alert.Kind.FIRED, rule, Severity.CRITICAL, "mlops.drift.dataset.share", 0.6, 0.5,
                "2024-01-01T00:00Z/PT1H", "churn-api", "churn/3", List.of(new DriftedFeature("age", 0.41)),
                Instant.parse("2024-01-01T01:00:00Z"), org.mlops4j.core.signal.SignalKind.DATA_DRIFT);
    }

    /** Waits up to {@code limit} for the condition; returns the time it took. */
    private static Duration awaitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + limit).isTrue();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aTricklingReceiverCannotHoldTheSenderPastItsTimeout() throws Exception {
        // The status line and headers come at once, then one byte of the 600-byte body every 100 ms:
        // a minute in all, far beyond the 1 s request timeout.
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (int b = 0; b < 600; b++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        })) {
            WebhookConfig twoAttempts = new WebhookConfig(2, Duration.ofMillis(100), 1.0, Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), twoAttempts)) {
                long start = System.nanoTime();
                sink.send(alert("r"));
                // Two attempts of at most 1 s each and a 100 ms backoff: 2.1 s, with a margin for a loaded machine.
                Duration took = awaitUntil(Duration.ofSeconds(6), () -> sink.failed() == 1);
                assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
                assertThat(sink.delivered()).isZero();
                assertThat(sink.retries()).isEqualTo(1);
                assertThat(server.requests()).hasSize(2);
                // The sender hung up on each trickle, rather than leaving it running: the server's
                // writes fail soon after each attempt's deadline.
                awaitUntil(Duration.ofSeconds(3), () -> server.clientGoneNanos().size() == 2);
                for (long gone : server.clientGoneNanos()) {
                    assertThat(Duration.ofNanos(gone - start)).isLessThan(Duration.ofSeconds(5));
                }
            }
        }
    }

    @Test
    void retryAfterOnServiceUnavailableIsWaitedBeforeTheRetry() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> {
            if (i == 0) {
                RawHttpServer.respond(out, 503, "Retry-After: 1");
            } else {
                RawHttpServer.respond(out, 200);
            }
        })) {
            // A 1 ms backoff: only the Retry-After can make the sender wait a second.
            WebhookConfig fast = new WebhookConfig(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 10);
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast)) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                assertThat(sink.retries()).isEqualTo(1);
            }
            List<RawHttpServer.Request> got = server.requests();
            assertThat(got).hasSize(2);
            Duration wait = Duration.ofNanos(got.get(1).receivedNanos() - got.get(0).receivedNanos());
            assertThat(wait).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(3_000));
        }
    }

    @Test
    void aRetryAfterBeyondTheDeliveryBudgetGivesUpAtOnce() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) ->
                RawHttpServer.respond(out, 429, "Retry-After: 120"))) {
            // The budget of this config is 4 attempts of 5 s and its backoffs: about 20 s, under 120 s.
            WebhookConfig fast = new WebhookConfig(4, Duration.ofMillis(1), 2.0, Duration.ofMillis(5),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 10);
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast)) {
                sink.send(alert("r"));
                Duration took = awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                assertThat(took).isLessThan(Duration.ofSeconds(3));
                assertThat(sink.retries()).isZero();
                Thread.sleep(200);
            }
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aRetryAfterAsAnHttpDateIsWaitedUntilThatTime() throws Exception {
        List<Long> sentAt = new ArrayList<>();
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> {
            if (i == 0) {
                // Whole seconds: two seconds ahead means a wait of more than one second.
                Instant at = Instant.now().plusSeconds(2);
                sentAt.add(System.nanoTime());
                RawHttpServer.respond(out, 503, "Retry-After: "
                        + DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
            } else {
                RawHttpServer.respond(out, 200);
            }
        })) {
            WebhookConfig fast = new WebhookConfig(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 10);
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast)) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
            }
            Duration wait = Duration.ofNanos(server.requests().get(1).receivedNanos() - sentAt.get(0));
            // The date has whole seconds: the wait is over a second, less the few microseconds between
            // the server reading its clock and the sender reading its own.
            assertThat(wait).isBetween(Duration.ofMillis(950), Duration.ofMillis(3_500));
        }
    }

    @Test
    void aMalformedRetryAfterFallsBackToTheBackoffAndIsLogged() throws Exception {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) -> {
                 if (i == 0) {
                     RawHttpServer.respond(out, 429, "Retry-After: soon");
                 } else {
                     RawHttpServer.respond(out, 200);
                 }
             })) {
            WebhookConfig fast = new WebhookConfig(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), 10);
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast)) {
                sink.send(alert("r"));
                Duration took = awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                assertThat(took).isLessThan(Duration.ofSeconds(2));
                assertThat(sink.retries()).isEqualTo(1);
            }
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN ").contains("Retry-After").contains("\"soon\"").contains("backoff applies"));
        }
    }

    @Test
    void retryAfterValuesAreReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("1994-11-06T08:49:00Z");
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", now)).contains(Duration.ofSeconds(1L << 30));
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now)).contains(Duration.ofSeconds(37));
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:48:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
        assertThat(RetryAfter.parse("1.5", now)).isEmpty();
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("", now)).isEmpty();
    }

    @Test
    void extraHeadersAreSentWithEachAlert() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, 200))) {
            WebhookConfig withHeaders = fast().withHeader("Authorization", "Bearer t0ken-123")
                    .withHeader("X-Team", "ml-ops");
            // User info in the URI does not replace a configured Authorization header.
            URI withUserInfo = URI.create("http://alice:pw@" + server.authority() + "/alerts");
            try (WebhookAlertSink sink = AlertSinks.webhook(withUserInfo, withHeaders)) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
            }
            RawHttpServer.Request got = server.requests().get(0);
            assertThat(got.header("Authorization")).isEqualTo("Bearer t0ken-123");
            assertThat(got.header("X-Team")).isEqualTo("ml-ops");
            assertThat(got.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void credentialsInTheUriAreSentAsBasicAuthentication() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, 200))) {
            URI withUserInfo = URI.create("http://alice:p%40ss@" + server.authority() + "/alerts");
            try (WebhookAlertSink sink = AlertSinks.webhook(withUserInfo, fast())) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
            }
            RawHttpServer.Request got = server.requests().get(0);
            // The JDK's client drops user info; the sink sends it as Basic authentication, decoded.
            assertThat(got.header("Authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("alice:p@ss".getBytes(StandardCharsets.UTF_8)));
            assertThat(got.requestLine()).isEqualTo("POST /alerts HTTP/1.1");
        }
    }

    @Test
    void theSignatureIsAnHmacSha256OfTheExactBodyBytes() throws Exception {
        String secret = "whsec-\u00e9t\u00e9-42";
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, 200))) {
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast().withSigningSecret(secret))) {
                sink.send(alert("caf\u00e9-drift"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
            }
            RawHttpServer.Request request = server.requests().get(0);
            assertThat(request.bodyText()).contains("caf\u00e9-drift");
            // What a receiver does: HMAC-SHA256 of the raw body bytes with the shared secret.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            assertThat(request.header(WebhookConfig.SIGNATURE_HEADER)).isEqualTo(expected);
        }
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, 200))) {
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast())) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
            }
            assertThat(server.requests().get(0).header(WebhookConfig.SIGNATURE_HEADER)).isNull();
        }
    }

    @Test
    void theSignatureMatchesAKnownHmacSha256Vector() {
        // python3 -c "import hmac,hashlib;print(hmac.new(b'key',b'body',hashlib.sha256).hexdigest())"
        assertThat(WebhookSignature.sign("key", "body".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=515aae133b435d4000956731f68ae5cf5eb85d4f0dc6a546d2bfcd3595ec1ae1");
    }

    @Test
    void secretsNeverReachTheLogsOrToString() throws Exception {
        // Nothing listens on this port: every attempt fails to connect.
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        WebhookConfig secretive = new WebhookConfig(2, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10)
                .withHeader("Authorization", "Bearer hdr-s3cret").withSigningSecret("sign-s3cret");
        List<String> secrets = List.of("pw-s3cret", "tok-s3cret", "path-s3cret", "hdr-s3cret", "sign-s3cret");
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture()) {
            URI refused = URI.create("http://user:pw-s3cret@127.0.0.1:" + closedPort + "/hooks/path-s3cret?token=tok-s3cret");
            try (WebhookAlertSink sink = AlertSinks.webhook(refused, secretive)) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                assertThat(sink.toString()).isEqualTo("WebhookAlertSink[http://127.0.0.1:" + closedPort + "/...]");
            }
            try (RawHttpServer server = new RawHttpServer((i, request, out) ->
                    RawHttpServer.respond(out, 503, "Retry-After: 3600"))) {
                URI unavailable = URI.create("http://user:pw-s3cret@" + server.authority()
                        + "/hooks/path-s3cret?token=tok-s3cret");
                try (WebhookAlertSink sink = AlertSinks.webhook(unavailable, secretive)) {
                    sink.send(alert("r"));
                    awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                }
            }
            List<String> lines = logs.lines();
            assertThat(lines).filteredOn(line -> line.startsWith("WARN " + HttpWebhookSink.class.getName())).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("127.0.0.1:").contains("/...").contains("gave up"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("ConnectException"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("HTTP 503").contains("Retry-After"));
            for (String line : lines) {
                for (String secret : secrets) {
                    assertThat(line).doesNotContain(secret);
                }
            }
        }
        assertThat(secretive.toString())
                .contains("headers={Authorization=***}").contains("signingSecret=***").contains("maxAttempts=2");
        for (String secret : secrets) {
            assertThat(secretive.toString()).doesNotContain(secret);
        }
        assertThat(fast().toString()).contains("headers={}").contains("signingSecret=none");
    }

    @Test
    void webhookConfigRefusesBadHeadersAndBudgetsNamingTheField() {
        WebhookConfig d = WebhookConfig.ofDefaults();
        assertThat(d.deliveryTimeout()).isEqualTo(Duration.ofSeconds(53));
        // A budget too long to add up is the longest Duration, not an ArithmeticException.
        Duration eons = Duration.ofSeconds(Long.MAX_VALUE / 10);
        assertThat(new WebhookConfig(100, eons, 2.0, eons, eons, eons, 1).deliveryTimeout())
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        assertThat(d.headers()).isEmpty();
        assertThat(d.signingSecret()).isNull();
        assertThatThrownBy(() -> d.withDeliveryTimeout(Duration.ofSeconds(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deliveryTimeout must be >= requestTimeout PT10S but was PT9S");
        assertThatThrownBy(() -> d.withHeader("Bad Name", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~) but was \"Bad Name\"");
        assertThatThrownBy(() -> d.withHeader("Host", "evil"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers must not set Host, a header the sink or its HTTP client controls");
        assertThatThrownBy(() -> d.withHeader("transfer-encoding", "chunked"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers must not set transfer-encoding, a header the sink or its HTTP client controls");
        assertThatThrownBy(() -> d.withHeader(WebhookConfig.SIGNATURE_HEADER, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers must not set X-Mlops-Signature, a header the sink or its HTTP client controls");
        assertThatThrownBy(() -> d.withHeader("Authorization", "Bearer s3cret\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of header Authorization must not contain a control or non-Latin-1 character "
                        + "but has one at index 13 (value not shown)");
        assertThatThrownBy(() -> d.withHeader("Authorization", "Bearer \u20ac"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("but has one at index 7 (value not shown)");
        assertThat(d.withHeader("X-Tabbed", "a\tb \u00e9").headers()).containsEntry("X-Tabbed", "a\tb \u00e9");
        assertThatThrownBy(() -> d.withHeader("Authorization", "a").withHeader("authorization", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers already has Authorization (names are compared ignoring case) but was given "
                        + "authorization again");
        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("X-A", "1");
        twice.put("x-a", "2");
        assertThatThrownBy(() -> new WebhookConfig(5, d.initialBackoff(), 2, d.maxBackoff(), d.connectTimeout(),
                d.requestTimeout(), 10, d.deliveryTimeout(), twice, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headers has x-a twice (names are compared ignoring case)");
        assertThatThrownBy(() -> d.withSigningSecret(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signingSecret must not be empty (null sends no signature)");
        assertThatThrownBy(() -> d.withHeader("X-Null", null))
                .isInstanceOf(NullPointerException.class).hasMessage("value of header X-Null");
        String longName = "X-" + "a".repeat(100);
        assertThatThrownBy(() -> d.withHeader(longName + " ", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("... (103 characters)").hasMessageNotContaining("a".repeat(60));
    }

    @Test
    void aWebhookUriWithoutAHostNameIsRefusedWithoutPrintingIt() {
        // An underscore makes the authority registry-based: java.net.URI finds no host, and the
        // JDK's client refuses the URI with all of it, password and token included, in its message.
        for (String uri : List.of("http://user:pw-s3cret@under_score.example.com/hook/path-s3cret?token=tok-s3cret",
                "https:///hook/path-s3cret?token=tok-s3cret")) {
            assertThatThrownBy(() -> AlertSinks.webhook(URI.create(uri), fast()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("uri must name a host (letters, digits, '-' and '.') but had none: "
                            + uri.substring(0, uri.indexOf(':')) + "://...")
                    .hasMessageNotContaining("s3cret");
        }
    }

    /** The sink's WARN lines in {@code logs}. */
    private static List<String> warnings(CapturingLogProvider.Capture logs) {
        return logs.lines().stream().filter(l -> l.startsWith("WARN " + HttpWebhookSink.class.getName())).toList();
    }

    @Test
    void onlyTwoHundredsAreDeliveredAndOtherClientAnswersAreNotRetried() throws Exception {
        // The status is the request path's last segment: /s/299 is answered 299.
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> {
            String path = request.requestLine().split(" ")[1];
            RawHttpServer.respond(out, Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
        })) {
            for (int status : new int[] {200, 299}) {
                try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/s/" + status), fast())) {
                    sink.send(alert("r"));
                    awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                    assertThat(sink.failed()).isZero();
                }
            }
            for (int status : new int[] {300, 404, 499}) {
                try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture()) {
                    try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/s/" + status), fast())) {
                        sink.send(alert("r"));
                        awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                        assertThat(sink.delivered()).isZero();
                        assertThat(sink.retries()).isZero();
                    }
                    assertThat(warnings(logs)).containsExactly("WARN " + HttpWebhookSink.class.getName()
                            + " Alert webhook " + server.uri("") + "/... gave up on alert r: HTTP " + status);
                }
            }
            // 2 delivered at once, then 3 refused at once: no request was retried.
            assertThat(server.requests()).hasSize(5);
        }
    }

    @Test
    void onlyTooManyRequestsAndServiceUnavailableHonourRetryAfter() throws Exception {
        // A 502 or 500 with a Retry-After of two minutes is retried after the 1 ms backoff.
        for (int status : new int[] {500, 502, 504}) {
            try (RawHttpServer server = new RawHttpServer((i, request, out) -> {
                if (i == 0) {
                    RawHttpServer.respond(out, status, "Retry-After: 120");
                } else {
                    RawHttpServer.respond(out, 200);
                }
            })) {
                try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast())) {
                    sink.send(alert("r"));
                    Duration took = awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                    assertThat(took).as("HTTP " + status).isLessThan(Duration.ofSeconds(3));
                    assertThat(sink.retries()).isEqualTo(1);
                }
            }
        }
        // A 429 or 503 without a Retry-After is retried after the backoff too.
        for (int status : new int[] {429, 503}) {
            try (RawHttpServer server = new RawHttpServer((i, request, out) ->
                    RawHttpServer.respond(out, i == 0 ? status : 200))) {
                try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast())) {
                    sink.send(alert("r"));
                    awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                    assertThat(sink.retries()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aRetryAfterBeyondTheBudgetIsLoggedWithTheWaitAndWhatWasLeft() throws Exception {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) ->
                     RawHttpServer.respond(out, 429, "Retry-After: 120"))) {
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast())) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
            }
            // fast(): 3 attempts of 5 s and backoffs of 1 and 2 ms, a budget of 15,003 ms.
            assertThat(warnings(logs)).singleElement().asString().matches("WARN \\S+ Alert webhook http://127\\.0\\.0\\.1:\\d+/\\.\\.\\."
                    + " gave up on alert r after 1 attempt\\(s\\): HTTP 429; the next wait of 120000 ms \\(Retry-After\\)"
                    + " is beyond what is left of its 15003 ms delivery budget \\((1[0-4]\\d{3}|150[0-2]) ms\\)");
        }
    }

    @Test
    void aBackoffBeyondTheBudgetGivesUpAtOnceNamingTheBackoff() throws Exception {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, 500))) {
            // A 10 s backoff, a 2 s budget: the first retry would start after the budget.
            WebhookConfig slowBackoff = new WebhookConfig(3, Duration.ofSeconds(10), 1.0, Duration.ofSeconds(10),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 10).withDeliveryTimeout(Duration.ofSeconds(2));
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), slowBackoff)) {
                sink.send(alert("r"));
                Duration took = awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                assertThat(took).isLessThan(Duration.ofSeconds(2));
                assertThat(sink.retries()).isZero();
            }
            assertThat(server.requests()).hasSize(1);
            assertThat(warnings(logs)).singleElement().asString().matches("WARN .* gave up on alert r after 1 attempt\\(s\\): "
                    + "HTTP 500; the next wait of 10000 ms \\(backoff\\) is beyond what is left of its 2000 ms delivery "
                    + "budget \\(1\\d{3} ms\\)");
        }
    }

    @Test
    void eachAttemptIsCutToWhatIsLeftOfTheDeliveryBudget() throws Exception {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) -> {
                 // The headers at once, then a byte every 100 ms: only the sender's deadline ends it.
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                 for (int b = 0; b < 600; b++) {
                     out.write('x');
                     out.flush();
                     Thread.sleep(100);
                 }
             })) {
            // Attempts of up to 1 s, a budget of 1.5 s: the second attempt has at most 500 ms.
            WebhookConfig config = new WebhookConfig(2, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 10).withDeliveryTimeout(Duration.ofMillis(1_500));
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), config)) {
                sink.send(alert("r"));
                Duration took = awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                assertThat(took).isBetween(Duration.ofMillis(1_400), Duration.ofMillis(3_000));
                assertThat(sink.retries()).isEqualTo(1);
            }
            assertThat(server.requests()).hasSize(2);
            List<String> debug = logs.lines().stream().filter(l -> l.startsWith("DEBUG " + HttpWebhookSink.class.getName()))
                    .toList();
            assertThat(debug).hasSize(2);
            assertThat(debug.get(0)).endsWith("attempt 1 for alert r: no complete response within 1000 ms");
            String last = warnings(logs).get(0);
            int ms = Integer.parseInt(last.replaceAll(".*no complete response within (\\d+) ms$", "$1"));
            assertThat(ms).isBetween(1, 500);
        }
    }

    @Test
    void closingInterruptsARetryWaitAndDropsWhatNeverRan() throws Exception {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) ->
                     RawHttpServer.respond(out, 503, "Retry-After: 2"))) {
            // Each alert: an attempt, a 2 s wait, an attempt, then it gives up (2 attempts). close() waits
            // one 3 s budget: the first alert has ended by then, the second is waiting, the third never ran.
            WebhookConfig config = new WebhookConfig(2, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 10).withDeliveryTimeout(Duration.ofSeconds(3));
            WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), config);
            sink.send(alert("a1"));
            sink.send(alert("a2"));
            sink.send(alert("a3"));
            long start = System.nanoTime();
            sink.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);
            assertThat(closing).isBetween(Duration.ofMillis(2_900), Duration.ofMillis(5_000));
            awaitUntil(Duration.ofSeconds(2), () -> sink.failed() == 2);
            assertThat(sink.dropped()).isEqualTo(1);
            assertThat(sink.delivered()).isZero();
            assertThat(sink.retries()).isEqualTo(2);
            assertThat(server.requests()).hasSize(3);
            assertThat(warnings(logs)).hasSize(2);
            assertThat(warnings(logs).get(0)).endsWith("gave up on alert a1: HTTP 503");
            assertThat(warnings(logs).get(1)).endsWith("gave up on alert a2: interrupted (closed) while waiting to retry");
        }
    }

    @Test
    void closingInterruptsAnAttemptInFlight() throws Exception {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) -> {
                 if (i == 0) {
                     Thread.sleep(500);
                     RawHttpServer.respond(out, 200);
                 } else {
                     Thread.sleep(10_000);
                 }
             })) {
            // One attempt of up to 1.5 s, the budget: the first alert is answered after 0.5 s, the second
            // hangs until close() gives up waiting at 1.5 s; the third never ran.
            WebhookConfig config = new WebhookConfig(1, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
                    Duration.ofSeconds(1), Duration.ofMillis(1_500), 10);
            WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), config);
            sink.send(alert("a1"));
            sink.send(alert("a2"));
            sink.send(alert("a3"));
            sink.close();
            awaitUntil(Duration.ofSeconds(2), () -> sink.failed() == 1);
            assertThat(sink.delivered()).isEqualTo(1);
            assertThat(sink.dropped()).isEqualTo(1);
            assertThat(warnings(logs)).singleElement().asString()
                    .endsWith("gave up on alert a2: interrupted (closed) during attempt 1");
        }
    }

    @Test
    void closingFromAnInterruptedThreadDropsTheQueueAndKeepsTheInterrupt() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> Thread.sleep(10_000))) {
            WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast());
            sink.send(alert("a1"));
            awaitUntil(Duration.ofSeconds(10), () -> server.requests().size() == 1);
            sink.send(alert("a2"));
            Thread.currentThread().interrupt();
            long start = System.nanoTime();
            sink.close();
            // close() did not wait for the 15 s budget; the caller's interrupt is still set.
            assertThat(Thread.interrupted()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(sink.dropped()).isEqualTo(1);
            awaitUntil(Duration.ofSeconds(5), () -> sink.failed() == 1);
            assertThat(sink.delivered()).isZero();
        }
    }

    @Test
    void theDeliveryThreadIsADaemon() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> Thread.sleep(10_000))) {
            WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast());
            sink.send(alert("r"));
            awaitUntil(Duration.ofSeconds(10), () -> server.requests().size() == 1);
            List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("mlops-alert-webhook") && t.isAlive()).toList();
            assertThat(workers).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
            Thread.currentThread().interrupt(); // close() at once: no wait for the hanging attempt
            sink.close();
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void aMalformedRetryAfterIsQuotedUpToSixtyCharacters() throws Exception {
        String sixty = "x".repeat(60);
        String sixtyOne = "y".repeat(61);
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture();
             RawHttpServer server = new RawHttpServer((i, request, out) -> {
                 if (i < 2) {
                     RawHttpServer.respond(out, 503, "Retry-After: " + (i == 0 ? sixty : sixtyOne));
                 } else {
                     RawHttpServer.respond(out, 200);
                 }
             })) {
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), fast())) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                assertThat(sink.retries()).isEqualTo(2);
            }
            List<String> warnings = warnings(logs);
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).endsWith("with a Retry-After that is neither seconds nor an HTTP-date, \""
                    + sixty + "\"; the backoff applies");
            assertThat(warnings.get(1)).endsWith("with a Retry-After that is neither seconds nor an HTTP-date, \""
                    + "y".repeat(57) + "... (61 characters)\"; the backoff applies");
        }
    }

    @Test
    void scrubbingReplacesTheLongestSecretFirstAndIgnoresEmptyOnes() {
        // The path contains the query's value: replacing the shorter first would leave "/hooks/" behind.
        HttpWebhookSink sink = new HttpWebhookSink(URI.create("http://127.0.0.1:9/hooks/abc?abc"),
                fast().withHeader("X-Empty", "").withHeader("X-Key", "k3y"));
        try {
            assertThat(sink.scrub("POST /hooks/abc failed; key k3y; query abc")).isEqualTo("POST *** failed; key ***; query ***");
            // An empty secret (the empty header value) would put *** between every character.
            assertThat(sink.scrub("plain")).isEqualTo("plain");
        } finally {
            sink.close();
        }
        // A bare "/" path is no secret: messages keep their slashes.
        HttpWebhookSink root = new HttpWebhookSink(URI.create("http://127.0.0.1:9/"), fast());
        try {
            assertThat(root.scrub("a/b")).isEqualTo("a/b");
        } finally {
            root.close();
        }
        HttpWebhookSink signed = new HttpWebhookSink(URI.create("http://127.0.0.1:9"), fast().withSigningSecret("s1gn"));
        try {
            assertThat(signed.scrub("key s1gn")).isEqualTo("key ***");
        } finally {
            signed.close();
        }
        // User info alone hides the (empty) path too; port 0 is a port.
        assertThat(HttpWebhookSink.redacted(URI.create("http://alice:pw@127.0.0.1:8080"))).isEqualTo("http://127.0.0.1:8080/...");
        assertThat(HttpWebhookSink.redacted(URI.create("http://127.0.0.1:0"))).isEqualTo("http://127.0.0.1:0");
    }

    @Test
    void theFirstRetryWaitsTheInitialBackoff() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, i == 0 ? 500 : 200))) {
            // Backoffs of 100 ms, then 1 s, then 10 s; a budget of 2 attempts of 1 s and the first backoff.
            WebhookConfig growing = new WebhookConfig(2, Duration.ofMillis(100), 10.0, Duration.ofSeconds(10),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
            assertThat(growing.deliveryTimeout()).isEqualTo(Duration.ofMillis(2_100));
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), growing)) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                assertThat(sink.retries()).isEqualTo(1);
            }
            Duration wait = Duration.ofNanos(server.requests().get(1).receivedNanos() - server.requests().get(0).receivedNanos());
            assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofMillis(1_000));
        }
    }

    @Test
    void aRefusedConnectionIsLoggedWithItsCause() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture()) {
            try (WebhookAlertSink sink = AlertSinks.webhook(URI.create("http://127.0.0.1:" + closedPort), fast())) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.failed() == 1);
                assertThat(sink.retries()).isEqualTo(2);
            }
            // The exchange's own ExecutionException is unwrapped: its cause is what failed.
            assertThat(warnings(logs)).singleElement().asString()
                    .contains("gave up on alert r: java.net.ConnectException").doesNotContain("ExecutionException");
        }
    }

    @Test
    void aBudgetTooLongForNanosecondsStillDelivers() throws Exception {
        try (RawHttpServer server = new RawHttpServer((i, request, out) -> RawHttpServer.respond(out, i == 0 ? 503 : 200))) {
            // Over 292 years: more nanoseconds than a long holds, read as no budget at all.
            WebhookConfig endless = fast().withDeliveryTimeout(Duration.ofSeconds(Long.MAX_VALUE));
            try (WebhookAlertSink sink = AlertSinks.webhook(server.uri("/alerts"), endless)) {
                sink.send(alert("r"));
                awaitUntil(Duration.ofSeconds(10), () -> sink.delivered() == 1);
                assertThat(sink.retries()).isEqualTo(1);
            }
        }
    }

    private static WebhookConfig fast() {
        return new WebhookConfig(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 10);
    }
}
