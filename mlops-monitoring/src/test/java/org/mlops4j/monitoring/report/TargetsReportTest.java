package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.monitoring.scoping.Target;
import org.mlops4j.monitoring.scoping.TargetCheck;

class TargetsReportTest {

    private static final Instant T0 = Instant.parse("2025-08-01T00:00:00Z");

    private static MonitoringReport report() {
        return MonitoringReport.builder().clock(new ManualClock(T0)).targets(List.of(
                TargetCheck.of(Target.accuracyAtLeast(0.78).withAtRiskMargin(0.02), 0.79, T0, "fraud/champion <v1>"),
                TargetCheck.of(Target.latencyP99AtMost(Duration.ofMillis(5)), 0.007, T0.plusSeconds(60), "w 2"),
                TargetCheck.unknown(Target.throughputAtLeast(500)))).build();
    }

    @Test
    void htmlShowsEveryTargetFirst() {
        String html = report().toHtml();
        assertThat(html.indexOf("<h2>Scoping targets</h2>")).isPositive().isLessThan(html.indexOf("<h2>Input drift"));
        assertThat(html).contains("<tr class=\"target-AT_RISK\"><td>accuracy</td><td>mlops.performance.accuracy</td>"
                + "<td>accuracy &gt;= 0.78 (at risk below 0.8)</td><td class=\"num\">0.79</td><td><span class=\"badge "
                + "AT_RISK\">at risk</span></td><td class=\"time\">2025-08-01 00:00:00.000</td><td>fraud/champion "
                + "&lt;v1&gt;</td></tr>");
        assertThat(html).contains("<tr class=\"target-MISSED\"><td>latency_p99</td>",
                "<span class=\"badge MISSED\">missed</span>");
        assertThat(html).contains("<tr class=\"target-UNKNOWN\"><td>throughput</td><td>mlops.prediction.throughput</td>"
                + "<td>throughput &gt;= 500</td><td class=\"num\">n/a</td>");
        assertThat(MonitoringReport.builder().build().toHtml()).doesNotContain("Scoping targets");
    }

    @Test
    void jsonCarriesTheSameChecks() throws Exception {
        JsonNode targets = new ObjectMapper().readTree(report().toJson()).get("targets");
        assertThat(targets).hasSize(3);
        assertThat(targets.get(0).get("name").asText()).isEqualTo("accuracy");
        assertThat(targets.get(0).get("metric").asText()).isEqualTo("mlops.performance.accuracy");
        assertThat(targets.get(0).get("direction").asText()).isEqualTo("AT_LEAST");
        assertThat(targets.get(0).get("threshold").asDouble()).isEqualTo(0.78);
        assertThat(targets.get(0).get("atRiskMargin").asDouble()).isEqualTo(0.02);
        assertThat(targets.get(0).get("value").asDouble()).isEqualTo(0.79);
        assertThat(targets.get(0).get("status").asText()).isEqualTo("AT_RISK");
        assertThat(targets.get(0).get("measuredAt").asText()).isEqualTo("2025-08-01T00:00:00Z");
        assertThat(targets.get(1).get("status").asText()).isEqualTo("MISSED");
        assertThat(targets.get(2).get("value").isNull()).isTrue();
        assertThat(targets.get(2).get("measuredAt").isNull()).isTrue();
        assertThat(targets.get(2).get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(new ObjectMapper().readTree(MonitoringReport.builder().build().toJson()).get("targets")).isEmpty();
    }
}
