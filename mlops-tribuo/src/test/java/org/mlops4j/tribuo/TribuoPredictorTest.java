package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.core.schema.Violation;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

class TribuoPredictorTest {

    private static Model<Label> classifier;
    private static Model<Regressor> regressor;

    @BeforeAll
    static void train() {
        classifier = TribuoFixtures.classifier();
        regressor = TribuoFixtures.regressor();
    }

    @Test
    void classifiesHeldOutRowsWellAndAgreesWithTribuoDirectly() {
        TribuoPredictor<Label> predictor = TribuoPredictor.of(classifier);
        List<Map<String, Object>> rows = TribuoFixtures.rows(1_000, 99);
        int correct = 0;
        for (Map<String, Object> row : rows) {
            Prediction<Label> ours = predictor.predict(row);
            Prediction<Label> direct = classifier.predict(TribuoExamples.example(row, new Label("neg")));
            assertThat(ours.getOutput().getLabel()).isEqualTo(direct.getOutput().getLabel());
            assertThat(ours.getOutput().getScore()).isEqualTo(direct.getOutput().getScore());
            if (TribuoPredictions.label(ours).equals(TribuoFixtures.truth(row))) {
                correct++;
            }
        }
        assertThat(correct / 1000.0).isGreaterThan(0.85);
    }

    @Test
    void confidenceIsTheLargestClassProbability() {
        Prediction<Label> p = TribuoPredictor.of(classifier).predict(Map.of("x", 0.95, "y", 0.9, "colour", "blue",
                "flag", false));
        double maxScore = p.getOutputScores().values().stream().mapToDouble(Label::getScore).max().orElseThrow();
        assertThat(TribuoPredictions.label(p)).isEqualTo("pos");
        assertThat(TribuoPredictions.confidence(p)).hasValue(maxScore);
        assertThat(maxScore).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        assertThat(p.getOutputScores().values().stream().mapToDouble(Label::getScore).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void regressionValueIsReadAndHasNoConfidence() {
        Prediction<Regressor> p = TribuoPredictor.of(regressor).predict(Map.of("x", 0.5, "y", 0.25, "colour", "red",
                "flag", true));
        // True value 3*0.5 - 2*0.25 + 1 = 2.0; SGD gets close.
        assertThat(TribuoPredictions.value(p)).isCloseTo(2.0, within(0.15));
        assertThat(TribuoPredictions.confidence(p)).isEmpty();
    }

    @Test
    void nullValuesAreMissingNotErrors() {
        Map<String, Object> row = new HashMap<>();
        row.put("x", 0.9);
        row.put("y", null);
        row.put("colour", "green");
        assertThat(TribuoPredictor.of(classifier).predict(row).getOutput()).isNotNull();
    }

    @Test
    void unknownFeaturesAndCategoriesAreRefusedByDefault() {
        TribuoPredictor<Label> predictor = TribuoPredictor.of(classifier);
        assertThatThrownBy(() -> predictor.predict(Map.of("x", 0.5, "y", 0.5, "colour", "purple", "shoe_size", 44)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("colour=purple UNKNOWN_CATEGORY")
                .hasMessageContaining("colour@purple")
                .hasMessageContaining("shoe_size=44 UNEXPECTED_FEATURE")
                .satisfies(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::field, Violation::rule)
                        .containsExactlyInAnyOrder(tuple("colour", Rule.UNKNOWN_CATEGORY),
                                tuple("shoe_size", Rule.UNEXPECTED_FEATURE)));
    }

    @Test
    void ignorePolicyDropsUnknownFeaturesButNotAnEmptyRow() {
        TribuoPredictor<Label> lenient = TribuoPredictor.of(classifier, UnknownFeaturePolicy.IGNORE);
        Prediction<Label> withExtra = lenient.predict(Map.of("x", 0.9, "y", 0.8, "colour", "blue", "shoe_size", 44));
        Prediction<Label> without = lenient.predict(Map.of("x", 0.9, "y", 0.8, "colour", "blue"));
        assertThat(withExtra.getOutput().getScore()).isEqualTo(without.getOutput().getScore());
        assertThatThrownBy(() -> lenient.predict(Map.of("shoe_size", 44)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no feature known");
        assertThatThrownBy(() -> lenient.predict(Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no feature known");
    }

    @Test
    void nonFiniteAndUnsupportedValuesAreRefusedNamingTheField() {
        TribuoPredictor<Label> predictor = TribuoPredictor.of(classifier);
        assertThatThrownBy(() -> predictor.predict(Map.of("x", Double.NaN, "y", 0.2)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x=NaN NON_FINITE");
        assertThatThrownBy(() -> predictor.predict(Map.of("x", Double.NEGATIVE_INFINITY)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("NON_FINITE");
        assertThatThrownBy(() -> predictor.predict(Map.of("x", 0.5, "y", List.of(1))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("y=[1] WRONG_TYPE");
        assertThatThrownBy(() -> predictor.predict(null)).isInstanceOf(NullPointerException.class).hasMessage("row");
    }

    @Test
    void isSafeToCallFromManyThreads() throws Exception {
        TribuoPredictor<Label> predictor = TribuoPredictor.of(classifier);
        List<Map<String, Object>> rows = TribuoFixtures.rows(500, 5);
        List<Double> expected = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            expected.add(predictor.predict(r).getOutput().getScore());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int rep = 0; rep < 5; rep++) {
                        for (int i = 0; i < rows.size(); i++) {
                            if (predictor.predict(rows.get(i)).getOutput().getScore() != expected.get(i)) {
                                mismatches++;
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            for (Future<Integer> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void multiDimensionalRegressionValueIsRefused() {
        Prediction<Regressor> p = new Prediction<>(new Regressor(new String[] {"a", "b"}, new double[] {1, 2}), 2,
                TribuoExamples.example(Map.of("x", 1.0), new Regressor("a", 0)));
        assertThatThrownBy(() -> TribuoPredictions.value(p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 output dimensions");
    }
}
