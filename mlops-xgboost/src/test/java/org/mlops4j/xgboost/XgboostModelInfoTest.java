package org.mlops4j.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/** What a model's JSON tells, and how a signature is checked against it, with no native code. */
class XgboostModelInfoTest {

    private static final Schema INPUTS = Schema.of(Feature.numeric("a").optional(), Feature.numeric("b").optional());

    @Test
    void theLearnersObjectiveClassesBoosterAndFeatureNamesAreRead() {
        String json = "{\"learner\":{\"attributes\":{},\"feature_names\":[\"a\",\"b \\\"q\\\"\"],\"feature_types\":[],"
                + "\"gradient_booster\":{\"model\":{\"trees\":[]},\"name\":\"dart\"},\"learner_model_param\":"
                + "{\"num_class\":\"3\",\"num_feature\":\"2\"},\"objective\":{\"name\":\"multi:softprob\"}}}";
        XgboostModelInfo info = XgboostModelInfo.fromJson(json, 2, List.of("x", "y", "z"));
        assertThat(info.booster()).isEqualTo("dart");
        assertThat(info.objective()).isEqualTo("multi:softprob");
        assertThat(info.classes()).isEqualTo(3);
        assertThat(info.outputWidth()).isEqualTo(3);
        assertThat(info.featureNames()).containsExactly("a", "b \"q\"");
        XgboostModelInfo bare = XgboostModelInfo.fromJson("{}", 4, List.of());
        assertThat(bare.booster()).isEqualTo("unknown");
        assertThat(bare.objective()).isEqualTo("unknown");
        assertThat(bare.classes()).isZero();
        assertThat(bare.featureNames()).isEmpty();
        assertThat(bare.output()).isEmpty();
    }

    @Test
    void theObjectiveDecidesTheOutput() {
        for (String regression : List.of("reg:squarederror", "reg:logistic", "count:poisson", "survival:cox")) {
            assertThat(info(regression, 0).output()).contains(OutputKind.REGRESSION);
            assertThat(info(regression, 0).outputWidth()).isEqualTo(1);
        }
        assertThat(info("binary:logistic", 0).output()).contains(OutputKind.CLASSIFICATION);
        assertThat(info("binary:logistic", 0).outputWidth()).isEqualTo(1);
        assertThat(info("multi:softprob", 4).output()).contains(OutputKind.CLASSIFICATION);
        for (String other : List.of("multi:softmax", "binary:hinge", "binary:logitraw", "rank:pairwise")) {
            assertThat(info(other, 0).output()).as(other).isEmpty();
        }
    }

    private static XgboostModelInfo info(String objective, int classes) {
        return new XgboostModelInfo("gbtree", objective, 2, classes, List.of("a", "b"), List.of());
    }

    @Test
    void aMulticlassSignatureNeedsOneLabelPerClassAndABinaryOneTwo() {
        new XgboostModelInfo("gbtree", "multi:softprob", 2, 3, List.of(), List.of()).check(
                ModelSignature.classifier(INPUTS, List.of("x", "y", "z")), "m");
        assertThatThrownBy(() -> new XgboostModelInfo("gbtree", "multi:softprob", 2, 4, List.of(), List.of()).check(
                ModelSignature.classifier(INPUTS, List.of("x", "y", "z")), "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m tells 4 classes (objective multi:softprob) but the signature names 3 labels: [x, y, z]");
        assertThatThrownBy(() -> info("binary:logistic", 0).check(ModelSignature.classifier(INPUTS,
                List.of("x", "y", "z")), "m")).hasMessage("m tells 2 classes (objective binary:logistic) but the signature "
                        + "names 3 labels: [x, y, z]");
        info("reg:squarederror", 0).check(ModelSignature.regressor(INPUTS), "m");
        new XgboostModelInfo("gbtree", "reg:squarederror", 2, 0, List.of(), List.of("p", "q"))
                .check(ModelSignature.regressor(INPUTS), "m");
        new XgboostModelInfo("dart", "binary:logistic", 2, 0, List.of(), List.of("p", "q"))
                .check(ModelSignature.classifier(INPUTS, List.of("p", "q")), "m");
    }

    @Test
    void anInferredSignatureHasOptionalNumericFeatures() {
        XgboostModelInfo info = new XgboostModelInfo("gbtree", "binary:logistic", 2, 0, List.of("a", "b"),
                List.of("no", "yes"));
        assertThat(info.unknowns()).isEmpty();
        assertThat(info.inferSignature()).isEqualTo(ModelSignature.classifier(INPUTS, List.of("no", "yes")));
        assertThat(new XgboostModelInfo("gbtree", "reg:squarederror", 2, 0, List.of("a", "b"), List.of())
                .inferSignature()).isEqualTo(ModelSignature.regressor(INPUTS));
        XgboostModelInfo linear = new XgboostModelInfo("gblinear", "reg:squarederror", 2, 0, List.of("a", "b"), List.of());
        assertThat(linear.unknowns()).isEmpty();
        assertThatThrownBy(linear::inferSignature).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the XGBoost model is a gblinear booster; XGBoost answers concurrent predictions safely only "
                        + "for tree boosters (gbtree, dart)");
        XgboostModelInfo three = new XgboostModelInfo("gbtree", "multi:softprob", 2, 3, List.of("a", "b"), List.of());
        assertThat(three.unknowns()).containsExactly("the labels (attribute mlops4j.labels; it only tells 3 classes "
                + "numbered from 0)");
        XgboostModelInfo nothing = new XgboostModelInfo("gbtree", "rank:ndcg", 2, 0, List.of(), List.of());
        assertThat(nothing.unknowns()).containsExactly("the feature names (it was trained on a matrix without names; it "
                + "only tells 2 features)", "how to read its answer (objective rank:ndcg is not binary:logistic, "
                + "multi:softprob or a regression)");
    }
}
