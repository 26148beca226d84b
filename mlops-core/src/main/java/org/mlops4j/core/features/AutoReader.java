package org.mlops4j.core.features;

import java.util.List;
import java.util.Map;

/** Reads maps by key and any other object through its accessors, resolved once per class. */
final class AutoReader implements FeatureReader<Object> {

    private final String[] features;
    private final ClassValue<Accessors> accessors = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return new Accessors(type, features);
        }
    };
    /** The last class read: most services send one input type, so this check almost always hits. */
    private volatile Accessors last;

    AutoReader(List<String> features) {
        this.features = Names.check(features);
    }

    @Override
    public List<String> features() {
        return List.of(features);
    }

    @Override
    public boolean canRead(Object input) {
        if (input == null) {
            return false;
        }
        return input instanceof Map<?, ?> || accessors(input.getClass()).found > 0;
    }

    @Override
    public Object value(Object input, int feature) {
        if (input instanceof Map<?, ?> map) {
            return map.get(features[feature]);
        }
        return accessors(input.getClass()).read(input, feature);
    }

    private Accessors accessors(Class<?> type) {
        Accessors a = last;
        if (a == null || a.type != type) {
            a = accessors.get(type);
            last = a;
        }
        return a;
    }

    @Override
    public String toString() {
        return "FeatureReader[auto " + List.of(features) + "]";
    }
}
