package org.mlops4j.examples.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.onnx.OnnxModelInfo;
import org.mlops4j.onnx.OnnxModels;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The generator of the ONNX files mlops-onnx's own tests read (committed under
 * {@code mlops-onnx/src/test/resources/onnx}, so that mlops-onnx can test, and PIT can mutate, its
 * predictor without Tribuo): the logistic and linear regressions of {@link OnnxPredictorTest},
 * exported with mlops4j's metadata keys, and Tribuo's own answers on 50 rows as CSV.
 *
 * <p>Regenerate them with
 * {@code mvn -B -o -q -pl examples -am test -Dtest=OnnxFixturesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmlops.onnx.fixtures=$PWD/mlops-onnx/src/test/resources/onnx}; without the property the test only
 * checks that the committed files still describe the models this generator trains.
 */
class OnnxFixturesTest {

    static final Path COMMITTED = Path.of("..", "mlops-onnx", "src", "test", "resources", "onnx");

    @Test
    void committedFixturesDescribeTheModelsTrainedHere() throws IOException {
        OnnxPredictorTest.Models m = OnnxPredictorTest.Models.train();
        String target = System.getProperty("mlops.onnx.fixtures");
        if (target != null) {
            write(m, Path.of(target));
        }
        ModelSignature signature = OnnxPredictorTest.signature(m.classifier());
        assertThat(OnnxModels.inferSignature(COMMITTED.resolve("fraud.onnx"))).isEqualTo(signature);
        assertThat(OnnxModels.inferSignature(COMMITTED.resolve("spend.onnx"))).isEqualTo(ModelSignature.regressor(
                OnnxPredictorTest.numeric(TribuoModels.featureNames(m.regressor()))));
        List<String> lines = Files.readAllLines(COMMITTED.resolve("expected.csv"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(51);
        assertThat(lines.get(0)).isEqualTo(String.join(",", OnnxPredictorTest.FEATURES) + ",fraud,legit,spend");
    }

    private static void write(OnnxPredictorTest.Models m, Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelSignature signature = OnnxPredictorTest.signature(m.classifier());
        Files.write(dir.resolve("fraud.onnx"), OnnxPredictorTest.withMetadata(
                m.classifier().exportONNXModel("org.mlops4j.examples", 1), Map.of(
                        OnnxModelInfo.FEATURES, String.join(",", signature.featureNames()),
                        OnnxModelInfo.LABELS, String.join(",", signature.labels()))));
        Files.write(dir.resolve("spend.onnx"), OnnxPredictorTest.withMetadata(
                m.regressor().exportONNXModel("org.mlops4j.examples", 1), Map.of(
                        OnnxModelInfo.FEATURES, String.join(",", TribuoModels.featureNames(m.regressor())),
                        OnnxModelInfo.OUTPUT, "regression")));
        StringBuilder csv = new StringBuilder(String.join(",", OnnxPredictorTest.FEATURES) + ",fraud,legit,spend\n");
        TribuoPredictor<Label> cls = TribuoPredictor.of(m.classifier());
        TribuoPredictor<org.tribuo.regression.Regressor> reg = TribuoPredictor.of(m.regressor());
        for (Map<String, Object> row : OnnxPredictorTest.rows(50, 21)) {
            for (String f : OnnxPredictorTest.FEATURES) {
                csv.append(row.get(f)).append(',');
            }
            Prediction<Label> p = cls.predict(row);
            csv.append(String.format(Locale.ROOT, "%.9g,%.9g,%.9g%n", p.getOutputScores().get("fraud").getScore(),
                    p.getOutputScores().get("legit").getScore(), reg.predict(row).getOutput().getValues()[0]));
        }
        Files.writeString(dir.resolve("expected.csv"), csv.toString(), StandardCharsets.UTF_8);
    }
}
