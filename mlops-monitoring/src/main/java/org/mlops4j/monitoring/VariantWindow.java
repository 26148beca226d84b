package org.mlops4j.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.schema.Violation;
import org.mlops4j.monitoring.alert.DriftedFeature;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.monitoring.profile.SampledProfile;
import org.mlops4j.monitoring.profile.WindowDriftCheck;
import org.mlops4j.monitoring.profile.WindowSettings;

/**
 * The open window of one (endpoint, variant, model) key: counters, a latency sketch, schema
 * violations by feature, prediction labels and, with a reference, a profile of the inputs. Not
 * thread-safe: {@link ModelMonitor} holds its monitor while updating it.
 */
final class VariantWindow {

    private static final int LATENCY_K = 200;

    private final String endpoint;
    private final String variant;
    private final String model;
    private final MonitorConfig config;
    private long window;
    private Instant start;
    private long predictions;
    private long errors;
    private long answers;
    private long nullOutputs;
    private long withConfidence;
    private long lowConfidence;
    private long nonFinite;
    private final Map<String, long[]> missing = new HashMap<>();
    private final Map<String, long[]> outOfRange = new HashMap<>();
    private final Map<String, long[]> labels = new HashMap<>();
    private KllDoublesSketch latency = KllDoublesSketch.newHeapInstance(LATENCY_K);
    private SampledProfile.Builder inputs;

    VariantWindow(String endpoint, String variant, String model, MonitorConfig config) {
        this.endpoint = endpoint;
        this.variant = variant;
        this.model = model;
        this.config = config;
        this.inputs = newInputs();
    }

    private SampledProfile.Builder newInputs() {
        return config.reference() == null ? null
                : SampledProfile.builder(config.reference().schema(), WindowSettings.ofDefaults());
    }

    /** Adds one prediction; returns the closed window's metrics when this prediction completed it. */
    WindowMetrics record(PredictionEvent<?, ?> event, String label) {
        if (predictions == 0) {
            start = event.timestamp();
        }
        predictions++;
        latency.update(event.latencyNanos() / 1e9);
        if (!event.succeeded()) {
            errors++;
        } else {
            answers++;
            Object out = event.output().orElse(null);
            if (out == null || (out instanceof CharSequence cs && cs.length() == 0)
                    || (out instanceof Collection<?> c && c.isEmpty())) {
                nullOutputs++;
            } else if (label != null) {
                labels.computeIfAbsent(label, k -> new long[1])[0]++;
            }
            if (event.confidence().isPresent()) {
                withConfidence++;
                if (event.confidence().getAsDouble() < config.confidenceThreshold()) {
                    lowConfidence++;
                }
            }
        }
        if (event.input() instanceof Map<?, ?> map) {
            checkInput(map);
        }
        return predictions >= config.windowSize() ? close(event.timestamp()) : null;
    }

    @SuppressWarnings("unchecked")
    private void checkInput(Map<?, ?> map) {
        Map<String, ?> row = (Map<String, ?>) map;
        Schema schema = config.schema();
        if (schema != null) {
            for (Violation v : schema.validate(row)) {
                switch (v.rule()) {
                    case MISSING -> missing.computeIfAbsent(v.field(), k -> new long[1])[0]++;
                    case OUT_OF_RANGE, UNKNOWN_CATEGORY, WRONG_TYPE ->
                            outOfRange.computeIfAbsent(v.field(), k -> new long[1])[0]++;
                    case NON_FINITE -> nonFinite++;
                    default -> { }
                }
            }
        }
        if (inputs != null) {
            inputs.update(row);
        }
    }

    private WindowMetrics close(Instant end) {
        window++;
        double seconds = Duration.between(start, end).toNanos() / 1e9;
        Map<String, Double> missingRatio = ratios(missing, predictions);
        Map<String, Double> rangeRatio = ratios(outOfRange, predictions);
        Map<String, Double> shares = ratios(labels, Math.max(1, answers - nullOutputs));
        List<DriftedFeature> drifted = new ArrayList<>();
        double driftedShare = Double.NaN;
        if (inputs != null) {
            ReferenceProfile reference = config.reference();
            DatasetDriftReport report = WindowDriftCheck.ofDefaults().compare(reference, inputs.build());
            if (report.verdict() != Verdict.INSUFFICIENT_DATA) {
                driftedShare = report.driftedShare();
            }
            for (FeatureDrift f : report.features()) {
                if (f.verdict() == Verdict.DRIFT) {
                    drifted.add(new DriftedFeature(f.feature(), f.result().orElseThrow().statistic()));
                }
            }
            drifted.sort(Comparator.comparingDouble(DriftedFeature::statistic).reversed());
        }
        WindowMetrics metrics = new WindowMetrics(endpoint, variant, model, window, end, predictions,
                (double) errors / predictions, latency.getQuantile(0.50), latency.getQuantile(0.95),
                latency.getQuantile(0.99), seconds > 0 ? predictions / seconds : Double.NaN, missingRatio, rangeRatio,
                nonFinite, answers == 0 ? 0.0 : (double) nullOutputs / answers,
                withConfidence == 0 ? 0.0 : (double) lowConfidence / withConfidence, shares, drifted, driftedShare);
        reset();
        return metrics;
    }

    private void reset() {
        predictions = 0;
        errors = 0;
        answers = 0;
        nullOutputs = 0;
        withConfidence = 0;
        lowConfidence = 0;
        nonFinite = 0;
        missing.clear();
        outOfRange.clear();
        labels.clear();
        latency = KllDoublesSketch.newHeapInstance(LATENCY_K);
        inputs = newInputs();
    }

    private Map<String, Double> ratios(Map<String, long[]> counts, long total) {
        Map<String, Double> out = new TreeMap<>();
        if (config.schema() != null && (counts == missing || counts == outOfRange)) {
            for (Feature f : config.schema().features()) {
                out.put(f.name(), 0.0);
            }
        }
        counts.forEach((k, v) -> out.put(k, (double) v[0] / total));
        return out;
    }
}
