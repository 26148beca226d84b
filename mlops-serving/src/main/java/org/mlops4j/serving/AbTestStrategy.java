package org.mlops4j.serving;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** N variants share traffic by weights over consecutive bucket ranges; see {@link DeploymentStrategy#abTest}. */
final class AbTestStrategy<I, O> implements DeploymentStrategy<I, O> {

    private final List<Variant<I, O>> variants;
    private final int[] upperBounds;
    private final String salt;

    AbTestStrategy(Map<Variant<I, O>, Integer> weights, String salt) {
        Objects.requireNonNull(weights, "weights");
        this.salt = Objects.requireNonNull(salt, "salt");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("an A/B test needs at least one variant");
        }
        this.variants = new ArrayList<>(weights.size());
        this.upperBounds = new int[weights.size()];
        Set<String> names = new HashSet<>();
        int total = 0;
        int i = 0;
        for (Map.Entry<Variant<I, O>, Integer> e : weights.entrySet()) {
            Variant<I, O> v = Objects.requireNonNull(e.getKey(), "variant");
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("variant names must be unique but '" + v.name() + "' appears twice");
            }
            total += Buckets.checkWeight("weight of " + v.name(), Objects.requireNonNull(e.getValue(), "weight"));
            variants.add(v);
            upperBounds[i++] = total;
        }
        if (total != Buckets.BUCKETS) {
            throw new IllegalArgumentException("A/B weights must sum to 10000 basis points but sum to " + total);
        }
    }

    @Override
    public Variant<I, O> select(String routingKey) {
        int bucket = Buckets.ofNullable(salt, routingKey);
        for (int i = 0; i < upperBounds.length; i++) {
            if (bucket < upperBounds[i]) {
                return variants.get(i);
            }
        }
        return variants.get(variants.size() - 1);
    }

    @Override
    public Variant<I, O> fallback() {
        return variants.get(0);
    }

    @Override
    public Map<String, Double> trafficShares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        int lower = 0;
        for (int i = 0; i < variants.size(); i++) {
            shares.put(variants.get(i).name(), (upperBounds[i] - lower) / (double) Buckets.BUCKETS);
            lower = upperBounds[i];
        }
        return shares;
    }

    @Override
    public List<Variant<I, O>> variants() {
        return List.copyOf(variants);
    }

    @Override
    public String toString() {
        return "abTest" + variants;
    }
}
