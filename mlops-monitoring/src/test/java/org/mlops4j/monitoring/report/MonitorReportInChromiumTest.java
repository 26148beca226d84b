package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.AlertEvaluator;
import org.mlops4j.monitoring.alert.AlertRule;
import org.mlops4j.monitoring.alert.AlertSinks;
import org.mlops4j.monitoring.alert.InMemoryAlertSink;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * A report built from a real {@link ModelMonitor} fed like the lifecycle example (a reference profile, four clean
 * windows, four where {@code amount}, {@code country} and {@code new_customer} drift and {@code age} goes missing,
 * labels for every prediction), rendered by headless Chromium. The rendered DOM must show the drifted features with
 * their test and p-value, the missing-input, non-null-output and accuracy charts, and no text outside its chart.
 * The page and its screenshot are kept under {@code target/report-chromium/}.
 */
class MonitorReportInChromiumTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"), Feature.numeric("age"),
            Feature.numeric("hour"), Feature.categorical("country", Set.of("DE", "FR", "US", "GB")),
            Feature.categorical("channel", Set.of("web", "app", "pos")), Feature.bool("new_customer"));
    private static final Set<String> DRIFTED = Set.of("amount", "country", "new_customer");
    private static final ModelRef MODEL = new ModelRef("fraud", 1);
    private static final Path OUT = Path.of("target", "report-chromium");

    /**
     * Measures every chart text after layout (getBBox in the SVG's own units) and writes what is out of place into
     * {@code <pre id="measure">}: text outside its SVG, a y-axis label reaching into the plot, x-axis labels that
     * overlap. Only in this test's copy of the page: the report itself has no script.
     */
    private static final String MEASURE = """
            <script>
            (function () {
              var bad = [], texts = 0;
              document.querySelectorAll('svg').forEach(function (svg) {
                var w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
                var name = svg.getAttribute('aria-label');
                var axis = svg.querySelector('line');
                var axisX = axis ? parseFloat(axis.getAttribute('x1')) : 0;
                var xticks = [];
                svg.querySelectorAll('text').forEach(function (t) {
                  texts++;
                  var b = t.getBBox();
                  var where = name + ': "' + t.textContent + '" at x ' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1)
                      + ', y ' + b.y.toFixed(1) + '..' + (b.y + b.height).toFixed(1) + ' in ' + w + 'x' + h;
                  if (b.width <= 0 || b.x < 0 || b.y < 0 || b.x + b.width > w || b.y + b.height > h) {
                    bad.push('outside: ' + where);
                  }
                  if (t.classList.contains('ytick') && b.x + b.width > axisX) {
                    bad.push('into the plot: ' + where);
                  }
                  if (t.classList.contains('xtick')) {
                    xticks.push({b: b, where: where});
                  }
                });
                xticks.sort(function (p, q) { return p.b.x - q.b.x; });
                for (var i = 1; i < xticks.length; i++) {
                  if (xticks[i - 1].b.x + xticks[i - 1].b.width > xticks[i].b.x) {
                    bad.push('overlap: ' + xticks[i - 1].where + ' / ' + xticks[i].where);
                  }
                }
              });
              var pre = document.createElement('pre');
              pre.id = 'measure';
              pre.textContent = 'texts=' + texts + '\\n' + bad.join('\\n');
              document.body.appendChild(pre);
            })();
            </script>
            """;

    private static MonitoringReport report;
    private static ModelMonitor<String> monitor;
    /** Made afresh for each run of the class: a second run in one JVM (PIT's) starts where the first did. */
    private static ManualClock clock;

    @BeforeAll
    static void feedTheMonitor() {
        clock = new ManualClock(Instant.parse("2025-11-03T09:00:00Z"));
        SplittableRandom rnd = new SplittableRandom(42);
        List<Map<String, Object>> reference = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            reference.add(row(rnd, false));
        }
        InMemoryAlertSink alerts = AlertSinks.inMemory();
        monitor = ModelMonitor.builder(OutputReader.classifier((String s) -> s))
                .reference(ReferenceProfile.of(SCHEMA, reference)).windowSize(1_000).clock(clock)
                .alerts(AlertEvaluator.of(clock, List.of(AlertRule.datasetDriftShareAbove(0.3).withHoldFor(2),
                        AlertRule.accuracyBelow(0.8), AlertRule.missingInputFraction(0.1)), List.of(alerts)))
                .sameThreadAnalysis().build();
        for (int i = 0; i < 8_000; i++) {
            boolean drifted = i >= 4_000;
            Map<String, Object> input = row(rnd, drifted);
            if (rnd.nextDouble() < (drifted ? 0.12 : 0.02)) {
                input.remove("age");
            }
            String answer = rnd.nextDouble() < (drifted ? 0.06 : 0.01) ? ""
                    : (Double) input.get("amount") > 120 ? "fraud" : "legit";
            clock.advance(Duration.ofMillis(60));
            PredictionEvent<Map<String, Object>, String> event = PredictionEvent.success("p" + i, clock.now(),
                    "fraud-api", "champion", MODEL, input, answer, 0.9, 2_000_000 + rnd.nextInt(6_000_000));
            monitor.onPrediction(event);
            String right = answer.isEmpty() ? "legit" : answer;
            String truth = rnd.nextDouble() < (drifted ? 0.70 : 0.95) ? right : right.equals("fraud") ? "legit" : "fraud";
            monitor.onFeedback(new FeedbackEvent<>(event, GroundTruth.label(truth), clock.now()));
        }
        monitor.flush();
        report = MonitoringReport.builder().title("fraud-api, drifted traffic").clock(clock).monitor(monitor)
                .alerts(alerts.alerts()).build();
    }

    private static Map<String, Object> row(SplittableRandom rnd, boolean drifted) {
        Map<String, Object> r = new HashMap<>();
        r.put("amount", (drifted ? 90 : 50) + (drifted ? 40 : 30) * Math.abs(gaussian(rnd)));
        r.put("age", 20 + rnd.nextInt(60) + 0.0);
        r.put("hour", rnd.nextInt(24) + 0.0);
        double u = rnd.nextDouble();
        r.put("country", drifted ? (u < 0.15 ? "DE" : u < 0.3 ? "FR" : u < 0.6 ? "US" : "GB")
                : (u < 0.4 ? "DE" : u < 0.7 ? "FR" : u < 0.9 ? "US" : "GB"));
        r.put("channel", new String[] {"web", "app", "pos"}[rnd.nextInt(3)]);
        r.put("new_customer", rnd.nextDouble() < (drifted ? 0.4 : 0.1));
        return r;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void reportFromTheMonitorCarriesItsDriftChecksAndFeedback() throws Exception {
        assertThat(monitor.recentWindows()).hasSize(8);
        assertThat(report.driftChecks()).hasSize(1);
        DriftCheck check = report.driftChecks().get(0);
        assertThat(check.title()).startsWith("fraud-api / champion / fraud/1, window 8 (1,000 predictions), closed "
                + "2025-11-03 09:08:00.000 UTC");
        DatasetDriftReport drift = check.drift().orElseThrow();
        assertThat(drift.driftedFeatures()).containsExactlyInAnyOrderElementsOf(DRIFTED);
        assertThat(check.distributions()).extracting(FeatureDistribution::feature)
                .containsExactlyInAnyOrderElementsOf(DRIFTED);
        assertThat(report.feedbackWindows()).hasSize(8);
        assertThat(report.feedbackWindows().get(0).accuracy()).isBetween(0.91, 0.97);
        assertThat(report.feedbackWindows().get(7).accuracy()).isBetween(0.6, 0.72);

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        JsonNode features = json.get("driftChecks").get(0).get("drift").get("features");
        for (int i = 0; i < drift.features().size(); i++) {
            FeatureDrift f = drift.features().get(i);
            assertThat(features.get(i).get("feature").asText()).isEqualTo(f.feature());
            assertThat(features.get(i).get("test").asText()).isEqualTo(f.result().orElseThrow().method());
        }
        WindowMetrics last = monitor.recentWindows().get(7);
        assertThat(json.get("windows").get(7).get("inputDrift").get("verdict").asText())
                .isEqualTo(last.inputDrift().orElseThrow().verdict().name());
        assertThat(json.get("feedbackWindows").get(7).get("accuracy").asDouble())
                .isEqualTo(report.feedbackWindows().get(7).accuracy());
    }

    @Test
    void chromiumShowsTheDriftTheChartsAndNoClippedLabel(@TempDir Path work) throws Exception {
        Chromium chromium = Chromium.orSkip(work);
        Files.createDirectories(OUT);
        Path html = OUT.resolve("monitor-report.html");
        report.writeHtml(html);
        Path measured = OUT.resolve("monitor-report-measured.html");
        Files.writeString(measured, report.toHtml().replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);

        String dom = chromium.dumpDom(measured);

        DatasetDriftReport drift = report.driftChecks().get(0).drift().orElseThrow();
        for (FeatureDrift f : drift.features()) {
            String row = MonitoringReportTest.row(dom, f.feature());
            assertThat(row).contains("<td>" + f.result().orElseThrow().method() + "</td>")
                    .contains("class=\"badge " + f.verdict().name() + "\"");
            if (f.verdict() == Verdict.DRIFT) {
                assertThat(DRIFTED).contains(f.feature());
                assertThat(row).contains(f.result().orElseThrow().hasPValue()
                        ? "<td class=\"num\">" + Numbers.format(f.result().orElseThrow().pValue()) + "</td>"
                        : "<td class=\"num\">distance</td>");
            }
        }
        assertThat(svg(dom, "Distribution of amount")).contains("<rect");
        assertThat(svg(dom, "Category shares of country")).contains("<rect");
        assertThat(svg(dom, "Category shares of new_customer")).contains("<rect");
        assertThat(dom).doesNotContain("aria-label=\"Distribution of age\"");

        String missing = svg(dom, "Missing input ratio per feature, fraud-api/champion (fraud/1)");
        assertThat(count(missing, "<circle")).isEqualTo(SCHEMA.features().size() * 8);
        assertThat(missing).contains(">age<", ">amount<", "time (UTC, 2025-11-03)");
        assertThat(missing).containsPattern("<title>age at 2025-11-03 09:08:00\\.000 UTC: 1[0-4]\\.\\d%</title>");
        String nonNull = svg(dom, "Non-null output ratio");
        assertThat(count(nonNull, "<circle")).isEqualTo(8);
        assertThat(nonNull).containsPattern("<title>fraud-api/champion \\(fraud/1\\) at 2025-11-03 09:01:00\\.000 UTC: "
                + "9[89]\\.\\d%</title>");
        String accuracy = svg(dom, "Accuracy per window of 1000 labelled predictions");
        assertThat(count(accuracy, "<circle")).isEqualTo(8);
        assertThat(xTicks(accuracy)).allMatch(t -> t.matches("\\d{2}:\\d{2}:\\d{2}"));

        Matcher m = Pattern.compile("<pre id=\"measure\">texts=(\\d+)\\n?(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("the measuring script ran").isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("chart texts measured").isGreaterThan(100);
        assertThat(m.group(2).strip()).as("chart texts out of place").isEmpty();

        Path png = OUT.resolve("monitor-report.png");
        chromium.screenshot(html, png, 1280, 2000);
        assertThat(Files.size(png)).isGreaterThan(50_000);
    }

    private static String svg(String dom, String label) {
        Matcher m = Pattern.compile("<svg[^>]*aria-label=\"" + Pattern.quote(label) + "\"[^>]*>.*?</svg>",
                Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("chart '%s' in the rendered page", label).isTrue();
        return m.group();
    }

    private static List<String> xTicks(String svg) {
        Matcher m = Pattern.compile("<text class=\"xtick\"[^>]*>([^<]*)</text>").matcher(svg);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        assertThat(out).hasSize(5);
        return out;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
