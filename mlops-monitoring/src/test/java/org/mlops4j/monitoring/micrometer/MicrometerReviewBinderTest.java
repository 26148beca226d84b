package org.mlops4j.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.monitoring.review.ReviewMonitor;
import org.mlops4j.monitoring.review.ReviewStoreFailures;

class MicrometerReviewBinderTest {

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final ReviewStore store = ReviewStore.inMemory(clock);

    private void add(String queue, String id, Duration due) {
        store.add(queue, new NewReview(id, "{}", "fraud", 0.6, "fraud/1", clock.now(), 0, clock.now().plus(due)), 100);
    }

    private void resolve(String id, boolean agrees) {
        store.resolve("fraud", id, new ReviewDecision("x", "anna", Optional.empty(), agrees), OptionalLong.empty());
    }

    private static double gauge(SimpleMeterRegistry r, String name, String queue) {
        return r.get(name).tag("queue", queue).gauge().value();
    }

    @Test
    void gaugesReadTheQueuesLatestReadingTaggedByEndpointAndQueue() {
        AtomicBoolean failing = new AtomicBoolean();
        ReviewStore flaky = ReviewStoreFailures.failingFigures(store, "fraud", failing);
        ReviewMonitor monitor = ReviewMonitor.builder(flaky).queue("fraud", "fraud-scoring").queue("chat").build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerReviewBinder.of(monitor, Tags.of("service", "checkout")).bindTo(registry);
        assertThat(gauge(registry, "mlops.review.queue.depth", "fraud")).as("before the first reading").isNaN();

        // a, b, c, d enqueued 10 minutes apart; read at 46 minutes their ages are 46, 36, 26 and 16 minutes:
        // p50 is the 2nd smallest (26 min), p99 the ceil(0.99 * 4) = 4th (46 min).
        for (String id : new String[] {"a", "b", "c", "d"}) {
            add("fraud", id, Duration.ofHours(2));
            clock.advance(Duration.ofMinutes(10));
        }
        add("fraud", "e", Duration.ofMinutes(5));
        add("fraud", "f", Duration.ofHours(2));
        add("fraud", "g", Duration.ofHours(2));
        add("fraud", "h", Duration.ofHours(2));
        monitor.readNow();
        resolve("f", true);
        resolve("g", true);
        resolve("h", false);
        store.claim("fraud", "a", "ben", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(6));          // e is overdue; a's claim lives until 50 minutes
        monitor.readNow();

        assertThat(gauge(registry, "mlops.review.queue.depth", "fraud")).isEqualTo(4.0);
        assertThat(gauge(registry, "mlops.review.claimed", "fraud")).isEqualTo(1.0);
        assertThat(gauge(registry, "mlops.review.age.p50", "fraud")).isEqualTo(26 * 60.0);
        assertThat(gauge(registry, "mlops.review.age.p99", "fraud")).isEqualTo(46 * 60.0);
        assertThat(gauge(registry, "mlops.review.expired", "fraud")).isEqualTo(1.0);
        assertThat(gauge(registry, "mlops.review.resolved", "fraud")).isEqualTo(3.0);
        assertThat(gauge(registry, "mlops.review.agreed", "fraud")).isEqualTo(2.0);
        assertThat(gauge(registry, "mlops.review.agreement.ratio", "fraud")).isEqualTo(2.0 / 3);
        assertThat(gauge(registry, "mlops.review.agreement.cumulative.ratio", "fraud")).isEqualTo(2.0 / 3);
        assertThat(gauge(registry, "mlops.review.queue.depth", "chat")).isZero();
        assertThat(gauge(registry, "mlops.review.agreement.ratio", "chat")).isNaN();
        assertThat(registry.get("mlops.review.queue.depth").tag("queue", "fraud").gauge().getId().getTags())
                .extracting(t -> t.getKey() + "=" + t.getValue())
                .containsExactlyInAnyOrder("endpoint=fraud-scoring", "queue=fraud", "service=checkout");
        assertThat(registry.get("mlops.review.age.p99").tag("queue", "fraud").gauge().getId().getBaseUnit())
                .isEqualTo("seconds");
        assertThat(registry.find("mlops.review.queue.depth").gauges()).hasSize(2);

        failing.set(true);
        monitor.readNow();
        assertThat(registry.get("mlops.review.monitor.store.failures").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("mlops.review.monitor.alert.failures").functionCounter().count()).isZero();
        assertThat(gauge(registry, "mlops.review.queue.depth", "fraud")).as("the latest good reading").isEqualTo(4.0);
    }

    @Test
    void prometheusNamesTheSeriesWithTheirUnitAndCountersWithTotal() {
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").build();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerReviewBinder binder = MicrometerReviewBinder.of(monitor);
        binder.bindTo(prometheus);
        binder.bindTo(prometheus);
        add("fraud", "a", Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(90));
        monitor.readNow();

        String text = prometheus.scrape();

        assertThat(text).contains("mlops_review_queue_depth{endpoint=\"fraud\",queue=\"fraud\"} 1.0")
                .contains("mlops_review_age_p99_seconds{endpoint=\"fraud\",queue=\"fraud\"} 90.0")
                .contains("mlops_review_age_p50_seconds{endpoint=\"fraud\",queue=\"fraud\"} 90.0")
                .contains("mlops_review_expired{endpoint=\"fraud\",queue=\"fraud\"} 0.0")
                .contains("mlops_review_resolved{endpoint=\"fraud\",queue=\"fraud\"} 0.0")
                .contains("mlops_review_agreed{endpoint=\"fraud\",queue=\"fraud\"} 0.0")
                .contains("mlops_review_agreement_ratio{endpoint=\"fraud\",queue=\"fraud\"} NaN")
                .contains("mlops_review_monitor_store_failures_total 0.0");
        assertThat(text.lines().filter(l -> l.startsWith("mlops_review_queue_depth{"))).hasSize(1);
    }

    @Test
    void aBinderNeedsAMonitorAndTags() {
        assertThatThrownBy(() -> MicrometerReviewBinder.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("monitor");
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").build();
        assertThatThrownBy(() -> MicrometerReviewBinder.of(monitor, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tags");
        assertThat(MicrometerReviewBinder.of(monitor, Tags.of("service", "checkout"))).asString()
                .startsWith("MicrometerReviewBinder").contains("service=checkout").contains("ReviewMonitor[fraud]");
        assertThatThrownBy(() -> MicrometerReviewBinder.of(monitor).bindTo(null))
                .isInstanceOf(NullPointerException.class).hasMessage("registry");
    }
}
