package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mlops4j.core.Clock;
import org.mlops4j.tracking.mlflow.FakeSearchGrammar.Clause;

/**
 * The model-registry half of the fake MLflow server: registered models, model versions, their tags
 * and aliases, with MLflow's JSON shapes (versions are strings, empty lists omitted) and
 * validation. One lock guards the state, so version numbers are assigned atomically.
 */
final class FakeRegistryApi {

    private static final Pattern ALIAS = Pattern.compile("[\\w\\-]+");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("(?i)latest|v\\d+");

    private static final class Model {
        final String name;
        final long created;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, Integer> aliases = new TreeMap<>();
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        int lastVersion;

        Model(String name, long created) {
            this.name = name;
            this.created = created;
        }
    }

    private static final class Version {
        final int number;
        final long created;
        final String source;
        final String runId;
        final String description;
        final Map<String, String> tags = new LinkedHashMap<>();
        String stage = "None";

        Version(int number, long created, String source, String runId, String description) {
            this.number = number;
            this.created = created;
            this.source = source;
            this.runId = runId;
            this.description = description;
        }
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Model> models = new TreeMap<>();

    FakeRegistryApi(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    synchronized JsonNode handle(String route, FakeRequest r) {
        switch (route) {
            case "POST registered-models/create":
                return createModel(r);
            case "GET registered-models/get":
                return json.createObjectNode().set("registered_model", write(model(r.string("name"))));
            case "GET registered-models/search":
                return searchModels(r);
            case "POST registered-models/set-tag":
                model(r.string("name")).tags.put(r.string("key"), r.optional("value", ""));
                return json.createObjectNode();
            case "DELETE registered-models/delete-tag":
                model(r.string("name")).tags.remove(r.string("key"));
                return json.createObjectNode();
            case "POST registered-models/alias":
                return setAlias(r);
            case "DELETE registered-models/alias": {
                // As MLflow 2.12: a missing alias is answered as if the model were missing.
                Model m = model(r.string("name"));
                if (m.aliases.remove(r.string("alias")) == null) {
                    throw FakeApiError.notFound("Registered Model with name=" + m.name + " not found");
                }
                return json.createObjectNode();
            }
            case "GET registered-models/alias":
                return aliasTarget(r);
            case "POST model-versions/create":
                return createVersion(r);
            case "GET model-versions/get": {
                Model m = model(r.string("name"));
                return json.createObjectNode().set("model_version", write(m, version(m, r.string("version"))));
            }
            case "GET model-versions/search":
                return searchVersions(r);
            case "POST model-versions/set-tag": {
                Model m = model(r.string("name"));
                version(m, r.string("version")).tags.put(r.string("key"), r.optional("value", ""));
                return json.createObjectNode();
            }
            case "POST model-versions/transition-stage": {
                Model m = model(r.string("name"));
                Version v = version(m, r.string("version"));
                String stage = r.string("stage");
                if (!List.of("None", "Staging", "Production", "Archived").contains(stage)) {
                    throw FakeApiError.invalid("Invalid Model Version stage: " + stage + ".");
                }
                v.stage = stage;
                return json.createObjectNode().set("model_version", write(m, v));
            }
            case "DELETE model-versions/delete": {
                // As MLflow 2.12: the number stays taken; its aliases go with it.
                Model m = model(r.string("name"));
                Version v = version(m, r.string("version"));
                m.versions.remove(v.number);
                m.aliases.values().removeIf(n -> n == v.number);
                return json.createObjectNode();
            }
            case "DELETE registered-models/delete":
                models.remove(model(r.string("name")).name);
                return json.createObjectNode();
            case "DELETE model-versions/delete-tag": {
                Model m = model(r.string("name"));
                version(m, r.string("version")).tags.remove(r.string("key"));
                return json.createObjectNode();
            }
            default:
                return null;
        }
    }

    private JsonNode createModel(FakeRequest r) {
        String name = r.string("name");
        if (models.containsKey(name)) {
            throw FakeApiError.exists("Registered Model (name=" + name + ") already exists.");
        }
        Model m = new Model(name, clock.now().toEpochMilli());
        models.put(name, m);
        return json.createObjectNode().set("registered_model", write(m));
    }

    private JsonNode searchModels(FakeRequest r) {
        long max = r.longValue("max_results", 100);
        if (max < 1 || max > 1000) {
            throw FakeApiError.invalid("Invalid value for request parameter max_results. It must be at most 1000,"
                    + " but got value " + max);
        }
        List<Model> all = new ArrayList<>(models.values());
        int from = Math.min(offset(r), all.size());
        int to = (int) Math.min(from + max, all.size());
        ObjectNode out = json.createObjectNode();
        if (to > from) {
            ArrayNode array = out.putArray("registered_models");
            all.subList(from, to).forEach(m -> array.add(write(m)));
        }
        if (to < all.size()) {
            out.put("next_page_token", FakeSearchGrammar.pageToken(to));
        }
        return out;
    }

    private JsonNode setAlias(FakeRequest r) {
        Model m = model(r.string("name"));
        String alias = r.string("alias");
        if (!ALIAS.matcher(alias).matches() || alias.length() > 255) {
            throw FakeApiError.invalid("Invalid alias name: '" + alias + "'. Names may only contain alphanumerics,"
                    + " underscores (_), and dashes (-).");
        }
        if (RESERVED_ALIAS.matcher(alias).matches()) {
            throw FakeApiError.invalid("'" + alias + "' is a reserved word and cannot be used as an alias.");
        }
        m.aliases.put(alias, version(m, r.string("version")).number);
        return json.createObjectNode();
    }

    private JsonNode aliasTarget(FakeRequest r) {
        String alias = r.string("alias");
        // As MLflow 2.12: 400 INVALID_PARAMETER_VALUE, not 404, whether or not the model exists.
        Model m = models.get(r.string("name"));
        Integer v = m == null ? null : m.aliases.get(alias);
        if (v == null) {
            throw FakeApiError.invalid("Registered model alias " + alias + " not found.");
        }
        return json.createObjectNode().set("model_version", write(m, m.versions.get(v)));
    }

    private JsonNode createVersion(FakeRequest r) {
        Model m = model(r.string("name"));
        String source = r.string("source");
        checkSource(source);
        Version v = new Version(m.lastVersion + 1, clock.now().toEpochMilli(), source, r.optional("run_id", ""),
                r.optional("description", ""));
        for (JsonNode kv : r.array("tags")) {
            String key = kv.path("key").asText("");
            if (key.isEmpty()) {
                throw FakeApiError.invalid("Missing value for required parameter 'key' of a model version tag");
            }
            v.tags.put(key, kv.path("value").asText(""));
        }
        m.lastVersion = v.number;
        m.versions.put(v.number, v);
        return json.createObjectNode().set("model_version", write(m, v));
    }

    /**
     * MLflow 2.12's check of a version's source: a local path (no scheme, or {@code file:}) only
     * inside a run's artifacts (never, here), and otherwise an absolute path without {@code .} or
     * {@code ..} segments.
     */
    private static void checkSource(String source) {
        URI uri;
        try {
            uri = new URI(source);
        } catch (URISyntaxException e) {
            throw FakeApiError.invalid("Invalid model version source: '" + source + "'.");
        }
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            throw FakeApiError.invalid("Invalid model version source: '" + source + "'. To use a local path as a"
                    + " model version source, the run_id request parameter has to be specified and the local path has"
                    + " to be contained within the artifact directory of the run specified by the run_id.");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+", "/").replaceAll("/$", "");
        if (!path.startsWith("/") || path.contains("/./") || path.contains("/../") || path.endsWith("/..")
                || path.endsWith("/.")) {
            throw FakeApiError.invalid("Invalid model version source: '" + source + "'. If supplying a source as an"
                    + " http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must"
                    + " be provided without relative path references present. Please provide an absolute path.");
        }
    }

    private JsonNode searchVersions(FakeRequest r) {
        long max = r.longValue("max_results", 10_000);
        if (max < 1 || max > 200_000) {
            throw FakeApiError.invalid("Invalid value for request parameter max_results. It must be at most 200000,"
                    + " but got value " + max);
        }
        List<Clause> clauses;
        int offset;
        try {
            clauses = FakeSearchGrammar.parseFilter(r.optional("filter", ""));
            offset = FakeSearchGrammar.offset(r.optional("page_token", ""));
        } catch (IllegalArgumentException e) {
            throw FakeApiError.invalid(e.getMessage());
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (Model m : models.values()) {
            for (Version v : m.versions.values()) {
                if (clauses.stream().allMatch(c -> holds(c, m, v))) {
                    // As MLflow 2.12: search leaves the aliases out (only get and get-by-alias fill them).
                    ObjectNode written = write(m, v);
                    written.remove("aliases");
                    matching.add(written);
                }
            }
        }
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min(from + max, matching.size());
        ObjectNode out = json.createObjectNode();
        if (to > from) {
            out.putArray("model_versions").addAll(matching.subList(from, to));
        }
        if (to < matching.size()) {
            out.put("next_page_token", FakeSearchGrammar.pageToken(to));
        }
        return out;
    }

    private static boolean holds(Clause c, Model m, Version v) {
        try {
            if (c.type().equals("tags")) {
                String value = v.tags.get(c.key());
                return value != null && FakeSearchGrammar.compareText(value, c.op(), c.value());
            }
            if (c.type().isEmpty() && c.key().equals("name")) {
                return FakeSearchGrammar.compareText(m.name, c.op(), c.value());
            }
            if (c.type().isEmpty() && c.key().equals("run_id")) {
                return FakeSearchGrammar.compareText(v.runId, c.op(), c.value());
            }
        } catch (IllegalArgumentException e) {
            throw FakeApiError.invalid(e.getMessage());
        }
        throw FakeApiError.invalid("Invalid attribute key '" + c.key() + "' specified. Valid keys are '{'name',"
                + " 'run_id', 'source_path'}' and tags.");
    }

    private static int offset(FakeRequest r) {
        try {
            return FakeSearchGrammar.offset(r.optional("page_token", ""));
        } catch (IllegalArgumentException e) {
            throw FakeApiError.invalid(e.getMessage());
        }
    }

    private Model model(String name) {
        Model m = models.get(name);
        if (m == null) {
            throw FakeApiError.notFound("Registered Model with name=" + name + " not found");
        }
        return m;
    }

    private static Version version(Model m, String number) {
        Version v;
        try {
            v = m.versions.get(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            throw FakeApiError.invalid("Model version must be an integer, got '" + number + "'");
        }
        if (v == null) {
            throw FakeApiError.notFound("Model Version (name=" + m.name + ", version=" + number + ") not found");
        }
        return v;
    }

    private ObjectNode write(Model m) {
        ObjectNode node = json.createObjectNode().put("name", m.name).put("creation_timestamp", m.created)
                .put("last_updated_timestamp", m.created);
        if (!m.tags.isEmpty()) {
            ArrayNode tags = node.putArray("tags");
            m.tags.forEach((k, v) -> tags.add(json.createObjectNode().put("key", k).put("value", v)));
        }
        if (!m.aliases.isEmpty()) {
            ArrayNode aliases = node.putArray("aliases");
            m.aliases.forEach((a, v) -> aliases.addObject().put("alias", a).put("version", v.toString()));
        }
        return node;
    }

    private ObjectNode write(Model m, Version v) {
        ObjectNode node = json.createObjectNode().put("name", m.name).put("version", Integer.toString(v.number))
                .put("creation_timestamp", v.created).put("last_updated_timestamp", v.created)
                .put("current_stage", v.stage).put("source", v.source).put("status", "READY");
        if (!v.runId.isEmpty()) {
            node.put("run_id", v.runId);
        }
        if (!v.description.isEmpty()) {
            node.put("description", v.description);
        }
        if (!v.tags.isEmpty()) {
            ArrayNode tags = node.putArray("tags");
            v.tags.forEach((k, val) -> tags.add(json.createObjectNode().put("key", k).put("value", val)));
        }
        List<String> aliases = new ArrayList<>();
        m.aliases.forEach((a, n) -> {
            if (n == v.number) {
                aliases.add(a);
            }
        });
        if (!aliases.isEmpty()) {
            ArrayNode array = node.putArray("aliases");
            aliases.forEach(array::add);
        }
        return node;
    }
}
