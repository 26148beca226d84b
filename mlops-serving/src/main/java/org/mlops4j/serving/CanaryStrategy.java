package org.mlops4j.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A candidate takes a sticky share of traffic by bucket; see {@link DeploymentStrategy#canary}. */
final class CanaryStrategy<I, O> implements DeploymentStrategy<I, O> {

    private final Variant<I, O> champion;
    private final Variant<I, O> candidate;
    private final int weight;
    private final String salt;

    CanaryStrategy(Variant<I, O> champion, Variant<I, O> candidate, int weight, String salt) {
        this.champion = Objects.requireNonNull(champion, "champion");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.weight = Buckets.checkWeight("weightBasisPoints", weight);
        this.salt = Objects.requireNonNull(salt, "salt");
        if (champion.name().equals(candidate.name())) {
            throw new IllegalArgumentException("champion and candidate must have different names but both are '"
                    + champion.name() + "'");
        }
    }

    @Override
    public Variant<I, O> select(String routingKey) {
        return Buckets.ofNullable(salt, routingKey) < weight ? candidate : champion;
    }

    @Override
    public Variant<I, O> fallback() {
        return champion;
    }

    @Override
    public List<Variant<I, O>> variants() {
        return List.of(champion, candidate);
    }

    @Override
    public Map<String, Double> trafficShares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put(champion.name(), (Buckets.BUCKETS - weight) / (double) Buckets.BUCKETS);
        shares.put(candidate.name(), weight / (double) Buckets.BUCKETS);
        return shares;
    }

    @Override
    public String toString() {
        return "canary(" + champion + ", " + candidate + " at " + weight + " bp)";
    }
}
