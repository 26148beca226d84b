package org.mlops4j.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * N runs side by side: the params whose values differ between them, and the latest value of every
 * metric any of them logged; {@link #againstBaselines} puts each run's metric next to the baselines
 * recorded in it ({@link RunBaselines}).
 *
 * @param runs the runs, in the order asked for
 * @param differingParams param key to (run id to value) for params not equal in every run; a run
 *     without the param is absent from the inner map
 * @param latestMetrics metric key to (run id to latest value)
 */
public record RunComparison(List<RunInfo> runs, Map<String, Map<String, String>> differingParams,
                            Map<String, Map<String, Double>> latestMetrics) {

    /**
     * Freezes the components.
     *
     * @param runs the runs, in the order asked for
     * @param differingParams param key to (run id to value) for params not equal in every run; a run
     *     without the param is absent from the inner map
     * @param latestMetrics metric key to (run id to latest value)
     */
    public RunComparison {
        runs = List.copyOf(runs);
        differingParams = Map.copyOf(differingParams);
        latestMetrics = Map.copyOf(latestMetrics);
    }

    /**
     * Compares runs.
     *
     * @param runs the runs
     * @return the comparison
     */
    public static RunComparison of(List<RunInfo> runs) {
        Objects.requireNonNull(runs, "runs");
        TreeSet<String> paramKeys = new TreeSet<>();
        TreeSet<String> metricKeys = new TreeSet<>();
        for (RunInfo r : runs) {
            paramKeys.addAll(r.params().keySet());
            metricKeys.addAll(r.latestMetrics().keySet());
        }
        Map<String, Map<String, String>> differing = new TreeMap<>();
        for (String key : paramKeys) {
            Map<String, String> values = new LinkedHashMap<>();
            for (RunInfo r : runs) {
                String v = r.params().get(key);
                if (v != null) {
                    values.put(r.runId(), v);
                }
            }
            if (values.size() < runs.size() || values.values().stream().distinct().count() > 1) {
                differing.put(key, Map.copyOf(values));
            }
        }
        Map<String, Map<String, Double>> metrics = new TreeMap<>();
        for (String key : metricKeys) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (RunInfo r : runs) {
                Metric m = r.latestMetrics().get(key);
                if (m != null) {
                    values.put(r.runId(), m.value());
                }
            }
            metrics.put(key, Map.copyOf(values));
        }
        return new RunComparison(runs, differing, metrics);
    }

    /**
     * Each run's latest value of a metric against the baselines recorded in that run
     * ({@link RunBaselines#compare(RunInfo, String, Goal)}).
     *
     * @param metric the metric key, for example {@code accuracy}
     * @param goal whether larger or smaller values are better
     * @return run id to its comparisons (ordered by baseline name), in the order of {@link #runs()};
     *     a run without the metric, or without a baseline that has it, is left out
     * @throws IllegalArgumentException if no run has the metric, or a run's latest value of it is
     *     NaN or infinite
     */
    public Map<String, List<BaselineComparison>> againstBaselines(String metric, Goal goal) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        if (!latestMetrics.containsKey(metric)) {
            throw new IllegalArgumentException("no run of the comparison has metric '" + metric + "'; they have "
                    + new TreeSet<>(latestMetrics.keySet()));
        }
        Map<String, List<BaselineComparison>> out = new LinkedHashMap<>();
        for (RunInfo r : runs) {
            if (r.latestMetrics().containsKey(metric)) {
                List<BaselineComparison> c = RunBaselines.compare(r, metric, goal);
                if (!c.isEmpty()) {
                    out.put(r.runId(), c);
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
