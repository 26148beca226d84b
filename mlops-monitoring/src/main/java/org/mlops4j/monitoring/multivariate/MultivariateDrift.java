package org.mlops4j.monitoring.multivariate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.schema.Schema;

/**
 * Multivariate drift of a window against reference rows: finds a change in the relation between
 * features (a correlation that flips while every feature's own distribution stays the same), which
 * every per-feature test misses. Up to three methods run ({@link MultivariateDriftConfig#methods()}):
 * <ul>
 *   <li>{@link MultivariateMethod#PCA_RECONSTRUCTION}: NannyML's data reconstruction error with
 *       thresholds from the reference's own chunks ({@link PcaDrift});</li>
 *   <li>{@link MultivariateMethod#MMD}: the unbiased squared maximum mean discrepancy with a Gaussian
 *       kernel (median-heuristic bandwidth) and a permutation p-value ({@link MmdDrift});</li>
 *   <li>{@link MultivariateMethod#DOMAIN_CLASSIFIER}: the cross-validated ROC AUC of a classifier
 *       told to separate reference from window rows, with a p-value ({@link DomainClassifierDrift}).</li>
 * </ul>
 * Rows are encoded as the reference dictates: numeric features standardised, booleans as 0/1,
 * categorical features one-hot over their most frequent reference categories, missing values imputed
 * with the reference mean (details in {@link MultivariateDriftConfig#topCategories()}).
 *
 * <p>Fit once ({@link #fit}), then check windows from any thread: an instance is immutable. Memory:
 * the encoded reference subsample ({@code min(referenceRows, maxRows) * columns} doubles) and the PCA
 * components; a check allocates its window's encoded rows and, for MMD, a kernel matrix of at most
 * {@code (2 * maxRows)^2} doubles (8 MB at the default 500). Results are deterministic for equal
 * inputs and settings (every random choice is seeded).
 */
public final class MultivariateDrift {

    private final Schema schema;
    private final MultivariateDriftConfig config;
    private final FeatureEncoding encoding;
    private final int referenceRows;
    private final double[][] referenceSample;
    private final PcaReconstruction pca;
    private final MaximumMeanDiscrepancy mmd;
    private final DomainClassification domain;

    private MultivariateDrift(Schema schema, List<? extends Map<String, ?>> reference, MultivariateDriftConfig config) {
        this.schema = schema;
        this.config = config;
        this.encoding = FeatureEncoding.fit(schema, reference, config.topCategories());
        this.referenceRows = reference.size();
        double[][] encoded = encoding.encode(reference);
        this.pca = config.runs(MultivariateMethod.PCA_RECONSTRUCTION)
                ? new PcaReconstruction(encoded, config.varianceShare(), config.referenceChunks(),
                config.thresholdSigmas()) : null;
        this.referenceSample = MaximumMeanDiscrepancy.subsample(encoded, config.maxRows(), config.seed());
        this.mmd = config.runs(MultivariateMethod.MMD)
                ? new MaximumMeanDiscrepancy(referenceSample, config.maxRows(), config.permutations(), config.seed())
                : null;
        this.domain = config.runs(MultivariateMethod.DOMAIN_CLASSIFIER)
                ? new DomainClassification(config.trainer(), encoding.names(), config.folds(), config.seed()) : null;
    }

    /**
     * Fits the methods on reference rows.
     *
     * @param schema the features to read: numeric, boolean and categorical features are all encoded
     * @param reference the reference rows, read by feature name (maps with a value per feature; a
     *     missing or wrong-typed value counts as missing); not kept
     * @param config the settings
     * @return the fitted detector
     * @throws IllegalArgumentException if there are fewer reference rows than
     *     {@link #minRows(MultivariateDriftConfig)} (or than twice the PCA chunks), or the reference holds
     *     no value of a numeric or boolean feature, or no category of a categorical one
     */
    public static MultivariateDrift fit(Schema schema, List<? extends Map<String, ?>> reference,
                                        MultivariateDriftConfig config) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(config, "config");
        int min = minRows(config);
        if (reference.size() < min) {
            throw new IllegalArgumentException("reference rows must be >= " + min + " but was " + reference.size());
        }
        return new MultivariateDrift(schema, reference, config);
    }

    /**
     * The fewest rows a reference or a window needs: 10, and two per fold of the domain classifier.
     *
     * @param config the settings
     * @return {@code max(10, 2 * folds)}
     */
    public static int minRows(MultivariateDriftConfig config) {
        return Math.max(10, 2 * Objects.requireNonNull(config, "config").folds());
    }

    /**
     * Checks one window against the reference with every configured method.
     *
     * @param window the window's rows, read like the reference's
     * @return what each method found
     * @throws IllegalArgumentException if the window has fewer than {@link #minRows(MultivariateDriftConfig)} rows
     */
    public MultivariateDriftResult check(List<? extends Map<String, ?>> window) {
        Objects.requireNonNull(window, "window");
        int min = minRows(config);
        if (window.size() < min) {
            throw new IllegalArgumentException("window rows must be >= " + min + " but was " + window.size());
        }
        double[][] encoded = encoding.encode(window);
        double[][] sample = MaximumMeanDiscrepancy.subsample(encoded, config.maxRows(), ~config.seed());
        return new MultivariateDriftResult(window.size(),
                Optional.ofNullable(pca).map(p -> p.check(encoded)),
                Optional.ofNullable(mmd).map(m -> m.check(encoded, config.alpha())),
                Optional.ofNullable(domain).map(d -> d.check(referenceSample, sample, config.alpha())));
    }

    /** @return the features read */
    public Schema schema() {
        return schema;
    }

    /** @return the settings */
    public MultivariateDriftConfig config() {
        return config;
    }

    /** @return the reference rows it was fitted on */
    public int referenceRows() {
        return referenceRows;
    }

    /** @return the encoded columns' names, in column order ({@code name=category} for a one-hot column) */
    public List<String> encodedFeatures() {
        return encoding.names();
    }

    /** @return the MMD kernel's bandwidth, empty when MMD does not run */
    public Optional<Double> bandwidth() {
        return Optional.ofNullable(mmd).map(MaximumMeanDiscrepancy::bandwidth);
    }

    /** @return the PCA components kept, 0 when PCA does not run */
    public int pcaComponents() {
        return pca == null ? 0 : pca.components();
    }

    @Override
    public String toString() {
        return "MultivariateDrift[" + config.methods() + ", " + encoding.names().size() + " columns, " + referenceRows
                + " reference rows]";
    }
}
