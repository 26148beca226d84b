package org.mlops4j.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricNameTest {

    @Test
    void aNameIsPublishedAndPrintedAsItsKey() {
        assertThat(MetricName.DRIFT_SHARE.key()).isEqualTo("mlops.drift.dataset.share");
        assertThat(MetricName.DRIFT_SHARE).hasToString("mlops.drift.dataset.share");
        assertThat(MetricName.OUT_OF_RANGE_RATIO).hasToString("mlops.input.out_of_range.ratio");
        for (MetricName m : MetricName.values()) {
            assertThat(MetricName.of(m.toString())).contains(m);
        }
    }

    @Test
    void lookupIsExactAndAnUnknownNameIsACustomMetricOfKindOther() {
        assertThat(MetricName.of("mlops.concept.drifts")).contains(MetricName.CONCEPT_DRIFTS);
        assertThat(MetricName.of("mlops.concept.drift")).contains(MetricName.CONCEPT_DRIFT);
        assertThat(MetricName.of("MLOPS.CONCEPT.DRIFT")).isEmpty();
        assertThat(MetricName.of("mlops_concept_drift")).as("the Prometheus spelling is not the key").isEmpty();
        assertThat(MetricName.of("")).isEmpty();
        assertThat(MetricName.kindOf("mlops.process.gc.count")).isEqualTo(SignalKind.SOFTWARE);
        assertThat(MetricName.kindOf("mlops.output.drift")).isEqualTo(SignalKind.DATA_DRIFT);
        assertThat(MetricName.kindOf("business.revenue")).isEqualTo(SignalKind.OTHER);
        assertThatThrownBy(() -> MetricName.of(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    }
}
