package org.mlops4j.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.ManualClock;
import org.mlops4j.core.ModelNotFoundException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/**
 * The behaviour every {@link ModelRegistry} must have. Each implementation's test extends this
 * class and supplies a fresh, empty registry; in-memory, SQLite, PostgreSQL and MLflow stores all
 * run the same assertions.
 */
public abstract class ModelRegistryContract {

    /** The clock the registry under test must use for registration and alias-change times. */
    protected final ManualClock clock = new ManualClock(Instant.parse("2025-06-01T12:00:00Z"));

    @TempDir
    protected Path tempDir;

    private ModelRegistry registry;

    /**
     * Creates a fresh, empty registry that reads time from {@code clock}.
     *
     * @param clock the clock to use
     * @return the registry under test
     * @throws Exception if it cannot be created
     */
    protected abstract ModelRegistry createRegistry(ManualClock clock) throws Exception;

    @BeforeEach
    void createRegistryUnderTest() throws Exception {
        registry = createRegistry(clock);
    }

    /** @return the registry under test */
    protected ModelRegistry registry() {
        return registry;
    }

    /**
     * Writes an artifact file with the given content.
     *
     * @param name file name
     * @param content file content
     * @return the artifact
     * @throws Exception on I/O failure
     */
    protected ModelArtifact artifact(String name, String content) throws Exception {
        return ModelArtifact.of(Files.writeString(tempDir.resolve(name), content));
    }

    /**
     * Returns the file a registry loads a version from: the registered file for stores that
     * reference artifacts in place, the store's own copy for stores that copy them.
     *
     * @param version a version with an artifact
     * @return the file
     */
    protected Path storedArtifactFile(ModelVersion version) {
        return Path.of(version.artifactLocation().orElseThrow());
    }

    /**
     * Overwrites the bytes a registry would load a version from, as an attacker or a disk fault
     * would; by default writes {@link #storedArtifactFile}. Stores behind a server override it.
     *
     * @param version a version with an artifact
     * @param content the new content
     * @throws Exception on I/O failure
     */
    protected void overwriteStoredArtifact(ModelVersion version, String content) throws Exception {
        Files.writeString(storedArtifactFile(version), content);
    }

    /**
     * Tells whether the store's server sets a version's creation time from its own clock, as
     * MLflow's does, rather than from the registry's clock. Such a store's creation times are
     * checked against the wall clock around the call instead; alias-change times still come
     * from the registry's clock.
     *
     * @return false by default
     */
    protected boolean serverAssignsCreationTimes() {
        return false;
    }

    private ModelVersion registerWithArtifact(String model, String content) throws Exception {
        return registry.register(ModelRegistration.builder(model)
                .artifact(artifact(model + "-" + content + ".bin", content)).build());
    }

    private static final Attribution CI = Attribution.by("ci", "tests passed");

    @Test
    void versionsAreNumberedFromOnePerModel() throws Exception {
        ModelVersion a1 = registerWithArtifact("fraud", "a");
        ModelVersion a2 = registerWithArtifact("fraud", "b");
        ModelVersion b1 = registerWithArtifact("churn", "c");

        assertThat(a1.version()).isEqualTo(1);
        assertThat(a2.version()).isEqualTo(2);
        assertThat(b1.version()).isEqualTo(1);
        assertThat(registry.modelNames()).containsExactly("churn", "fraud");
        assertThat(registry.versions("fraud")).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(registry.versions("unknown")).isEmpty();
    }

    @Test
    void registrationRecordsLineageTagsChecksumAndTime() throws Exception {
        Instant wallClockBefore = Instant.now().minusMillis(1);
        ModelArtifact art = artifact("m.bin", "weights");
        ModelVersion v = registry.register(ModelRegistration.builder("fraud")
                .artifact(art).sourceRunId("run-42").description("first").tag("team", "risk").build());

        assertThat(v.status()).isEqualTo(ModelStatus.READY);
        assertThat(v.sourceRunId()).contains("run-42");
        assertThat(v.description()).contains("first");
        assertThat(v.tags()).containsEntry("team", "risk");
        assertThat(v.artifactSha256()).contains(art.sha256());
        assertThat(v.artifactLocation()).isPresent();
        if (serverAssignsCreationTimes()) {
            assertThat(v.createdAt()).isBetween(wallClockBefore, Instant.now());
        } else {
            assertThat(v.createdAt()).isEqualTo(clock.now());
        }
        assertThat(registry.get("fraud", 1)).contains(v);
    }

    @Test
    void registrationWithoutArtifactIsPending() {
        ModelVersion v = registry.register(ModelRegistration.builder("fraud").build());
        assertThat(v.status()).isEqualTo(ModelStatus.PENDING);
        assertThat(v.artifactLocation()).isEmpty();
        assertThat(v.artifactSha256()).isEmpty();
    }

    @Test
    void registrationWithAWrongChecksumRegistersNothing() throws Exception {
        ModelArtifact good = artifact("m.bin", "weights");
        ModelArtifact lying = new ModelArtifact(good.file(), "0".repeat(64));

        assertThatThrownBy(() -> registry.register(ModelRegistration.builder("fraud").artifact(lying).build()))
                .isInstanceOf(ArtifactIntegrityException.class);
        assertThat(registry.versions("fraud")).isEmpty();
        assertThat(registry.register(ModelRegistration.builder("fraud").artifact(good).build()).version()).isEqualTo(1);
    }

    @Test
    void getOfUnknownVersionIsEmpty() throws Exception {
        registerWithArtifact("fraud", "a");
        assertThat(registry.get("fraud", 2)).isEmpty();
        assertThat(registry.get("nope", 1)).isEmpty();
        assertThat(registry.getByAlias("fraud", "champion")).isEmpty();
        assertThatThrownBy(() -> registry.get("fraud", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.get("fraud", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> registry.get(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aliasesResolveAndShowOnTheVersion() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");

        AliasChange change = registry.setAlias("fraud", "champion", 1, CI);
        registry.setAlias("fraud", "challenger", 2, CI);

        assertThat(change.previousVersion()).isEmpty();
        assertThat(change.newVersion()).hasValue(1);
        assertThat(registry.getByAlias("fraud", "champion").map(ModelVersion::version)).contains(1);
        assertThat(registry.get("fraud", 1).orElseThrow().aliases()).containsExactly("champion");
        assertThat(registry.resolve("models:/fraud@challenger").map(ModelVersion::version)).contains(2);
        assertThat(registry.resolve("models:/fraud/1").orElseThrow().aliases()).containsExactly("champion");
        assertThat(registry.resolve("models:/fraud/latest").map(ModelVersion::version)).contains(2);
        assertThat(registry.resolve("models:/fraud@previous")).isEmpty();
        assertThat(registry.resolve("models:/fraud/9")).isEmpty();
    }

    @Test
    void aliasesShowInListingsAndSearchesAndGoWhenDeleted() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registerWithArtifact("churn", "c");
        registry.setAlias("fraud", "champion", 1, CI);
        registry.setAlias("fraud", "challenger", 2, CI);
        registry.setAlias("fraud", "shadow", 2, CI);
        registry.setAlias("churn", "champion", 1, CI);

        assertThat(registry.versions("fraud")).extracting(v -> v.version() + "=" + new TreeSet<>(v.aliases()))
                .containsExactly("1=[champion]", "2=[challenger, shadow]");
        assertThat(registry.search(ModelFilter.all())).extracting(v -> v.name() + "/" + v.version() + "=" + new TreeSet<>(v.aliases()))
                .containsExactly("churn/1=[champion]", "fraud/1=[champion]", "fraud/2=[challenger, shadow]");

        AliasChange deleted = registry.deleteAlias("fraud", "champion", Attribution.by("bob", "retired"));
        assertThat(deleted.previousVersion()).hasValue(1);
        assertThat(deleted.newVersion()).isEmpty();
        assertThat(deleted.attribution()).isEqualTo(Attribution.by("bob", "retired"));
        assertThat(registry.getByAlias("fraud", "champion")).isEmpty();
        assertThat(registry.resolve("models:/fraud@champion")).isEmpty();
        assertThat(registry.versions("fraud").get(0).aliases()).isEmpty();
        assertThatThrownBy(() -> registry.deleteAlias("fraud", "champion", CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("champion");
        assertThat(registry.setAlias("fraud", "champion", 2, CI).previousVersion()).isEmpty();
        assertThat(registry.get("fraud", 2).orElseThrow().aliases())
                .containsExactlyInAnyOrder("champion", "challenger", "shadow");
    }

    @Test
    void movingAnAliasRecordsWhoWhenAndWhy() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registry.setAlias("fraud", "champion", 1, Attribution.by("alice", "initial model"));
        clock.advance(Duration.ofHours(1));
        registry.setAlias("fraud", "champion", 2, Attribution.by("rollout:fraud", "canary passed"));
        clock.advance(Duration.ofHours(1));
        registry.deleteAlias("fraud", "champion", Attribution.by("bob", "incident 17"));

        List<AliasChange> history = registry.aliasHistory("fraud");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).attribution()).isEqualTo(Attribution.by("alice", "initial model"));
        assertThat(history.get(1).previousVersion()).hasValue(1);
        assertThat(history.get(1).newVersion()).hasValue(2);
        assertThat(history.get(1).timestamp()).isEqualTo(Instant.parse("2025-06-01T13:00:00Z"));
        assertThat(history.get(2).isDeletion()).isTrue();
        assertThat(history.get(2).previousVersion()).hasValue(2);
        assertThat(history.get(2).attribution().reason()).isEqualTo("incident 17");
        assertThat(registry.getByAlias("fraud", "champion")).isEmpty();
        assertThat(registry.get("fraud", 2).orElseThrow().aliases()).isEmpty();
    }

    @Test
    void compareAndSetMovesOnlyFromTheExpectedVersion() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registerWithArtifact("fraud", "c");

        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(1), 2, CI)).isFalse();
        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), 1, CI)).isTrue();
        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), 2, CI)).isFalse();
        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(3), 2, CI)).isFalse();
        assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(1), 2, CI)).isTrue();

        assertThat(registry.getByAlias("fraud", "champion").map(ModelVersion::version)).contains(2);
        assertThat(registry.aliasHistory("fraud")).hasSize(2);
    }

    @Test
    void concurrentCompareAndSetLetsExactlyOneWriterWin() throws Exception {
        for (int i = 0; i < 9; i++) {
            registerWithArtifact("fraud", "v" + i);
        }
        registry.setAlias("fraud", "champion", 1, CI);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger winners = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int target = t + 2;
                futures.add(pool.submit(() -> {
                    start.await();
                    if (registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(1), target,
                            Attribution.by("worker-" + target, "race"))) {
                        winners.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(winners.get()).isEqualTo(1);
        assertThat(registry.aliasHistory("fraud")).hasSize(2);
        int champion = registry.getByAlias("fraud", "champion").orElseThrow().version();
        assertThat(registry.aliasHistory("fraud").get(1).attribution().actor()).isEqualTo("worker-" + champion);
    }

    @Test
    void aliasErrorsNameTheProblem() throws Exception {
        registerWithArtifact("fraud", "a");
        registry.register(ModelRegistration.builder("fraud").build());

        assertThatThrownBy(() -> registry.setAlias("fraud", "champion", 7, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("7").hasMessageContaining("fraud");
        assertThatThrownBy(() -> registry.setAlias("nope", "champion", 1, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> registry.setAlias("fraud", "champion", 2, CI))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PENDING");
        assertThatThrownBy(() -> registry.setAlias("fraud", "latest", 1, CI))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> registry.setAlias("fraud", "v2", 1, CI))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> registry.deleteAlias("fraud", "champion", CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("champion");
        assertThatThrownBy(() -> registry.setAlias("fraud", "champion", 1, null))
                .isInstanceOf(NullPointerException.class);
        assertThat(registry.aliasHistory("fraud")).isEmpty();
    }

    /**
     * Before, a model name could be "." or ".." (path segments in an export) or hold a
     * bidirectional override, an actor any control character, and the messages quoted the value
     * raw and whole.
     */
    @Test
    void namesActorsAndReasonsRefuseControlAndBidirectionalCharacters() throws Exception {
        for (String bad : List.of(".", "..", "fraud\u202Ex", "fraud\u2066x", "fraud\u200Fx", "fraud\u061Cx",
                "fraud\u0085x", "fraud\u007Fx")) {
            assertThatThrownBy(() -> ModelRegistration.builder(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("model name")
                    .hasMessageContaining(bad.length() <= 2 ? "'" + bad + "'"
                            : String.format("'fraud\\u%04Xx'", (int) bad.charAt(5)));
            assertThatThrownBy(() -> registry.versions(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> registry.versions("\u202E" + "m".repeat(300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(301 characters)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
        assertThatThrownBy(() -> ModelRegistration.builder("fraud").tag("team\u202E", "risk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag key")
                .hasMessageContaining("'team\\u202E'");
        assertThatThrownBy(() -> Attribution.by("ci\nadmin", "ok"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actor must not contain control characters or bidirectional formatting characters"
                        + " but has U+000A at index 2: 'ci\\u000Aadmin'");
        assertThatThrownBy(() -> Attribution.by("ci", "tests \u202Epassed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason")
                .hasMessageContaining("U+202E").hasMessageContaining("'tests \\u202Epassed'");
        assertThatThrownBy(() -> Attribution.by("ci", "bell\u0007"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason");

        // A reason is free text: tab and line breaks are kept, on every store.
        registerWithArtifact("fraud.v1-\u00FC", "a");
        String reason = "AUC 0.91 > 0.89\n\tsee the report\r\nsigned-off";
        registry.setAlias("fraud.v1-\u00FC", "champion", 1, Attribution.by("alice", reason));
        assertThat(registry.aliasHistory("fraud.v1-\u00FC")).singleElement()
                .satisfies(c -> assertThat(c.attribution().reason()).isEqualTo(reason));
    }

    @Test
    void statusAndTagsCanChange() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registry.setAlias("fraud", "champion", 1, CI);

        assertThat(registry.setTag("fraud", 2, "validated", "yes").tags()).containsEntry("validated", "yes");
        assertThat(registry.setTag("fraud", 2, "validated", "no").tags()).containsEntry("validated", "no");
        assertThat(registry.removeTag("fraud", 2, "validated").tags()).doesNotContainKey("validated");
        // READY again is allowed while an alias points at the version.
        assertThat(registry.setStatus("fraud", 1, ModelStatus.READY).aliases()).containsExactly("champion");
        assertThat(registry.setStatus("fraud", 2, ModelStatus.FAILED).status()).isEqualTo(ModelStatus.FAILED);
        assertThat(registry.get("fraud", 2).orElseThrow().status()).isEqualTo(ModelStatus.FAILED);
        assertThat(registry.resolve("models:/fraud/latest").map(ModelVersion::version)).contains(1);
        assertThatThrownBy(() -> registry.setStatus("fraud", 1, ModelStatus.FAILED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("champion");
        assertThatThrownBy(() -> registry.setTag("fraud", 5, "k", "v")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void searchFiltersByNamePatternTagsAndStatus() throws Exception {
        registerWithArtifact("fraud-eu", "a");
        registerWithArtifact("fraud-us", "b");
        registerWithArtifact("churn", "c");
        registry.setTag("fraud-us", 1, "team", "risk");
        registry.setTag("churn", 1, "team", "risk");
        registry.register(ModelRegistration.builder("fraud_x").tag("team", "risk").build());

        assertThat(registry.search(ModelFilter.all())).hasSize(4);
        assertThat(registry.search(ModelFilter.all().nameLike("fraud%"))).extracting(ModelVersion::name)
                .containsExactly("fraud-eu", "fraud-us", "fraud_x");
        assertThat(registry.search(ModelFilter.all().nameLike("fraud_us"))).extracting(ModelVersion::name)
                .containsExactly("fraud-us");
        assertThat(registry.search(ModelFilter.all().withTag("team", "risk"))).extracting(ModelVersion::name)
                .containsExactly("churn", "fraud-us", "fraud_x");
        assertThat(registry.search(ModelFilter.all().nameLike("fraud%").withTag("team", "risk")
                .withStatus(ModelStatus.READY))).extracting(ModelVersion::name).containsExactly("fraud-us");
        assertThat(registry.search(ModelFilter.all().nameLike("nothing%"))).isEmpty();
    }

    @Test
    void loadVerifiesTheChecksumFirst() throws Exception {
        ModelArtifact art = artifact("m.bin", "weights-v1");
        registry.register(ModelRegistration.builder("fraud").artifact(art).build());
        registry.setAlias("fraud", "champion", 1, CI);

        String loaded = registry.load("models:/fraud@champion", Files::readString);
        assertThat(loaded).isEqualTo("weights-v1");

        overwriteStoredArtifact(registry.get("fraud", 1).orElseThrow(), "tampered");
        assertThatThrownBy(() -> registry.load("models:/fraud@champion", Files::readString))
                .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> registry.load("models:/fraud@challenger", Files::readString))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("models:/fraud@challenger");
    }

    @Test
    void anArtifactLargerThanTheLoadersLimitIsRefusedOnLoadNamingTheLimit() throws Exception {
        registry.register(ModelRegistration.builder("fraud").artifact(artifact("big.bin", "x".repeat(2048))).build());
        ModelLoader<String> reader = Files::readString;

        assertThatThrownBy(() -> registry.load("models:/fraud/1", reader.withMaxArtifactBytes(1024)))
                .isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("1024");
        assertThat(registry.load("models:/fraud/1", reader.withMaxArtifactBytes(2048))).hasSize(2048);
    }

    @Test
    void loadRefusesVersionsThatAreNotReady() {
        registry.register(ModelRegistration.builder("fraud").build());
        assertThatThrownBy(() -> registry.load("models:/fraud/1", Files::readString))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PENDING");
    }

    @Test
    void concurrentRegistrationsAreGaplessAndUnique() throws Exception {
        int threads = 8;
        int perThread = 25;
        ModelArtifact art = artifact("shared.bin", "w");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Integer> assigned = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        assigned.add(registry.register(ModelRegistration.builder("fraud").artifact(art).build())
                                .version());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Integer> unique = new TreeSet<>(assigned);
        assertThat(assigned).hasSize(threads * perThread);
        assertThat(unique).hasSize(threads * perThread);
        assertThat(unique).first().isEqualTo(1);
        assertThat(((TreeSet<Integer>) unique).last()).isEqualTo(threads * perThread);
        assertThat(registry.versions("fraud")).extracting(ModelVersion::version)
                .containsExactlyElementsOf(unique);
    }

    /** A signature using every part a store must keep: all feature types, ranges, category sets, an example. */
    protected static ModelSignature richSignature() {
        Schema inputs = Schema.of(
                Feature.numeric("amount").withRange(0, 1e6),
                Feature.numeric("score").withRange(-5.5, Double.POSITIVE_INFINITY).optional(),
                Feature.numeric("delta").optional(),
                Feature.categorical("country", Set.of("DE", "FR", "\u00DCberall", "it's \"quoted\"")),
                Feature.anyCategory("merchant").optional(),
                Feature.bool("first_purchase"),
                Feature.numeric("tiny").withRange(-1e-300, 4.9e-324)).allowingUnexpectedFeatures();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("amount", 125.75);
        example.put("score", 3);
        example.put("country", "FR");
        example.put("merchant", "shop \"7\"\n");
        example.put("first_purchase", true);
        example.put("tiny", 0.0);
        example.put("delta", null);
        return new ModelSignature(inputs, OutputKind.CLASSIFICATION, List.of("spam", "ham", "maybe"), example);
    }

    @Test
    void signaturesAreStoredAndReturnedExactly() throws Exception {
        ModelSignature rich = richSignature();
        ModelSignature regression = ModelSignature.regressor(Schema.of(Feature.numeric("x"), Feature.bool("b").optional()));
        ModelVersion v1 = registry.register(ModelRegistration.builder("fraud").artifact(artifact("a.bin", "a"))
                .signature(rich).build());
        ModelVersion v2 = registry.register(ModelRegistration.builder("fraud").signature(regression).build());
        ModelVersion v3 = registry.register(ModelRegistration.builder("fraud").artifact(artifact("c.bin", "c")).build());

        assertThat(v1.signature()).contains(rich);
        assertThat(v2.signature()).contains(regression);
        assertThat(v3.signature()).isEmpty();
        ModelSignature read = registry.get("fraud", 1).orElseThrow().signature().orElseThrow();
        assertThat(read).isEqualTo(rich);
        // Equality of a schema ignores column order and of a map its order: check both.
        assertThat(read.featureNames()).containsExactly("amount", "score", "delta", "country", "merchant",
                "first_purchase", "tiny");
        assertThat(read.labels()).containsExactly("spam", "ham", "maybe");
        assertThat(read.inputs().allowsUnexpectedFeatures()).isTrue();
        assertThat(read.inputs().feature("score").orElseThrow().required()).isFalse();
        assertThat(read.inputs().feature("tiny").orElseThrow().max()).isEqualTo(Double.MIN_VALUE);
        assertThat(read.inputExample().keySet()).containsExactly("amount", "score", "country", "merchant",
                "first_purchase", "tiny", "delta");
        assertThat(read.inputExample().get("score")).isEqualTo(3);
        assertThat(read.inputExample().get("amount")).isEqualTo(125.75);
        assertThat(read.inputExample().get("first_purchase")).isEqualTo(Boolean.TRUE);
        assertThat(registry.get("fraud", 2).orElseThrow().signature()).contains(regression);
        assertThat(registry.get("fraud", 2).orElseThrow().signature().orElseThrow().inputs().allowsUnexpectedFeatures())
                .isFalse();
        assertThat(registry.versions("fraud")).extracting(v -> v.signature().isPresent()).containsExactly(true, true, false);
        assertThat(registry.search(ModelFilter.all())).extracting(v -> v.signature().orElse(null))
                .containsExactly(rich, regression, null);
        registry.setAlias("fraud", "champion", 1, CI);
        assertThat(registry.resolve("models:/fraud@champion").orElseThrow().signature()).contains(rich);
        assertThat(registry.setTag("fraud", 1, "k", "v").signature()).contains(rich);
    }

    /** Larger than one MLflow tag value (5,000 characters) in its JSON form: stores keep it whole. */
    @Test
    void aLargeSignatureIsKeptWhole() {
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            features.add(Feature.categorical(String.format("feature_with_a_long_name_%03d", i),
                    Set.of("category-a-" + i, "category-b-" + i, "category-c-" + i)));
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            labels.add("label-" + (49 - i));
        }
        ModelSignature big = ModelSignature.classifier(Schema.of(features), labels);

        registry.register(ModelRegistration.builder("wide").signature(big).build());

        ModelSignature read = registry.get("wide", 1).orElseThrow().signature().orElseThrow();
        assertThat(read).isEqualTo(big);
        assertThat(read.featureNames()).isEqualTo(big.featureNames());
        assertThat(read.labels()).isEqualTo(labels);
    }

    @Test
    void archivedVersionsAreListedButNotServedAndCanBeRestored() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registerWithArtifact("fraud", "c");
        registry.setAlias("fraud", "champion", 1, CI);
        clock.advance(Duration.ofMinutes(5));

        ModelVersion archived = registry.archive("fraud", 3, Attribution.by("alice", "superseded"));

        assertThat(archived.status()).isEqualTo(ModelStatus.ARCHIVED);
        assertThat(registry.get("fraud", 3).orElseThrow().status()).isEqualTo(ModelStatus.ARCHIVED);
        assertThat(registry.versions("fraud")).extracting(ModelVersion::status)
                .containsExactly(ModelStatus.READY, ModelStatus.READY, ModelStatus.ARCHIVED);
        assertThat(registry.search(ModelFilter.all().withStatus(ModelStatus.ARCHIVED)))
                .extracting(ModelVersion::version).containsExactly(3);
        assertThat(registry.resolve("models:/fraud/latest").map(ModelVersion::version)).contains(2);
        assertThatThrownBy(() -> registry.load("models:/fraud/3", Files::readString))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ARCHIVED");
        assertThatThrownBy(() -> registry.setAlias("fraud", "challenger", 3, CI))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ARCHIVED");
        assertThatThrownBy(() -> registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(1), 3, CI))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ARCHIVED");
        assertThat(registry.getByAlias("fraud", "champion").map(ModelVersion::version)).contains(1);
        assertThatThrownBy(() -> registry.archive("fraud", 3, CI))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot archive fraud/3: its status is ARCHIVED,"
                        + " and only a READY version can be archived");
        assertThatThrownBy(() -> registry.setStatus("fraud", 3, ModelStatus.READY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("restore");
        assertThatThrownBy(() -> registry.setStatus("fraud", 2, ModelStatus.ARCHIVED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("archive(");
        clock.advance(Duration.ofMinutes(5));

        ModelVersion restored = registry.restore("fraud", 3, Attribution.by("bob", "rollback needs it"));

        assertThat(restored.status()).isEqualTo(ModelStatus.READY);
        assertThat(registry.resolve("models:/fraud/latest").map(ModelVersion::version)).contains(3);
        assertThat(registry.<String>load("models:/fraud/3", Files::readString)).isEqualTo("c");
        assertThatThrownBy(() -> registry.restore("fraud", 3, CI))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot restore fraud/3: its status is READY,"
                        + " and only an ARCHIVED version can be restored");
        assertThat(registry.setAlias("fraud", "challenger", 3, CI).newVersion()).hasValue(3);
        assertThat(registry.lifecycleHistory("fraud")).containsExactly(
                new LifecycleChange("fraud", LifecycleChange.Action.ARCHIVED, OptionalInt.of(3),
                        Attribution.by("alice", "superseded"), Instant.parse("2025-06-01T12:05:00Z")),
                new LifecycleChange("fraud", LifecycleChange.Action.RESTORED, OptionalInt.of(3),
                        Attribution.by("bob", "rollback needs it"), Instant.parse("2025-06-01T12:10:00Z")));
    }

    @Test
    void aVersionAnAliasPointsToIsNeitherArchivedNorDeleted() throws Exception {
        registerWithArtifact("fraud", "a");
        registry.setAlias("fraud", "champion", 1, CI);
        registry.setAlias("fraud", "shadow", 1, CI);
        registerWithArtifact("churn", "b");
        registry.setAlias("churn", "champion", 1, CI);

        assertThatThrownBy(() -> registry.archive("fraud", 1, CI)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot archive fraud/1: aliases [champion, shadow] point to it; move or delete them first");
        assertThatThrownBy(() -> registry.deleteVersion("churn", 1, CI)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot delete churn/1: alias 'champion' points to it; move or delete it first");
        assertThatThrownBy(() -> registry.deleteModel("fraud", CI)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot delete model 'fraud': aliases [champion -> 1, shadow -> 1] point to its versions;"
                        + " delete them first");
        assertThat(registry.get("fraud", 1).orElseThrow().status()).isEqualTo(ModelStatus.READY);
        assertThat(registry.get("churn", 1)).isPresent();
        assertThat(registry.lifecycleHistory("fraud")).isEmpty();

        registry.deleteAlias("churn", "champion", CI);
        assertThat(registry.deleteVersion("churn", 1, CI).action()).isEqualTo(LifecycleChange.Action.VERSION_DELETED);
    }

    @Test
    void aDeletedVersionIsGoneAndItsNumberIsNeverReused() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registry.register(ModelRegistration.builder("fraud").build());
        registry.setTag("fraud", 2, "team", "risk");
        clock.advance(Duration.ofMinutes(1));

        LifecycleChange deleted = registry.deleteVersion("fraud", 2, Attribution.by("alice", "leaked data"));
        registry.deleteVersion("fraud", 3, Attribution.by("alice", "never uploaded"));

        assertThat(deleted).isEqualTo(new LifecycleChange("fraud", LifecycleChange.Action.VERSION_DELETED,
                OptionalInt.of(2), Attribution.by("alice", "leaked data"), Instant.parse("2025-06-01T12:01:00Z")));
        assertThat(registry.get("fraud", 2)).isEmpty();
        assertThat(registry.resolve("models:/fraud/2")).isEmpty();
        assertThat(registry.versions("fraud")).extracting(ModelVersion::version).containsExactly(1);
        assertThat(registry.search(ModelFilter.all().withTag("team", "risk"))).isEmpty();
        assertThat(registry.resolve("models:/fraud/latest").map(ModelVersion::version)).contains(1);
        assertThat(registry.modelNames()).containsExactly("fraud");
        assertThatThrownBy(() -> registry.deleteVersion("fraud", 2, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 2 of model 'fraud'");
        assertThatThrownBy(() -> registry.setAlias("fraud", "champion", 2, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 2 of model 'fraud'");
        assertThatThrownBy(() -> registry.archive("fraud", 2, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 2 of model 'fraud'");
        assertThatThrownBy(() -> registry.setTag("fraud", 2, "k", "v")).isInstanceOf(ModelNotFoundException.class);

        assertThat(registerWithArtifact("fraud", "d").version()).isEqualTo(4);
        assertThat(registry.versions("fraud")).extracting(ModelVersion::version).containsExactly(1, 4);
        assertThat(registry.lifecycleHistory("fraud")).extracting(c -> c.action() + " " + c.version().orElse(0)
                + " by " + c.attribution().actor()).containsExactly("VERSION_DELETED 2 by alice", "VERSION_DELETED 3 by alice");
    }

    @Test
    void aDeletedModelIsGoneButItsHistoriesStay() throws Exception {
        registerWithArtifact("fraud", "a");
        registerWithArtifact("fraud", "b");
        registerWithArtifact("churn", "c");
        registry.setAlias("fraud", "champion", 1, Attribution.by("alice", "first"));
        registry.deleteAlias("fraud", "champion", Attribution.by("alice", "retiring"));
        registry.archive("fraud", 2, Attribution.by("bob", "old"));
        clock.advance(Duration.ofHours(1));

        LifecycleChange deleted = registry.deleteModel("fraud", Attribution.by("carol", "GDPR request 42"));

        assertThat(deleted).isEqualTo(new LifecycleChange("fraud", LifecycleChange.Action.MODEL_DELETED,
                OptionalInt.empty(), Attribution.by("carol", "GDPR request 42"), Instant.parse("2025-06-01T13:00:00Z")));
        assertThat(registry.modelNames()).containsExactly("churn");
        assertThat(registry.versions("fraud")).isEmpty();
        assertThat(registry.get("fraud", 1)).isEmpty();
        assertThat(registry.resolve("models:/fraud/latest")).isEmpty();
        assertThat(registry.search(ModelFilter.all())).extracting(ModelVersion::name).containsExactly("churn");
        assertThat(registry.aliasHistory("fraud")).hasSize(2);
        assertThat(registry.lifecycleHistory("fraud")).extracting(LifecycleChange::action)
                .containsExactly(LifecycleChange.Action.ARCHIVED, LifecycleChange.Action.MODEL_DELETED);
        assertThatThrownBy(() -> registry.deleteModel("fraud", CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no model 'fraud'");
        assertThatThrownBy(() -> registry.restore("fraud", 2, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 2 of model 'fraud'");

        // The name can be registered again: a new model, numbered from 1, its history continuing.
        assertThat(registerWithArtifact("fraud", "new").version()).isEqualTo(1);
        registry.archive("fraud", 1, Attribution.by("dave", "again"));
        assertThat(registry.lifecycleHistory("fraud")).extracting(LifecycleChange::action)
                .containsExactly(LifecycleChange.Action.ARCHIVED, LifecycleChange.Action.MODEL_DELETED,
                        LifecycleChange.Action.ARCHIVED);
        assertThat(registry.lifecycleHistory("churn")).isEmpty();
        assertThat(registry.lifecycleHistory("never")).isEmpty();
    }

    @Test
    void lifecycleCallsOnUnknownModelsAndVersionsNameThem() throws Exception {
        registerWithArtifact("fraud", "a");

        assertThatThrownBy(() -> registry.archive("fraud", 9, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 9 of model 'fraud'");
        assertThatThrownBy(() -> registry.restore("nope", 1, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 1 of model 'nope'");
        assertThatThrownBy(() -> registry.deleteVersion("nope", 1, CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no version 1 of model 'nope'");
        assertThatThrownBy(() -> registry.deleteModel("nope", CI))
                .isInstanceOf(ModelNotFoundException.class).hasMessage("no model 'nope'");
        assertThatThrownBy(() -> registry.archive("fraud", 0, CI)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.deleteModel("..", CI)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.archive("fraud", 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> registry.deleteModel("fraud", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> registry.lifecycleHistory("..")).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.get("fraud", 1).orElseThrow().status()).isEqualTo(ModelStatus.READY);
        assertThat(registry.lifecycleHistory("fraud")).isEmpty();
    }

    @Test
    void aPendingOrFailedVersionCanBeDeletedButNotArchived() throws Exception {
        registry.register(ModelRegistration.builder("fraud").build());
        registerWithArtifact("fraud", "b");
        registry.setStatus("fraud", 2, ModelStatus.FAILED);

        assertThatThrownBy(() -> registry.archive("fraud", 1, CI)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PENDING");
        assertThatThrownBy(() -> registry.archive("fraud", 2, CI)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FAILED");
        registry.deleteVersion("fraud", 1, CI);
        registry.deleteVersion("fraud", 2, CI);
        assertThat(registry.versions("fraud")).isEmpty();
        assertThat(registry.modelNames()).containsExactly("fraud");
        assertThat(registry.deleteModel("fraud", CI).action()).isEqualTo(LifecycleChange.Action.MODEL_DELETED);
        assertThat(registry.modelNames()).isEmpty();
    }
}
