package org.mlops4j.monitoring.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.internal.Rows;

/**
 * A bounded-memory summary of a reference (training-time) data set: one {@link FeatureProfile}
 * per feature of a {@link Schema}, in the schema's order, built in one pass over the rows.
 *
 * <p>Its size does not grow with the number of rows: a numeric feature costs a few KB (its KLL
 * sketch), a categorical one at most {@link ProfileConfig#maxCategories()} counts. Profiles
 * built from disjoint parts of the data, on several threads or replicas, {@link #merge merge}
 * into the profile of the whole; {@link #toJson()} and {@link #fromJson(String)} save and load it
 * without changing any count or quantile.
 *
 * <p>Immutable and thread-safe. Row keys that the schema does not declare are ignored; a declared
 * feature absent from a row counts as missing.
 */
public final class ReferenceProfile {

    private final Schema schema;
    private final ProfileConfig config;
    private final Map<String, FeatureProfile> profiles;
    private final long rows;

    /** Takes ownership of {@code profiles}, which must follow the schema's order. */
    ReferenceProfile(Schema schema, ProfileConfig config, List<FeatureProfile> profiles, long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative but was " + rows);
        }
        Map<String, FeatureProfile> byName = new LinkedHashMap<>();
        for (FeatureProfile p : profiles) {
            if (p.count() != rows) {
                throw new IllegalArgumentException("feature '" + p.feature().name() + "' must have one value per row ("
                        + rows + ") but has " + p.count());
            }
            byName.put(p.feature().name(), p);
        }
        this.schema = schema;
        this.config = config;
        this.profiles = Collections.unmodifiableMap(byName);
        this.rows = rows;
    }

    /**
     * Starts building a profile with the default config.
     *
     * @param schema the features to profile
     * @return an empty builder
     */
    public static Builder builder(Schema schema) {
        return builder(schema, ProfileConfig.ofDefaults());
    }

    /**
     * Starts building a profile.
     *
     * @param schema the features to profile
     * @param config the sketch sizes
     * @return an empty builder
     */
    public static Builder builder(Schema schema, ProfileConfig config) {
        return new Builder(Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(config, "config"));
    }

    /**
     * Profiles rows in one pass with the default config.
     *
     * @param schema the features to profile
     * @param rows the rows, each a map from feature name to value
     * @return the profile
     * @throws NullPointerException if {@code rows} or one of its rows is null
     */
    public static ReferenceProfile of(Schema schema, Iterable<? extends Map<String, ?>> rows) {
        Objects.requireNonNull(rows, "rows");
        Builder builder = builder(schema);
        rows.forEach(builder::update);
        return builder.build();
    }

    /**
     * Profiles inputs of any type (records, beans, protobuf messages, Tribuo examples) read through
     * a {@link FeatureExtractor}, in one pass with the default config.
     *
     * @param schema the features to profile
     * @param inputs the inputs
     * @param features reads the schema's features out of an input ({@link FeatureExtractor#auto()}
     *     reads maps, records and getters)
     * @param <I> the input type
     * @return the profile, the same as {@link #of(Schema, Iterable)} gives on the inputs' rows
     * @throws IllegalArgumentException if an input cannot be read, naming its position and type
     */
    public static <I> ReferenceProfile of(Schema schema, Iterable<? extends I> inputs,
                                          FeatureExtractor<? super I> features) {
        FeatureReader<? super I> reader = Rows.reader(schema, features);
        Builder b = builder(schema);
        long i = 0;
        for (I input : Objects.requireNonNull(inputs, "inputs")) {
            b.update(Rows.row(reader, input, i++));
        }
        return b.build();
    }

    /**
     * Reads a profile written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the profile, equal in every count and quantile to the one written
     * @throws IllegalArgumentException if the text is not a valid profile of this format
     */
    public static ReferenceProfile fromJson(String json) {
        return new ProfileJson().read(Objects.requireNonNull(json, "json"));
    }

    /**
     * Writes this profile as JSON (format {@code mlops4j.reference-profile}, version 1).
     *
     * @return pretty-printed JSON; quantile sketches are base64-encoded
     */
    public String toJson() {
        return new ProfileJson().write(this);
    }

    /**
     * Writes this profile in its compact binary form (format {@code MLPF}, version 1): each KLL
     * sketch in its own serialization, counts as varints, doubles bit for bit, a CRC-32 at the end.
     * About 0.7 of the JSON's size, and within a few percent of the sketches' and raw counts' own
     * bytes; {@link #toJson()} stays the form to read.
     *
     * @return the bytes, which {@link #fromBytes(byte[])} reads back
     */
    public byte[] toBytes() {
        return ProfileBinary.write(this);
    }

    /**
     * Reads a profile written by {@link #toBytes()}.
     *
     * @param bytes the binary form
     * @return the profile, equal in every count, moment and quantile to the one written
     * @throws IllegalArgumentException if the bytes are not a reference profile's binary form (wrong
     *     magic), have a version this reader does not know, fail their checksum (corrupt or
     *     truncated), or hold an invalid field; the message names the feature and field
     */
    public static ReferenceProfile fromBytes(byte[] bytes) {
        return ProfileBinary.read(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Returns the profile of the union of this profile's rows and another's, for example of two
     * threads or replicas that each profiled part of the data. Neither input changes.
     *
     * @param other a profile of the same schema
     * @return a new profile
     * @throws IllegalArgumentException if the schemas differ
     */
    public ReferenceProfile merge(ReferenceProfile other) {
        Objects.requireNonNull(other, "other");
        if (!other.schema.equals(schema)) {
            throw new IllegalArgumentException("cannot merge profiles of different schemas: " + schema + " and " + other.schema);
        }
        List<FeatureProfile> merged = new ArrayList<>(profiles.size());
        for (FeatureProfile p : profiles.values()) {
            FeatureProfile copy = p.copy();
            copy.merge(other.profiles.get(p.feature().name()));
            merged.add(copy);
        }
        return new ReferenceProfile(schema, config, merged, rows + other.rows);
    }

    /**
     * Returns the profiled schema.
     *
     * @return the schema
     */
    public Schema schema() {
        return schema;
    }

    /**
     * Returns the sketch sizes this profile was built with.
     *
     * @return the config
     */
    public ProfileConfig config() {
        return config;
    }

    /**
     * Returns how many rows were profiled.
     *
     * @return the row count
     */
    public long rows() {
        return rows;
    }

    /**
     * Looks up a feature's profile.
     *
     * @param name the feature's name
     * @return a copy of the feature's profile (changing it leaves this profile unchanged), or
     *     empty when the schema has no such feature
     */
    public Optional<FeatureProfile> feature(String name) {
        return Optional.ofNullable(profiles.get(Objects.requireNonNull(name, "name"))).map(FeatureProfile::copy);
    }

    /** A feature's profile itself, not a copy, or null; callers must not change it. */
    FeatureProfile featureView(String name) {
        return profiles.get(name);
    }

    /** The profiles themselves, in schema order, for serialization; callers must not change them. */
    Iterable<FeatureProfile> profiles() {
        return profiles.values();
    }

    @Override
    public String toString() {
        return "ReferenceProfile[rows=" + rows + ", features=" + profiles.values() + "]";
    }

    /**
     * Accumulates rows into a {@link ReferenceProfile}. Not thread-safe: give each thread its own
     * builder and {@link ReferenceProfile#merge merge} what they build.
     */
    public static final class Builder {

        private final Schema schema;
        private final ProfileConfig config;
        private final List<FeatureProfile> profiles = new ArrayList<>();
        // The same profiles and their names as arrays: a row costs one lookup per feature and no iterator.
        private final FeatureProfile[] byIndex;
        private final String[] names;
        private long rows;

        private Builder(Schema schema, ProfileConfig config) {
            this.schema = schema;
            this.config = config;
            for (Feature f : schema.features()) {
                profiles.add(FeatureProfile.of(f, config));
            }
            byIndex = profiles.toArray(new FeatureProfile[0]);
            names = new String[byIndex.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = byIndex[i].feature().name();
            }
        }

        /**
         * Adds one row.
         *
         * @param row a map from feature name to value; absent or {@code null} values count as
         *     missing, undeclared keys are ignored
         * @return this builder
         */
        public Builder update(Map<String, ?> row) {
            Objects.requireNonNull(row, "row");
            FeatureProfile[] p = byIndex;
            String[] n = names;
            for (int i = 0; i < p.length; i++) {
                p[i].update(row.get(n[i]));
            }
            rows++;
            return this;
        }

        /**
         * Adds rows held column by column, as a monitor's window buffers them: {@code columns[f][r]}
         * is feature {@code f}'s value (in the schema's order) in row {@code r}. The result is the
         * same as {@link #update(Map)} of each row in turn, without a map lookup per value.
         *
         * @param columns one array per feature of the schema, in its order, each at least
         *     {@code count} long; {@code null} cells count as missing
         * @param count how many rows to add, from the first
         * @return this builder
         * @throws IllegalArgumentException if there is not one column per feature, or a column is
         *     shorter than {@code count}
         */
        public Builder updateColumns(Object[][] columns, int count) {
            Objects.requireNonNull(columns, "columns");
            if (columns.length != byIndex.length) {
                throw new IllegalArgumentException("columns must hold one array per feature (" + byIndex.length
                        + ") but held " + columns.length);
            }
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative but was " + count);
            }
            for (int f = 0; f < columns.length; f++) {
                if (columns[f].length < count) {
                    throw new IllegalArgumentException("column " + f + " ('" + names[f] + "') must hold " + count
                            + " rows but held " + columns[f].length);
                }
            }
            for (int f = 0; f < columns.length; f++) {
                FeatureProfile p = byIndex[f];
                Object[] column = columns[f];
                for (int r = 0; r < count; r++) {
                    p.update(column[r]);
                }
            }
            rows += count;
            return this;
        }

        /**
         * Returns a profile of the rows added so far; the builder can go on adding rows without
         * changing it.
         *
         * @return the profile
         */
        public ReferenceProfile build() {
            List<FeatureProfile> copies = new ArrayList<>(profiles.size());
            profiles.forEach(p -> copies.add(p.copy()));
            return new ReferenceProfile(schema, config, copies, rows);
        }
    }
}
