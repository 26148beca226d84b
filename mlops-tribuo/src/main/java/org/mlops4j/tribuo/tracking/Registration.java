package org.mlops4j.tribuo.tracking;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.RegistryNames;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tracking.AbstractTracker;
import org.mlops4j.tracking.Tracker;
import org.tribuo.Model;

/**
 * Where and how an autologged model is registered. A registry records an artifact file in place,
 * so the file must outlive the run's temporary files: with a tracker that keeps artifacts on the
 * local file system ({@link AbstractTracker}) the registered file is the run's own
 * {@value TribuoAutolog#MODEL_ARTIFACT} artifact, so the registry and the run hold the same bytes;
 * otherwise the model is saved under a directory the caller gives, as
 * {@code <directory>/<runId>/model.tribuo}.
 *
 * @param registry the registry
 * @param modelName the registered model's name
 * @param directory where to keep registered models; empty to use the run's own artifact
 */
record Registration(ModelRegistry registry, String modelName, Optional<Path> directory) {

    /** Tag on the registered version naming the trainer class. */
    static final String TRAINER_TAG = "tribuo.trainer";

    /**
     * Validates the registration config.
     *
     * @throws IllegalArgumentException if the model name breaks {@link RegistryNames}
     */
    Registration {
        Objects.requireNonNull(registry, "registry");
        RegistryNames.checkModelName(modelName);
        Objects.requireNonNull(directory, "directory");
    }

    /**
     * Checks that a tracker can provide the registered file, so that misconfiguration fails when
     * the autolog is configured rather than after training.
     *
     * @param tracker the tracker runs log to
     * @throws IllegalArgumentException if no directory is given and the tracker keeps artifacts elsewhere
     */
    void checkUsableWith(Tracker tracker) {
        if (directory.isEmpty() && !(tracker instanceof AbstractTracker)) {
            throw new IllegalArgumentException("registering model '" + modelName + "' needs a tracker that keeps "
                    + "artifacts on the local file system, such as InMemoryTracker, but the tracker is "
                    + tracker.getClass().getName() + "; give a directory to keep registered models in");
        }
    }

    /**
     * Registers the model of a run as a new version.
     *
     * @param tracker the tracker the run logged to (its {@value TribuoAutolog#MODEL_ARTIFACT} is logged)
     * @param runId the run that produced the model
     * @param model the model
     * @param trainerClass the trainer's class name, recorded as a version tag
     * @return the registered version
     */
    ModelVersion register(Tracker tracker, String runId, Model<?> model, String trainerClass) {
        ModelArtifact artifact = directory
                .map(dir -> TribuoModels.save(model, dir.resolve(runId).resolve(TribuoAutolog.MODEL_FILE)))
                .orElseGet(() -> ModelArtifact.of(runArtifact((AbstractTracker) tracker, runId)));
        return registry.register(ModelRegistration.builder(modelName)
                .artifact(artifact)
                .sourceRunId(runId)
                .description("Tribuo " + model.getClass().getSimpleName() + " autologged in run " + runId)
                .tag(TRAINER_TAG, trainerClass)
                .build());
    }

    /** The run's copy of the model, at the place {@code LocalArtifactStore} documents. */
    private static Path runArtifact(AbstractTracker tracker, String runId) {
        Path file = tracker.artifactStore().root().resolve(runId);
        for (String segment : TribuoAutolog.MODEL_ARTIFACT.split("/")) {
            file = file.resolve(segment);
        }
        return file;
    }
}
