package org.mlops4j.tracking.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/**
 * The one JSON form of a {@link ModelSignature} that the JDBC store (a column) and the MLflow
 * registry (version tags) keep, so that both return a signature exactly as registered:
 * <pre>
 * {"format":1,
 *  "inputs":[{"name":"amount","type":"NUMERIC","required":true,"min":0.0,"max":1000000.0},
 *            {"name":"country","type":"CATEGORICAL","required":false,"categories":["DE","FR"]}, ...],
 *  "allowUnexpectedFeatures":false,
 *  "output":"CLASSIFICATION", "labels":["spam","ham"],
 *  "inputExample":{"amount":125.75,"country":"FR","first":true}}
 * </pre>
 * Features and labels keep their order, and so does the example. An unbounded end of a range is
 * left out (JSON has no infinity). Doubles are written in Java's shortest form that reads back to
 * the same double. Example numbers come back as {@link Integer}, {@link Long} or {@link Double}, by
 * their written form: an {@code int} or {@code double} reads back equal, a {@code float} or
 * {@code short} reads back as the double or int of the same value. Stateless and thread-safe.
 */
public final class SignatureJson {

    /** The format written in {@code "format"}; a reader refuses others. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SignatureJson() {
    }

    /**
     * Writes a signature.
     *
     * @param signature the signature
     * @return its compact JSON
     */
    public static String write(ModelSignature signature) {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
        ArrayNode inputs = root.putArray("inputs");
        for (Feature f : signature.inputs().features()) {
            ObjectNode node = inputs.addObject().put("name", f.name()).put("type", f.type().name())
                    .put("required", f.required());
            if (f.min() != Double.NEGATIVE_INFINITY) {
                node.put("min", f.min());
            }
            if (f.max() != Double.POSITIVE_INFINITY) {
                node.put("max", f.max());
            }
            if (!f.categories().isEmpty()) {
                ArrayNode categories = node.putArray("categories");
                f.categories().forEach(categories::add);
            }
        }
        root.put("allowUnexpectedFeatures", signature.inputs().allowsUnexpectedFeatures());
        root.put("output", signature.output().name());
        ArrayNode labels = root.putArray("labels");
        signature.labels().forEach(labels::add);
        ObjectNode example = root.putObject("inputExample");
        signature.inputExample().forEach((name, value) -> putValue(example, name, value));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the signature as JSON", e);
        }
    }

    private static void putValue(ObjectNode node, String name, Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof String s) {
            node.put(name, s);
        } else if (value instanceof Boolean b) {
            node.put(name, b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            node.put(name, ((Number) value).intValue());
        } else if (value instanceof Long l) {
            node.put(name, l);
        } else if (value instanceof BigInteger i) {
            node.put(name, i);
        } else if (value instanceof BigDecimal d) {
            node.put(name, d);
        } else {
            node.put(name, ((Number) value).doubleValue());
        }
    }

    /**
     * Reads a signature written by {@link #write}.
     *
     * @param json the JSON text
     * @param where what held it, for the message (for example {@code "fraud/3 in SQLite store x.db"})
     * @return the signature
     * @throws StoreException naming {@code where} and the problem if the text is not a signature of
     *     this format
     */
    public static ModelSignature read(String json, String where) {
        try {
            JsonNode root = JSON.readTree(json);
            int format = root.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IllegalArgumentException("format must be " + FORMAT + " but was " + root.path("format"));
            }
            List<Feature> features = new ArrayList<>();
            for (JsonNode f : required(root, "inputs")) {
                Set<String> categories = new LinkedHashSet<>();
                f.path("categories").forEach(c -> categories.add(c.asText()));
                features.add(new Feature(required(f, "name").asText(), FeatureType.valueOf(required(f, "type").asText()),
                        required(f, "required").asBoolean(),
                        f.has("min") ? f.get("min").asDouble() : Double.NEGATIVE_INFINITY,
                        f.has("max") ? f.get("max").asDouble() : Double.POSITIVE_INFINITY, categories));
            }
            Schema inputs = Schema.of(features);
            if (required(root, "allowUnexpectedFeatures").asBoolean()) {
                inputs = inputs.allowingUnexpectedFeatures();
            }
            List<String> labels = new ArrayList<>();
            required(root, "labels").forEach(l -> labels.add(l.asText()));
            Map<String, Object> example = new LinkedHashMap<>();
            required(root, "inputExample").properties().forEach(e -> example.put(e.getKey(), value(e.getValue())));
            return new ModelSignature(inputs, OutputKind.valueOf(required(root, "output").asText()), labels, example);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("the signature of " + where + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        throw new IllegalArgumentException("an input example value must be a number, string, boolean or null but was "
                + node);
    }
}
