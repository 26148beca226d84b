package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.tracking.internal.SignatureJson;

/**
 * MLflow's JSON for a model version, read as a {@link ModelVersion}. MLflow's own status is the
 * server's registration state, so ours lives in the version tag {@value #STATUS_TAG}, and the
 * artifact's checksum in {@value #SHA256_TAG}; both are hidden from {@link ModelVersion#tags()}.
 * A version's signature is in the {@value #SIGNATURE_PREFIX} tags, also hidden. A version registered
 * by other MLflow clients (no such tags) maps MLflow's stage {@code Archived} to ARCHIVED, and
 * otherwise its status: {@code READY}, {@code PENDING_REGISTRATION} and {@code FAILED_REGISTRATION}.
 */
final class ModelVersionCodec {

    /** The version tag holding our {@link ModelStatus}. */
    static final String STATUS_TAG = "mlops.status";
    /** The version tag holding the artifact's lower-case hex SHA-256. */
    static final String SHA256_TAG = "mlops.artifact.sha256";
    /**
     * The prefix of the version tags holding the signature's JSON ({@code SignatureJson}), cut into
     * parts of at most {@value HistoryTags#MAX_VALUE} characters (MLflow's tag value limit):
     * {@code mlops.signature.000}, {@code .001}, ..., read back in key order and joined.
     */
    static final String SIGNATURE_PREFIX = "mlops.signature.";
    /** The most signature parts written: a signature's JSON longer than 500,000 characters is refused. */
    static final int MAX_SIGNATURE_PARTS = 100;

    /** MLflow's stage of an archived version, which {@code archive} sets too. */
    static final String ARCHIVED_STAGE = "Archived";

    private ModelVersionCodec() {
    }

    /**
     * Tells whether a tag key is kept for the registry's own bookkeeping.
     *
     * @param key the tag key
     * @return true for {@value #STATUS_TAG}, {@value #SHA256_TAG} and the {@value #SIGNATURE_PREFIX} parts
     */
    static boolean isReserved(String key) {
        return key.equals(STATUS_TAG) || key.equals(SHA256_TAG) || key.startsWith(SIGNATURE_PREFIX);
    }

    /**
     * Cuts a signature's JSON into version tags of at most {@value HistoryTags#MAX_VALUE}
     * characters each, never inside a surrogate pair (MLflow counts characters as code points).
     *
     * @param signature the signature
     * @param ref the version, for the message
     * @return the tags, in order
     * @throws IllegalArgumentException naming the version and the length if it needs more than
     *     {@value #MAX_SIGNATURE_PARTS} parts
     */
    static Map<String, String> signatureTags(ModelSignature signature, String ref) {
        String text = SignatureJson.write(signature);
        Map<String, String> out = new LinkedHashMap<>();
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + HistoryTags.MAX_VALUE);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to--;
            }
            if (out.size() == MAX_SIGNATURE_PARTS) {
                throw new IllegalArgumentException("signature of " + ref + " is " + text.length()
                        + " characters of JSON, more than the " + MAX_SIGNATURE_PARTS + " MLflow tags of "
                        + HistoryTags.MAX_VALUE + " characters the MLflow registry keeps it in");
            }
            out.put(SIGNATURE_PREFIX + String.format("%03d", out.size()), text.substring(from, to));
            from = to;
        }
        return out;
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
        Map<String, String> signatureParts = new TreeMap<>();
        tags.forEach((k, v) -> {
            if (k.startsWith(SIGNATURE_PREFIX)) {
                signatureParts.put(k, v);
            }
        });
        tags.keySet().removeAll(signatureParts.keySet());
        ModelVersion.Builder b = ModelVersion.builder(name, version)
                .createdAt(Instant.ofEpochMilli(mv.path("creation_timestamp").asLong(0)))
                .status(status(ourStatus, mv.path("status").asText("READY"), mv.path("current_stage").asText("None")))
                .tags(tags);
        if (!signatureParts.isEmpty()) {
            b.signature(SignatureJson.read(String.join("", signatureParts.values()),
                    "MLflow model version " + name + "/" + version));
        }
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

    private static ModelStatus status(String tag, String mlflowStatus, String stage) {
        if (tag != null) {
            try {
                return ModelStatus.valueOf(tag);
            } catch (IllegalArgumentException e) {
                // Not ours after all: fall back to MLflow's state below.
            }
        }
        if (stage.equals(ARCHIVED_STAGE)) {
            return ModelStatus.ARCHIVED;
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
