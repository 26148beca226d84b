package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.MultipleTesting;
import org.mlops4j.monitoring.profile.DriftCheckConfig.SketchTest;

class DriftCheckConfigTest {

    @Test
    void defaultsAreKsAtFivePercentAndTheAutomaticCategoricalTest() {
        DriftCheckConfig defaults = DriftCheckConfig.ofDefaults();

        assertThat(defaults).isEqualTo(new DriftCheckConfig(30, 0.5, MultipleTesting.BONFERRONI, SketchTest.KS,
                DriftTests.DEFAULT_SIGNIFICANCE, DriftCheckConfig.AUTO, OptionalDouble.empty()));
        assertThat(DriftCheckConfig.builder().build()).isEqualTo(defaults);
        assertThat(SketchTest.PSI.defaultThreshold()).isEqualTo(DriftTests.DEFAULT_DISTANCE_THRESHOLD);
    }

    @Test
    void fourArgumentConstructorKeepsTheDefaultTestSettings() {
        DriftCheckConfig psi = new DriftCheckConfig(50, 0.3, MultipleTesting.NONE, SketchTest.PSI);

        assertThat(psi.sketchThreshold()).isEqualTo(DriftTests.DEFAULT_DISTANCE_THRESHOLD);
        assertThat(psi.categoricalTest()).isEqualTo(DriftCheckConfig.AUTO);
        assertThat(psi.categoricalThreshold()).isEmpty();
    }

    @Test
    void builderSetsEverySettingAndStartsFromABase() {
        DriftCheckConfig config = DriftCheckConfig.builder().minCurrentSize(100).shareThreshold(0.25)
                .correction(MultipleTesting.BENJAMINI_HOCHBERG).sketchTest(SketchTest.PSI, 0.2)
                .categoricalTest("tvd", 0.15).build();

        assertThat(config).isEqualTo(new DriftCheckConfig(100, 0.25, MultipleTesting.BENJAMINI_HOCHBERG,
                SketchTest.PSI, 0.2, "tvd", OptionalDouble.of(0.15)));
        assertThat(DriftCheckConfig.from(config).build()).isEqualTo(config);
        DriftCheckConfig changed = DriftCheckConfig.from(config).minCurrentSize(10).build();
        assertThat(changed.minCurrentSize()).isEqualTo(10);
        assertThat(changed.sketchThreshold()).isEqualTo(0.2);
        assertThat(config.minCurrentSize()).isEqualTo(100);
    }

    @Test
    void builderIsNotLiveAfterBuild() {
        DriftCheckConfig.Builder builder = DriftCheckConfig.builder().categoricalTest("hellinger");
        DriftCheckConfig first = builder.build();

        builder.categoricalTest("psi", 0.3).minCurrentSize(5);

        assertThat(first.categoricalTest()).isEqualTo("hellinger");
        assertThat(first.minCurrentSize()).isEqualTo(30);
        assertThat(builder.build().categoricalTest()).isEqualTo("psi");
    }

    @Test
    void choosingATestWithoutThresholdGivesItsDefault() {
        DriftCheckConfig psi = DriftCheckConfig.builder().sketchTest(SketchTest.PSI, 0.25).build();

        assertThat(psi.withSketchTest(SketchTest.KS).sketchThreshold()).isEqualTo(DriftTests.DEFAULT_SIGNIFICANCE);
        assertThat(DriftCheckConfig.from(psi).sketchTest(SketchTest.PSI).build().sketchThreshold())
                .isEqualTo(DriftTests.DEFAULT_DISTANCE_THRESHOLD);
        DriftCheckConfig chi = psi.withCategoricalTest("chisquare", 0.01);
        assertThat(chi.withCategoricalTest("jensenshannon").categoricalThreshold()).isEmpty();
        assertThat(chi.withCategoricalTest(DriftCheckConfig.AUTO).categoricalTest()).isEqualTo("auto");
        assertThat(chi.sketchTest()).isEqualTo(SketchTest.PSI);
        assertThat(chi.sketchThreshold()).isEqualTo(0.25);
    }

    @Test
    void unknownCategoricalTestIsRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withCategoricalTest("kl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categoricalTest must be 'auto' or one of [chisquare, hellinger, jensenshannon, psi, tvd, z] "
                        + "but was 'kl'");
        assertThatThrownBy(() -> DriftCheckConfig.builder().categoricalTest(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("categoricalTest");
    }

    @Test
    void categoricalThresholdMustFitTheNamedTest() {
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withCategoricalTest("chisquare", 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categoricalThreshold 1.5 does not fit categoricalTest 'chisquare': threshold of test "
                        + "chisquare is a significance level and must be in (0, 1) but was 1.5");
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withCategoricalTest("jensenshannon", 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categoricalThreshold 0.0 does not fit categoricalTest 'jensenshannon': threshold of "
                        + "distance jensenshannon must be finite and positive but was 0.0");
        assertThat(DriftCheckConfig.ofDefaults().withCategoricalTest("jensenshannon", 1.5).categoricalThreshold())
                .hasValue(1.5);
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withCategoricalTest("auto", 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categoricalThreshold must be empty with categoricalTest 'auto', which picks tests with "
                        + "p-values and distances, but was 0.05");
    }

    @Test
    void sketchThresholdMustFitTheSketchTest() {
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.KS, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sketchThreshold of sketchTest KS is a significance level and must be in (0, 1) but was 1.0");
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.PSI, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sketchThreshold of sketchTest PSI is a distance and must be finite and positive but was "
                        + "Infinity");
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.PSI, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was NaN");
        assertThat(DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.PSI, 2.0).sketchThreshold()).isEqualTo(2.0);
    }

    @Test
    void builderChecksTheOtherSettingsAtBuild() {
        DriftCheckConfig.Builder builder = DriftCheckConfig.builder().minCurrentSize(0);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minCurrentSize must be at least 1 but was 0");
        assertThatThrownBy(() -> DriftCheckConfig.builder().shareThreshold(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("shareThreshold must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> DriftCheckConfig.builder().correction(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("correction");
        assertThatThrownBy(() -> DriftCheckConfig.builder().sketchTest(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("sketchTest");
        assertThatThrownBy(() -> new DriftCheckConfig(30, 0.5, MultipleTesting.NONE, null))
                .isInstanceOf(NullPointerException.class).hasMessage("sketchTest");
    }

    @Test
    void everyNumericBoundIsInclusiveOrExclusiveAsDocumented() {
        DriftCheckConfig.Builder b = DriftCheckConfig.builder();
        assertThat(b.minCurrentSize(1).build().minCurrentSize()).isEqualTo(1);
        assertThat(DriftCheckConfig.builder().shareThreshold(1.0).build().shareThreshold()).isEqualTo(1.0);
        assertThat(DriftCheckConfig.builder().shareThreshold(Double.MIN_VALUE).build().shareThreshold())
                .isEqualTo(Double.MIN_VALUE);
        assertThatThrownBy(() -> DriftCheckConfig.builder().shareThreshold(Math.nextUp(1.0)).build())
                .hasMessage("shareThreshold must be in (0, 1] but was 1.0000000000000002");
        assertThatThrownBy(() -> DriftCheckConfig.builder().shareThreshold(Double.NaN).build())
                .hasMessage("shareThreshold must be in (0, 1] but was NaN");

        assertThat(DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.KS, Double.MIN_VALUE).sketchThreshold())
                .isEqualTo(Double.MIN_VALUE);
        assertThat(DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.KS, Math.nextDown(1.0)).sketchThreshold())
                .isEqualTo(Math.nextDown(1.0));
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.KS, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sketchThreshold of sketchTest KS is a significance level and must be in (0, 1) but was 0.0");
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.KS, -0.5))
                .hasMessageEndingWith("but was -0.5");

        assertThat(DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.PSI, Double.MIN_VALUE).sketchThreshold())
                .isEqualTo(Double.MIN_VALUE);
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.PSI, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sketchThreshold of sketchTest PSI is a distance and must be finite and positive but was 0.0");
        assertThatThrownBy(() -> DriftCheckConfig.ofDefaults().withSketchTest(SketchTest.PSI, -0.1))
                .hasMessageEndingWith("but was -0.1");
    }
}
