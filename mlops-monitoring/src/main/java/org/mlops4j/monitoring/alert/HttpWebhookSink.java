package org.mlops4j.monitoring.alert;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs alerts as JSON from one daemon thread fed by a bounded queue. Each attempt has a deadline
 * on its whole exchange, each alert a budget on all its attempts and waits.
 */
final class HttpWebhookSink implements WebhookAlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookSink.class);

    private final URI uri;
    private final String shown;
    private final WebhookConfig config;
    private final HttpClient client;
    private final String basicAuthorization;
    /** What must never be printed: the URI's user info, path and query, header values, the secret. */
    private final List<String> secrets;
    private final ThreadPoolExecutor worker;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retries = new LongAdder();

    HttpWebhookSink(URI uri, WebhookConfig config) {
        this.uri = uri;
        this.shown = redacted(uri);
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        // The JDK's client ignores user info in the URI; send it as Basic authentication, as curl
        // does, unless an Authorization header is configured.
        String userInfo = uri.getUserInfo();
        boolean hasAuthorization = config.headers().keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        this.basicAuthorization = userInfo == null || hasAuthorization ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.secrets = secretsOf(uri, config);
        this.worker = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()),
                r -> {
                    Thread t = new Thread(r, "mlops-alert-webhook");
                    t.setDaemon(true);
                    return t;
                },
                (r, executor) -> dropped.increment());
    }

    @Override
    public void send(Alert alert) {
        byte[] body = AlertJson.write(alert).getBytes(StandardCharsets.UTF_8);
        try {
            worker.execute(() -> deliverGuarded(alert.rule(), body));
        } catch (RejectedExecutionException e) {
            // Only reached if the executor changes handler; the handler above counts drops.
            dropped.increment();
        }
    }

    private void deliverGuarded(String rule, byte[] body) {
        try {
            deliver(rule, body);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("Alert webhook {} failed on alert {}: {}", shown, rule, scrub(e.toString()));
        }
    }

    private HttpRequest request(byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> header : config.headers().entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        if (basicAuthorization != null) {
            request.header("Authorization", basicAuthorization);
        }
        if (config.signingSecret() != null) {
            request.header(WebhookConfig.SIGNATURE_HEADER, WebhookSignature.sign(config.signingSecret(), body));
        }
        return request.build();
    }

    private void deliver(String rule, byte[] body) {
        long start = System.nanoTime();
        long budget = nanos(config.deliveryTimeout());
        String lastProblem = "";
        Duration retryAfter = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                Duration wait = retryAfter != null ? retryAfter : config.backoff(attempt - 1);
                long left = budget - (System.nanoTime() - start);
                if (nanos(wait) >= left) {
                    // Sleeping past the budget would only end in giving up later.
                    failed.increment();
                    String source = retryAfter != null ? " (Retry-After)" : " (backoff)";
                    LOG.warn("Alert webhook {} gave up on alert {} after {} attempt(s): {}; the next wait of {} ms{}"
                            + " is beyond what is left of its {} ms delivery budget ({} ms)", shown, rule, attempt - 1,
                            lastProblem, nanos(wait) / 1_000_000, source, nanos(config.deliveryTimeout()) / 1_000_000,
                            Math.max(0, left) / 1_000_000);
                    return;
                }
                retries.increment();
                if (!sleep(wait)) {
                    failed.increment();
                    LOG.warn("Alert webhook {} gave up on alert {}: interrupted (closed) while waiting to retry",
                            shown, rule);
                    return;
                }
            }
            long left = budget - (System.nanoTime() - start);
            if (left <= 0) {
                break;
            }
            Duration timeout = Duration.ofNanos(Math.min(nanos(config.requestTimeout()), left));
            retryAfter = null;
            CompletableFuture<HttpResponse<Void>> exchange =
                    client.sendAsync(request(body, timeout), HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> response;
            try {
                // The client's own timeout ends at the response headers; this deadline also covers the body.
                response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true); // closes the connection
                lastProblem = "no complete response within " + timeout.toMillis() + " ms";
                LOG.debug("Alert webhook {} attempt {} for alert {}: {}", shown, attempt, rule, lastProblem);
                continue;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                lastProblem = scrub(cause.toString());
                LOG.debug("Alert webhook {} attempt {} for alert {}: {}", shown, attempt, rule, lastProblem);
                continue;
            } catch (InterruptedException e) {
                exchange.cancel(true);
                Thread.currentThread().interrupt();
                failed.increment();
                LOG.warn("Alert webhook {} gave up on alert {}: interrupted (closed) during attempt {}",
                        shown, rule, attempt);
                return;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                delivered.increment();
                return;
            }
            lastProblem = "HTTP " + status;
            if (status < 500 && status != 429) {
                break;
            }
            if (status == 429 || status == 503) {
                retryAfter = retryAfter(response, rule);
            }
            LOG.debug("Alert webhook {} attempt {} for alert {}: {}", shown, attempt, rule, lastProblem);
        }
        failed.increment();
        LOG.warn("Alert webhook {} gave up on alert {}: {}", shown, rule, lastProblem);
    }

    /** The wait a 429 or 503 asks for, or null (the backoff applies) if it has none or a bad one. */
    private Duration retryAfter(HttpResponse<?> response, String rule) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        Optional<Duration> wait = RetryAfter.parse(value.get(), Instant.now());
        if (wait.isEmpty()) {
            String v = value.get();
            LOG.warn("Alert webhook {} answered alert {} with a Retry-After that is neither seconds nor an "
                    + "HTTP-date, \"{}\"; the backoff applies", shown, rule,
                    v.length() <= 60 ? v : v.substring(0, 57) + "... (" + v.length() + " characters)");
            return null;
        }
        return wait.get();
    }

    private static boolean sleep(Duration wait) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos(wait));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public long delivered() {
        return delivered.sum();
    }

    @Override
    public long failed() {
        return failed.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long retries() {
        return retries.sum();
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(nanos(config.deliveryTimeout()), TimeUnit.NANOSECONDS)) {
                // Queued alerts that never ran are dropped, not delivered.
                dropped.add(worker.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            dropped.add(worker.shutdownNow().size());
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WebhookAlertSink[" + shown + "]";
    }

    /** The duration in nanoseconds, {@code Long.MAX_VALUE} for one too long to say so (292 years). */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Replaces every secret in a message (an exception's, say) with {@code ***}. */
    String scrub(String message) {
        String s = message;
        for (String secret : secrets) {
            s = s.replace(secret, "***");
        }
        return s;
    }

    private static List<String> secretsOf(URI uri, WebhookConfig config) {
        List<String> secrets = new ArrayList<>();
        for (String part : new String[] {uri.getRawUserInfo(), uri.getRawQuery(), uri.getRawPath()}) {
            if (part != null && !part.isEmpty() && !part.equals("/")) {
                secrets.add(part);
                secrets.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        secrets.addAll(config.headers().values());
        if (config.signingSecret() != null) {
            secrets.add(config.signingSecret());
        }
        secrets.removeIf(String::isEmpty);
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(secrets);
    }

    /**
     * The webhook's address without its path, query and user info: chat webhooks (Slack, Teams) carry
     * their secret in the path, which must not reach logs.
     */
    static String redacted(URI uri) {
        if (uri.isOpaque()) {
            // mailto:ops@example.org: no host to show, and the rest may be the secret.
            return uri.getScheme() + ":...";
        }
        String path = uri.getRawPath();
        boolean hidden = (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null;
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (hidden ? "/..." : "");
    }
}
