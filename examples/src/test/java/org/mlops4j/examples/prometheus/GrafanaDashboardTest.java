package org.mlops4j.examples.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the shipped Grafana dashboard's model without Grafana (which cannot be installed here):
 * its variables, that every panel reads the chosen Prometheus, filters the mlops4j series by job and
 * endpoint, and covers every series the alerting rules watch. {@link PrometheusEndToEndTest} runs
 * its queries against a real Prometheus.
 */
class GrafanaDashboardTest {

    private static final Pattern MLOPS_SERIES = Pattern.compile("\\bmlops_[a-z0-9_]+");
    private static GrafanaDashboard dashboard;

    @BeforeAll
    static void read() throws Exception {
        dashboard = GrafanaDashboard.read(DeployFiles.dashboard());
    }

    private static Set<String> names(String text, Pattern pattern) {
        Set<String> out = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<JsonNode> dataPanels() {
        return dashboard.panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
    }

    @Test
    void thePrometheusDatasourceJobAndEndpointAreVariables() {
        Map<String, JsonNode> variables = dashboard.variables();
        assertThat(variables).containsOnlyKeys("datasource", "job", "endpoint");
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
        assertThat(GrafanaDashboard.asPromQl(dashboard.variableQuery("job")))
                .isEqualTo("group by (job) (mlops_prediction_count)");
        assertThat(GrafanaDashboard.asPromQl(dashboard.variableQuery("endpoint")))
                .isEqualTo("group by (endpoint) (mlops_prediction_count{job=~\"$job\"})");
        for (String name : List.of("job", "endpoint")) {
            JsonNode v = variables.get(name);
            assertThat(v.path("datasource").path("uid").asText()).as(name).isEqualTo("${datasource}");
            assertThat(v.path("multi").asBoolean()).as(name).isTrue();
            assertThat(v.path("allValue").asText()).as(name).isEqualTo(".*");
        }
    }

    @Test
    void everyPanelAndQueryReadsTheChosenPrometheus() {
        assertThat(dataPanels()).hasSizeGreaterThanOrEqualTo(14);
        for (JsonNode p : dataPanels()) {
            String title = p.path("title").asText();
            assertThat(p.path("datasource").path("type").asText()).as(title).isEqualTo("prometheus");
            assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(p.path("description").asText()).as(title).isNotBlank();
            assertThat(p.path("targets")).as(title).isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(t.path("expr").asText()).as(title).isNotBlank();
            }
        }
    }

    @Test
    void panelsHaveDistinctIdsAndDoNotOverlapOnTheGrid() {
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : dashboard.panels()) {
            String title = p.path("title").asText();
            assertThat(ids.add(p.path("id").asInt())).as("id of %s is unique", title).isTrue();
            JsonNode g = p.path("gridPos");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[2]).as(title).isPositive();
            assertThat(box[3]).as(title).isPositive();
            assertThat(box[0] + box[2]).as("%s fits the 24 columns", title).isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
                        || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                assertThat(apart).as("%s overlaps a panel before it", title).isTrue();
            }
            boxes.add(box);
        }
    }

    @Test
    void everyMlopsSelectorFiltersByJobAndEndpoint() {
        Pattern selector = Pattern.compile("\\b(mlops_[a-z0-9_]+)(\\{[^}]*})?");
        for (GrafanaDashboard.Query q : dashboard.queries()) {
            Matcher m = selector.matcher(q.expr());
            while (m.find()) {
                assertThat(m.group(2)).as("%s of %s in %s", m.group(1), q.panel(), q.expr())
                        .isNotNull().contains("job=~\"$job\"").contains("endpoint=~\"$endpoint\"");
            }
        }
    }

    @Test
    void everyVariableAQueryUsesIsDefinedOrGrafanas() {
        Set<String> known = new HashSet<>(dashboard.variables().keySet());
        known.addAll(Set.of("__rate_interval", "__range"));
        for (GrafanaDashboard.Query q : dashboard.queries()) {
            assertThat(GrafanaDashboard.variablesIn(q.expr())).as("%s: %s", q.panel(), q.expr()).isSubsetOf(known);
        }
    }

    @Test
    void theDashboardShowsEverySeriesTheAlertsWatchAndTheJvm() throws Exception {
        Set<String> shown = new TreeSet<>();
        StringBuilder all = new StringBuilder();
        for (GrafanaDashboard.Query q : dashboard.queries()) {
            shown.addAll(names(q.expr(), MLOPS_SERIES));
            all.append(q.expr()).append('\n');
        }
        Set<String> alerted = names(Files.readString(DeployFiles.alertRules()), MLOPS_SERIES);

        assertThat(alerted).hasSize(10);
        assertThat(shown).containsAll(alerted).contains("mlops_prediction_latency_p50_seconds",
                "mlops_prediction_throughput", "mlops_drift_feature_count", "mlops_rollout_candidate_share",
                "mlops_estimated_accuracy", "mlops_estimated_accuracy_lower", "mlops_realised_accuracy");
        assertThat(all).contains("jvm_memory_used_bytes", "jvm_memory_max_bytes", "process_cpu_usage",
                "system_cpu_usage", "ALERTS{alertname=~\"Mlops.*\"");
    }

    @Test
    void theEstimatedAccuracyPanelShowsTheEstimateItsBandAndTheRealisedAccuracy() {
        List<String> exprs = dashboard.queries().stream()
                .filter(q -> q.panel().equals("Estimated vs realised accuracy")).map(GrafanaDashboard.Query::expr).toList();
        String sel = "{job=~\"$job\",endpoint=~\"$endpoint\"})";
        assertThat(exprs).containsExactly("min by (endpoint, variant) (mlops_estimated_accuracy" + sel,
                "min by (endpoint, variant) (mlops_estimated_accuracy_lower" + sel,
                "min by (endpoint, variant) (mlops_estimated_accuracy_upper" + sel,
                "min by (endpoint, variant) (mlops_realised_accuracy" + sel);
    }

    @Test
    void substitutionReplacesEveryVariableAndRefusesAnUnknownOne() {
        assertThat(GrafanaDashboard.substitute("rate(x{job=~\"$job\",e=~\"${endpoint}\"}[$__rate_interval])",
                Map.of("job", "a", "endpoint", "b", "__rate_interval", "15s")))
                .isEqualTo("rate(x{job=~\"a\",e=~\"b\"}[15s])");
        assertThatThrownBy(() -> GrafanaDashboard.substitute("x{a=\"$nope\"}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variable nope has no value");
    }
}
