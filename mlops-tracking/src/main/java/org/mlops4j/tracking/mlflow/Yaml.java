package org.mlops4j.tracking.mlflow;

import java.util.Map;

/**
 * Writes the flat YAML mappings of MLflow's file store ({@code meta.yaml}): keys sorted as given,
 * strings single-quoted (so ids of digits stay strings), integers bare, {@code null} for absent
 * values, and an empty list as {@code []}.
 */
final class Yaml {

    private Yaml() {
    }

    static String mapping(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            out.append(e.getKey()).append(": ").append(scalar(e.getValue())).append('\n');
        }
        return out.toString();
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof java.util.List<?> list && list.isEmpty()) {
            return "[]";
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''").replace("\n", " ") + "'";
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as a YAML scalar");
    }
}
