package org.mlops4j.monitoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.WindowReference;
import org.mlops4j.monitoring.reference.ReferenceKind;

class ReferenceLabelsTest {

    private static WindowReference ref(ReferenceKind kind, int slot, int merged, boolean warmUp) {
        return new WindowReference("pay", "main", "fraud/1", 3, Instant.EPOCH, kind, slot, merged, 100, warmUp);
    }

    @Test
    void aReportNamesEveryReferenceButTheUsualFixedOne() {
        assertThat(ReferenceLabels.of(null)).isEmpty();
        assertThat(ReferenceLabels.of(ref(ReferenceKind.FIXED, -1, 0, false))).isEmpty();
        assertThat(ReferenceLabels.of(ref(ReferenceKind.FIXED, 7, 0, true))).isEqualTo(", vs the fixed reference (warming up)");
        assertThat(ReferenceLabels.of(ref(ReferenceKind.SEASONAL, 96, 4, false))).isEqualTo(", vs slot 96 of the last 4 seasons");
        assertThat(ReferenceLabels.of(ref(ReferenceKind.ROLLING, -1, 24, false))).isEqualTo(", vs the last 24 windows");
        assertThat(ReferenceLabels.of(ref(ReferenceKind.NONE, 5, 0, true))).isEqualTo(", no reference yet (warming up)");
    }
}
