package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.review.NewReview;
import org.mlops4j.core.review.ReviewDecision;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.monitoring.review.ReviewMonitor;

class ReviewReportTest {

    private final ManualClock clock = ManualClock.startingAtEpoch2024();
    private final ReviewStore store = ReviewStore.inMemory(clock);

    private void add(String queue, String id, Duration due) {
        store.add(queue, new NewReview(id, "{}", "fraud", 0.6, "fraud/1", clock.now(), 0, clock.now().plus(due)), 100);
    }

    private void resolve(String id, boolean agrees) {
        store.resolve("fraud", id, new ReviewDecision("x", "anna", Optional.empty(), agrees), OptionalLong.empty());
    }

    /** Queue fraud: 4 resolved in the period, 3 agreeing; 1 expired; 2 waiting, 30 and 10 minutes old. */
    private ReviewMonitor monitor() {
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").queue("<chat>").build();
        for (String id : new String[] {"a", "b", "c", "d", "e"}) {
            add("fraud", id, Duration.ofHours(1));
        }
        add("fraud", "late", Duration.ofMinutes(5));
        monitor.readNow();
        resolve("a", true);
        resolve("b", true);
        resolve("c", false);
        resolve("d", true);
        clock.advance(Duration.ofMinutes(20));
        add("fraud", "f", Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(10));
        monitor.readNow();
        return monitor;
    }

    @Test
    void theJsonReportHoldsEachQueuesFigures() throws Exception {
        ReviewMonitor monitor = monitor();
        MonitoringReport report = MonitoringReport.builder().clock(clock).review(monitor).build();

        JsonNode queues = new ObjectMapper().readTree(report.toJson()).get("reviewQueues");

        assertThat(queues).hasSize(2);
        JsonNode fraud = queues.get(0);
        assertThat(fraud.get("queue").asText()).isEqualTo("fraud");
        assertThat(fraud.get("endpoint").asText()).isEqualTo("fraud");
        assertThat(fraud.get("at").asText()).isEqualTo(clock.now().toString());
        assertThat(fraud.get("since").asText()).isEqualTo(clock.now().minus(Duration.ofMinutes(30)).toString());
        assertThat(fraud.get("depth").asInt()).isEqualTo(2);
        assertThat(fraud.get("claimed").asInt()).isZero();
        // Waiting: e (30 min) and f (10 min); nearest rank p50 is the 1st, p99 the 2nd.
        assertThat(fraud.get("ageP50Seconds").asDouble()).isEqualTo(600.0);
        assertThat(fraud.get("ageP99Seconds").asDouble()).isEqualTo(1800.0);
        assertThat(fraud.get("expired").asLong()).isEqualTo(1);
        assertThat(fraud.get("expiredInPeriod").asLong()).isEqualTo(1);
        assertThat(fraud.get("resolved").asLong()).isEqualTo(4);
        assertThat(fraud.get("resolvedInPeriod").asLong()).isEqualTo(4);
        assertThat(fraud.get("agreed").asLong()).isEqualTo(3);
        assertThat(fraud.get("agreedInPeriod").asLong()).isEqualTo(3);
        assertThat(fraud.get("agreementRate").asDouble()).isEqualTo(0.75);
        assertThat(fraud.get("cumulativeAgreementRate").asDouble()).isEqualTo(0.75);
        JsonNode chat = queues.get(1);
        assertThat(chat.get("queue").asText()).isEqualTo("<chat>");
        assertThat(chat.get("agreementRate").isNull()).as("nothing resolved: NaN is null").isTrue();
        assertThat(chat.get("expiredInPeriod").asLong()).isZero();
    }

    @Test
    void aFirstReadingHasNullPeriodFigures() throws Exception {
        ReviewMonitor monitor = ReviewMonitor.builder(store).queue("fraud").build();
        add("fraud", "a", Duration.ofHours(1));
        monitor.readNow();

        JsonNode fraud = new ObjectMapper().readTree(MonitoringReport.builder().review(monitor).build().toJson())
                .get("reviewQueues").get(0);

        assertThat(fraud.get("since").isNull()).isTrue();
        assertThat(fraud.get("expiredInPeriod").isNull()).isTrue();
        assertThat(fraud.get("resolvedInPeriod").isNull()).isTrue();
        assertThat(fraud.get("agreedInPeriod").isNull()).isTrue();
        assertThat(fraud.get("depth").asInt()).isEqualTo(1);
    }

    @Test
    void theHtmlReportHasAHumanReviewTableOnlyWhenGivenReadings() {
        String html = MonitoringReport.builder().clock(clock).review(monitor()).build().toHtml();

        assertThat(html).contains("<h2>Human review</h2>")
                .contains("<tr><td>fraud</td><td>fraud</td>")
                .contains("<td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">600</td>"
                        + "<td class=\"num\">1800</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">4</td><td class=\"num\">75.0%</td><td class=\"num\">4</td>"
                        + "<td class=\"num\">75.0%</td></tr>")
                .contains("<tr><td>&lt;chat&gt;</td>").doesNotContain("<chat>");
        assertThat(MonitoringReport.builder().build().toHtml()).doesNotContain("Human review");
        ReviewMonitor fresh = ReviewMonitor.builder(store).queue("other").build();
        fresh.readNow();
        assertThat(MonitoringReport.builder().review(fresh).build().toHtml())
                .contains("<td class=\"num\">-</td><td class=\"num\">0</td><td class=\"num\">-</td>"
                        + "<td class=\"num\">n/a</td>");
    }
}
