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
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mlops4j.core.SafeText;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
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
 * layout, so that MLflow's own tools ({@code mlflow ui --backend-store-uri}, the file store's
 * readers, {@code mlflow migrate-filestore}) can read what mlops4j recorded.
 *
 * <p>The mapping:
 * <pre>
 * mlruns/
 *   0/meta.yaml                                MLflow's default experiment, when no experiment has id 0
 *   &lt;experiment id&gt;/meta.yaml                  artifact_location, creation_time, experiment_id,
 *                                              last_update_time, lifecycle_stage: active, name
 *   &lt;experiment id&gt;/&lt;run id&gt;/meta.yaml         artifact_uri, start_time, end_time, status (1 RUNNING,
 *                                              3 FINISHED, 4 FAILED, 5 KILLED), run_id, run_uuid,
 *                                              run_name, user_id, source_type 4 (LOCAL), ...
 *   &lt;experiment id&gt;/&lt;run id&gt;/params/&lt;key&gt;      the value
 *   &lt;experiment id&gt;/&lt;run id&gt;/metrics/&lt;key&gt;     one line per value: "timestamp value step"
 *   &lt;experiment id&gt;/&lt;run id&gt;/tags/&lt;key&gt;        the value; plus mlflow.runName, mlflow.parentRunId
 *                                              (nested runs), mlflow.user, mlflow.source.git.commit
 *   &lt;experiment id&gt;/&lt;run id&gt;/artifacts/...      the run's artifacts
 *   models/&lt;name&gt;/meta.yaml                     creation/last-updated timestamps, name
 *   models/&lt;name&gt;/aliases/&lt;alias&gt;              the version number
 *   models/&lt;name&gt;/tags/mlops.alias_history      the alias audit history as JSON (MLflow keeps none)
 *   models/&lt;name&gt;/version-&lt;n&gt;/meta.yaml        version, run_id, source, status (READY,
 *                                              PENDING_REGISTRATION, FAILED_REGISTRATION), ...
 *   models/&lt;name&gt;/version-&lt;n&gt;/tags/&lt;key&gt;       version tags; plus mlops.artifact.sha256
 *   models/&lt;name&gt;/version-&lt;n&gt;/artifacts/&lt;file&gt; the model file, checksum-verified while copied
 * </pre>
 * Keys containing {@code /} become nested files, as in MLflow. Times are epoch milliseconds.
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

    /** The registered-model tag holding the alias audit history as JSON. */
    public static final String ALIAS_HISTORY_TAG = "mlops.alias_history";
    /** The model-version tag holding the artifact's SHA-256. */
    public static final String SHA256_TAG = "mlops.artifact.sha256";

    private static final Logger LOG = LoggerFactory.getLogger(MlflowExport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

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
                    exportExperiment(tracker, e, dir, target, counter);
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
                    exportModel(registry, name, dir, target, counter);
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
            LOG.warn("export to {} skipped {} experiment(s), {} run(s) and {} model(s) that could not be written;"
                    + " the rest is exported", target, counter.skippedExperiments, counter.skippedRuns,
                    counter.skippedModels);
        }
        return new MlflowExportSummary(target, counter.experiments, counter.runs, counter.metricValues,
                counter.artifacts, counter.models, counter.versions, counter.skippedExperiments, counter.skippedRuns,
                counter.skippedModels, counter.skipped);
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
        final List<String> skipped = new ArrayList<>();
        // Entries of an item being written, added to the counts above only if the item is written whole.
        long pendingMetricValues;
        int pendingArtifacts;
        int pendingVersions;
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

    private static void exportExperiment(Tracker tracker, Experiment e, Path dir, Path target, Counter counter)
            throws IOException {
        writeExperimentMeta(dir, target.resolve(e.id()), e.id(), e.name(), e.createdAt().toEpochMilli());
        counter.experiments++;
        RunQuery query = RunQuery.in(e.id()).maxResults(PAGE);
        while (true) {
            RunPage page = tracker.searchRuns(query);
            for (RunInfo run : page.runs()) {
                Path runDir = null;
                try {
                    runDir = segment(dir, run.runId(), "run id");
                    exportRun(tracker, run, runDir, target.resolve(e.id()).resolve(run.runId()), counter);
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

    private static void exportRun(Tracker tracker, RunInfo run, Path dir, Path finalDir, Counter counter)
            throws IOException {
        String user = run.tags().getOrDefault("mlflow.user", "mlops4j");
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
        meta.put("source_version", run.tags().getOrDefault(SourceInfo.GIT_COMMIT, ""));
        meta.put("start_time", run.startTime().toEpochMilli());
        meta.put("status", statusCode(run.status()));
        meta.put("tags", List.of());
        meta.put("user_id", user);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);

        for (Map.Entry<String, String> p : run.params().entrySet()) {
            writeKeyFile(dir.resolve("params"), p.getKey(), p.getValue());
        }
        Map<String, String> tags = new TreeMap<>(run.tags());
        tags.putIfAbsent("mlflow.runName", run.runName());
        tags.putIfAbsent("mlflow.user", user);
        run.parentRunId().ifPresent(parent -> tags.putIfAbsent("mlflow.parentRunId", parent));
        Optional.ofNullable(run.tags().get(SourceInfo.GIT_COMMIT)).ifPresent(c -> tags.putIfAbsent("mlflow.source.git.commit", c));
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

    private static void exportModel(ModelRegistry registry, String name, Path dir, Path target, Counter counter)
            throws IOException {
        List<ModelVersion> versions = registry.versions(name);
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
        for (ModelVersion v : versions) {
            for (String alias : v.aliases()) {
                writeKeyFile(dir.resolve("aliases"), alias, Integer.toString(v.version()));
            }
            exportVersion(registry, v, dir.resolve("version-" + v.version()), target, counter);
        }
        counter.versions += counter.pendingVersions;
        counter.pendingVersions = 0;
        counter.models++;
    }

    private static void exportVersion(ModelRegistry registry, ModelVersion v, Path dir, Path target, Counter counter)
            throws IOException {
        Files.createDirectories(dir);
        String source = "";
        if (v.status() == ModelStatus.READY && v.artifactLocation().isPresent()) {
            String fileName = Path.of(v.artifactLocation().get()).getFileName().toString();
            Path copy = dir.resolve("artifacts").resolve(fileName);
            Files.createDirectories(copy.getParent());
            // The registry verifies the SHA-256 before handing the file over.
            registry.load(v, file -> Files.copy(file, copy));
            source = fileUri(target.resolve("models").resolve(v.name()).resolve("version-" + v.version())
                    .resolve("artifacts"));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("creation_timestamp", v.createdAt().toEpochMilli());
        meta.put("current_stage", "None");
        meta.put("description", v.description().orElse(""));
        meta.put("last_updated_timestamp", v.createdAt().toEpochMilli());
        meta.put("name", v.name());
        meta.put("run_id", v.sourceRunId().orElse(""));
        meta.put("run_link", "");
        meta.put("source", source);
        meta.put("status", switch (v.status()) {
            case READY -> "READY";
            case PENDING -> "PENDING_REGISTRATION";
            case FAILED -> "FAILED_REGISTRATION";
        });
        meta.put("status_message", null);
        meta.put("storage_location", source);
        meta.put("user_id", null);
        meta.put("version", v.version());
        Files.writeString(dir.resolve("meta.yaml"), Yaml.mapping(meta), StandardCharsets.UTF_8);
        Map<String, String> tags = new TreeMap<>(v.tags());
        v.artifactSha256().ifPresent(sha -> tags.put(SHA256_TAG, sha));
        for (Map.Entry<String, String> t : tags.entrySet()) {
            writeKeyFile(dir.resolve("tags"), t.getKey(), t.getValue());
        }
        counter.pendingVersions++;
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
