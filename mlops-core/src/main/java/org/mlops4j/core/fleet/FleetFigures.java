package org.mlops4j.core.fleet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.signal.VariantFigures;
import org.mlops4j.core.signal.VariantFiguresSource;

/**
 * The fleet-wide figures of a variant: the merge of every replica's windows that started in a time
 * range, read from a {@link FleetWindows} store at each call, as the {@link VariantFigures} a
 * rollout's analysis reads.
 *
 * <p>Two figures differ from a single monitor's: the latencies are not the most recent ones but up to
 * {@link #LATENCY_SAMPLE} values at evenly spaced ranks of the merged {@link LatencySketch} (in
 * increasing order, each within its relative accuracy), and {@code labelled} and {@code correct} count
 * the labels that arrived while the windows were open ({@link VariantAggregate}), not the labels of
 * those windows' predictions. Thread-safe as its store is.
 */
public final class FleetFigures implements VariantFiguresSource {

    /** At most this many latencies stand for the merged latency sketch in the figures. */
    public static final int LATENCY_SAMPLE = 5_000;

    private final FleetWindows windows;
    private final Instant from;
    private final Instant to;

    private FleetFigures(FleetWindows windows, Instant from, Instant to) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("to must be after from " + from + " but was " + to);
        }
    }

    /**
     * The figures of the windows that started at or after a time, up to now and on.
     *
     * @param windows the fleet's store
     * @param from the earliest window start, inclusive
     * @return the source
     */
    public static FleetFigures since(FleetWindows windows, Instant from) {
        return new FleetFigures(windows, from, Instant.MAX);
    }

    /**
     * The figures of the windows that started in {@code [from, to)}.
     *
     * @param windows the fleet's store
     * @param from the earliest window start, inclusive
     * @param to the latest window start, exclusive
     * @return the source
     * @throws IllegalArgumentException if {@code to} is not after {@code from}
     */
    public static FleetFigures between(FleetWindows windows, Instant from, Instant to) {
        return new FleetFigures(windows, from, to);
    }

    @Override
    public Optional<VariantFigures> figures(String endpoint, String variant, ModelRef model) {
        return windows.merged(endpoint, variant, model, from, to).map(a -> figures(endpoint, variant, model, a));
    }

    /**
     * Turns a merged aggregate into figures.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @param a the merged aggregate
     * @return the figures, with a latency sample of the sketch
     */
    public static VariantFigures figures(String endpoint, String variant, ModelRef model, VariantAggregate a) {
        LatencySketch latency = a.latency();
        int k = (int) Math.min(latency.count(), LATENCY_SAMPLE);
        double[] sample = new double[k];
        for (int i = 0; i < k; i++) {
            // The middle rank of each of k equal slices of the sorted latencies.
            sample[i] = latency.atRank((long) ((i + 0.5) * latency.count() / k));
        }
        return new VariantFigures(endpoint, variant, model, a.requests(), a.errors(), a.timeouts(), a.fallbacks(),
                latency.count(), sample, a.predictedLabels(), a.labelled(), a.correct());
    }

    @Override
    public String toString() {
        return "FleetFigures[" + windows + ", windows starting in [" + from + ", " + to + ")]";
    }
}
