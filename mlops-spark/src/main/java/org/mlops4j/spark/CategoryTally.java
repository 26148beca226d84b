package org.mlops4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Exact counts per category of some columns of a DataFrame, in one pass and one shuffle: each
 * partition counts its values (as text: {@code toString()}, or {@link Double#toString} of the
 * value for a numeric column treated as categories, as {@code DriftTests.auto(double[])} does),
 * Spark sums the partitions' counts per category, and each category keeps the position of its
 * first row (partition index and row within it, the order in which {@code collectAsList} returns
 * the rows). Categories are then ordered by first position, so that a test that depends on the
 * order of categories (the sign of the {@code z} statistic, the order of a sum) computes exactly
 * what it computes on the collected column. Missing values are not counted.
 */
final class CategoryTally {

    private static final StructType COUNTS = new StructType()
            .add("feature", DataTypes.IntegerType, false)
            .add("category", DataTypes.StringType, false)
            .add("first", DataTypes.LongType, false)
            .add("n", DataTypes.LongType, false);

    private CategoryTally() {
    }

    /**
     * Counts the categories of the named columns.
     *
     * @param frame the data
     * @param columns the columns to count
     * @param numeric per column, whether its values are numbers whose text is {@link Double#toString}
     * @return per column, category to count, in first-seen order
     */
    static List<Map<String, Long>> count(Dataset<Row> frame, List<String> columns, boolean[] numeric) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            out.add(new LinkedHashMap<>());
        }
        if (columns.isEmpty()) {
            return out;
        }
        JavaRDD<Row> partial = frame.select(columns.stream().map(functions::col).toArray(Column[]::new))
                .javaRDD().mapPartitions(new Partition(numeric));
        SparkSession spark = frame.sparkSession();
        List<Row> totals = spark.createDataFrame(partial, COUNTS)
                .groupBy("feature", "category")
                .agg(functions.min("first").as("first"), functions.sum("n").as("n"))
                .collectAsList();
        List<Row> sorted = new ArrayList<>(totals);
        sorted.sort(Comparator.comparingLong((Row r) -> r.getLong(2)));
        for (Row r : sorted) {
            out.get(r.getInt(0)).put(r.getString(1), r.getLong(3));
        }
        return out;
    }

    /** Counts one partition's categories, with each one's first position. */
    static final class Partition implements FlatMapFunction<Iterator<Row>, Row> {

        private static final long serialVersionUID = 1L;

        private final boolean[] numeric;

        Partition(boolean[] numeric) {
            this.numeric = numeric.clone();
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            // The layout of monotonically_increasing_id: partition index above, row within it below.
            long base = (task == null ? 0L : task.partitionId()) << 33;
            List<Map<String, long[]>> counts = new ArrayList<>();
            for (int i = 0; i < numeric.length; i++) {
                counts.add(new HashMap<>());
            }
            long position = base;
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int i = 0; i < numeric.length; i++) {
                    Object v = row.get(i);
                    if (v == null) {
                        continue;
                    }
                    String text = numeric[i] ? Double.toString(((Number) v).doubleValue()) : v.toString();
                    long[] seen = counts.get(i).get(text);
                    if (seen == null) {
                        counts.get(i).put(text, new long[] {position, 1});
                    } else {
                        seen[1]++;
                    }
                }
                position++;
            }
            List<Row> out = new ArrayList<>();
            for (int i = 0; i < numeric.length; i++) {
                for (Map.Entry<String, long[]> e : counts.get(i).entrySet()) {
                    out.add(RowFactory.create(i, e.getKey(), e.getValue()[0], e.getValue()[1]));
                }
            }
            return out.iterator();
        }
    }
}
