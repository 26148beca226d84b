package org.mlops4j.benchmarks.spring.overhead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tribuo.TribuoSchemas;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

/**
 * The overhead service's models: two logistic regressions on 20 features (16 numeric, 4
 * categorical, the rows of {@code TribuoPredictorBenchmark}), trained at startup on 2,000
 * generated rows each (different seeds), with the inferred schema and the training rows' profile.
 *
 * @param champion the model both routes call ({@code /direct} directly, {@code /monitored} for the
 *                 keys outside the canary)
 * @param challenger the canary's candidate, served by {@code /monitored} only
 * @param schema the input schema
 * @param reference the champion's training rows' profile: the monitor's drift reference
 */
public record ScoringModels(TribuoPredictor<Label> champion, TribuoPredictor<Label> challenger, Schema schema,
                            ReferenceProfile reference) {

    /** Numeric features {@code f0..f15}, uniform in [0.01, 0.99]. */
    public static final int NUMERIC = 16;

    /** Values of the categorical features {@code c0..c3}. */
    private static final String[] CATEGORIES = {"a", "b", "c", "d"};

    /**
     * Trains both models.
     *
     * @return the models, schema and reference
     */
    public static ScoringModels train() {
        List<Map<String, Object>> rows = rows(new SplittableRandom(17), 2_000);
        MutableDataset<Label> data = dataset(rows);
        MutableDataset<Label> other = dataset(rows(new SplittableRandom(23), 2_000));
        Schema schema = TribuoSchemas.infer(data);
        return new ScoringModels(TribuoPredictor.of(new LogisticRegressionTrainer().train(data)),
                TribuoPredictor.of(new LogisticRegressionTrainer().train(other)), schema,
                ReferenceProfile.of(schema, rows));
    }

    private static MutableDataset<Label> dataset(List<Map<String, Object>> rows) {
        List<Label> labels = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            labels.add(new Label((Double) r.get("f0") + (Double) r.get("f1") > 1.0 ? "pos" : "neg"));
        }
        return TribuoExamples.dataset(rows, labels, new LabelFactory(), "overhead service rows");
    }

    /**
     * Rows of the training distribution; the load generator's script draws its bodies from the same.
     *
     * @param rnd the random source
     * @param n how many
     * @return the rows
     */
    static List<Map<String, Object>> rows(SplittableRandom rnd, int n) {
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int f = 0; f < NUMERIC; f++) {
                r.put("f" + f, 0.01 + 0.98 * rnd.nextDouble());
            }
            for (int c = 0; c < 4; c++) {
                r.put("c" + c, CATEGORIES[rnd.nextInt(CATEGORIES.length)]);
            }
            rows.add(r);
        }
        return rows;
    }
}
