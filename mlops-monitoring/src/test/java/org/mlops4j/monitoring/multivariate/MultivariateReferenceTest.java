package org.mlops4j.monitoring.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/**
 * The encoding, PCA reconstruction, MMD and ROC AUC against {@code multivariate/reference.json}, written by
 * {@code multivariate/reference.py} (numpy and scipy) from the fixed inputs beside it
 * ({@code reference.csv}, {@code window.csv}, {@code scores.csv}). Tolerance 1e-9 (absolute) throughout:
 * the two sides sum in different orders and use different eigen solvers.
 */
class MultivariateReferenceTest {

    private static final double TOLERANCE = 1e-9;
    private static final Schema SCHEMA = Schema.of(Feature.numeric("a"), Feature.numeric("b").optional(),
            Feature.anyCategory("c"));
    private static JsonNode expected;
    private static List<Map<String, Object>> reference;
    private static List<Map<String, Object>> window;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MultivariateReferenceTest.class.getResourceAsStream("/multivariate/reference.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        reference = csv("/multivariate/reference.csv");
        window = csv("/multivariate/window.csv");
    }

    private static List<Map<String, Object>> csv(String resource) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                MultivariateReferenceTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            String[] header = r.readLine().split(",", -1);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] cells = line.split(",", -1);
                Map<String, Object> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    if (cells[i].isEmpty()) {
                        continue;
                    }
                    row.put(header[i], header[i].equals("c") ? cells[i] : (Object) Double.parseDouble(cells[i]));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static double[] doubles(String field) {
        JsonNode n = expected.get(field);
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static void close(double[] actual, double[] wanted, String what) {
        assertThat(actual).as(what).hasSize(wanted.length);
        for (int i = 0; i < wanted.length; i++) {
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(wanted[i], within(TOLERANCE));
        }
    }

    @Test
    void encodingStandardisesImputesAndOneHotsTheTopCategories() {
        assertThat(reference).hasSize(200);
        assertThat(window).hasSize(100);
        assertThat(reference.stream().filter(r -> !r.containsKey("b")).count()).as("missing b values").isPositive();
        FeatureEncoding encoding = FeatureEncoding.fit(SCHEMA, reference, 2);
        List<String> names = new ArrayList<>();
        expected.get("encoded_columns").forEach(n -> names.add(n.asText()));
        assertThat(encoding.names()).containsExactlyElementsOf(names);
        close(encoding.encode(window)[0], doubles("encoded_first_window_row"), "first window row");
        // A missing b is imputed with the reference mean: 0 once standardised.
        int missing = 0;
        while (window.get(missing).containsKey("b")) {
            missing++;
        }
        assertThat(encoding.encode(window)[missing][1]).isZero();
    }

    @Test
    void pcaReconstructionMatchesNumpy() {
        FeatureEncoding encoding = FeatureEncoding.fit(SCHEMA, reference, 2);
        PcaReconstruction pca = new PcaReconstruction(encoding.encode(reference), 0.65, 10, 3.0);
        close(pca.explainedRatio(), doubles("explained_ratio"), "explained ratio");
        assertThat(pca.components()).isEqualTo(expected.get("components").asInt()).isEqualTo(2);
        close(pca.chunkErrors(), doubles("chunk_errors"), "chunk errors");
        PcaDrift drift = pca.check(encoding.encode(window));
        assertThat(drift.error()).isCloseTo(expected.get("window_error").asDouble(), within(TOLERANCE));
        assertThat(drift.lower()).isCloseTo(expected.get("lower").asDouble(), within(TOLERANCE));
        assertThat(drift.upper()).isCloseTo(expected.get("upper").asDouble(), within(TOLERANCE));
        assertThat(drift.explainedVariance()).isCloseTo(doubles("explained_ratio")[0] + doubles("explained_ratio")[1],
                within(TOLERANCE));
        assertThat(drift.drifted()).isTrue();
    }

    @Test
    void mmdStatisticAndBandwidthMatchNumpy() {
        MultivariateDriftConfig config = MultivariateDriftConfig.builder().topCategories(2).build();
        MultivariateDrift drift = MultivariateDrift.fit(SCHEMA, reference, config);
        MmdDrift mmd = drift.check(window).mmd().orElseThrow();
        assertThat(mmd.bandwidth()).isCloseTo(expected.get("bandwidth").asDouble(), within(TOLERANCE));
        assertThat(drift.bandwidth()).contains(mmd.bandwidth());
        assertThat(mmd.mmd2()).isCloseTo(expected.get("mmd2").asDouble(), within(TOLERANCE));
        // No permutation of 100 reaches the observed statistic: the smallest p-value 100 permutations give.
        assertThat(mmd.pValue()).isEqualTo(1.0 / 101);
    }

    @Test
    void rocAucAndItsPValueMatchScipyOnFixedScoresWithTies() throws IOException {
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                MultivariateReferenceTest.class.getResourceAsStream("/multivariate/scores.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] cells = line.split(",");
                scores.add(Double.parseDouble(cells[0]));
                labels.add(Boolean.parseBoolean(cells[1]));
            }
        }
        double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] positive = new boolean[labels.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = labels.get(i);
        }
        assertThat(Set.copyOf(scores).size()).as("scores with ties").isLessThan(s.length);
        double auc = RocAuc.auc(s, positive);
        assertThat(auc).isCloseTo(expected.get("auc").asDouble(), within(1e-12));
        assertThat(RocAuc.pValue(auc, 30, 30)).isCloseTo(expected.get("auc_p_value").asDouble(), within(1e-12));
    }
}
