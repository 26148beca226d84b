package org.mlops4j.monitoring.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.datasketches.common.SketchesException;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;

/**
 * The JSON form of a {@link ReferenceProfile}, written and read through Jackson's tree model.
 *
 * <p>Format {@value #FORMAT} version {@value #VERSION}: the config, the schema's features in
 * order, and one entry per feature. A KLL sketch is stored as the base64 of its compact
 * serialization, so a round trip keeps every retained item and thus every quantile. Doubles that
 * JSON cannot hold as numbers (NaN, infinities) are written as strings ("NaN", "Infinity").
 */
final class ProfileJson {

    static final String FORMAT = "mlops4j.reference-profile";
    static final int VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper();

    String write(ReferenceProfile profile) {
        return write(profile, true);
    }

    /** Writes the profile, indented or on one line (the fleet's compact form). */
    String write(ReferenceProfile profile, boolean pretty) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("rows", profile.rows());
        root.put("quantileK", profile.config().quantileK());
        root.put("maxCategories", profile.config().maxCategories());
        root.put("allowUnexpectedFeatures", profile.schema().allowsUnexpectedFeatures());
        ArrayNode features = root.putArray("features");
        for (FeatureProfile p : profile.profiles()) {
            features.add(writeFeature(p));
        }
        try {
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                    : mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write reference profile as JSON", e);
        }
    }

    private ObjectNode writeFeature(FeatureProfile p) {
        Feature f = p.feature();
        ObjectNode node = mapper.createObjectNode();
        node.put("name", f.name());
        node.put("type", f.type().name());
        node.put("required", f.required());
        putDouble(node, "rangeMin", f.min());
        putDouble(node, "rangeMax", f.max());
        ArrayNode categories = node.putArray("allowedCategories");
        f.categories().forEach(categories::add);
        node.put("missing", p.missing());
        node.put("invalid", p.invalid());
        if (p instanceof NumericProfile n) {
            node.put("nonFinite", n.nonFinite());
            putDouble(node, "min", n.min());
            putDouble(node, "max", n.max());
            putDouble(node, "mean", n.valid() == 0 ? 0.0 : n.mean());
            putDouble(node, "m2", n.m2());
            node.put("kll", Base64.getEncoder().encodeToString(n.sketchBytes()));
        } else {
            CategoricalProfile c = (CategoricalProfile) p;
            node.put("maxCategories", c.maxCategories());
            node.put("other", c.otherCount());
            ObjectNode counts = node.putObject("counts");
            c.categoryCounts().forEach(counts::put);
        }
        return node;
    }

    private static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    ReferenceProfile read(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reference profile JSON is malformed: " + e.getOriginalMessage(), e);
        }
        try {
            return readRoot(root);
        } catch (SketchesException | IllegalArgumentException e) {
            throw new IllegalArgumentException("reference profile JSON is invalid: " + e.getMessage(), e);
        }
    }

    private ReferenceProfile readRoot(JsonNode root) {
        String format = required(root, "format").asText();
        int version = required(root, "version").asInt();
        if (!FORMAT.equals(format) || version != VERSION) {
            throw new IllegalArgumentException("format must be " + FORMAT + " version " + VERSION + " but was " + format
                    + " version " + version);
        }
        ProfileConfig config = new ProfileConfig(required(root, "quantileK").asInt(),
                required(root, "maxCategories").asInt());
        List<Feature> features = new ArrayList<>();
        List<FeatureProfile> profiles = new ArrayList<>();
        for (JsonNode node : required(root, "features")) {
            FeatureProfile p = readFeature(node);
            features.add(p.feature());
            profiles.add(p);
        }
        Schema schema = Schema.of(features);
        if (required(root, "allowUnexpectedFeatures").asBoolean()) {
            schema = schema.allowingUnexpectedFeatures();
        }
        return new ReferenceProfile(schema, config, profiles, required(root, "rows").asLong());
    }

    private FeatureProfile readFeature(JsonNode node) {
        String name = required(node, "name").asText();
        FeatureType type = FeatureType.valueOf(required(node, "type").asText());
        Set<String> categories = new LinkedHashSet<>();
        required(node, "allowedCategories").forEach(c -> categories.add(c.asText()));
        Feature feature = new Feature(name, type, required(node, "required").asBoolean(), readDouble(node, "rangeMin"),
                readDouble(node, "rangeMax"), categories);
        long missing = required(node, "missing").asLong();
        long invalid = required(node, "invalid").asLong();
        if (type == FeatureType.NUMERIC) {
            byte[] sketch = Base64.getDecoder().decode(required(node, "kll").asText());
            return NumericProfile.restore(feature, missing, invalid, required(node, "nonFinite").asLong(),
                    readDouble(node, "min"), readDouble(node, "max"), readDouble(node, "mean"), readDouble(node, "m2"), sketch);
        }
        Map<String, Long> counts = new HashMap<>();
        required(node, "counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return CategoricalProfile.restore(feature, required(node, "maxCategories").asInt(), missing, invalid,
                required(node, "other").asLong(), counts);
    }

    private static double readDouble(JsonNode node, String field) {
        JsonNode value = required(node, field);
        return value.isTextual() ? Double.parseDouble(value.asText()) : value.doubleValue();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }
}
