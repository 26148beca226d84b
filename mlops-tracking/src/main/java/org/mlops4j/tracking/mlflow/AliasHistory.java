package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;

/**
 * The alias audit history, which MLflow does not keep, stored as registered-model tags
 * ({@link HistoryTags}): one tag per change, {@code mlops.alias_history.<10-digit sequence>.<8 random
 * hex>}, whose value is a compact JSON object ({@code alias}, {@code previous}, {@code new},
 * {@code actor}, {@code reason}, {@code timestamp} in epoch milliseconds). A reason too long for
 * MLflow's 5,000-character tag value is cut, marked {@value #CUT}.
 */
final class AliasHistory {

    static final String PREFIX = "mlops.alias_history.";
    static final String CUT = HistoryTags.CUT;

    private final ObjectMapper json;
    private final HistoryTags tags;

    AliasHistory(MlflowClient client, HistoryTags tags) {
        this.json = client.json();
        this.tags = tags;
    }

    /**
     * Encodes a change as a tag value, before anything is changed, so that a change that cannot be
     * recorded is refused rather than made unrecorded.
     *
     * @throws IllegalArgumentException if the actor alone is too long to record
     */
    String encode(AliasChange change) {
        return HistoryTags.fit(reason -> write(change, reason), change.attribution().reason(),
                "an alias change to '" + change.alias() + "' (actor of " + change.attribution().actor().length()
                        + " characters)");
    }

    /**
     * Appends an encoded change after the last one recorded for the model.
     *
     * @throws StoreException if it cannot be written
     */
    void append(String model, String encoded) {
        tags.append(model, PREFIX, encoded);
    }

    /**
     * Reads a model's history, oldest first, a deleted model's of the same name first.
     *
     * @return the changes; empty when the model never had one
     */
    List<AliasChange> read(String model) {
        List<AliasChange> out = new ArrayList<>();
        tags.read(model, PREFIX).forEach(v -> out.add(decode(model, v)));
        return out;
    }

    /**
     * Reads a registered model ({@code registered-models/get}): its tags, aliases and latest
     * versions.
     *
     * @return the model, or empty when the server does not have it
     */
    static Optional<JsonNode> registeredModel(MlflowClient client, String model) {
        try {
            return Optional.of(client.get("registered-models/get", Map.of("name", model)).path("registered_model"));
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String write(AliasChange change, String reason) {
        ObjectNode node = json.createObjectNode().put("alias", change.alias());
        putVersion(node, "previous", change.previousVersion());
        putVersion(node, "new", change.newVersion());
        node.put("actor", change.attribution().actor()).put("reason", reason)
                .put("timestamp", change.timestamp().toEpochMilli());
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an alias change", e);
        }
    }

    private static void putVersion(ObjectNode node, String field, OptionalInt version) {
        if (version.isPresent()) {
            node.put(field, version.getAsInt());
        } else {
            node.putNull(field);
        }
    }

    private AliasChange decode(String model, String value) {
        try {
            JsonNode node = json.readTree(value);
            Attribution by = Attribution.by(node.path("actor").asText(), node.path("reason").asText(""));
            return new AliasChange(model, node.path("alias").asText(), version(node.path("previous")),
                    version(node.path("new")), by, Instant.ofEpochMilli(node.path("timestamp").asLong()));
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("model '" + model + "' holds an alias history entry that is not ours: " + value,
                    e);
        }
    }

    private static OptionalInt version(JsonNode node) {
        return node.isNumber() ? OptionalInt.of(node.intValue()) : OptionalInt.empty();
    }
}
