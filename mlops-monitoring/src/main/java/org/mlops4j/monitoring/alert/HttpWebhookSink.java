package org.mlops4j.monitoring.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POSTs alerts as JSON from one daemon thread fed by a bounded queue. */
final class HttpWebhookSink implements WebhookAlertSink {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookSink.class);

    private final URI uri;
    private final WebhookConfig config;
    private final HttpClient client;
    private final ThreadPoolExecutor worker;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retries = new LongAdder();

    HttpWebhookSink(URI uri, WebhookConfig config) {
        this.uri = uri;
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
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
        String body = AlertJson.write(alert);
        try {
            worker.execute(() -> deliver(alert.rule(), body));
        } catch (RejectedExecutionException e) {
            // Only reached if the executor changes handler; the handler above counts drops.
            dropped.increment();
        }
    }

    private void deliver(String rule, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        String lastProblem = "";
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                retries.increment();
                if (!sleep(config.backoff(attempt - 1))) {
                    failed.increment();
                    return;
                }
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    delivered.increment();
                    return;
                }
                lastProblem = "HTTP " + status;
                if (status < 500 && status != 429) {
                    break;
                }
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.increment();
                return;
            }
        }
        failed.increment();
        LOG.warn("Alert webhook {} gave up on alert {}: {}", redacted(uri), rule, lastProblem);
    }

    private static boolean sleep(java.time.Duration wait) {
        try {
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
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
        long perAttempt = config.requestTimeout().toNanos();
        long waitNanos = perAttempt > Long.MAX_VALUE / config.maxAttempts()
                ? Long.MAX_VALUE : perAttempt * config.maxAttempts();
        try {
            if (!worker.awaitTermination(waitNanos, TimeUnit.NANOSECONDS)) {
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
        return "WebhookAlertSink[" + redacted(uri) + "]";
    }

    /**
     * The webhook's address without its path, query and user info: chat webhooks (Slack, Teams) carry
     * their secret in the path, which must not reach logs.
     */
    static String redacted(URI uri) {
        String path = uri.getRawPath();
        boolean hidden = (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null;
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (hidden ? "/..." : "");
    }
}
