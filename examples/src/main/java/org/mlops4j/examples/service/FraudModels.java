package org.mlops4j.examples.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.examples.FraudData;
import org.mlops4j.monitoring.PerformanceEstimation;
import org.mlops4j.monitoring.profile.ReferenceProfile;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tribuo.TribuoSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

/**
 * The service's models, made at startup when the registry has none: a logistic regression trained
 * on synthetic transactions, registered and aliased {@code champion}, and a decision tree registered
 * and aliased {@code challenger}, which the closed loop rolls out as a canary. A service restarted on
 * the same store finds them there and trains nothing.
 *
 * @param schema the input schema inferred from the training data
 * @param reference the training data's profile: the reference of input drift
 * @param champion the champion version
 * @param challenger the challenger version
 */
public record FraudModels(Schema schema, ReferenceProfile reference, ModelVersion champion, ModelVersion challenger) {

    private static final Logger LOG = LoggerFactory.getLogger(FraudModels.class);

    /** The registered model's name. */
    public static final String MODEL = "fraud";
    /** Labelled holdout rows on which the champion's scores calibrate the performance estimation. */
    public static final int HOLDOUT = 2_000;
    /** The seed of the holdout rows (the training rows are seed 42). */
    public static final long HOLDOUT_SEED = 43;

    /**
     * Trains and registers the models where the registry has no champion, or reads them back.
     *
     * @param registry the registry
     * @param workDir where trained models are written before registration
     * @return the models
     * @throws Exception if training or registration fails
     */
    public static FraudModels prepare(ModelRegistry registry, Path workDir) throws Exception {
        List<FraudData.Transaction> train = FraudData.generate(6_000, 42);
        MutableDataset<Label> trainSet = FraudData.dataset(train, "synthetic transactions, seed 42");
        Schema schema = TribuoSchemas.infer(trainSet).with(Feature.bool("new_customer"));
        ReferenceProfile reference = ReferenceProfile.of(schema, FraudData.rows(train));
        var champion = registry.getByAlias(MODEL, "champion");
        var challenger = registry.getByAlias(MODEL, "challenger");
        if (champion.isPresent() && challenger.isPresent()) {
            LOG.info("models found in the registry: champion {}, challenger {}", champion.get().ref(),
                    challenger.get().ref());
            return new FraudModels(schema, reference, champion.get(), challenger.get());
        }
        Files.createDirectories(workDir);
        TransformationMap scaling = new TransformationMap(List.of(),
                Map.of("amount", List.of(new LinearScalingTransformation(0, 1))));
        Model<Label> logistic = new TransformTrainer<>(new LogisticRegressionTrainer(), scaling).train(trainSet);
        Model<Label> tree = new CARTClassificationTrainer(6).train(trainSet);
        ModelVersion v1 = registry.register(ModelRegistration.builder(MODEL)
                .artifact(TribuoModels.save(logistic, workDir.resolve("logistic.tribuo")))
                .tag("trainer", "logistic-regression").build());
        ModelVersion v2 = registry.register(ModelRegistration.builder(MODEL)
                .artifact(TribuoModels.save(tree, workDir.resolve("cart-6.tribuo"))).tag("trainer", "cart-depth-6")
                .build());
        registry.compareAndSetAlias(MODEL, "champion", OptionalInt.empty(), v1.version(),
                Attribution.by("fraud-service", "first model"));
        registry.setAlias(MODEL, "challenger", v2.version(), Attribution.by("fraud-service", "candidate"));
        LOG.info("trained and registered champion {} and challenger {}", v1.ref(), v2.ref());
        return new FraudModels(schema, reference, registry.get(MODEL, v1.version()).orElseThrow(),
                registry.get(MODEL, v2.version()).orElseThrow());
    }

    /**
     * The performance estimation of the service's monitor (CBPE): the champion's probability of
     * {@code fraud} on {@value #HOLDOUT} labelled holdout transactions (seed {@value #HOLDOUT_SEED},
     * drawn like the training data but not trained on) and their true labels, from which the
     * estimation fits its calibrator. The monitor then estimates each window's accuracy, precision,
     * recall, F1 and ROC AUC when it closes, before any label arrives. The challenger's windows are
     * estimated with the same calibration, fitted on the champion's scores: a rough estimate for it.
     *
     * @param registry the registry holding the champion
     * @return the estimation, positive label {@code fraud}, threshold 0.5
     */
    public PerformanceEstimation<Prediction<Label>> estimation(ModelRegistry registry) {
        TribuoPredictor<Label> champ = TribuoPredictor.of(registry.load(champion, TribuoModels.loader(Label.class)));
        List<FraudData.Transaction> holdout = FraudData.generate(HOLDOUT, HOLDOUT_SEED);
        double[] scores = new double[holdout.size()];
        String[] labels = new String[holdout.size()];
        for (int i = 0; i < scores.length; i++) {
            FraudData.Transaction tx = holdout.get(i);
            scores[i] = champ.predict(tx.features()).getOutputScores().get("fraud").getScore();
            labels[i] = tx.label();
        }
        return PerformanceEstimation.binary("fraud", scores, labels);
    }
}
