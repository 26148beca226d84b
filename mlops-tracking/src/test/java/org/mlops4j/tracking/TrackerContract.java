package org.mlops4j.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;

/**
 * The behaviour every {@link Tracker} must have. In-memory, SQLite, PostgreSQL and MLflow stores
 * extend this class and supply a fresh, empty tracker on the given clock.
 */
public abstract class TrackerContract {

    /** The clock the tracker under test must use. */
    protected final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));

    @TempDir
    protected Path tempDir;

    private Tracker tracker;

    /**
     * Creates a fresh, empty tracker.
     *
     * @param clock the clock it must use
     * @param dir a private temporary directory for its files
     * @return the tracker under test
     * @throws Exception if it cannot be created
     */
    protected abstract Tracker createTracker(ManualClock clock, Path dir) throws Exception;

    @BeforeEach
    void createTrackerUnderTest() throws Exception {
        tracker = createTracker(clock, tempDir.resolve("store"));
    }

    @AfterEach
    void closeTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    /** @return the tracker under test */
    protected Tracker tracker() {
        return tracker;
    }

    /**
     * Whether the store's server, not the tracker's clock, assigns an experiment's creation time.
     * MLflow's tracking server does: {@code experiments/create} takes no time, and the server stamps
     * the experiment with its own wall clock in milliseconds. Such stores override this to return
     * true; the contract then checks that the creation time lies between wall-clock instants taken
     * before and after the call instead of equalling the tracker's clock. Every store whose
     * experiments take their time from the tracker's clock keeps the default, false.
     *
     * @return true if the server stamps experiments with its own clock
     */
    protected boolean serverAssignsExperimentCreationTimes() {
        return false;
    }

    /**
     * Creates the model registry that {@link RunModels#register} registers run artifacts in: each
     * store's own registry where it has one (SQLite and PostgreSQL on the tracker's database, MLflow
     * on the same server); the in-memory registry by default.
     *
     * @param clock the clock it must use
     * @param dir a private temporary directory for its files
     * @return the registry
     * @throws Exception if it cannot be created
     */
    protected ModelRegistry createRegistry(ManualClock clock, Path dir) throws Exception {
        return new InMemoryModelRegistry(clock);
    }

    private static final Attribution ALICE = Attribution.by("alice", "trained on leaked labels");
    private static final Attribution BOB = Attribution.by("bob", "labels were fine after all");

    private Run start(String experiment) {
        return tracker.startRun(experiment, RunConfig.ofDefaults().recordSource(false));
    }

    @Test
    void experimentsAreCreatedOnceByName() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Experiment a = tracker.getOrCreateExperiment("fraud");
        Instant after = Instant.now();
        Experiment b = tracker.getOrCreateExperiment("fraud");
        tracker.getOrCreateExperiment("churn");

        assertThat(b).isEqualTo(a);
        if (serverAssignsExperimentCreationTimes()) {
            assertThat(a.createdAt()).isBetween(before, after);
        } else {
            assertThat(a.createdAt()).isEqualTo(clock.now());
        }
        assertThat(tracker.experiment("fraud")).contains(a);
        assertThat(tracker.experiment("nope")).isEmpty();
        assertThat(tracker.experiments()).extracting(Experiment::name).containsExactly("churn", "fraud");
        assertThatThrownBy(() -> tracker.getOrCreateExperiment(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experiment name");
    }

    @Test
    void concurrentGetOrCreateYieldsOneExperiment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Experiment>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return tracker.getOrCreateExperiment("shared");
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Experiment> f : futures) {
                ids.add(f.get(30, TimeUnit.SECONDS).id());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tracker.experiments()).hasSize(1);
    }

    @Test
    void runStartsRunningAndEndsFinishedWhenClosed() {
        String id;
        try (Run run = tracker.startRun("fraud", RunConfig.ofDefaults().name("baseline").tag("team", "risk")
                .recordSource(false))) {
            id = run.id();
            RunInfo info = run.info();
            assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(info.runName()).isEqualTo("baseline");
            assertThat(info.startTime()).isEqualTo(clock.now());
            assertThat(info.endTime()).isEmpty();
            assertThat(info.tags()).containsEntry("team", "risk");
            assertThat(info.experimentId()).isEqualTo(tracker.experiment("fraud").orElseThrow().id());
            clock.advance(Duration.ofSeconds(90));
        }
        RunInfo ended = tracker.run(id).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(ended.endTime()).contains(clock.now());
    }

    @Test
    void callbackRunEndsFailedWhenTheWorkThrowsAndRethrows() {
        List<String> ids = new ArrayList<>();
        assertThatThrownBy(() -> tracker.run("fraud", RunConfig.ofDefaults().recordSource(false), run -> {
            ids.add(run.id());
            run.logMetric("loss", 0.5, 1);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        RunInfo failed = tracker.run(ids.get(0)).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.tags().get(Run.ERROR_TAG)).contains("java.io.IOException: disk full");
        assertThat(failed.metric("loss")).contains(0.5);

        String result = tracker.run("fraud", RunConfig.ofDefaults().recordSource(false), run -> run.id());
        assertThat(tracker.run(result).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void failInACatchBlockMarksTheRunFailed() {
        String id;
        try (Run run = start("fraud")) {
            id = run.id();
            try {
                throw new IllegalStateException("bad data");
            } catch (IllegalStateException e) {
                run.fail(e);
            }
        }
        assertThat(tracker.run(id).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void sourceTagsAreRecordedUnlessTurnedOff() {
        try (Run with = tracker.startRun("fraud"); Run without = start("fraud")) {
            assertThat(with.info().tags()).containsKeys(SourceInfo.JAVA_VERSION, SourceInfo.OS, SourceInfo.HOST,
                    SourceInfo.LIBRARY_VERSION);
            assertThat(with.info().tags().get(SourceInfo.JAVA_VERSION)).isEqualTo(System.getProperty("java.version"));
            assertThat(without.info().tags()).doesNotContainKey(SourceInfo.JAVA_VERSION);
        }
    }

    @Test
    void paramsAreWriteOnce() {
        try (Run run = start("fraud")) {
            run.logParam("lr", 0.1).logParam("lr", "0.1");
            assertThatThrownBy(() -> run.logParam("lr", 0.2))
                    .isInstanceOf(ParamConflictException.class)
                    .hasMessageContaining("'lr'").hasMessageContaining("'0.1'").hasMessageContaining("'0.2'");
            assertThat(run.info().params()).containsExactlyEntriesOf(Map.of("lr", "0.1"));
        }
    }

    /** Before, a null param was stored as the string "null", and a null metric failed without naming its key. */
    @Test
    void nullValuesAreRefusedNamingTheirKeyAndNothingIsWritten() {
        try (Run run = start("fraud")) {
            assertThatThrownBy(() -> run.logParam("lr", null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("value of param 'lr' must not be null");
            Map<String, Object> params = new java.util.LinkedHashMap<>();
            params.put("epochs", 10);
            params.put("dropout", null);
            assertThatThrownBy(() -> run.logParams(params)).isInstanceOf(NullPointerException.class)
                    .hasMessage("value of param 'dropout' must not be null");
            Map<String, Double> metrics = new java.util.LinkedHashMap<>();
            metrics.put("loss", 0.3);
            metrics.put("auc", null);
            assertThatThrownBy(() -> run.logMetrics(metrics, 1)).isInstanceOf(NullPointerException.class)
                    .hasMessage("value of metric 'auc' must not be null");
            RunInfo info = run.info();
            assertThat(info.params()).isEmpty();
            assertThat(info.latestMetrics()).isEmpty();
        }
    }

    /** Before, a conflict between two long values quoted both whole (a 20,000,088-character message). */
    @Test
    void aConflictMessageQuotesAtMostTheStartOfEachValue() {
        String first = "a".repeat(TrackingLimits.MAX_PARAM_VALUE_LENGTH);
        String second = "b".repeat(TrackingLimits.MAX_PARAM_VALUE_LENGTH);
        try (Run run = start("fraud")) {
            run.logParam("config", first);
            assertThatThrownBy(() -> run.logParam("config", second))
                    .isInstanceOf(ParamConflictException.class)
                    .hasMessageContaining("'" + "a".repeat(57) + "... (6000 characters)'")
                    .hasMessageContaining("'" + "b".repeat(57) + "... (6000 characters)'")
                    .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
        }
    }

    @Test
    void aBatchWithAConflictWritesNothing() {
        try (Run run = start("fraud")) {
            run.logParam("epochs", 10);
            assertThatThrownBy(() -> tracker.logBatch(run.id(),
                    List.of(new Metric("loss", 0.3, 0, clock.now())),
                    List.of(new Param("batch", "32"), new Param("epochs", "20")),
                    List.of(new Tag("note", "x"))))
                    .isInstanceOf(ParamConflictException.class);
            RunInfo info = run.info();
            assertThat(info.params()).containsOnlyKeys("epochs");
            assertThat(info.latestMetrics()).isEmpty();
            assertThat(info.tags()).doesNotContainKey("note");
        }
    }

    @Test
    void metricsKeepTheirHistoryAndTheLatestValue() {
        try (Run run = start("fraud")) {
            run.logMetric("loss", 0.9, 0);
            clock.advance(Duration.ofSeconds(1));
            run.logMetric("loss", 0.5, 2);
            clock.advance(Duration.ofSeconds(1));
            run.logMetric("loss", 0.7, 1);

            assertThat(tracker.metricHistory(run.id(), "loss")).extracting(Metric::step, Metric::value)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(0L, 0.9),
                            org.assertj.core.api.Assertions.tuple(1L, 0.7),
                            org.assertj.core.api.Assertions.tuple(2L, 0.5));
            // The latest value is the highest step's, not the last logged.
            assertThat(run.info().metric("loss")).contains(0.5);
            assertThat(tracker.metricHistory(run.id(), "accuracy")).isEmpty();
            assertThat(tracker.metricHistory(run.id(), "loss").get(0).timestamp())
                    .isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        }
    }

    @Test
    void nanAndInfinityAreStoredAsSuch() {
        try (Run run = start("fraud")) {
            run.logMetric("a", Double.NaN, 0).logMetric("b", Double.POSITIVE_INFINITY, 0)
                    .logMetric("c", Double.NEGATIVE_INFINITY, 0).logMetric("d", -0.0, 0);
            RunInfo info = run.info();
            assertThat(info.metric("a")).hasValueSatisfying(v -> assertThat(v).isNaN());
            assertThat(info.metric("b")).contains(Double.POSITIVE_INFINITY);
            assertThat(info.metric("c")).contains(Double.NEGATIVE_INFINITY);
            assertThat(tracker.metricHistory(run.id(), "a").get(0).value()).isNaN();
        }
    }

    @Test
    void tagsCanChange() {
        try (Run run = start("fraud")) {
            run.setTag("stage", "dev").setTag("stage", "review");
            assertThat(run.info().tags()).containsEntry("stage", "review");
        }
    }

    @Test
    void endedRunsRefuseWrites() {
        Run run = start("fraud");
        run.close();
        run.close();
        assertThatThrownBy(() -> run.logMetric("loss", 1.0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FINISHED");
        assertThatThrownBy(() -> tracker.logParam(run.id(), "a", "b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(run.id());
        assertThatThrownBy(() -> tracker.endRun(run.id(), RunStatus.KILLED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended");
        assertThatThrownBy(() -> tracker.logArtifact(run.id(), tempDir, ""))
                .isInstanceOf(IllegalStateException.class);
        Run other = start("fraud");
        assertThatThrownBy(() -> tracker.endRun(other.id(), RunStatus.RUNNING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNNING");
        other.end(RunStatus.KILLED);
        assertThat(other.info().status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void unknownRunsAreReported() {
        assertThat(tracker.run("0123456789abcdef0123456789abcdef")).isEmpty();
        assertThatThrownBy(() -> tracker.logParam("0123456789abcdef0123456789abcdef", "a", "b"))
                .isInstanceOf(RunNotFoundException.class).hasMessageContaining("0123456789abcdef0123456789abcdef");
        assertThatThrownBy(() -> tracker.metricHistory("0123456789abcdef0123456789abcdef", "loss"))
                .isInstanceOf(RunNotFoundException.class);
        Experiment e = tracker.getOrCreateExperiment("fraud");
        assertThatThrownBy(() -> tracker.createRun(e.id(), RunConfig.ofDefaults().parent("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> tracker.createRun("no-such-experiment", RunConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-experiment");
    }

    /**
     * Before, {@code Instant.MAX} passed the call and failed inside the store (an
     * ArithmeticException from toEpochMilli, naming neither key nor value), on an AsyncTracker with
     * the 20 good metrics merged into its batch.
     */
    @Test
    void timestampsBeforeTheEpochOrAfter9999AreRefusedNamingTheKeyAndTheValue() {
        try (Run run = start("fraud")) {
            assertThatThrownBy(() -> tracker.logMetric(run.id(), "loss", 0.5, 0, Instant.MAX))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timestamp of metric 'loss' must be between 1970-01-01T00:00:00Z and"
                            + " 9999-12-31T23:59:59.999Z but was +1000000000-12-31T23:59:59.999999999Z");
            assertThatThrownBy(() -> tracker.logMetric(run.id(), "loss", 0.5, 0, Instant.EPOCH.minusMillis(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("1969-12-31T23:59:59.999Z");
            assertThatThrownBy(() -> tracker.logMetric(run.id(), "loss", 0.5, 0, Instant.MIN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'loss'")
                    .hasMessageEndingWith("-1000000000-01-01T00:00:00Z");
            assertThatThrownBy(() -> tracker.logBatch(run.id(),
                    List.of(new Metric("ok", 1.0, 0, clock.now()),
                            new Metric("late", 1.0, 0, Instant.parse("+10000-01-01T00:00:00Z"))),
                    List.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'late'")
                    .hasMessageContaining("+10000-01-01T00:00:00Z");
            assertThat(run.info().latestMetrics()).isEmpty();

            Instant first = Instant.EPOCH;
            Instant last = Instant.parse("9999-12-31T23:59:59.999Z");
            tracker.logMetric(run.id(), "loss", 0.1, 1, first);
            tracker.logMetric(run.id(), "loss", 0.2, 2, last);
            assertThat(tracker.metricHistory(run.id(), "loss")).extracting(Metric::timestamp)
                    .containsExactly(first, last);
        }
    }

    /**
     * Before, an experiment or run name could hold control characters and bidirectional overrides
     * ({@code U+202E} makes "fraud\u202Etxt.exe" display as another name in a log or a UI).
     */
    @Test
    void namesRefuseControlAndBidirectionalCharactersNamingTheFieldAndTheEscapedValue() {
        for (String bad : List.of("a\u0000b", "a\tb", "a\nb", "a\u007Fb", "a\u0085b", "a\u2028b", "a\u202Ab",
                "a\u202Eb", "a\u2066b", "a\u2069b", "a\u200Eb", "a\u200Fb", "a\u061Cb")) {
            String escaped = String.format("a\\u%04Xb", (int) bad.charAt(1));
            assertThatThrownBy(() -> tracker.getOrCreateExperiment(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("experiment name must not contain control characters")
                    .hasMessageEndingWith(String.format("but has U+%04X at index 1: '%s'", (int) bad.charAt(1), escaped));
            assertThatThrownBy(() -> RunConfig.ofDefaults().name(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("run name")
                    .hasMessageContaining(escaped);
        }
        String longName = "\u202E" + "x".repeat(200);
        assertThatThrownBy(() -> tracker.getOrCreateExperiment(longName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'\\u202E" + "x".repeat(56) + "... (201 characters)'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
        assertThat(tracker.experiments()).isEmpty();

        String german = "Betrugserkennung \u00DC-Stufe";
        String arabic = "\u0643\u0634\u0641 \u0627\u0644\u0627\u062D\u062A\u064A\u0627\u0644";
        try (Run run = tracker.startRun(german, RunConfig.ofDefaults().name(arabic).recordSource(false))) {
            assertThat(run.info().runName()).isEqualTo(arabic);
        }
        assertThat(tracker.experiment(german)).isPresent();
    }

    @Test
    void mlflowLimitsAreEnforcedWithClearMessages() {
        try (Run run = start("fraud")) {
            assertThatThrownBy(() -> run.logParam("k".repeat(251), "v"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("250");
            assertThatThrownBy(() -> run.logParam("bad$key", "v"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad$key");
            assertThatThrownBy(() -> run.logMetric("a/../b", 1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
            assertThatThrownBy(() -> run.logParam("p", "v".repeat(6001)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6001");
            assertThatThrownBy(() -> run.setTag("t", "v".repeat(5001)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5001");
            run.logParam("ok/key-1.2 x", "v".repeat(6000)).setTag("t", "v".repeat(5000)).logMetric("m_ü", 1.0);
            assertThat(run.info().params()).containsKey("ok/key-1.2 x");
        }
    }

    @Test
    void artifactsAreCopiedListedAndRead() throws IOException {
        Path file = Files.writeString(tempDir.resolve("report.txt"), "hello");
        Path dir = Files.createDirectories(tempDir.resolve("plots/inner"));
        Files.writeString(dir.resolve("a.csv"), "1,2");
        Files.writeString(tempDir.resolve("plots/b.csv"), "3,4");
        try (Run run = start("fraud")) {
            run.logArtifact(file).logArtifact(tempDir.resolve("plots"), "charts").logText("{\"x\":1}", "eval/m.json");

            assertThat(tracker.listArtifacts(run.id()))
                    .containsExactly("charts/b.csv", "charts/inner/a.csv", "eval/m.json", "report.txt");
            try (InputStream in = tracker.openArtifact(run.id(), "charts/inner/a.csv")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1,2");
            }
            assertThatThrownBy(() -> tracker.openArtifact(run.id(), "missing.txt"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.txt");
        }
    }

    @Test
    void artifactPathsCannotEscapeTheRun() throws IOException {
        Path file = Files.writeString(tempDir.resolve("f.txt"), "x");
        try (Run run = start("fraud")) {
            for (String bad : new String[] {"..", "../other", "a/../../b", "/etc", "a//b", "a\\b", "./a", "C:/x"}) {
                assertThatThrownBy(() -> run.logArtifact(file, bad))
                        .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
            }
            assertThatThrownBy(() -> tracker.openArtifact(run.id(), "../../mlops.db"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(tracker.listArtifacts(run.id())).isEmpty();
        }
    }

    @Test
    void symbolicLinksAreRefusedBeforeAnythingIsCopied() throws IOException {
        Path secret = Files.writeString(tempDir.resolve("secret.txt"), "s3cr3t");
        Path link = Files.createSymbolicLink(tempDir.resolve("link.txt"), secret);
        Path dir = Files.createDirectories(tempDir.resolve("bundle"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.createSymbolicLink(dir.resolve("z-link.txt"), secret);
        try (Run run = start("fraud")) {
            assertThatThrownBy(() -> run.logArtifact(link))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> run.logArtifact(dir))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
            assertThat(tracker.listArtifacts(run.id())).isEmpty();
            assertThatThrownBy(() -> run.logArtifact(tempDir.resolve("absent")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void nestedRunsRecordTheirParent() {
        try (Run parent = start("sweep")) {
            Experiment e = tracker.experiment("sweep").orElseThrow();
            RunInfo child = tracker.createRun(e.id(), RunConfig.ofDefaults().parent(parent.id()).name("trial-1"));
            tracker.createRun(e.id(), RunConfig.ofDefaults().name("unrelated"));

            assertThat(child.parentRunId()).contains(parent.id());
            RunPage children = tracker.searchRuns(RunQuery.in(e.id()).filter(RunFilter.childrenOf(parent.id())));
            assertThat(children.runs()).extracting(RunInfo::runName).containsExactly("trial-1");
        }
    }

    private List<String> seedRuns() {
        // accuracy: r0 0.70, r1 0.90, r2 NaN, r3 none, r4 0.80; params and tags vary.
        double[] accuracy = {0.70, 0.90, Double.NaN, -1, 0.80};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accuracy.length; i++) {
            Run run = tracker.startRun("search", RunConfig.ofDefaults().name("r" + i).recordSource(false));
            if (accuracy[i] != -1) {
                run.logMetric("accuracy", accuracy[i]);
            }
            run.logParam("trainer", i % 2 == 0 ? "lr" : "tree").setTag("owner", i < 3 ? "alice" : "bob");
            if (i != 4) {
                run.close();
            }
            ids.add(run.id());
            clock.advance(Duration.ofMinutes(1));
        }
        return ids;
    }

    private List<String> names(RunPage page) {
        return page.runs().stream().map(RunInfo::runName).toList();
    }

    @Test
    void searchFiltersByMetricParamTagAndStatus() {
        seedRuns();
        String exp = tracker.experiment("search").orElseThrow().id();

        assertThat(names(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.metric("accuracy").gt(0.75)))))
                .containsExactly("r4", "r1");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.metric("accuracy").le(0.8)
                .and(RunFilter.param("trainer").eq("lr")))))).containsExactly("r4", "r0");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.tag("owner").ne("alice")))))
                .containsExactly("r4", "r3");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.status(RunStatus.RUNNING)))))
                .containsExactly("r4");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.runName("r2")))))
                .containsExactly("r2");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp)
                .filter(RunFilter.startedSince(Instant.parse("2025-03-01T09:02:00Z"))
                        .and(RunFilter.startedBefore(Instant.parse("2025-03-01T09:04:00Z")))))))
                .containsExactly("r3", "r2");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).filter(RunFilter.param("missing").ne("x"))))).isEmpty();
    }

    @Test
    void searchOrdersByMetricWithMissingAndNaNLast() {
        seedRuns();
        String exp = tracker.experiment("search").orElseThrow().id();

        assertThat(names(tracker.searchRuns(RunQuery.in(exp).orderBy(RunOrder.byMetric("accuracy", Goal.MAX)))))
                .containsExactly("r1", "r4", "r0", "r3", "r2");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).orderBy(RunOrder.byMetric("accuracy", Goal.MIN)))))
                .containsExactly("r0", "r4", "r1", "r3", "r2");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp)))).containsExactly("r4", "r3", "r2", "r1", "r0");
        assertThat(names(tracker.searchRuns(RunQuery.in(exp).orderBy(new RunOrder(Optional.empty(), true)))))
                .containsExactly("r0", "r1", "r2", "r3", "r4");
    }

    @Test
    void pagingVisitsEveryRunExactlyOnce() {
        Experiment e = tracker.getOrCreateExperiment("paging");
        for (int i = 0; i < 23; i++) {
            tracker.createRun(e.id(), RunConfig.ofDefaults().name("run" + i));
            clock.advance(Duration.ofMillis(1));
        }
        List<String> seen = new ArrayList<>();
        RunQuery query = RunQuery.in(e.id()).maxResults(5);
        int pages = 0;
        while (true) {
            RunPage page = tracker.searchRuns(query);
            pages++;
            page.runs().forEach(r -> seen.add(r.runName()));
            if (page.nextPageToken().isEmpty()) {
                break;
            }
            query = query.pageToken(page.nextPageToken().get());
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("run22");
        assertThatThrownBy(() -> tracker.searchRuns(RunQuery.in(e.id()).pageToken("garbage")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage");
        assertThatThrownBy(() -> RunQuery.in(e.id()).maxResults(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResults");
    }

    @Test
    void pagingOrderedByAMetricKeepsTheOrderAcrossPages() {
        // accuracy by run: values with ties, NaN and missing mixed through start times.
        double[] accuracy = {0.5, Double.NaN, -1, 0.9, 0.5, Double.NaN, -1, 0.1, Double.POSITIVE_INFINITY, -1, 0.5};
        Experiment e = tracker.getOrCreateExperiment("order");
        for (int i = 0; i < accuracy.length; i++) {
            RunInfo run = tracker.createRun(e.id(), RunConfig.ofDefaults().name("r" + i));
            List<Metric> metrics = accuracy[i] == -1 ? List.of() : List.of(new Metric("accuracy", accuracy[i], 0,
                    clock.now()));
            tracker.logBatch(run.runId(), metrics, List.of(new Param("trainer", i % 2 == 0 ? "lr" : "tree")), List.of());
            clock.advance(Duration.ofMinutes(1));
        }
        List<String> rest = List.of("r9", "r6", "r5", "r2", "r1");
        List<String> max = new ArrayList<>(List.of("r8", "r3", "r10", "r4", "r0", "r7"));
        max.addAll(rest);
        List<String> min = new ArrayList<>(List.of("r7", "r10", "r4", "r0", "r3", "r8"));
        min.addAll(rest);
        RunFilter lr = RunFilter.param("trainer").eq("lr");
        for (int size : new int[] {1, 2, 3, 5, 6, 50}) {
            RunQuery byMax = RunQuery.in(e.id()).orderBy(RunOrder.byMetric("accuracy", Goal.MAX)).maxResults(size);
            RunQuery byMin = RunQuery.in(e.id()).orderBy(RunOrder.byMetric("accuracy", Goal.MIN)).maxResults(size);
            assertThat(allPages(byMax)).as("MAX, pages of %d", size).isEqualTo(max);
            assertThat(allPages(byMin)).as("MIN, pages of %d", size).isEqualTo(min);
            assertThat(allPages(byMax.filter(lr))).as("MAX of lr, pages of %d", size)
                    .containsExactly("r8", "r10", "r4", "r0", "r6", "r2");
        }
    }

    /** Reads every page of a query, checking that none holds more than asked for. */
    private List<String> allPages(RunQuery query) {
        List<String> seen = new ArrayList<>();
        RunQuery next = query;
        for (int pages = 0; pages < 100; pages++) {
            RunPage page = tracker.searchRuns(next);
            assertThat(page.runs().size()).isLessThanOrEqualTo(query.maxResults());
            seen.addAll(names(page));
            if (page.nextPageToken().isEmpty()) {
                return seen;
            }
            next = query.pageToken(page.nextPageToken().get());
        }
        throw new AssertionError("more than 100 pages: " + seen);
    }

    @Test
    void bestRunIgnoresNaNAndMissingValues() {
        List<String> ids = seedRuns();
        assertThat(tracker.bestRun("search", "accuracy", Goal.MAX).map(RunInfo::runId)).contains(ids.get(1));
        assertThat(tracker.bestRun("search", "accuracy", Goal.MIN).map(RunInfo::runId)).contains(ids.get(0));
        assertThat(tracker.bestRun("search", "f1", Goal.MAX)).isEmpty();
        assertThat(tracker.bestRun("nope", "accuracy", Goal.MAX)).isEmpty();
    }

    @Test
    void compareShowsDifferingParamsAndLatestMetrics() {
        List<String> ids = seedRuns();
        RunComparison cmp = tracker.compare(List.of(ids.get(0), ids.get(1), ids.get(4)));

        assertThat(cmp.runs()).extracting(RunInfo::runName).containsExactly("r0", "r1", "r4");
        assertThat(cmp.differingParams()).containsOnlyKeys("trainer");
        assertThat(cmp.differingParams().get("trainer"))
                .containsEntry(ids.get(0), "lr").containsEntry(ids.get(1), "tree");
        assertThat(cmp.latestMetrics().get("accuracy")).containsEntry(ids.get(1), 0.90).containsEntry(ids.get(4), 0.80);
        assertThatThrownBy(() -> tracker.compare(List.of("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(RunNotFoundException.class);
    }

    @Test
    void concurrentWritersToOneRunLoseNothing() throws Exception {
        Run run = start("fraud");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 25; i++) {
                        Map<String, Double> m = new LinkedHashMap<>();
                        m.put("t" + thread, (double) i);
                        run.logMetrics(m, i);
                    }
                    run.logParam("p" + thread, thread);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < 8; t++) {
            assertThat(tracker.metricHistory(run.id(), "t" + t)).hasSize(25);
        }
        assertThat(run.info().params()).hasSize(8);
        run.close();
    }

    @Test
    void staleRunsAreTheRunningRunsWithNoWriteSince() {
        Run quiet = start("stale");
        Run active = start("stale");
        Run ended = start("stale");
        ended.end(RunStatus.FINISHED);
        clock.advance(Duration.ofHours(2));
        active.logMetric("loss", 0.5, 1);
        clock.advance(Duration.ofMinutes(30));

        assertThat(tracker.staleRuns(Duration.ofHours(1))).extracting(RunInfo::runId).containsExactly(quiet.id());
        assertThat(tracker.staleRuns(Duration.ofMinutes(20))).extracting(RunInfo::runId)
                .containsExactlyInAnyOrder(quiet.id(), active.id());
        assertThat(tracker.staleRuns(Duration.ofHours(3))).isEmpty();
        assertThat(tracker.staleRuns(Duration.ofHours(1)).get(0).status()).isEqualTo(RunStatus.RUNNING);
        active.close();
        quiet.close();
    }

    @Test
    void endStaleRunsEndsOnlyTheStaleRunsAtTheCurrentTime() {
        Run quiet = start("stale");
        Run active = start("stale");
        clock.advance(Duration.ofHours(2));
        active.logMetric("loss", 0.5, 1);
        clock.advance(Duration.ofMinutes(30));
        Instant now = clock.now();

        assertThat(tracker.endStaleRuns(Duration.ofHours(1), RunStatus.KILLED)).isEqualTo(1);

        RunInfo ended = tracker.run(quiet.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.KILLED);
        assertThat(ended.endTime()).contains(now);
        assertThat(tracker.run(active.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(tracker.staleRuns(Duration.ofHours(1))).isEmpty();
        assertThat(tracker.endStaleRuns(Duration.ofHours(1), RunStatus.KILLED)).isZero();
        assertThatThrownBy(() -> quiet.logMetric("loss", 1, 2)).isInstanceOf(IllegalStateException.class);
        active.close();
    }

    @Test
    void staleRunArgumentsAreChecked() {
        assertThatThrownBy(() -> tracker.staleRuns(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("olderThan").hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> tracker.endStaleRuns(Duration.ofHours(1), RunStatus.RUNNING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNNING");
        assertThatThrownBy(() -> tracker.staleRuns(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("olderThan");
    }

    // Soft delete and restore (issue 17), as MLflow's lifecycle_stage.

    @Test
    void aDeletedRunIsHiddenFromSearchesAndBestRunButFoundByIdAndRestorable() {
        Run kept = start("fraud");
        kept.logMetric("auc", 0.80, 1);
        Run best = start("fraud");
        best.logMetric("auc", 0.95, 1);
        String experimentId = kept.info().experimentId();
        clock.advance(Duration.ofMinutes(5));
        Instant deletedAt = clock.now();

        tracker.deleteRun(best.id(), ALICE);

        RunInfo deleted = tracker.run(best.id()).orElseThrow();
        assertThat(deleted.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.tags()).containsEntry(LifecycleAudit.DELETED_BY, "alice")
                .containsEntry(LifecycleAudit.DELETE_REASON, "trained on leaked labels")
                .containsEntry(LifecycleAudit.DELETED_AT, deletedAt.toString())
                .doesNotContainKey(LifecycleAudit.RESTORED_BY);
        assertThat(deleted.metric("auc")).contains(0.95);
        assertThat(tracker.run(kept.id()).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(tracker.searchRuns(RunQuery.in(experimentId)).runs()).extracting(RunInfo::runId)
                .containsExactly(kept.id());
        assertThat(tracker.searchRuns(RunQuery.in(experimentId).viewType(ViewType.DELETED_ONLY)).runs())
                .extracting(RunInfo::runId).containsExactly(best.id());
        assertThat(tracker.searchRuns(RunQuery.in(experimentId).viewType(ViewType.ALL)
                .orderBy(RunOrder.byMetric("auc", Goal.MAX))).runs())
                .extracting(RunInfo::runId).containsExactly(best.id(), kept.id());
        assertThat(tracker.bestRun("fraud", "auc", Goal.MAX)).get().extracting(RunInfo::runId).isEqualTo(kept.id());
        assertThat(tracker.compare(List.of(kept.id(), best.id())).runs()).hasSize(2);

        clock.advance(Duration.ofMinutes(5));
        tracker.restoreRun(best.id(), BOB);

        RunInfo restored = tracker.run(best.id()).orElseThrow();
        assertThat(restored.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(restored.tags()).containsEntry(LifecycleAudit.RESTORED_BY, "bob")
                .containsEntry(LifecycleAudit.RESTORE_REASON, "labels were fine after all")
                .containsEntry(LifecycleAudit.RESTORED_AT, clock.now().toString())
                .containsEntry(LifecycleAudit.DELETED_BY, "alice");
        assertThat(tracker.bestRun("fraud", "auc", Goal.MAX)).get().extracting(RunInfo::runId).isEqualTo(best.id());
        assertThat(tracker.searchRuns(RunQuery.in(experimentId).viewType(ViewType.DELETED_ONLY)).runs()).isEmpty();
        best.logMetric("auc", 0.96, 2);
        assertThat(tracker.run(best.id()).orElseThrow().metric("auc")).contains(0.96);
        kept.close();
        best.close();
    }

    @Test
    void writesToADeletedRunAreRefusedNamingTheRunAndWriteNothing() throws IOException {
        Run run = start("fraud");
        run.logMetric("loss", 0.5, 1);
        Path file = Files.writeString(tempDir.resolve("weights.bin"), "w");
        tracker.deleteRun(run.id(), ALICE);

        List<Runnable> writes = List.of(
                () -> tracker.logMetric(run.id(), "loss", 0.1, 2, clock.now()),
                () -> tracker.logParam(run.id(), "lr", "0.1"),
                () -> tracker.setTag(run.id(), "team", "risk"),
                () -> tracker.logArtifact(run.id(), file, "model"),
                () -> tracker.endRun(run.id(), RunStatus.FINISHED));
        for (Runnable write : writes) {
            assertThatThrownBy(write::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(run.id()).hasMessageContaining("deleted");
        }
        RunInfo info = tracker.run(run.id()).orElseThrow();
        assertThat(tracker.metricHistory(run.id(), "loss")).extracting(Metric::value).containsExactly(0.5);
        assertThat(info.params()).isEmpty();
        assertThat(info.tags()).doesNotContainKey("team");
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(tracker.listArtifacts(run.id())).isEmpty();
        tracker.restoreRun(run.id(), BOB);
        run.close();
    }

    @Test
    void aDeletedRunIsNeverStale() {
        Run quiet = start("stale");
        clock.advance(Duration.ofHours(2));
        tracker.deleteRun(quiet.id(), ALICE);

        assertThat(tracker.staleRuns(Duration.ofHours(1))).isEmpty();
        assertThat(tracker.endStaleRuns(Duration.ofHours(1), RunStatus.KILLED)).isZero();
        assertThat(tracker.run(quiet.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void badLifecycleChangesOfRunsAreRefusedNamingTheRunAndItsStage() {
        Run run = start("fraud");
        assertThatThrownBy(() -> tracker.restoreRun(run.id(), BOB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.id()).hasMessageContaining("already active");
        tracker.deleteRun(run.id(), ALICE);
        assertThatThrownBy(() -> tracker.deleteRun(run.id(), BOB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.id()).hasMessageContaining("already deleted");
        assertThat(tracker.run(run.id()).orElseThrow().tags()).containsEntry(LifecycleAudit.DELETED_BY, "alice");
        String unknown = "0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> tracker.deleteRun(unknown, ALICE)).isInstanceOf(RunNotFoundException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> tracker.restoreRun(unknown, ALICE)).isInstanceOf(RunNotFoundException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> tracker.deleteRun(run.id(), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("by");
    }

    @Test
    void deletingAnExperimentHidesItAndItsRunsAndRestoringBringsThemAllBack() {
        Run first = start("fraud");
        first.logMetric("auc", 0.9, 1);
        Run second = start("fraud");
        Run other = start("churn");
        Experiment fraud = tracker.experiment("fraud").orElseThrow();
        tracker.deleteRun(second.id(), ALICE);
        clock.advance(Duration.ofMinutes(1));

        tracker.deleteExperiment(fraud.id(), ALICE);

        Experiment deleted = tracker.experiment("fraud").orElseThrow();
        assertThat(deleted.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.tags()).containsEntry(LifecycleAudit.DELETED_BY, "alice")
                .containsEntry(LifecycleAudit.DELETE_REASON, "trained on leaked labels")
                .containsEntry(LifecycleAudit.DELETED_AT, clock.now().toString());
        assertThat(tracker.experiments()).extracting(Experiment::name).containsExactly("churn");
        // contains rather than containsExactly: a shared MLflow server keeps other tests' deleted experiments.
        assertThat(tracker.experiments(ViewType.DELETED_ONLY)).extracting(Experiment::name).contains("fraud")
                .doesNotContain("churn");
        assertThat(tracker.experiments(ViewType.ALL)).extracting(Experiment::name).contains("churn", "fraud");
        assertThat(tracker.run(first.id()).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(tracker.run(other.id()).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(tracker.searchRuns(RunQuery.in(fraud.id())).runs()).isEmpty();
        assertThat(tracker.searchRuns(RunQuery.in(fraud.id()).viewType(ViewType.DELETED_ONLY)).runs())
                .extracting(RunInfo::runId).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(tracker.bestRun("fraud", "auc", Goal.MAX)).isEmpty();
        assertThatThrownBy(() -> first.logMetric("auc", 0.1, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(first.id()).hasMessageContaining("deleted");
        assertThatThrownBy(() -> tracker.getOrCreateExperiment("fraud")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'fraud'").hasMessageContaining("deleted");
        assertThatThrownBy(() -> tracker.createRun(fraud.id(), RunConfig.ofDefaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("deleted");

        tracker.restoreExperiment(fraud.id(), BOB);

        Experiment restored = tracker.experiment("fraud").orElseThrow();
        assertThat(restored.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(restored.tags()).containsEntry(LifecycleAudit.RESTORED_BY, "bob")
                .containsEntry(LifecycleAudit.DELETED_BY, "alice");
        assertThat(tracker.getOrCreateExperiment("fraud").id()).isEqualTo(fraud.id());
        assertThat(tracker.experiments()).extracting(Experiment::name).containsExactly("churn", "fraud");
        // As MLflow: restoring the experiment restores every run in it, the one deleted before too.
        assertThat(tracker.searchRuns(RunQuery.in(fraud.id())).runs()).extracting(RunInfo::runId)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(tracker.bestRun("fraud", "auc", Goal.MAX)).get().extracting(RunInfo::runId).isEqualTo(first.id());
        first.logMetric("auc", 0.91, 2);
        first.close();
        second.close();
        other.close();
    }

    @Test
    void badLifecycleChangesOfExperimentsAreRefusedNamingTheExperiment() {
        String id = tracker.getOrCreateExperiment("fraud").id();
        assertThatThrownBy(() -> tracker.restoreExperiment(id, BOB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("experiment " + id).hasMessageContaining("already active");
        tracker.deleteExperiment(id, ALICE);
        assertThatThrownBy(() -> tracker.deleteExperiment(id, BOB)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("experiment " + id).hasMessageContaining("already deleted");
        assertThat(tracker.experiment("fraud").orElseThrow().tags()).containsEntry(LifecycleAudit.DELETED_BY, "alice");
        assertThatThrownBy(() -> tracker.deleteExperiment("987654321", ALICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'987654321'");
        assertThatThrownBy(() -> tracker.restoreExperiment("987654321", ALICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'987654321'");
        tracker.restoreExperiment(id, BOB);
    }

    // runs:/ URIs (issue 17).

    @Test
    void runUrisResolveThroughTheTracker() throws IOException {
        Run run = start("fraud");
        run.logText("{\"auc\":0.9}", "eval/metrics.json");
        try (InputStream in = tracker.openArtifact(RunUri.parse("runs:/" + run.id() + "/eval/metrics.json"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"auc\":0.9}");
        }
        assertThatThrownBy(() -> tracker.openArtifact(RunUri.parse("runs:/" + run.id() + "/eval/none.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eval/none.json");
        run.close();
    }

    @Test
    void aModelVersionIsRegisteredStraightFromARunArtifactWithoutTheOriginalFile() throws Exception {
        byte[] weights = new byte[70_000];
        new java.util.Random(17).nextBytes(weights);
        Path original = Files.write(Files.createDirectories(tempDir.resolve("train")).resolve("model.bin"), weights);
        Run run = start("fraud");
        run.logArtifact(original, "model");
        run.close();
        Files.delete(original);
        ModelRegistry registry = createRegistry(clock, tempDir.resolve("registry"));

        ModelVersion version = RunModels.register(tracker, registry, "runs:/" + run.id() + "/model/model.bin",
                ModelRegistration.builder("fraud").description("from the run"), tempDir.resolve("staging"));

        assertThat(version.sourceRunId()).contains(run.id());
        assertThat(version.status()).isEqualTo(ModelStatus.READY);
        assertThat(version.artifactSha256()).contains(ModelArtifact.sha256Of(new java.io.ByteArrayInputStream(weights)));
        ModelVersion loaded = registry.get("fraud", version.version()).orElseThrow();
        ModelLoader<byte[]> readBytes = Files::readAllBytes;
        assertThat(registry.load(loaded, readBytes)).isEqualTo(weights);
        assertThat(registry.load("models:/fraud/" + version.version(), readBytes)).isEqualTo(weights);
    }

    @Test
    void registeringFromABadRunUriIsRefusedNamingIt() throws Exception {
        Run run = start("fraud");
        run.logText("x", "model/model.bin");
        run.close();
        ModelRegistry registry = createRegistry(clock, tempDir.resolve("registry"));
        Path staging = tempDir.resolve("staging");
        String missing = "runs:/" + run.id() + "/model/none.bin";
        assertThatThrownBy(() -> RunModels.register(tracker, registry, missing, ModelRegistration.builder("fraud"),
                staging)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model/none.bin");
        String unknown = "0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> RunModels.register(tracker, registry, "runs:/" + unknown + "/model/model.bin",
                ModelRegistration.builder("fraud"), staging)).isInstanceOf(RunNotFoundException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> RunModels.register(tracker, registry, "models:/fraud/1",
                ModelRegistration.builder("fraud"), staging)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models:/fraud/1");
        tracker.deleteRun(run.id(), ALICE);
        assertThatThrownBy(() -> RunModels.register(tracker, registry, "runs:/" + run.id() + "/model/model.bin",
                ModelRegistration.builder("fraud"), staging)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.id()).hasMessageContaining("deleted");
        assertThat(registry.modelNames()).isEmpty();
    }
}
