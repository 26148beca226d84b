package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The audit histories MLflow does not keep (alias moves, lifecycle changes), as registered-model
 * tags: one tag per entry, {@code <prefix><10-digit sequence>.<8 random hex>}, whose value is one
 * compact JSON entry. The sequence orders the entries; the random suffix keeps two writers in
 * different processes that pick the same sequence from overwriting each other.
 *
 * <p>MLflow deletes a registered model with its tags, so before a model is deleted its entries are
 * copied to the reserved registered model {@value #HOLDER}, under
 * {@code mlops.deleted.<prefix><SHA-256 of the model name>.<sequence>.<random>} (a model name may be
 * longer than a tag key can hold); a model's history is the holder's entries for its name, then its
 * own. Should the deletion fail after the copy, the copied entries show twice until it succeeds.
 */
final class HistoryTags {

    /** The registered model holding the histories of deleted models; no user model may take its name. */
    static final String HOLDER = "mlops4j.deleted-model-histories";
    /** The longest tag value MLflow 2.x stores (its MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH). */
    static final int MAX_VALUE = 5000;
    /** What ends a reason cut to fit {@link #MAX_VALUE}. */
    static final String CUT = "...[cut]";

    private static final String DELETED = "mlops.deleted.";

    private final MlflowClient client;

    HistoryTags(MlflowClient client) {
        this.client = client;
    }

    /**
     * Encodes an entry whose free-text reason may be cut to fit one tag value, before anything is
     * changed, so that a change that cannot be recorded is refused rather than made unrecorded.
     *
     * @param withReason writes the entry with a given reason
     * @param reason the full reason
     * @param what the change, for the message
     * @return the encoded entry, at most {@link #MAX_VALUE} characters
     * @throws IllegalArgumentException if even an empty reason does not fit
     */
    static String fit(Function<String, String> withReason, String reason, String what) {
        String value = withReason.apply(reason);
        int keep = reason.length() - (value.length() - MAX_VALUE) - CUT.length();
        while (value.length() > MAX_VALUE && keep > 0) {
            value = withReason.apply(reason.substring(0, keep) + CUT);
            keep -= Math.max(16, value.length() - MAX_VALUE);
        }
        if (value.length() > MAX_VALUE) {
            value = withReason.apply(CUT);
        }
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("the attribution of " + what + " is too long to record in MLflow");
        }
        return value;
    }

    /** Appends an entry after the last one of the model's history under {@code prefix}. */
    void append(String model, String prefix, String value) {
        setTag(model, prefix + nextKey(own(model, prefix)), value);
    }

    /** The entries of a model's history under {@code prefix}, oldest first: a deleted model's, then its own. */
    List<String> read(String model, String prefix) {
        List<String> out = new ArrayList<>(deleted(model, prefix).values());
        out.addAll(own(model, prefix).values());
        return out;
    }

    /** Copies the model's own entries under each prefix to the holder, before the model is deleted. */
    void keepBeforeDeletion(String model, List<String> prefixes) {
        for (String prefix : prefixes) {
            for (String value : own(model, prefix).values()) {
                appendDeleted(model, prefix, value);
            }
        }
    }

    /** Appends an entry to a deleted model's history, kept by the holder. */
    void appendDeleted(String model, String prefix, String value) {
        try {
            client.post("registered-models/create", client.json().createObjectNode().put("name", HOLDER), true);
        } catch (MlflowRequestException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        setTag(HOLDER, deletedPrefix(model, prefix) + nextKey(deleted(model, prefix)), value);
    }

    private void setTag(String model, String key, String value) {
        client.post("registered-models/set-tag", client.json().createObjectNode().put("name", model).put("key", key)
                .put("value", value), true);
    }

    private static String nextKey(Map<String, String> existing) {
        long next = existing.keySet().stream().mapToLong(HistoryTags::sequence).max().orElse(0) + 1;
        return String.format("%010d", next) + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The model's own entries under a prefix, sorted by key (so by sequence), keyed by what follows the prefix. */
    private Map<String, String> own(String model, String prefix) {
        return entries(model, prefix);
    }

    private Map<String, String> deleted(String model, String prefix) {
        return entries(HOLDER, deletedPrefix(model, prefix));
    }

    private Map<String, String> entries(String model, String prefix) {
        Optional<JsonNode> registered = AliasHistory.registeredModel(client, model);
        Map<String, String> out = new TreeMap<>();
        registered.ifPresent(r -> RunCodec.keyValues(r.path("tags")).forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        }));
        return out;
    }

    private static String deletedPrefix(String model, String prefix) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8));
            return DELETED + prefix + HexFormat.of().formatHex(hash) + ".";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static long sequence(String rest) {
        int dot = rest.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
