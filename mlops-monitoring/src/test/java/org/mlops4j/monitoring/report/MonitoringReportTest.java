package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.WindowMetrics;
import org.mlops4j.monitoring.alert.Alert;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.alert.Severity;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;

class MonitoringReportTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("age"), Feature.numeric("income"),
            Feature.anyCategory("<script>"));
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    private static List<Map<String, Object>> rows(long seed, int n, double incomeShift, boolean shiftCategory) {
        Random rnd = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("age", 40 + 10 * rnd.nextGaussian());
            row.put("income", 50 + incomeShift + 8 * rnd.nextGaussian());
            double u = rnd.nextDouble();
            row.put("<script>", shiftCategory ? (u < 0.7 ? "<script>" : "b") : (u < 0.3 ? "<script>" : u < 0.7 ? "b" : "c"));
            rows.add(row);
        }
        return rows;
    }

    private static MonitoringReport sample() {
        List<Map<String, Object>> ref = rows(1, 800, 0, false);
        List<Map<String, Object>> cur = rows(2, 800, 15, true);
        DatasetDriftReport drift = DatasetDriftDetector.builder(SCHEMA).build().detect(ref, cur);
        List<WindowMetrics> windows = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            windows.add(new WindowMetrics("score", "main", "m-1", w, T0.plusSeconds(60L * (w - 1)),
                    T0.plusSeconds(60L * w), 1000, 0.01 * w, 0.001 * w, 0.0, 0.010, 0.020, 0.030 + 0.005 * w, 16.7,
                    Map.of("age", 0.0), Map.of(), Map.of(), 0, 0.002 * w, 0.1, 0.55, 0.8, Map.of("yes", 0.5),
                    Map.of(), w == 5 ? Optional.of(new org.mlops4j.monitoring.drift.DriftResult("z", 4.2, 2.7e-5, 0.05,
                            true)) : Optional.empty(), List.of(), 0.0));
        }
        Alert alert = new Alert(Alert.Kind.FIRED, "error-rate <b>", Severity.CRITICAL, "mlops.prediction.error.ratio",
                0.05, 0.02, "5", "score", "m-1", List.of(new DriftedFeature("income", 0.4)), T0.plusSeconds(300),
                org.mlops4j.core.signal.SignalKind.SOFTWARE);
        return MonitoringReport.builder()
                .title("Score & <risk> report")
                .clock(new org.mlops4j.core.ManualClock(T0))
                .drift(drift)
                .profiles(ReferenceProfile.of(SCHEMA, ref), ReferenceProfile.of(SCHEMA, cur))
                .windows(windows)
                .alerts(List.of(alert))
                .build();
    }

    @Test
    void htmlIsSelfContained() {
        String html = sample().toHtml();
        assertThat(html).contains("<th>Timeouts</th>", "<td>drift (z)</td>");
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("src=").doesNotContain("href=").doesNotContain("<script").doesNotContain("<link")
                .doesNotContain("@import").doesNotContain("url(").contains("<style>");
    }

    @Test
    void htmlHasOneChartPerFeatureAndTheDriftVerdicts() {
        MonitoringReport report = sample();
        String html = report.toHtml();
        assertThat(count(html, "<svg class=\"dist\"")).isEqualTo(SCHEMA.features().size());
        // error ratio, latency, non-null output, drifted share, missing input of the one key
        assertThat(count(html, "<svg class=\"timeseries\"")).isEqualTo(5);
        assertThat(report.drift().orElseThrow().driftedFeatures()).containsExactlyInAnyOrder("income", "<script>");
        assertThat(row(html, "age")).contains("class=\"badge NO_DRIFT\"");
        assertThat(row(html, "income")).contains("class=\"badge DRIFT\"");
        assertThat(row(html, "&lt;script&gt;")).contains("class=\"badge DRIFT\"");
        assertThat(count(html, "<tr class=\"verdict-")).isEqualTo(3);
    }

    @Test
    void textIsEscaped() {
        String html = sample().toHtml();
        assertThat(html).contains("Score &amp; &lt;risk&gt; report").contains("&lt;script&gt;")
                .contains("error-rate &lt;b&gt;").doesNotContain("<script>").doesNotContain("<b>")
                .doesNotContain("<risk>");
    }

    @Test
    void jsonHoldsTheSameNumbers() throws IOException {
        MonitoringReport report = sample();
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("title").asText()).isEqualTo("Score & <risk> report");
        assertThat(json.get("generatedAt").asText()).isEqualTo(T0.toString());
        DatasetDriftReport drift = report.drift().orElseThrow();
        assertThat(json.get("driftChecks")).hasSize(1);
        JsonNode features = json.get("driftChecks").get(0).get("drift").get("features");
        assertThat(features).hasSize(3);
        for (int i = 0; i < 3; i++) {
            var f = drift.features().get(i);
            assertThat(features.get(i).get("feature").asText()).isEqualTo(f.feature());
            assertThat(features.get(i).get("verdict").asText()).isEqualTo(f.verdict().name());
            assertThat(features.get(i).get("statistic").asDouble()).isEqualTo(f.result().orElseThrow().statistic());
            assertThat(features.get(i).get("pValue").asDouble()).isEqualTo(f.result().orElseThrow().pValue());
        }
        JsonNode dists = json.get("driftChecks").get(0).get("distributions");
        assertThat(dists).hasSize(3);
        FeatureDistribution income = report.distributions().get(1);
        assertThat(dists.get(1).get("kind").asText()).isEqualTo("numeric");
        assertThat(dists.get(1).get("reference")).hasSize(FeatureDistribution.NUMERIC_BINS);
        assertThat(dists.get(1).get("current").get(5).asDouble()).isEqualTo(income.current().get(5));
        assertThat(dists.get(2).get("kind").asText()).isEqualTo("categorical");
        assertThat(json.get("windows")).hasSize(6);
        assertThat(json.get("windows").get(5).get("latencyP99Seconds").asDouble()).isEqualTo(0.055);
        assertThat(json.get("windows").get(5).get("timeoutRatio").asDouble()).isEqualTo(0.005);
        assertThat(json.get("windows").get(5).get("predictionDrift").get("drifted").asBoolean()).isTrue();
        assertThat(json.get("windows").get(4).has("predictionDrift")).isFalse();
        assertThat(json.get("alerts").get(0).get("value").asDouble()).isEqualTo(0.05);
        assertThat(json.get("alerts").get(0).get("topDriftedFeatures").get(0).get("feature").asText()).isEqualTo("income");
    }

    @Test
    void distributionsSumToOneAndShowTheShift() {
        MonitoringReport report = sample();
        for (FeatureDistribution d : report.distributions()) {
            assertThat(d.reference().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(d.current().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        }
        FeatureDistribution income = report.distributions().get(1);
        assertThat(mean(income)[1] - mean(income)[0]).isBetween(12.0, 18.0);
        FeatureDistribution cat = report.distributions().get(2);
        assertThat(cat.labels()).containsExactlyInAnyOrder("<script>", "b", "c");
        assertThat(cat.current().get(cat.labels().indexOf("<script>"))).isCloseTo(0.7, within(0.06));
    }

    @Test
    void fromCsvFlagsExactlyTheShiftedColumn(@TempDir Path dir) throws IOException {
        Path ref = dir.resolve("reference.csv");
        Path cur = dir.resolve("current.csv");
        Files.writeString(ref, csv(1, 0));
        Files.writeString(cur, csv(2, 20));
        Schema schema = Schema.of(Feature.numeric("a"), Feature.numeric("b"), Feature.anyCategory("city").optional());
        MonitoringReport report = MonitoringReport.fromCsv(ref, cur, schema);
        DatasetDriftReport drift = report.drift().orElseThrow();
        assertThat(drift.driftedFeatures()).containsExactly("b");
        assertThat(drift.features().get(2).verdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(report.distributions().get(2).labels()).contains("New York, NY", "say \"hi\"");
        Path html = dir.resolve("r.html");
        Path json = dir.resolve("r.json");
        report.writeHtml(html);
        report.writeJson(json);
        assertThat(Files.readString(html)).contains("say &quot;hi&quot;");
        assertThat(new ObjectMapper().readTree(json.toFile()).get("driftChecks").get(0).get("drift").get("features"))
                .hasSize(3);
    }

    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.orSkip(dir);
        Path html = dir.resolve("report.html");
        Path png = dir.resolve("report.png");
        sample().writeHtml(html);
        chromium.screenshot(html, png, 1280, 2000);
        assertThat(Files.size(png)).isGreaterThan(20_000);
        String dom = chromium.dumpDom(html);
        assertThat(count(dom, "<svg class=\"dist\"")).isEqualTo(SCHEMA.features().size());
        assertThat(dom).contains("Score &amp; &lt;risk&gt; report").doesNotContain("<script>");
        String keep = System.getProperty("mlops4j.report.out");
        if (keep != null) {
            // Lets a developer open the rendering: -Dmlops4j.report.out=/some/dir
            Files.createDirectories(Path.of(keep));
            Files.copy(html, Path.of(keep, "report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(png, Path.of(keep, "report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String csv(long seed, double shift) {
        Random rnd = new Random(seed);
        StringBuilder b = new StringBuilder("a,b,city\r\n");
        String[] cities = {"\"New York, NY\"", "Paris", "\"say \"\"hi\"\"\"", ""};
        for (int i = 0; i < 600; i++) {
            b.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", 10 + 2 * rnd.nextGaussian(),
                    100 + shift + 5 * rnd.nextGaussian(), cities[rnd.nextInt(cities.length)]));
        }
        return b.toString();
    }

    private static double[] mean(FeatureDistribution d) {
        double[] m = new double[2];
        for (int i = 0; i < d.labels().size(); i++) {
            double mid = (d.edges().get(i) + d.edges().get(i + 1)) / 2;
            m[0] += mid * d.reference().get(i);
            m[1] += mid * d.current().get(i);
        }
        return m;
    }

    /** The drift table's row of a feature, in a report's HTML or a browser's DOM of it. */
    static String row(String html, String feature) {
        Matcher m = Pattern.compile("<tr class=\"verdict-[A-Z_]+\"><td>" + Pattern.quote(feature) + "</td>.*?</tr>")
                .matcher(html);
        assertThat(m.find()).as("drift row of %s", feature).isTrue();
        return m.group();
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
