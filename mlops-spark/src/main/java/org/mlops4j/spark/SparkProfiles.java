package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference profiles of a {@code Dataset<Row>} built where the data is: each partition profiles
 * its rows with {@link ReferenceProfile#builder}, and the partitions' profiles are merged
 * ({@link ReferenceProfile#merge}) in a tree ({@code treeAggregate}), so the driver receives one
 * profile, not the rows.
 *
 * <pre>{@code
 * ReferenceProfile reference = SparkProfiles.reference(training, schema);
 * Files.writeString(Path.of("fraud-reference.json"), reference.toJson());   // what a service loads
 * }</pre>
 *
 * <p>The result is the profile a single JVM builds of the same rows: row, missing, invalid and
 * category counts, min and max are equal; mean and variance are equal up to rounding (partial
 * moments are combined by Chan, Golub and LeVeque's formula); a quantile is within the KLL
 * sketch's rank error of the single JVM's, since each is within it of the exact rank (about 1.33%
 * at the default k = 200, 1.65% for a rank read from a merged PMF, see {@link ProfileConfig}).
 * Categories beyond {@link ProfileConfig#maxCategories()} are where the two can differ: one pass
 * keeps the first ones seen, a merge the most frequent.
 *
 * <p>Profiles travel between executors and the driver as their JSON ({@link ReferenceProfile#toJson}),
 * the same text a service loads: a few KB per numeric feature, whatever the row count.
 */
public final class SparkProfiles {

    private static final Logger LOG = LoggerFactory.getLogger(SparkProfiles.class);
    /** The depth of Spark's merge tree: partitions' profiles are merged in two rounds. */
    private static final int TREE_DEPTH = 2;

    private SparkProfiles() {
    }

    /**
     * Profiles a data set's columns named by a schema, with the default config.
     *
     * @param data the rows; each schema feature is read from the column of its name
     * @param schema the features to profile
     * @return the profile of every row of {@code data}
     * @throws IllegalArgumentException if a schema feature has no column of its name
     */
    public static ReferenceProfile reference(Dataset<Row> data, Schema schema) {
        return reference(data, schema, ProfileConfig.ofDefaults());
    }

    /**
     * Profiles a data set's columns named by a schema. Runs one Spark job.
     *
     * @param data the rows; each schema feature is read from the column of its name (other
     *     columns are not read); a numeric feature takes Spark's numeric types, a categorical one
     *     strings, a boolean one booleans, and any other value counts as invalid
     * @param schema the features to profile
     * @param config the sketch sizes
     * @return the profile of every row of {@code data}
     * @throws IllegalArgumentException if a schema feature has no column of its name
     */
    public static ReferenceProfile reference(Dataset<Row> data, Schema schema, ProfileConfig config) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(config, "config");
        List<String> columns = Arrays.asList(data.columns());
        List<Feature> features = schema.features();
        String[] names = new String[features.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = features.get(i).name();
            if (!columns.contains(names[i])) {
                throw new IllegalArgumentException("feature '" + names[i] + "' has no column in the data, whose columns are "
                        + columns);
            }
        }
        Dataset<Row> selected = names.length == 0 ? data.select() : data.selectExpr(quoted(names));
        // The schema and config travel as an empty profile's JSON: the one form every part reads.
        String empty = ReferenceProfile.builder(schema, config).build().toJson();
        JavaRDD<String> parts = selected.javaRDD().mapPartitions(new PartitionProfile(empty, names));
        // The empty profile is the zero: a data set of no partitions gives it back.
        MergeProfiles merge = new MergeProfiles();
        String merged = parts.treeAggregate(empty, merge, merge, TREE_DEPTH);
        ReferenceProfile profile = ReferenceProfile.fromJson(merged);
        LOG.info("profiled {} rows of {} features in {} partitions", profile.rows(), names.length,
                parts.getNumPartitions());
        return profile;
    }

    private static String[] quoted(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = "`" + names[i].replace("`", "``") + "`";
        }
        return out;
    }

    /** Profiles one partition's rows, whose columns are the schema's features in order. */
    private static final class PartitionProfile implements FlatMapFunction<Iterator<Row>, String> {

        private static final long serialVersionUID = 1L;

        private final String empty;
        private final String[] names;

        PartitionProfile(String empty, String[] names) {
            this.empty = empty;
            this.names = names.clone();
        }

        @Override
        public Iterator<String> call(Iterator<Row> rows) {
            ReferenceProfile shape = ReferenceProfile.fromJson(empty);
            ReferenceProfile.Builder builder = ReferenceProfile.builder(shape.schema(), shape.config());
            Map<String, Object> values = new HashMap<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int i = 0; i < names.length; i++) {
                    values.put(names[i], row.get(i));
                }
                builder.update(values);
            }
            List<String> out = new ArrayList<>(1);
            out.add(builder.build().toJson());
            return out.iterator();
        }
    }

    /** Merges two profiles' JSON into the JSON of their union. */
    private static final class MergeProfiles implements Function2<String, String, String> {

        private static final long serialVersionUID = 1L;

        @Override
        public String call(String a, String b) {
            return ReferenceProfile.fromJson(a).merge(ReferenceProfile.fromJson(b)).toJson();
        }
    }
}
