package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.mlops4j.core.features.FeatureReader;
import org.mlops4j.core.PredictionEvent;

/** Turns a prediction event into one JSON line. Used by the writer thread only. */
final class PredictionLines {

    private final ObjectMapper mapper = new ObjectMapper();
    private final LongAdder fallbacks;
    private final FeatureReader<Object> features;

    @SuppressWarnings("unchecked")
    PredictionLines(LongAdder fallbacks, Optional<FeatureReader<?>> features) {
        this.fallbacks = fallbacks;
        // The reader checks an input's type (canRead) before reading it.
        this.features = (FeatureReader<Object>) features.orElse(null);
    }

    String toLine(PredictionEvent<?, ?> event) throws JsonProcessingException {
        ObjectNode node = header(event);
        if (features != null && features.canRead(event.input())) {
            node.set("features", value(features.toMap(event.input())));
        } else {
            node.set("input", value(event.input()));
        }
        node.set("output", value(event.output().orElse(null)));
        if (event.error().isPresent()) {
            node.put("error", event.error().get().toString());
        } else {
            node.putNull("error");
        }
        return mapper.writeValueAsString(node);
    }

    /**
     * The line of an event whose whole line would not fit in a file: its ids, time, variant, model,
     * latency and confidence, without its input, output and error, and {@code "truncated"}: the
     * size in bytes of the line it stands for.
     */
    String truncatedLine(PredictionEvent<?, ?> event, long bytes) throws JsonProcessingException {
        ObjectNode node = header(event);
        node.put("truncated", bytes);
        return mapper.writeValueAsString(node);
    }

    private ObjectNode header(PredictionEvent<?, ?> event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("predictionId", event.predictionId());
        event.requestId().ifPresent(r -> node.put("requestId", r));
        event.routingKey().ifPresent(k -> node.put("routingKey", k));
        node.put("timestamp", event.timestamp().toString());
        node.put("endpoint", event.endpoint());
        node.put("variant", event.variant());
        if (event.fallback()) {
            node.put("fallback", true);
        }
        node.put("model", event.model().toString());
        node.put("latencyNanos", event.latencyNanos());
        if (event.confidence().isPresent()) {
            node.put("confidence", event.confidence().getAsDouble());
        } else {
            node.putNull("confidence");
        }
        return node;
    }

    private JsonNode value(Object value) {
        if (value == null) {
            return mapper.nullNode();
        }
        try {
            return mapper.valueToTree(value);
        } catch (RuntimeException e) {
            // Inputs and outputs are user types Jackson may not know (no properties, cycles,
            // throwing getters); their text is still worth keeping.
            fallbacks.increment();
            return mapper.getNodeFactory().textNode(text(value));
        }
    }

    private static String text(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return "<unprintable " + value.getClass().getName() + ">";
        }
    }
}
