package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.profile.FeatureProfile;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowConfig;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.tribuo.TribuoExamples;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

class TribuoRowsFromDatasetTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("age"), Feature.anyCategory("city"),
            Feature.bool("member"));

    @Test
    void profileFromDatasetEqualsProfileOfTheRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        String[] cities = {"paris", "lyon", "nice"};
        for (int i = 0; i < 40; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("age", 20.0 + i % 7);
            row.put("city", cities[i % 3]);
            row.put("member", i % 4 == 0);
            rows.add(row);
            labels.add(new Label(i % 2 == 0 ? "yes" : "no"));
        }
        MutableDataset<Label> dataset = TribuoExamples.dataset(rows, labels, new LabelFactory(), "test rows");

        ReferenceProfile fromDataset = TribuoRows.referenceProfile(dataset, SCHEMA);
        ReferenceProfile fromRows = ReferenceProfile.of(SCHEMA, rows);

        assertThat(fromDataset.rows()).isEqualTo(40);
        for (String name : List.of("age", "city", "member")) {
            FeatureProfile a = fromDataset.feature(name).orElseThrow();
            FeatureProfile b = fromRows.feature(name).orElseThrow();
            assertThat(a.count()).as(name).isEqualTo(b.count());
            assertThat(a.valid()).as(name).isEqualTo(b.valid());
            assertThat(a.missing()).as(name).isEqualTo(b.missing());
        }
        FeatureProfile age = fromDataset.feature("age").orElseThrow();
        assertThat(age.mean()).isEqualTo(fromRows.feature("age").orElseThrow().mean());
        assertThat(age.min()).isEqualTo(20.0);
        assertThat(age.max()).isEqualTo(26.0);
        assertThat(fromDataset.feature("city").orElseThrow().categoryCounts())
                .isEqualTo(fromRows.feature("city").orElseThrow().categoryCounts());
        assertThat(fromDataset.feature("member").orElseThrow().categoryCounts())
                .isEqualTo(fromRows.feature("member").orElseThrow().categoryCounts());
    }

    @Test
    void absentFeaturesDecodeBySparseSemantics() {
        Map<String, Object> row = new HashMap<>();
        row.put("city", "paris");
        MutableDataset<Label> dataset = TribuoExamples.dataset(List.of(row, Map.of("age", 3.0)),
                List.of(new Label("a"), new Label("b")), new LabelFactory(), "sparse");

        List<Map<String, Object>> decoded = TribuoRows.rows(dataset, SCHEMA);

        assertThat(decoded.get(0)).containsEntry("age", 0.0).containsEntry("city", "paris").containsEntry("member", false);
        assertThat(decoded.get(1)).containsEntry("age", 3.0).containsEntry("city", null);
        SampledProfile sampled = TribuoRows.sampledProfile(dataset, SCHEMA, WindowConfig.ofDefaults());
        assertThat(sampled.exact()).isTrue();
        assertThat(sampled.categoricalSample("city").orElseThrow()).containsExactly("paris");
        assertThat(sampled.numericSample("age").orElseThrow()).containsExactly(0.0, 3.0);
    }
}
