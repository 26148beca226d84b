package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Rule;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.schema.Violation;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

class TribuoSchemasTest {

    @Test
    void infersNumericRangesAndOneHotCategories() {
        MutableDataset<Label> data = TribuoFixtures.classification(3_000, 8);
        Schema schema = TribuoSchemas.infer(data);

        assertThat(schema.features()).extracting(Feature::name).containsExactly("colour", "flag", "x", "y");
        Feature colour = schema.feature("colour").orElseThrow();
        assertThat(colour.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(colour.categories()).containsExactly("blue", "green", "red");
        assertThat(colour.required()).isTrue();

        Feature x = schema.feature("x").orElseThrow();
        assertThat(x.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(x.required()).isTrue();
        assertThat(x.min()).isCloseTo(0.001, within(0.002));
        assertThat(x.max()).isCloseTo(0.999, within(0.002));

        // A boolean was encoded as 1.0/0.0 and zeros are not counted: numeric, optional, in [0, 1].
        Feature flag = schema.feature("flag").orElseThrow();
        assertThat(flag.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(flag.required()).isFalse();
        assertThat(flag.min()).isEqualTo(0.0);
        assertThat(flag.max()).isEqualTo(1.0);
    }

    @Test
    void inferredSchemaFlagsServingRowsOutsideTheTrainingData() {
        Schema schema = TribuoSchemas.infer(TribuoFixtures.classification(1_000, 8)).with(Feature.bool("flag"));

        List<Violation> violations = schema.validate(Map.of("x", 7.0, "y", 0.5, "colour", "purple", "flag", true));

        assertThat(violations).extracting(Violation::field, Violation::rule)
                .containsExactly(org.assertj.core.api.Assertions.tuple("colour", Rule.UNKNOWN_CATEGORY),
                        org.assertj.core.api.Assertions.tuple("x", Rule.OUT_OF_RANGE));
        assertThat(schema.validate(Map.of("x", 0.5, "y", 0.5, "colour", "red", "flag", false))).isEmpty();
    }

    @Test
    void sparseCategoricalAndNumericFeaturesAreOptional() {
        List<Map<String, Object>> rows = List.of(Map.of("a", 1.5, "c", "u"), Map.of("a", 2.5), Map.of("a", 3.5, "c", "v"));
        List<Label> labels = List.of(new Label("p"), new Label("n"), new Label("p"));
        Schema schema = TribuoSchemas.infer(TribuoExamples.dataset(rows, labels, new LabelFactory(), "tiny"));

        assertThat(schema.feature("a").orElseThrow().required()).isTrue();
        assertThat(schema.feature("a").orElseThrow().min()).isEqualTo(1.5);
        assertThat(schema.feature("a").orElseThrow().max()).isEqualTo(3.5);
        assertThat(schema.feature("c").orElseThrow().required()).isFalse();
        assertThat(schema.feature("c").orElseThrow().categories()).containsExactly("u", "v");
    }

    @Test
    void modelGivesTheSameSchemaAsItsTrainingData() {
        MutableDataset<Label> data = TribuoFixtures.classification(2_000, 1);
        org.tribuo.Model<Label> model = new org.tribuo.classification.sgd.linear.LogisticRegressionTrainer().train(data);

        assertThat(TribuoSchemas.infer(model)).isEqualTo(TribuoSchemas.infer(data));
        assertThatThrownBy(() -> TribuoSchemas.infer(data.getFeatureMap(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("examples must be >= 1 but was 0");
    }

    @Test
    void emptyDatasetIsRefused() {
        MutableDataset<Label> empty = new MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("empty", new LabelFactory()), new LabelFactory());
        assertThatThrownBy(() -> TribuoSchemas.infer(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty dataset");
    }

    @Test
    void datasetBuilderRefusesBadRowsNamingTheIndex() {
        List<Map<String, Object>> rows = List.of(Map.of("a", 1.0), Map.of("a", Double.NaN));
        List<Label> labels = List.of(new Label("p"), new Label("n"));
        assertThatThrownBy(() -> TribuoExamples.dataset(rows, labels, new LabelFactory(), "bad"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("row 1").hasMessageContaining("NON_FINITE");
        assertThatThrownBy(() -> TribuoExamples.dataset(rows, List.of(new Label("p")), new LabelFactory(), "bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 1");
        assertThatThrownBy(() -> TribuoExamples.example(Map.of("a", new Object()), new Label("p")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("WRONG_TYPE");
    }
}
