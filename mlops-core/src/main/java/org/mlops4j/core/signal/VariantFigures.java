package org.mlops4j.core.signal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.registry.ModelRef;

/**
 * What one variant of an endpoint did, counted since its monitor first saw it: the figures a
 * rollout's analysis compares between champion and candidate. Counters only grow, so the figures of
 * a period (a rollout step) are the difference of two snapshots ({@link #since}).
 *
 * <p>Requests are the calls routed to this variant; an answer it gave as the fallback of another
 * variant that failed is counted in {@code fallbacks}, not in {@code requests}, so that a traffic
 * split is judged on routing alone.
 *
 * @param endpoint the endpoint
 * @param variant the variant
 * @param model the model version serving as that variant
 * @param requests calls routed to this variant, answered or failed
 * @param errors routed calls that failed (timeouts included)
 * @param timeouts routed calls that timed out
 * @param fallbacks attempts this variant made as the fallback of another one
 * @param latencies answered routed calls whose latency was recorded
 * @param recentLatenciesMillis the latencies of the most recent answered routed calls (up to a bound
 *     the source chooses), oldest first, in milliseconds
 * @param predictedLabels routed answers (fallback answers excluded) per predicted label (classifiers; empty
 *     otherwise)
 * @param labelled routed answers (fallback answers excluded) joined with a ground-truth label
 * @param correct those of them whose label was the truth
 */
public record VariantFigures(String endpoint, String variant, ModelRef model, long requests, long errors,
                             long timeouts, long fallbacks, long latencies, double[] recentLatenciesMillis,
                             Map<String, Long> predictedLabels, long labelled, long correct) {

    /**
     * Validates and copies the figures.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version serving as that variant
     * @param requests calls routed to this variant, answered or failed
     * @param errors routed calls that failed (timeouts included)
     * @param timeouts routed calls that timed out
     * @param fallbacks attempts this variant made as the fallback of another one
     * @param latencies answered routed calls whose latency was recorded
     * @param recentLatenciesMillis the latencies of the most recent answered routed calls (up to a bound
     *     the source chooses), oldest first, in milliseconds
     * @param predictedLabels routed answers (fallback answers excluded) per predicted label (classifiers; empty
     *     otherwise)
     * @param labelled routed answers (fallback answers excluded) joined with a ground-truth label
     * @param correct those of them whose label was the truth
     * @throws IllegalArgumentException if a count is negative or a part exceeds its whole
     */
    public VariantFigures {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(model, "model");
        recentLatenciesMillis = Objects.requireNonNull(recentLatenciesMillis, "recentLatenciesMillis").clone();
        predictedLabels = Map.copyOf(Objects.requireNonNull(predictedLabels, "predictedLabels"));
        if (requests < 0 || errors < 0 || timeouts < 0 || fallbacks < 0 || latencies < 0 || labelled < 0
                || correct < 0) {
            throw new IllegalArgumentException("variant figures must not be negative but were requests=" + requests
                    + ", errors=" + errors + ", timeouts=" + timeouts + ", fallbacks=" + fallbacks + ", latencies="
                    + latencies + ", labelled=" + labelled + ", correct=" + correct);
        }
        if (errors > requests || timeouts > errors || correct > labelled
                || recentLatenciesMillis.length > latencies) {
            throw new IllegalArgumentException("variant figures must have errors <= requests, timeouts <= errors, "
                    + "correct <= labelled and no more recent latencies than latencies, but were requests=" + requests
                    + ", errors=" + errors + ", timeouts=" + timeouts + ", labelled=" + labelled + ", correct="
                    + correct + ", latencies=" + latencies + " (" + recentLatenciesMillis.length + " recent)");
        }
    }

    /**
     * No traffic yet for a variant.
     *
     * @param endpoint the endpoint
     * @param variant the variant
     * @param model the model version
     * @return figures of zero
     */
    public static VariantFigures none(String endpoint, String variant, ModelRef model) {
        return new VariantFigures(endpoint, variant, model, 0, 0, 0, 0, 0, new double[0], Map.of(), 0, 0);
    }

    /** @return a copy of the recent latencies, oldest first, in milliseconds */
    @Override
    public double[] recentLatenciesMillis() {
        return recentLatenciesMillis.clone();
    }

    /**
     * The figures of the period since an earlier snapshot of the same variant: counters
     * subtracted, and the latencies recorded since then (as many of them as this snapshot still
     * holds).
     *
     * @param earlier a snapshot of the same endpoint, variant and model, taken before this one
     * @return the period's figures
     * @throws IllegalArgumentException if the snapshots are of different variants, or the earlier
     *     one counts more than this one
     */
    public VariantFigures since(VariantFigures earlier) {
        Objects.requireNonNull(earlier, "earlier");
        if (!earlier.endpoint.equals(endpoint) || !earlier.variant.equals(variant) || !earlier.model.equals(model)) {
            throw new IllegalArgumentException("cannot subtract figures of " + earlier.endpoint + "/" + earlier.variant
                    + "/" + earlier.model + " from " + endpoint + "/" + variant + "/" + model);
        }
        long newLatencies = latencies - earlier.latencies;
        int keep = (int) Math.min(Math.max(0, newLatencies), recentLatenciesMillis.length);
        double[] recent = Arrays.copyOfRange(recentLatenciesMillis, recentLatenciesMillis.length - keep,
                recentLatenciesMillis.length);
        Map<String, Long> labels = new LinkedHashMap<>();
        predictedLabels.forEach((label, n) -> {
            long d = n - earlier.predictedLabels.getOrDefault(label, 0L);
            if (d > 0) {
                labels.put(label, d);
            }
        });
        return new VariantFigures(endpoint, variant, model, requests - earlier.requests, errors - earlier.errors,
                timeouts - earlier.timeouts, fallbacks - earlier.fallbacks, newLatencies, recent, labels,
                labelled - earlier.labelled, correct - earlier.correct);
    }

    /** @return errors / requests, NaN before any request */
    public double errorRate() {
        return requests == 0 ? Double.NaN : (double) errors / requests;
    }

    /** @return correct / labelled, NaN before any label */
    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VariantFigures f && f.endpoint.equals(endpoint) && f.variant.equals(variant)
                && f.model.equals(model) && f.requests == requests && f.errors == errors && f.timeouts == timeouts
                && f.fallbacks == fallbacks && f.latencies == latencies
                && Arrays.equals(f.recentLatenciesMillis, recentLatenciesMillis)
                && f.predictedLabels.equals(predictedLabels) && f.labelled == labelled && f.correct == correct;
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, variant, model, requests, errors, timeouts, fallbacks, latencies,
                Arrays.hashCode(recentLatenciesMillis), predictedLabels, labelled, correct);
    }

    @Override
    public String toString() {
        return "VariantFigures[" + endpoint + "/" + variant + " " + model + ": requests=" + requests + ", errors="
                + errors + ", timeouts=" + timeouts + ", fallbacks=" + fallbacks + ", latencies=" + latencies
                + ", labelled=" + labelled + ", correct=" + correct + ", labels=" + predictedLabels + "]";
    }
}
