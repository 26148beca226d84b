package org.mlops4j.monitoring.segment;

/**
 * Names the segment of a model input: a country, a customer tier, a channel. Called on the serving
 * thread for every prediction, so it must be cheap (read a field, no I/O, no allocation when it
 * can: return a constant or a string the input already holds) and thread-safe. A function that
 * throws never fails the caller: the monitor counts and logs it and leaves the row out of every
 * segment ({@link SegmentWindow#unassigned()}).
 */
@FunctionalInterface
public interface SegmentFunction {

    /**
     * Names the segment of an input.
     *
     * @param input the model input, as the endpoint received it (a map, a record, a bean)
     * @return the segment's name; null, or a name outside the kept segments, means
     *     {@link Segmentation#OTHER}
     */
    String segmentOf(Object input);

    /**
     * A function reading one key of a map input, for inputs and reference rows that are maps.
     *
     * @param key the key whose value names the segment ({@code String.valueOf} of it)
     * @return the function; an input that is not a map, or has no value for {@code key}, is in
     *     {@link Segmentation#OTHER}
     * @throws NullPointerException if {@code key} is null
     */
    static SegmentFunction mapKey(String key) {
        java.util.Objects.requireNonNull(key, "key");
        return input -> {
            if (input instanceof java.util.Map<?, ?> map) {
                Object value = map.get(key);
                return value == null ? null : value instanceof String s ? s : String.valueOf(value);
            }
            return null;
        };
    }
}
