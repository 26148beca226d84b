package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.ManualClock;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.segment.SegmentFigures;
import org.mlops4j.monitoring.segment.SegmentWindow;

class SegmentsTableTest {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    private static SegmentWindow window(long number, double partnerDrift) {
        SegmentFigures web = new SegmentFigures("web", 950, 0.95, 0.01, Map.of("fraud", 0.2, "legit", 0.8), 19_000,
                0.0, List.of(), Optional.empty());
        SegmentFigures partner = new SegmentFigures("partner<b>", 50, 0.05, 0.0, Map.of("legit", 1.0), 1_000,
                partnerDrift, partnerDrift > 0 ? List.of(new DriftedFeature("x0", 0.61)) : List.of(), Optional.empty());
        SegmentFigures other = new SegmentFigures("other", 0, 0.0, Double.NaN, Map.of(), 0, Double.NaN, List.of(),
                Optional.empty());
        return new SegmentWindow("pay", "champion", "fraud/1", number, T, T.plusSeconds(60), 1_002, 2,
                List.of(web, partner, other));
    }

    private static MonitoringReport report() {
        return MonitoringReport.builder().clock(new ManualClock(T)).segments(List.of(window(1, 0.0), window(2, 0.2)))
                .build();
    }

    @Test
    void theHtmlTableShowsTheLatestWindowOfEachKey() {
        String html = report().toHtml();
        assertThat(html).contains("<h2>Segments</h2>");
        assertThat(html).contains("<td>pay / champion / fraud/1</td><td class=\"num\">2</td><td>web</td>"
                + "<td class=\"num\">950</td><td class=\"num\">95.0%</td><td class=\"num\">1.0%</td>"
                + "<td class=\"num\">0.0%</td><td></td><td>fraud 20.0%, legit 80.0%</td>");
        assertThat(html).contains("<tr class=\"verdict-DRIFT\"><td>pay / champion / fraud/1</td><td class=\"num\">2"
                + "</td><td>partner&lt;b&gt;</td><td class=\"num\">50</td><td class=\"num\">5.0%</td>"
                + "<td class=\"num\">0.0%</td><td class=\"num\">20.0%</td><td><span class=\"badge DRIFT\">x0</span>");
        assertThat(html).contains("<td>other</td><td class=\"num\">0</td><td class=\"num\">0.0%</td>"
                + "<td class=\"num\">n/a</td><td class=\"num\">n/a</td>");
        assertThat(html).doesNotContain("<td class=\"num\">1</td><td>web</td>");
        assertThat(html).contains("Predictions in no segment (the segment function threw): 2");
    }

    @Test
    void theJsonListsEverySegmentWithNullForUndecidedFigures() throws Exception {
        JsonNode root = new ObjectMapper().readTree(report().toJson());
        JsonNode segments = root.get("segments");
        assertThat(segments).hasSize(1);
        JsonNode w = segments.get(0);
        assertThat(w.get("window").asLong()).isEqualTo(2);
        assertThat(w.get("predictions").asLong()).isEqualTo(1_002);
        assertThat(w.get("unassigned").asLong()).isEqualTo(2);
        JsonNode partner = w.get("segments").get(1);
        assertThat(partner.get("segment").asText()).isEqualTo("partner<b>");
        assertThat(partner.get("share").asDouble()).isEqualTo(0.05);
        assertThat(partner.get("driftedShare").asDouble()).isEqualTo(0.2);
        assertThat(partner.get("driftedFeatures").get(0).asText()).isEqualTo("x0");
        assertThat(partner.get("predictionShares").get("legit").asDouble()).isEqualTo(1.0);
        JsonNode other = w.get("segments").get(2);
        assertThat(other.get("errorRatio").isNull()).isTrue();
        assertThat(other.get("driftedShare").isNull()).isTrue();
    }

    @Test
    void theLatestWindowWinsWhateverTheOrderAndATieTakesTheLastGiven() {
        SegmentWindow one = window(1, 0.0);
        SegmentWindow two = window(2, 0.2);
        assertThat(SegmentsTable.latest(List.of(two, one))).containsExactly(two);
        SegmentWindow twoAgain = window(2, 0.0);
        assertThat(SegmentsTable.latest(List.of(two, twoAgain))).singleElement().isSameAs(twoAgain);
        SegmentWindow elsewhere = new SegmentWindow("other-api", "v", "m/1", 1, T, T, 0, 0, List.of());
        assertThat(SegmentsTable.latest(List.of(one, elsewhere, two))).containsExactly(two, elsewhere);
        SegmentWindow clean = new SegmentWindow("pay", "champion", "fraud/1", 3, T, T, 5, 0, List.of(
                new SegmentFigures("web", 5, 1.0, 0.0, Map.of(), 1, 0.0, List.of(), Optional.empty())));
        String html = MonitoringReport.builder().clock(new ManualClock(T)).segments(List.of(clean)).build().toHtml();
        assertThat(html).contains("<h2>Segments</h2>").doesNotContain("Predictions in no segment")
                .doesNotContain("<tr class=\"verdict-DRIFT\">");
    }

    @Test
    void aReportWithoutSegmentsHasNoSectionAndAnEmptyArray() throws Exception {
        MonitoringReport r = MonitoringReport.builder().clock(new ManualClock(T)).build();
        assertThat(r.toHtml()).doesNotContain("Segments");
        assertThat(new ObjectMapper().readTree(r.toJson()).get("segments")).isEmpty();
        assertThat(r.segments()).isEmpty();
        assertThatThrownBy(() -> MonitoringReport.builder().segments(null)).hasMessage("segments");
    }

    @Test
    void segmentFiguresValidateTheirCounts() {
        assertThatThrownBy(() -> new SegmentFigures("a", -1, 0, 0, Map.of(), 0, 0, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("predictions must be >= 0 but was -1");
        assertThatThrownBy(() -> new SegmentFigures("a", 1, 0, 0, Map.of(), -2, 0, List.of(), Optional.empty()))
                .hasMessage("referenceRows must be >= 0 but was -2");
        assertThatThrownBy(() -> new SegmentWindow("e", "v", "m", 1, T, T, -1, 0, List.of()))
                .hasMessage("predictions must be >= 0 but was -1");
        assertThatThrownBy(() -> new SegmentWindow("e", "v", "m", 1, T, T, 3, 4, List.of()))
                .hasMessage("unassigned must be in [0, 3] but was 4");
        assertThatThrownBy(() -> new SegmentWindow("e", "v", "m", 1, T, T, 3, -1, List.of()))
                .hasMessage("unassigned must be in [0, 3] but was -1");
    }
}
