package org.mlops4j.spark;

import java.util.Arrays;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;

/**
 * Checks that two DataFrames hold every feature of a schema in a column whose Spark type fits the
 * feature's type, and the same kind of column on both sides, before any Spark job runs.
 */
final class DriftColumns {

    private DriftColumns() {
    }

    static void check(Schema schema, StructType reference, StructType current) {
        for (Feature f : schema.features()) {
            DataType r = type(reference, f, "reference");
            DataType c = type(current, f, "current");
            fits(f, r, "reference");
            fits(f, c, "current");
            boolean same = f.type() == FeatureType.NUMERIC || r.equals(c);
            if (!same) {
                throw new IllegalArgumentException("column '" + f.name() + "' is " + r.simpleString()
                        + " in the reference but " + c.simpleString() + " in the current DataFrame");
            }
        }
    }

    private static DataType type(StructType struct, Feature f, String side) {
        for (StructField field : struct.fields()) {
            if (field.name().equals(f.name())) {
                return field.dataType();
            }
        }
        throw new IllegalArgumentException(side + " DataFrame has no column '" + f.name() + "' (feature '"
                + f.name() + "' of the schema); its columns are " + Arrays.toString(struct.fieldNames()));
    }

    private static void fits(Feature f, DataType type, String side) {
        boolean ok = switch (f.type()) {
            case NUMERIC -> type instanceof NumericType;
            case CATEGORICAL -> type instanceof StringType || type instanceof BooleanType || integral(type);
            case BOOLEAN -> type instanceof BooleanType || type instanceof StringType;
        };
        if (!ok) {
            throw new IllegalArgumentException("column '" + f.name() + "' of the " + side + " DataFrame is "
                    + type.simpleString() + " but feature '" + f.name() + "' is " + f.type() + " (expected "
                    + expected(f.type()) + ")");
        }
    }

    private static boolean integral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType;
    }

    private static String expected(FeatureType type) {
        return switch (type) {
            case NUMERIC -> "a numeric column";
            case CATEGORICAL -> "a string, boolean or integral column";
            case BOOLEAN -> "a boolean or string column";
        };
    }
}
