package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;

/**
 * One API request as MLflow's handlers read it: GET arguments from the query string, everything
 * else from the JSON body. Missing required fields fail as MLflow's do, with
 * {@code INVALID_PARAMETER_VALUE}.
 */
record FakeRequest(String method, Map<String, String> query, JsonNode body) {

    private JsonNode field(String name) {
        if (method.equals("GET")) {
            String v = query.get(name);
            return v == null ? MissingNode.getInstance() : com.fasterxml.jackson.databind.node.TextNode.valueOf(v);
        }
        JsonNode v = body.path(name);
        return v.isNull() ? MissingNode.getInstance() : v;
    }

    boolean has(String name) {
        return !field(name).isMissingNode();
    }

    String string(String name) {
        JsonNode v = field(name);
        if (v.isMissingNode() || v.asText().isEmpty()) {
            throw FakeApiError.invalid("Missing value for required parameter '" + name + "'. See the API docs for"
                    + " more information about request parameters.");
        }
        return v.asText();
    }

    String optional(String name, String fallback) {
        JsonNode v = field(name);
        return v.isMissingNode() ? fallback : v.asText();
    }

    long longValue(String name, long fallback) {
        JsonNode v = field(name);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            throw FakeApiError.invalid("Invalid value " + v + " for parameter '" + name + "' supplied.");
        }
    }

    JsonNode array(String name) {
        JsonNode v = field(name);
        if (!v.isMissingNode() && !v.isArray()) {
            throw FakeApiError.invalid("Invalid value " + v + " for parameter '" + name + "': expected a list");
        }
        return v;
    }
}
