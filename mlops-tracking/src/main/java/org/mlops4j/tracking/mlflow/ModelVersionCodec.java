package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;

/**
 * MLflow's JSON for a model version, read as a {@link ModelVersion}. MLflow's own status is the
 * server's registration state, so ours lives in the version tag {@value #STATUS_TAG}, and the
 * artifact's checksum in {@value #SHA256_TAG}; both are hidden from {@link ModelVersion#tags()}.
 * A version registered by other MLflow clients (no such tags) maps MLflow's status:
 * {@code READY}, {@code PENDING_REGISTRATION} and {@code FAILED_REGISTRATION}.
 */
final class ModelVersionCodec {

    /** The version tag holding our {@link ModelStatus}. */
    static final String STATUS_TAG = "mlops.status";
    /** The version tag holding the artifact's lower-case hex SHA-256. */
    static final String SHA256_TAG = "mlops.artifact.sha256";

    private ModelVersionCodec() {
    }

    /**
     * Tells whether a tag key is kept for the registry's own bookkeeping.
     *
     * @param key the tag key
     * @return true for {@value #STATUS_TAG} and {@value #SHA256_TAG}
     */
    static boolean isReserved(String key) {
        return key.equals(STATUS_TAG) || key.equals(SHA256_TAG);
    }

    static ModelVersion read(JsonNode mv) {
        String name = mv.path("name").asText();
        int version;
        try {
            version = Integer.parseInt(mv.path("version").asText());
        } catch (NumberFormatException e) {
            throw new StoreException("MLflow returned version '" + mv.path("version").asText() + "' of model '" + name
                    + "', which is not a number", e);
        }
        Map<String, String> tags = RunCodec.keyValues(mv.path("tags"));
        String ourStatus = tags.remove(STATUS_TAG);
        String sha256 = tags.remove(SHA256_TAG);
        ModelVersion.Builder b = ModelVersion.builder(name, version)
                .createdAt(Instant.ofEpochMilli(mv.path("creation_timestamp").asLong(0)))
                .status(status(ourStatus, mv.path("status").asText("READY")))
                .tags(tags);
        String runId = mv.path("run_id").asText("");
        if (!runId.isEmpty()) {
            b.sourceRunId(runId);
        }
        String description = mv.path("description").asText("");
        if (!description.isEmpty()) {
            b.description(description);
        }
        String source = mv.path("source").asText("");
        if (sha256 != null && !source.isEmpty()) {
            b.artifact(source, sha256);
        }
        Set<String> aliases = new HashSet<>();
        mv.path("aliases").forEach(a -> aliases.add(a.asText()));
        return b.aliases(aliases).build();
    }

    private static ModelStatus status(String tag, String mlflowStatus) {
        if (tag != null) {
            try {
                return ModelStatus.valueOf(tag);
            } catch (IllegalArgumentException e) {
                // Not ours after all: fall back to MLflow's state below.
            }
        }
        switch (mlflowStatus) {
            case "PENDING_REGISTRATION":
                return ModelStatus.PENDING;
            case "FAILED_REGISTRATION":
                return ModelStatus.FAILED;
            default:
                return ModelStatus.READY;
        }
    }
}
