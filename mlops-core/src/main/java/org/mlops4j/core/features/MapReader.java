package org.mlops4j.core.features;

import java.util.List;
import java.util.Map;

/** Reads {@link Map} inputs by key. */
final class MapReader implements FeatureReader<Map<String, ?>> {

    private final String[] features;

    MapReader(List<String> features) {
        this.features = Names.check(features);
    }

    @Override
    public List<String> features() {
        return List.of(features);
    }

    @Override
    public boolean canRead(Object input) {
        return input instanceof Map<?, ?>;
    }

    @Override
    public Object value(Map<String, ?> input, int feature) {
        return input.get(features[feature]);
    }

    @Override
    public String toString() {
        return "FeatureReader[maps " + List.of(features) + "]";
    }
}
