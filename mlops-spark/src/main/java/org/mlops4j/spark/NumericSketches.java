package org.mlops4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ProfileConfig;
import org.mlops4j.monitoring.profile.ReferenceProfile;

/**
 * The mergeable summary of a DataFrame's numeric columns that {@link SparkDrift} builds per
 * partition and merges pairwise ({@code treeReduce}): a {@link ReferenceProfile} of the columns
 * (counts, moments and a KLL sketch each), carried as its JSON, and each column's distinct values
 * up to one more than {@link org.mlops4j.monitoring.drift.DriftTests#AUTO_NUMERIC_UNIQUE}, compared
 * as {@link Double}s as {@code DriftTests.auto(double[])} compares them.
 */
final class NumericSketches implements Serializable {

    private static final long serialVersionUID = 1L;
    /** One more distinct value than the automatic choice treats as categories. */
    static final int DISTINCT_CAP = org.mlops4j.monitoring.drift.DriftTests.AUTO_NUMERIC_UNIQUE + 1;

    private final String profile;
    private final ArrayList<HashSet<Double>> distinct;

    private NumericSketches(String profile, ArrayList<HashSet<Double>> distinct) {
        this.profile = profile;
        this.distinct = distinct;
    }

    /** The merged profile. */
    ReferenceProfile profile() {
        return ReferenceProfile.fromJson(profile);
    }

    /** Distinct values of column {@code i}, at most {@link #DISTINCT_CAP}. */
    int distinct(int i) {
        return distinct.get(i).size();
    }

    /** The summary of two parts of the data. */
    NumericSketches merge(NumericSketches other) {
        ArrayList<HashSet<Double>> sets = new ArrayList<>(distinct.size());
        for (int i = 0; i < distinct.size(); i++) {
            HashSet<Double> union = new HashSet<>(distinct.get(i));
            for (Double v : other.distinct.get(i)) {
                if (union.size() >= DISTINCT_CAP) {
                    break;
                }
                union.add(v);
            }
            sets.add(union);
        }
        return new NumericSketches(profile().merge(other.profile()).toJson(), sets);
    }

    static Schema schema(List<String> columns) {
        return Schema.of(columns.stream().map(Feature::numeric).toList());
    }

    /** Summarises one partition of rows whose columns are the numeric features, in order. */
    static final class Partition implements FlatMapFunction<Iterator<Row>, NumericSketches> {

        private static final long serialVersionUID = 1L;

        private final ArrayList<String> columns;
        private final int quantileK;

        Partition(List<String> columns, int quantileK) {
            this.columns = new ArrayList<>(columns);
            this.quantileK = quantileK;
        }

        @Override
        public Iterator<NumericSketches> call(Iterator<Row> rows) {
            ReferenceProfile.Builder profile = ReferenceProfile.builder(schema(columns),
                    new ProfileConfig(quantileK, ProfileConfig.ofDefaults().maxCategories()));
            ArrayList<HashSet<Double>> sets = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                sets.add(new HashSet<>());
            }
            Map<String, Object> values = new HashMap<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row.get(i);
                    values.put(columns.get(i), v);
                    HashSet<Double> set = sets.get(i);
                    if (v != null && set.size() < DISTINCT_CAP) {
                        set.add(((Number) v).doubleValue());
                    }
                }
                profile.update(values);
            }
            return List.of(new NumericSketches(profile.build().toJson(), sets)).iterator();
        }
    }
}
