package org.mlops4j.examples.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped Grafana dashboard, read as JSON: its panels' PromQL queries and its variables, and
 * how Grafana substitutes them, so that the queries can be run against a real Prometheus.
 *
 * @param json the dashboard model
 */
record GrafanaDashboard(JsonNode json) {

    /**
     * One query of a panel.
     *
     * @param panel the panel's title
     * @param refId the query's id in the panel (A, B, ...)
     * @param expr its PromQL, with the dashboard's variables in it
     */
    record Query(String panel, String refId, String expr) {
    }

    /** {@code label_values(selector, label)}, Grafana's Prometheus variable query. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_]\\w*)\\)");
    /** {@code $name} or {@code ${name}}, a variable reference. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    /**
     * Reads a dashboard file.
     *
     * @param file the JSON file
     * @return the dashboard
     * @throws IOException if it cannot be read or is not JSON
     */
    static GrafanaDashboard read(Path file) throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(file.toFile()));
    }

    /**
     * The panels, rows included, in order (rows nest no panels in this dashboard: it keeps them open).
     *
     * @return the panel objects
     */
    List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        json.path("panels").forEach(out::add);
        return out;
    }

    /**
     * Every query of every panel.
     *
     * @return the queries, in panel order
     */
    List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode p : panels()) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Query(p.path("title").asText(), t.path("refId").asText(), t.path("expr").asText()));
            }
        }
        return out;
    }

    /**
     * The dashboard's variables by name.
     *
     * @return each variable's JSON
     */
    Map<String, JsonNode> variables() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode v : json.path("templating").path("list")) {
            out.put(v.path("name").asText(), v);
        }
        return out;
    }

    /**
     * The query of a query variable.
     *
     * @param name the variable
     * @return its {@code label_values(...)} query
     */
    String variableQuery(String name) {
        JsonNode v = variables().get(name);
        if (v == null) {
            throw new IllegalArgumentException("no variable " + name + " in the dashboard");
        }
        JsonNode q = v.path("query");
        return q.isTextual() ? q.asText() : q.path("query").asText();
    }

    /**
     * Turns a {@code label_values(selector, label)} variable query into the PromQL query whose
     * series carry the values Grafana would list: {@code group by (label) (selector)}.
     *
     * @param labelValues the variable's query
     * @return the PromQL query
     * @throws IllegalArgumentException if the query is not {@code label_values(selector, label)}
     */
    static String asPromQl(String labelValues) {
        Matcher m = LABEL_VALUES.matcher(labelValues);
        if (!m.matches()) {
            throw new IllegalArgumentException("not label_values(selector, label): " + labelValues);
        }
        return "group by (" + m.group(2) + ") (" + m.group(1) + ")";
    }

    /**
     * Substitutes variables as Grafana does before it sends a query: each {@code $name} or
     * {@code ${name}} by its value.
     *
     * @param expr the query
     * @param values the value of every variable the query uses, Grafana's built-ins
     *     ({@code __rate_interval}, {@code __range}) included
     * @return the query Prometheus receives
     * @throws IllegalArgumentException if the query uses a variable without a value
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("variable " + m.group(1) + " has no value in " + values
                        + ", used in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The variable names a query uses.
     *
     * @param expr the query
     * @return the names, in order of use, repeated as used
     */
    static List<String> variablesIn(String expr) {
        List<String> out = new ArrayList<>();
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
