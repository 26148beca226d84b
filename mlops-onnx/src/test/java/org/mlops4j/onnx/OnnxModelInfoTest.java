package org.mlops4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/** What a model's widths and metadata tell, and how a signature is checked against them. */
class OnnxModelInfoTest {

    private static final Schema INPUTS = Schema.of(Feature.numeric("amount"), Feature.bool("night"),
            Feature.numeric("age"));
    private static final ModelSignature CLASSIFIER = ModelSignature.classifier(INPUTS, List.of("fraud", "legit"));

    private static OnnxModelInfo info(long in, long out, Map<String, String> metadata) {
        return new OnnxModelInfo("input", in, "output", out, metadata);
    }

    @Test
    void metadataNamingFeaturesAndLabelsGivesAClassifiersSignature() {
        OnnxModelInfo info = info(3, 2, Map.of(OnnxModelInfo.FEATURES, "amount,night,age",
                OnnxModelInfo.LABELS, "fraud,legit", "producer", "sklearn"));
        assertThat(info.features()).containsExactly("amount", "night", "age");
        assertThat(info.labels()).containsExactly("fraud", "legit");
        assertThat(info.output()).contains(OutputKind.CLASSIFICATION);
        assertThat(info.unknowns()).isEmpty();
        assertThat(info.inferSignature()).isEqualTo(ModelSignature.classifier(Schema.of(Feature.numeric("amount"),
                Feature.numeric("night"), Feature.numeric("age")), List.of("fraud", "legit")));
        assertThat(info.metadata().keySet()).containsExactly("mlops4j.features", "mlops4j.labels", "producer");
        assertThat(info).hasToString("OnnxModelInfo[input [-1, 3] -> output [-1, 2], metadata "
                + "[mlops4j.features, mlops4j.labels, producer]]");
    }

    @Test
    void aRegressionModelSaysSoInItsMetadata() {
        OnnxModelInfo info = info(2, 1, Map.of(OnnxModelInfo.FEATURES, "x,y", OnnxModelInfo.OUTPUT, "regression"));
        assertThat(info.inferSignature()).isEqualTo(ModelSignature.regressor(Schema.of(Feature.numeric("x"),
                Feature.numeric("y"))));
        assertThat(info(2, 2, Map.of(OnnxModelInfo.OUTPUT, "classification", OnnxModelInfo.LABELS, "a,b")).output())
                .contains(OutputKind.CLASSIFICATION);
        assertThatThrownBy(() -> info(2, 1, Map.of(OnnxModelInfo.OUTPUT, "ranking")).output())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata mlops4j.output must be classification or regression but was 'ranking'");
    }

    @Test
    void whatTheMetadataDoesNotTellIsListed() {
        assertThat(info(3, 2, Map.of()).unknowns()).containsExactly(
                "the feature names (metadata mlops4j.features; the model only tells 3 columns)",
                "the output kind (metadata mlops4j.output or mlops4j.labels)");
        assertThat(info(-1, 2, Map.of(OnnxModelInfo.FEATURES, "")).unknowns()).first().isEqualTo(
                "the feature names (metadata mlops4j.features; the model only tells that its width is free)");
        OnnxModelInfo noLabels = info(1, 3, Map.of(OnnxModelInfo.FEATURES, "x", OnnxModelInfo.OUTPUT, "classification"));
        assertThat(noLabels.unknowns()).containsExactly("the labels (metadata mlops4j.labels; the model only tells 3 "
                + "columns)");
        assertThatThrownBy(noLabels::inferSignature).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot infer the signature of the ONNX model: it does not tell the labels (metadata "
                        + "mlops4j.labels; the model only tells 3 columns)");
    }

    @Test
    void aSignatureOfOtherWidthsIsRefusedNamingBoth() {
        info(3, 2, Map.of()).check(CLASSIFIER, "m");
        info(-1, -1, Map.of()).check(CLASSIFIER, "m");
        assertThatThrownBy(() -> info(4, 2, Map.of()).check(CLASSIFIER, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m takes 4 features in 'input' but the signature names 3: [amount, night, age]");
        assertThatThrownBy(() -> info(3, 3, Map.of()).check(CLASSIFIER, "m"))
                .hasMessage("m answers 3 columns in 'output' but the signature expects 2 (one per label [fraud, legit])");
        assertThatThrownBy(() -> info(3, 2, Map.of()).check(ModelSignature.regressor(INPUTS), "m"))
                .hasMessage("m answers 2 columns in 'output' but the signature expects 1 (a value)");
        info(3, 1, Map.of()).check(ModelSignature.regressor(INPUTS), "m");
        assertThatThrownBy(() -> info(0, 2, Map.of()).check(CLASSIFIER, "m"))
                .hasMessage("m takes 0 features in 'input' but the signature names 3: [amount, night, age]");
        assertThatThrownBy(() -> info(3, 0, Map.of()).check(CLASSIFIER, "m"))
                .hasMessage("m answers 0 columns in 'output' but the signature expects 2 (one per label [fraud, legit])");
    }

    @Test
    void anInferredSignatureIsCheckedAgainstTheTensors() {
        OnnxModelInfo info = info(3, 2, Map.of(OnnxModelInfo.FEATURES, "a,b,c", OnnxModelInfo.LABELS, "x,y,z"));
        assertThat(info.unknowns()).isEmpty();
        assertThatThrownBy(info::inferSignature).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the ONNX model answers 2 columns in 'output' but the signature expects 3 (one per label "
                        + "[x, y, z])");
        assertThat(info(0, 1, Map.of(OnnxModelInfo.OUTPUT, "regression")).unknowns()).containsExactly(
                "the feature names (metadata mlops4j.features; the model only tells 0 columns)");
    }

    @Test
    void aSignatureThatContradictsTheMetadataOrHasACategoryIsRefused() {
        OnnxModelInfo info = info(3, 2, Map.of(OnnxModelInfo.FEATURES, "age,night,amount",
                OnnxModelInfo.LABELS, "legit,fraud"));
        assertThatThrownBy(() -> info.check(CLASSIFIER, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m lists its features as [age, night, amount] (metadata mlops4j.features) but the signature "
                        + "names [amount, night, age]");
        OnnxModelInfo namesOk = info(3, 2, Map.of(OnnxModelInfo.FEATURES, "amount,night,age",
                OnnxModelInfo.LABELS, "legit,fraud"));
        assertThatThrownBy(() -> namesOk.check(CLASSIFIER, "m"))
                .hasMessage("m lists its labels as [legit, fraud] (metadata mlops4j.labels) but the signature names "
                        + "[fraud, legit]");
        info(3, 1, Map.of(OnnxModelInfo.LABELS, "legit,fraud")).check(ModelSignature.regressor(INPUTS), "m");
        ModelSignature category = ModelSignature.classifier(INPUTS.with(Feature.anyCategory("night")),
                List.of("fraud", "legit"));
        assertThatThrownBy(() -> info(3, 2, Map.of()).check(category, "m"))
                .hasMessage("feature 'night' of the signature is CATEGORICAL but m takes numbers in a float tensor; "
                        + "encode it before export");
    }
}
