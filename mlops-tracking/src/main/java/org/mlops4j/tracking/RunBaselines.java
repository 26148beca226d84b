package org.mlops4j.tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Records {@link PerformanceBaseline}s in a run and compares the run's metrics with them. A baseline
 * named {@code <name>} is kept as plain run data, so every store (in-memory, SQLite, PostgreSQL,
 * MLflow) keeps it the same way and MLflow's UI shows it:
 * <ul>
 *   <li>one metric {@code baseline.<name>.<metric>} per metric, at step 0 (the first record; the
 *       next record of the same name one step past the last);</li>
 *   <li>the tags {@code mlops.baseline.<name>.kind} ({@link PerformanceBaseline.Kind} name),
 *       {@code mlops.baseline.<name>.metrics} (its metric keys, comma-separated, which no key may
 *       contain) and {@code mlops.baseline.<name>.source} (left out when the source is empty).</li>
 * </ul>
 * Recording a baseline again under the same name replaces it: its tags are overwritten and its
 * metrics get new latest values (at a higher step); a metric the new record lacks is left in the run's history but no
 * longer read as the baseline's. Metrics and tags are written in one batch.
 *
 * <p>Stateless and thread-safe.
 */
public final class RunBaselines {

    /** The prefix of a baseline's metric keys: {@code baseline.<name>.<metric>}. */
    public static final String METRIC_PREFIX = "baseline.";
    /** The prefix of a baseline's tag keys: {@code mlops.baseline.<name>.kind|metrics|source}. */
    public static final String TAG_PREFIX = "mlops.baseline.";

    private static final String KIND = ".kind";
    private static final String METRICS = ".metrics";
    private static final String SOURCE = ".source";

    private RunBaselines() {
    }

    /**
     * Records a baseline in a run.
     *
     * @param run the run
     * @param baseline the baseline
     * @return the run
     * @throws IllegalArgumentException if a metric key becomes longer than a key may be
     *     ({@link TrackingLimits#MAX_KEY_LENGTH}) with its prefix, or the metric list longer than a
     *     tag value may be
     */
    public static Run log(Run run, PerformanceBaseline baseline) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(baseline, "baseline");
        // A store's latest value is the one of the highest step (then the latest time, then the largest
        // value): a baseline recorded again goes one step past every value it had, so that it replaces them.
        Map<String, Metric> existing = run.info().latestMetrics();
        long step = 0;
        for (Map.Entry<String, Metric> e : existing.entrySet()) {
            if (e.getKey().startsWith(metricKey(baseline.name(), ""))) {
                step = Math.max(step, e.getValue().step() + 1);
            }
        }
        List<Metric> metrics = new ArrayList<>();
        var now = run.tracker().clock().now();
        for (Map.Entry<String, Double> e : baseline.metrics().entrySet()) {
            metrics.add(new Metric(TrackingLimits.checkKey(metricKey(baseline.name(), e.getKey()), "metric"),
                    e.getValue(), step, now));
        }
        String prefix = TAG_PREFIX + baseline.name();
        String keys = String.join(",", baseline.metrics().keySet());
        List<Tag> tags = new ArrayList<>(List.of(new Tag(prefix + KIND, baseline.kind().name()),
                new Tag(prefix + METRICS, keys)));
        if (!baseline.source().isEmpty()) {
            tags.add(new Tag(prefix + SOURCE, baseline.source()));
        }
        run.tracker().logBatch(run.id(), metrics, List.of(), tags);
        return run;
    }

    /**
     * The metric key a baseline's value of a metric is logged under.
     *
     * @param baseline the baseline's name
     * @param metric the metric key
     * @return {@code baseline.<baseline>.<metric>}
     */
    public static String metricKey(String baseline, String metric) {
        return METRIC_PREFIX + Objects.requireNonNull(baseline, "baseline") + "." + Objects.requireNonNull(metric,
                "metric");
    }

    /**
     * Reads the baselines recorded in a run.
     *
     * @param run the run, as a tracker returns it
     * @return its baselines, ordered by name; empty when none was recorded
     * @throws IllegalStateException if a baseline's tags name a kind or a metric the run does not
     *     hold (tags or metrics edited by hand)
     */
    public static List<PerformanceBaseline> read(RunInfo run) {
        Objects.requireNonNull(run, "run");
        TreeSet<String> names = new TreeSet<>();
        for (String tag : run.tags().keySet()) {
            if (tag.startsWith(TAG_PREFIX) && tag.endsWith(KIND)) {
                names.add(tag.substring(TAG_PREFIX.length(), tag.length() - KIND.length()));
            }
        }
        List<PerformanceBaseline> out = new ArrayList<>();
        for (String name : names) {
            String prefix = TAG_PREFIX + name;
            PerformanceBaseline.Kind kind;
            try {
                kind = PerformanceBaseline.Kind.valueOf(run.tags().get(prefix + KIND));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("run " + run.runId() + " has tag " + prefix + KIND + " = '"
                        + run.tags().get(prefix + KIND) + "', not one of " + Arrays.toString(
                        PerformanceBaseline.Kind.values()), e);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String key : run.tags().getOrDefault(prefix + METRICS, "").split(",")) {
                Metric m = run.latestMetrics().get(metricKey(name, key));
                if (m == null) {
                    throw new IllegalStateException("run " + run.runId() + " records baseline '" + name
                            + "' with metric '" + key + "' but has no metric " + metricKey(name, key));
                }
                metrics.put(key, m.value());
            }
            out.add(new PerformanceBaseline(name, kind, metrics, run.tags().getOrDefault(prefix + SOURCE, "")));
        }
        return out;
    }

    /**
     * Compares a run's latest value of a metric with each baseline recorded in the run that has the
     * metric (a baseline without it is left out).
     *
     * @param run the model's run, as a tracker returns it
     * @param metric the metric key, for example {@code accuracy}
     * @param goal whether larger ({@link Goal#MAX}) or smaller ({@link Goal#MIN}) values are better
     * @return one comparison per baseline with the metric, ordered by baseline name; empty when none
     *     has it
     * @throws IllegalArgumentException if the run has no such metric (the message lists the run's own
     *     metrics) or its latest value is NaN or infinite
     */
    public static List<BaselineComparison> compare(RunInfo run, String metric, Goal goal) {
        return compare(run, metric, goal, read(run));
    }

    /**
     * Compares a run's latest value of a metric with baselines kept anywhere (another run's, or
     * built in code), each one that has the metric.
     *
     * @param run the model's run
     * @param metric the metric key
     * @param goal whether larger or smaller values are better
     * @param baselines the baselines
     * @return one comparison per baseline with the metric, in the order given
     * @throws IllegalArgumentException as {@link #compare(RunInfo, String, Goal)}
     */
    public static List<BaselineComparison> compare(RunInfo run, String metric, Goal goal,
                                                   List<PerformanceBaseline> baselines) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(baselines, "baselines");
        Metric own = run.latestMetrics().get(metric);
        if (own == null) {
            TreeSet<String> ownKeys = new TreeSet<>();
            for (String key : run.latestMetrics().keySet()) {
                if (!key.startsWith(METRIC_PREFIX)) {
                    ownKeys.add(key);
                }
            }
            throw new IllegalArgumentException("run " + run.runId() + " has no metric '" + metric + "' to compare with"
                    + " its baselines; it has " + ownKeys);
        }
        if (!Double.isFinite(own.value())) {
            throw new IllegalArgumentException("metric '" + metric + "' of run " + run.runId()
                    + " must be finite to compare with baselines but was " + own.value());
        }
        List<BaselineComparison> out = new ArrayList<>();
        for (PerformanceBaseline b : baselines) {
            if (b.metrics().containsKey(metric)) {
                out.add(BaselineComparison.of(b, metric, own.value(), goal));
            }
        }
        return out;
    }
}
