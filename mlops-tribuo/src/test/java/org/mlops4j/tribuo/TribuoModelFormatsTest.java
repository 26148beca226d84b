package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.ModelFormat;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/** The tribuo-* model formats, found by name through ServiceLoader, serving registered models. */
class TribuoModelFormatsTest {

    @TempDir
    Path dir;

    @Test
    void bothFormatsAreFoundByNameIgnoringCase() {
        assertThat(ModelFormat.available()).extracting(ModelFormat::name)
                .contains("tribuo-classification", "tribuo-regression");
        assertThat(ModelFormat.named("Tribuo-Classification")).isInstanceOf(TribuoClassificationFormat.class);
        assertThat(ModelFormat.named("tribuo-regression")).isInstanceOf(TribuoRegressionFormat.class);
        assertThatThrownBy(() -> ModelFormat.named("xgboost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no model format is named 'xgboost'; the class path has [")
                .hasMessageContaining("tribuo-classification");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClassifierEndpointServesTheChampionAndAnswersLikeTheModel() throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        var model = TribuoFixtures.classifier();
        ModelVersion v = registry.register(ModelRegistration.builder("churn")
                .artifact(TribuoModels.save(model, dir.resolve("churn.tribuo"))).build());
        registry.setAlias("churn", "champion", v.version(), Attribution.by("test", "first"));
        ModelFormat<?, ?> format = ModelFormat.named("tribuo-classification");
        try (ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint =
                     ((ModelFormat<Map<String, ?>, Prediction<Label>>) format)
                             .endpoint("churn", registry, "models:/churn@champion").build()) {
            assertThat(endpoint.strategy().variants().get(0).model()).isEqualTo(v.ref());
            List<Map<String, Object>> rows = TribuoFixtures.rows(20, 5);
            TribuoPredictor<Label> direct = TribuoPredictor.of(model);
            for (Map<String, Object> row : rows) {
                assertThat(endpoint.predict(row).getOutput().getLabel()).isEqualTo(direct.predict(row).getOutput()
                        .getLabel());
            }
            assertThat(format.outputs().kind()).isEqualTo(TribuoOutputs.classifier().kind());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRegressionEndpointServesItsVersion() throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        var model = TribuoFixtures.regressor();
        ModelVersion v = registry.register(ModelRegistration.builder("demand")
                .artifact(TribuoModels.save(model, dir.resolve("demand.tribuo"))).build());
        try (ModelEndpoint<Map<String, ?>, Prediction<Regressor>> endpoint =
                     ((ModelFormat<Map<String, ?>, Prediction<Regressor>>) ModelFormat.named("tribuo-regression"))
                             .endpoint("demand", registry, "models:/demand/" + v.version()).build()) {
            Map<String, Object> row = TribuoFixtures.rows(1, 9).get(0);
            assertThat(endpoint.predict(row).getOutput().getValues()[0])
                    .isEqualTo(TribuoPredictor.of(model).predict(row).getOutput().getValues()[0]);
        }
    }
}
