package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Extra contract for detectors that take error indicators: inputs outside [0, 1] are refused. */
abstract class BinaryDetectorContractTest extends ConceptDriftDetectorContractTest {

    @Test
    void rejectsValuesOutsideUnitIntervalNamingTheValue() {
        ConceptDriftDetector detector = create();
        assertThatThrownBy(() -> detector.update(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> detector.update(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
    }
}
