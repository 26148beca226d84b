package org.mlops4j.monitoring.profile;

import java.util.Objects;
import java.util.OptionalDouble;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.MultipleTesting;

/**
 * How {@link WindowDriftCheck} decides: how much data it needs, how it corrects and combines the
 * features' p-values, and which test it runs per feature type when a feature is compared through
 * its sketch (numeric) or its category counts (categorical and boolean), as the windows of a
 * monitor always are.
 *
 * <p>Start from {@link #ofDefaults()}, {@link #builder()} or {@link #from(DriftCheckConfig)}, or
 * change one choice with a wither such as {@link #withCategoricalTest(String)}. Every setting is
 * checked when the record is built, with a message naming the setting and the value. Immutable and
 * thread-safe.
 *
 * @param minCurrentSize the fewest current rows, and valid current values per feature, to decide
 *     on; at least 1
 * @param shareThreshold the share of drifted features that means dataset drift, in (0, 1]
 * @param correction the multiple-testing correction of the p-values
 * @param sketchTest the numeric test used when exact values are not available on both sides
 * @param sketchThreshold the threshold of {@code sketchTest}: for {@link SketchTest#KS} a
 *     significance level in (0, 1), for {@link SketchTest#PSI} a finite, positive distance
 * @param categoricalTest the categorical test: {@value #AUTO} for the choice of
 *     {@link DriftTests#auto(java.util.Map)}, or one of {@link DriftTests#categoricalNames()}; a
 *     named test also replaces the automatic one when both sides kept exact values. A named
 *     {@code z} test refuses features with more than two categories, which are then
 *     {@link org.mlops4j.monitoring.drift.Verdict#TEST_FAILED}
 * @param categoricalThreshold the threshold of a named {@code categoricalTest} (a significance
 *     level in (0, 1) for a test with a p-value, a finite, positive distance otherwise, as
 *     {@link DriftTests#categorical(String, double)} checks); empty for the test's default. Must
 *     be empty with {@value #AUTO}, whose tests are of both kinds
 */
public record DriftCheckConfig(int minCurrentSize, double shareThreshold, MultipleTesting correction,
                               SketchTest sketchTest, double sketchThreshold, String categoricalTest,
                               OptionalDouble categoricalThreshold) {

    /**
     * The {@link #categoricalTest()} that picks the test by Evidently's rule, as
     * {@link DriftTests#auto(java.util.Map)} and {@link DriftTests#auto(String[])} do.
     */
    public static final String AUTO = "auto";

    /** The numeric statistic computed from sketches. */
    public enum SketchTest {
        /** {@link SketchDrift#ks}; its threshold is a significance level, 0.05 by default. */
        KS,
        /** {@link SketchDrift#psi}; its threshold is a distance, 0.1 by default. */
        PSI;

        /**
         * Returns the threshold used when none is given: {@link DriftTests#DEFAULT_SIGNIFICANCE}
         * for KS, {@link DriftTests#DEFAULT_DISTANCE_THRESHOLD} for PSI.
         *
         * @return the default threshold
         */
        public double defaultThreshold() {
            return this == KS ? DriftTests.DEFAULT_SIGNIFICANCE : DriftTests.DEFAULT_DISTANCE_THRESHOLD;
        }
    }

    /**
     * Validates the config.
     *
     * @param minCurrentSize the fewest current rows, and valid current values per feature, to decide
     *     on; at least 1
     * @param shareThreshold the share of drifted features that means dataset drift, in (0, 1]
     * @param correction the multiple-testing correction of the p-values
     * @param sketchTest the numeric test used when exact values are not available on both sides
     * @param sketchThreshold the threshold of {@code sketchTest}: for {@link SketchTest#KS} a
     *     significance level in (0, 1), for {@link SketchTest#PSI} a finite, positive distance
     * @param categoricalTest the categorical test: {@value #AUTO} for the choice of
     *     {@link DriftTests#auto(java.util.Map)}, or one of {@link DriftTests#categoricalNames()}; a
     *     named test also replaces the automatic one when both sides kept exact values. A named
     *     {@code z} test refuses features with more than two categories, which are then
     *     {@link org.mlops4j.monitoring.drift.Verdict#TEST_FAILED}
     * @param categoricalThreshold the threshold of a named {@code categoricalTest} (a significance
     *     level in (0, 1) for a test with a p-value, a finite, positive distance otherwise, as
     *     {@link DriftTests#categorical(String, double)} checks); empty for the test's default. Must
     *     be empty with {@value #AUTO}, whose tests are of both kinds
     * @throws NullPointerException if {@code correction}, {@code sketchTest},
     *     {@code categoricalTest} or {@code categoricalThreshold} is null
     * @throws IllegalArgumentException if {@code minCurrentSize} is below 1,
     *     {@code shareThreshold} is outside (0, 1], {@code sketchThreshold} does not fit
     *     {@code sketchTest}, {@code categoricalTest} is neither {@value #AUTO} nor a known name
     *     (the message lists the names), or {@code categoricalThreshold} does not fit
     *     {@code categoricalTest}
     */
    public DriftCheckConfig {
        Objects.requireNonNull(correction, "correction");
        Objects.requireNonNull(sketchTest, "sketchTest");
        Objects.requireNonNull(categoricalTest, "categoricalTest");
        Objects.requireNonNull(categoricalThreshold, "categoricalThreshold");
        if (minCurrentSize < 1) {
            throw new IllegalArgumentException("minCurrentSize must be at least 1 but was " + minCurrentSize);
        }
        if (!(shareThreshold > 0 && shareThreshold <= 1)) {
            throw new IllegalArgumentException("shareThreshold must be in (0, 1] but was " + shareThreshold);
        }
        if (sketchTest == SketchTest.KS && !(sketchThreshold > 0 && sketchThreshold < 1)) {
            throw new IllegalArgumentException("sketchThreshold of sketchTest KS is a significance level and must be "
                    + "in (0, 1) but was " + sketchThreshold);
        }
        if (sketchTest == SketchTest.PSI && (!(sketchThreshold > 0) || Double.isInfinite(sketchThreshold))) {
            throw new IllegalArgumentException("sketchThreshold of sketchTest PSI is a distance and must be finite "
                    + "and positive but was " + sketchThreshold);
        }
        if (categoricalTest.equals(AUTO)) {
            if (categoricalThreshold.isPresent()) {
                throw new IllegalArgumentException("categoricalThreshold must be empty with categoricalTest '" + AUTO
                        + "', which picks tests with p-values and distances, but was "
                        + categoricalThreshold.getAsDouble());
            }
        } else if (!DriftTests.categoricalNames().contains(categoricalTest)) {
            throw new IllegalArgumentException("categoricalTest must be '" + AUTO + "' or one of "
                    + DriftTests.categoricalNames() + " but was '" + categoricalTest + "'");
        } else if (categoricalThreshold.isPresent()) {
            try {
                DriftTests.categorical(categoricalTest, categoricalThreshold.getAsDouble());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("categoricalThreshold " + categoricalThreshold.getAsDouble()
                        + " does not fit categoricalTest '" + categoricalTest + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * Creates a config with the sketch test's default threshold and the automatic categorical
     * test, the settings this record had before the tests became configurable.
     *
     * @param minCurrentSize the fewest current rows and valid current values per feature, at least 1
     * @param shareThreshold the share of drifted features that means dataset drift, in (0, 1]
     * @param correction the multiple-testing correction of the p-values
     * @param sketchTest the numeric test used when exact values are not available on both sides
     * @throws NullPointerException if {@code correction} or {@code sketchTest} is null
     * @throws IllegalArgumentException if {@code minCurrentSize} is below 1 or
     *     {@code shareThreshold} is outside (0, 1]
     */
    public DriftCheckConfig(int minCurrentSize, double shareThreshold, MultipleTesting correction,
                            SketchTest sketchTest) {
        this(minCurrentSize, shareThreshold, correction, sketchTest,
                Objects.requireNonNull(sketchTest, "sketchTest").defaultThreshold(), AUTO, OptionalDouble.empty());
    }

    /**
     * The defaults of {@link org.mlops4j.monitoring.drift.DatasetDriftDetector}: 30 rows, a share
     * of 0.5, Bonferroni; sketch KS at significance 0.05; the automatic categorical test.
     *
     * @return the defaults
     */
    public static DriftCheckConfig ofDefaults() {
        return new DriftCheckConfig(30, 0.5, MultipleTesting.BONFERRONI, SketchTest.KS);
    }

    /**
     * Starts a builder from {@link #ofDefaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return from(ofDefaults());
    }

    /**
     * Starts a builder from the settings of {@code base}.
     *
     * @param base the config to start from
     * @return a new builder
     * @throws NullPointerException if {@code base} is null
     */
    public static Builder from(DriftCheckConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /**
     * Returns this config with another sketch test at its default threshold.
     *
     * @param test the numeric test used through sketches
     * @return the new config
     * @throws NullPointerException if {@code test} is null
     */
    public DriftCheckConfig withSketchTest(SketchTest test) {
        return from(this).sketchTest(test).build();
    }

    /**
     * Returns this config with another sketch test and threshold.
     *
     * @param test the numeric test used through sketches
     * @param threshold its threshold: in (0, 1) for KS, finite and positive for PSI
     * @return the new config
     * @throws NullPointerException if {@code test} is null
     * @throws IllegalArgumentException if {@code threshold} does not fit {@code test}
     */
    public DriftCheckConfig withSketchTest(SketchTest test, double threshold) {
        return from(this).sketchTest(test, threshold).build();
    }

    /**
     * Returns this config with another categorical test at its default threshold.
     *
     * @param name {@value #AUTO} or one of {@link DriftTests#categoricalNames()}
     * @return the new config
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is unknown; the message lists the names
     */
    public DriftCheckConfig withCategoricalTest(String name) {
        return from(this).categoricalTest(name).build();
    }

    /**
     * Returns this config with another named categorical test and its threshold.
     *
     * @param name one of {@link DriftTests#categoricalNames()}
     * @param threshold its threshold, as {@link DriftTests#categorical(String, double)} accepts it
     * @return the new config
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is unknown or {@value #AUTO}, or
     *     {@code threshold} does not fit the test
     */
    public DriftCheckConfig withCategoricalTest(String name, double threshold) {
        return from(this).categoricalTest(name, threshold).build();
    }

    /**
     * Collects the settings of a {@link DriftCheckConfig}; {@link #build()} checks them and
     * returns an immutable config, so the builder can be reused. Not thread-safe.
     */
    public static final class Builder {
        private int minCurrentSize;
        private double shareThreshold;
        private MultipleTesting correction;
        private SketchTest sketchTest;
        private Double sketchThreshold;
        private String categoricalTest;
        private OptionalDouble categoricalThreshold;

        private Builder(DriftCheckConfig base) {
            this.minCurrentSize = base.minCurrentSize;
            this.shareThreshold = base.shareThreshold;
            this.correction = base.correction;
            this.sketchTest = base.sketchTest;
            this.sketchThreshold = base.sketchThreshold;
            this.categoricalTest = base.categoricalTest;
            this.categoricalThreshold = base.categoricalThreshold;
        }

        /**
         * Sets the fewest current rows, and valid current values per feature, to decide on.
         *
         * @param value at least 1 (checked by {@link #build()})
         * @return this builder
         */
        public Builder minCurrentSize(int value) {
            this.minCurrentSize = value;
            return this;
        }

        /**
         * Sets the share of drifted features that means dataset drift.
         *
         * @param value in (0, 1] (checked by {@link #build()})
         * @return this builder
         */
        public Builder shareThreshold(double value) {
            this.shareThreshold = value;
            return this;
        }

        /**
         * Sets the multiple-testing correction of the p-values.
         *
         * @param value the correction, not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder correction(MultipleTesting value) {
            this.correction = value;
            return this;
        }

        /**
         * Sets the numeric test used through sketches, at its
         * {@linkplain SketchTest#defaultThreshold() default threshold}.
         *
         * @param test the test, not null (checked by {@link #build()})
         * @return this builder
         */
        public Builder sketchTest(SketchTest test) {
            this.sketchTest = test;
            this.sketchThreshold = null;
            return this;
        }

        /**
         * Sets the numeric test used through sketches and its threshold.
         *
         * @param test the test, not null (checked by {@link #build()})
         * @param threshold in (0, 1) for KS, finite and positive for PSI (checked by {@link #build()})
         * @return this builder
         */
        public Builder sketchTest(SketchTest test, double threshold) {
            this.sketchTest = test;
            this.sketchThreshold = threshold;
            return this;
        }

        /**
         * Sets the categorical test, at its default threshold.
         *
         * @param name {@value DriftCheckConfig#AUTO} or one of {@link DriftTests#categoricalNames()}
         *     (checked by {@link #build()})
         * @return this builder
         */
        public Builder categoricalTest(String name) {
            this.categoricalTest = name;
            this.categoricalThreshold = OptionalDouble.empty();
            return this;
        }

        /**
         * Sets a named categorical test and its threshold.
         *
         * @param name one of {@link DriftTests#categoricalNames()} (checked by {@link #build()})
         * @param threshold as {@link DriftTests#categorical(String, double)} accepts it (checked by
         *     {@link #build()})
         * @return this builder
         */
        public Builder categoricalTest(String name, double threshold) {
            this.categoricalTest = name;
            this.categoricalThreshold = OptionalDouble.of(threshold);
            return this;
        }

        /**
         * Checks the settings and returns the config.
         *
         * @return a new, immutable config
         * @throws NullPointerException if the correction, sketch test or categorical test is null
         * @throws IllegalArgumentException if a setting is out of range; the message names it and
         *     its value
         */
        public DriftCheckConfig build() {
            Objects.requireNonNull(sketchTest, "sketchTest");
            double threshold = sketchThreshold != null ? sketchThreshold : sketchTest.defaultThreshold();
            return new DriftCheckConfig(minCurrentSize, shareThreshold, correction, sketchTest, threshold,
                    categoricalTest, categoricalThreshold);
        }
    }
}
