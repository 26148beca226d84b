package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Tag;

/**
 * Splits one logical batch into {@code runs/log-batch} request bodies within MLflow's documented
 * limits: at most {@value #MAX_METRICS} metrics, {@value #MAX_PARAMS} params, {@value #MAX_TAGS}
 * tags and {@value #MAX_ENTITIES} entities in total, and at most {@value #MAX_BYTES} bytes of JSON
 * per request (MLflow's 1 MB is 10^6 bytes).
 *
 * <p>Params go first, so that a request MLflow refuses for a changed param is the first one and
 * nothing else has been written yet; then tags, then metrics, each in the caller's order (MLflow
 * keeps the order within a type, so the last of several values of one tag still wins).
 */
final class LogBatches {

    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ENTITIES = 1000;
    static final int MAX_BYTES = 1_000_000;

    private LogBatches() {
    }

    /**
     * Splits a batch.
     *
     * @return the request bodies, in the order to send them; empty when there is nothing to log
     */
    static List<ObjectNode> split(ObjectMapper json, String runId, List<Metric> metrics, List<Param> params,
                                  List<Tag> tags) {
        Chunker chunker = new Chunker(json, runId);
        for (Param p : params) {
            chunker.add("params", RunCodec.keyValue(json, p.key(), p.value()));
        }
        for (Tag t : tags) {
            chunker.add("tags", RunCodec.keyValue(json, t.key(), t.value()));
        }
        for (Metric m : metrics) {
            chunker.add("metrics", RunCodec.metric(json, m));
        }
        return chunker.finish();
    }

    /** Fills one body at a time and starts the next when an entity would break a limit. */
    private static final class Chunker {
        private final ObjectMapper json;
        private final String runId;
        private final int envelopeBytes;
        private final List<ObjectNode> done = new ArrayList<>();
        private ObjectNode current;
        private int metrics;
        private int params;
        private int tags;
        private int bytes;

        Chunker(ObjectMapper json, String runId) {
            this.json = json;
            this.runId = runId;
            ObjectNode empty = json.createObjectNode().put("run_id", runId);
            empty.putArray("metrics");
            empty.putArray("params");
            empty.putArray("tags");
            this.envelopeBytes = size(empty);
        }

        void add(String kind, ObjectNode entity) {
            // Each entity costs its own bytes plus at most one separating comma.
            int cost = size(entity) + 1;
            if (current == null || !fits(kind, cost)) {
                flush();
                current = json.createObjectNode().put("run_id", runId);
                bytes = envelopeBytes;
            }
            ArrayNode array = current.has(kind) ? (ArrayNode) current.get(kind) : current.putArray(kind);
            array.add(entity);
            bytes += cost;
            switch (kind) {
                case "metrics":
                    metrics++;
                    break;
                case "params":
                    params++;
                    break;
                default:
                    tags++;
                    break;
            }
        }

        private boolean fits(String kind, int cost) {
            if (metrics + params + tags + 1 > MAX_ENTITIES || bytes + cost > MAX_BYTES) {
                return false;
            }
            switch (kind) {
                case "metrics":
                    return metrics + 1 <= MAX_METRICS;
                case "params":
                    return params + 1 <= MAX_PARAMS;
                default:
                    return tags + 1 <= MAX_TAGS;
            }
        }

        private void flush() {
            if (current != null) {
                done.add(current);
            }
            metrics = 0;
            params = 0;
            tags = 0;
        }

        List<ObjectNode> finish() {
            flush();
            current = null;
            return done;
        }

        private int size(ObjectNode node) {
            try {
                return json.writeValueAsBytes(node).length;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a log-batch entity", e);
            }
        }
    }
}
