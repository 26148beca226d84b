package org.mlops4j.monitoring.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConceptDriftConfigTest {

    @Test
    void defaultsWatchRisingErrorsWithMoasCounting() {
        assertThat(DdmConfig.ofDefaults()).isEqualTo(new DdmConfig(28, 2.0, 3.0));
        assertThat(EddmConfig.ofDefaults()).isEqualTo(new EddmConfig(30, 0.95, 0.9, EddmConfig.Convention.MOA));
        assertThat(AdwinConfig.ofDefaults()).isEqualTo(new AdwinConfig(0.002, 32, 5, 5, 10, true));
        assertThat(PageHinkleyConfig.ofDefaults())
                .isEqualTo(new PageHinkleyConfig(30, 0.0125, 75, 0.9999, PageHinkleyConfig.Mode.UP));
        assertThat(HddmAConfig.ofDefaults()).isEqualTo(new HddmAConfig(0.001, 0.005, false));
    }

    @Test
    @SuppressWarnings("deprecation")
    void riverConfigurationsAreRiversParameters() {
        assertThat(DdmConfig.river()).isEqualTo(new DdmConfig(30, 2.0, 3.0));
        assertThat(EddmConfig.river()).isEqualTo(new EddmConfig(30, 0.95, 0.9, EddmConfig.Convention.RIVER))
                .isEqualTo(new EddmConfig(30, 0.95, 0.9));
        assertThat(AdwinConfig.river()).isEqualTo(new AdwinConfig(0.002, 32, 5, 5, 10, false))
                .isEqualTo(new AdwinConfig(0.002, 32, 5, 5, 10));
        assertThat(PageHinkleyConfig.river())
                .isEqualTo(new PageHinkleyConfig(30, 0.005, 50, 0.9999, PageHinkleyConfig.Mode.BOTH));
        assertThat(HddmAConfig.river()).isEqualTo(new HddmAConfig(0.001, 0.005, false));
    }

    @Test
    void invalidParametersAreRejectedWithArgumentAndValue() {
        assertThatThrownBy(() -> new DdmConfig(-1, 2, 3)).hasMessage("warmStart must be >= 0 but was -1");
        assertThatThrownBy(() -> new DdmConfig(30, 3, 2)).hasMessage("driftThreshold must be >= warningThreshold (3.0) but was 2.0");
        EddmConfig.Convention moa = EddmConfig.Convention.MOA;
        assertThatThrownBy(() -> new EddmConfig(30, 0.8, 0.9, moa)).hasMessage("alpha must be >= beta (0.9) but was 0.8");
        assertThatThrownBy(() -> new EddmConfig(30, 1.5, 0.9, moa)).hasMessage("alpha must be in (0, 1) but was 1.5");
        assertThatThrownBy(() -> new EddmConfig(30, 0.95, 0.9, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("convention");
        assertThatThrownBy(() -> new AdwinConfig(0, 32, 5, 5, 10, true)).hasMessage("delta must be in (0, 1) but was 0.0");
        assertThatThrownBy(() -> new AdwinConfig(0.002, 0, 5, 5, 10, true)).hasMessage("clock must be >= 1 but was 0");
        assertThatThrownBy(() -> new AdwinConfig(0.002, 32, 1, 5, 10, true)).hasMessage("maxBuckets must be >= 2 but was 1");
        assertThatThrownBy(() -> new PageHinkleyConfig(30, 0.005, -1, 0.9999, PageHinkleyConfig.Mode.UP))
                .hasMessage("threshold must be finite and > 0 but was -1.0");
        assertThatThrownBy(() -> new PageHinkleyConfig(30, 0.005, 50, 1.1, PageHinkleyConfig.Mode.UP))
                .hasMessage("alpha must be in (0, 1] but was 1.1");
        assertThatThrownBy(() -> new PageHinkleyConfig(30, 0.005, 50, 0.9, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HddmAConfig(0.01, 0.005, false))
                .hasMessage("warningConfidence must be >= driftConfidence (0.01) but was 0.005");
    }

    @Test
    void aSavedStateNamesItsDriftStateAndRefusesAnotherFormat() {
        DetectorState ddm = ConceptDriftDetectors.ddm().snapshot();
        assertThat(ddm.format()).isEqualTo(DetectorState.FORMAT);
        assertThat(ddm.state()).isEqualTo(DriftState.NONE);
        assertThat(ddm.values()).doesNotContainKey("state");
        assertThatThrownBy(() -> new DetectorState(2, "DDM", DriftState.NONE, ddm.values()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format must be 1 but was 2");
    }

    @Test
    void restoreRefusesUnknownDetectorsAndBrokenFields() {
        assertThatThrownBy(() -> ConceptDriftDetectors.restore(DetectorState.of("KSWIN", DriftState.NONE, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 'KSWIN'");
        DetectorState ddm = ConceptDriftDetectors.ddm().snapshot();
        Map<String, Double> broken = new java.util.HashMap<>(ddm.values());
        broken.remove("pMin");
        assertThatThrownBy(() -> ConceptDriftDetectors.restore(DetectorState.of("DDM", ddm.state(), broken)))
                .hasMessage("DDM state has no field 'pMin'");
        broken.put("pMin", 0.0);
        broken.put("n", 1.5);
        assertThatThrownBy(() -> ConceptDriftDetectors.restore(DetectorState.of("DDM", ddm.state(), broken)))
                .hasMessage("DDM state field 'n' must be a whole number but was 1.5");
        broken.put("n", 1.0);
        assertThatThrownBy(() -> DetectorState.of("DDM", null, broken)).isInstanceOf(NullPointerException.class)
                .hasMessage("state");
    }

    @Test
    void factoriesGiveIndependentNamedDetectors() {
        assertThat(ConceptDriftDetectors.ddm().name()).isEqualTo("DDM");
        assertThat(ConceptDriftDetectors.eddm().name()).isEqualTo("EDDM");
        assertThat(ConceptDriftDetectors.adwin().name()).isEqualTo("ADWIN");
        assertThat(ConceptDriftDetectors.pageHinkley().name()).isEqualTo("PageHinkley");
        assertThat(ConceptDriftDetectors.hddmA().name()).isEqualTo("HDDM_A");
        assertThat(ConceptDriftDetectors.adwin()).isNotSameAs(ConceptDriftDetectors.adwin());
    }

    @Test
    void boundsAreInclusiveOrExclusiveAsDocumented() {
        PageHinkleyConfig.Mode up = PageHinkleyConfig.Mode.UP;
        assertThat(new PageHinkleyConfig(1, 0.0, 1e-9, 1.0, up).alpha()).isEqualTo(1.0);
        assertThat(new PageHinkleyConfig(1, 0.0, 1e-9, Double.MIN_VALUE, up).delta()).isZero();
        assertThatThrownBy(() -> new PageHinkleyConfig(1, -1e-12, 50, 0.9, up))
                .hasMessage("delta must be finite and >= 0 but was -1.0E-12");
        assertThatThrownBy(() -> new PageHinkleyConfig(1, Double.POSITIVE_INFINITY, 50, 0.9, up))
                .hasMessage("delta must be finite and >= 0 but was Infinity");
        assertThatThrownBy(() -> new PageHinkleyConfig(1, Double.NaN, 50, 0.9, up))
                .hasMessage("delta must be finite and >= 0 but was NaN");
        assertThatThrownBy(() -> new PageHinkleyConfig(1, 0.005, 50, 0.0, up))
                .hasMessage("alpha must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> new PageHinkleyConfig(1, 0.005, 50, -0.5, up))
                .hasMessage("alpha must be in (0, 1] but was -0.5");
        assertThatThrownBy(() -> new PageHinkleyConfig(1, 0.005, 50, Math.nextUp(1.0), up))
                .hasMessageStartingWith("alpha must be in (0, 1] but was 1.0000000000000002");
        assertThat(new DdmConfig(30, 2.0, 2.0).driftThreshold()).isEqualTo(2.0);
        assertThat(new HddmAConfig(0.01, 0.01, false).warningConfidence()).isEqualTo(0.01);
        assertThat(new EddmConfig(30, 0.9, 0.9, EddmConfig.Convention.MOA).alpha()).isEqualTo(0.9);
        assertThat(new AdwinConfig(0.002, 32, 1000, 5, 10, true).maxBuckets()).isEqualTo(1000);
        assertThatThrownBy(() -> new AdwinConfig(0.002, 32, 1001, 5, 10, true))
                .hasMessage("maxBuckets must be <= 1000 but was 1001");
    }
}
