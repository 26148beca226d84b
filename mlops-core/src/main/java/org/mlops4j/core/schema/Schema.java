package org.mlops4j.core.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.InvalidInputException;

/**
 * The contract of a tabular input: named features, each numeric, categorical or boolean, required
 * or optional, with an optional allowed range or category set.
 *
 * <p>A row is a {@code Map<String, ?>} from feature name to value. {@link #validate(Map)} returns
 * every violation (the data-quality view a monitor counts); {@link #requireValid(Map)} throws
 * {@link InvalidInputException} naming them all (the strict view a service uses to refuse a
 * request). By default a feature that the schema does not declare is a violation
 * ({@link Rule#UNEXPECTED_FEATURE}); {@link #allowingUnexpectedFeatures()} relaxes that.
 *
 * <p>Immutable and thread-safe. Build one with {@link #of(Feature...)}, or infer one from a Tribuo
 * dataset with {@code org.mlops4j.tribuo.TribuoSchemas.infer(Dataset)} (in mlops-tribuo).
 */
public final class Schema {

    private final Map<String, Feature> features;
    private final boolean allowUnexpected;

    private Schema(Map<String, Feature> features, boolean allowUnexpected) {
        this.features = features;
        this.allowUnexpected = allowUnexpected;
    }

    /**
     * Creates a schema from its features, in the given order.
     *
     * @param features the features; names must be unique
     * @return the schema
     * @throws IllegalArgumentException if two features share a name or none is given
     */
    public static Schema of(Feature... features) {
        Objects.requireNonNull(features, "features");
        return of(List.of(features));
    }

    /**
     * Creates a schema from its features, in iteration order.
     *
     * @param features the features; names must be unique
     * @return the schema
     * @throws IllegalArgumentException if two features share a name or none is given
     */
    public static Schema of(Collection<Feature> features) {
        Objects.requireNonNull(features, "features");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one feature");
        }
        Map<String, Feature> byName = new LinkedHashMap<>();
        for (Feature f : features) {
            Objects.requireNonNull(f, "feature");
            if (byName.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("feature names must be unique but '" + f.name() + "' appears twice");
            }
        }
        return new Schema(Collections.unmodifiableMap(byName), false);
    }

    /**
     * Returns a copy of this schema with a feature added, or replacing the feature of the same
     * name in its place.
     *
     * @param feature the feature
     * @return a new schema
     */
    public Schema with(Feature feature) {
        Objects.requireNonNull(feature, "feature");
        Map<String, Feature> byName = new LinkedHashMap<>(features);
        byName.put(feature.name(), feature);
        return new Schema(Collections.unmodifiableMap(byName), allowUnexpected);
    }

    /**
     * Returns a copy of this schema without the named feature.
     *
     * @param name the feature's name
     * @return a new schema
     * @throws IllegalArgumentException if the schema has no such feature, or it is the last one
     */
    public Schema without(String name) {
        Objects.requireNonNull(name, "name");
        if (!features.containsKey(name)) {
            throw new IllegalArgumentException("schema has no feature '" + name + "'");
        }
        if (features.size() == 1) {
            throw new IllegalArgumentException("cannot remove '" + name + "': a schema needs at least one feature");
        }
        Map<String, Feature> byName = new LinkedHashMap<>(features);
        byName.remove(name);
        return new Schema(Collections.unmodifiableMap(byName), allowUnexpected);
    }

    /**
     * Returns a copy of this schema that ignores features it does not declare.
     *
     * @return a new schema
     */
    public Schema allowingUnexpectedFeatures() {
        return new Schema(features, true);
    }

    /**
     * Returns whether undeclared features are accepted.
     *
     * @return true when undeclared features are ignored instead of reported
     */
    public boolean allowsUnexpectedFeatures() {
        return allowUnexpected;
    }

    /**
     * Returns the features in declaration order.
     *
     * @return an immutable list
     */
    public List<Feature> features() {
        return List.copyOf(features.values());
    }

    /**
     * Looks up a feature by name.
     *
     * @param name the feature's name
     * @return the feature, or empty when the schema has none of that name
     */
    public Optional<Feature> feature(String name) {
        return Optional.ofNullable(features.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * Checks a row against every rule of the schema.
     *
     * @param row the row; {@code null} values count as missing
     * @return every violation, declared features first in schema order, then unexpected features in
     *     the row's order; empty when the row is valid
     * @throws NullPointerException if {@code row} is null or holds a null key
     */
    public List<Violation> validate(Map<String, ?> row) {
        Objects.requireNonNull(row, "row");
        List<Violation> violations = new ArrayList<>(0);
        for (Feature f : features.values()) {
            Violation v = f.check(row.get(f.name()));
            if (v != null) {
                violations.add(v);
            }
        }
        if (!allowUnexpected && row.size() > 0) {
            for (Map.Entry<String, ?> e : row.entrySet()) {
                String key = Objects.requireNonNull(e.getKey(), "row key");
                if (!features.containsKey(key)) {
                    violations.add(new Violation(key, e.getValue(), Rule.UNEXPECTED_FEATURE, "is not declared in the schema"));
                }
            }
        }
        return violations;
    }

    /**
     * Checks a row and refuses it when it breaks any rule.
     *
     * @param <R> the row's type
     * @param row the row
     * @return the same row, for chaining
     * @throws InvalidInputException naming every violation, when there is at least one
     */
    public <R extends Map<String, ?>> R requireValid(R row) {
        List<Violation> violations = validate(row);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.allowUnexpected == allowUnexpected && s.features.equals(features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, allowUnexpected);
    }

    @Override
    public String toString() {
        return "Schema" + features.values() + (allowUnexpected ? " (unexpected features allowed)" : "");
    }
}
