package org.mlops4j.tracking.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mlops4j.core.SafeText;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.tracking.Experiment;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.SourceInfo;
import org.mlops4j.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a tracker and a model registry to an {@code mlruns} directory in MLflow's file-store
 * layout, so that MLflow's own tools read what was recorded: {@code mlflow server
 * --backend-store-uri file:///abs/path/mlruns} (or {@code mlflow ui}, the same command) serves it,
 * the registry too, since the registry store defaults to the backend store; and MLflow's Python
 * client reads it with {@code MLFLOW_TRACKING_URI=file:///abs/path/mlruns}. MLflow 2.x has no
 * command that copies a file store into a database-backed server.
 *
 * <p>The mapping:
 * <pre>
 * mlruns/
 *   0/meta.yaml                                MLflow's default experiment, when no experiment has id 0
 *   &lt;experiment id&gt;/meta.yaml                  artifact_location, creation_time, experiment_id,
 *                                              last_update_time, lifecycle_stage: active, name
 *   &lt;experiment id&gt;/tags/&lt;key&gt;               experiment tags (from an MLflow server)
 *   &lt;experiment id&gt;/&lt;run id&gt;/meta.yaml         artifact_uri, start_time, end_time, status (1 RUNNING,
 *                                              3 FINISHED, 4 FAILED, 5 KILLED), run_id, run_uuid,
 *                                              run_name, user_id, source_type 4 (LOCAL), ...
 *   &lt;experiment id&gt;/&lt;run id&gt;/params/&lt;key&gt;      the value
 *   &lt;experiment id&gt;/&lt;run id&gt;/metrics/&lt;key&gt;     one line per value: "timestamp value step"
 *   &lt;experiment id&gt;/&lt;run id&gt;/tags/&lt;key&gt;        the value
 *   &lt;experiment id&gt;/&lt;run id&gt;/artifacts/...      the run's artifacts
 *   models/&lt;name&gt;/meta.yaml                     creation/last-updated timestamps, description, name
 *   models/&lt;name&gt;/aliases/&lt;alias&gt;              the version number
 *   models/&lt;name&gt;/tags/&lt;key&gt;                  registered-model tags
 *   models/&lt;name&gt;/version-&lt;n&gt;/meta.yaml        version, run_id, source, status (READY,
 *                                              PENDING_REGISTRATION, FAILED_REGISTRATION), user_id, ...
 *   models/&lt;name&gt;/version-&lt;n&gt;/tags/&lt;key&gt;       version tags
 *   models/&lt;name&gt;/version-&lt;n&gt;/artifacts/...    the version's files, its source: an mlops4j
 *                                              version's model file and its MLmodel (with MLflow's
 *                                              signature block and input_example.json when the
 *                                              version has a signature), or the files an MLflow
 *                                              client's version holds
 * </pre>
 * Keys containing {@code /} become nested files, as in MLflow. Times are epoch milliseconds.
 *
 * <p>From an {@link MlflowTracker} and an {@link MlflowModelRegistry} the export copies what the
 * server holds, reading it back where the interfaces do not carry it: a run's {@code user_id} and
 * its tags exactly as stored (MLflow's {@code mlflow.runName}, {@code mlflow.user},
 * {@code mlflow.source.*} among them, none added), a model's and a version's timestamps,
 * description, {@code user_id}, {@code run_link}, status and tags as stored (the registry's
 * {@code mlops.status}, {@code mlops.artifact.sha256} and {@code mlops.alias_history.*} among
 * them). A version registered by MLflow's own clients (no {@code mlops.artifact.sha256} tag) has
 * its {@code source} downloaded, a directory (an MLmodel folder) or a file, when it is behind the
 * server's artifact proxy ({@code mlflow-artifacts:} or {@code runs:/<run id>/<path>} of a run
 * whose artifacts are); otherwise the version is written with its source as the server has it and
 * no files, and listed in {@link MlflowExportSummary#skipped()} with the reason.
 *
 * <p>From any other tracker and registry, the run's name, parent and git commit become MLflow's
 * {@code mlflow.runName}, {@code mlflow.parentRunId} and {@code mlflow.source.git.commit} tags;
 * {@code user_id} is the run's {@code mlflow.user} tag, or empty (no tag is added); the alias audit
 * history becomes the registered-model tag {@value #ALIAS_HISTORY_TAG} (JSON), the model file's
 * SHA-256 the version tag {@value #SHA256_TAG}, and the model file is copied checksum-verified.
 *
 * <p>The export is written to a temporary sibling directory and renamed into place at the end: the
 * target either appears or not at all. A target that exists and is not empty is refused, so
 * nothing is overwritten. One experiment, run or model the target will not take (its file system
 * refuses a name, say a model name of 256 characters, longer than a file name may be) is skipped,
 * logged at WARN and listed in the {@link MlflowExportSummary}, with nothing of it left in the
 * target, and the rest is exported. A store that fails ({@link StoreException}, a model file whose
 * checksum no longer matches among them) fails the whole export. Stateless.
 */
public final class MlflowExport {

    /** The registered-model tag holding the alias audit history as JSON, written for registries other than MLflow's. */
    public static final String ALIAS_HISTORY_TAG = "mlops.alias_history";
    /** The model-version tag holding the artifact's SHA-256 (an MLflow server holds it already). */
    public static final String SHA256_TAG = "mlops.artifact.sha256";

    private static final Logger LOG = LoggerFactory.getLogger(MlflowExport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;
    private static final String MLFLOW_USER = "mlflow.user";
    private static final String MLFLOW_GIT_COMMIT = "mlflow.source.git.commit";

    private MlflowExport() {
    }

    /**
     * Exports everything the tracker and the registry hold.
     *
     * @param tracker the runs to export
     * @param registry the models to export
     * @param mlruns the target directory; must not exist, or be empty
     * @return what was written, and what was skipped
     * @throws IllegalArgumentException if the target exists and is not an empty directory
     * @throws StoreException if reading the stores fails, or writing the target fails other than for
     *     one item; the target is then untouched
     */
    public static MlflowExportSummary export(Tracker tracker, ModelRegistry registry, Path mlruns) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(registry, "registry");
        Path target = Objects.requireNonNull(mlruns, "mlruns").toAbsolutePath().normalize();
        checkTarget(target);
        Path staging = target.resolveSibling("." + target.getFileName() + ".export-" + UUID.randomUUID());
        Counter counter = new Counter();
        ServerRecords runServer = tracker instanceof MlflowTracker t ? new ServerRecords(t.client()) : null;
        ServerRecords modelServer = registry instanceof MlflowModelRegistry r ? new ServerRecords(r.client()) : null;
        try {
            Files.createDirectories(staging);
            boolean defaultExperiment = false;
            for (Experiment e : tracker.experiments()) {
                defaultExperiment |= e.id().equals("0");
                Path dir = null;
                int experiments = counter.experiments;
                int runs = counter.runs;
                long metricValues = counter.metricValues;
                int artifacts = counter.artifacts;
                try {
                    dir = segment(staging, e.id(), "experiment id");
                    exportExperiment(tracker, runServer, e, dir, target, counter);
                } catch (IOException | RuntimeException failure) {
                    skip(failure, "experiment " + e.id() + " " + SafeText.quote(e.name()) + " with its runs", dir,
                            target, counter);
                    // Its runs written so far went with its directory.
                    counter.experiments = experiments;
                    counter.runs = runs;
                    counter.metricValues = metricValues;
                    counter.artifacts = artifacts;
                    counter.skippedExperiments++;
                }
            }
            if (!defaultExperiment) {
                writeExperimentMeta(staging.resolve("0"), target.resolve("0"), "0", "Default", 0L);
            }
            Path models = staging.resolve("models");
            for (String name : registry.modelNames()) {
                Path dir = null;
                try {
                    dir = segment(models, name, "model name");
                    exportModel(registry, modelServer, name, dir, target, counter);
                } catch (IOException | RuntimeException failure) {
                    skip(failure, "model " + SafeText.quote(name) + " with its versions", dir, target, counter);
                    counter.skippedModels++;
                }
            }
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(staging);
            throw new StoreException("cannot export to " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        if (!counter.skipped.isEmpty()) {
            LOG.warn("export to {} skipped {} experiment(s), {} run(s) and {} model(s) that could not be written,"
                    + " and the files of {} model version(s) that could not be downloaded; the rest is exported",
                    target, counter.skippedExperiments, counter.skippedRuns, counter.skippedModels,
                    counter.skippedVersionFiles);
        }
        return new MlflowExportSummary(target, counter.experiments, counter.runs, counter.metricValues,
                counter.artifacts, counter.models, counter.versions, counter.skippedExperiments, counter.skippedRuns,
                counter.skippedModels, counter.skippedVersionFiles, counter.skipped);
    }

    private static final class Counter {
        int experiments;
        int runs;
        long metricValues;
        int artifacts;
        int models;
        int versions;
        int skippedExperiments;
        int skippedRuns;
        int skippedModels;
        int skippedVersionFiles;
        final List<String> skipped = new ArrayList<>();
        // Entries of an item being written, added to the counts above only if the item is written whole.
        long pendingMetricValues;
        int pendingArtifacts;
        int pendingVersions;
        final List<String> pendingVersionProblems = new ArrayList<>();
    }

    /**
     * Skips one item the target would not take: a store that fails is no item's fault and fails the
     * whole export (a {@link StoreException}, a model file whose checksum no longer matches among
     * them); anything else (the file system refusing a name, a key that escapes its directory) is
     * the item's, which is logged, counted, and removed from the staging directory ({@code dir},
     * null when the item never had one).
     */
    private static void skip(Exception failure, String what, Path dir, Path target, Counter counter) {
        if (failure instanceof StoreException store) {
            throw store;
        }
        String line = what + ": " + failure;
        LOG.warn("export to {}: skipped {}", target, line);
        counter.skipped.add(line);
        counter.pendingMetricValues = 0;
        counter.pendingArtifacts = 0;
        counter.pendingVersions = 0;
        counter.pendingVersionProblems.clear();
        if (dir != null) {
            deleteTree(dir);
        }
    }

    /**
     * Resolves a name as one directory below another.
     *
     * @throws IllegalArgumentException if the name is not a single path segment there ({@code ..},
     *     {@code .}, a {@code /}); {@link java.nio.file.InvalidPathException}, one too, if the file
     *     system refuses its characters
     */
    private static Path segment(Path parent, String name, String what) {
        Path dir = parent.resolve(name);
        Path normal = dir.normalize();
        if (!parent.equals(normal.getParent()) || !normal.equals(dir)) {
            throw new IllegalArgumentException(what + " " + SafeText.quote(name) + " is not a single directory name");
        }
        return dir;
    }

    private static void checkTarget(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("export target " + target + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("export target " + target
                        + " is not empty; refusing to overwrite it");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read export target " + target, e);
        }
    }

    private static void exportExperiment(Tracker tracker, ServerRecords server, Experiment e, Path dir, Path target,
                                         Counter counter) throws IOException {
        writeExperimentMeta(dir, target.resolve(e.id()), e.id(), e.name(), e.createdAt().toEpochMilli());
        if (server != null) {
            for (Map.Entry<String, String> t : RunCodec.keyValues(server.experiment(e.id()).path("tags")).entrySet()) {
                writeKeyFile(dir.resolve("tags"), t.getKey(), t.getValue());
            }
        }
        counter.experiments++;
        RunQuery query = RunQuery.in(e.id()).maxResults(PAGE);
        while (true) {
            RunPage page = tracker.searchRuns(query);
            for (RunInfo run : page.runs()) {
                Path runDir = null;
                try {
                    runDir = segment(dir, run.runId(), "run id");
                    exportRun(tracker, server, run, runDir, target.resolve(e.id()).resolve(run.runId()), counter);
                    counter.metricValues += counter.pendingMetricValues;
                    counter.artifacts += counter.pendingArtifacts;
                    counter.pendingMetricValues = 0;
                    counter.pendingArtifacts = 0;
                    counter.runs++;
                } catch (IOException | RuntimeException failure) {
                    skip(failure, "run " + run.runId() + " " + SafeText.quote(run.runName()) + " of experiment "
                            + e.id(), runDir, target, counter);
                    counter.skippedRuns++;
                }
            }
            if (page.nextPageToken().isEmpty()) {
                return;
            }
            query = query.pageToken(page.nextPageToken().get());
        }
    }

    private static void writeExperimentMeta(Path dir, Path finalDir, String id, String name, long created)
            throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", fileUri(finalDir));
        meta.put("creation_time", created);
        meta.put("experiment_id", id);
        meta.put("last_update_time", created);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);
    }

    private static void exportRun(Tracker tracker, ServerRecords server, RunInfo run, Path dir, Path finalDir,
                                  Counter counter) throws IOException {
        String user;
        Map<String, String> tags;
        String commit;
        if (server != null) {
            // The server's own record: its user, and its tags as stored, MLflow's among them.
            JsonNode stored = server.run(run.runId());
            user = stored.path("info").path("user_id").asText("");
            tags = new TreeMap<>(RunCodec.keyValues(stored.path("data").path("tags")));
            commit = tags.getOrDefault(MLFLOW_GIT_COMMIT, "");
        } else {
            // No user is recorded: MLflow's own tag if the run has one, else none (as the server
            // records a run created without a user).
            user = run.tags().getOrDefault(MLFLOW_USER, "");
            tags = new TreeMap<>(run.tags());
            tags.putIfAbsent(RunCodec.RUN_NAME_TAG, run.runName());
            run.parentRunId().ifPresent(parent -> tags.putIfAbsent(RunCodec.PARENT_TAG, parent));
            Optional.ofNullable(run.tags().get(SourceInfo.GIT_COMMIT))
                    .ifPresent(c -> tags.putIfAbsent(MLFLOW_GIT_COMMIT, c));
            commit = run.tags().getOrDefault(SourceInfo.GIT_COMMIT, "");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_uri", fileUri(finalDir.resolve("artifacts")));
        meta.put("end_time", run.endTime().map(t -> (Object) t.toEpochMilli()).orElse(null));
        meta.put("entry_point_name", "");
        meta.put("experiment_id", run.experimentId());
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", run.runId());
        meta.put("run_name", run.runName());
        meta.put("run_uuid", run.runId());
        meta.put("source_name", "");
        meta.put("source_type", 4);
        meta.put("source_version", commit);
        meta.put("start_time", run.startTime().toEpochMilli());
        meta.put("status", statusCode(run.status()));
        meta.put("tags", List.of());
        meta.put("user_id", user);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);

        for (Map.Entry<String, String> p : run.params().entrySet()) {
            writeKeyFile(dir.resolve("params"), p.getKey(), p.getValue());
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            writeKeyFile(dir.resolve("tags"), t.getKey(), t.getValue());
        }
        Files.createDirectories(dir.resolve("metrics"));
        for (String key : new TreeMap<>(run.latestMetrics()).keySet()) {
            StringBuilder lines = new StringBuilder();
            for (Metric m : tracker.metricHistory(run.runId(), key)) {
                lines.append(m.timestamp().toEpochMilli()).append(' ').append(m.value()).append(' ').append(m.step())
                        .append('\n');
                counter.pendingMetricValues++;
            }
            writeKeyFile(dir.resolve("metrics"), key, lines.toString());
        }
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        for (String path : tracker.listArtifacts(run.runId())) {
            Path file = nested(artifacts, path);
            Files.createDirectories(file.getParent());
            try (InputStream in = tracker.openArtifact(run.runId(), path)) {
                Files.copy(in, file);
            }
            counter.pendingArtifacts++;
        }
    }

    private static void exportModel(ModelRegistry registry, ServerRecords server, String name, Path dir, Path target,
                                    Counter counter) throws IOException {
        List<ModelVersion> versions = registry.versions(name);
        if (server != null) {
            exportServerModel(server.registeredModel(name), dir);
        } else {
            exportModelMeta(registry, name, versions, dir);
        }
        for (ModelVersion v : versions) {
            for (String alias : v.aliases()) {
                writeKeyFile(dir.resolve("aliases"), alias, Integer.toString(v.version()));
            }
            exportVersion(registry, server, v, dir.resolve("version-" + v.version()), target, counter);
        }
        counter.versions += counter.pendingVersions;
        counter.pendingVersions = 0;
        for (String problem : counter.pendingVersionProblems) {
            LOG.warn("export to {}: {}", target, problem);
            counter.skipped.add(problem);
            counter.skippedVersionFiles++;
        }
        counter.pendingVersionProblems.clear();
        counter.models++;
    }

    /** A registered model as the server holds it: its times, description and tags as stored. */
    private static void exportServerModel(JsonNode model, Path dir) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("creation_timestamp", model.path("creation_timestamp").asLong(0));
        meta.put("description", model.path("description").asText(""));
        meta.put("last_updated_timestamp", model.path("last_updated_timestamp").asLong(0));
        meta.put("name", model.path("name").asText());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> t : new TreeMap<>(RunCodec.keyValues(model.path("tags"))).entrySet()) {
            writeKeyFile(dir.resolve("tags"), t.getKey(), t.getValue());
        }
    }

    private static void exportModelMeta(ModelRegistry registry, String name, List<ModelVersion> versions, Path dir)
            throws IOException {
        long created = versions.stream().mapToLong(v -> v.createdAt().toEpochMilli()).min().orElse(0L);
        long updated = versions.stream().mapToLong(v -> v.createdAt().toEpochMilli()).max().orElse(created);
        List<AliasChange> history = registry.aliasHistory(name);
        for (AliasChange change : history) {
            updated = Math.max(updated, change.timestamp().toEpochMilli());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("creation_timestamp", created);
        meta.put("description", null);
        meta.put("last_updated_timestamp", updated);
        meta.put("name", name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);
        if (!history.isEmpty()) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (AliasChange c : history) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("alias", c.alias());
                entry.put("previous", c.previousVersion().isPresent() ? c.previousVersion().getAsInt() : null);
                entry.put("new", c.newVersion().isPresent() ? c.newVersion().getAsInt() : null);
                entry.put("actor", c.attribution().actor());
                entry.put("reason", c.attribution().reason());
                entry.put("timestamp", c.timestamp().toEpochMilli());
                entries.add(entry);
            }
            writeKeyFile(dir.resolve("tags"), ALIAS_HISTORY_TAG, JSON.writeValueAsString(entries));
        }
    }

    private static void exportVersion(ModelRegistry registry, ServerRecords server, ModelVersion v, Path dir,
                                      Path target, Counter counter) throws IOException {
        Files.createDirectories(dir);
        JsonNode stored = server == null ? null : server.modelVersion(v.name(), v.version());
        String exported = fileUri(target.resolve("models").resolve(v.name()).resolve("version-" + v.version())
                .resolve("artifacts"));
        // From a server, a source not copied stays as the server has it; locally there is none.
        String source = stored == null ? "" : stored.path("source").asText("");
        if (v.status() == ModelStatus.READY && v.artifactLocation().isPresent()) {
            String fileName = Path.of(v.artifactLocation().get()).getFileName().toString();
            Path copy = dir.resolve("artifacts").resolve(fileName);
            Files.createDirectories(copy.getParent());
            // The registry verifies the SHA-256 before handing the file over.
            registry.load(v, file -> Files.copy(file, copy));
            // A model directory, as the MLflow registry keeps it and MLflow's clients download it.
            Files.writeString(copy.resolveSibling(MlModelFile.NAME), MlModelFile.content(fileName,
                    v.artifactSha256().orElseThrow(), Files.size(copy), v.signature().orElse(null)),
                    StandardCharsets.UTF_8);
            if (v.signature().flatMap(ModelSignature::example).isPresent()) {
                Files.writeString(copy.resolveSibling(MlModelFile.INPUT_EXAMPLE),
                        MlModelFile.inputExample(v.signature().get()), StandardCharsets.UTF_8);
            }
            source = exported;
        } else if (stored != null && v.artifactSha256().isEmpty()) {
            // Registered by MLflow's own clients: its source is usually an MLmodel directory.
            String serverSource = stored.path("source").asText("");
            if (!serverSource.isEmpty() && !serverSource.equals(MlflowModelRegistry.PENDING_SOURCE)) {
                ServerRecords.SourceCopy copy = server.copySource(serverSource, dir.resolve("artifacts"));
                if (copy.problem() == null) {
                    source = exported;
                } else {
                    withoutFiles(v, copy.problem(), counter);
                }
            }
        } else if (stored != null && v.artifactLocation().isPresent()) {
            withoutFiles(v, "its status is " + v.status() + ", and only READY versions' files are loaded", counter);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (stored != null) {
            meta.put("creation_timestamp", stored.path("creation_timestamp").asLong(0));
            meta.put("current_stage", stored.path("current_stage").asText("None"));
            meta.put("description", stored.path("description").asText(""));
            meta.put("last_updated_timestamp", stored.path("last_updated_timestamp").asLong(0));
            meta.put("name", v.name());
            meta.put("run_id", stored.path("run_id").asText(""));
            meta.put("run_link", stored.path("run_link").asText(""));
        } else {
            meta.put("creation_timestamp", v.createdAt().toEpochMilli());
            meta.put("current_stage", v.status() == ModelStatus.ARCHIVED ? ModelVersionCodec.ARCHIVED_STAGE : "None");
            meta.put("description", v.description().orElse(""));
            meta.put("last_updated_timestamp", v.createdAt().toEpochMilli());
            meta.put("name", v.name());
            meta.put("run_id", v.sourceRunId().orElse(""));
            meta.put("run_link", "");
        }
        meta.put("source", source);
        meta.put("status", stored != null ? stored.path("status").asText("READY") : switch (v.status()) {
            case READY -> "READY";
            case PENDING -> "PENDING_REGISTRATION";
            case FAILED -> "FAILED_REGISTRATION";
            case ARCHIVED -> "READY";
        });
        // The server omits empty strings from its JSON: absent is empty, as its clients read it.
        meta.put("status_message", stored != null ? stored.path("status_message").asText("") : null);
        meta.put("storage_location", source);
        meta.put("user_id", stored != null ? stored.path("user_id").asText("") : null);
        meta.put("version", v.version());
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);
        Map<String, String> tags;
        if (stored != null) {
            // The server's tags as stored, the registry's own bookkeeping among them.
            tags = new TreeMap<>(RunCodec.keyValues(stored.path("tags")));
        } else {
            tags = new TreeMap<>(v.tags());
            v.artifactSha256().ifPresent(sha -> tags.put(SHA256_TAG, sha));
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            writeKeyFile(dir.resolve("tags"), t.getKey(), t.getValue());
        }
        counter.pendingVersions++;
    }

    private static void withoutFiles(ModelVersion v, String why, Counter counter) {
        counter.pendingVersionProblems.add("model " + SafeText.quote(v.name()) + " version " + v.version()
                + " exported without its files: " + why);
    }

    /** A file URI without the trailing slash {@link Path#toUri()} adds to existing directories. */
    private static String fileUri(Path path) {
        String uri = path.toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static int statusCode(RunStatus status) {
        return switch (status) {
            case RUNNING -> 1;
            case FINISHED -> 3;
            case FAILED -> 4;
            case KILLED -> 5;
        };
    }

    /** Writes a key's file; a key with '/' becomes nested directories, as in MLflow's file store. */
    private static void writeKeyFile(Path dir, String key, String content) throws IOException {
        Path file = nested(dir, key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static Path nested(Path dir, String relative) {
        Path p = dir;
        for (String part : relative.split("/")) {
            p = p.resolve(part);
        }
        if (!p.normalize().startsWith(dir)) {
            throw new IllegalArgumentException("key '" + relative + "' escapes " + dir);
        }
        return p;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete partial export {}", root, e);
        }
    }
}
