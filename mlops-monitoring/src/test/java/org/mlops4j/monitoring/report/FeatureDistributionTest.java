package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ReferenceProfile;

class FeatureDistributionTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("amount"));

    /** n - 1 values spread evenly over [0, scale) and one at outlier; below 200 rows the sketch is exact. */
    private static ReferenceProfile profile(int n, double scale, double outlier) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Map.of("amount", i == n - 1 ? outlier : scale * i / (n - 1)));
        }
        return ReferenceProfile.of(SCHEMA, rows);
    }

    @Test
    void aLongTailDoesNotSqueezeTheBulkIntoOneBin() {
        // 149 values in [0, 10), one at 10,000: equal-width bins over min..max put all but one in the first bin.
        FeatureDistribution d = FeatureDistribution.of(profile(150, 10, 10_000).feature("amount").orElseThrow(),
                profile(150, 20, 10_000).feature("amount").orElseThrow());
        assertThat(d.edges().get(d.edges().size() - 1)).isLessThan(100.0);
        assertThat(d.reference().stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isLessThan(0.2);
        assertThat(d.labels().get(d.labels().size() - 1)).endsWith(", inf)");
        assertThat(d.reference().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        double above10 = 0;
        for (int i = 0; i < d.labels().size(); i++) {
            above10 += d.edges().get(i) >= 10 ? d.current().get(i) : 0;
        }
        assertThat(above10).as("the current values spread over [0, 20) plus the tail").isCloseTo(0.5, within(0.06));
    }

    @Test
    void withoutTailsTheRangeIsTheDataAndTheLabelsAreClosed() {
        FeatureDistribution d = FeatureDistribution.of(profile(150, 10, 9.99).feature("amount").orElseThrow(),
                profile(150, 10, 9.99).feature("amount").orElseThrow());
        assertThat(d.labels().get(0)).startsWith("[0,");
        assertThat(d.labels().get(d.labels().size() - 1)).endsWith("]");
    }
}
