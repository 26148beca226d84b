package org.mlops4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.RowResult;

/**
 * The predictor on the committed ONNX files (a logistic and a linear regression exported by Tribuo
 * with mlops4j's metadata, made by examples' {@code OnnxFixturesTest}) against Tribuo's own answers
 * recorded beside them: single rows, batches, bad rows, a registry version.
 */
class OnnxPredictorTest {

    private static byte[] fraud;
    private static byte[] spend;
    private static List<Map<String, Object>> rows;
    private static List<double[]> expected;

    @TempDir
    static Path dir;

    @BeforeAll
    static void read() throws IOException {
        fraud = resource("fraud.onnx");
        spend = resource("spend.onnx");
        List<String> lines = List.of(new String(resource("expected.csv"), StandardCharsets.UTF_8).split("\n"));
        String[] header = lines.get(0).split(",");
        rows = new ArrayList<>();
        expected = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                row.put(header[i], Double.parseDouble(cells[i]));
            }
            rows.add(row);
            expected.add(new double[] {Double.parseDouble(cells[5]), Double.parseDouble(cells[6]),
                    Double.parseDouble(cells[7])});
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(OnnxPredictorTest.class.getResourceAsStream("/onnx/" + name),
                name)) {
            return in.readAllBytes();
        }
    }

    private static OnnxPredictor<Map<String, ?>> classifier() {
        return OnnxPredictor.load(fraud, "fraud.onnx", OnnxModels.inferSignature(fraud), OnnxConfig.ofDefaults(),
                org.mlops4j.core.features.FeatureExtractor.maps());
    }

    @Test
    void theCommittedModelsDescribeThemselves() {
        ModelSignature s = OnnxModels.inferSignature(fraud);
        assertThat(s.output()).isEqualTo(OutputKind.CLASSIFICATION);
        assertThat(s.labels()).containsExactlyInAnyOrder("fraud", "legit");
        assertThat(s.featureNames()).containsExactlyInAnyOrder("amount", "hour", "velocity", "age", "score");
        assertThat(OnnxModels.inferSignature(spend).output()).isEqualTo(OutputKind.REGRESSION);
        assertThat(OnnxModels.inspect(spend).outputWidth()).isEqualTo(1);
    }

    @Test
    void rowsAndBatchesAnswerAsTribuoDid() {
        try (OnnxPredictor<Map<String, ?>> onnx = classifier();
             OnnxPredictor<Map<String, ?>> reg = OnnxPredictor.load(spend, "spend.onnx",
                     OnnxModels.inferSignature(spend), OnnxConfig.ofDefaults(),
                     org.mlops4j.core.features.FeatureExtractor.maps())) {
            List<RowResult<OnnxPrediction>> batch = onnx.predictBatch(rows);
            List<RowResult<OnnxPrediction>> values = reg.predictBatch(rows);
            assertThat(batch).hasSize(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                OnnxPrediction one = onnx.predict(rows.get(i));
                double pFraud = expected.get(i)[0];
                assertThat(one.scores().get("fraud")).isCloseTo(pFraud, within(1e-5));
                assertThat(one.scores().get("legit")).isCloseTo(expected.get(i)[1], within(1e-5));
                assertThat(one.label()).isEqualTo(pFraud > 0.5 ? "fraud" : "legit");
                assertThat(one.confidence()).isEqualTo(Math.max(one.scores().get("fraud"), one.scores().get("legit")));
                assertThat(one.value()).isNaN();
                assertThat(batch.get(i).output().orElseThrow()).isEqualTo(one);
                assertThat(batch.get(i).index()).isEqualTo(i);
                OnnxPrediction v = reg.predict(rows.get(i));
                assertThat(v.value()).isCloseTo(expected.get(i)[2], within(1e-4 * Math.max(1, Math.abs(expected.get(i)[2]))));
                assertThat(v.label()).isNull();
                assertThat(v.scores()).isEmpty();
                assertThat(values.get(i).output().orElseThrow()).isEqualTo(v);
            }
            assertThat(batch.stream().map(r -> r.output().orElseThrow().label()).distinct()).containsExactlyInAnyOrder("fraud", "legit");
        }
    }

    @Test
    void aBatchRefusesOnlyItsBadRowsAndKeepsTheOthersInPlace() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(new LinkedHashMap<>(rows.get(i)));
        }
        batch.get(0).remove("age");
        batch.get(2).put("hour", "noon");
        batch.get(5).put("score", Double.NaN);
        try (OnnxPredictor<Map<String, ?>> onnx = classifier()) {
            List<RowResult<OnnxPrediction>> results = onnx.predictBatch(batch);
            assertThat(results).extracting(RowResult::succeeded).containsExactly(false, true, false, true, true, false);
            assertThat(results).extracting(RowResult::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(results.get(1).output().orElseThrow()).isEqualTo(onnx.predict(rows.get(1)));
            assertThat(results.get(3).output().orElseThrow()).isEqualTo(onnx.predict(rows.get(3)));
            assertThat(results.get(4).output().orElseThrow()).isEqualTo(onnx.predict(rows.get(4)));
            assertThat(results.get(0).error().orElseThrow()).hasMessageStartingWith("feature 'age' is missing");
            assertThat(results.get(2).error().orElseThrow()).hasMessage(
                    "feature 'hour' must be a number but was 'noon' (String)");
            assertThat(results.get(5).error().orElseThrow()).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("feature 'score' is NaN");
            assertThat(onnx.predictBatch(List.of(batch.get(0), batch.get(2)))).extracting(RowResult::succeeded)
                    .containsExactly(false, false);
        }
    }

    @Test
    void aVersionFromTheRegistryIsLoadedFromItsVerifiedBytes() throws IOException {
        Path file = Files.write(dir.resolve("fraud.onnx"), fraud);
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v = registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(file))
                .signature(OnnxModels.inferSignature(file)).build());
        // The registry has the bytes; a file changed after registering is refused by the checksum.
        try (OnnxPredictor<Map<String, ?>> onnx = registry.load(v, OnnxModels.loader(v.signature().orElseThrow(),
                OnnxConfig.ofDefaults()))) {
            assertThat(onnx.predict(rows.get(0)).scores().get("fraud")).isCloseTo(expected.get(0)[0], within(1e-5));
            assertThat(onnx.signature()).isEqualTo(v.signature().orElseThrow());
            assertThat(onnx.info().inputWidth()).isEqualTo(5);
            assertThat(onnx.toString()).isEqualTo("OnnxPredictor[" + file + ", CLASSIFICATION, 5 features]");
        }
        try (OnnxPredictor<Map<String, ?>> viaPath = OnnxModels.loader(v.signature().orElseThrow(),
                OnnxConfig.ofDefaults()).load(file)) {
            assertThat(viaPath.predict(rows.get(1))).isEqualTo(classifier().predict(rows.get(1)));
        }
    }

    @Test
    void aFileIsLoadedFromItsPathAndAMismatchingSignatureFailsTheLoad() throws IOException {
        Path file = Files.write(dir.resolve("by-path.onnx"), fraud);
        try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(file, OnnxModels.inferSignature(fraud),
                OnnxConfig.ofDefaults())) {
            assertThat(onnx.predict(rows.get(2)).scores().get("fraud")).isCloseTo(expected.get(2)[0], within(1e-5));
        }
        ModelSignature regression = ModelSignature.regressor(OnnxModels.inferSignature(fraud).inputs());
        assertThatThrownBy(() -> OnnxPredictor.load(file, regression, OnnxConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the ONNX model " + file + " answers 2 columns "
                        + "in 'output' but the signature expects 1 (a value)");
    }

    @Test
    void tensorsNoSignatureOfNamedFeaturesDescribesFailTheLoad() throws IOException {
        ModelSignature three = ModelSignature.regressor(org.mlops4j.core.schema.Schema.of(
                org.mlops4j.core.schema.Feature.numeric("a"), org.mlops4j.core.schema.Feature.numeric("b"),
                org.mlops4j.core.schema.Feature.numeric("c")));
        assertThatThrownBy(() -> OnnxPredictor.load(resource("double-input.onnx"), "double-input.onnx", three,
                OnnxConfig.ofDefaults(), org.mlops4j.core.features.FeatureExtractor.maps()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the ONNX model double-input.onnx's input 'x' is TensorInfo(javaType=DOUBLE")
                .hasMessageEndingWith("; a 2-D float tensor [batch, columns] is needed");
        assertThatThrownBy(() -> OnnxModels.inspect(resource("vector-input.onnx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the ONNX model (bytes)'s input 'x' is TensorInfo(javaType=FLOAT")
                .hasMessageContaining("shape=[3]");
        assertThatThrownBy(() -> OnnxModels.inspect(resource("two-inputs.onnx")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the ONNX model (bytes) has 2 inputs [x, x2]; a "
                        + "signature of named features needs one 2-D float input");
    }

    @Test
    void theMostProbableLabelWinsAndATieGoesToTheFirst() throws IOException {
        ModelSignature two = ModelSignature.classifier(org.mlops4j.core.schema.Schema.of(
                org.mlops4j.core.schema.Feature.numeric("a"), org.mlops4j.core.schema.Feature.numeric("b")),
                List.of("first", "second"));
        // identity-2.onnx answers its input: the row is the probabilities.
        try (OnnxPredictor<Map<String, ?>> identity = OnnxPredictor.load(resource("identity-2.onnx"), "identity-2.onnx",
                two, OnnxConfig.ofDefaults(), org.mlops4j.core.features.FeatureExtractor.maps())) {
            assertThat(identity.predict(Map.of("a", 0.5, "b", 0.5)).label()).isEqualTo("first");
            assertThat(identity.predict(Map.of("a", 0.25, "b", 0.75))).isEqualTo(new OnnxPrediction("second",
                    Map.of("first", 0.25, "second", 0.75), Double.NaN));
            assertThat(identity.predict(Map.of("a", 0.75, "b", 0.25)).label()).isEqualTo("first");
        }
    }

    @Test
    void aClosedPredictorFailsAndClosingTwiceIsHarmless() {
        OnnxPredictor<Map<String, ?>> onnx = classifier();
        onnx.close();
        onnx.close();
        assertThatThrownBy(() -> onnx.predict(rows.get(0))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void bytesThatAreNotOnnxFailAtLoadNamingTheSource() throws IOException {
        byte[] junk = "not a model".getBytes(StandardCharsets.UTF_8);
        ModelSignature s = OnnxModels.inferSignature(fraud);
        assertThatThrownBy(() -> OnnxPredictor.load(junk, "junk.onnx", s, OnnxConfig.ofDefaults(),
                org.mlops4j.core.features.FeatureExtractor.maps())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot load the ONNX model junk.onnx: ");
        assertThatThrownBy(() -> OnnxModels.inspect(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot load the ONNX model (bytes): ");
        Path missing = dir.resolve("absent.onnx");
        assertThatThrownBy(() -> OnnxPredictor.load(missing, s, OnnxConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot load the ONNX model " + missing);
        assertThatThrownBy(() -> OnnxModels.inspect(missing)).hasMessageStartingWith("cannot read the ONNX model " + missing);
        assertThatThrownBy(() -> OnnxModels.inferSignature(Files.write(dir.resolve("j.onnx"), junk)))
                .hasMessageStartingWith(dir.resolve("j.onnx") + ": cannot load the ONNX model ");
    }

    @Test
    void configurationsAreAppliedAndTheOutputsReadTheAnswers() {
        for (OnnxConfig.Optimization level : OnnxConfig.Optimization.values()) {
            try (OnnxPredictor<Map<String, ?>> onnx = OnnxPredictor.load(fraud, "fraud.onnx",
                    OnnxModels.inferSignature(fraud), OnnxConfig.ofDefaults().withOptimization(level).withIntraOpThreads(2),
                    org.mlops4j.core.features.FeatureExtractor.maps())) {
                assertThat(onnx.predict(rows.get(0)).scores().get("fraud")).isCloseTo(expected.get(0)[0], within(1e-5));
            }
        }
        ModelSignature s = OnnxModels.inferSignature(fraud);
        try (OnnxPredictor<Map<String, ?>> onnx = classifier()) {
            OnnxPrediction p = onnx.predict(rows.get(0));
            assertThat(OnnxModels.outputs(s).label(p)).isEqualTo(p.label());
            assertThat(OnnxModels.outputs(s).confidence(p)).isEqualTo(p.confidence());
        }
        OnnxPrediction value = new OnnxPrediction(null, Map.of(), 3.5);
        assertThat(OnnxModels.outputs(OnnxModels.inferSignature(spend)).value(value)).isEqualTo(3.5);
    }
    @Test
    void theOnnxFormatsServeRegistryVersionsByTheirSignatureOrTheirMetadata() throws IOException {
        assertThat(org.mlops4j.serving.ModelFormat.named("onnx-classification")).isInstanceOf(OnnxClassificationFormat.class);
        assertThat(org.mlops4j.serving.ModelFormat.named("ONNX-Regression")).isInstanceOf(OnnxRegressionFormat.class);
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        Path fraudFile = Files.write(dir.resolve("format-fraud.onnx"), fraud);
        Path spendFile = Files.write(dir.resolve("format-spend.onnx"), spend);
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(fraudFile)).build()); // no signature
        registry.register(ModelRegistration.builder("fraud").artifact(ModelArtifact.of(fraudFile))
                .signature(OnnxModels.inferSignature(fraud)).build());
        registry.register(ModelRegistration.builder("spend").artifact(ModelArtifact.of(spendFile)).build());

        try (var endpoint = new OnnxClassificationFormat().endpoint("fraud", registry, "models:/fraud/1").build();
             var signed = new OnnxClassificationFormat().endpoint("fraud2", registry, "models:/fraud/2").build();
             var values = new OnnxRegressionFormat().endpoint("spend", registry, "models:/spend/1").build()) {
            for (int i = 0; i < 50; i++) {
                assertThat(endpoint.predict(rows.get(i)).scores().get("fraud")).isCloseTo(expected.get(i)[0], within(1e-5));
                assertThat(signed.predict(rows.get(i)).label()).isEqualTo(expected.get(i)[0] > 0.5 ? "fraud" : "legit");
                assertThat(values.predict(rows.get(i)).value())
                        .isCloseTo(expected.get(i)[2], within(1e-4 * Math.max(1, Math.abs(expected.get(i)[2]))));
            }
            assertThat(signed.strategy().variants().get(0).signature()).isPresent();
            assertThat(new OnnxClassificationFormat().outputs().kind()).isEqualTo(OutputKind.CLASSIFICATION);
            assertThat(new OnnxRegressionFormat().outputs().kind()).isEqualTo(OutputKind.REGRESSION);
        }
        assertThatThrownBy(() -> new OnnxRegressionFormat().endpoint("wrong", registry, "models:/fraud/2").build())
                .hasStackTraceContaining("format onnx-regression serves REGRESSION models but the signature of "
                        + "models:/fraud/2 says CLASSIFICATION");
    }
}
