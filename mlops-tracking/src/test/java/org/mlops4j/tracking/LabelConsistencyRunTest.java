package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.monitoring.labels.LabelAgreement;
import org.mlops4j.monitoring.labels.LabelConflictReport;
import org.mlops4j.monitoring.labels.LabelConflicts;
import org.mlops4j.tracking.jdbc.JdbcStore;
import org.mlops4j.tracking.jdbc.JdbcTracker;

class LabelConsistencyRunTest {

    @TempDir
    Path dir;

    private static Map<String, Object> row(double x, String colour) {
        Map<String, Object> m = new HashMap<>();
        m.put("x", x);
        m.put("colour", colour);
        return m;
    }

    private static void logsAndReadsBack(Tracker tracker) throws IOException {
        List<Map<String, ?>> features = List.of(row(0, "red"), row(0, "red"), row(1, "red"), row(50, "blue"),
                row(100, "blue"));
        List<String> labels = List.of("cat", "dog", "cat", "dog", "dog");
        LabelConflictReport report = LabelConflicts.find(features, labels, 0.005);
        // Two labellers agree on items 0 and 3: p_o = 0.4, p_e = (2*3 + 3*2) / 25 = 0.48, kappa = -0.08 / 0.52.
        double kappa = LabelAgreement.cohenKappa(labels, List.of("cat", "cat", "dog", "dog", "cat"));
        Run run = tracker.startRun("labels", RunConfig.ofDefaults().recordSource(false));
        LabelConsistencyRun.log(run, report, Map.of("cohen_kappa", kappa));
        String id = run.id();

        assertThat(tracker.metricHistory(id, "labels.rows").get(0).value()).isEqualTo(5.0);
        assertThat(tracker.metricHistory(id, "labels.identical_groups").get(0).value()).isEqualTo(1.0);
        assertThat(tracker.metricHistory(id, "labels.near_groups").get(0).value()).isEqualTo(1.0);
        assertThat(tracker.metricHistory(id, "labels.conflicting_rows").get(0).value()).isEqualTo(3.0);
        assertThat(tracker.metricHistory(id, "labels.conflicting_share").get(0).value()).isEqualTo(0.6);
        assertThat(tracker.metricHistory(id, "labels.agreement.cohen_kappa").get(0).value())
                .isCloseTo(-0.08 / 0.52, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(tracker.run(id).orElseThrow().params()).containsEntry("labels.near_threshold", "0.005");
        assertThat(tracker.listArtifacts(id)).contains(LabelConsistencyRun.ARTIFACT);
        try (InputStream in = tracker.openArtifact(id, LabelConsistencyRun.ARTIFACT)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"kind\":\"identical\",\"rows\":[0,1],\"labels\":[\"cat\",\"dog\"]}\n"
                    + "{\"kind\":\"near\",\"rows\":[0,1,2],\"labels\":[\"cat\",\"dog\",\"cat\"]}\n");
        }
    }

    @Test
    void inMemoryTracker() throws IOException {
        logsAndReadsBack(new InMemoryTracker(Clock.system(), dir.resolve("artifacts")));
    }

    @Test
    void sqliteStore() throws IOException {
        try (JdbcTracker tracker = new JdbcTracker(JdbcStore.sqlite(dir.resolve("mlops.db")), dir.resolve("artifacts"),
                Clock.system())) {
            logsAndReadsBack(tracker);
        }
    }

    @Test
    void badAgreementIsRefusedNamingIt() {
        InMemoryTracker tracker = new InMemoryTracker(Clock.system(), dir.resolve("artifacts"));
        Run run = tracker.startRun("labels", RunConfig.ofDefaults().recordSource(false));
        LabelConflictReport report = LabelConflicts.find(List.of(row(0, "a"), row(1, "a")), List.of("x", "y"));
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put("fleiss_kappa", null);
        assertThatThrownBy(() -> LabelConsistencyRun.log(run, report, nullValue))
                .hasMessageContaining("agreement 'fleiss_kappa' must have a value but was null");
        assertThatThrownBy(() -> LabelConsistencyRun.log(run, report, Map.of(" ", 0.5)))
                .hasMessageContaining("agreement name must not be blank but was ' '");
    }
}
