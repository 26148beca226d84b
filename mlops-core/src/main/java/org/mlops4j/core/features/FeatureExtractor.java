package org.mlops4j.core.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads named feature values out of a model's inputs, whatever their type: maps, records, plain
 * Java objects, protobuf messages, Tribuo examples. A monitor reads the features of its schema
 * through one; so do reference profiles, the dataset drift detector and the prediction log.
 *
 * <pre>{@code
 * FeatureExtractor.auto()                                    // maps, records and getters, by name
 * FeatureExtractor.reflective(Transaction.class)             // one record or bean type
 * FeatureExtractor.fields(Payment.class, Map.of(             // hand-written, e.g. a protobuf message
 *         "amount", Payment::getAmount, "country", p -> p.getAddress().getCountry()))
 * }</pre>
 *
 * <p>{@link #bind} resolves the features once (reflection happens there, or once per input class),
 * so that reading a value on the serving path is a method-handle call or a map lookup with no
 * allocation. Implementations are immutable and thread-safe.
 *
 * @param <I> the input type it reads
 */
@FunctionalInterface
public interface FeatureExtractor<I> {

    /**
     * Prepares to read these features.
     *
     * @param features the feature names, in the order {@link FeatureReader#value} indexes them
     * @return the reader
     * @throws IllegalArgumentException if a name is blank or repeated
     */
    FeatureReader<I> bind(List<String> features);

    /**
     * Reads any input with no configuration: a {@link Map} by key; any other object by its features'
     * names, resolved once per class: a record's components, else public getters ({@code getX()},
     * {@code isX()} or {@code x()}) and public fields. A name in snake or kebab case
     * ({@code new_customer}) also matches its camel-case accessor ({@code newCustomer()}). An input
     * none of whose accessors match a feature cannot be read ({@link FeatureReader#canRead} is false);
     * an accessor that is absent reads as null (a missing value).
     *
     * @return the extractor
     */
    static FeatureExtractor<Object> auto() {
        return AutoReader::new;
    }

    /**
     * Reads {@link Map} inputs by key; anything else cannot be read.
     *
     * @return the extractor
     */
    static FeatureExtractor<Map<String, ?>> maps() {
        return MapReader::new;
    }

    /**
     * Reads inputs of one type through its accessors, as {@link #auto()} does for non-map inputs,
     * resolved once here rather than per class.
     *
     * @param type the input type, a record or a class with public getters or fields
     * @param <T> the input type
     * @return the extractor
     */
    static <T> FeatureExtractor<T> reflective(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return features -> new TypedReader<>(type, features);
    }

    /**
     * Reads inputs of one type through hand-written functions, one per feature: for types whose
     * accessors do not follow the names (protobuf messages, nested objects). A feature without a
     * function reads as null (missing).
     *
     * @param type the input type
     * @param fields feature name to the function reading it; the functions must be thread-safe
     * @param <T> the input type
     * @return the extractor
     */
    static <T> FeatureExtractor<T> fields(Class<T> type, Map<String, ? extends Function<? super T, ?>> fields) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fields, "fields");
        Map<String, Function<? super T, ?>> copy = new LinkedHashMap<>();
        fields.forEach((name, f) -> copy.put(Objects.requireNonNull(name, "feature name"),
                Objects.requireNonNull(f, "function of feature '" + name + "'")));
        return features -> new FieldsReader<>(type, features, copy);
    }
}
