package org.mlops4j.core.features;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads inputs of one type through one hand-written function per feature. */
final class FieldsReader<T> implements FeatureReader<T> {

    private final Class<T> type;
    private final String[] features;
    private final Function<? super T, ?>[] functions;

    @SuppressWarnings({"unchecked", "rawtypes"})
    FieldsReader(Class<T> type, List<String> features, Map<String, Function<? super T, ?>> fields) {
        this.type = type;
        this.features = Names.check(features);
        this.functions = new Function[this.features.length];
        for (int i = 0; i < this.features.length; i++) {
            functions[i] = fields.get(this.features[i]);
        }
    }

    @Override
    public List<String> features() {
        return List.of(features);
    }

    @Override
    public boolean canRead(Object input) {
        return type.isInstance(input);
    }

    @Override
    public Object value(T input, int feature) {
        Function<? super T, ?> f = functions[feature];
        if (f == null) {
            return null;
        }
        try {
            return f.apply(input);
        } catch (RuntimeException e) {
            throw new IllegalStateException("reading feature '" + features[feature] + "' of " + type.getName()
                    + " failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "FeatureReader[" + type.getName() + " fields " + List.of(features) + "]";
    }
}
