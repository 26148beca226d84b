package org.mlops4j.tracking;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The order of search results: by a metric's latest value, or by start time. Runs without the
 * metric, or whose latest value is NaN, come last in either direction; ties are broken by start
 * time (newest first) and then run id, so paging is stable.
 *
 * @param metricKey the metric to order by; empty to order by start time
 * @param ascending true for smallest first
 */
public record RunOrder(Optional<String> metricKey, boolean ascending) {

    /**
     * Validates the order.
     *
     * @param metricKey the metric to order by; empty to order by start time
     * @param ascending true for smallest first
     */
    public RunOrder {
        Objects.requireNonNull(metricKey, "metricKey");
        metricKey.ifPresent(k -> TrackingLimits.checkKey(k, "metric"));
    }

    /** @return newest run first, the default */
    public static RunOrder newestFirst() {
        return new RunOrder(Optional.empty(), false);
    }

    /**
     * Orders by a metric.
     *
     * @param key the metric key
     * @param goal {@link Goal#MAX} for largest first, {@link Goal#MIN} for smallest first
     * @return the order
     */
    public static RunOrder byMetric(String key, Goal goal) {
        return new RunOrder(Optional.of(key), Objects.requireNonNull(goal, "goal") == Goal.MIN);
    }

    /**
     * Returns the comparator that implements this order, for in-memory stores.
     *
     * @return the comparator
     */
    public Comparator<RunInfo> comparator() {
        Comparator<RunInfo> byStart = Comparator.comparing(RunInfo::startTime).reversed();
        Comparator<RunInfo> tail = byStart.thenComparing(RunInfo::runId);
        if (metricKey.isEmpty()) {
            return ascending ? Comparator.comparing(RunInfo::startTime).thenComparing(RunInfo::runId) : tail;
        }
        String key = metricKey.get();
        Comparator<RunInfo> byMetric = (a, b) -> {
            Double va = value(a, key);
            Double vb = value(b, key);
            if (va == null || vb == null) {
                return va == null ? (vb == null ? 0 : 1) : -1;
            }
            return ascending ? Double.compare(va, vb) : Double.compare(vb, va);
        };
        return byMetric.thenComparing(tail);
    }

    private static Double value(RunInfo run, String key) {
        Metric m = run.latestMetrics().get(key);
        return m == null || Double.isNaN(m.value()) ? null : m.value();
    }
}
