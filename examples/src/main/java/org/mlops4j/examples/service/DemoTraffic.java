package org.mlops4j.examples.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.examples.FraudData;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * Simulated clients for a demo of the service ({@code --fraud.demo.rate=50}): synthetic
 * transactions at that many per second, each one's true label sent back as feedback, with the
 * data drifting (a new customer segment, the app channel turned risky) after
 * {@code fraud.demo.drift-after} (default 2 minutes), so the dashboard shows traffic, the canary,
 * accuracy and then drift and its alerts. Off unless the property is set.
 */
@Component
@ConditionalOnProperty(prefix = "fraud.demo", name = "rate")
public final class DemoTraffic implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint;
    private final int rate;
    private final Duration driftAfter;
    private final AtomicLong sent = new AtomicLong();
    private volatile ScheduledExecutorService clients;
    private volatile long started;

    /**
     * @param endpoint the fraud endpoint
     * @param rate transactions per second
     * @param driftAfter when the data starts drifting
     */
    public DemoTraffic(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, @Value("${fraud.demo.rate}") int rate,
                       @Value("${fraud.demo.drift-after:2m}") Duration driftAfter) {
        if (rate < 1 || rate > 10_000) {
            throw new IllegalArgumentException("fraud.demo.rate must be in [1, 10000] but was " + rate);
        }
        this.endpoint = endpoint;
        this.rate = rate;
        this.driftAfter = driftAfter;
    }

    @Override
    public void start() {
        started = System.nanoTime();
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fraud-demo-clients");
            t.setDaemon(true);
            return t;
        });
        s.scheduleAtFixedRate(this::second, 0, 1, TimeUnit.SECONDS);
        clients = s;
        LOG.info("demo traffic: {} transactions per second, drifting after {}", rate, driftAfter);
    }

    private void second() {
        try {
            boolean drifted = System.nanoTime() - started > driftAfter.toNanos();
            long seed = sent.get();
            List<FraudData.Transaction> txs = drifted ? FraudData.generateDrifted(rate, seed) : FraudData.generate(rate,
                    seed);
            for (FraudData.Transaction tx : txs) {
                PredictionResult<Prediction<Label>> r = endpoint.serve(tx.features(), tx.customerId(), null);
                endpoint.feedback().record(r.predictionId(), GroundTruth.label(tx.label()));
                sent.incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.warn("demo traffic failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = clients;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledExecutorService s = clients;
        return s != null && !s.isShutdown();
    }

    @Override
    public String toString() {
        return "DemoTraffic[" + rate + "/s, sent " + sent.get() + "]";
    }
}
