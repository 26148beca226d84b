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
import java.util.TreeMap;
import java.util.UUID;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;

/**
 * The alias audit history, which MLflow does not keep, stored as registered-model tags: one tag
 * per change, {@code mlops.alias_history.<10-digit sequence>.<8 random hex>}, whose value is a
 * compact JSON object ({@code alias}, {@code previous}, {@code new}, {@code actor}, {@code reason},
 * {@code timestamp} in epoch milliseconds). The sequence orders the changes; the random suffix keeps
 * two writers in different processes that pick the same sequence from overwriting each other. A
 * reason too long for MLflow's 5,000-character tag value is cut, marked {@value #CUT}.
 */
final class AliasHistory {

    static final String PREFIX = "mlops.alias_history.";
    static final String CUT = "...[cut]";

    private static final int MAX_VALUE = 5000;

    private final MlflowClient client;
    private final ObjectMapper json;

    AliasHistory(MlflowClient client) {
        this.client = client;
        this.json = client.json();
    }

    /**
     * Encodes a change as a tag value, before anything is changed, so that a change that cannot be
     * recorded is refused rather than made unrecorded.
     *
     * @throws IllegalArgumentException if the actor alone is too long to record
     */
    String encode(AliasChange change) {
        String reason = change.attribution().reason();
        String value = write(change, reason);
        int keep = reason.length() - (value.length() - MAX_VALUE) - CUT.length();
        while (value.length() > MAX_VALUE && keep > 0) {
            value = write(change, reason.substring(0, keep) + CUT);
            keep -= Math.max(16, value.length() - MAX_VALUE);
        }
        if (value.length() > MAX_VALUE) {
            value = write(change, CUT);
        }
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("the attribution of an alias change to '" + change.alias()
                    + "' is too long to record in MLflow (actor of " + change.attribution().actor().length()
                    + " characters)");
        }
        return value;
    }

    /**
     * Appends an encoded change after the last one recorded for the model.
     *
     * @throws StoreException if it cannot be written
     */
    void append(String model, String encoded) {
        long next = entries(model).keySet().stream().mapToLong(AliasHistory::sequence).max().orElse(0) + 1;
        String key = PREFIX + String.format("%010d", next) + "." + UUID.randomUUID().toString().substring(0, 8);
        client.post("registered-models/set-tag", json.createObjectNode().put("name", model).put("key", key)
                .put("value", encoded), true);
    }

    /**
     * Reads a model's history, oldest first.
     *
     * @return the changes; empty when the model does not exist
     */
    List<AliasChange> read(String model) {
        List<AliasChange> out = new ArrayList<>();
        entries(model).values().forEach(v -> out.add(decode(model, v)));
        return out;
    }

    /** The history tags, sorted by key, which sorts them by sequence. */
    private Map<String, String> entries(String model) {
        Optional<JsonNode> registered = registeredModel(client, model);
        if (registered.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        RunCodec.keyValues(registered.get().path("tags")).forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
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

    private static long sequence(String key) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
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
