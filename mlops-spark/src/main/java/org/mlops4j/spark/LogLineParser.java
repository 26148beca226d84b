package org.mlops4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;

/**
 * Parses a prediction log's lines (rows of the line's text and its file) into rows of
 * {@link LogColumns#parsed}, on the executors. A line that is not a prediction as the library's
 * {@code PredictionLog} writes it becomes a row with only its file, its text and the reason in
 * {@code malformed}; it never fails the task.
 */
final class LogLineParser implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;
    /** The longest part of a malformed line kept in the {@code line} column. */
    static final int MAX_LINE_KEPT = 1_000;

    private final String[] names;
    private final FeatureType[] types;
    private final boolean instants;
    private final int width;

    /**
     * @param features the feature columns to read from each line's features or input object
     * @param instants whether Spark takes timestamps as {@link Instant} (java8API) or {@link Timestamp}
     */
    LogLineParser(List<Feature> features, boolean instants) {
        this.names = features.stream().map(Feature::name).toArray(String[]::new);
        this.types = features.stream().map(Feature::type).toArray(FeatureType[]::new);
        this.instants = instants;
        this.width = LogColumns.FIXED.size() + features.size() + 2;
    }

    /** Why a line is malformed. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> lines) {
        ObjectMapper mapper = new ObjectMapper();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Row next() {
                Row line = lines.next();
                String text = line.getString(0);
                String file = line.getString(1);
                try {
                    return RowFactory.create(parse(mapper, text, file));
                } catch (Malformed e) {
                    Object[] values = new Object[width];
                    values[LogColumns.FIXED.fieldIndex(LogColumns.FILE)] = file;
                    values[width - 2] = e.getMessage();
                    values[width - 1] = text == null || text.length() <= MAX_LINE_KEPT ? text
                            : text.substring(0, MAX_LINE_KEPT);
                    return RowFactory.create(values);
                }
            }
        };
    }

    private Object[] parse(ObjectMapper mapper, String text, String file) throws Malformed {
        if (text == null || text.isBlank()) {
            throw new Malformed("blank line");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Malformed("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("not a JSON object");
        }
        Object[] v = new Object[width];
        int i = 0;
        v[i++] = requiredText(node, "predictionId");
        v[i++] = optionalText(node, "requestId");
        v[i++] = optionalText(node, "routingKey");
        v[i++] = timestamp(requiredText(node, "timestamp"));
        v[i++] = requiredText(node, "endpoint");
        v[i++] = requiredText(node, "variant");
        JsonNode fallback = node.get("fallback");
        if (fallback != null && !fallback.isBoolean()) {
            throw new Malformed("fallback must be a boolean but was " + fallback);
        }
        v[i++] = fallback != null && fallback.booleanValue();
        String model = requiredText(node, "model");
        int slash = model.lastIndexOf('/');
        Integer version = slash > 0 ? version(model.substring(slash + 1)) : null;
        if (version == null) {
            throw new Malformed("model must be name/version but was '" + model + "'");
        }
        v[i++] = model;
        v[i++] = model.substring(0, slash);
        v[i++] = version;
        JsonNode latency = node.get("latencyNanos");
        if (latency == null || !latency.canConvertToExactIntegral() || !latency.canConvertToLong()) {
            throw new Malformed("latencyNanos must be an integer but was " + latency);
        }
        v[i++] = latency.longValue();
        v[i++] = number(node.get("confidence"), "confidence");
        JsonNode input = node.has("features") ? node.get("features") : node.get("input");
        v[i++] = input == null || input.isNull() ? null : input.toString();
        JsonNode output = node.get("output");
        v[i++] = output == null || output.isNull() ? null : output.toString();
        v[i++] = label(output);
        v[i++] = value(output);
        v[i++] = optionalText(node, "error");
        JsonNode truncated = node.get("truncated");
        if (truncated != null && !truncated.canConvertToLong()) {
            throw new Malformed("truncated must be an integer but was " + truncated);
        }
        v[i++] = truncated == null ? null : truncated.longValue();
        v[i++] = file;
        for (int k = 0; k < names.length; k++) {
            v[i++] = feature(names[k], types[k], input);
        }
        return v;
    }

    private static String requiredText(JsonNode node, String field) throws Malformed {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Malformed("field '" + field + "' must be text but was " + value);
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) throws Malformed {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Malformed("field '" + field + "' must be text but was " + value);
        }
        return value.textValue();
    }

    private Object timestamp(String text) throws Malformed {
        try {
            Instant instant = Instant.parse(text);
            return instants ? instant : Timestamp.from(instant);
        } catch (DateTimeParseException e) {
            throw new Malformed("timestamp must be ISO-8601 but was '" + text + "'");
        }
    }

    private static Integer version(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A JSON number, or the texts Jackson writes for NaN and the infinities; null for null. */
    private static Double number(JsonNode value, String what) throws Malformed {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            switch (value.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new Malformed(what + " must be a number but was " + value);
    }

    /** The output's label: a text, boolean or integer output, or an object's textual "label". */
    static String label(JsonNode output) {
        if (output == null) {
            return null;
        }
        if (output.isTextual() || output.isBoolean() || output.isIntegralNumber()) {
            return output.asText();
        }
        JsonNode label = output.isObject() ? output.get("label") : null;
        return label != null && label.isTextual() ? label.textValue() : null;
    }

    /** The output's value: a numeric output, or an object's numeric "value". */
    static Double value(JsonNode output) {
        if (output == null) {
            return null;
        }
        if (output.isNumber()) {
            return output.doubleValue();
        }
        JsonNode value = output.isObject() ? output.get("value") : null;
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    private static Object feature(String name, FeatureType type, JsonNode input) throws Malformed {
        if (input == null || input.isNull()) {
            return null;
        }
        if (!input.isObject()) {
            throw new Malformed("input must be a JSON object to read feature '" + name + "' but was "
                    + abbreviate(input.toString()));
        }
        JsonNode value = input.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (type == FeatureType.NUMERIC) {
            return number(value, "feature '" + name + "' (NUMERIC)");
        }
        if (type == FeatureType.BOOLEAN) {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
                return Boolean.valueOf(value.textValue());
            }
            throw new Malformed("feature '" + name + "' (BOOLEAN) must be a boolean but was " + value);
        }
        if (value.isContainerNode()) {
            throw new Malformed("feature '" + name + "' (CATEGORICAL) must be a value but was "
                    + abbreviate(value.toString()));
        }
        return value.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
