package org.mlops4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftDetector;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;
import org.mlops4j.monitoring.drift.FeatureDrift;
import org.mlops4j.monitoring.drift.MultipleTesting;
import org.mlops4j.monitoring.drift.Verdict;
import org.mlops4j.monitoring.profile.DriftCheckConfig;
import org.mlops4j.monitoring.profile.SketchDrift;

/** DataFrame drift in local[2]: equal to DatasetDriftDetector below the cutoff, within the sketch bound above. */
class SparkDriftTest {

    private static final Schema MIXED = Schema.of(Feature.numeric("amount"), Feature.numeric("hour"),
            Feature.anyCategory("country"), Feature.bool("mobile"), Feature.numeric("device"));
    private static final StructType MIXED_TYPE = new StructType()
            .add("amount", DataTypes.DoubleType, true)
            .add("hour", DataTypes.IntegerType, true)
            .add("country", DataTypes.StringType, true)
            .add("mobile", DataTypes.BooleanType, true)
            .add("device", DataTypes.DoubleType, true)
            .add("ignored", DataTypes.StringType, true);
    private static final String[] COUNTRIES = {"DE", "FR", "IT", "ES"};

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("mlops4j-spark-drift-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * Rows of the mixed schema: amount normal (shifted by {@code shift}), hour 0..23, a country
     * (the last one {@code lastCountry} times as likely), mobile, device in {0, 1, 2}; about 2% of
     * amounts and countries missing.
     */
    private static List<Row> mixed(int n, long seed, double shift, double lastCountry) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Double amount = random.nextDouble() < 0.02 ? null : 100 + 20 * random.nextGaussian() + shift;
            int hour = random.nextInt(24);
            double u = random.nextDouble() * (3 + lastCountry);
            String country = random.nextDouble() < 0.02 ? null : COUNTRIES[u < 3 ? (int) u : 3];
            boolean mobile = random.nextDouble() < 0.4;
            double device = random.nextInt(3);
            rows.add(RowFactory.create(amount, hour, country, mobile, device, "x" + i));
        }
        return rows;
    }

    private static List<Map<String, Object>> maps(List<Row> rows, StructType type) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> map = new HashMap<>();
            for (int i = 0; i < type.size(); i++) {
                map.put(type.fieldNames()[i], row.get(i));
            }
            out.add(map);
        }
        return out;
    }

    @Test
    void belowTheCutoffTheReportIsTheDetectorsOnTheSameRows() {
        List<Row> ref = mixed(2_000, 1, 0, 1);
        List<Row> cur = mixed(1_500, 2, 6, 3);
        DatasetDriftReport report = SparkDrift.builder(MIXED).build()
                .detect(spark.createDataFrame(ref, MIXED_TYPE), spark.createDataFrame(cur, MIXED_TYPE).repartition(3));
        // The collected current rows come back in another order after repartition: the detector
        // sees the same multiset; every test here is order-free but for z, which country is not.
        DatasetDriftReport expected = DatasetDriftDetector.builder(MIXED).build()
                .detect(maps(ref, MIXED_TYPE), maps(cur, MIXED_TYPE));
        assertThat(withoutOrder(report)).isEqualTo(withoutOrder(expected));
        assertThat(report.driftedFeatures()).containsExactly("amount", "country");
        assertThat(report.features().get(0).result().orElseThrow().method()).isEqualTo("wasserstein_norm");
        assertThat(report.features().get(0).referenceSize()).isLessThan(2_000).isGreaterThan(1_900);
    }

    @Test
    void belowTheCutoffTheConfigReachesTheDetector() {
        List<Row> ref = mixed(800, 3, 0, 1);
        List<Row> cur = mixed(700, 4, 3, 1.3);
        DriftCheckConfig config = DriftCheckConfig.builder().correction(MultipleTesting.BENJAMINI_HOCHBERG)
                .shareThreshold(0.3).minCurrentSize(50).categoricalTest("chisquare").build();
        DatasetDriftReport report = SparkDrift.builder(MIXED).config(config).build()
                .detect(spark.createDataFrame(ref, MIXED_TYPE), spark.createDataFrame(cur, MIXED_TYPE));
        DatasetDriftReport expected = DatasetDriftDetector.builder(MIXED)
                .correction(MultipleTesting.BENJAMINI_HOCHBERG).shareThreshold(0.3).minCurrentSize(50)
                .test("country", DriftTests.categorical("chisquare"))
                .test("mobile", DriftTests.categorical("chisquare"))
                .build().detect(maps(ref, MIXED_TYPE), maps(cur, MIXED_TYPE));
        assertThat(report).isEqualTo(expected);
        assertThat(report.features().get(3).result().orElseThrow().method()).isEqualTo("chisquare");
        assertThat(report.features().get(0).result().orElseThrow().method()).isEqualTo("ks");
    }

    /** The report with order-dependent rounding removed: each statistic to 12 significant digits. */
    private static List<String> withoutOrder(DatasetDriftReport report) {
        List<String> out = new ArrayList<>();
        out.add(report.verdict() + " " + report.driftedShare());
        for (FeatureDrift f : report.features()) {
            DriftResult r = f.result().orElseThrow();
            out.add(f.feature() + " " + f.verdict() + " " + r.method() + " " + String.format("%.12g %.12g %.12g",
                    Math.abs(r.statistic()), r.pValue(), f.adjustedPValue()) + " " + f.referenceSize() + " "
                    + f.currentSize());
        }
        return out;
    }

    @Test
    void aboveTheCutoffCountsAreExactAndSketchesWithinTheirBound() {
        int n = 300_000;
        Schema schema = Schema.of(Feature.numeric("stable"), Feature.numeric("shifted"),
                Feature.anyCategory("plan"), Feature.numeric("device"));
        Dataset<Row> refFrame = generated(n, 6, 0, 0.30, 3, 1).cache();
        Dataset<Row> curFrame = generated(n, 5, 0.25, 0.31, 4, 2).cache();
        // Collected once per frame, in the order Spark returns the rows.
        List<Row> refRows = refFrame.collectAsList();
        List<Row> curRows = curFrame.collectAsList();
        double[][] values = {numbers(refRows, 0), numbers(refRows, 1), numbers(curRows, 0), numbers(curRows, 1)};

        DatasetDriftReport report = SparkDrift.builder(schema).exactCutoff(10_000).build().detect(refFrame, curFrame);

        assertThat(report.features()).extracting(FeatureDrift::verdict)
                .containsExactly(Verdict.NO_DRIFT, Verdict.DRIFT, Verdict.NO_DRIFT, Verdict.DRIFT);
        double bound = 2 * KllSketch.getNormalizedRankError(200, false);
        for (int k = 0; k < 2; k++) {
            DriftResult sketched = report.features().get(k).result().orElseThrow();
            DriftResult exact = DriftTests.numeric("ks").test(values[k], values[2 + k]);
            assertThat(sketched.method()).isEqualTo(SketchDrift.KS);
            assertThat(Math.abs(sketched.statistic() - exact.statistic())).isLessThanOrEqualTo(bound);
            assertThat(sketched.pValue()).isGreaterThanOrEqualTo(exact.pValue());
        }
        assertThat(report.features().get(0).result().orElseThrow().statistic()).isLessThan(bound);
        assertThat(report.features().get(1).result().orElseThrow().statistic()).isGreaterThan(0.08);

        // Counted features: the same result as the tests on the collected columns, to the last bit.
        for (int k = 2; k < 4; k++) {
            String[] r = texts(refRows, k, k == 3);
            String[] c = texts(curRows, k, k == 3);
            DriftResult exact = DriftTests.auto(r).test(r, c);
            assertThat(report.features().get(k).result()).contains(exact);
            assertThat(report.features().get(k).referenceSize()).isEqualTo(n);
        }
        assertThat(report.features().get(3).result().orElseThrow().method()).isEqualTo("jensenshannon");
        assertThat(report.correction()).isEqualTo(MultipleTesting.BONFERRONI);
        assertThat(report.driftedShare()).isEqualTo(0.5);
        assertThat(report.verdict()).isEqualTo(Verdict.DRIFT);
        refFrame.unpersist();
        curFrame.unpersist();
    }

    /** Rows from Spark's seeded generators: the same on every computation of the same partitions. */
    private static Dataset<Row> generated(int n, int partitions, double shift, double pro, int devices, long seed) {
        Column u = functions.rand(seed * 10 + 3);
        return spark.range(0, n, 1, partitions).select(
                functions.randn(seed * 10).as("stable"),
                functions.randn(seed * 10 + 1).plus(shift).as("shifted"),
                functions.when(u.lt(pro), "pro").when(u.lt(0.65), "free").otherwise("team").as("plan"),
                functions.floor(functions.rand(seed * 10 + 4).multiply(devices)).cast("long").as("device"));
    }

    private static double[] numbers(List<Row> rows, int column) {
        return rows.stream().mapToDouble(r -> r.getDouble(column)).toArray();
    }

    private static String[] texts(List<Row> rows, int column, boolean numeric) {
        return rows.stream()
                .map(r -> numeric ? Double.toString(((Number) r.get(column)).doubleValue()) : r.get(column).toString())
                .toArray(String[]::new);
    }

    @Test
    void sketchesAgreeWithTheDetectorOnCountsNaNAndSmallSamples() {
        List<Row> ref = mixed(3_000, 11, 0, 1);
        List<Row> cur = new ArrayList<>(mixed(25, 12, 0, 1));
        DatasetDriftReport few = SparkDrift.builder(MIXED).exactCutoff(0).build()
                .detect(spark.createDataFrame(ref, MIXED_TYPE), spark.createDataFrame(cur, MIXED_TYPE));
        DatasetDriftReport fewExact = DatasetDriftDetector.builder(MIXED).build()
                .detect(maps(ref, MIXED_TYPE), maps(cur, MIXED_TYPE));
        assertThat(few).isEqualTo(fewExact);
        assertThat(few.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);

        // A reference of at most 1,000 values: z for mobile (its sign follows the first category
        // seen), chi-square for country and device, from counts kept in the rows' order.
        ref = mixed(600, 13, 0, 1);
        cur = new ArrayList<>(mixed(2_000, 12, 0, 2));
        cur.set(5, RowFactory.create(Double.NaN, 3, "DE", true, 1.0, "nan"));
        DatasetDriftReport sketched = SparkDrift.builder(MIXED).exactCutoff(0).build()
                .detect(spark.createDataFrame(ref, MIXED_TYPE), spark.createDataFrame(cur, MIXED_TYPE));
        DatasetDriftReport exact = DatasetDriftDetector.builder(MIXED).build()
                .detect(maps(ref, MIXED_TYPE), maps(cur, MIXED_TYPE));
        assertThat(sketched.features()).extracting(FeatureDrift::verdict)
                .isEqualTo(exact.features().stream().map(FeatureDrift::verdict).toList());
        assertThat(sketched.features().get(0).verdict()).isEqualTo(Verdict.TEST_FAILED);
        // Counted features (country, mobile, device) are the detector's results exactly; the
        // correction counts the same features, so their adjusted p-values are equal too.
        for (int k = 2; k < 5; k++) {
            assertThat(sketched.features().get(k)).isEqualTo(exact.features().get(k));
        }
        assertThat(sketched.features().get(1).result().orElseThrow().method()).isEqualTo(SketchDrift.KS);
        assertThat(sketched.features()).extracting(f -> f.result().map(DriftResult::method).orElse("-"))
                .containsExactly("-", SketchDrift.KS, "chisquare", "z", "chisquare");
        assertThat(sketched.features().get(3).result().orElseThrow().statistic()).isNotZero();
        assertThat(sketched.verdict()).isEqualTo(exact.verdict());
        assertThat(sketched.driftedShare()).isEqualTo(exact.driftedShare());
    }

    @Test
    void badInputIsRefusedNamingTheColumn() {
        Dataset<Row> good = spark.createDataFrame(mixed(100, 1, 0, 1), MIXED_TYPE);
        SparkDrift drift = SparkDrift.builder(MIXED).build();
        assertThatThrownBy(() -> drift.detect(good.drop("hour"), good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference DataFrame has no column 'hour'");
        assertThatThrownBy(() -> drift.detect(good, good.withColumn("country", good.col("hour"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'country' is string in the reference but int in the current DataFrame");
        assertThatThrownBy(() -> drift.detect(good, good.withColumn("amount", good.col("country"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'amount' of the current DataFrame is string but feature 'amount' is NUMERIC");
        assertThatThrownBy(() -> drift.detect(good, good.limit(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current DataFrame has no row");
        assertThatThrownBy(() -> drift.detect(good.limit(0), good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference DataFrame has no row");
        Dataset<Row> noAmount = good.withColumn("amount", functions.lit(null).cast("double"));
        assertThatThrownBy(() -> drift.detect(noAmount, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference holds no value of feature 'amount'");
        assertThatThrownBy(() -> SparkDrift.builder(MIXED).exactCutoff(0).build().detect(noAmount, good))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference holds no value of feature 'amount'");
        assertThatThrownBy(() -> SparkDrift.builder(MIXED).exactCutoff(-1))
                .hasMessage("exactCutoff must be >= 0 but was -1");
        assertThatThrownBy(() -> SparkDrift.builder(MIXED).quantileK(4))
                .hasMessageContaining("quantileK must be in [8, 65535] but was 4");
    }
}
