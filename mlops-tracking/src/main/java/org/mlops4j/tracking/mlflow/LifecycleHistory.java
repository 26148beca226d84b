package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.LifecycleChange;

/**
 * The lifecycle audit history (archive, restore, version and model deletions), which MLflow does
 * not keep, stored as registered-model tags ({@link HistoryTags}): one tag per change,
 * {@code mlops.lifecycle_history.<10-digit sequence>.<8 random hex>}, whose value is a compact JSON
 * object ({@code action}, {@code version} or null, {@code actor}, {@code reason}, {@code timestamp}
 * in epoch milliseconds). A reason too long for MLflow's 5,000-character tag value is cut, marked
 * {@value HistoryTags#CUT}.
 */
final class LifecycleHistory {

    static final String PREFIX = "mlops.lifecycle_history.";

    private final ObjectMapper json;
    private final HistoryTags tags;

    LifecycleHistory(MlflowClient client, HistoryTags tags) {
        this.json = client.json();
        this.tags = tags;
    }

    /**
     * Encodes a change as a tag value, before anything is changed.
     *
     * @throws IllegalArgumentException if the actor alone is too long to record
     */
    String encode(LifecycleChange change) {
        return HistoryTags.fit(reason -> write(change, reason), change.attribution().reason(),
                change.action() + " of model '" + change.modelName() + "'");
    }

    /** Appends an encoded change to the model's history. */
    void append(String model, String encoded) {
        tags.append(model, PREFIX, encoded);
    }

    /** Appends an encoded change to a deleted model's history. */
    void appendDeleted(String model, String encoded) {
        tags.appendDeleted(model, PREFIX, encoded);
    }

    /** Reads a model's history, oldest first, a deleted model's of the same name first. */
    List<LifecycleChange> read(String model) {
        List<LifecycleChange> out = new ArrayList<>();
        tags.read(model, PREFIX).forEach(v -> out.add(decode(model, v)));
        return out;
    }

    private String write(LifecycleChange change, String reason) {
        ObjectNode node = json.createObjectNode().put("action", change.action().name());
        if (change.version().isPresent()) {
            node.put("version", change.version().getAsInt());
        } else {
            node.putNull("version");
        }
        node.put("actor", change.attribution().actor()).put("reason", reason)
                .put("timestamp", change.timestamp().toEpochMilli());
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a lifecycle change", e);
        }
    }

    private LifecycleChange decode(String model, String value) {
        try {
            JsonNode node = json.readTree(value);
            JsonNode version = node.path("version");
            return new LifecycleChange(model, LifecycleChange.Action.valueOf(node.path("action").asText()),
                    version.isNumber() ? OptionalInt.of(version.intValue()) : OptionalInt.empty(),
                    Attribution.by(node.path("actor").asText(), node.path("reason").asText("")),
                    Instant.ofEpochMilli(node.path("timestamp").asLong()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException("model '" + model + "' holds a lifecycle history entry that is not ours: " + value,
                    e);
        }
    }
}
