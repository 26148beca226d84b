package org.mlops4j.tribuo;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.monitoring.multivariate.DomainClassifier;
import org.mlops4j.monitoring.multivariate.DomainClassifierTrainer;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A Tribuo classification trainer as the domain classifier of multivariate drift
 * ({@link org.mlops4j.monitoring.multivariate.MultivariateMethod#DOMAIN_CLASSIFIER}): each fold's rows
 * become a Tribuo dataset (one feature per encoded column, labels {@value #WINDOW} and
 * {@value #REFERENCE}), the trainer fits a model, and a row's score is the model's score for
 * {@value #WINDOW} (its probability when the model gives probabilities, else its decision score; a model
 * with neither scores 1 for a predicted {@value #WINDOW} and 0 otherwise).
 *
 * <p>Choose a trainer that sees interactions between features, such as a CART or XGBoost tree trainer: a
 * linear trainer (logistic regression) cannot see a correlation that flips while the marginals stay the
 * same. Results are as reproducible as the trainer: Tribuo trainers advance their random state with each
 * call, so the same window checked twice may differ slightly. Thread-safe when the trainer is.
 */
public final class TribuoDomainClassifier implements DomainClassifierTrainer {

    /** The label of window rows. */
    public static final String WINDOW = "window";
    /** The label of reference rows. */
    public static final String REFERENCE = "reference";

    private final Trainer<Label> trainer;

    private TribuoDomainClassifier(Trainer<Label> trainer) {
        this.trainer = trainer;
    }

    /**
     * Adapts a Tribuo trainer.
     *
     * @param trainer a classification trainer, for example {@code new CARTClassificationTrainer(6)}
     * @return the domain classifier trainer
     */
    public static TribuoDomainClassifier of(Trainer<Label> trainer) {
        return new TribuoDomainClassifier(Objects.requireNonNull(trainer, "trainer"));
    }

    @Override
    public DomainClassifier train(List<String> features, double[][] rows, boolean[] window) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("mlops4j domain classifier fold", factory), factory);
        String[] names = features.toArray(new String[0]);
        Label windowLabel = new Label(WINDOW);
        Label referenceLabel = new Label(REFERENCE);
        for (int i = 0; i < rows.length; i++) {
            data.add(new ArrayExample<>(window[i] ? windowLabel : referenceLabel, names, rows[i]));
        }
        Model<Label> model = trainer.train(data);
        return x -> score(model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, x)));
    }

    private static double score(Prediction<Label> prediction) {
        Map<String, Label> scores = prediction.getOutputScores();
        Label w = scores.get(WINDOW);
        if (w != null && !Double.isNaN(w.getScore())) {
            return w.getScore();
        }
        return WINDOW.equals(prediction.getOutput().getLabel()) ? 1.0 : 0.0;
    }

    @Override
    public String toString() {
        return "TribuoDomainClassifier[" + trainer + "]";
    }
}
