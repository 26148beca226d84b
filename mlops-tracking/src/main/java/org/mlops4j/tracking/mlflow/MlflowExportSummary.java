package org.mlops4j.tracking.mlflow;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link MlflowExport} wrote.
 *
 * @param directory the {@code mlruns} directory
 * @param experiments experiments written (not counting MLflow's default experiment {@code 0})
 * @param runs runs written
 * @param metricValues metric values written, over all histories
 * @param artifacts run artifact files copied
 * @param models registered models written
 * @param modelVersions model versions written
 */
public record MlflowExportSummary(Path directory, int experiments, int runs, long metricValues, int artifacts,
                                  int models, int modelVersions) {

    /**
     * Validates the summary.
     *
     * @param directory the {@code mlruns} directory
     * @param experiments experiments written (not counting MLflow's default experiment {@code 0})
     * @param runs runs written
     * @param metricValues metric values written, over all histories
     * @param artifacts run artifact files copied
     * @param models registered models written
     * @param modelVersions model versions written
     */
    public MlflowExportSummary {
        Objects.requireNonNull(directory, "directory");
    }
}
