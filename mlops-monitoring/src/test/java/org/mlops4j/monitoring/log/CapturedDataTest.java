package org.mlops4j.monitoring.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlops4j.monitoring.log.ProductionCaptureTest.T0;
import static org.mlops4j.monitoring.log.ProductionCaptureTest.feedback;
import static org.mlops4j.monitoring.log.ProductionCaptureTest.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.feedback.GroundTruth;

/** Reading a capture back: the label join, the time range, malformed lines, the content hash and lineage. */
class CapturedDataTest {

    @TempDir
    Path dir;

    /** The input's x, as a double. */
    private static final InputDecoder<Double> X = json -> {
        if (!json.path("x").isNumber()) {
            throw new IllegalArgumentException("input has no number x: " + json);
        }
        return json.get("x").asDouble();
    };

    private Path capture(String name, CaptureConfig config, Consumer<ProductionCapture> body) {
        Path path = dir.resolve(name);
        try (ProductionCapture capture = ProductionCapture.open(path, config.withClock(new ManualClock(T0)))) {
            body.accept(capture);
        }
        return path;
    }

    /** 30 predictions a minute apart, labels for two thirds of them, arriving in an interleaved order. */
    private static void traffic(ProductionCapture c) {
        for (int i = 0; i < 30; i++) {
            c.onPrediction(prediction("p-" + i, T0.plusSeconds(60L * i), i / 30.0));
            if (i >= 2 && (i - 2) % 3 != 0) {
                c.onFeedback(feedback("p-" + (i - 2), i % 2 == 0 ? "yes" : "no", T0.plusSeconds(60L * i + 1)));
            }
        }
    }

    @Test
    void theContentHashDependsOnTheRowsNotOnHowTheyWereSplitIntoFiles() {
        Path oneFile = capture("one", CaptureConfig.ofDefaults(), CapturedDataTest::traffic);
        Path manyFiles = capture("many", CaptureConfig.ofDefaults().withFileBounds(3, 1 << 20),
                CapturedDataTest::traffic);
        Path reversed = capture("reversed", CaptureConfig.ofDefaults().withFileBounds(7, 1 << 20), c -> {
            // The same events in another order: labels first, predictions last to first.
            for (int i = 29; i >= 2; i--) {
                if ((i - 2) % 3 != 0) {
                    c.onFeedback(feedback("p-" + (i - 2), i % 2 == 0 ? "yes" : "no", T0.plusSeconds(60L * i + 1)));
                }
            }
            for (int i = 29; i >= 0; i--) {
                c.onPrediction(prediction("p-" + i, T0.plusSeconds(60L * i), i / 30.0));
            }
        });
        Instant to = T0.plusSeconds(3600);
        DatasetLineage a = CapturedData.read(oneFile, T0, to, X).lineage();
        DatasetLineage b = CapturedData.read(manyFiles, T0, to, X).lineage();
        DatasetLineage c = CapturedData.read(reversed, T0, to, X).lineage();
        assertThat(a.sha256()).isEqualTo(b.sha256()).isEqualTo(c.sha256()).hasSize(64);
        assertThat(a.rows()).isEqualTo(30);
        assertThat(a.labelled()).isEqualTo(18);
        assertThat(a.labelCoverage()).isEqualTo(0.6);

        // One more label changes the data, and so the hash.
        try (ProductionCapture again = ProductionCapture.open(oneFile, CaptureConfig.ofDefaults())) {
            again.onFeedback(feedback("p-29", "yes", T0.plusSeconds(7200)));
        }
        DatasetLineage more = CapturedData.read(oneFile, T0, to, X).lineage();
        assertThat(more.labelled()).isEqualTo(19);
        assertThat(more.sha256()).isNotEqualTo(a.sha256());
    }

    @Test
    void theHashIsTheSha256OfTheRowsCanonicalJsonLines() throws Exception {
        Path path = capture("one", CaptureConfig.ofDefaults(), c -> {
            c.onPrediction(prediction("b", T0.plusSeconds(1), 0.25));
            c.onPrediction(prediction("a", T0.plusSeconds(1), 0.75));
            c.onFeedback(feedback("a", "yes", T0.plusSeconds(9)));
        });
        CapturedData<Double> data = CapturedData.read(path, T0, T0.plusSeconds(2), X);
        String expected = "{\"input\":{\"x\":0.75},\"label\":\"yes\",\"labelSource\":\"feedback\","
                + "\"labelTime\":\"2026-01-01T00:00:09Z\",\"model\":\"churn/3\",\"output\":\"yes\",\"predictionId\":\"a\","
                + "\"time\":\"2026-01-01T00:00:01Z\",\"value\":null,\"variant\":\"champion\"}\n"
                + "{\"input\":{\"x\":0.25},\"label\":null,\"labelSource\":null,\"labelTime\":null,\"model\":\"churn/3\","
                + "\"output\":\"no\",\"predictionId\":\"b\",\"time\":\"2026-01-01T00:00:01Z\",\"value\":null,"
                + "\"variant\":\"champion\"}\n";
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(data.lineage().sha256()).isEqualTo(sha);
        assertThat(data.rows()).extracting(CapturedRow::predictionId).containsExactly("a", "b");
        assertThat(data.rows().get(0).input()).isEqualTo(0.75);
        assertThat(data.rows().get(0).output().asText()).isEqualTo("yes");
        assertThat(data.rows().get(0).model()).isEqualTo("churn/3");
        assertThat(data.rows().get(0).variant()).isEqualTo("champion");
    }

    @Test
    void theCanonicalLineSortsKeysAtEveryLevelAndWritesAValueLabel() throws Exception {
        JsonNode input = new com.fasterxml.jackson.databind.ObjectMapper().readTree("[{\"b\":1,\"a\":{\"d\":2,\"c\":3}}]");
        CapturedRow<JsonNode> row = new CapturedRow<>("p", T0, "v", "m/1", input,
                com.fasterxml.jackson.databind.node.DoubleNode.valueOf(2.5),
                java.util.Optional.of(new CapturedLabel(GroundTruth.value(3.0), T0.plusSeconds(1), "review")));
        assertThat(new String(CapturedData.canonicalLine(row, input), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"input\":[{\"a\":{\"c\":3,\"d\":2},\"b\":1}],\"label\":null,\"labelSource\":\"review\","
                        + "\"labelTime\":\"2026-01-01T00:00:01Z\",\"model\":\"m/1\",\"output\":2.5,\"predictionId\":\"p\","
                        + "\"time\":\"2026-01-01T00:00:00Z\",\"value\":3.0,\"variant\":\"v\"}\n");
    }

    @Test
    void theLatestLabelWinsWhateverTheOrderTheyWereWrittenIn() {
        Path path = capture("labels", CaptureConfig.ofDefaults().withFileBounds(1, 1 << 20), c -> {
            c.onPrediction(prediction("p", T0, 0.5));
            c.onPrediction(prediction("q", T0, 0.5));
            c.onPrediction(prediction("r", T0, 0.5));
            // The later wins even when it is the smaller by text.
            c.onFeedback(feedback("p", "late", T0.plusSeconds(20)));
            c.onFeedback(feedback("p", "max", T0.plusSeconds(10)));
            c.onFeedback(feedback("q", "max", T0.plusSeconds(10)));
            c.onFeedback(feedback("q", "late", T0.plusSeconds(20)));
            // Equal times: the greatest by text wins, as Spark's join does.
            c.onFeedback(feedback("r", "a", T0.plusSeconds(30)));
            c.onFeedback(feedback("r", "b", T0.plusSeconds(30)));
        });
        List<CapturedRow<Double>> rows = CapturedData.read(path, T0, T0.plusSeconds(1), X).rows();
        assertThat(rows).extracting(r -> r.label().orElseThrow().truth().label()).containsExactly("late", "late", "b");
        assertThat(rows.get(0).label().orElseThrow().time()).isEqualTo(T0.plusSeconds(20));

        CapturedLabel x = new CapturedLabel(GroundTruth.label("x"), T0, "feedback");
        CapturedLabel review = new CapturedLabel(GroundTruth.label("x"), T0, "review");
        CapturedLabel value = new CapturedLabel(GroundTruth.value(2.0), T0, "feedback");
        CapturedLabel bigger = new CapturedLabel(GroundTruth.value(3.0), T0, "feedback");
        assertThat(latest(x, review)).isEqualTo(review);
        assertThat(latest(review, x)).isEqualTo(review);
        assertThat(latest(value, bigger)).isEqualTo(bigger);
        assertThat(latest(bigger, value)).isEqualTo(bigger);
        assertThat(latest(x, x)).isEqualTo(x);
    }

    private static CapturedLabel latest(CapturedLabel a, CapturedLabel b) {
        // Through the reader: two label lines for one prediction, in both orders.
        try {
            Path d = Files.createTempDirectory("latest");
            Files.createDirectories(d.resolve("predictions"));
            Files.createDirectories(d.resolve("labels"));
            Files.writeString(d.resolve("predictions/predictions-20260101-000000-000000.jsonl"),
                    "{\"predictionId\":\"p\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"variant\":\"v\",\"model\":\"m/1\","
                            + "\"input\":{\"x\":1},\"output\":1}\n");
            Files.writeString(d.resolve("labels/labels-20260101-000000-000001.jsonl"), line(a) + line(b));
            return CapturedData.read(d, T0, T0.plusSeconds(1), X).rows().get(0).label().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String line(CapturedLabel l) {
        String truth = l.truth().isLabel() ? "\"label\":\"" + l.truth().label() + "\"" : "\"value\":" + l.truth().value();
        return "{\"predictionId\":\"p\"," + truth + ",\"time\":\"" + l.time() + "\",\"source\":\"" + l.source() + "\"}\n";
    }

    @Test
    void onlyPredictionsMadeInTheHalfOpenRangeAreRead() throws IOException {
        Path path = capture("range", CaptureConfig.ofDefaults().withFileBounds(4, 1 << 20),
                CapturedDataTest::traffic);
        CapturedData<Double> data = CapturedData.read(path, T0.plusSeconds(600), T0.plusSeconds(900), X);
        assertThat(data.rows()).extracting(CapturedRow::predictionId)
                .containsExactly("p-10", "p-11", "p-12", "p-13", "p-14");
        assertThat(data.lineage().from()).isEqualTo(T0.plusSeconds(600));
        assertThat(data.lineage().to()).isEqualTo(T0.plusSeconds(900));
        assertThat(data.lineage().labelled()).as("labels join whenever they came").isEqualTo(4);
        assertThat(CapturedData.read(path, T0.plusSeconds(600), T0.plusSeconds(600), X).rows()).isEmpty();
        assertThat(CapturedData.read(path, T0.plusSeconds(599), T0.plusSeconds(601), X).rows()).hasSize(1);
        assertThat(CapturedData.read(path, T0.plusSeconds(601), T0.plusSeconds(660), X).rows()).isEmpty();

        // A directory without labels (Spark jobs may copy the predictions alone) reads unlabelled.
        try (var labels = Files.walk(path.resolve("labels"))) {
            labels.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(CapturedData.read(path, T0, T0.plusSeconds(900), X).lineage().labelled()).isZero();
    }

    @Test
    void malformedLinesAreSkippedAndCountedByReason() throws IOException {
        Path path = capture("bad", CaptureConfig.ofDefaults(), c -> {
            c.onPrediction(prediction("ok", T0, 0.5));
            c.onFeedback(feedback("ok", "yes", T0.plusSeconds(1)));
        });
        String good = "\"timestamp\":\"2026-01-01T00:00:00Z\",\"variant\":\"v\",\"model\":\"m/1\",\"output\":1";
        Files.writeString(path.resolve("predictions/predictions-20260101-000000-000050.jsonl"), String.join("\n",
                "not json",
                "[1,2]",
                "",
                "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":{\"x\":1},\"output\":1}",
                "{\"predictionId\":\"t\",\"timestamp\":\"yesterday\",\"input\":{\"x\":1},\"output\":1}",
                "{\"predictionId\":\"ok\"," + good + ",\"input\":{\"x\":2}}",
                "{\"predictionId\":\"s\"," + good + ",\"input\":{\"y\":2}}",
                "{\"predictionId\":\"u\"," + good + "}",
                "{\"predictionId\":\"v\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":{\"x\":1},\"output\":null,"
                        + "\"error\":\"boom\"}",
                "{\"predictionId\":\"w\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"truncated\":123456}",
                "{\"predictionId\":\"f\"," + good.replace(",\"output\":1", ",\"output\":2")
                        + ",\"features\":{\"x\":3}}",
                "{\"input\":{\"x\":1},\"output\":1}",
                "{\"predictionId\":5,\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":{\"x\":1},\"output\":1}",
                "{\"predictionId\":\"\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":{\"x\":1},\"output\":1}",
                "{\"predictionId\":\"n\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":{\"x\":1}}",
                "{\"predictionId\":\"m\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":null,\"output\":1}",
                "{\"predictionId\":\"z\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input\":{\"x\":-1},\"output\":1}")
                + "\n");
        Files.writeString(path.resolve("labels/labels-20260101-000000-000051.jsonl"), String.join("\n",
                "{\"predictionId\":\"ok\",\"time\":\"2026-01-01T00:00:01Z\"}",
                "{\"predictionId\":\"ok\",\"label\":\" \",\"time\":\"2026-01-01T00:00:01Z\"}",
                "{\"label\":\"x\",\"time\":\"2026-01-01T00:00:01Z\"}",
                "{\"predictionId\":\"ok\",\"label\":\"x\"}",
                "{\"time\":\"2026-01-01T00:00:01Z\"",
                "{\"label\":\"x\"}",
                "{\"predictionId\":\"ok\",\"label\":5,\"time\":\"2026-01-01T00:00:02Z\"}",
                "{\"predictionId\":\"ok\",\"value\":\"abc\",\"time\":\"2026-01-01T00:00:02Z\"}") + "\n");
        // A decoder may refuse an input by returning null.
        CapturedData<Double> data = CapturedData.read(path, T0, T0.plusSeconds(1), json -> {
            Double x = X.decode(json);
            return x < 0 ? null : x;
        });
        assertThat(data.rows()).extracting(CapturedRow::predictionId).containsExactly("f", "ok");
        assertThat(data.rows().get(0).input()).as("the features object stands for the input").isEqualTo(3.0);
        assertThat(data.rows().get(1).label().orElseThrow().truth()).isEqualTo(GroundTruth.label("yes"));
        assertThat(data.malformed()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("bad label", 1L),
                Map.entry("bad timestamp", 1L),
                Map.entry("blank line", 1L),
                Map.entry("duplicate predictionId", 1L),
                Map.entry("failed prediction (no output)", 2L),
                Map.entry("input not decodable", 2L),
                Map.entry("label without label or value", 3L),
                Map.entry("missing input", 2L),
                Map.entry("missing predictionId", 6L),
                Map.entry("missing time", 1L),
                Map.entry("not a JSON object", 3L),
                Map.entry("truncated prediction (no input or output)", 1L))));
        assertThat(data.malformedCount()).isEqualTo(24);
    }

    @Test
    void aSealedFileThatNoLongerMatchesItsHashOrIsMissingIsCounted() throws IOException {
        Path path = capture("tampered", CaptureConfig.ofDefaults().withFileBounds(2, 1 << 20), c -> {
            for (int i = 0; i < 6; i++) {
                c.onPrediction(prediction("p-" + i, T0, 0.5));
            }
        });
        JsonNode files = ProductionCaptureTest.manifest(path).get("files");
        Path first = path.resolve(files.get(0).get("file").asText());
        Files.writeString(first, Files.readString(first).replace("0.5", "0.7"));
        Files.delete(path.resolve(files.get(1).get("file").asText()));
        CapturedData<Double> data = CapturedData.read(path, T0, T0.plusSeconds(1), X);
        assertThat(data.rows()).hasSize(4);
        assertThat(data.rows()).extracting(CapturedRow::input).contains(0.7);
        assertThat(data.malformed()).containsOnly(Map.entry("file in the manifest missing", 1L),
                Map.entry("file sha256 does not match the manifest", 1L));
    }

    @Test
    void lineageParamsAreWhatATrackingRunLogs() {
        Path path = capture("lineage", CaptureConfig.ofDefaults(), CapturedDataTest::traffic);
        DatasetLineage lineage = CapturedData.read(path, T0, T0.plusSeconds(600), X).lineage();
        assertThat(lineage.params()).containsExactly(
                Map.entry("dataset.sha256", lineage.sha256()),
                Map.entry("dataset.rows", "10"),
                Map.entry("dataset.labelled", "6"),
                Map.entry("dataset.label_coverage", "0.6"),
                Map.entry("dataset.from", "2026-01-01T00:00:00Z"),
                Map.entry("dataset.to", "2026-01-01T00:10:00Z"),
                Map.entry("dataset.source", path.toAbsolutePath().normalize().resolve("manifest.json").toString()));
        assertThat(new DatasetLineage("0".repeat(64), 0, 0, T0, T0, "s").labelCoverage()).isZero();
    }

    @Test
    void badArgumentsAreRejectedNamingTheFieldAndValue() throws Exception {
        Path path = capture("args", CaptureConfig.ofDefaults(), c -> { });
        assertThatThrownBy(() -> CapturedData.read(path, T0.plusSeconds(1), T0, X))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must not be after to but was from 2026-01-01T00:00:01Z, to 2026-01-01T00:00:00Z");
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> CapturedData.read(missing, T0, T0, X)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("directory must be a capture directory but " + missing + " is not a directory");
        assertThatThrownBy(() -> CapturedData.read(path, T0, T0, null)).hasMessage("decoder");
        assertThatThrownBy(() -> new DatasetLineage("abc", 1, 0, T0, T0, "s"))
                .hasMessage("sha256 must be 64 lower-case hex digits but was 'abc'");
        assertThatThrownBy(() -> new DatasetLineage("0".repeat(64), 1, 2, T0, T0, "s"))
                .hasMessage("labelled must be in [0, rows] but was 2 of 1");
        assertThatThrownBy(() -> new DatasetLineage("0".repeat(64), -1, 0, T0, T0, "s"))
                .hasMessage("labelled must be in [0, rows] but was 0 of -1");
        assertThatThrownBy(() -> new DatasetLineage("0".repeat(64), 1, -1, T0, T0, "s"))
                .hasMessage("labelled must be in [0, rows] but was -1 of 1");
        Files.writeString(path.resolve("manifest.json"), "{\"formatVersion\":\"x\"}", StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> CapturedData.read(path, T0, T0, X)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasRootCauseMessage("manifest " + path.resolve("manifest.json") + " has formatVersion \"x\", this "
                        + "library reads 1");
        assertThat(InputDecoder.of(double[].class).decode(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("[1.5,2]"))).containsExactly(1.5, 2.0);
    }
}
