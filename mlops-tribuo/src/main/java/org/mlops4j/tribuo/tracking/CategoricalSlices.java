package org.mlops4j.tribuo.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Output;

/**
 * One slice per value of a one-hot categorical feature ({@link Slices#byCategoricalFeature}).
 * Immutable and thread-safe.
 *
 * @param <T> the output type
 */
final class CategoricalSlices<T extends Output<T>> implements Slices<T> {

    private final String feature;
    private final String prefix;

    CategoricalSlices(String feature) {
        this.feature = feature;
        this.prefix = feature + "@";
    }

    @Override
    public List<Slice<T>> slices(Dataset<T> evaluation) {
        TreeSet<String> values = new TreeSet<>();
        for (Example<T> example : evaluation) {
            for (Feature f : example) {
                if (f.getName().startsWith(prefix) && f.getValue() != 0.0) {
                    values.add(f.getName().substring(prefix.length()));
                }
            }
        }
        List<Slice<T>> slices = new ArrayList<>(values.size());
        for (String value : values) {
            String name = prefix + value;
            slices.add(new Slice<>(name, e -> {
                Feature f = e.lookup(name);
                return f != null && f.getValue() != 0.0;
            }));
        }
        return slices;
    }

    @Override
    public String toString() {
        return "Slices.byCategoricalFeature(" + feature + ")";
    }
}
