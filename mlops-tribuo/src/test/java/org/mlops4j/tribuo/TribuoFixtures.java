package org.mlops4j.tribuo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.math.optimisers.AdaGrad;

/** Small, seeded datasets and models for the Tribuo tests; shared with other modules through the test-jar. */
public final class TribuoFixtures {

    private TribuoFixtures() {
    }

    /** Rows with a numeric x in [0, 1), a numeric y in [0, 1), a colour from three, and a flag. */
    /**
     * @param n how many rows
     * @param seed the random seed
     * @return the rows
     */
    public static List<Map<String, Object>> rows(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] colours = {"red", "green", "blue"};
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("x", 0.001 + 0.998 * rnd.nextDouble());
            row.put("y", 0.001 + 0.998 * rnd.nextDouble());
            row.put("colour", colours[rnd.nextInt(3)]);
            row.put("flag", rnd.nextBoolean());
            rows.add(row);
        }
        return rows;
    }

    /** The true rule: positive when x + y > 1, or the colour is red and the flag is set. */
    /**
     * @param row a row from {@link #rows}
     * @return its true label
     */
    public static String truth(Map<String, Object> row) {
        double s = (Double) row.get("x") + (Double) row.get("y");
        boolean red = "red".equals(row.get("colour")) && Boolean.TRUE.equals(row.get("flag"));
        return s > 1.0 || red ? "pos" : "neg";
    }

    static MutableDataset<Label> classification(int n, long seed) {
        List<Map<String, Object>> rows = rows(n, seed);
        List<Label> labels = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            labels.add(new Label(truth(r)));
        }
        return TribuoExamples.dataset(rows, labels, new LabelFactory(), "fixture seed " + seed);
    }

    static Model<Label> classifier() {
        return new LogisticRegressionTrainer().train(classification(2_000, 1));
    }

    static MutableDataset<Regressor> regression(int n, long seed) {
        List<Map<String, Object>> rows = rows(n, seed);
        List<Regressor> targets = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            targets.add(new Regressor("target", 3.0 * (Double) r.get("x") - 2.0 * (Double) r.get("y") + 1.0));
        }
        return TribuoExamples.dataset(rows, targets, new RegressionFactory(), "regression fixture seed " + seed);
    }

    static Model<Regressor> regressor() {
        return new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 30, 1).train(regression(2_000, 3));
    }
}
