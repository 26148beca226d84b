package org.mlops4j.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.internal.StoreFiles;

/**
 * Registers model versions straight from a run's artifacts, as MLflow's
 * {@code register_model("runs:/<run>/<path>", name)}: the file logged with the run is the version's
 * artifact, so the original file need not be kept once it is logged.
 *
 * <pre>{@code
 * ModelVersion v = RunModels.register(tracker, registry, "runs:/" + run.id() + "/model/model.bin",
 *         ModelRegistration.builder("fraud").description("weekly retrain"), stagingDir);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RunModels {

    private RunModels() {
    }

    /**
     * Registers a version whose artifact is a run's artifact and whose
     * {@link ModelVersion#sourceRunId()} is that run. The artifact comes from
     * {@link Tracker#modelArtifact}: the tracker's own stored file for local stores, a download into
     * {@code stagingDir} for remote ones. The registry then keeps it as it keeps any artifact (SQLite,
     * PostgreSQL and MLflow registries copy it; the in-memory registry keeps the path).
     *
     * @param tracker the tracker holding the run
     * @param registry the registry to register in
     * @param runUri the artifact, {@code runs:/<run id>/<artifact path>}
     * @param registration the version's name, description, tags and signature; its artifact and
     *     source run are set here, replacing any it had
     * @param stagingDir where a remote tracker downloads the artifact
     * @return the new version
     * @throws IllegalArgumentException if the URI is malformed or names no artifact
     * @throws RunNotFoundException if the run does not exist
     * @throws IllegalStateException naming the run if it is deleted
     */
    public static ModelVersion register(Tracker tracker, ModelRegistry registry, String runUri,
                                        ModelRegistration.Builder registration, Path stagingDir) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(registration, "registration");
        RunUri uri = RunUri.parse(runUri);
        RunInfo run = tracker.run(uri.runId()).orElseThrow(() -> new RunNotFoundException(uri.runId()));
        if (run.isDeleted()) {
            throw new IllegalStateException("run " + uri.runId() + " is deleted; restore it before registering "
                    + uri + " as a model version");
        }
        ModelArtifact artifact = tracker.modelArtifact(uri, stagingDir);
        return registry.register(registration.artifact(artifact).sourceRunId(uri.runId()).build());
    }

    /**
     * Downloads a run artifact into {@code stagingDir/<run id>/<artifact path>} through
     * {@link Tracker#openArtifact(RunUri)}, hashing it as it is written: the implementation of
     * {@link Tracker#modelArtifact} for remote stores.
     *
     * @param tracker the tracker
     * @param uri the artifact
     * @param stagingDir the directory to download into
     * @return the downloaded file and its SHA-256
     * @throws StoreException if the file cannot be written
     */
    static ModelArtifact download(Tracker tracker, RunUri uri, Path stagingDir) {
        List<String> segments = new ArrayList<>();
        segments.add(uri.runId());
        segments.addAll(List.of(uri.artifactPath().split("/")));
        Path root = stagingDir.toAbsolutePath().normalize();
        try (InputStream in = tracker.openArtifact(uri)) {
            Files.createDirectories(root);
            String sha = StoreFiles.writeDurably(root, segments, in, null);
            return new ModelArtifact(StoreFiles.resolveNoLinks(root, segments), sha);
        } catch (IOException e) {
            throw new StoreException("cannot download " + uri + " into " + root, e);
        }
    }
}
