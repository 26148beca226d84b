package org.mlops4j.tracking.mlflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MlflowExport} wrote, and what it skipped.
 *
 * @param directory the {@code mlruns} directory
 * @param experiments experiments written (not counting MLflow's default experiment {@code 0})
 * @param runs runs written
 * @param metricValues metric values written, over all histories of the runs written
 * @param artifacts run artifact files copied, of the runs written
 * @param models registered models written
 * @param modelVersions model versions written, of the models written
 * @param skippedExperiments experiments the target would not take, skipped with their runs
 * @param skippedRuns runs the target would not take, skipped
 * @param skippedModels models the target would not take, skipped with their versions
 * @param skippedVersionFiles model versions written without their files: versions registered by
 *     MLflow's own clients whose {@code source} could not be downloaded from the server (not behind
 *     its artifact proxy, or nothing there); their {@code source} is kept as the server has it
 * @param skipped one line per item skipped, and per version written without its files: what it
 *     was (its id or its name, escaped and cut) and why
 */
public record MlflowExportSummary(Path directory, int experiments, int runs, long metricValues, int artifacts,
                                  int models, int modelVersions, int skippedExperiments, int skippedRuns,
                                  int skippedModels, int skippedVersionFiles, List<String> skipped) {

    /**
     * Validates the summary and freezes the list.
     *
     * @param directory the {@code mlruns} directory
     * @param experiments experiments written (not counting MLflow's default experiment {@code 0})
     * @param runs runs written
     * @param metricValues metric values written, over all histories of the runs written
     * @param artifacts run artifact files copied, of the runs written
     * @param models registered models written
     * @param modelVersions model versions written, of the models written
     * @param skippedExperiments experiments the target would not take, skipped with their runs
     * @param skippedRuns runs the target would not take, skipped
     * @param skippedModels models the target would not take, skipped with their versions
     * @param skippedVersionFiles model versions written without their files
     * @param skipped one line per item skipped, and per version written without its files
     */
    public MlflowExportSummary {
        Objects.requireNonNull(directory, "directory");
        skipped = List.copyOf(skipped);
    }
}
