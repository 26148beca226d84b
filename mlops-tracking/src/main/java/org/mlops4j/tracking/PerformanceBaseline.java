package org.mlops4j.tracking;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mlops4j.core.registry.ModelVersion;

/**
 * What a model has to beat to be worth serving: the metrics of human-level performance, of a
 * trivial model (the majority class, the mean: {@link TrivialBaselines}) or of the model it would
 * replace. {@link RunBaselines#log} records one in a run and {@link RunBaselines#compare} reports
 * the run's own metric against each one recorded.
 *
 * @param name the baseline's name in the run, 1 to 64 letters, digits, {@code _} or {@code -}
 *     (for example {@code human}, {@code majority}, {@code v1}): it becomes part of metric keys
 * @param kind what the baseline is
 * @param metrics metric key (as the model's run logs it, for example {@code accuracy}) to the
 *     baseline's value; at least one, every value finite; kept in the order given
 * @param source where the figures come from, for people (for example {@code 3 labellers on 500
 *     transactions}, {@code run 4f2c...}); may be empty, at most 1,000 characters
 */
public record PerformanceBaseline(String name, Kind kind, Map<String, Double> metrics, String source) {

    /** The longest {@link #source()}. */
    public static final int MAX_SOURCE_LENGTH = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** What a baseline is. */
    public enum Kind {
        /** Human-level performance: what people achieve at the task (Bayes error's usual proxy). */
        HUMAN_LEVEL,
        /** A trivial model: the majority class, the mean of the target ({@link TrivialBaselines}). */
        TRIVIAL,
        /** A previous model: the metrics of another run or of a registered model version's run. */
        PREVIOUS_MODEL
    }

    /**
     * Validates and freezes the components.
     *
     * @param name the baseline's name, 1 to 64 letters, digits, {@code _} or {@code -}
     * @param kind what the baseline is
     * @param metrics metric key to value; at least one, every value finite
     * @param source where the figures come from; may be empty, at most 1,000 characters
     * @throws NullPointerException if a component, a metric key or a value is null
     * @throws IllegalArgumentException naming the field and value: a bad name, no metric, an
     *     invalid metric key ({@link TrackingLimits#checkKey}), a value that is NaN or infinite, or a
     *     source too long
     */
    public PerformanceBaseline {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1 to 64 letters, digits, '_' or '-' but was '"
                    + TrackingLimits.abbreviate(name) + "'");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metrics, "metrics");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("metrics of baseline '" + name + "' must hold at least one metric but"
                    + " was empty");
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            TrackingLimits.checkKey(key, "metric");
            Objects.requireNonNull(value, "value of metric '" + key + "' of baseline '" + name + "'");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metric '" + key + "' of baseline '" + name
                        + "' must be finite but was " + value);
            }
            copy.put(key, value);
        });
        metrics = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(source, "source");
        if (source.length() > MAX_SOURCE_LENGTH) {
            throw new IllegalArgumentException("source of baseline '" + name + "' must be at most " + MAX_SOURCE_LENGTH
                    + " characters but was " + source.length());
        }
    }

    /**
     * Human-level performance.
     *
     * @param name the baseline's name, for example {@code human}
     * @param metrics metric key to value, for example {@code accuracy -> 0.95}
     * @param source who and how, for example {@code 3 fraud analysts on 500 transactions}
     * @return the baseline
     * @throws IllegalArgumentException as the constructor
     */
    public static PerformanceBaseline humanLevel(String name, Map<String, Double> metrics, String source) {
        return new PerformanceBaseline(name, Kind.HUMAN_LEVEL, metrics, source);
    }

    /**
     * A trivial model's figures, computed elsewhere; {@link TrivialBaselines} computes the usual ones.
     *
     * @param name the baseline's name, for example {@code majority}
     * @param metrics metric key to value
     * @param source what the trivial model predicts
     * @return the baseline
     * @throws IllegalArgumentException as the constructor
     */
    public static PerformanceBaseline trivial(String name, Map<String, Double> metrics, String source) {
        return new PerformanceBaseline(name, Kind.TRIVIAL, metrics, source);
    }

    /**
     * A previous model's figures: the latest values of some metrics of its run.
     *
     * @param name the baseline's name, for example {@code previous}
     * @param run the previous model's run
     * @param metricKeys the metrics to take
     * @return the baseline, its source {@code run <id>}
     * @throws IllegalArgumentException if {@code metricKeys} is empty, or the run lacks one of them
     *     (the message lists what it has) or holds NaN or an infinity for it
     */
    public static PerformanceBaseline previousModel(String name, RunInfo run, Collection<String> metricKeys) {
        return previousModel(name, run, metricKeys, "run " + Objects.requireNonNull(run, "run").runId());
    }

    /**
     * A previous model's figures from its run in a tracker.
     *
     * @param name the baseline's name
     * @param tracker where the run is
     * @param runId the previous model's run
     * @param metricKeys the metrics to take
     * @return the baseline, its source {@code run <id>}
     * @throws RunNotFoundException if the tracker has no such run
     * @throws IllegalArgumentException as {@link #previousModel(String, RunInfo, Collection)}
     */
    public static PerformanceBaseline previousModel(String name, Tracker tracker, String runId,
                                                    Collection<String> metricKeys) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(runId, "runId");
        return previousModel(name, tracker.run(runId).orElseThrow(() -> new RunNotFoundException(runId)), metricKeys);
    }

    /**
     * A registered model version's figures: the metrics of the run it was registered from
     * ({@link ModelVersion#sourceRunId()}).
     *
     * @param name the baseline's name, for example {@code v1}
     * @param tracker where the version's source run is
     * @param version the previous model version
     * @param metricKeys the metrics to take
     * @return the baseline, its source {@code models:/<name>/<version> (run <id>)}
     * @throws IllegalArgumentException if the version has no source run, or as
     *     {@link #previousModel(String, RunInfo, Collection)}
     * @throws RunNotFoundException if the tracker does not have the version's source run
     */
    public static PerformanceBaseline previousModel(String name, Tracker tracker, ModelVersion version,
                                                    Collection<String> metricKeys) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(version, "version");
        String runId = version.sourceRunId().orElseThrow(() -> new IllegalArgumentException("model version "
                + version.uri() + " has no source run to take baseline metrics from"));
        RunInfo run = tracker.run(runId).orElseThrow(() -> new RunNotFoundException(runId));
        return previousModel(name, run, metricKeys, version.uri() + " (run " + runId + ")");
    }

    private static PerformanceBaseline previousModel(String name, RunInfo run, Collection<String> metricKeys,
                                                     String source) {
        Objects.requireNonNull(metricKeys, "metricKeys");
        if (metricKeys.isEmpty()) {
            throw new IllegalArgumentException("metricKeys of baseline '" + name + "' must name at least one metric "
                    + "of run " + run.runId() + " but was empty");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String key : metricKeys) {
            Metric m = run.latestMetrics().get(Objects.requireNonNull(key, "metric key"));
            if (m == null) {
                throw new IllegalArgumentException("run " + run.runId() + " has no metric '" + key + "'; it has "
                        + new TreeSet<>(run.latestMetrics().keySet()));
            }
            values.put(key, m.value());
        }
        return new PerformanceBaseline(name, Kind.PREVIOUS_MODEL, values, source);
    }
}
