package org.mlops4j.monitoring.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of an {@link Alert} posted by the webhook sink. */
final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    static String write(Alert alert) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", alert.kind().name());
        root.put("rule", alert.rule());
        root.put("signal", alert.signal().name());
        root.put("severity", alert.severity().name());
        root.put("metric", alert.metric());
        root.put("value", alert.value());
        root.put("threshold", alert.threshold());
        root.put("window", alert.window());
        root.put("endpoint", alert.endpoint());
        root.put("model", alert.model());
        root.put("timestamp", alert.timestamp().toString());
        ArrayNode features = root.putArray("topDriftedFeatures");
        for (DriftedFeature f : alert.topDriftedFeatures()) {
            features.addObject().put("feature", f.feature()).put("statistic", f.statistic());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings and finite numbers always serialises.
            throw new IllegalStateException("cannot serialise alert " + alert.rule(), e);
        }
    }
}
