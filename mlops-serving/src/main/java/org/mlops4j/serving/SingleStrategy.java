package org.mlops4j.serving;

import java.util.List;
import java.util.Objects;

/** One variant takes all traffic. */
final class SingleStrategy<I, O> implements DeploymentStrategy<I, O> {

    private final Variant<I, O> variant;

    SingleStrategy(Variant<I, O> variant) {
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    @Override
    public Variant<I, O> select(String routingKey) {
        return variant;
    }

    @Override
    public Variant<I, O> fallback() {
        return variant;
    }

    @Override
    public List<Variant<I, O>> variants() {
        return List.of(variant);
    }

    @Override
    public String toString() {
        return "single(" + variant + ")";
    }
}
