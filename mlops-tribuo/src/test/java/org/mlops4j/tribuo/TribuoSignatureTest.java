package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.ModelSignature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

class TribuoSignatureTest {

    @TempDir
    Path dir;

    @Test
    void classifierSignatureHasItsFeaturesUnboundedAndItsLabelsInOutputIdOrder() {
        Model<Label> model = TribuoFixtures.classifier();

        ModelSignature signature = TribuoModels.signature(model);

        assertThat(signature.output()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(signature.labels()).isEqualTo(TribuoModels.labelNames(model)).containsExactlyInAnyOrder("neg", "pos");
        // Feature ids: colour@blue, colour@green, colour@red, flag, x, y.
        assertThat(signature.featureNames()).containsExactly("colour", "flag", "x", "y");
        assertThat(signature.inputs().feature("colour").orElseThrow())
                .isEqualTo(Feature.categorical("colour", java.util.Set.of("blue", "green", "red")));
        for (String numeric : List.of("x", "y")) {
            Feature f = signature.inputs().feature(numeric).orElseThrow();
            assertThat(f).isEqualTo(Feature.numeric(numeric));
            assertThat(f.hasRange()).isFalse();
            // The schema of the training data does have a range: the signature leaves it out.
            assertThat(TribuoSchemas.infer(model).feature(numeric).orElseThrow().hasRange()).isTrue();
        }
        // A boolean is 1.0 or absent in Tribuo: absent in about half the rows, so optional, and numeric.
        assertThat(signature.inputs().feature("flag").orElseThrow())
                .isEqualTo(Feature.numeric("flag").optional());
        assertThat(signature.example()).isEmpty();
    }

    @Test
    void numericFeaturesComeInTheColumnOrderOfTheModelAndAOneHotGroupAtItsFirstColumn() {
        // Feature ids sort by name: a, b1, b@x, b@y ('1' sorts before '@'), so the columns are a, b1, then b.
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("b", rnd.nextBoolean() ? "x" : "y");
            row.put("b1", 1 + rnd.nextDouble());
            row.put("a", 1 + rnd.nextDouble());
            rows.add(row);
            labels.add(new Label((Double) row.get("a") > 1.5 ? "hi" : "lo"));
        }
        Model<Label> model = new LogisticRegressionTrainer()
                .train(TribuoExamples.dataset(rows, labels, new LabelFactory(), "order"));

        ModelSignature signature = TribuoModels.signature(model);

        assertThat(TribuoModels.featureNames(model)).containsExactly("a", "b1", "b@x", "b@y");
        assertThat(signature.featureNames()).containsExactly("a", "b1", "b");
        assertThat(TribuoSchemas.infer(model).features()).extracting(Feature::name).containsExactly("a", "b", "b1");
        assertThat(signature.inputs().features()).allMatch(Feature::required);
    }

    @Test
    void regressorSignatureIsRegressionWithoutLabels() {
        ModelSignature signature = TribuoModels.signature(TribuoFixtures.regressor());

        assertThat(signature.output()).isEqualTo(OutputKind.REGRESSION);
        assertThat(signature.labels()).isEmpty();
        assertThat(signature.featureNames()).containsExactly("colour", "flag", "x", "y");
        assertThat(signature.inputs().feature("x").orElseThrow().type()).isEqualTo(FeatureType.NUMERIC);
    }

    @Test
    void modelsRetrainedOnAnotherSampleHaveCompatibleSignatures() {
        Model<Label> first = new LogisticRegressionTrainer().train(TribuoFixtures.classification(500, 1));
        Model<Label> second = new LogisticRegressionTrainer().train(TribuoFixtures.classification(500, 2));

        assertThat(TribuoModels.signature(second).differencesFrom(TribuoModels.signature(first))).isEmpty();
        // With the training ranges as a contract, the other sample's extremes would make it incompatible.
        ModelSignature rangedFirst = ModelSignature.classifier(TribuoSchemas.infer(first), TribuoModels.labelNames(first));
        ModelSignature rangedSecond = ModelSignature.classifier(TribuoSchemas.infer(second),
                TribuoModels.labelNames(second));
        assertThat(rangedSecond.differencesFrom(rangedFirst)).isNotEmpty();
    }

    @Test
    void inputExampleIsCheckedAndKeptInItsOrder() {
        Model<Label> model = TribuoFixtures.classifier();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("y", 0.25);
        example.put("x", 0.75);
        example.put("colour", "red");
        example.put("flag", 1.0);

        ModelSignature signature = TribuoModels.signature(model, example);

        assertThat(signature.example().orElseThrow()).containsExactlyEntriesOf(example);
        // The example is a row the model scores.
        assertThat(TribuoPredictor.of(model).predict(signature.inputExample()).getOutput().getLabel()).isEqualTo("pos");

        assertThatThrownBy(() -> TribuoModels.signature(model, Map.of("x", 0.5, "y", 0.5, "colour", "purple")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("colour").hasMessageContaining("purple");
        assertThatThrownBy(() -> TribuoModels.signature(model, Map.of("x", 0.5, "colour", "red")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("y");
        assertThatThrownBy(() -> TribuoModels.signature(model, Map.of("x", 0.5, "y", 0.5, "colour", "red", "z", 1.0)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("z");
    }

    @Test
    void signatureTravelsWithARegisteredVersion() {
        Model<Label> model = TribuoFixtures.classifier();
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v = registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(model, dir.resolve("m.tribuo")))
                .signature(TribuoModels.signature(model)).build());

        Model<Label> loaded = registry.load(v, TribuoModels.loader(Label.class));

        assertThat(registry.get("fraud", 1).orElseThrow().signature()).contains(TribuoModels.signature(loaded));
    }

    @Test
    void aRegressorOfSeveralDimensionsIsRefusedNamingThem() {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("two targets", factory), factory);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            double x = rnd.nextDouble();
            data.add(new org.tribuo.impl.ArrayExample<>(new Regressor(new String[] {"up", "down"}, new double[] {x, -x}),
                    new String[] {"x"}, new double[] {x}));
        }
        Model<Regressor> model = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 2, 1).train(data);

        assertThatThrownBy(() -> TribuoModels.signature(model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + model.getName() + "'").hasMessageContaining("2 regression dimensions")
                .hasMessageContaining("up").hasMessageContaining("down");
    }

    @Test
    void aModelOfAnotherOutputTypeIsRefusedNamingItAndTheType() {
        org.tribuo.multilabel.MultiLabelFactory factory = new org.tribuo.multilabel.MultiLabelFactory();
        MutableDataset<org.tribuo.multilabel.MultiLabel> data = new MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("tags", factory), factory);
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 200; i++) {
            double x = rnd.nextDouble();
            double y = rnd.nextDouble();
            data.add(new org.tribuo.impl.ArrayExample<>(factory.generateOutput(x > 0.5 ? (y > 0.5 ? "a,b" : "a") : "b"),
                    new String[] {"x", "y"}, new double[] {x, y}));
        }
        Model<org.tribuo.multilabel.MultiLabel> model = new org.tribuo.multilabel.baseline.IndependentMultiLabelTrainer(
                new LogisticRegressionTrainer()).train(data);

        assertThatThrownBy(() -> TribuoModels.signature(model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + model.getName() + "'").hasMessageContaining("neither Label nor Regressor")
                .hasMessageContaining(org.tribuo.multilabel.MultiLabel.class.getName());
    }
}
