package org.mlops4j.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.mlops4j.core.fleet.VariantAggregate;
import org.mlops4j.core.fleet.WindowAggregate;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.internal.DriftedFeatures;
import org.mlops4j.monitoring.internal.Quantiles;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.FleetProfiles;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.reference.ReferenceSelection;

/**
 * A closed window waiting for analysis: its counters and input values, owned by this object
 * alone once the window has closed, so {@link #analyse} may run on any thread.
 */
final class ClosedWindow {

    /** The key's window this one was closed from (for the estimate history's registration). */
    final VariantWindow owner;
    private final String endpoint;
    private final String variant;
    private final String model;
    private final ModelRef modelRef;
    private final MonitorConfig config;
    private final Feature[] features;
    private final long window;
    private final Instant start;
    private final Instant end;
    private final VariantWindow.Counts c;
    private final Object[][] columns;
    private final int rows;
    private final SampledProfile.Builder overflow;
    /** The reference chosen by {@link #analyse} (set on the analysing thread, read after it). */
    private ReferenceSelection compared;
    /** The window's scores for a performance estimate, handed over by its window on close. */
    ScoreBuffer.WindowScores scores = ScoreBuffer.WindowScores.NONE;
    /** The window's per-segment counts, set by its window when it closes; null without segments. */
    org.mlops4j.monitoring.internal.SegmentTally segments;

    ClosedWindow(VariantWindow owner, MonitorConfig config, Feature[] features, long window, Instant start,
                 Instant end, VariantWindow.Counts counts, Object[][] columns, int rows,
                 SampledProfile.Builder overflow) {
        this.owner = owner;
        this.endpoint = owner.endpoint;
        this.variant = owner.variant;
        this.model = owner.model;
        this.modelRef = owner.modelRef;
        this.config = config;
        this.features = features;
        this.window = window;
        this.start = start;
        this.end = end;
        this.c = counts;
        this.columns = columns;
        this.rows = rows;
        this.overflow = overflow;
    }

    /**
     * The window's column arrays for its key's next windows to reuse, once its analysis is over:
     * null when it kept none, or when its per-segment counts may still hold them.
     */
    Object[][] columnsForReuse() {
        return segments == null ? columns : null;
    }

    /** Tells the estimate history this window will not be estimated. */
    void unestimated(EstimateHistory estimates) {
        estimates.unestimated(endpoint, variant, model, window, start, end);
    }

    /** @return the reference profile this window is compared with (after {@link #analyse}, the one chosen), null without one */
    ReferenceProfile reference() {
        return compared == null ? config.reference() : compared.profile().orElse(null);
    }

    /** @return which reference the analysed window was compared with, empty when it profiled no inputs */
    Optional<WindowReference> compared() {
        return Optional.ofNullable(compared).map(r -> new WindowReference(endpoint, variant, model, window, start,
                r.kind(), r.slot(), r.merged(), r.rows(), r.warmUp()));
    }

    /**
     * What the analysis of a closed window gives.
     *
     * @param metrics the window's metrics
     * @param current the profile of the window's inputs, null without a reference (nothing was profiled)
     */
    record Analysis(WindowMetrics metrics, ReferenceProfile current) {
    }

    /**
     * The window's kept input rows, one map per row (feature name to value, missing values absent), for
     * multivariate drift: empty when the window kept no rows (no reference profile) or moved them into
     * sketches (more than {@link VariantWindow#MAX_BUFFERED_ROWS} rows).
     */
    List<Map<String, Object>> keptRows() {
        if (columns == null) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Map<String, Object> row = new HashMap<>();
            for (int f = 0; f < features.length; f++) {
                if (columns[f][r] != null) {
                    row.put(features[f].name(), columns[f][r]);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** @return the predictions in the window: none when it only counted labels (a fleet's monitor) */
    long predictions() {
        return c.predictions;
    }

    /**
     * The window's routed traffic as a mergeable aggregate, for a fleet ({@link MonitorListener#onWindowAggregate}),
     * with the labels that arrived while it was open, the profile of its inputs (when the monitor has a
     * reference) and the profile of its answers (labels, or the predicted values it kept). A window
     * opened without a time slot starts at its first prediction or label. Only for a fleet's monitor.
     *
     * @param inputs the profile of the window's inputs from {@link #analyse}, null without one
     */
    WindowAggregate aggregate(ReferenceProfile inputs) {
        Map<String, Long> labels = new TreeMap<>();
        c.routedLabels.forEach((k, v) -> labels.put(k, v[0]));
        ProfileConfig sizes = config.reference() == null ? ProfileConfig.ofDefaults() : config.reference().config();
        ReferenceProfile outputs = null;
        if (!c.labels.isEmpty()) {
            Map<String, Long> all = new TreeMap<>();
            c.labels.forEach((k, v) -> all.put(k, v[0]));
            outputs = FleetProfiles.ofLabels(all, sizes);
        } else if (c.outputCount > 0) {
            outputs = FleetProfiles.ofValues(c.outputs, c.outputCount, sizes);
        }
        return new WindowAggregate(endpoint, variant, modelRef, start, end.isBefore(start) ? start : end,
                new VariantAggregate(c.routed, c.routedErrors, c.routedTimeouts, c.fallbacks,
                        c.routedLatency.snapshot(), labels, c.labelled, c.correct,
                        inputs == null ? List.of() : List.of(FleetProfiles.encode(inputs)),
                        outputs == null ? List.of() : List.of(FleetProfiles.encode(outputs))));
    }

    /** Computes the window's metrics: ratios, quantiles, input and prediction drift. */
    Analysis analyse() {
        long n = c.predictions;
        double seconds = Duration.between(start, end).toNanos() / 1e9;
        long nonEmpty = c.answers - c.nullOutputs;
        Map<String, Double> shares = new TreeMap<>();
        c.labels.forEach((k, v) -> shares.put(k, (double) v[0] / Math.max(1, nonEmpty)));
        List<DriftedFeature> drifted = new ArrayList<>();
        SampledProfile current = !config.profiles() ? null
                : (overflow != null ? overflow : VariantWindow.profile(config, features, columns, rows)).build();
        if (current != null) {
            compared = config.references().compare(endpoint, variant, model, start, config.reference(),
                    current.profile());
        }
        ReferenceProfile reference = reference();
        DatasetDriftReport report = reference == null ? null : config.drift().compare(reference, current);
        double driftedShare = DriftedFeatures.collect(report, drifted);
        KllDoublesSketch latency = c.latency.sketch();
        KllDoublesSketch confidence = c.confidence.sketch();
        long withConfidence = confidence.getN();
        WindowMetrics metrics = new WindowMetrics(endpoint, variant, model, window, start, end, n,
                (double) c.errors / n, (double) c.timeouts / n, features.length == 0 ? 0.0 : (double) c.unreadable / n,
                latency.getQuantile(0.50), latency.getQuantile(0.95),
                latency.getQuantile(0.99), seconds > 0 ? n / seconds : Double.NaN, ratios(c.missing, false),
                ratios(c.outOfRange, false), ratios(c.unseen, true), c.nonFinite,
                c.answers == 0 ? 0.0 : (double) c.nullOutputs / c.answers,
                withConfidence == 0 ? 0.0 : (double) c.lowConfidence / withConfidence,
                withConfidence == 0 ? Double.NaN : confidence.getQuantile(0.10),
                withConfidence == 0 ? Double.NaN : confidence.getQuantile(0.50), shares, outputQuantiles(),
                predictionDrift(), drifted, driftedShare, Optional.ofNullable(report));
        return new Analysis(metrics, current == null ? null : current.profile());
    }

    private Map<String, Double> ratios(long[] counts, boolean categoricalOnly) {
        Map<String, Double> out = new TreeMap<>();
        for (int i = 0; i < features.length; i++) {
            if (!categoricalOnly || features[i].type() == FeatureType.CATEGORICAL) {
                out.put(features[i].name(), (double) counts[i] / c.predictions);
            }
        }
        return out;
    }

    private Map<String, Double> outputQuantiles() {
        if (c.outputCount == 0) {
            return Map.of();
        }
        double[] sorted = Arrays.copyOf(c.outputs, c.outputCount);
        Arrays.sort(sorted);
        Map<String, Double> out = new HashMap<>();
        out.put("p05", Quantiles.linear(sorted, 0.05));
        out.put("p50", Quantiles.linear(sorted, 0.50));
        out.put("p95", Quantiles.linear(sorted, 0.95));
        return out;
    }

    private Optional<DriftResult> predictionDrift() {
        if (config.predictionTest() != null) {
            long labelled = c.labels.values().stream().mapToLong(v -> v[0]).sum();
            if (labelled < MonitorConfig.MIN_PREDICTION_DRIFT_ANSWERS) {
                return Optional.empty();
            }
            Map<String, Long> current = new HashMap<>();
            c.labels.forEach((k, v) -> current.put(k, v[0]));
            return Optional.of(config.predictionTest().testCounts(config.referencePredictions(), current));
        }
        if (config.outputTest() != null && c.outputCount >= MonitorConfig.MIN_PREDICTION_DRIFT_ANSWERS) {
            return Optional.of(config.outputTest().test(config.referenceOutputs(),
                    Arrays.copyOf(c.outputs, c.outputCount)));
        }
        return Optional.empty();
    }
}
