package org.mlops4j.monitoring.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.PredictionEvent;
import org.mlops4j.core.registry.ModelRef;

class PredictionLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelRef MODEL = new ModelRef("churn", 3);
    private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.startingAtEpoch2024();

    private PredictionLogConfig config() {
        return PredictionLogConfig.ofDefaults().withClock(clock).withSeed(42L);
    }

    private static PredictionEvent<Object, Object> success(String id, Object input, Object output) {
        return PredictionEvent.success(id, AT, "churn-endpoint", "champion", MODEL, input, output, 0.75, 1234L);
    }

    private List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(RotatingFiles::isLogFile).sorted().toList();
        }
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (Path file : logFiles()) {
            for (String line : Files.readAllLines(file)) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void sampledShareIsWithinBinomialErrorAndReproducible() throws IOException {
        int n = 10_000;
        double rate = 0.25;
        List<String> firstRun;
        try (PredictionLog log = PredictionLog.open(dir.resolve("a"), config().withSampleRate(rate))) {
            for (int i = 0; i < n; i++) {
                log.onPrediction(success("p-" + i, i, i));
            }
            log.flush();
            assertThat(log.dropped()).isZero();
            assertThat(log.written()).isEqualTo(log.sampled());
        }
        firstRun = idsIn(dir.resolve("a"));
        double sd = Math.sqrt(n * rate * (1 - rate));
        assertThat((double) firstRun.size()).isBetween(n * rate - 4 * sd, n * rate + 4 * sd);

        try (PredictionLog again = PredictionLog.open(dir.resolve("b"), config().withSampleRate(rate))) {
            for (int i = 0; i < n; i++) {
                again.onPrediction(success("p-" + i, i, i));
            }
        }
        assertThat(idsIn(dir.resolve("b"))).isEqualTo(firstRun);
    }

    private static List<String> idsIn(Path directory) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(JSON.readTree(line).get("predictionId").asText());
                }
            }
        }
        return ids;
    }

    /** Jackson cannot serialise a bean without properties. */
    private static final class Opaque {
        @Override
        public String toString() {
            return "opaque!";
        }
    }

    @Test
    void everyLineIsJsonWithTheEventsFields() throws IOException {
        try (PredictionLog log = PredictionLog.open(dir, config())) {
            log.onPrediction(success("p-1", Map.of("age", 42, "plan", "gold"), List.of(0.1, 0.9)));
            log.onPrediction(PredictionEvent.failure("p-2", AT.plusSeconds(1), "churn-endpoint", "canary",
                    new ModelRef("churn", 4), new Opaque(), 99L, new IllegalStateException("boom")));
            log.flush();
            assertThat(log.serializationFallbacks()).isEqualTo(1);
        }

        List<JsonNode> nodes = lines();
        assertThat(nodes).hasSize(2);
        JsonNode ok = nodes.get(0);
        assertThat(ok.get("predictionId").asText()).isEqualTo("p-1");
        assertThat(ok.get("timestamp").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(ok.get("endpoint").asText()).isEqualTo("churn-endpoint");
        assertThat(ok.get("variant").asText()).isEqualTo("champion");
        assertThat(ok.get("model").asText()).isEqualTo("churn/3");
        assertThat(ok.get("latencyNanos").asLong()).isEqualTo(1234L);
        assertThat(ok.get("confidence").asDouble()).isEqualTo(0.75);
        assertThat(ok.get("input").get("age").asInt()).isEqualTo(42);
        assertThat(ok.get("output").get(1).asDouble()).isEqualTo(0.9);
        assertThat(ok.get("error").isNull()).isTrue();

        JsonNode failed = nodes.get(1);
        assertThat(failed.get("predictionId").asText()).isEqualTo("p-2");
        assertThat(failed.get("model").asText()).isEqualTo("churn/4");
        assertThat(failed.get("confidence").isNull()).isTrue();
        assertThat(failed.get("input").asText()).isEqualTo("opaque!");
        assertThat(failed.get("output").isNull()).isTrue();
        assertThat(failed.get("error").asText()).contains("IllegalStateException").contains("boom");
    }

    @Test
    void filesAreNamedByClockTimeAndSequence() throws IOException {
        clock.advance(Duration.ofHours(13).plusMinutes(5).plusSeconds(7));
        try (PredictionLog log = PredictionLog.open(dir, config())) {
            log.onPrediction(success("p-1", 1, 2));
        }
        assertThat(logFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("predictions-20240101-130507-000000.jsonl");
    }

    @Test
    void rotatesBySizeAndKeepsAtMostMaxFiles() throws IOException {
        try (PredictionLog log = PredictionLog.open(dir, config().withRotation(600, 3))) {
            for (int i = 0; i < 50; i++) {
                log.onPrediction(success("p-" + i, "x".repeat(100), i));
                log.flush();
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(log.written()).isEqualTo(50);
            assertThat(log.ioErrors()).isZero();
        }

        List<Path> files = logFiles();
        assertThat(files).hasSize(3);
        for (Path file : files) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(600);
        }
        List<JsonNode> kept = lines();
        // The newest files survive: the last event is in them, the first is not.
        assertThat(kept).extracting(n -> n.get("predictionId").asText())
                .contains("p-49").doesNotContain("p-0");
    }

    /**
     * Retention keeps the newest files by their sequence, which only grows, also across restarts:
     * before, it kept the files whose names sorted last, so a clock stepped back a day made every
     * new file look the oldest and retention deleted the new lines and kept the old ones.
     */
    @Test
    void retentionKeepsTheNewestFilesWhenTheClockStepsBack() throws IOException {
        ManualClock dayLater = new ManualClock(clock.now().plus(Duration.ofDays(1)));
        try (PredictionLog log = PredictionLog.open(dir, config().withClock(dayLater).withRotation(600, 3))) {
            for (int i = 0; i < 10; i++) {
                log.onPrediction(success("old-" + i, "x".repeat(100), i));
                log.flush();
            }
        }
        // The clock is stepped back a day (the process restarted with the right time).
        try (PredictionLog log = PredictionLog.open(dir, config().withRotation(600, 3))) {
            for (int i = 0; i < 10; i++) {
                log.onPrediction(success("new-" + i, "x".repeat(100), i));
                log.flush();
            }
        }
        List<String> kept = lines().stream().map(n -> n.get("predictionId").asText()).toList();
        assertThat(kept).contains("new-9").noneMatch(id -> id.startsWith("old-"));
        assertThat(logFiles()).hasSize(3).allMatch(f -> RotatingFiles.sequenceOf(f) >= 0);
    }

    /**
     * An event larger than a file is written without its input and output, marked and counted,
     * so no file grows past the rotation size. Before, a 30 MB input made a 30 MB file.
     */
    @Test
    void anEventLargerThanAFileIsTruncatedWithAMarkerAndCounted() throws IOException {
        try (PredictionLog log = PredictionLog.open(dir, config().withRotation(600, 3))) {
            log.onPrediction(success("huge", "x".repeat(1_000_000), 1));
            log.onPrediction(success("small", "y", 2));
            log.flush();
            assertThat(log.written()).isEqualTo(2);
            assertThat(log.truncated()).isEqualTo(1);
            assertThat(log.dropped()).isZero();
        }
        for (Path file : logFiles()) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(600);
        }
        List<JsonNode> lines = lines();
        JsonNode huge = lines.get(0);
        assertThat(huge.get("predictionId").asText()).isEqualTo("huge");
        assertThat(huge.get("truncated").asLong()).isGreaterThan(1_000_000);
        assertThat(huge.has("input")).isFalse();
        assertThat(huge.has("output")).isFalse();
        assertThat(huge.get("model").asText()).isEqualTo("churn/3");
        JsonNode small = lines.get(1);
        assertThat(small.has("truncated")).isFalse();
        assertThat(small.get("input").asText()).isEqualTo("y");
    }

    /** Blocks Jackson (and so the writer thread) inside a getter until released. */
    public static final class Blocker {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        Blocker(CountDownLatch entered, CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        /**
         * Blocks until released.
         *
         * @return a constant
         * @throws InterruptedException if interrupted
         */
        public int getValue() throws InterruptedException {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return 1;
        }
    }

    @Test
    void queueOverflowIsDroppedAndCountedWithoutBlockingTheCaller() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PredictionLog log = PredictionLog.open(dir, config().withQueueCapacity(4))) {
            log.onPrediction(success("blocker", new Blocker(entered, release), 0));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            for (int i = 0; i < 10; i++) {
                log.onPrediction(success("p-" + i, i, i));
            }
            assertThat(log.dropped()).isEqualTo(6);

            release.countDown();
            log.flush();
            assertThat(log.written()).isEqualTo(5);
            assertThat(log.sampled()).isEqualTo(11);
        }
        assertThat(lines()).hasSize(5);
    }

    @Test
    void closeDrainsTheQueueAndLaterEventsAreDropped() throws IOException {
        PredictionLog log = PredictionLog.open(dir, config());
        for (int i = 0; i < 1_000; i++) {
            log.onPrediction(success("p-" + i, i, i));
        }
        log.close();

        assertThat(log.written()).isEqualTo(1_000);
        assertThat(lines()).hasSize(1_000);

        log.onPrediction(success("late", 1, 1));
        assertThat(log.dropped()).isEqualTo(1);
        assertThatThrownBy(log::flush).isInstanceOf(IllegalStateException.class)
                .hasMessage("prediction log in " + dir + " is closed");
        log.close();
    }

    @Test
    void ioErrorIsCountedNotThrown() throws IOException {
        Path notADirectory = dir.resolve("gone");
        PredictionLog log = PredictionLog.open(notADirectory, config());
        Files.delete(notADirectory);
        Files.writeString(notADirectory, "a file where the directory was");

        log.onPrediction(success("p-1", 1, 1));
        log.flush();
        log.close();

        assertThat(log.ioErrors()).isGreaterThanOrEqualTo(1);
        assertThat(log.written()).isZero();
    }

    @Test
    void configRejectsOutOfRangeValuesNamingThem() {
        PredictionLogConfig base = PredictionLogConfig.ofDefaults();
        assertThatThrownBy(() -> base.withSampleRate(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sampleRate must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> base.withSampleRate(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> base.withSampleRate(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> base.withRotation(0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFileBytes must be positive but was 0");
        assertThatThrownBy(() -> base.withRotation(100, 0)).hasMessage("maxFiles must be at least 1 but was 0");
        assertThatThrownBy(() -> base.withQueueCapacity(-1))
                .hasMessage("queueCapacity must be at least 1 but was -1");
        assertThatThrownBy(() -> base.withClock(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("clock");
        assertThat(base.sampleRate()).isEqualTo(1.0);
    }

    /** An input type JSON would render as its object graph: the log writes the schema's features instead. */
    static final class Payment {
        private final double amount;
        private final String country;

        Payment(double amount, String country) {
            this.amount = amount;
            this.country = country;
        }

        public double getAmount() {
            return amount;
        }

        public String getCountry() {
            return country;
        }
    }

    @Test
    void inputsAreWrittenAsTheirFeaturesWhenAnExtractorIsGivenAndTheCallersIdsAreKept() throws IOException {
        org.mlops4j.core.schema.Schema schema = org.mlops4j.core.schema.Schema.of(
                org.mlops4j.core.schema.Feature.numeric("amount"), org.mlops4j.core.schema.Feature.anyCategory("country"));
        try (PredictionLog log = PredictionLog.open(dir, config().withFeatures(schema,
                org.mlops4j.core.features.FeatureExtractor.auto()))) {
            log.onPrediction(PredictionEvent.success("p-1", "tx-9", "user-4", AT, "pay", "canary", MODEL,
                    new Payment(12.5, "FR"), "ok", 0.9, 1_000, true));
            log.onPrediction(success("p-2", "not a payment", "ok"));
            log.flush();
        }
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("features").get("amount").asDouble()).isEqualTo(12.5);
        assertThat(first.get("features").get("country").asText()).isEqualTo("FR");
        assertThat(first.has("input")).isFalse();
        assertThat(first.get("requestId").asText()).isEqualTo("tx-9");
        assertThat(first.get("routingKey").asText()).isEqualTo("user-4");
        assertThat(first.get("fallback").asBoolean()).isTrue();
        assertThat(lines.get(1).get("input").asText()).as("an input the extractor cannot read is written as is")
                .isEqualTo("not a payment");
    }
}
