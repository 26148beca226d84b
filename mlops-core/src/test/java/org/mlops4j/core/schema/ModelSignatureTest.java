package org.mlops4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;

class ModelSignatureTest {

    private static final Schema INPUTS = Schema.of(
            Feature.numeric("amount").withRange(0, 10_000),
            Feature.categorical("country", Set.of("DE", "FR")),
            Feature.bool("new_customer").optional());

    private static final ModelSignature SERVED = ModelSignature.classifier(INPUTS, List.of("legit", "fraud"));

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keepsFeatureOrderLabelsAndExample() {
        ModelSignature s = SERVED.withInputExample(row("country", "DE", "amount", 12.5));
        assertThat(s.featureNames()).containsExactly("amount", "country", "new_customer");
        assertThat(s.labels()).containsExactly("legit", "fraud");
        assertThat(s.output()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(s.example()).hasValueSatisfying(e -> assertThat(e.keySet()).containsExactly("country", "amount"));
        assertThat(SERVED.example()).isEmpty();
        assertThat(s).isNotEqualTo(SERVED).isEqualTo(SERVED.withInputExample(row("country", "DE", "amount", 12.5)));
        assertThat(ModelSignature.regressor(INPUTS).labels()).isEmpty();
    }

    @Test
    void refusesBadOutputsAndExamplesNamingThem() {
        assertThatThrownBy(() -> ModelSignature.classifier(INPUTS, List.of("only")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels").hasMessageContaining("[only]");
        assertThatThrownBy(() -> ModelSignature.classifier(INPUTS, List.of("a", "b", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a, b, a]");
        assertThatThrownBy(() -> ModelSignature.classifier(INPUTS, List.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique and non-empty");
        assertThatThrownBy(() -> new ModelSignature(INPUTS, OutputKind.REGRESSION, List.of("a"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regression").hasMessageContaining("[a]");
        assertThatThrownBy(() -> new ModelSignature(INPUTS, OutputKind.UNDECLARED, List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNDECLARED");
        assertThatThrownBy(() -> SERVED.withInputExample(row("amount", 1, "country", "IT")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("country");
        assertThatThrownBy(() -> SERVED.withInputExample(row("amount", List.of(1), "country", "DE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'amount'")
                .hasMessageContaining("java.util");
        Map<String, Object> withNull = row("amount", 3, "country", "DE", "new_customer", null);
        assertThat(SERVED.withInputExample(withNull).inputExample()).containsEntry("new_customer", null);
        assertThat(SERVED.withInputExample(row("amount", 3L, "country", "FR", "new_customer", true)).inputExample())
                .containsEntry("new_customer", true).containsEntry("amount", 3L);
    }

    @Test
    void theSameSignatureAndAReorderedOneAreCompatible() {
        assertThat(SERVED.differencesFrom(SERVED)).isEmpty();
        ModelSignature reordered = ModelSignature.classifier(Schema.of(
                Feature.bool("new_customer").optional(),
                Feature.categorical("country", Set.of("DE", "FR", "IT")),
                Feature.numeric("amount").withRange(-1, 20_000)), List.of("fraud", "legit"));
        assertThat(reordered.differencesFrom(SERVED)).isEmpty();
    }

    @Test
    void listsEveryDifferenceNamingFeatureAndValues() {
        ModelSignature candidate = ModelSignature.regressor(Schema.of(
                Feature.numeric("amount").withRange(0, 5_000),
                Feature.categorical("country", Set.of("DE")),
                Feature.bool("new_customer"),
                Feature.numeric("age")));
        assertThat(candidate.differencesFrom(SERVED)).containsExactly(
                "feature 'amount' ranges over [0.0, 10000.0] for the served model but only [0.0, 5000.0] for the candidate",
                "feature 'country' takes [DE, FR] for the served model but the candidate refuses [FR]",
                "feature 'new_customer' is optional for the served model but required by the candidate",
                "feature 'age' is required by the candidate but not taken by the served model",
                "output is CLASSIFICATION for the served model but REGRESSION for the candidate");
    }

    @Test
    void typesLabelsMissingFeaturesAndCategorySets() {
        ModelSignature candidate = ModelSignature.classifier(Schema.of(
                Feature.anyCategory("amount"),
                Feature.numeric("age").optional()), List.of("legit", "fraud", "review"));
        assertThat(candidate.differencesFrom(SERVED)).containsExactly(
                "feature 'amount' is NUMERIC for the served model but CATEGORICAL for the candidate",
                "feature 'country' is taken by the served model but not by the candidate",
                "feature 'new_customer' is taken by the served model but not by the candidate",
                "labels are [legit, fraud] for the served model but [legit, fraud, review] for the candidate");
        assertThat(ModelSignature.classifier(candidate.inputs().allowingUnexpectedFeatures(), List.of("legit", "fraud"))
                .differencesFrom(SERVED)).containsExactly(
                "feature 'amount' is NUMERIC for the served model but CATEGORICAL for the candidate");

        ModelSignature anyCountry = ModelSignature.classifier(Schema.of(
                Feature.numeric("amount"), Feature.anyCategory("country"), Feature.bool("new_customer").optional()),
                List.of("legit", "fraud"));
        assertThat(anyCountry.differencesFrom(SERVED)).isEmpty();
        assertThat(SERVED.differencesFrom(anyCountry)).containsExactly(
                "feature 'amount' ranges over [-Infinity, Infinity] for the served model but only [0.0, 10000.0] for the candidate",
                "feature 'country' takes any category for the served model but only [DE, FR] for the candidate");
    }

    @Test
    void rangeEdgesCountOnBothSides() {
        ModelSignature wider = ModelSignature.classifier(INPUTS.with(Feature.numeric("amount").withRange(0, 10_000.5)),
                List.of("legit", "fraud"));
        ModelSignature higherMin = ModelSignature.classifier(INPUTS.with(Feature.numeric("amount").withRange(0.5, 10_000)),
                List.of("legit", "fraud"));
        assertThat(wider.differencesFrom(SERVED)).isEmpty();
        assertThat(SERVED.differencesFrom(wider)).hasSize(1);
        assertThat(higherMin.differencesFrom(SERVED)).singleElement().asString().contains("[0.5, 10000.0]");
    }

    @Test
    void exceptionCarriesTheDifferences() {
        IncompatibleSignatureException e = new IncompatibleSignatureException("models:/fraud/3", "models:/fraud/2",
                List.of("a", "b"));
        assertThat(e.differences()).containsExactly("a", "b");
        assertThat(e).hasMessage("the signature of models:/fraud/3 is incompatible with the signature of models:/fraud/2: a; b");
        assertThatThrownBy(() -> new IncompatibleSignatureException("x", "y", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
