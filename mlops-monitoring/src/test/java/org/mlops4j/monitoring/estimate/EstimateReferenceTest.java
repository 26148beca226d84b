package org.mlops4j.monitoring.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibrator and CBPE against {@code estimate/reference.json}, written by
 * {@code estimate/reference.py} (binary in plain Python, multiclass in numpy), within 1e-12.
 */
class EstimateReferenceTest {

    private static Map<String, List<Map<String, Object>>> reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = EstimateReferenceTest.class.getResourceAsStream("/estimate/reference.json")) {
            reference = new ObjectMapper().readValue(in, new TypeReference<>() { });
        }
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Object list) {
        return ((List<Number>) list).stream().mapToDouble(Number::doubleValue).toArray();
    }

    @Test
    @SuppressWarnings("unchecked")
    void isotonicFitsAndPredictionsMatchTheReference() {
        assertThat(reference.get("isotonic")).hasSize(3);
        for (Map<String, Object> c : reference.get("isotonic")) {
            int[] outcomes = ((List<Integer>) c.get("outcomes")).stream().mapToInt(Integer::intValue).toArray();
            IsotonicCalibrator calibrator = IsotonicCalibrator.fit(doubles(c.get("scores")), outcomes,
                    doubles(c.get("weights")));
            double[] thresholds = doubles(c.get("thresholds"));
            double[] values = doubles(c.get("values"));
            assertThat(calibrator.thresholds()).as("%s thresholds", c.get("name")).containsExactly(thresholds);
            assertThat(calibrator.values()).as("%s values", c.get("name")).hasSize(values.length);
            for (int i = 0; i < values.length; i++) {
                assertThat(calibrator.values()[i]).as("%s value %d", c.get("name"), i).isCloseTo(values[i], within(1e-12));
            }
            double[] queries = doubles(c.get("queries"));
            double[] predictions = doubles(c.get("predictions"));
            double[] calibrated = calibrator.calibrate(queries);
            for (int i = 0; i < queries.length; i++) {
                assertThat(calibrated[i]).as("%s at %s", c.get("name"), queries[i]).isCloseTo(predictions[i], within(1e-12));
            }
        }
        // The textbook case pools (0.2, 0.3, 0.4) to 1/3 and (0.5, 0.6) to 1/2.
        assertThat(doubles(reference.get("isotonic").get(0).get("values")))
                .containsExactly(0.0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.5, 0.5, 1.0, 1.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cbpeMatchesTheReference() {
        assertThat(reference.get("cbpe")).hasSize(2);
        for (Map<String, Object> c : reference.get("cbpe")) {
            double[] p = doubles(c.get("probabilities"));
            List<Boolean> flags = (List<Boolean>) c.get("predictedPositive");
            boolean[] positive = new boolean[flags.size()];
            for (int i = 0; i < positive.length; i++) {
                positive[i] = flags.get(i);
            }
            BinaryPerformanceEstimate e = BinaryCbpe.estimate(p, positive);
            String name = (String) c.get("name");
            assertThat(e.rows()).isEqualTo(p.length);
            assertThat(e.truePositives()).as(name).isCloseTo((Double) c.get("tp"), within(1e-12 * p.length));
            assertThat(e.falsePositives()).as(name).isCloseTo((Double) c.get("fp"), within(1e-12 * p.length));
            assertThat(e.falseNegatives()).as(name).isCloseTo((Double) c.get("fn"), within(1e-12 * p.length));
            assertThat(e.trueNegatives()).as(name).isCloseTo((Double) c.get("tn"), within(1e-12 * p.length));
            assertThat(e.accuracy()).as(name).isCloseTo((Double) c.get("accuracy"), within(1e-12));
            assertThat(e.precision()).as(name).isCloseTo((Double) c.get("precision"), within(1e-12));
            assertThat(e.recall()).as(name).isCloseTo((Double) c.get("recall"), within(1e-12));
            assertThat(e.f1()).as(name).isCloseTo((Double) c.get("f1"), within(1e-12));
            assertThat(e.rocAuc()).as(name).isCloseTo((Double) c.get("rocAuc"), within(1e-12));
            assertThat(e.accuracyStandardError()).as(name).isCloseTo((Double) c.get("standardError"), within(1e-12));
        }
    }

    private static double[][] matrix(Object rows) {
        return ((List<?>) rows).stream().map(EstimateReferenceTest::doubles).toArray(double[][]::new);
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void multiclassCbpeAndCalibrationMatchTheReference() {
        assertThat(reference.get("multiclass")).hasSize(3);
        for (Map<String, Object> c : reference.get("multiclass")) {
            String name = (String) c.get("name");
            List<String> classes = (List<String>) c.get("classes");
            String[] predicted = ((List<String>) c.get("predicted")).toArray(String[]::new);
            double[][] p = matrix(c.get("probabilities"));
            MulticlassPerformanceEstimate e;
            if (c.containsKey("referenceScores")) {
                MulticlassCalibrator calibrator = MulticlassCalibrator.fit(classes, matrix(c.get("referenceScores")),
                        ((List<String>) c.get("referenceLabels")).toArray(String[]::new));
                double[][] scores = matrix(c.get("scores"));
                double[][] calibrated = calibrator.calibrate(scores);
                for (int r = 0; r < p.length; r++) {
                    assertThat(calibrated[r]).as("%s row %d", name, r).containsExactly(p[r], within(1e-12));
                }
                e = MulticlassCbpe.estimate(calibrator, scores, predicted);
            } else {
                e = MulticlassCbpe.estimate(classes, p, predicted);
            }
            double[][] expected = matrix(c.get("matrix"));
            for (int i = 0; i < expected.length; i++) {
                assertThat(e.confusionMatrix()[i]).as("%s matrix row %d", name, i).containsExactly(expected[i], within(1e-12 * p.length));
            }
            assertThat(e.rows()).isEqualTo(p.length);
            assertThat(e.accuracy()).as(name).isCloseTo(number(c.get("accuracy")), within(1e-12));
            assertThat(e.precision()).as(name).containsExactly(doubles(c.get("precision")), within(1e-12));
            assertThat(e.recall()).as(name).containsExactly(doubles(c.get("recall")), within(1e-12));
            assertThat(e.f1()).as(name).containsExactly(doubles(c.get("f1")), within(1e-12));
            assertThat(e.rocAuc()).as(name).containsExactly(doubles(c.get("rocAuc")), within(1e-12));
            assertThat(e.value(EstimatedMetric.PRECISION)).as(name).isCloseTo(number(c.get("macroPrecision")), within(1e-12));
            assertThat(e.value(EstimatedMetric.RECALL)).as(name).isCloseTo(number(c.get("macroRecall")), within(1e-12));
            assertThat(e.value(EstimatedMetric.F1)).as(name).isCloseTo(number(c.get("macroF1")), within(1e-12));
            assertThat(e.value(EstimatedMetric.ROC_AUC)).as(name).isCloseTo(number(c.get("macroRocAuc")), within(1e-12));
            assertThat(e.standardError(EstimatedMetric.ACCURACY)).as(name)
                    .isCloseTo(number(c.get("accuracyStandardError")), within(1e-12));
            assertThat(e.standardError(EstimatedMetric.PRECISION)).as(name)
                    .isCloseTo(number(c.get("precisionStandardError")), within(1e-12));
        }
    }
}
