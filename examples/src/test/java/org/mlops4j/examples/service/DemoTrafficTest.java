package org.mlops4j.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.ModelEndpoint;
import org.springframework.context.ConfigurableApplicationContext;

/** The demo's simulated clients: traffic at the rate asked, labelled, drifting after the delay asked. */
class DemoTrafficTest {

    @Test
    void sendsLabelledTrafficThatDriftsAfterTheDelay() throws Exception {
        String store = Files.createTempDirectory("fraud-demo-").toString();
        try (ConfigurableApplicationContext c = FraudScoringService.application().run("--server.port=0",
                "--server.address=127.0.0.1", "--mlops.store.path=" + store, "--fraud.demo.rate=400",
                "--fraud.demo.drift-after=0s", "--mlops.monitor.window-size=200", "--fraud.loop.tick=1h")) {
            @SuppressWarnings("unchecked")
            ModelEndpoint<Map<String, ?>, ?> endpoint = c.getBean(ModelEndpoint.class);
            ModelMonitor<?> monitor = c.getBean(ModelMonitor.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (monitor.feedbackMetrics().isEmpty() || monitor.recentWindows().size() < 2
                    || monitor.recentEstimates().isEmpty()) {
                assertThat(System.nanoTime()).as("labelled windows within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(endpoint.stats().predictions()).isGreaterThanOrEqualTo(400);
            assertThat(endpoint.feedback().stats().joined()).isGreaterThanOrEqualTo(200);
            // Drifted from the start: the champion's windows find most features drifted.
            assertThat(monitor.recentWindows().stream().filter(w -> w.variant().equals("champion"))
                    .mapToDouble(w -> w.driftedShare()).max().orElseThrow()).isGreaterThan(0.3);
            // The service's performance estimation: each closed window is estimated without labels.
            assertThat(monitor.recentEstimates()).allSatisfy(w -> assertThat(w.predictions()).isEqualTo(200))
                    .anySatisfy(w -> assertThat(w.variant()).isEqualTo("champion"));
            assertThat(c.getBean(DemoTraffic.class).isRunning()).isTrue();
        }
    }
}
