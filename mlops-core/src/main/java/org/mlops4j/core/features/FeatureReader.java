package org.mlops4j.core.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a fixed list of features out of inputs: made by {@link FeatureExtractor#bind}. Thread-safe.
 *
 * @param <I> the input type
 */
public interface FeatureReader<I> {

    /** @return the features read, in index order */
    List<String> features();

    /**
     * Tells whether an input is one this reader can read. A monitor that meets an input it cannot
     * read counts it as unreadable instead of reporting its features missing.
     *
     * @param input the input, possibly null
     * @return true when {@link #value} may be called with it
     */
    boolean canRead(Object input);

    /**
     * Reads one feature of an input.
     *
     * @param input an input for which {@link #canRead} is true
     * @param feature the feature's index in {@link #features()}
     * @return the value, or null when the input has none for this feature
     * @throws IllegalStateException when an accessor of the input throws (the cause is attached)
     */
    Object value(I input, int feature);

    /**
     * Reads every feature of an input into a new map, in feature order: the form profiles and
     * logs take. Allocates; not for the serving path.
     *
     * @param input an input for which {@link #canRead} is true
     * @return feature name to value (null for a missing value)
     */
    default Map<String, Object> toMap(I input) {
        List<String> names = features();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), value(input, i));
        }
        return row;
    }
}
