package org.mlops4j.core.features;

import java.util.List;

/** Reads inputs of one type through accessors resolved at bind time. */
final class TypedReader<T> implements FeatureReader<T> {

    private final Class<T> type;
    private final Accessors accessors;

    TypedReader(Class<T> type, List<String> features) {
        this.type = type;
        this.accessors = new Accessors(type, Names.check(features));
    }

    @Override
    public List<String> features() {
        return List.of(accessors.features);
    }

    @Override
    public boolean canRead(Object input) {
        return type.isInstance(input);
    }

    @Override
    public Object value(T input, int feature) {
        return accessors.read(input, feature);
    }

    @Override
    public String toString() {
        return "FeatureReader[" + type.getName() + " " + features() + "]";
    }
}
