package org.mlops4j.monitoring.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.feedback.FeedbackEvent;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.PredictionField;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.monitoring.testlog.CapturingLogProvider;

/** Sampling, sealing, bounds, manifest and crash recovery of {@link ProductionCapture}. */
class ProductionCaptureTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ModelRef MODEL = new ModelRef("churn", 3);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /**
     * Which of p-0 ... p-39 a rate of 0.5 and seed 42 keeps, 1 for kept: PredictionLog's choice since
     * it shipped, checked against an independent Python version of the hash.
     */
    private static final String GOLDEN = "0010101001011111111001000011011010011010";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    static PredictionEvent<Object, Object> prediction(String id, Instant at, double x) {
        return PredictionEvent.success(id, at, "churn", "champion", MODEL, Map.of("x", x), x > 0.5 ? "yes" : "no",
                Double.NaN, 1000L);
    }

    static FeedbackEvent<Object, Object> feedback(String id, String label, Instant at) {
        return new FeedbackEvent<>(prediction(id, T0, 0), GroundTruth.label(label), at);
    }

    private CaptureConfig config() {
        return CaptureConfig.ofDefaults().withClock(clock);
    }

    static JsonNode manifest(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("manifest.json").toFile());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void sampledShareIsWithinBinomialBoundsAndExactlyTheLabelsOfKeptPredictionsAreKept() throws IOException {
        int n = 5_000;
        double rate = 0.3;
        try (ProductionCapture capture = ProductionCapture.open(dir, config().withSampling(rate, 7))) {
            for (int i = 0; i < n; i++) {
                capture.onPrediction(prediction("p-" + i, T0.plusSeconds(i), i % 2));
                capture.onFeedback(feedback("p-" + i, i % 3 == 0 ? "yes" : "no", T0.plusSeconds(i + 1)));
            }
            capture.flush();
            assertThat(capture.dropped()).isZero();
            assertThat(capture.sampledLabels()).isEqualTo(capture.sampledPredictions());
            assertThat(capture.written()).isEqualTo(2 * capture.sampledPredictions());
        }
        CapturedData<JsonNode> data = CapturedData.read(dir, T0, T0.plusSeconds(n), json -> json);
        double sd = Math.sqrt(n * rate * (1 - rate));
        // 4 standard deviations: a fair coin of this rate misses it once in about 16,000 seeds.
        assertThat((double) data.rows().size()).isBetween(n * rate - 4 * sd, n * rate + 4 * sd);
        assertThat(data.labelledRows()).hasSameSizeAs(data.rows());
        assertThat(data.malformed()).isEmpty();
        Set<String> ids = new HashSet<>();
        data.rows().forEach(r -> ids.add(r.predictionId()));

        // The same seed keeps the same ids; another seed keeps others.
        Path again = dir.resolve("again");
        Path other = dir.resolve("other");
        try (ProductionCapture a = ProductionCapture.open(again, config().withSampling(rate, 7));
             ProductionCapture b = ProductionCapture.open(other, config().withSampling(rate, 8))) {
            for (int i = 0; i < n; i++) {
                a.onPrediction(prediction("p-" + i, T0.plusSeconds(i), 0));
                b.onPrediction(prediction("p-" + i, T0.plusSeconds(i), 0));
            }
        }
        Set<String> sameSeed = new HashSet<>();
        CapturedData.read(again, T0, T0.plusSeconds(n), json -> json).rows().forEach(r -> sameSeed.add(r.predictionId()));
        Set<String> otherSeed = new HashSet<>();
        CapturedData.read(other, T0, T0.plusSeconds(n), json -> json).rows().forEach(r -> otherSeed.add(r.predictionId()));
        assertThat(sameSeed).isEqualTo(ids);
        otherSeed.retainAll(ids);
        // Independent samples overlap in about rate^2 of n.
        assertThat((double) otherSeed.size()).isBetween(n * rate * rate - 150, n * rate * rate + 150);
    }

    @Test
    void theSamplingHashKeepsTheSameIdsInEveryVersion() {
        // Golden decisions: a rerun (and a newer library) must keep the same predictions for a seed.
        IdSampler half = new IdSampler(0.5, 42);
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            kept.append(half.keeps("p-" + i) ? '1' : '0');
        }
        assertThat(kept.toString()).isEqualTo(GOLDEN);
        assertThat(new IdSampler(1.0, 42).keeps("anything")).isTrue();
        assertThat(new IdSampler(Double.MIN_VALUE, 42).keeps("p-1")).isFalse();
    }

    @Test
    void filesSealByRowsAndBytesAndTheManifestListsThemWithTheirHashes() throws Exception {
        try (ProductionCapture capture = ProductionCapture.open(dir, config().withFileBounds(10, 1 << 20))) {
            for (int i = 0; i < 25; i++) {
                capture.onPrediction(prediction("p-" + i, T0.plusSeconds(i), 0.9));
            }
            capture.onFeedback(feedback("p-3", "yes", T0.plusSeconds(100)));
            capture.flush();
            assertThat(manifest(dir).get("files")).as("sealed: the first two prediction files").hasSize(2);
            CapturedData<JsonNode> flushed = CapturedData.read(dir, T0, T0.plusSeconds(60), json -> json);
            assertThat(flushed.rows()).as("flushed, not yet sealed, lines are read").hasSize(25);
            assertThat(flushed.lineage().labelled()).isEqualTo(1);
            capture.onFeedback(feedback("p-4", "no", T0.plusSeconds(90)));
            capture.onFeedback(feedback("p-5", "no", T0.plusSeconds(95)));
        }
        JsonNode manifest = manifest(dir);
        assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
        JsonNode files = manifest.get("files");
        assertThat(files).hasSize(4);
        List<Long> rows = new ArrayList<>();
        for (JsonNode f : files) {
            rows.add(f.get("rows").asLong());
            Path file = dir.resolve(f.get("file").asText());
            assertThat(f.get("sha256").asText()).isEqualTo(sha256(file));
            assertThat(f.get("bytes").asLong()).isEqualTo(Files.size(file));
        }
        assertThat(rows).containsExactly(10L, 10L, 5L, 3L);
        List<Long> sequences = new ArrayList<>();
        files.forEach(f -> sequences.add(f.get("sequence").asLong()));
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L);
        assertThat(files.get(0).get("kind").asText()).isEqualTo("predictions");
        assertThat(files.get(0).get("firstTimestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(files.get(0).get("lastTimestamp").asText()).isEqualTo("2026-01-01T00:00:09Z");
        assertThat(files.get(2).get("lastTimestamp").asText()).isEqualTo("2026-01-01T00:00:24Z");
        JsonNode label = files.get(3);
        assertThat(label.get("kind").asText()).isEqualTo("labels");
        assertThat(label.get("file").asText()).startsWith("labels/labels-20260101-000000-");
        assertThat(label.get("firstTimestamp").asText()).isEqualTo("2026-01-01T00:01:30Z");
        assertThat(label.get("lastTimestamp").asText()).isEqualTo("2026-01-01T00:01:40Z");
        assertThat(Files.readAllLines(dir.resolve(label.get("file").asText())).get(0))
                .isEqualTo("{\"predictionId\":\"p-3\",\"label\":\"yes\",\"time\":\"2026-01-01T00:01:40Z\","
                        + "\"source\":\"feedback\"}");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("manifest.json.tmp");
        }

        // Bytes: each of these lines is about 200 bytes, so files of 450 bytes hold two.
        Path bytes = dir.resolve("bytes");
        try (ProductionCapture capture = ProductionCapture.open(bytes, config().withFileBounds(1000, 450)
                .withTotalBounds(1 << 20, 100))) {
            for (int i = 0; i < 5; i++) {
                capture.onPrediction(prediction("p-" + i, T0, 0.9));
            }
        }
        List<Long> byteRows = new ArrayList<>();
        for (JsonNode f : manifest(bytes).get("files")) {
            byteRows.add(f.get("rows").asLong());
            assertThat(f.get("bytes").asLong()).isLessThanOrEqualTo(450);
        }
        assertThat(byteRows).containsExactly(2L, 2L, 1L);
    }

    @Test
    void theOldestFilesAreDroppedPastTheTotalBoundsAndCountedInTheManifestAndTheLog() throws IOException {
        try (CapturingLogProvider.Capture logs = CapturingLogProvider.capture()) {
            ProductionCapture capture = ProductionCapture.open(dir, config().withFileBounds(10, 1 << 20)
                    .withTotalBounds(1 << 20, 3));
            for (int i = 0; i < 50; i++) {
                capture.onPrediction(prediction(String.format("p-%02d", i), T0.plusSeconds(i), 0.2));
            }
            capture.close();
            assertThat(capture.droppedFiles()).isEqualTo(2);
            assertThat(capture.droppedRows()).isEqualTo(20);
            assertThat(capture.ioErrors()).as("the labels file was never opened").isZero();
            assertThat(logs.lines()).filteredOn(l -> l.contains("dropped its oldest file")).hasSize(2)
                    .allSatisfy(l -> assertThat(l).startsWith("WARN").contains("10 rows"));
        }
        JsonNode manifest = manifest(dir);
        assertThat(manifest.get("droppedFiles").asLong()).isEqualTo(2);
        assertThat(manifest.get("droppedRows").asLong()).isEqualTo(20);
        assertThat(manifest.get("files")).hasSize(3);
        CapturedData<JsonNode> data = CapturedData.read(dir, T0, T0.plusSeconds(60), json -> json);
        assertThat(data.rows()).extracting(CapturedRow::predictionId).first().isEqualTo("p-20");
        assertThat(data.rows()).hasSize(30);
        assertThat(data.malformed()).isEmpty();

        // Total bytes: about 200 bytes a line, files of 10 lines, 5,000 bytes in all keep two files.
        Path small = dir.resolve("small");
        {
            ProductionCapture capture = ProductionCapture.open(small, config().withFileBounds(10, 2_100)
                    .withTotalBounds(5_000, 100));
            for (int i = 0; i < 40; i++) {
                capture.onPrediction(prediction(String.format("p-%02d", i), T0.plusSeconds(i), 0.2));
            }
            capture.close();
            long kept = 0;
            for (JsonNode f : manifest(small).get("files")) {
                kept += f.get("bytes").asLong();
            }
            assertThat(kept).isLessThanOrEqualTo(5_000);
            assertThat(capture.droppedFiles()).isEqualTo(2);
            assertThat(capture.droppedRows()).isEqualTo(20);
        }
        // A reopened capture continues the manifest's counts and numbering.
        try (ProductionCapture reopened = ProductionCapture.open(dir, config())) {
            assertThat(reopened.droppedFiles()).isEqualTo(2);
            reopened.onPrediction(prediction("late", T0.plusSeconds(55), 0.2));
        }
        assertThat(CapturedData.read(dir, T0, T0.plusSeconds(60), json -> json).rows()).hasSize(31);
        // Reopened with tighter bounds, it drops the oldest at once.
        try (ProductionCapture tighter = ProductionCapture.open(dir, config().withFileBounds(10, 1 << 20)
                .withTotalBounds(1 << 20, 2))) {
            assertThat(tighter.droppedFiles()).isEqualTo(4);
            assertThat(tighter.droppedRows()).isEqualTo(40);
        }
    }

    /** A label line of a fixed size: the ids have the same length and the clock stands still. */
    private static String labelLine(int i) {
        return String.format("{\"predictionId\":\"p-%03d\",\"label\":\"yes\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"source\":\"review\"}", i);
    }

    @Test
    void boundsHoldAtTheirExactSizesAndAreEnforcedAsSoonAsALineIsWritten() throws IOException {
        long line = labelLine(0).length() + 1L;
        // A line exactly the size of a file fits; files of two lines' size hold two.
        Path exact = dir.resolve("exact");
        try (ProductionCapture capture = ProductionCapture.open(exact, config().withFileBounds(1_000, 2 * line)
                .withTotalBounds(3 * 2 * line, 100))) {
            for (int i = 0; i < 6; i++) {
                capture.recordLabel(String.format("p-%03d", i), GroundTruth.label("yes"), "review");
            }
            capture.flush();
            assertThat(capture.dropped()).isZero();
            assertThat(capture.droppedFiles()).as("exactly at the total").isZero();
            capture.recordLabel("p-006", GroundTruth.label("yes"), "review");
            capture.flush();
            assertThat(capture.droppedFiles()).as("past the total as soon as the line is written").isEqualTo(1);
            assertThat(Files.readAllLines(exact.resolve(manifest(exact).get("files").get(0).get("file").asText())))
                    .containsExactly(labelLine(2), labelLine(3));
        }
        // Files of one line, three in all: a fourth drops exactly one, landing exactly on the bound.
        Path three = dir.resolve("three");
        try (ProductionCapture capture = ProductionCapture.open(three, config().withFileBounds(1, line)
                .withTotalBounds(3 * line, 100))) {
            for (int i = 0; i < 4; i++) {
                capture.recordLabel(String.format("p-%03d", i), GroundTruth.label("yes"), "review");
            }
            capture.flush();
            assertThat(capture.droppedFiles()).isEqualTo(1);
        }
        Path fits = dir.resolve("fits");
        try (ProductionCapture capture = ProductionCapture.open(fits, config().withFileBounds(1_000, line))) {
            capture.recordLabel("p-000", GroundTruth.label("yes"), "review");
            capture.recordLabel("p-001", GroundTruth.label("yes"), "review");
            capture.flush();
            assertThat(capture.written()).as("a line of exactly a file's size").isEqualTo(2);
            assertThat(capture.dropped()).isZero();
        }
        assertThat(manifest(fits).get("files")).hasSize(2);
        Path one = dir.resolve("one");
        try (ProductionCapture capture = ProductionCapture.open(one, config().withFileBounds(1, 1 << 20)
                .withTotalBounds(1 << 20, 3))) {
            for (int i = 0; i < 3; i++) {
                capture.recordLabel(String.format("p-%03d", i), GroundTruth.label("yes"), "review");
            }
            capture.flush();
            assertThat(capture.written()).isEqualTo(3);
            assertThat(capture.droppedFiles()).as("two sealed and one open: 3 files").isZero();
            // A prediction opens a second file being written: 4 files, the oldest goes.
            capture.onPrediction(prediction("p-000", T0, 0.5));
            capture.flush();
            assertThat(capture.droppedFiles()).isEqualTo(1);
            assertThat(capture.droppedRows()).isEqualTo(1);
        }
    }

    @Test
    void aTornLastLineIsSkippedAndCountedAndAReopenedCaptureSealsTheFileACrashLeftOpen() throws Exception {
        try (ProductionCapture capture = ProductionCapture.open(dir, config())) {
            capture.onPrediction(prediction("p-1", T0, 0.9));
            capture.onFeedback(feedback("p-1", "yes", T0.plusSeconds(5)));
        }
        // What a crash leaves: a file the manifest does not know, whose last line lost its end.
        Path open = dir.resolve("predictions/predictions-20260101-000010-000099.jsonl");
        String whole = JSON.writeValueAsString(JSON.readTree(Files.readAllLines(
                dir.resolve(manifest(dir).get("files").get(0).get("file").asText())).get(0)))
                .replace("p-1", "p-2").replace("00:00:00Z", "00:00:10Z");
        String earlier = whole.replace("p-2", "p-0").replace("00:00:10Z", "00:00:05Z");
        Files.writeString(open, whole + "\n" + earlier + "\n" + whole.substring(0, 40), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("labels/labels-20260101-000010-000098.jsonl"),
                "{\"predictionId\":\"p-2\",\"label\":\"no\",\"time\":\"2026-01-01T00:00:30Z\",\"source\":\"review\"}\n"
                        + "garbage\n"
                        + "{\"predictionId\":\"p-0\",\"label\":\"no\",\"time\":\"2026-01-01T00:00:20Z\",\"source\":\"review\"}\n");
        Files.writeString(dir.resolve("predictions/predictions-20260101-000010-000097.jsonl"), "{\"predictionId\":");
        Files.writeString(dir.resolve("predictions/notes.txt"), "not a capture file\n");
        Files.writeString(dir.resolve("predictions/other.jsonl"), "not a capture file\n");
        Files.writeString(dir.resolve("predictions/predictions-20260101-000010-000096.txt"), "not a capture file\n");

        CapturedData<JsonNode> data = CapturedData.read(dir, T0, T0.plusSeconds(60), json -> json);
        assertThat(data.rows()).extracting(CapturedRow::predictionId).containsExactly("p-1", "p-0", "p-2");
        assertThat(data.malformed()).containsOnly(Map.entry("torn last line", 2L), Map.entry("not a JSON object", 1L));

        try (ProductionCapture reopened = ProductionCapture.open(dir, config())) {
            JsonNode files = manifest(dir).get("files");
            assertThat(files).hasSize(5);
            assertThat(files.get(2).get("rows").asLong()).as("only a torn fragment").isZero();
            assertThat(files.get(2).get("firstTimestamp").isNull()).isTrue();
            JsonNode labels = files.get(3);
            assertThat(labels.get("kind").asText()).isEqualTo("labels");
            assertThat(labels.get("rows").asLong()).isEqualTo(3);
            assertThat(files.get(0).get("firstTimestamp").asText()).as("kept when the manifest is rewritten")
                    .isEqualTo("2026-01-01T00:00:00Z");
            assertThat(labels.get("firstTimestamp").asText()).isEqualTo("2026-01-01T00:00:20Z");
            assertThat(labels.get("lastTimestamp").asText()).isEqualTo("2026-01-01T00:00:30Z");
            JsonNode recovered = files.get(4);
            assertThat(recovered.get("file").asText()).isEqualTo("predictions/" + open.getFileName());
            assertThat(recovered.get("rows").asLong()).as("complete lines").isEqualTo(2);
            assertThat(recovered.get("sha256").asText()).isEqualTo(sha256(open));
            assertThat(recovered.get("firstTimestamp").asText()).isEqualTo("2026-01-01T00:00:05Z");
            assertThat(recovered.get("lastTimestamp").asText()).isEqualTo("2026-01-01T00:00:10Z");
            reopened.onPrediction(prediction("p-3", T0.plusSeconds(20), 0.1));
        }
        try (Stream<Path> files = Files.list(dir.resolve("predictions"))) {
            assertThat(files.mapToLong(RotatingFiles::sequenceOf).max().orElseThrow())
                    .as("numbering continues past the recovered file").isEqualTo(100);
        }
        try (ProductionCapture again = ProductionCapture.open(dir, config())) {
            JsonNode files = manifest(again.directory()).get("files");
            assertThat(files).as("null timestamps read back").hasSize(6);
            assertThat(files.get(0).get("lastTimestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(files.get(2).get("lastTimestamp").isNull()).isTrue();
            List<Long> sequences = new ArrayList<>();
            files.forEach(f -> sequences.add(f.get("sequence").asLong()));
            assertThat(sequences).isSorted();
        }
        CapturedData<JsonNode> after = CapturedData.read(dir, T0, T0.plusSeconds(60), json -> json);
        assertThat(after.rows()).hasSize(4);
        assertThat(after.labelledRows()).extracting(CapturedRow::predictionId).containsExactly("p-1", "p-0", "p-2");
        assertThat(after.malformed()).containsOnly(Map.entry("torn last line", 2L), Map.entry("not a JSON object", 1L));
    }

    @Test
    void failedPredictionsAndOtherFeedbackAreNotCapturedAndReviewLabelsAre() {
        try (ProductionCapture capture = ProductionCapture.open(dir, config())) {
            assertThat(capture.reads()).isEqualTo(PredictionField.none());
            capture.onPrediction(PredictionEvent.failure("bad", T0, "churn", "champion", MODEL, Map.of("x", 1), 10L,
                    new IllegalStateException("boom")));
            capture.onFeedback(new FeedbackEvent<>(prediction("p", T0, 0), org.mlops4j.core.feedback.Reward.of(1.0),
                    T0));
            assertThat(capture.sampledPredictions()).isZero();
            assertThat(capture.sampledLabels()).isZero();
            capture.onPrediction(prediction("p", T0, 0.9));
            clock.advance(Duration.ofMinutes(3));
            capture.recordLabel("p", GroundTruth.value(2.5), "review");
            assertThatThrownBy(() -> capture.recordLabel("p", GroundTruth.label("x"), " "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("source must not be blank but was ' '");
            assertThat(capture.directory()).isEqualTo(dir);
        }
        CapturedData<JsonNode> data = CapturedData.read(dir, T0, T0.plusSeconds(1), json -> json);
        CapturedLabel label = data.rows().get(0).label().orElseThrow();
        assertThat(label).isEqualTo(new CapturedLabel(GroundTruth.value(2.5), T0.plusSeconds(180), "review"));
    }

    @Test
    void aLineLargerThanAFileAndEventsAfterCloseAreDroppedAndCounted() {
        ProductionCapture capture = ProductionCapture.open(dir, config().withFileBounds(10, 100));
        capture.onPrediction(prediction("p", T0, 0.9));
        capture.flush();
        assertThat(capture.dropped()).isEqualTo(1);
        assertThat(capture.written()).isZero();
        capture.close();
        capture.close();
        capture.onPrediction(prediction("q", T0, 0.9));
        assertThat(capture.dropped()).isEqualTo(2);
        assertThatThrownBy(capture::flush).isInstanceOf(IllegalStateException.class)
                .hasMessage("production capture in " + dir + " is closed");
    }

    @Test
    void badConfigIsRejectedNamingTheFieldAndValue() {
        CaptureConfig c = CaptureConfig.ofDefaults();
        assertThatThrownBy(() -> c.withSampling(0, 1)).hasMessage("sampleRate must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> c.withSampling(1.5, 1)).hasMessage("sampleRate must be in (0, 1] but was 1.5");
        assertThatThrownBy(() -> c.withFileBounds(0, 10)).hasMessage("maxFileRows must be at least 1 but was 0");
        assertThatThrownBy(() -> c.withFileBounds(1, 0)).hasMessage("maxFileBytes must be positive but was 0");
        assertThatThrownBy(() -> c.withFileBounds(1, 2L << 30).withTotalBounds(1L << 30, 5))
                .hasMessage("maxTotalBytes must be at least maxFileBytes (2147483648) but was 1073741824");
        assertThatThrownBy(() -> c.withTotalBounds(1L << 30, 1)).hasMessage("maxFiles must be at least 2 but was 1");
        assertThatThrownBy(() -> c.withQueueCapacity(0)).hasMessage("queueCapacity must be at least 1 but was 0");
        assertThat(c.withQueueCapacity(1).queueCapacity()).isEqualTo(1);
        assertThat(c.withFileBounds(1, 1).maxFileRows()).isEqualTo(1);
        assertThat(c.withTotalBounds(c.maxFileBytes(), 2).maxFiles()).isEqualTo(2);
        assertThat(c.withSampling(1.0, 3).seed()).isEqualTo(3);
        assertThatThrownBy(() -> ProductionCapture.open(null, c)).hasMessage("directory");
    }

    @Test
    void aManifestOfAnotherFormatIsRefusedNamingTheVersion() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\":2,\"files\":[]}",
                StandardOpenOption.CREATE_NEW);
        assertThatThrownBy(() -> ProductionCapture.open(dir, config()))
                .hasRootCauseMessage("manifest " + dir.resolve("manifest.json") + " has formatVersion 2, this library "
                        + "reads 1");
    }
}
