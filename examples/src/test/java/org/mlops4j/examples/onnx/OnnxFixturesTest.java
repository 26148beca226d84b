package org.mlops4j.examples.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
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
 * exported with mlops4j's metadata keys, Tribuo's own answers on 50 rows as CSV, and one-node models:
 * three whose tensors no signature of named features describes (a double input, a 1-D input, two
 * inputs) and an identity of width 2.
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
        assertThat(COMMITTED.resolve("double-input.onnx")).exists();
        assertThat(COMMITTED.resolve("vector-input.onnx")).exists();
        assertThat(COMMITTED.resolve("two-inputs.onnx")).exists();
        assertThat(OnnxModels.inspect(COMMITTED.resolve("identity-2.onnx")).outputWidth()).isEqualTo(2);
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
        // Models whose tensors no signature of named features can describe: one Identity or Add node.
        Files.write(dir.resolve("double-input.onnx"), graph("Identity", OnnxMl.TensorProto.DataType.DOUBLE, true, 1, 3));
        Files.write(dir.resolve("vector-input.onnx"), graph("Identity", OnnxMl.TensorProto.DataType.FLOAT, false, 1, 3));
        // Its answer is its input: a classifier's probabilities chosen by the test, ties included.
        Files.write(dir.resolve("identity-2.onnx"), graph("Identity", OnnxMl.TensorProto.DataType.FLOAT, true, 1, 2));
        Files.write(dir.resolve("two-inputs.onnx"), graph("Add", OnnxMl.TensorProto.DataType.FLOAT, true, 2, 3));
    }

    /** A one-node graph of x (and x2) to y, each of the type and shape given ([batch, width] or [width]). */
    private static byte[] graph(String op, OnnxMl.TensorProto.DataType type, boolean batch, int inputs, int width) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        if (batch) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        }
        shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        OnnxMl.TypeProto tensor = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber()).setShape(shape)).build();
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).addOutput("y");
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(op.toLowerCase(Locale.ROOT));
        for (int i = 0; i < inputs; i++) {
            String name = i == 0 ? "x" : "x" + (i + 1);
            node.addInput(name);
            g.addInput(OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(tensor));
        }
        g.addNode(node).addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(tensor));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("mlops4j OnnxFixturesTest")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g)
                .build().toByteArray();
    }
}
